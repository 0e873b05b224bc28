// "Did you mean": a correction for query words the index does not hold.
#pragma once

#include <xapian.h>

#include <string>

namespace gazette {

// Returns the query with each unknown plain word replaced by the most frequent
// indexed word within two edits (one for a word of four letters or fewer;
// sharing its first letter), in the case it was typed in, or "" when every
// word is known or has no close match. Field prefixes, operators, stopwords
// and names (capitalised past the first word of a query not all in capitals:
// "DSS", "Collier") are kept as typed; words in quotes are corrected too (a
// phrase of a word no article holds matches nothing).
// Needs no spelling table: it scans the vocabulary under one letter, and only
// for words that are missing. A word is not missing when the query finds it:
// by another form of its stem ("suppressing", "suppression"), or by its other
// English spelling ("colour", "color": spellings.h).
std::string spelling_suggestion(const Xapian::Database& db, const std::string& query,
                                const std::string& language);

// The correction of one plain lower-case word, as above but within
// `max_edits` (each a letter dropped, added or changed, or two swapped); ""
// for a word the search finds, a stopword, or one with no close match.
std::string correction(const Xapian::Database& db, const std::string& word,
                       const std::string& language, size_t max_edits);

}  // namespace gazette
