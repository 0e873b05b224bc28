#include "highlight.h"

#include <algorithm>
#include <array>
#include <optional>

#include "schema.h"
#include "words.h"

namespace gazette {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

// A table: hints() asks it of nearly every byte of every snippet's article.
constexpr std::array<bool, 256> kAsciiAlnum = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c)
        table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return table;
}();

bool is_ascii_alnum(char c) {
    return kAsciiAlnum[static_cast<unsigned char>(c)];
}

char lower_ascii(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Where a word's first two bytes (lower case; 0 for none) are in a bitset.
size_t pair_index(char first, char second) {
    return static_cast<size_t>(static_cast<unsigned char>(first)) << 8 |
           static_cast<unsigned char>(second);
}

// The first letters and digits of `text` (at most three), in lower case.
std::string start_of(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size() && out.size() < 3 && is_ascii_alnum(text[i]); ++i)
        out += lower_ascii(text[i]);
    return out;
}

using Spans = std::vector<std::pair<size_t, size_t>>;

// The runs between spaces that hold a hint, in order. A word, a number or a
// compound never spans a space, so those that may match are found by
// reading these alone, the same as by reading the whole text.
Spans runs_around(std::string_view text, const std::vector<size_t>& hints) {
    Spans out;
    for (const size_t hint : hints) {
        if (!out.empty() && hint < out.back().second) continue;
        size_t begin = hint, end = hint;
        const size_t done = out.empty() ? 0 : out.back().second;
        while (begin > done && !is_space(text[begin - 1])) --begin;
        while (end < text.size() && !is_space(text[end])) ++end;
        out.emplace_back(begin, end);
    }
    return out;
}

// The spans `find` gives in each run, as offsets in the whole text.
Spans in_runs(std::string_view text, const Spans& runs, Spans (*find)(std::string_view)) {
    Spans out;
    for (const auto& [begin, end] : runs)
        for (const auto& [b, e] : find(text.substr(begin, end - begin)))
            out.emplace_back(begin + b, begin + e);
    return out;
}

// Whether [begin, end) lies within one of the first `count` spans.
bool within(const Spans& spans, size_t count, size_t begin, size_t end) {
    return std::any_of(spans.begin(), spans.begin() + count,
                       [&](const auto& s) { return s.first <= begin && end <= s.second; });
}

// Whether [begin, end) shares a byte with one of the first `count` spans.
bool overlaps(const Spans& spans, size_t count, size_t begin, size_t end) {
    return std::any_of(spans.begin(), spans.begin() + count,
                       [&](const auto& s) { return s.first < end && begin < s.second; });
}

// The word a term of a query stands for: folded, and whether it is a stem.
struct Word {
    std::string folded;
    bool stemmed;
};

// The word of a term; none for a filter's term (a section, a year).
std::optional<Word> word_of(std::string_view term) {
    const bool stemmed = term.starts_with('Z');
    if (stemmed) term.remove_prefix(1);
    if (term.starts_with(schema::kHeadline) || term.starts_with(schema::kByline))
        term.remove_prefix(1);
    if (term.empty() || (term.front() >= 'A' && term.front() <= 'Z')) return std::nullopt;
    return Word{words::fold(term), stemmed};
}

// The words of each phrase of a query, in order.
std::vector<std::vector<std::string>> phrases_of(const Xapian::Query& query) {
    std::vector<std::vector<std::string>> out;
    if (query.get_type() == Xapian::Query::OP_PHRASE) {
        std::vector<std::string> phrase;
        for (auto it = query.get_terms_begin(); it != query.get_terms_end(); ++it)
            if (const std::optional<Word> word = word_of(*it)) phrase.push_back(word->folded);
        out.push_back(std::move(phrase));
        return out;
    }
    for (size_t i = 0; i < query.get_num_subqueries(); ++i)
        for (std::vector<std::string>& phrase : phrases_of(query.get_subquery(i)))
            out.push_back(std::move(phrase));
    return out;
}

}  // namespace

