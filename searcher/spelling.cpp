#include "spelling.h"

#include <algorithm>
#include <vector>

#include "schema.h"
#include "spellings.h"
#include "text.h"

namespace gazette {
namespace {

// Optimal string alignment distance, stopping early past `limit`.
size_t edit_distance(const std::string& a, const std::string& b, size_t limit) {
    if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t row_min = limit + 1;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            row_min = std::min(row_min, d[i][j]);
        }
        if (row_min > limit) return limit + 1;
    }
    return d[a.size()][b.size()];
}

bool is_plain_word(const std::string& w) {
    return w.size() >= 3 &&
           std::all_of(w.begin(), w.end(), [](unsigned char c) { return c >= 'a' && c <= 'z'; });
}

std::string correction(const Xapian::Database& db, const std::string& word) {
    const size_t limit = word.size() <= 4 ? 1 : 2;
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

// Whether the database holds the word, or its other spelling ("color" for
// "colour"), which the query finds as well.
bool known(const Xapian::Database& db, const std::string& word, const std::string& language) {
    if (db.term_exists(word)) return true;
    if (!spellings::english(language)) return false;
    const std::vector<std::string> others = spellings::others(word, Xapian::Stem(language)).words;
    return std::any_of(others.begin(), others.end(),
                       [&](const std::string& other) { return db.term_exists(other); });
}

}  // namespace

std::string spelling_suggestion(const Xapian::Database& db, const std::string& query,
                                const std::string& language) {
    std::string out;
    bool changed = false, in_phrase = false;
    size_t i = 0;
    while (i < query.size()) {
        if (query[i] == '"') in_phrase = !in_phrase;
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
        std::string fix;
        if (!operator_or_field && is_plain_word(word) && !known(db, word, language))
            fix = correction(db, word);
        out += fix.empty() ? typed : fix;
        changed |= !fix.empty();
        i = j;
    }
    return changed ? out : std::string();
}

}  // namespace gazette
