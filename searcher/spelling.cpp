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

std::string closest(const Xapian::Database& db, const std::string& word, size_t max_edits) {
    const size_t limit = word.size() <= 4 ? 1 : max_edits;
    std::string best;
    Xapian::doccount best_freq = 0;
    size_t best_distance = limit + 1;
    const std::string first(1, word[0]);
    for (auto it = db.allterms_begin(first); it != db.allterms_end(first); ++it) {
        const std::string term = *it;
        if (!is_plain_word(term)) continue;
        const size_t d = edit_distance(word, term, limit);
        if (d > limit) continue;
        const Xapian::doccount freq = it.get_termfreq();
        if (d < best_distance || (d == best_distance && freq > best_freq)) {
            best = term;
            best_freq = freq;
            best_distance = d;
        }
    }
    return best;
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

}  // namespace

std::string correction(const Xapian::Database& db, const std::string& word,
                       const std::string& language, size_t max_edits) {
    // Most words are held as they are: the stemmer is made only for the others.
    const std::vector<std::string>& stops = stopwords(language);
    if (!is_plain_word(word) || db.term_exists(word) ||
        std::find(stops.begin(), stops.end(), word) != stops.end() ||
        found_in_other_forms(db, word, Xapian::Stem(language), spellings::english(language)))
        return {};
    return closest(db, word, max_edits);
}

std::string spelling_suggestion(const Xapian::Database& db, const std::string& query,
                                const std::string& language) {
    const bool shouting =
        std::none_of(query.begin(), query.end(), [](unsigned char c) { return std::islower(c); });
    std::string out;
    bool changed = false, first = true;
    size_t i = 0;
    while (i < query.size()) {
        if (!std::isalpha(static_cast<unsigned char>(query[i]))) {
            out += query[i++];
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
        const std::string fix =
            operator_or_field || name ? std::string() : correction(db, word, language, 2);
        out += fix.empty() ? typed : in_case_of(typed, fix);
        changed |= !fix.empty();
        first = false;
        i = j;
    }
    return changed ? out : std::string();
}

}  // namespace gazette
