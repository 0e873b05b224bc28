// The roots a database mirrors: the files and folders it was built from,
// recorded in the database so that every run knows them. A run given some
// roots touches only their articles; a run given none re-indexes them all.
//
// Ids. Every root has a name, unique in its database and free of '/': the
// last component of its path, or, when another root has that name already,
// the shortest tail of its path (components joined by '-') that is free. A
// file's key is the root's name, '/', and its path inside the root (a root that
// is a file: just the name). An article's id is its file's key, followed, for
// files that hold a list of articles (JSONL, JSON arrays, Reuters SGML), by '#'
// and the article's own id in the file, or its position there (ListedIds in
// format.h). So ids are unique across roots and files by construction, and
// the same on every run.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gazette {

struct Root {
    std::string name;
    std::filesystem::path path;  // absolute, canonical
};

// The key of the file at `relative` inside root ("" for a root that is a file).
std::string file_key(const Root& root, std::string_view relative);
// Whether a file key is that of `relative` inside the root, or of a file under it.
bool lies_in(const Root& root, std::string_view relative, std::string_view key);
// Whether a file key belongs to the root.
bool holds(const Root& root, std::string_view key);

// What a run walks of a root: all of it, or, for a path given inside it
// (a folder just filled, one new file), only what lies at `under`.
struct RootPart {
    Root root;
    std::string under;  // the path inside the root, '/'-separated; "" for all of it

    // Whether a file key lies in this part.
    bool holds(std::string_view key) const;
    // Whether all of `other` lies in this part.
    bool covers(const RootPart& other) const;
};

// Thrown when a path can't become a root: it overlaps one.
struct RootError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class RootSet {
  public:
    // From the database's metadata entries (key, value) of recorded roots.
    static RootSet from_metadata(const std::vector<std::pair<std::string, std::string>>& entries);

    const std::vector<Root>& roots() const { return roots_; }
    // By name; by canonical path.
    const Root* find_name(std::string_view name) const;
    const Root* find_path(const std::filesystem::path& canonical) const;

    // The recorded root a canonical path lies inside (not the root itself), if
    // any; of roots inside roots, the innermost.
    const Root* holding(const std::filesystem::path& canonical) const;

    // The root of a canonical path: the recorded one, else a new one, named
    // as above. Throws RootError when the path lies inside a root. A folder
    // may hold roots: they stay roots of their own (walks leave them alone).
    Root add(const std::filesystem::path& canonical);
    // The root `name`, its folder moved to `canonical`: it keeps its name, so
    // its articles keep their ids. Throws RootError as add() does.
    Root move(const std::string& name, const std::filesystem::path& canonical);
    void remove(const std::string& name);

    // Metadata entries recording every root, and erasing those removed.
    std::vector<std::pair<std::string, std::string>> metadata() const;

  private:
    std::string free_name(const std::filesystem::path& path) const;
    // Throws RootError when the path lies inside a root other than `except`.
    void check_free(const std::filesystem::path& canonical, std::string_view except) const;

    std::vector<Root> roots_;
    std::vector<std::string> removed_;
};

}  // namespace gazette
