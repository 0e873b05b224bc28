#include "walker.h"

#include <fnmatch.h>

#include <algorithm>
#include <set>
#include <system_error>
#include <unordered_set>
#include <utility>

#include "text.h"

namespace gazette {
namespace fs = std::filesystem;
namespace {

class Walker {
  public:
    Walker(const WalkRules& rules, Env& env, WalkResult& out)
        : rules_(rules), env_(env), out_(out) {
        for (const fs::path& r : rules.roots) roots_.insert(r.native());
        for (const fs::path& e : rules.excluded) {
            try {
                if (const FileInfo i = env_.file_info(e, false); i.type != FileInfo::Type::kMissing)
                    excluded_ids_.insert({i.device, i.inode});
            } catch (const std::system_error&) {
                // Not to be looked at, so not met by the walk either.
            }
        }
    }

    void root(const fs::path& root_path, const std::string& under) {
        if (!under.empty() && left_alone_on_the_way(root_path, under)) return;
        const fs::path root = under.empty() ? root_path : root_path / under;
        FileInfo info;
        try {
            info = env_.file_info(root, true);
            if (info.type != FileInfo::Type::kMissing) {
                if (const std::string fs = env_.special_file_system(root); !fs.empty()) {
                    out_.root_error =
                        "on the " + fs + " kernel file system, which holds no articles";
                    return;
                }
            }
        } catch (const std::system_error& e) {
            out_.root_error = e.code().message();
            return;
        }
        switch (info.type) {
            case FileInfo::Type::kMissing:
                out_.root_error = "no such file or folder";
                out_.root_missing = true;
                break;
            case FileInfo::Type::kRegular:
                // A root that is a file is taken as given; a file inside one as its walk would.
                if (under.empty())
                    out_.files.push_back({root, "", info});
                else
                    take(root, under, info);
                break;
            case FileInfo::Type::kDirectory:
                visited_.insert({info.device, info.inode});
                folder(root, under);
                break;
            default:
                out_.root_error = info.other + ", not a file or folder";
        }
    }

  private:
    enum class Left { kThere, kExpected, kGone };

    // Whether the walk of the whole root would leave the path at `under`
    // alone, or a folder on its way there (hidden, excluded, ...): skipped so.
    bool left_alone_on_the_way(const fs::path& root, const std::string& under) {
        fs::path path = root;
        std::string relative;
        for (const fs::path& part : fs::path(under)) {
            path /= part;
            if (!relative.empty()) relative += '/';
            relative += part.string();
            if (const std::string why = left_alone(path, relative); !why.empty()) {
                skip(path, relative, why, Left::kExpected);
                return true;
            }
        }
        return false;
    }

    void skip(const fs::path& path, const std::string& relative, std::string reason,
              Left left = Left::kThere) {
        out_.skipped.push_back({path.string(), relative, std::move(reason), left == Left::kExpected,
                                left == Left::kThere});
    }

    bool excluded(const fs::path& path) const {
        return std::any_of(rules_.excluded.begin(), rules_.excluded.end(),
                           [&](const fs::path& e) { return within(path, e); });
    }

    // A folder that can't be read whole is marked incomplete: its files keep
    // their articles, as nothing proves them gone.
    void folder(const fs::path& path, const std::string& relative) {
        std::vector<std::string> names;
        try {
            if (const std::string fs = env_.special_file_system(path); !fs.empty()) {
                skip(path, relative,
                     "on the " + fs + " kernel file system, which holds no articles");
                return;
            }
            names = env_.list_directory(path);
        } catch (const std::system_error& e) {
            out_.incomplete.push_back(relative);
            skip(path, relative, "cannot read this folder (" + e.code().message() + ")");
            return;
        }
        std::sort(names.begin(), names.end());
        if (is_database(names))
            return skip(path, relative, "a Xapian database, no articles", Left::kExpected);
        for (const std::string& name : names) {
            const std::string inner = relative.empty() ? name : relative + "/" + name;
            if (is_lock_of_database(path, name, names))
                skip(path / name, inner, "a Xapian database's lock file", Left::kExpected);
            else
                entry(path / name, inner);
        }
    }