HighlightTerms highlight_terms(const Xapian::Query& query, std::string_view typed,
                               const Xapian::Stopper* stopper) {
    HighlightTerms out;
    std::unordered_set<std::string> phrase_stopwords;  // marked only in their phrases
    for (std::vector<std::string>& phrase : phrases_of(query)) {
        bool holds_stopword = false;
        for (const std::string& word : phrase)
            if (stopper && (*stopper)(word)) {
                phrase_stopwords.insert(word);
                holds_stopword = true;
            }
        if (holds_stopword) out.phrases.push_back(std::move(phrase));
    }
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        const std::optional<Word> word = word_of(*it);
        if (!word || (!word->stemmed && phrase_stopwords.count(word->folded))) continue;
        (word->stemmed ? out.stems : out.words).insert(word->folded);
    }
    // Words typed with a trailing * are marked by prefix.
    for (const auto& [begin, end] : words::split(typed))
        if (end < typed.size() && typed[end] == '*' && (begin == 0 || typed[begin - 1] != ':'))
            out.wildcard_prefixes.push_back(words::fold(typed.substr(begin, end - begin)));
    return out;
}

Highlighter::Highlighter(HighlightTerms terms, const Xapian::Stem& stemmer)
    : terms_(std::move(terms)), stemmer_(stemmer) {
    for (const std::string& stem : terms_.stems) stem_starts_.insert(stem.substr(0, 3));
    // What hints() looks for at the start of a word: the first letters and
    // digits of each word, stem and prefix. One beyond ASCII is hinted
    // wherever it is written, so it needs no key.
    std::unordered_set<std::string> keys;
    for (const auto* set : {&terms_.words, &terms_.stems})
        for (const std::string& word : *set) keys.insert(start_of(word));
    for (const std::vector<std::string>& phrase : terms_.phrases)
        for (const std::string& word : phrase) keys.insert(start_of(word));
    for (const std::string& prefix : terms_.wildcard_prefixes) keys.insert(start_of(prefix));
    for (const std::string& key : keys)
        if (!key.empty()) {
            word_starts_.push_back(key);
            for (unsigned next = 0; next < 256; ++next)
                if (key.size() == 1 || next == static_cast<unsigned char>(key[1]))
                    first_pairs_.set(pair_index(key[0], static_cast<char>(next)));
        }
}

bool Highlighter::may_join_to_a_query_word(std::string_view text, size_t joiner) const {
    size_t start = joiner;
    while (start > 0 && words::in_compound(text, start - 1)) {
        // Beyond ASCII, folding (or a dash that is no word: "—don't") may tell.
        if (static_cast<unsigned char>(text[--start]) >= 0x80) return true;
    }
    std::string head;  // the compound's first bytes, joined, in lower case
    for (size_t i = start; i < text.size() && head.size() < 3; ++i) {
        if (static_cast<unsigned char>(text[i]) >= 0x80) return true;  // folding may tell
        if (words::is_word_byte(text[i]))
            head += lower_ascii(text[i]);
        else if (words::possessive_at(text, i))
            ++i;  // the joined form drops a possessive ("X's-Ray" joins as "xray")
        else if (!words::joiner_at(text, i))
            break;
    }
    return starts_like_a_query_word(head);
}

bool Highlighter::matches(std::string_view word) const {
    const std::string_view acronym = words::acronym_of_plural(word);
    return matches_joined(words::fold(word)) ||
           (!acronym.empty() && matches_joined(words::fold(acronym)));
}

bool Highlighter::matches_joined(const std::string& folded) const {
    if (terms_.words.count(folded)) return true;
    for (const std::string& prefix : terms_.wildcard_prefixes)
        if (folded.starts_with(prefix)) return true;
    // Stemming every word is the costly part: only try words that start like a stem.
    if (!stem_starts_.count(folded.substr(0, 3))) return false;
    return terms_.stems.count(stemmer_(folded)) > 0;
}

