#include "snippet.h"

#include <algorithm>
#include <unordered_set>

#include "words.h"

namespace gazette {
namespace {

constexpr size_t kMaxFragments = 3;

struct Token {
    size_t begin, end;  // byte offsets in the body
    bool match;
};

struct Sentence {
    size_t begin, end;
    std::vector<Token> matches;
    double score = 0;
};

std::vector<Sentence> split_sentences(std::string_view text) {
    std::vector<Sentence> out;
    for (const auto& [begin, end] : words::sentences(text)) out.push_back({begin, end, {}, 0});
    return out;
}

// Fragments longer than the budget are cut to a window around their first
// match, at word boundaries.
std::pair<size_t, size_t> crop(std::string_view text, const Sentence& s, size_t budget) {
    if (s.end - s.begin <= budget) return {s.begin, s.end};
    budget -= std::min<size_t>(budget / 2, 6);  // room for the two "…" marks
    const size_t anchor = s.matches.empty() ? s.begin : s.matches.front().begin;
    size_t begin = anchor > s.begin + budget / 4 ? anchor - budget / 4 : s.begin;
    // Start and end on whole words (never inside a UTF-8 sequence, a word byte).
    while (begin > s.begin && begin < anchor && words::is_word_byte(text[begin - 1])) ++begin;
    size_t end = std::min(s.end, begin + budget);
    while (end > begin && end < s.end && words::is_word_byte(text[end]) &&
           words::is_word_byte(text[end - 1]))
        --end;
    while (begin < end && text[begin] == ' ') ++begin;
    while (end > begin && text[end - 1] == ' ') --end;
    return {begin, end};
}

Fragment make_fragment(std::string_view text, const Sentence& s, size_t begin, size_t end) {
    Fragment fragment;
    size_t at = begin;
    for (const Token& t : s.matches) {
        if (t.begin < begin || t.end > end) continue;
        if (t.begin > at) fragment.push_back({std::string(text.substr(at, t.begin - at)), false});
        fragment.push_back({std::string(text.substr(t.begin, t.end - t.begin)), true});
        at = t.end;
    }
    if (end > at) fragment.push_back({std::string(text.substr(at, end - at)), false});
    return fragment;
}

}  // namespace

Snippet SnippetMaker::make(std::string_view text, size_t max_chars) const {
    std::vector<Sentence> sentences = split_sentences(text);
    const std::vector<size_t> hints = highlighter_.hints(text);
    for (size_t n = 0; n < sentences.size(); ++n) {
        Sentence& s = sentences[n];
        // Most sentences and words hold no query word: only those where a
        // hint lies are read word by word and looked up.
        auto hint = std::lower_bound(hints.begin(), hints.end(), s.begin);
        if (hint == hints.end() || *hint >= s.end) continue;
        std::unordered_set<std::string> distinct;
        const std::string_view sentence = text.substr(s.begin, s.end - s.begin);
        for (const auto& [begin, end] : highlighter_.marks(sentence, &hints, s.begin)) {
            s.matches.push_back({s.begin + begin, s.begin + end, true});
            distinct.insert(words::fold(sentence.substr(begin, end - begin)));
        }
        // Distinct words count most; repeats a little; earlier sentences win ties.
        s.score = distinct.size() + 0.1 * s.matches.size() - 0.001 * n;
    }

    std::vector<const Sentence*> chosen;
    std::vector<const Sentence*> ranked;
    for (const Sentence& s : sentences)
        if (!s.matches.empty()) ranked.push_back(&s);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const Sentence* a, const Sentence* b) { return a->score > b->score; });
    size_t used = 0;
    for (const Sentence* s : ranked) {
        if (chosen.size() == kMaxFragments || used >= max_chars) break;
        if (!chosen.empty() && used + (s->end - s->begin) > max_chars) continue;
        chosen.push_back(s);
        used += s->end - s->begin;
    }
    if (chosen.empty() && !sentences.empty()) chosen.push_back(&sentences.front());
    std::sort(chosen.begin(), chosen.end(),
              [](const Sentence* a, const Sentence* b) { return a->begin < b->begin; });

    Snippet snippet;
    size_t budget = max_chars;
    for (const Sentence* s : chosen) {
        const auto [begin, end] = crop(text, *s, budget);
        if (end <= begin) break;
        Fragment fragment = make_fragment(text, *s, begin, end);
        // Say where a sentence was cut.
        if (begin > s->begin) fragment.insert(fragment.begin(), Span{"…", false});
        if (end < s->end) fragment.push_back({"…", false});
        snippet.fragments.push_back(std::move(fragment));
        budget -= std::min(budget, end - begin);
    }
    return snippet;
}

}  // namespace gazette
