// A model-based randomized test of the mirror, in the spirit of Lucene's
// randomized tests and Jepsen's checkers. A seeded generator changes files
// across three roots at random (add, edit, edit keeping size and mtime,
// break, delete, rename, move between roots, a folder moved away and back,
// the same source ids in several files, links inside and out of the roots, a
// folder that can't be read, a root that goes missing, a root that moves for
// good, which a run follows when all its files came along), then runs the
// indexer (in-process or the real binary, sometimes killed with SIGKILL) on a
// random subset of the roots with random --rebuild, --shards, --compact,
// --forget and --allow-mass-delete. After every run the database is compared
// with a model computed from the files alone: the same ids, the same
// headlines, the same file records (and which are held back from deletion),
// nothing extra, nothing missing, and the exit code the rules predict.
//
// GAZETTE_MIRROR_SEED replays a run (the seed is printed with every failure);
// GAZETTE_MIRROR_STEPS sets its length (scripts/soak runs a long one).
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <xapian.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "archive_support.h"
#include "crash_support.h"
#include "indexer.h"
#include "manifest.h"
#include "temp_dir.h"
#include "test_support.h"

using namespace gazette;
using namespace gazette::test;
namespace fs = std::filesystem;

namespace {

struct ModelArticle {
    std::string id, headline;
    bool operator==(const ModelArticle&) const = default;
};
using Articles = std::vector<ModelArticle>;  // of one file, in id order

unsigned env_number(const char* name, unsigned fallback) {
    const char* value = std::getenv(name);
    return value && *value ? static_cast<unsigned>(std::strtoul(value, nullptr, 10)) : fallback;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// A tar's members (ustar: a 512-byte header with the name and the octal
// size, then the data in 512-byte blocks), each an article `key!name`.
Articles tar_articles(const std::string& key, const std::string& tar) {
    Articles out;
    for (size_t at = 0; at + 512 <= tar.size() && tar[at] != '\0';) {
        const std::string header = tar.substr(at, 512);
        const std::string name = header.substr(0, std::min<size_t>(100, header.find('\0')));
        const size_t size = std::stoul(header.substr(124, 12), nullptr, 8);
        const std::string data = tar.substr(at + 512, size);
        out.push_back({key + "!" + name, data.substr(0, data.find('\n'))});
        at += 512 + (size + 511) / 512 * 512;
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
}

// The test's own reading of the formats it writes, independent of Gazette's
// parsers: a text file is "headline, blank line, body"; a JSONL line is
// {"id": ..., "headline": ..., "body": ...}; a tar holds text files. Nothing:
// the file is bad (empty), and Gazette must fail it.
std::optional<Articles> articles_of(const std::string& key, const std::string& content) {
    if (content.empty()) return std::nullopt;
    if (key.ends_with(".tar")) return tar_articles(key, content);
    if (!key.ends_with(".jsonl")) return Articles{{key, content.substr(0, content.find('\n'))}};
    std::map<std::string, std::string> by_id;  // the last line of an id wins
    std::istringstream lines(content);
    for (std::string line; std::getline(lines, line);) {
        auto field = [&](const std::string& name) {
            const size_t start = line.find("\"" + name + "\": \"") + name.size() + 5;
            return line.substr(start, line.find('"', start) - start);
        };
        by_id[key + "#" + field("id")] = field("headline");
    }
    Articles out;
    for (const auto& [id, headline] : by_id) out.push_back({id, headline});
    return out;
}

// A file record as the test reads it back.
struct Recorded {
    size_t articles = 0;
    bool held = false;
    bool operator==(const Recorded&) const = default;
};

// What the database should hold: its roots and, per file key, the articles.
struct Model {
    std::vector<std::pair<std::string, fs::path>> roots;  // in the order recorded
    std::map<std::string, Articles> files;
    std::map<std::string, uint64_t> hashes;  // of the files' bytes when last read
    std::set<std::string> held;              // files gone whose deletion a run held back

    const std::string* name_of(const fs::path& path) const {
        for (const auto& [name, p] : roots)
            if (p == path) return &name;
        return nullptr;
    }
    bool name_taken(const std::string& name) const {
        return std::any_of(roots.begin(), roots.end(),
                           [&](const auto& r) { return r.first == name; });
    }
    // The naming rule of indexer/roots.h: the last component, else the
    // shortest free tail joined by '-'.
    std::string add(const fs::path& path) {
        if (const std::string* name = name_of(path)) return *name;
        std::vector<std::string> parts;
        for (const auto& part : path.relative_path()) parts.push_back(part.string());
        std::string name;
        for (auto part = parts.rbegin(); part != parts.rend(); ++part) {
            name = name.empty() ? *part : *part + "-" + name;
            if (!name_taken(name)) break;
        }
        roots.emplace_back(name, path);
        return name;
    }
    static bool holds(const std::string& name, const std::string& key) {
        return key.starts_with(name) && (key.size() == name.size() || key[name.size()] == '/');
    }
    std::map<std::string, std::string> expected() const {
        std::map<std::string, std::string> out;
        for (const auto& [key, articles] : files)
            for (const auto& a : articles) out[a.id] = a.headline;
        return out;
    }
};

// What one run is asked to do.
struct RunSpec {
    std::vector<fs::path> paths;  // none: every recorded root
    bool rebuild = false, allow_mass_delete = false;
    unsigned shards = 0;            // 0: as it is
    std::string maintenance;        // "", "compact" or "forget"
    std::string forget;             // the root's name
    std::set<fs::path> unreadable;  // folders that fail to list (in-process runs only)
    bool kill = false;              // the real binary, killed at a random moment
    bool in_process = false;

    std::string describe() const {
        std::string out = maintenance.empty() ? "index" : maintenance + " " + forget;
        for (const auto& p : paths) out += " " + p.filename().string();
        if (rebuild) out += " --rebuild";
        if (allow_mass_delete) out += " --allow-mass-delete";
        if (shards) out += " --shards " + std::to_string(shards);
        for (const auto& u : unreadable) out += " [unreadable " + u.filename().string() + "]";
        if (kill) out += " [killed]";
        if (in_process) out += " [in-process]";
        return out;
    }
};

// Refuses to list the folders named, as a folder without read permission
// does (root bypasses permissions, so the tests inject it).
struct UnreadableEnv : Env {
    std::set<fs::path> folders;
    std::vector<std::string> list_directory(const fs::path& folder) override {
        if (folders.count(folder))
            throw std::system_error(EACCES, std::generic_category(), folder.string());
        return Env::list_directory(folder);
    }
};

struct Quiet : IndexObserver {
    void warning(const std::string&) override {}
};

class MirrorTest {
  public:
    explicit MirrorTest(unsigned seed) : seed_(seed), rng_(seed) {
        base_ = fs::canonical(dir_.path);
        db_ = base_ / "db";
        roots_ = {base_ / "alpha", base_ / "one" / "news", base_ / "two" / "news"};
        for (const auto& r : roots_) fs::create_directories(r);
        fs::create_directories(base_ / "outside");
        fs::create_directories(base_ / "stash");
        write(base_ / "outside" / "secret.txt", "Secret outside\n\nNever to be indexed.\n");
    }

    // False once the database has diverged from the model.
    bool step(unsigned n) {
        for (int ops = 1 + static_cast<int>(pick(3)); ops > 0; --ops) change_files();
        const RunSpec spec = choose_run();
        history_.push_back(std::to_string(n) + ": " + spec.describe());
        bool ok = true;
        BOOST_TEST_CONTEXT("seed " << seed_ << ", step " << n << " (" << spec.describe()
                                   << "); the last runs:\n"
                                   << recent_history()) {
            ok = execute(spec);
        }
        restore_missing_roots();
        return ok;
    }

  private:
    size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
    bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

    std::string recent_history() const {
        std::string out;
        for (size_t i = history_.size() > 8 ? history_.size() - 8 : 0; i < history_.size(); ++i)
            out += "  " + history_[i] + "\n";
        return out;
    }

    static void write(const fs::path& p, const std::string& content) {
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
    }

    // ---- The files.

    static void link(const fs::path& target, const fs::path& at) {
        fs::create_directories(at.parent_path());
        fs::create_symlink(target, at);
    }

    std::string headline() { return fmt::format("Story {:06}", ++counter_); }

    std::string text_file() { return headline() + "\n\nThe council met about the harbor.\n"; }

    std::string jsonl_file(size_t lines) {
        std::string out;
        for (size_t i = 0; i < lines; ++i)  // ids from a small pool: files share them
            out += fmt::format(R"({{"id": "n{}", "headline": "{}", "body": "Tram news."}})",
                               pick(6), headline()) +
                   "\n";
        return out;
    }

    std::string tar_file(size_t members) {
        Members files;
        for (size_t i = 0; i < members; ++i)
            files.emplace_back(fmt::format("m{}/s{}.txt", pick(2), i), text_file());
        return make_archive("tar", files);
    }

    // Regular files and links in the roots that are there now.
    std::vector<fs::path> entries() const {
        std::vector<fs::path> out;
        for (const auto& root : roots_) {
            if (!fs::exists(root)) continue;
            for (auto it = fs::recursive_directory_iterator(root);
                 it != fs::recursive_directory_iterator(); ++it)
                if (it->is_symlink() || it->is_regular_file()) out.push_back(it->path());
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    fs::path new_path(const char* extension) {
        static const char* const kFolders[] = {"", "news/", "sport/", "sport/deep/"};
        const fs::path& root = roots_[pick(roots_.size())];
        return root / fmt::format("{}f{}{}", kFolders[pick(4)], ++names_, extension);
    }

    void change_files() {
        std::vector<fs::path> files = entries();
        const size_t op = files.empty() ? 0 : pick(12);
        const fs::path victim = files.empty() ? fs::path() : files[pick(files.size())];
        const bool regular = !victim.empty() && !fs::is_symlink(victim);
        switch (op) {
            case 0:
            case 1:
                return write(new_path(".txt"), text_file());
            case 2:
                if (chance(0.3)) return write(new_path(".tar"), tar_file(1 + pick(3)));
                return write(new_path(".jsonl"), jsonl_file(1 + pick(4)));
            case 3:  // an edit
                if (regular)
                    write(victim, victim.extension() == ".jsonl" ? jsonl_file(1 + pick(3))
                                  : victim.extension() == ".tar" ? tar_file(1 + pick(3))
                                                                 : text_file());
                return;
            case 4:  // an edit that keeps size and mtime (touch -r, some sync tools)
                if (regular) {
                    struct stat st;
                    stat(victim.c_str(), &st);
                    std::string content = slurp(victim);
                    for (size_t at = 0; (at = content.find("Story ", at)) != std::string::npos;
                         at += 12)
                        content.replace(at + 6, 6, fmt::format("{:06}", ++counter_ % 1000000));
                    write(victim, content);
                    const timespec times[2] = {st.st_atim, st.st_mtim};
                    utimensat(AT_FDCWD, victim.c_str(), times, AT_SYMLINK_NOFOLLOW);
                }
                return;
            case 5:  // broken: a bad file keeps its earlier articles
                if (regular && chance(0.5)) write(victim, "");
                return;
            case 6:
                if (!victim.empty()) fs::remove(victim);
                return;
            case 7:  // renamed within its root, or moved to another
                if (regular) {
                    const fs::path to = new_path(victim.extension().string().c_str());
                    fs::create_directories(to.parent_path());
                    fs::rename(victim, to);
                }
                return;
            case 8:  // a link to a file in some root (a tar is read as one by its name)
                if (regular) link(victim, new_path(victim.extension() == ".tar" ? ".tar" : ".txt"));
                return;
            case 9:  // a link leading out of the roots: new, or where a file was moved away
                if (regular && chance(0.5)) {
                    const fs::path away =
                        base_ / "outside" /
                        fmt::format("m{}{}", ++names_, victim.extension().string());
                    fs::rename(victim, away);
                    return link(away, victim);
                }
                link(base_ / "outside" / "secret.txt", new_path(".txt"));
                return;
            case 10:
                return move_folder();
            case 11:
                if (chance(0.2)) move_root();
                return;
        }
    }

    // A root's folder moves or is renamed: the old path is gone, and the
    // runs given roots name the new one from now on (a run may follow it).
    void move_root() {
        fs::path& root = roots_[pick(roots_.size())];
        if (!fs::exists(root)) return;
        const fs::path to = base_ / fmt::format("moved{}", ++names_) / root.filename();
        fs::create_directories(to.parent_path());
        fs::rename(root, to);
        root = to;
    }

    // Someone tidying up: a folder leaves its root with all its files (often
    // most of the root's articles), and a later step brings them back.
    void move_folder() {
        const fs::path away = base_ / "away";
        if (moved_from_) {
            for (const auto& entry : fs::directory_iterator(away)) {
                const fs::path to = *moved_from_ / entry.path().filename();
                fs::create_directories(to.parent_path());
                if (!fs::exists(fs::symlink_status(to))) fs::rename(entry.path(), to);
            }
            fs::remove_all(away);
            moved_from_.reset();
            return;
        }
        const fs::path folder = roots_[pick(roots_.size())] / (chance(0.5) ? "news" : "sport");
        if (!fs::is_directory(folder)) return;
        fs::rename(folder, away);
        moved_from_ = folder;
    }

    // ---- The runs.

    RunSpec choose_run() {
        RunSpec spec;
        const size_t kind = pick(20);
        if (kind == 0 && !model_.roots.empty()) {
            spec.maintenance = "forget";
            spec.forget = model_.roots[pick(model_.roots.size())].first;
            return spec;
        }
        if (kind == 1) {
            spec.maintenance = "compact";
            return spec;
        }
        if (chance(0.6))
            for (const auto& r : roots_)
                if (chance(0.5)) spec.paths.push_back(r);
        if (spec.paths.empty() && model_.roots.empty()) spec.paths.push_back(roots_[pick(3)]);
        spec.rebuild = chance(0.1);
        spec.allow_mass_delete = chance(0.3);
        if (chance(0.1)) spec.shards = chance(0.5) ? 1 : 2 + static_cast<unsigned>(pick(3));
        if (chance(0.1)) {  // a root goes missing for this run
            const fs::path& root = roots_[pick(roots_.size())];
            if (fs::exists(root)) fs::rename(root, base_ / "stash" / root.parent_path().filename());
            missing_.push_back(root);
        }
        if (chance(0.15)) {
            const fs::path& root = roots_[pick(roots_.size())];
            spec.unreadable.insert(chance(0.3) ? root : root / "sport");
        }
        spec.in_process = !spec.unreadable.empty() || chance(0.4);
        spec.kill = !spec.in_process && chance(0.25);
        return spec;
    }

    void restore_missing_roots() {
        for (const fs::path& root : missing_) {
            const fs::path stashed = base_ / "stash" / root.parent_path().filename();
            if (fs::exists(stashed)) fs::rename(stashed, root);
        }
        missing_.clear();
    }

    std::vector<std::string> args(const RunSpec& spec) const {
        std::vector<std::string> a = {bin("gazette-index"), "-q", "-j", "2", "--db", db_.string()};
        if (spec.maintenance == "compact") a.push_back("--compact");
        if (spec.maintenance == "forget") a.insert(a.end(), {"--forget", spec.forget});
        if (spec.rebuild) a.push_back("--rebuild");
        if (spec.allow_mass_delete) a.push_back("--allow-mass-delete");
        if (spec.shards) a.insert(a.end(), {"--shards", std::to_string(spec.shards)});
        for (const auto& p : spec.paths) a.push_back(p.string());
        return a;
    }

    int run_in_process(const RunSpec& spec) {
        UnreadableEnv env;
        env.folders = spec.unreadable;
        Quiet quiet;
        try {
            if (spec.maintenance == "compact") {
                compact_database(db_.string(), false, env, quiet);
                return 0;
            }
            if (spec.maintenance == "forget") {
                forget_roots(db_.string(), {spec.forget}, false, env, quiet);
                return 0;
            }
            IndexOptions o;
            o.database = db_.string();
            o.roots = spec.paths;
            o.threads = 2;
            o.rebuild = spec.rebuild;
            o.allow_mass_delete = spec.allow_mass_delete;
            o.shards = spec.shards;
            return index_files(o, env, quiet).partial() ? 1 : 0;
        } catch (const IndexError&) {
            return 2;
        }
    }

    // Runs the real binary and kills it after a random while, unless it
    // finished first (waiting on its pidfd, never sleeping).
    void run_killed(const RunSpec& spec) {
        const pid_t pid = spawn(args(spec), (base_ / "killed.log").string());
        const int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
        BOOST_REQUIRE(fd >= 0);
        pollfd p{fd, POLLIN, 0};
        ++kills_;
        // A moment within about the time the last whole run took.
        const auto wait_ms = static_cast<int>(pick(static_cast<size_t>(last_run_ms_ * 1.2) + 1));
        if (poll(&p, 1, wait_ms) == 0) {
            kill(pid, SIGKILL);
            ++kills_landed_;
        }
        close(fd);
        wait_for(pid);
        recorded_after_kill_ = check_consistent_after_kill();
        // Whether the killed run got as far as marking files held back (or
        // no longer held back) only the database can say.
        model_.held.clear();
        for (const auto& [key, record] : *recorded_after_kill_)
            if (record.held) model_.held.insert(key);
    }

    bool execute(const RunSpec& spec) {
        if (spec.kill) run_killed(spec);  // then the same run again, to the end
        const int predicted = predict(spec);
        recorded_after_kill_.reset();
        fs::remove(base_ / "run.log");
        const auto start = Clock::now();
        const int status = spec.in_process
                               ? run_in_process(spec)
                               : wait_for(spawn(args(spec), (base_ / "run.log").string()));
        if (!spec.in_process) last_run_ms_ = seconds_since(start) * 1000;
        // After a kill the database may be anywhere between before and after
        // (a killed run may have finished all but its exit): the run again
        // must end where the model says, but whether it still has problems
        // to report (a root emptied, deletions held back) depends on how far
        // the killed one got. Only success against failure is predicted then.
        const bool as_predicted =
            spec.kill ? (status == 2) == (predicted == 2) : status == predicted;
        BOOST_TEST(as_predicted, "exit " << status << ", predicted " << predicted << "; "
                                         << slurp(base_ / "run.log"));
        ++exits_[status];
        return compare() && as_predicted;
    }

  public:
    // What the run exercised, so that a pass can be seen to mean something.
    std::string summary() const {
        return fmt::format(
            "exit codes 0/1/2: {}/{}/{}; {} killed ({} before the end); {} moved roots "
            "followed; {} articles in the model at the end",
            exits_.count(0) ? exits_.at(0) : 0, exits_.count(1) ? exits_.at(1) : 0,
            exits_.count(2) ? exits_.at(2) : 0, kills_, kills_landed_, moves_followed_,
            model_.expected().size());
    }

  private:
    // ---- The model: what the rules say the run must leave, from the files alone.

    // Every file a walk of the root finds now: key -> its articles (nothing:
    // a bad file). Folders listed in `unreadable` are not entered. Links
    // leading out of the roots are there but not read: into `not_read`.
    std::map<std::string, std::optional<Articles>> scan(const std::string& name,
                                                        const fs::path& root,
                                                        const std::set<fs::path>& unreadable,
                                                        std::set<std::string>& not_read) {
        std::map<std::string, std::optional<Articles>> out;
        for (auto it = fs::recursive_directory_iterator(root);
             it != fs::recursive_directory_iterator(); ++it) {
            if (it->is_directory() && unreadable.count(it->path())) {
                it.disable_recursion_pending();
                continue;
            }
            if (it->is_directory()) continue;
            const std::string key = name + "/" + it->path().lexically_relative(root).string();
            fs::path file = it->path();
            if (it->is_symlink()) {
                std::error_code ec;
                file = fs::canonical(file, ec);
                if (ec || !fs::is_regular_file(file)) continue;  // dangling: gone
                if (!inside_roots(file)) {
                    not_read.insert(key);
                    continue;
                }
            }
            const std::string bytes = slurp(file);
            out[key] = articles_of(key, bytes);
            scanned_hashes_[key] = content_hash(bytes);
        }
        return out;
    }

    bool inside_roots(const fs::path& file) const {
        return std::any_of(model_.roots.begin(), model_.roots.end(), [&](const auto& r) {
            return file.string().starts_with(r.second.string() + "/");
        });
    }

    // Applies the spec to the model and says which exit code it must give.
    int predict(const RunSpec& spec) {
        if (spec.maintenance == "compact") return fs::exists(db_) ? 0 : 2;
        if (spec.maintenance == "forget") {
            forget(spec.forget);
            return 0;
        }
        const Model before = model_;
        bool partial = false;
        std::vector<std::string> walk;
        for (const fs::path& p : spec.paths) {
            if (fs::exists(p)) {
                walk.push_back(model_.name_of(p) ? *model_.name_of(p) : follow_or_add(p, spec));
            } else if (const std::string* name = model_.name_of(p)) {
                walk.push_back(*name);
            } else {
                partial = true;  // named and skipped
            }
        }
        if (spec.paths.empty())
            for (const auto& [name, path] : model_.roots) walk.push_back(name);
        if (walk.empty()) return 2;
        size_t failed_roots = 0;
        for (const std::string& name : walk)
            if (!predict_root(name, spec, partial)) ++failed_roots;
        if (failed_roots == walk.size()) {
            model_ = before;  // nothing could be indexed: nothing changes
            return 2;
        }
        return partial ? 1 : 0;
    }

    // A new path where a root that is gone moved, every file of it there at
    // the same place, with the same bytes (held-back files aside), takes that
    // root's place under its name (indexer.h); a root given this run is not
    // looked for. Otherwise the path becomes a new root.
    std::string follow_or_add(const fs::path& path, const RunSpec& spec) {
        auto roots = model_.roots;
        std::sort(roots.begin(), roots.end());  // the database lists roots by name
        for (const auto& [name, was] : roots) {
            if (fs::exists(was) ||
                std::find(spec.paths.begin(), spec.paths.end(), was) != spec.paths.end())
                continue;
            size_t files = 0;
            bool all = true;
            for (const auto& [key, articles] : model_.files) {
                if (!Model::holds(name, key) || model_.held.count(key)) continue;
                const fs::path there = path / key.substr(name.size() + 1);
                std::error_code ec;
                const fs::path file = fs::canonical(there, ec);
                all = all && !ec && fs::is_regular_file(file) &&
                      content_hash(slurp(file)) == model_.hashes.at(key);
                ++files;
            }
            if (all && files > 0) {
                for (auto& root : model_.roots)
                    if (root.first == name) root.second = path;
                ++moves_followed_;
                return name;
            }
        }
        return model_.add(path);
    }

    void forget(const std::string& name) {
        std::erase_if(model_.files, [&](const auto& f) { return Model::holds(name, f.first); });
        std::erase_if(model_.held, [&](const auto& key) { return Model::holds(name, key); });
        std::erase_if(model_.roots, [&](const auto& r) { return r.first == name; });
    }

    // False when the root can't be walked at all.
    bool predict_root(const std::string& name, const RunSpec& spec, bool& partial) {
        const fs::path root = std::find_if(model_.roots.begin(), model_.roots.end(), [&](auto& r) {
                                  return r.first == name;
                              })->second;
        if (!fs::exists(root) || spec.unreadable.count(root)) {
            partial = true;
            return false;
        }
        std::set<std::string> not_read;
        const auto found = scan(name, root, spec.unreadable, not_read);
        std::set<std::string> unread;  // keys of unreadable folders inside this root
        for (const fs::path& u : spec.unreadable)
            if (u.string().starts_with(root.string() + "/") && fs::is_directory(u)) {
                unread.insert(name + "/" + u.lexically_relative(root).string() + "/");
                partial = true;
            }
        // The rule weighs what the database records when the run starts: the
        // model's files, or after a kill what the killed run left recorded (it
        // may have added files, or deleted gone ones, already).
        std::map<std::string, size_t> start;
        if (recorded_after_kill_)
            for (const auto& [key, record] : *recorded_after_kill_) start[key] = record.articles;
        else
            for (const auto& [key, articles] : model_.files) start[key] = articles.size();
        size_t holding = 0;
        for (const auto& [key, n] : start)
            if (Model::holds(name, key)) holding += n;
        std::vector<std::string> gone;
        size_t losing = 0;
        for (const auto& [key, articles] : model_.files) {
            if (!Model::holds(name, key) || found.count(key)) continue;
            if (std::any_of(unread.begin(), unread.end(),
                            [&](const std::string& u) { return key.starts_with(u); }))
                continue;               // kept: nothing proves it gone
            if (not_read.count(key)) {  // a link out where a file was: still there
                partial = true;
                continue;
            }
            gone.push_back(key);
            if (start.count(key)) losing += start.at(key);
        }
        // Gone files the killed run already deleted stay deleted.
        std::erase_if(gone, [&](const std::string& key) {
            if (start.count(key)) return false;
            model_.files.erase(key);
            return true;
        });
        if (found.empty() && holding == 0) partial = true;  // a root with nothing to index
        for (const auto& [key, articles] : found) model_.held.erase(key);  // back again
        // More than half of the root's articles gone, or all of them: every
        // gone file is held back, and stays so on later runs until told.
        // Otherwise the gone files go, but for those held back before.
        const bool mass = !gone.empty() && (found.empty() || 2 * losing > holding);
        for (const std::string& key : gone) {
            if (spec.allow_mass_delete || (!mass && !model_.held.count(key))) {
                model_.files.erase(key);
                model_.held.erase(key);
            } else {
                model_.held.insert(key);
                partial = true;
            }
        }
        for (const auto& [key, articles] : found) {
            if (articles) {
                model_.files[key] = *articles;
                model_.hashes[key] = scanned_hashes_.at(key);
            } else {
                partial = true;  // a bad file: it keeps what it had
            }
        }
        return true;
    }

    // ---- The checks.

    bool compare() {
        const auto want = model_.expected();
        if (!fs::exists(db_)) {
            BOOST_TEST(want.empty(), "no database, but the model holds " << want.size());
            return want.empty();
        }
        Xapian::Database db(db_.string());
        const StoredCodec codec(db.get_metadata(schema::kDictionaryKey));
        std::map<std::string, std::string> got;
        const std::string prefix(schema::kId);
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
            BOOST_TEST(t.get_termfreq() == 1u, "two articles with the id term " << *t);
            const Article a = codec.decode(db.get_document(*db.postlist_begin(*t)).get_data());
            got[a.id] = a.headline;
        }
        BOOST_TEST(db.get_doccount() == got.size());
        std::string missing, extra, wrong;
        for (const auto& [id, headline] : want) {
            const auto it = got.find(id);
            if (it == got.end())
                missing += " " + id;
            else if (it->second != headline)
                wrong += " " + id + " (" + it->second + " instead of " + headline + ")";
        }
        for (const auto& [id, headline] : got)
            if (!want.count(id)) extra += " " + id;
        BOOST_TEST(missing.empty(), "missing:" << missing);
        BOOST_TEST(extra.empty(), "extra:" << extra);
        BOOST_TEST(wrong.empty(), "wrong headline:" << wrong);

        const std::map<std::string, Recorded> records = records_of(db);
        std::map<std::string, Recorded> expected_records;
        for (const auto& [key, articles] : model_.files)
            expected_records[key] = {articles.size(), model_.held.count(key) > 0};
        std::string differ;
        for (const auto& [key, want] : expected_records)
            if (!records.count(key) || !(records.at(key) == want))
                differ += fmt::format(" {} ({} articles{} in the model)", key, want.articles,
                                      want.held ? ", held" : "");
        for (const auto& [key, record] : records)
            if (!expected_records.count(key)) differ += fmt::format(" {} (not in the model)", key);
        BOOST_TEST(differ.empty(), "file records differ from the model:" << differ);
        return missing.empty() && extra.empty() && wrong.empty() && records == expected_records &&
               db.get_doccount() == got.size();
    }

    // The database's file records: key -> what it records.
    static std::map<std::string, Recorded> records_of(const Xapian::Database& db) {
        std::map<std::string, Recorded> out;
        const std::string keys(schema::kFileKeyPrefix);
        for (auto k = db.metadata_keys_begin(keys); k != db.metadata_keys_end(keys); ++k)
            if (const auto r = decode_record(db.get_metadata(*k)))
                out[r->key] = {r->articles, r->held};
        return out;
    }

    // After a kill: the database opens, holds no article twice, and its
    // records account for every article. Returns the records.
    std::map<std::string, Recorded> check_consistent_after_kill() {
        if (!fs::exists(db_)) return {};
        Xapian::Database db(db_.string());
        const std::map<std::string, Recorded> records = records_of(db);
        size_t recorded = 0;
        for (const auto& [key, record] : records) recorded += record.articles;
        const std::string prefix(schema::kId);
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
            BOOST_TEST(t.get_termfreq() == 1u, "after a kill, two articles with " << *t);
        // A killed update may have committed a file's new articles before its
        // record: more articles than records say, never fewer.
        BOOST_TEST(db.get_doccount() >= recorded);
        return records;
    }

    const unsigned seed_;
    std::mt19937 rng_;
    TempDir dir_;
    fs::path base_, db_;
    std::vector<fs::path> roots_;
    std::vector<fs::path> missing_;
    std::map<std::string, uint64_t> scanned_hashes_;  // by scan(): key -> the bytes' hash
    Model model_;
    std::vector<std::string> history_;
    unsigned counter_ = 0, names_ = 0;
    std::map<int, unsigned> exits_;
    unsigned kills_ = 0, kills_landed_ = 0, moves_followed_ = 0;
    // After a kill, until the run again is predicted: the records it starts from.
    std::optional<std::map<std::string, Recorded>> recorded_after_kill_;
    std::optional<fs::path> moved_from_;  // where the folder now away came from
    double last_run_ms_ = 200;
};

}  // namespace

BOOST_AUTO_TEST_CASE(random_file_changes_and_runs_leave_the_database_equal_to_the_model) {
    const unsigned seed = env_number("GAZETTE_MIRROR_SEED", std::random_device{}());
    const unsigned steps = env_number("GAZETTE_MIRROR_STEPS", 60);
    BOOST_TEST_MESSAGE("mirror: seed " << seed << ", " << steps
                                       << " steps (replay with GAZETTE_MIRROR_SEED=" << seed
                                       << ")");
    MirrorTest test(seed);
    for (unsigned n = 0; n < steps; ++n)
        if (!test.step(n)) break;  // the first divergence is the one worth reading
    BOOST_TEST_MESSAGE("mirror: " << test.summary());
}
