#include "highlight.h"

#include <algorithm>

#include "schema.h"
#include "text.h"
#include "words.h"

namespace gazette {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

// The words of the runs between spaces that hold a hint, in order: all of
// them that may match. A word never spans a space, so these are the words
// that splitting the whole text gives there, without reading the rest.
std::vector<std::pair<size_t, size_t>> words_around(std::string_view text,
                                                    const std::vector<size_t>& hints) {
    std::vector<std::pair<size_t, size_t>> out;
    size_t done = 0;  // where the last run read ends
    for (const size_t hint : hints) {
        if (hint < done) continue;
        size_t begin = hint, end = hint;
        while (begin > done && !is_space(text[begin - 1])) --begin;
        while (end < text.size() && !is_space(text[end])) ++end;
        for (const auto& [b, e] : words::split(text.substr(begin, end - begin)))
            out.emplace_back(begin + b, begin + e);
        done = end;
    }
    return out;
}

}  // namespace

HighlightTerms highlight_terms(const Xapian::Query& query, std::string_view typed) {
    HighlightTerms out;
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        const std::string full = *it;
        std::string_view term = full;
        const bool stemmed = term.starts_with('Z');
        if (stemmed) term.remove_prefix(1);
        if (term.starts_with(schema::kHeadline) || term.starts_with(schema::kByline))
            term.remove_prefix(1);
        if (term.empty() || (term.front() >= 'A' && term.front() <= 'Z')) continue;  // a filter
        (stemmed ? out.stems : out.words).insert(words::fold(term));
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
    for (const auto* set : {&terms_.words, &terms_.stems})
        for (const std::string& word : *set) starts_.insert(word.substr(0, 3));
    for (const std::string& prefix : terms_.wildcard_prefixes) starts_.insert(prefix.substr(0, 3));
    // What hints() looks for: each word, stem start and prefix, but not one
    // that starts with another (every place it is written, that one is too).
    std::vector<std::string> keys(terms_.words.begin(), terms_.words.end());
    keys.insert(keys.end(), stem_starts_.begin(), stem_starts_.end());
    keys.insert(keys.end(), terms_.wildcard_prefixes.begin(), terms_.wildcard_prefixes.end());
    std::sort(keys.begin(), keys.end());
    for (const std::string& key : keys)
        if (!key.empty() && (hint_keys_.empty() || !key.starts_with(hint_keys_.back())))
            hint_keys_.push_back(key);
}

bool Highlighter::may_join_to_a_query_word(std::string_view lower, size_t joiner) const {
    size_t start = joiner;
    while (start > 0 &&
           (words::is_word_byte(lower[start - 1]) || words::joiner_at(lower, start - 1)))
        --start;
    std::string head;  // the compound's first bytes, joined
    for (size_t i = start; i < lower.size() && head.size() < 3; ++i) {
        if (static_cast<unsigned char>(lower[i]) >= 0x80) return true;  // folding may tell
        if (words::is_word_byte(lower[i]))
            head += lower[i];
        else if (!words::joiner_at(lower, i))
            break;
    }
    return std::any_of(starts_.begin(), starts_.end(),
                       [&](const std::string& s) { return head.starts_with(s); });
}

bool Highlighter::matches(std::string_view word) const {
    return matches_joined(words::fold(word));
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
    std::vector<std::pair<size_t, size_t>> out;
    if (compounds_hinted)
        for (const words::Joined& j : words::joined(text))
            if (hinted(j.begin, j.end) && matches_joined(j.form)) out.emplace_back(j.begin, j.end);
    const size_t compounds = out.size();
    auto hint = here.begin();  // words come in order: the next hint moves along
    for (const auto& word : hints ? words_around(text, here) : words::split(text)) {
        const size_t begin = word.first, end = word.second;  // captured below: no binding
        while (hint != here.end() && *hint < begin) ++hint;
        if (hints && (hint == here.end() || *hint >= end)) continue;
        const bool inside = std::any_of(out.begin(), out.begin() + compounds, [&](const auto& c) {
            return c.first <= begin && end <= c.second;
        });
        if (!inside && matches(text.substr(begin, end - begin))) out.emplace_back(begin, end);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<size_t> Highlighter::hints(std::string_view text) const {
    const std::string lower = to_lower_ascii(text);
    std::vector<size_t> out;
    for (size_t i = 0; i < lower.size(); ++i)
        if (static_cast<unsigned char>(lower[i]) >= 0x80) out.push_back(i);
    for (const std::string& key : hint_keys_)
        for (size_t at = lower.find(key); at != std::string::npos; at = lower.find(key, at + 1))
            out.push_back(at);
    // Each joiner by itself (a memchr each): most bytes are none of them.
    for (const char joiner : {'-', '\'', '&', ','})
        for (size_t i = lower.find(joiner); i != std::string::npos; i = lower.find(joiner, i + 1))
            if (words::joiner_at(lower, i) && may_join_to_a_query_word(lower, i)) out.push_back(i);
    std::sort(out.begin(), out.end());
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
