// What a run will do, decided before anything is written: walk the roots,
// compare what is there with the database's file records, and sort every file
// into read, unchanged, gone or kept. An article is deleted only when its file
// is provably gone: the walk of every folder on its way completed and the
// file was not there. A root that is missing or unreadable, a folder that
// can't be read, a path still there but not taken (a link leading out where
// a file was), and a root that would lose more than half of its articles
// (or all of them) delete nothing; files held back that way stay held back
// on later runs until the user says --allow-mass-delete.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "env.h"
#include "manifest.h"
#include "roots.h"
#include "walker.h"

namespace gazette {

// A file to read, and what the database recorded of it.
struct Job {
    SourceFile file;
    std::string key;
    std::optional<FileRecord> previous;
};

struct Plan {
    std::vector<Job> jobs;              // to read, in a stable order
    std::vector<FileRecord> unchanged;  // found as recorded: not read
    std::vector<FileRecord> gone;       // provably gone: their articles go
    std::vector<FileRecord> kept;       // not read, not deleted (see problems, --no-delete)
    std::vector<FileRecord> untouched;  // of roots not walked: as they were
    std::vector<FileRecord> marks;      // records whose held mark changes (an update writes them)
    std::vector<Skipped> skipped;
    // One message per root or folder whose articles were kept because of a
    // problem; any makes the run partial (exit code 1).
    std::vector<std::string> problems;
    size_t files_seen = 0;
    size_t roots_walked = 0, roots_failed = 0;
};

struct PlanRequest {
    std::vector<RootPart> walk;                 // the roots, or parts of them, to walk
    std::map<std::string, FileRecord> records;  // every file the database records
    WalkRules rules;
    bool read_all = false;           // a fresh build: every file found is read
    bool keep_missing = false;       // --no-delete: gone files are kept
    bool allow_mass_delete = false;  // a root may lose more than half of its articles
};

Plan make_plan(const PlanRequest& request, Env& env);

// Whether a file is as recorded: size, mtime, ctime and inode all the same
// (ctime and inode catch rewrites that keep size and mtime).
bool same_file(const FileRecord& record, const FileInfo& info);

}  // namespace gazette
