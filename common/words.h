// The word model: what a word is, and the form in which it is indexed and
// searched. One model for the indexer, the query, the snippets and the page's
// highlighter, so that whatever finds an article also marks the words that
// found it.
//
// A word is a run of letters, digits and marks, with apostrophes between
// letters ("don't"); a CJK character is a word on its own (Chinese, Japanese
// and Korean text has no spaces: Xapian indexes and searches it as n-grams of
// these characters). A word's searchable form drops the accents of Latin,
// Greek and Cyrillic letters (café -> cafe, Müller -> Muller, ß -> ss),
// folds compatibility forms (ﬁ -> fi, full-width Ａ -> A), and drops a
// possessive ("England's" -> "England"), so a reader who types the plain
// form finds every spelling of it. Other scripts keep their marks: in
// Devanagari or Thai they spell the word.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gazette::words {

// The text as the indexer and the query parser see it: every word in its
// searchable form, case kept (the query language has upper-case operators),
// everything else unchanged.
std::string searchable(std::string_view text);

// One word's searchable form in lower case: how two words are compared.
std::string fold(std::string_view word);

// The words of a text, as [begin, end) byte offsets in order.
std::vector<std::pair<size_t, size_t>> split(std::string_view text);

// A word written in parts joined by hyphens, apostrophes or ampersands, or a
// number grouped by commas ("cease-fire", "O'Brien", "AT&T", "COVID-19",
// "2,000"), with its joined form, folded ("ceasefire", "obrien", "att",
// "covid19", "2000"). Readers type either form, so the index holds both.
struct Joined {
    size_t begin, end;  // byte offsets of the whole compound
    std::string form;
};
std::vector<Joined> joined(std::string_view text);

// The numbers written with a full stop, comma or semicolon between two
// digits ("12.5", "1,250,000", "28.1" of "28.1%"), as [begin, end) byte
// offsets in order. Xapian reads each as one word, as written (its term is
// "12.5"), where split() gives its parts ("12", "5"): those are no words of
// the index.
std::vector<std::pair<size_t, size_t>> numbers(std::string_view text);

// The acronym of an acronym's plural ("MPs" -> "MP", "CSOs" -> "CSO",
// "MP3s" -> "MP3"), or "" for any other word. English stemming keeps such a
// plural as it is (an s after a vowel, or with no vowel before it, stays),
// so the index also holds the acronym: readers type "mp" for "MPs".
std::string_view acronym_of_plural(std::string_view word);

// Whether a joiner of a compound (as above: not a possessive's apostrophe)
// starts at byte `at` of the text, between two words.
bool joiner_at(std::string_view text, size_t at);

// Whether a possessive's apostrophe starts at byte `at` of the text, after a
// word ("Silk's", "Silk’s").
bool possessive_at(std::string_view text, size_t at);

// Whether byte `at` of the text may be inside a compound: a byte of a word,
// a joiner, or a possessive's apostrophe. A compound is whole words, so that
// "Kilroy-Silk's" is one, joined "kilroysilk", not "Kilroy-Silk" and "'s".
bool in_compound(std::string_view text, size_t at);

// The sentences of a text, as [begin, end) byte offsets: split at paragraph
// breaks and at . ! ? followed by a space and a capital, digit or quote, but
// not after an initial or a title ("Dr. Smith", "J. Doe").
std::vector<std::pair<size_t, size_t>> sentences(std::string_view text);

// Whether a byte may be part of a word: an ASCII letter or digit, or any byte
// of a character beyond ASCII. Cutting text between two such bytes could cut
// a word, or a character, in two.
inline bool is_word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u >= 0x80;
}

// Whether the code point is a CJK ideograph, kana or hangul syllable.
bool is_cjk(char32_t c);

}  // namespace gazette::words
