#include "highlight.h"

#include <algorithm>

#include "schema.h"
#include "text.h"
#include "words.h"

namespace gazette {

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
}

bool Highlighter::matches(std::string_view word) const {
    const std::string folded = words::fold(word);
    if (terms_.words.count(folded)) return true;
    for (const std::string& prefix : terms_.wildcard_prefixes)
        if (folded.starts_with(prefix)) return true;
    // Stemming every word is the costly part: only try words that start like a stem.
    if (!stem_starts_.count(folded.substr(0, 3))) return false;
    return terms_.stems.count(stemmer_(folded)) > 0;
}

std::vector<size_t> Highlighter::hints(std::string_view text) const {
    const std::string lower = to_lower_ascii(text);
    std::vector<size_t> out;
    for (size_t i = 0; i < lower.size(); ++i)
        if (static_cast<unsigned char>(lower[i]) >= 0x80) out.push_back(i);
    auto find_all = [&](const std::string& key) {
        if (key.empty()) return;
        for (size_t at = lower.find(key); at != std::string::npos; at = lower.find(key, at + 1))
            out.push_back(at);
    };
    for (const std::string& word : terms_.words) find_all(word);
    for (const std::string& start : stem_starts_) find_all(start);
    for (const std::string& prefix : terms_.wildcard_prefixes) find_all(prefix);
    std::sort(out.begin(), out.end());
    return out;
}

Fragment Highlighter::mark(std::string_view text) const {
    Fragment out;
    size_t at = 0;
    for (const auto& [begin, end] : words::split(text)) {
        if (!matches(text.substr(begin, end - begin))) continue;
        if (begin > at) out.push_back({std::string(text.substr(at, begin - at)), false});
        out.push_back({std::string(text.substr(begin, end - begin)), true});
        at = end;
    }
    if (at < text.size()) out.push_back({std::string(text.substr(at)), false});
    return out;
}

}  // namespace gazette
