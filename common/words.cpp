#include "words.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <iterator>

#include "text.h"

namespace gazette::words {
namespace {

struct Decoded {
    char32_t cp;
    size_t bytes;  // 0 at the end
};

// The code point at `at`; an invalid byte reads as itself (U+FFFD is not
// needed: text reaching here is valid UTF-8, queries included).
Decoded decode(std::string_view text, size_t at) {
    if (at >= text.size()) return {0, 0};
    if (static_cast<unsigned char>(text[at]) < 0x80) return {static_cast<char32_t>(text[at]), 1};
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                                    static_cast<utf8proc_ssize_t>(text.size() - at), &cp);
    if (n <= 0) return {static_cast<unsigned char>(text[at]), 1};
    return {static_cast<char32_t>(cp), static_cast<size_t>(n)};
}

void append(std::string& out, char32_t cp) {
    utf8proc_uint8_t buffer[4];
    const auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buffer);
    out.append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(n));
}

bool is_letter(char32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

bool is_word_char(char32_t c) {
    if (c < 0x80) return is_letter(c) || (c >= '0' && c <= '9');
    const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;  // letters, marks, numbers
}

bool is_apostrophe(char32_t c) {
    return c == '\'' || c == 0x2019;
}

// Letters whose accents are spelling variants a reader may leave out.
bool drops_accents(char32_t base) {
    return (base >= 0x41 && base <= 0x24F) || (base >= 0x1E00 && base <= 0x1EFF) ||
           (base >= 0x370 && base <= 0x3FF) || (base >= 0x1F00 && base <= 0x1FFF);
}

bool is_nonspacing_mark(char32_t c) {
    return utf8proc_category(static_cast<utf8proc_int32_t>(c)) == UTF8PROC_CATEGORY_MN;
}

// Appends the searchable form of one non-ASCII code point; says whether
// what it appended may need composing again (a mark kept apart from its
// letter, or hangul split into jamo).
bool append_folded(std::string& out, char32_t cp) {
    switch (cp) {
        case 0xDF:  // ß
            out += "ss";
            return false;
        case 0x1E9E:  // ẞ
            out += "SS";
            return false;
        case 0x451:  // ё: Russian writes it as е more often than not
            append(out, 0x435);
            return false;
        case 0x401:  // Ё
            append(out, 0x415);
            return false;
    }
    utf8proc_int32_t parts[18];
    int last_boundclass = 0;
    const auto n = utf8proc_decompose_char(
        static_cast<utf8proc_int32_t>(cp), parts, 18,
        static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT), &last_boundclass);
    if (n <= 0 || n > 18) {
        append(out, cp);
        return false;
    }
    bool compose = false;
    char32_t base = 0;
    for (utf8proc_ssize_t i = 0; i < n; ++i) {
        const auto part = static_cast<char32_t>(parts[i]);
        if (is_nonspacing_mark(part)) {
            if (drops_accents(base)) continue;
            compose = true;
        } else {
            base = part;
            compose = compose || (n > 1 && part >= 0x80);
        }
        append(out, part);
    }
    return compose;
}

std::string compose(const std::string& text) {
    utf8proc_uint8_t* composed = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                static_cast<utf8proc_ssize_t>(text.size()), &composed,
                                static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (n < 0) return text;
    std::string out(reinterpret_cast<const char*>(composed), static_cast<size_t>(n));
    std::free(composed);
    return out;
}

}  // namespace

bool is_cjk(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x2FA1F) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
           (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) ||
           (c >= 0x3130 && c <= 0x318F) || (c >= 0xFF66 && c <= 0xFF9D);
}