    // A database inside a root (another index, or this one reached through a
    // link) would be read as articles that fail, on every run.
    static bool is_database(const std::vector<std::string>& names) {
        return std::any_of(names.begin(), names.end(), [](const std::string& n) {
            return n == "iamglass" || n == "iamhoney" || n == "iamchert";
        });
    }

    // Gazette locks a database DB with the file DB.lock beside it.
    bool is_lock_of_database(const fs::path& folder, const std::string& name,
                             const std::vector<std::string>& names) const {
        if (!name.ends_with(".lock")) return false;
        const std::string db = name.substr(0, name.size() - 5);
        if (!std::binary_search(names.begin(), names.end(), db)) return false;
        try {
            return env_.file_info(folder / db / "iamglass", false).type == FileInfo::Type::kRegular;
        } catch (const std::system_error&) {
            return false;
        }
    }

    // Files and folders the user's --exclude patterns leave out.
    std::string left_out(const std::string& relative) const {
        for (const std::string& pattern : rules_.exclude)
            if (glob_matches(pattern, relative)) return "excluded by --exclude " + pattern;
        return "";
    }

    // Takes a file, unless --include patterns are given and it matches none.
    // A file named as an image, a PDF and the like is left alone unless an
    // --include pattern asks for it.
    void take(const fs::path& path, const std::string& relative, const FileInfo& info) {
        if (rules_.include.empty()) {
            if (const std::string why = not_an_article(path.filename().string()); !why.empty())
                return skip(path, relative, why, Left::kExpected);
        } else if (std::none_of(rules_.include.begin(), rules_.include.end(),
                                [&](const std::string& p) { return glob_matches(p, relative); })) {
            return skip(path, relative, "not matched by any --include", Left::kExpected);
        }
        out_.files.push_back({path, relative, info});
    }

    // Why a file or folder is left alone by design or by the user's choice, or "".
    std::string left_alone(const fs::path& path, const std::string& relative) const {
        if (excluded(path)) return "the database's own files";
        if (std::string why = hidden_or_backup(path.filename().string()); !why.empty()) return why;
        return left_out(relative);
    }

    void entry(const fs::path& path, const std::string& relative) {
        if (const std::string why = left_alone(path, relative); !why.empty())
            return skip(path, relative, why, Left::kExpected);
        if (roots_.count(path.native()))
            return skip(path, relative, "a root of its own, indexed under its own name",
                        Left::kExpected);
        FileInfo info;
        try {
            info = env_.file_info(path, false);
        } catch (const std::system_error& e) {
            out_.incomplete.push_back(relative);
            return skip(path, relative, e.code().message());
        }
        // The database's own files reached by another path (through a link).
        if (excluded_ids_.count({info.device, info.inode}))
            return skip(path, relative, "the database's own files", Left::kExpected);
        switch (info.type) {
            case FileInfo::Type::kMissing:  // gone since the folder was listed
                return;
            case FileInfo::Type::kRegular:
                return take(path, relative, info);
            case FileInfo::Type::kDirectory:
                if (visited_.insert({info.device, info.inode}).second) folder(path, relative);
                return;
            case FileInfo::Type::kSymlink:
                return link(path, relative);
            default:
                return skip(path, relative, info.other + ", not a regular file");
        }
    }