std::vector<std::pair<size_t, size_t>> Highlighter::marks(std::string_view text,
                                                          const std::vector<size_t>* hints,
                                                          size_t offset) const {
    // The hints within `text`, as offsets in it; without hints, a hint everywhere.
    std::vector<size_t> here;
    if (hints)
        for (auto h = std::lower_bound(hints->begin(), hints->end(), offset);
             h != hints->end() && *h < offset + text.size(); ++h)
            here.push_back(*h - offset);
    auto hinted = [&](size_t begin, size_t end) {
        const auto h = std::lower_bound(here.begin(), here.end(), begin);
        return !hints || (h != here.end() && *h < end);
    };
    // Compounds are looked for only where a hint lies on a joiner.
    const bool compounds_hinted = !hints || std::any_of(here.begin(), here.end(), [&](size_t h) {
        return words::joiner_at(text, h);
    });
    // Only the runs that hold a hint are read; without hints, the whole text.
    const Spans runs = hints ? runs_around(text, here) : Spans{{0, text.size()}};
    Spans out;
    if (compounds_hinted)
        for (const auto& [run, run_end] : runs)
            for (const words::Joined& j : words::joined(text.substr(run, run_end - run)))
                if (hinted(run + j.begin, run + j.end) && matches_joined(j.form))
                    out.emplace_back(run + j.begin, run + j.end);
    const size_t compounds = out.size();
    // A number Xapian reads as one word ("12.5") is matched whole, as
    // written; not where a marked compound ends in it ("COVID-19.5").
    const Spans numbers = in_runs(text, runs, words::numbers);
    for (const auto& [begin, end] : numbers)
        if (hinted(begin, end) && !overlaps(out, compounds, begin, end) &&
            matches_joined(words::fold(text.substr(begin, end - begin))))
            out.emplace_back(begin, end);
    // A phrase's stopword is marked only beside the phrase's other words, so
    // the whole text is read for it, not the hinted words alone (a text
    // holding a phrase is hinted: its words are among the keys).
    for (const auto& [begin, end] : in_phrases(text))
        if (!within(out, compounds, begin, end)) out.emplace_back(begin, end);
    auto hint = here.begin();  // words come in order: the next hint moves along
    for (const auto& word : in_runs(text, runs, words::split)) {
        const size_t begin = word.first, end = word.second;  // captured below: no binding
        while (hint != here.end() && *hint < begin) ++hint;
        if (hints && (hint == here.end() || *hint >= end)) continue;
        // A number's parts are no words of the index ("12" of "12.5").
        if (!within(out, compounds, begin, end) && !within(numbers, numbers.size(), begin, end) &&
            matches(text.substr(begin, end - begin)))
            out.emplace_back(begin, end);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::pair<size_t, size_t>> Highlighter::in_phrases(std::string_view text) const {
    if (terms_.phrases.empty()) return {};
    const std::vector<std::pair<size_t, size_t>> all = words::split(text);
    std::vector<std::string> folded;
    for (const auto& [begin, end] : all)
        folded.push_back(words::fold(text.substr(begin, end - begin)));
    std::vector<bool> in_one(all.size());  // a word of some phrase written here
    for (const std::vector<std::string>& phrase : terms_.phrases)
        for (size_t i = 0; i + phrase.size() <= all.size(); ++i)
            if (std::equal(phrase.begin(), phrase.end(), folded.begin() + i))
                std::fill(in_one.begin() + i, in_one.begin() + i + phrase.size(), true);
    std::vector<std::pair<size_t, size_t>> out;
    for (size_t i = 0; i < all.size(); ++i)
        if (in_one[i] && !matches(text.substr(all[i].first, all[i].second - all[i].first)))
            out.push_back(all[i]);
    return out;
}

bool Highlighter::starts_like_a_query_word(std::string_view start) const {
    return std::any_of(word_starts_.begin(), word_starts_.end(),
                       [&](const std::string& key) { return start.starts_with(key); });
}

std::vector<size_t> Highlighter::hints(std::string_view text) const {
    // One pass: a query word starts where a letter or digit follows something
    // else, so only word starts are looked up, by their first two bytes
    // first, never each place a key happens to be written inside a word.
    std::vector<size_t> out;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_ascii_alnum(c)) {
            const char next = i + 1 < text.size() && is_ascii_alnum(text[i + 1]) ? text[i + 1] : 0;
            if (first_pairs_[pair_index(lower_ascii(c), lower_ascii(next))] &&
                starts_like_a_query_word(start_of(text.substr(i, 3))))
                out.push_back(i);
            while (i + 1 < text.size() && is_ascii_alnum(text[i + 1])) ++i;  // the word's rest
        } else if (static_cast<unsigned char>(c) >= 0xC0 ||
                   (static_cast<unsigned char>(c) >= 0x80 &&
                    (i == 0 || static_cast<unsigned char>(text[i - 1]) < 0x80))) {
            out.push_back(i);  // a character beyond ASCII, once: at its lead byte
        } else if ((c == '-' || c == '\'' || c == '&' || c == ',') && words::joiner_at(text, i) &&
                   may_join_to_a_query_word(text, i)) {
            out.push_back(i);
        }
    }
    return out;
}

Fragment Highlighter::mark(std::string_view text) const {
    Fragment out;
    size_t at = 0;
    for (const auto& [begin, end] : marks(text)) {
        if (begin > at) out.push_back({std::string(text.substr(at, begin - at)), false});
        out.push_back({std::string(text.substr(begin, end - begin)), true});
        at = end;
    }
    if (at < text.size()) out.push_back({std::string(text.substr(at)), false});
    return out;
}

}  // namespace gazette
