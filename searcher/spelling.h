// "Did you mean": a correction for query words the index does not hold.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace gazette {

// Returns the query with each unknown plain word replaced by its correction
// within two edits (one for a word of four letters or fewer; sharing its first
// letter; corrections() below), in the case it was typed in, or "" when every
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

// The indexed words nearest one plain lower-case word, all at the least
// distance within `max_edits` (each a letter dropped, added or changed, or two
// swapped), most frequent first; none for a word the search finds, a
// stopword, or one with no close match. Stopwords are no candidates (the
// search drops them), and a word whose likeliest is one has none.
std::vector<std::string> candidates(const Xapian::Database& db, const std::string& word,
                                    const std::string& language, size_t max_edits);

// The corrections of a query's words (`words[i]` plain and lower case, with
// `nearest[i]` its candidates, none for a word to leave as it is): "" or the
// most frequent candidate that some article holds beside another of the
// query's words, as typed or as one of its candidates (the words as the
// search finds them, by stem; stopwords aside). A candidate no article holds
// beside them is none: a word a small archive lacks is more often a real word
// than a typo of one it holds elsewhere (on corpus/, "stock market crash"
// would be "stock market clash", "economic reforms" "economic records"). A
// word with no other to fit takes its most frequent candidate.
std::vector<std::string> corrections(const Xapian::Database& db,
                                     const std::vector<std::string>& words,
                                     const std::vector<std::vector<std::string>>& nearest,
                                     const std::string& language);

}  // namespace gazette
