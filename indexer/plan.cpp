#include "plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>

namespace gazette {

bool same_file(const FileRecord& r, const FileInfo& info) {
    return r.size == info.size && r.mtime_ns == info.mtime_ns && r.ctime_ns == info.ctime_ns &&
           r.inode == info.inode;
}

namespace {

size_t articles_in(const std::vector<FileRecord>& records) {
    size_t n = 0;
    for (const FileRecord& r : records) n += r.articles;
    return n;
}

std::string plural(size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

class Planner {
  public:
    Planner(const PlanRequest& request, Env& env, Plan& plan)
        : request_(request), env_(env), plan_(plan) {}

    void root(const RootPart& part) {
        const Root& root = part.root;
        ++plan_.roots_walked;
        std::vector<FileRecord> recorded;
        for (const auto& [key, record] : request_.records)
            if (part.holds(key)) recorded.push_back(record);
        WalkResult walked = walk(root.path, request_.rules, env_, part.under);
        const bool unreadable = std::find(walked.incomplete.begin(), walked.incomplete.end(), "") !=
                                walked.incomplete.end();
        if (!walked.root_error.empty() || unreadable) {
            ++plan_.roots_failed;
            plan_.problems.push_back(fmt::format(
                "root '{}' ({}): {}; its {} kept{}", root.name, root.path.string(),
                unreadable ? "cannot read this folder" : walked.root_error,
                plural(articles_in(recorded), "article is", "articles are"),
                walked.root_missing
                    ? fmt::format(". If it moved, index it where it is now (its articles "
                                  "follow when every file came along unchanged); if it is "
                                  "gone for good, run gazette-index --forget {}",
                                  root.name)
                    : ""));
            keep(recorded);
            for (Skipped& s : walked.skipped) plan_.skipped.push_back(std::move(s));
            return;
        }
        std::set<std::string> found;
        for (SourceFile& file : walked.files) {
            std::string key = file_key(root, file.relative);
            found.insert(key);
            std::optional<FileRecord> previous;
            if (auto it = request_.records.find(key); it != request_.records.end()) {
                previous = it->second;
                if (previous->held) {  // back again: an ordinary file once more
                    previous->held = false;
                    plan_.marks.push_back(*previous);
                }
                if (!request_.read_all && same_file(*previous, file.info)) {
                    plan_.unchanged.push_back(*previous);
                    continue;
                }
            }
            plan_.jobs.push_back({std::move(file), std::move(key), std::move(previous)});
        }
        plan_.files_seen += walked.files.size();
        if (walked.files.empty() && recorded.empty())
            plan_.problems.push_back(fmt::format(
                "{} ({}) holds no files to index",
                part.under.empty() ? "root '" + root.name + "'" : file_key(root, part.under),
                (root.path / part.under).string()));
        std::vector<FileRecord> missing;
        std::map<std::string, std::vector<FileRecord>> behind_unread;  // folder -> its records
        for (const std::string& folder : walked.incomplete) behind_unread[folder];
        std::map<std::string, std::vector<FileRecord>> behind_skipped;  // skipped path -> records
        for (const FileRecord& r : recorded) {
            if (found.count(r.key)) continue;
            if (const std::string* folder = unread_folder(root, walked, r.key))
                behind_unread[*folder].push_back(r);
            else if (const Skipped* s = skipped_there(root, walked, r.key))
                behind_skipped[s->path].push_back(r);
            else
                missing.push_back(r);
        }
        // An unread folder makes the run partial even when it held nothing
        // yet: what is in it now was not indexed.
        for (const auto& [folder, records] : behind_unread) {
            const size_t held = articles_in(records);
            plan_.problems.push_back(fmt::format(
                "{}: could not be read, so nothing in it was indexed{}", file_key(root, folder),
                held ? fmt::format("; its {} kept", plural(held, "article is", "articles are"))
                     : ""));
            keep(records);
        }
        // Something still there but not taken (a file replaced by a link
        // leading out, a folder moved to another disk and linked back) is no
        // proof that its articles are gone.
        for (const auto& [path, records] : behind_skipped) {
            plan_.problems.push_back(fmt::format(
                "{}: still there but not read (see above), so the {} kept; remove it if they "
                "should go",
                path,
                plural(articles_in(records), "article indexed from it is",
                       "articles indexed from it are")));
            keep(records);
        }
        settle_missing(root, recorded, missing, walked.files.empty());
        for (Skipped& s : walked.skipped) plan_.skipped.push_back(std::move(s));
    }

  private:
    // The unread folder (or file that could not be looked at) a key lies in, if any.
    static const std::string* unread_folder(const Root& root, const WalkResult& walked,
                                            const std::string& key) {
        for (const std::string& folder : walked.incomplete)
            if (lies_in(root, folder, key)) return &folder;
        return nullptr;
    }

    // The path still there but not taken that a key lies in, if any.
    static const Skipped* skipped_there(const Root& root, const WalkResult& walked,
                                        const std::string& key) {
        for (const Skipped& s : walked.skipped)
            if (s.there && lies_in(root, s.relative, key)) return &s;
        return nullptr;
    }

    void keep(const std::vector<FileRecord>& records) {
        plan_.kept.insert(plan_.kept.end(), records.begin(), records.end());
    }

    // Files recorded but provably gone are deleted, unless that would empty
    // the root or take more than half of its articles: an unmounted disk, a
    // moved folder or a wrong path look like that, and a mirror must not
    // follow them without being told. Files held back are marked so, and
    // stay held back on later runs, which may weigh the root differently
    // (a file added meanwhile would tip the balance).
    void settle_missing(const Root& root, const std::vector<FileRecord>& recorded,
                        const std::vector<FileRecord>& missing, bool found_empty) {
        if (missing.empty()) return;
        if (request_.keep_missing) return keep(missing);
        if (request_.allow_mass_delete) {
            plan_.gone.insert(plan_.gone.end(), missing.begin(), missing.end());
            return;
        }
        const size_t losing = articles_in(missing), holding = articles_in(recorded);
        // Files that --exclude or --include leave out are not there for the
        // run either: the message must not tell the user they are gone.
        const bool chosen = !request_.rules.exclude.empty() || !request_.rules.include.empty();
        const std::string gone = chosen ? "gone or left out by --exclude/--include" : "gone";
        if (found_empty || 2 * losing > holding) {
            held_back(root,
                      fmt::format("{} of its {} {} {}{}; nothing was deleted, and later "
                                  "runs hold {} back too",
                                  losing, plural(holding, "article", "articles"),
                                  losing == 1 ? "is in a file that is" : "are in files that are",
                                  gone, found_empty ? " (the root is empty)" : "",
                                  losing == 1 ? "it" : "them"));
            for (FileRecord r : missing) {
                if (!r.held) {
                    r.held = true;
                    plan_.marks.push_back(r);
                }
                plan_.kept.push_back(std::move(r));
            }
            return;
        }
        std::vector<FileRecord> held;
        for (const FileRecord& r : missing) (r.held ? held : plan_.gone).push_back(r);
        if (held.empty()) return;
        held_back(root, plural(articles_in(held), "article in a file that is " + gone + " is",
                               "articles in files that are " + gone + " are") +
                            " held back since an earlier run");
        keep(held);
    }

    // Reports deletions held back in `root`, and how to let them go.
    void held_back(const Root& root, const std::string& what) {
        plan_.problems.push_back(
            fmt::format("root '{}' ({}): {}. If they were removed on purpose, run again with "
                        "--allow-mass-delete (or --forget {} to drop the whole root)",
                        root.name, root.path.string(), what, root.name));
    }

    const PlanRequest& request_;
    Env& env_;
    Plan& plan_;
};

}  // namespace

Plan make_plan(const PlanRequest& request, Env& env) {
    Plan plan;
    Planner planner(request, env, plan);
    for (const RootPart& part : request.walk) planner.root(part);
    // Records of roots (and parts of roots) not walked stay as they are.
    // (Not a structured binding: clang 14 can't capture one in a lambda.)
    for (const auto& entry : request.records)
        if (std::none_of(request.walk.begin(), request.walk.end(),
                         [&](const RootPart& p) { return p.holds(entry.first); }))
            plan.untouched.push_back(entry.second);
    return plan;
}

}  // namespace gazette