std::string searchable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool needs_compose = false;
    char32_t before = 0, previous = 0;
    for (size_t at = 0; at < text.size();) {
        const Decoded d = decode(text, at);
        at += d.bytes;
        if (is_apostrophe(d.cp) && is_letter(previous) && !is_word_char(before) &&
            is_letter(decode(text, at).cp)) {
            // An elided article or a name's particle is a word apart:
            // "D'Afflisio" -> "D Afflisio", "l'État" -> "l Etat".
            out += ' ';
            before = previous;
            previous = ' ';
            continue;
        }
        if (is_apostrophe(d.cp) && is_letter(previous)) {
            // "England's" -> "England"; "reporters'" -> "reporters".
            const Decoded next = decode(text, at);
            if ((next.cp == 's' || next.cp == 'S') && !is_word_char(decode(text, at + 1).cp)) {
                at += next.bytes;
                before = previous;
                previous = next.cp;
                continue;
            }
            if ((previous == 's' || previous == 'S') && !is_word_char(next.cp)) {
                before = previous;
                previous = d.cp;
                continue;
            }
        }
        if (d.cp < 0x80)
            out += static_cast<char>(d.cp);
        else
            needs_compose = append_folded(out, d.cp) || needs_compose;
        before = previous;
        previous = d.cp;
    }
    return needs_compose ? compose(out) : out;
}

std::string fold(std::string_view word) {
    // Most words are plain ASCII, which only needs lower case (searchable()
    // changes a word's ASCII only at an apostrophe).
    if (std::all_of(word.begin(), word.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80 && c != '\''; }))
        return to_lower_ascii(word);
    const std::string plain = searchable(word);
    std::string out;
    out.reserve(plain.size());
    for (size_t at = 0; at < plain.size();) {
        const Decoded d = decode(plain, at);
        at += d.bytes;
        if (d.cp < 0x80)
            out += static_cast<char>(d.cp >= 'A' && d.cp <= 'Z' ? d.cp + 32 : d.cp);
        else
            append(out,
                   static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(d.cp))));
    }
    return out;
}

std::vector<std::pair<size_t, size_t>> split(std::string_view text) {
    std::vector<std::pair<size_t, size_t>> out;
    size_t start = 0, length = 0;  // of the word so far, in code points
    bool in_word = false;
    for (size_t at = 0; at < text.size();) {
        const Decoded d = decode(text, at);
        const size_t next = at + d.bytes;
        const bool inner_apostrophe =
            in_word && is_apostrophe(d.cp) && is_letter(decode(text, next).cp);
        if ((d.cp >= 0x80 && is_cjk(d.cp)) || (inner_apostrophe && length == 1)) {
            // A CJK character is a word; "D'Afflisio" is two, as searchable() has it.
            if (in_word) out.emplace_back(start, at);
            if (is_cjk(d.cp)) out.emplace_back(at, next);
            in_word = false;
        } else if (is_word_char(d.cp) || inner_apostrophe) {
            if (!in_word) {
                start = at;
                length = 0;
            }
            in_word = true;
            ++length;
        } else if (in_word) {
            out.emplace_back(start, at);
            in_word = false;
        }
        at = next;
    }
    if (in_word) out.emplace_back(start, text.size());
    return out;
}