    // Links are followed to regular files inside the roots (a link leading out
    // could publish any file on the machine), and not to folders (they could
    // loop, or bring a file in twice), unless every link is to be followed.
    void link(const fs::path& path, const std::string& relative) {
        fs::path target;
        FileInfo info;
        try {
            target = env_.canonical(path);
            info = env_.file_info(target, true);
        } catch (const std::system_error& e) {
            const bool dangling = e.code() == std::errc::no_such_file_or_directory;
            if (dangling) return skip(path, relative, "a dangling link", Left::kGone);
            return skip(path, relative, "a link: " + e.code().message());
        }
        const bool inside = std::any_of(rules_.roots.begin(), rules_.roots.end(),
                                        [&](const fs::path& r) { return within(target, r); });
        if (excluded(target))
            return skip(path, relative, "a link to the database's own files", Left::kExpected);
        if (info.type == FileInfo::Type::kDirectory) {
            if (!rules_.follow_symlinks)
                return skip(path, relative,
                            "a link to a folder (not followed; --follow-symlinks follows it)");
            if (visited_.insert({info.device, info.inode}).second) folder(path, relative);
            return;
        }
        if (info.type != FileInfo::Type::kRegular)
            return skip(path, relative, "a link to " + info.other + ", not a regular file");
        if (!inside && !rules_.follow_symlinks)
            return skip(path, relative,
                        "a link leading out of the indexed folders to " + target.string() +
                            " (not followed; --follow-symlinks follows it)");
        take(path, relative, info);
    }

    const WalkRules& rules_;
    Env& env_;
    WalkResult& out_;
    std::unordered_set<std::string> roots_;            // every root's path, met in a walk in O(1)
    std::set<std::pair<uint64_t, uint64_t>> visited_;  // folders entered: (device, inode)
    std::set<std::pair<uint64_t, uint64_t>> excluded_ids_;  // of rules.excluded
};

}  // namespace

std::string hidden_or_backup(const std::string& name) {
    if (name.starts_with('.')) return "hidden";
    if (name.starts_with('#') || name.ends_with('~') || name.ends_with(".bak") ||
        name.ends_with(".swp") || name.ends_with(".tmp"))
        return "an editor backup or temporary file";
    return "";
}

std::string not_an_article(const std::string& name) {
    // Formats found beside articles (a saved page's images, scripts and
    // fonts; photos, recordings and documents in a newsroom's folders) that
    // hold no text Gazette reads: reading them would only fail, on every run.
    static const std::set<std::string> kNotRead = {
        "jpg",   "jpeg", "png",  "gif", "bmp",  "tif",  "tiff", "webp", "avif", "heic", "ico",
        "svg",   "psd",  "mp3",  "wav", "ogg",  "flac", "m4a",  "aac",  "opus", "wma",  "mp4",
        "m4v",   "mov",  "avi",  "mkv", "webm", "wmv",  "flv",  "mpg",  "mpeg", "woff", "woff2",
        "ttf",   "otf",  "eot",  "css", "js",   "mjs",  "map",  "pdf",  "doc",  "docx", "xls",
        "xlsx",  "ppt",  "pptx", "odt", "ods",  "odp",  "epub", "exe",  "dll",  "so",   "o",
        "class", "jar",  "pyc",  "7z",  "rar",  "iso",  "dmg"};
    const size_t dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0) return "";
    const std::string extension = to_lower_ascii(std::string_view(name).substr(dot + 1));
    if (!kNotRead.count(extension)) return "";
    return "a ." + extension +
           " file: images, sound, video, fonts, scripts, PDFs and office documents are not read";
}

bool glob_matches(const std::string& pattern, const std::string& relative) {
    const bool whole_path = pattern.find('/') != std::string::npos;
    const std::string subject = whole_path ? relative : relative.substr(relative.rfind('/') + 1);
    return ::fnmatch(pattern.c_str(), subject.c_str(), FNM_PATHNAME) == 0;
}

bool within(const fs::path& inner, const fs::path& outer) {
    auto o = outer.begin();
    for (auto i = inner.begin(); o != outer.end(); ++o, ++i)
        if (i == inner.end() || *i != *o) return false;
    return true;
}

WalkResult walk(const fs::path& root, const WalkRules& rules, Env& env, const std::string& under) {
    WalkResult out;
    Walker(rules, env, out).root(root, under);
    std::sort(out.files.begin(), out.files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.relative < b.relative; });
    return out;
}

}  // namespace gazette
