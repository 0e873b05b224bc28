// "Did you mean": a correction for query words the index does not hold.
#pragma once

#include <xapian.h>

#include <string>

namespace gazette {

// Returns the query with each unknown plain word replaced by the most frequent
// indexed word within a small edit distance (sharing its first letter), or ""
// when every word is known or has no close match. Field prefixes, operators
// and quoted phrases are kept as typed. Needs no spelling table: it scans the
// vocabulary under one letter, and only for words that are missing. A word
// whose other English spelling the database holds ("colour", "color") is not
// missing: the query finds that spelling too (spellings.h).
std::string spelling_suggestion(const Xapian::Database& db, const std::string& query,
                                const std::string& language);

}  // namespace gazette