namespace {

// Longer is no word (TermGenerator's limit).
constexpr size_t kMaxJoinedBytes = 64;

bool is_joiner(char32_t c) {
    return c == '-' || c == 0x2010 || c == 0x2011 || c == '&' || is_apostrophe(c);
}

bool all_digits(std::string_view word) {
    return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Whether one character joins two neighbouring words into a compound: a
// joiner, or a comma grouping the thousands of a number ("2,000").
bool joins(std::string_view text, std::pair<size_t, size_t> a, std::pair<size_t, size_t> b) {
    const Decoded between = decode(text, a.second);
    if (a.second + between.bytes != b.first) return false;
    if (is_joiner(between.cp)) return true;
    const std::string_view left = text.substr(a.first, a.second - a.first);
    const std::string_view right = text.substr(b.first, b.second - b.first);
    return between.cp == ',' && all_digits(left) && right.size() == 3 && all_digits(right);
}

// A part's folded form without the apostrophes inside it ("don't" -> "dont",
// and "n'roll", which folds as "n roll", -> "nroll").
void append_part(std::string& form, std::string_view part) {
    const std::string folded = fold(part);
    for (size_t at = 0; at < folded.size();) {
        const Decoded d = decode(folded, at);
        if (is_word_char(d.cp)) form.append(folded, at, d.bytes);
        at += d.bytes;
    }
}

// The first bytes of the joiners: - & ' , and U+2010, U+2011, U+2019.
constexpr std::string_view kJoinerBytes = "-&',\xE2";

// The compounds among the words of `window`, a run of text between spaces.
void add_joined(std::string_view text, size_t window_begin, size_t window_end,
                std::vector<Joined>& out) {
    const std::string_view window = text.substr(window_begin, window_end - window_begin);
    const std::vector<std::pair<size_t, size_t>> parts = split(window);
    for (size_t first = 0, last = 0; first < parts.size(); first = last + 1) {
        last = first;
        while (last + 1 < parts.size() && joins(window, parts[last], parts[last + 1])) ++last;
        std::string form;
        bool cjk = false;  // CJK is searched by n-grams, never joined
        for (size_t i = first; i <= last; ++i) {
            const std::string_view part =
                window.substr(parts[i].first, parts[i].second - parts[i].first);
            cjk = cjk || is_cjk(decode(part, 0).cp);
            append_part(form, part);
        }
        // One part is a compound only when an apostrophe inside it went.
        const bool compound =
            last > first || form != fold(window.substr(parts[first].first,
                                                       parts[first].second - parts[first].first));
        if (compound && !cjk && form.size() <= kMaxJoinedBytes)
            out.push_back({window_begin + parts[first].first, window_begin + parts[last].second,
                           std::move(form)});
    }
}

// Whether a separator that Xapian reads inside a number (as TermGenerator's
// check_infix_digit: . , ; among ASCII) is at `at`, between two digits.
bool digits_joined_at(std::string_view text, size_t at) {
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    return at > 0 && at + 1 < text.size() &&
           (text[at] == '.' || text[at] == ',' || text[at] == ';') && digit(text[at - 1]) &&
           digit(text[at + 1]);
}

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

}  // namespace

std::vector<std::pair<size_t, size_t>> numbers(std::string_view text) {
    std::vector<std::pair<size_t, size_t>> out;
    // Most of a text has no such number: only the words around a separator
    // between digits are split (a word never spans a space).
    for (size_t at = text.find_first_of(".,;"); at < text.size();
         at = text.find_first_of(".,;", at + 1)) {
        if (!digits_joined_at(text, at)) continue;
        size_t begin = at, end = at;
        while (begin > 0 && !is_space(text[begin - 1])) --begin;
        while (end < text.size() && !is_space(text[end])) ++end;
        const std::string_view run = text.substr(begin, end - begin);
        const std::vector<std::pair<size_t, size_t>> parts = split(run);
        for (size_t first = 0, last = 0; first < parts.size(); first = last + 1) {
            last = first;
            while (last + 1 < parts.size() && parts[last].second + 1 == parts[last + 1].first &&
                   digits_joined_at(run, parts[last].second))
                ++last;
            if (last > first)
                out.emplace_back(begin + parts[first].first, begin + parts[last].second);
        }
        at = end;
    }
    return out;
}

std::string_view acronym_of_plural(std::string_view word) {
    if (word.size() < 3 || word.back() != 's' || !(word[0] >= 'A' && word[0] <= 'Z')) return {};
    const std::string_view acronym = word.substr(0, word.size() - 1);
    const bool capitals = std::all_of(acronym.begin(), acronym.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
    return capitals ? acronym : std::string_view();
}

bool possessive_at(std::string_view text, size_t at) {
    if (at == 0 || !is_word_byte(text[at - 1])) return false;
    const std::string_view rest = text.substr(at);
    const size_t s = rest.starts_with('\'') ? 1 : rest.starts_with("\u2019") ? 3 : 0;
    return s && s < rest.size() && (rest[s] == 's' || rest[s] == 'S') &&
           (s + 1 == rest.size() || !is_word_byte(rest[s + 1]));
}

bool joiner_at(std::string_view text, size_t at) {
    if (at == 0 || at + 1 >= text.size() || !is_word_byte(text[at - 1])) return false;
    const char c = text[at];
    if (c == ',')
        return std::isdigit(static_cast<unsigned char>(text[at - 1])) &&
               std::isdigit(static_cast<unsigned char>(text[at + 1]));
    // A possessive's apostrophe joins nothing ("England's": searchable() drops it).
    if (possessive_at(text, at)) return false;
    const std::string_view rest = text.substr(at);
    if (c == '-' || c == '&' || c == '\'') return is_word_byte(text[at + 1]);
    // U+2010 and U+2011 (hyphens), U+2019 (apostrophe)
    return rest.starts_with("\u2010") || rest.starts_with("\u2011") || rest.starts_with("\u2019");
}

bool in_compound(std::string_view text, size_t at) {
    // A possessive's apostrophe is inside its word ("Silk's"), so inside the
    // compound that word ends or starts ("Kilroy-Silk's", "women's-rights").
    return is_word_byte(text[at]) || joiner_at(text, at) || possessive_at(text, at);
}

std::vector<Joined> joined(std::string_view text) {
    std::vector<Joined> out;
    // Most of a text has no joiner: only the words around one are split.
    for (size_t at = text.find_first_of(kJoinerBytes); at < text.size();
         at = text.find_first_of(kJoinerBytes, at + 1)) {
        if (!joiner_at(text, at)) continue;
        size_t begin = at, end = at;
        while (begin > 0 && in_compound(text, begin - 1)) --begin;
        while (end < text.size() && in_compound(text, end)) ++end;
        add_joined(text, begin, end, out);
        at = end;
    }
    return out;
}

namespace {

// Common abbreviations whose full stop does not end a sentence.
bool is_abbreviation(std::string_view word) {
    static constexpr std::string_view kAbbreviations[] = {"Mr", "Mrs", "Ms",  "Dr",  "St",  "Jr",
                                                          "Sr", "Gen", "Gov", "Sen", "Rep", "Prof"};
    return word.size() == 1 || std::find(std::begin(kAbbreviations), std::end(kAbbreviations),
                                         word) != std::end(kAbbreviations);
}

// The bytes that may end a sentence or a paragraph.
constexpr std::array<bool, 256> kEndsSentence = [] {
    std::array<bool, 256> table{};
    for (const unsigned char c : {'\n', '.', '!', '?'}) table[c] = true;
    return table;
}();

}  // namespace

std::vector<std::pair<size_t, size_t>> sentences(std::string_view text) {
    std::vector<std::pair<size_t, size_t>> out;
    size_t begin = 0;
    auto emit = [&](size_t end) {
        while (begin < end && (text[begin] == ' ' || text[begin] == '\n')) ++begin;
        if (end > begin) out.emplace_back(begin, end);
        begin = end;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!kEndsSentence[static_cast<unsigned char>(c)]) continue;  // most bytes
        if (c == '\n' && i + 1 < text.size() && text[i + 1] == '\n') {
            emit(i);
        } else if ((c == '.' || c == '!' || c == '?') && i + 2 < text.size() &&
                   text[i + 1] == ' ') {
            const unsigned char next = text[i + 2];
            if (!((next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9') || next == '"' ||
                  next >= 0x80))
                continue;
            size_t w = i;
            while (w > begin && is_word_byte(text[w - 1])) --w;
            if (c == '.' && is_abbreviation(text.substr(w, i - w))) continue;
            emit(i + 1);
        }
    }
    emit(text.size());
    return out;
}

}  // namespace gazette::words
