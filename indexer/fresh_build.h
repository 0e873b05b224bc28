// A fresh build: how a first build, a --rebuild and every build of a sharded
// database write. Each builder writes runs of small scratch databases
// (parts.h), merged by compaction into a new database beside the live one,
// which is then swapped in: a crash or a full disk midway leaves the live
// database as it was. Files not read in this run keep their articles: their
// documents are carried over from the live database.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db_files.h"
#include "pipeline.h"
#include "stored.h"

namespace gazette {

// How a database is split into shards, recorded in it so every later run
// splits it the same way.
struct Sharding {
    unsigned by_hash = 0;  // more than 1: this many shards, by hash of the id
    bool by_year = false;  // one shard per year, and one for undated articles

    bool sharded() const { return by_hash > 1 || by_year; }
    // The shard of an article ("" when not sharded): the same every time.
    std::string shard_of(std::string_view id, std::string_view year) const;
    // Shards made even when no article goes to them.
    std::set<std::string> always() const;
    // "hash N", "year" or "", as recorded; and back.
    std::string describe() const;
    static Sharding parse(std::string_view recorded);
};

struct FreshBuild {
    const DatabaseFiles& files;
    Sharding sharding;
    schema::Settings settings;  // weights and language
    const StoredCodec& codec;   // for the new database
    // Recorded in the new database (every shard): settings, dictionary, roots.
    std::vector<std::pair<std::string, std::string>> metadata;
    // Where the articles of files not read are carried over from (see
    // CarryOver), with the codec of their stored text; none: nothing to carry.
    const Xapian::Database* live = nullptr;
    const StoredCodec* live_codec = nullptr;
};

// Writes the new database and returns its path, ready to swap in. Counts files
// and articles into stats. A build that fails leaves nothing behind.
std::filesystem::path build_fresh(const FreshBuild& build, Pipeline& pipeline, const Plan& plan,
                                  Env& env, Reporter& reporter, IndexStats& stats);

}  // namespace gazette
