// Words that carry no meaning of their own in a query ("the", "of"): dropped
// from free-text queries (kept in phrases). Snowball's lists, from Debian's
// liblingua-stopwords-perl, built in at compile time (searcher/stopwords.pl).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gazette {

// The stopwords of a language (a Xapian stemmer name: "english", "french",
// ...), in their searchable form (words.h); none for a language without a
// list, and for "none".
const std::vector<std::string>& stopwords(std::string_view language);

}  // namespace gazette
