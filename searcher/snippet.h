// Query-biased snippets from an article's stored body: the sentences that best
// cover the query's words, up to three fragments, with the words the query
// matched marked (highlight.h). Cheaper than MSet::snippet's background model
// and aware of sentences, which reads better in a result list.
#pragma once

#include <string>
#include <string_view>

#include "highlight.h"
#include "results.h"

namespace gazette {

class SnippetMaker {
  public:
    explicit SnippetMaker(const Highlighter& highlighter) : highlighter_(highlighter) {}

    // At most max_chars of text; the article's lead when nothing matches.
    Snippet make(std::string_view body, size_t max_chars) const;

  private:
    const Highlighter& highlighter_;
};

}  // namespace gazette
