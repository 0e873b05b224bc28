// Marks the words of a text that a query matched, by the word model the
// index and the query use (common/words.h): a word is marked when its folded
// form is a word of the query, starts with a wildcard's prefix, or has the
// stem of a query word; a stopword of a phrase only where the phrase is
// ("the" of state-of-the-art in "state of the art"). Snippets, headlines and
// the article page all mark through one Highlighter, so that every word that
// made an article match is marked wherever it is shown: Café for cafe,
// England's for england, MPs for mp, 北 and 京 for 北京.
#pragma once

#include <xapian.h>

#include <bitset>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "results.h"

namespace gazette {

// The words a query looks for, as they appear in its terms (folded).
struct HighlightTerms {
    std::unordered_set<std::string> words;       // exact forms
    std::unordered_set<std::string> stems;       // stemmed forms
    std::vector<std::string> wildcard_prefixes;  // "ukrain" for ukrain*
    // The words of each phrase that holds a stopword, in order ("state",
    // "of", "the", "art" for state-of-the-art). Xapian keeps a stopword only
    // in a phrase, so it is marked only where the phrase is; the phrase's
    // other words are among `words`, marked anywhere.
    std::vector<std::vector<std::string>> phrases;

    bool empty() const {
        return words.empty() && stems.empty() && wildcard_prefixes.empty() && phrases.empty();
    }
};

// The terms of a parsed query worth marking (free text only; filter terms
// such as sections or years are left out), and the prefixes of the wildcards
// typed in the query text. The stopwords (by `stopper`, the query parser's)
// of its phrases are marked only in them; without a stopper, anywhere.
HighlightTerms highlight_terms(const Xapian::Query& query, std::string_view typed = {},
                               const Xapian::Stopper* stopper = nullptr);

class Highlighter {
  public:
    Highlighter(HighlightTerms terms, const Xapian::Stem& stemmer);

    // Whether a word, as written in a text, is one the query matched.
    bool matches(std::string_view word) const;
    // Whether a compound's joined form (words::joined: "obrien" for
    // O'Brien) is one the query matched.
    bool matches_joined(const std::string& form) const;
    // The [begin, end) spans of `text` to mark, in order: matched words, and
    // whole compounds whose joined form matched. Given the hints of a text
    // that `text` starts at `offset` of, only words where a hint lies are
    // looked at.
    std::vector<std::pair<size_t, size_t>> marks(std::string_view text,
                                                 const std::vector<size_t>* hints = nullptr,
                                                 size_t offset = 0) const;
    // Where in `text` a matched word may be, in order: the start of each word
    // that starts (in any case) like a query word, a stem's first bytes or a
    // wildcard's prefix, each character beyond ASCII (folding may make such a
    // word a query word), and each hyphen, apostrophe, ampersand or comma
    // between two words of a compound that starts, joined, like a query word
    // (its joined form may be one). A word with none of these places in it is
    // not matched, so a snippet need only look at the sentences that have one.
    std::vector<size_t> hints(std::string_view text) const;
    // The text as spans, the matched words marked.
    Fragment mark(std::string_view text) const;
    bool empty() const { return terms_.empty(); }

  private:
    HighlightTerms terms_;
    Xapian::Stem stemmer_;
    // Whether the compound whose (ASCII) joiner is at `joiner` starts, joined,
    // like a query word, stem or wildcard prefix: its joined form may match.
    bool may_join_to_a_query_word(std::string_view text, size_t joiner) const;
    // Whether a word's first letters and digits (lower case, start_of) are
    // those of a query word, stem or wildcard prefix.
    bool starts_like_a_query_word(std::string_view start) const;
    // The words of `text` that a phrase of the query is written with there
    // and that are not matched alone (its stopwords), in order.
    std::vector<std::pair<size_t, size_t>> in_phrases(std::string_view text) const;

    std::unordered_set<std::string> stem_starts_;  // first 3 bytes of each stem
    // The first letters and digits of each word, stem, prefix and phrase word.
    std::vector<std::string> word_starts_;
    std::bitset<65536> first_pairs_;  // the first two bytes of those
};

}  // namespace gazette
