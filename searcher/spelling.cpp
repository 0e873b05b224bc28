#include "spelling.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "schema.h"
#include "spellings.h"
#include "stopwords.h"
#include "text.h"

namespace gazette {
namespace {

bool is_plain_word(const std::string& w) {
    return w.size() >= 3 &&
           std::all_of(w.begin(), w.end(), [](unsigned char c) { return c >= 'a' && c <= 'z'; });
}

// The plain words within `limit` edits of `word` at the least distance, most
// frequent first; none when the most frequent is a stopword: then `word` is
// a stopword mistyped ("coud"), or a word the archive lacks, and either way
// the search has nothing to look for ("shush" is no "such", nor "coud" "cold").
std::vector<std::string> closest(const Xapian::Database& db, const std::string& word, size_t limit,
                                 const std::vector<std::string>& stops) {
    std::vector<std::pair<Xapian::doccount, std::string>> best;  // by frequency
    size_t best_distance = limit + 1;
    const std::string first(1, word[0]);
    for (auto it = db.allterms_begin(first); it != db.allterms_end(first); ++it) {
        const std::string term = *it;
        if (!is_plain_word(term)) continue;
        const size_t d = edit_distance(word, term, limit);
        if (d > std::min(limit, best_distance)) continue;
        if (d < best_distance) best.clear(), best_distance = d;
        best.emplace_back(it.get_termfreq(), term);
    }
    std::stable_sort(best.begin(), best.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    auto stop = [&](const std::string& w) {
        return std::find(stops.begin(), stops.end(), w) != stops.end();
    };
    std::vector<std::string> out;
    if (!best.empty() && stop(best.front().second)) return out;
    for (auto& [freq, term] : best)
        if (!stop(term)) out.push_back(std::move(term));
    return out;
}

// Whether a search finds a word the database does not hold as it is: by
// another form of its stem ("suppressing" by "suppression": words match by
// their stem), or by its other spelling ("color" for "colour": spellings.h).
bool found_in_other_forms(const Xapian::Database& db, const std::string& word,
                          const Xapian::Stem& stem, bool english) {
    if (stem.is_none()) return false;
    if (db.term_exists(schema::stemmed_term("", stem(word)))) return true;
    if (!english) return false;
    const std::vector<std::string> others = spellings::others(word, stem).words;
    return std::any_of(others.begin(), others.end(),
                       [&](const std::string& other) { return db.term_exists(other); });
}

// The term a search finds `word` by: its stem, which matches every form
// ("humans" as "human"), else the word as written; "" if the index holds
// neither.
std::string found_as(const Xapian::Database& db, const std::string& word,
                     const Xapian::Stem& stem) {
    if (!stem.is_none()) {
        const std::string stemmed = schema::stemmed_term("", stem(word));
        if (db.term_exists(stemmed)) return stemmed;
    }
    return db.term_exists(word) ? word : std::string();
}

// Whether an article holds `term` beside one of `others`, itself aside (a
// word typed twice is no correction of one of them).
bool fits(const Xapian::Database& db, const std::string& term,
          const std::vector<std::string>& others) {
    std::vector<Xapian::Query> context;
    for (const std::string& other : others)
        if (other != term) context.emplace_back(other);
    if (context.empty()) return false;
    Xapian::Enquire together(db);
    together.set_weighting_scheme(Xapian::BoolWeight());
    together.set_query(
        Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(term),
                      Xapian::Query(Xapian::Query::OP_OR, context.begin(), context.end())));
    return !together.get_mset(0, 1).empty();
}

bool text_field(const std::string& name) {
    return std::any_of(std::begin(schema::kTextFields), std::end(schema::kTextFields),
                       [&](const schema::TextField& f) { return f.name == name; });
}

// Where the value of a field starting at `at` ends: at a space, or past its
// closing quote.
size_t value_end(const std::string& query, size_t at) {
    if (at < query.size() && query[at] == '"') {
        const size_t close = query.find('"', at + 1);
        return close == std::string::npos ? query.size() : close + 1;
    }
    const size_t space = query.find(' ', at);
    return space == std::string::npos ? query.size() : space;
}

}  // namespace

std::vector<std::string> candidates(const Xapian::Database& db, const std::string& word,
                                    const std::string& language, size_t max_edits) {
    // Most words are held as they are: the stemmer is made only for the others.
    const std::vector<std::string>& stops = stopwords(language);
    if (!is_plain_word(word) || db.term_exists(word) ||
        std::find(stops.begin(), stops.end(), word) != stops.end() ||
        found_in_other_forms(db, word, Xapian::Stem(language), spellings::english(language)))
        return {};
    return closest(db, word, word.size() <= 4 ? 1 : max_edits, stops);
}

std::vector<std::string> corrections(const Xapian::Database& db,
                                     const std::vector<std::string>& words,
                                     const std::vector<std::vector<std::string>>& nearest,
                                     const std::string& language) {
    std::vector<std::string> out(words.size());
    if (std::all_of(nearest.begin(), nearest.end(), [](const auto& n) { return n.empty(); }))
        return out;  // the common case: nothing to correct
    const std::vector<std::string>& stops = stopwords(language);
    const Xapian::Stem stem(language);
    auto as_found = [&](const std::string& word) {
        const bool stop = std::find(stops.begin(), stops.end(), word) != stops.end();
        return stop ? std::string() : found_as(db, word, stem);
    };
    // Each word as the search finds it: itself, or any of its candidates.
    std::vector<std::vector<std::string>> found(words.size());
    for (size_t i = 0; i < words.size(); ++i)
        for (const std::string& w : nearest[i].empty() ? std::vector{words[i]} : nearest[i])
            if (std::string term = as_found(w); !term.empty()) found[i].push_back(term);
    for (size_t i = 0; i < words.size(); ++i) {
        if (nearest[i].empty()) continue;
        std::vector<std::string> others;
        for (size_t j = 0; j < words.size(); ++j)
            if (j != i) others.insert(others.end(), found[j].begin(), found[j].end());
        if (others.empty()) {
            out[i] = nearest[i].front();
            continue;
        }
        for (const std::string& candidate : nearest[i]) {
            if (fits(db, as_found(candidate), others)) {
                out[i] = candidate;
                break;
            }
        }
    }
    return out;
}

std::string spelling_suggestion(const Xapian::Database& db, const std::string& query,
                                const std::string& language) {
    const bool shouting =
        std::none_of(query.begin(), query.end(), [](unsigned char c) { return std::islower(c); });
    struct Word {
        size_t begin, end;
        std::string typed;
    };
    std::vector<Word> spans;
    std::vector<std::string> words;
    std::vector<std::vector<std::string>> nearest;
    bool first = true;
    size_t i = 0;
    while (i < query.size()) {
        if (!std::isalpha(static_cast<unsigned char>(query[i]))) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < query.size() && (std::isalnum(static_cast<unsigned char>(query[j])) ||
                                    static_cast<unsigned char>(query[j]) >= 0x80))
            ++j;
        const std::string typed = query.substr(i, j - i);
        const std::string word = to_lower_ascii(typed);
        const bool operator_or_field = typed == "AND" || typed == "OR" || typed == "NOT" ||
                                       typed == "NEAR" ||
                                       (j < query.size() && (query[j] == ':' || query[j] == '*'));
        // A name or an acronym ("DSS", "Collier": capitals past the first
        // word of a query not all in capitals) is left alone: the archive
        // may just not have it.
        const bool name =
            !shouting && typed != word && !(first && typed.substr(1) == word.substr(1));
        if (j < query.size() && query[j] == ':' && !text_field(word)) {
            i = value_end(query, j + 1);  // a filter's value is matched as it is
            continue;
        }
        if (!operator_or_field) {
            spans.push_back({i, j, typed});
            words.push_back(word);
            nearest.push_back(name ? std::vector<std::string>()
                                   : candidates(db, word, language, 2));
        }
        first = false;
        i = j;
    }
    const std::vector<std::string> fixes = corrections(db, words, nearest, language);
    if (std::all_of(fixes.begin(), fixes.end(), [](const std::string& f) { return f.empty(); }))
        return {};
    std::string out;
    size_t at = 0;
    for (size_t k = 0; k < spans.size(); ++k) {
        if (fixes[k].empty()) continue;
        out += query.substr(at, spans[k].begin - at) + in_case_of(spans[k].typed, fixes[k]);
        at = spans[k].end;
    }
    return out + query.substr(at);
}

}  // namespace gazette
