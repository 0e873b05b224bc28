// Query-biased snippets from an article's stored body: the sentences that best
// cover the query's words, up to three fragments, with exact and stemmed
// matches marked. Cheaper than MSet::snippet's background model and aware of
// sentences, which reads better in a result list.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "results.h"

namespace gazette {

// The words a query looks for, as they appear in its terms.
struct HighlightTerms {
    std::unordered_set<std::string> words;       // exact forms, lowercased
    std::unordered_set<std::string> stems;       // stemmed forms
    std::vector<std::string> wildcard_prefixes;  // "ukrain" for ukrain*

    bool empty() const { return words.empty() && stems.empty() && wildcard_prefixes.empty(); }
};

// The terms of a parsed query worth highlighting (free text only; filter
// terms such as sections or years are left out).
HighlightTerms highlight_terms(const Xapian::Query& query);

class SnippetMaker {
  public:
    SnippetMaker(HighlightTerms terms, const Xapian::Stem& stemmer);

    // At most max_chars of text; the article's lead when nothing matches.
    Snippet make(std::string_view body, size_t max_chars) const;

  private:
    bool matches(std::string_view lowered) const;

    HighlightTerms terms_;
    Xapian::Stem stemmer_;
    std::unordered_set<std::string> stem_starts_;  // first 3 bytes of each stem
};

}  // namespace gazette
