// British and American spellings of one English word ("colour" and "color",
// "centre" and "center", "organise" and "organize", "defence" and
// "defense"). An archive holds news from both sides of the Atlantic and a
// reader types the spelling of their own, so a query word also matches its
// other spelling (searcher/query.cpp).
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace gazette::spellings {

// Whether a database's language (a Xapian stemmer name) is English.
bool english(std::string_view language);

// The other spellings of a folded English word, as words ("colours" ->
// "colors") and as stems by `stem` ("centred" -> the stem of "centered"),
// from a list of word pairs and their inflections and from the -ise/-ize
// rule. A candidate need not be a word at all ("surmise" -> "surmize"): the
// caller keeps those the database holds. Stems equal to the word's own are
// left out.
struct Others {
    std::vector<std::string> words, stems;
};
Others others(std::string_view word, const Xapian::Stem& stem);

}  // namespace gazette::spellings
