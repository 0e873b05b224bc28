// What a database holds, for gazette-index --stats: articles, files, roots,
// dates, sections, languages, size on disk, schema version, last update. Read
// without the lock: a writer may be busy, the figures are a snapshot.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "indexer.h"

namespace gazette {

struct DatabaseStats {
    std::string database;
    int schema_version = 0;
    size_t articles = 0, files = 0, shards = 1;
    std::vector<RootSummary> roots;
    std::string first_date, last_date;  // "YYYY-MM-DD", or "" when nothing is dated
    size_t dated = 0;                   // articles with a date
    std::vector<std::pair<std::string, size_t>> sections;  // by articles, most first
    std::vector<std::string> languages;                    // of stemming and stopwords
    uintmax_t bytes_on_disk = 0;
    std::string updated;  // ISO 8601 UTC of the last run that wrote; "" when not recorded
};

// Throws IndexError when there is no database, or one of another version.
DatabaseStats database_stats(const std::string& database, Env& env);

// For people: one "name  value" line each, the top sections only.
std::string stats_text(const DatabaseStats& stats);
// For programs: one JSON object, every section.
std::string stats_json(const DatabaseStats& stats);

}  // namespace gazette
