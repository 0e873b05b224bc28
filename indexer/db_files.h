// Every file and folder a Gazette database is made of, named in one place,
// and the moves between them: the live database, the lock beside it, the
// scratch parts and the new database of a fresh build, and the old one
// during a swap. None of them is ever walked as a source.
#pragma once

#include <filesystem>
#include <vector>

#include "env.h"

namespace gazette {

struct DatabaseFiles {
    // `location` as given (relative, with a trailing slash, ...): every name
    // below is absolute and the same whichever way it was spelt.
    explicit DatabaseFiles(const std::filesystem::path& location);

    std::filesystem::path live;     // the database: a Xapian database, or a folder of shards
    std::filesystem::path lock;     // held by every writer for its whole run
    std::filesystem::path parts;    // a fresh build's scratch databases
    std::filesystem::path rebuild;  // a fresh build's result until it is swapped in
    std::filesystem::path old;      // the database replaced, during a swap that can't exchange

    // All of them: what a walk never enters.
    std::vector<std::filesystem::path> all() const;
};

// Whether the live database is a folder of shards listed in a stub file.
bool is_sharded(const DatabaseFiles& files);
// The stub file that lists a sharded database's shards.
std::filesystem::path stub_file(const std::filesystem::path& folder);

// Repairs what an interrupted run left: a swap stopped between its two
// renames (the old database is put back), scratch parts, an unfinished
// build. Call with the lock held, before anything else.
void recover(Env& env, const DatabaseFiles& files);

// Puts `fresh` in the live database's place in one step where the file system
// can exchange two names (a searcher always finds a whole database), else by
// two renames that recover() completes if interrupted.
void swap_in(Env& env, const std::filesystem::path& fresh, const DatabaseFiles& files);

}  // namespace gazette
