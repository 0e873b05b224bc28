#include "query.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "dates.h"
#include "query_tree.h"
#include "schema.h"
#include "spelling.h"
#include "spellings.h"
#include "stopwords.h"
#include "text.h"
#include "words.h"

namespace gazette {
namespace {

constexpr unsigned kFlags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                            Xapian::QueryParser::FLAG_PURE_NOT |
                            Xapian::QueryParser::FLAG_CJK_NGRAM;
// A wildcard may stand for at most this many words (the most frequent ones),
// so one request can't expand to the whole vocabulary.
constexpr Xapian::termcount kMaxWildcardExpansion = 100;

// Whether text[at] is a letter of an acronym written with full stops (the
// U and S of "U.S."): Xapian reads those as one word only in capitals.
bool in_dotted_acronym(const std::string& text, size_t at) {
    return at + 1 < text.size() && text[at + 1] == '.' &&
           (at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1])));
}

// A query typed all in capitals is shouting, not names and operators: read it
// as lower case so that its words are stemmed and AND/OR/NOT are plain words.
std::string unshout(const std::string& text) {
    bool upper = false;
    for (unsigned char c : text) {
        if (c >= 'a' && c <= 'z') return text;
        upper = upper || (c >= 'A' && c <= 'Z');
    }
    std::string out = text;
    for (size_t i = 0; i < out.size(); ++i)
        if (out[i] >= 'A' && out[i] <= 'Z' && !in_dotted_acronym(text, i)) out[i] += 'a' - 'A';
    return out;
}
// The shortest part of a word split in two ("heat wave"): shorter parts
// make too many false splits.
constexpr size_t kMinCompoundPart = 3;

// Xapian leaves a word that starts with a capital unstemmed, as a name; but
// readers capitalise a query's first word as they would a sentence's, and
// "Nurses strike" should find what "nurses strike" finds. So the first word,
// if it has a capital first and a small letter after, is read in lower case.
// Words all in capitals (NATO, U.S.) and capitalised words further on, names
// more often than not, stay as typed.
std::string lower_first_initial(std::string text) {
    const auto words = words::split(text);
    if (words.empty()) return text;
    const auto [begin, end] = words.front();
    const bool small_after = std::any_of(text.begin() + begin + 1, text.begin() + end,
                                         [](char c) { return c >= 'a' && c <= 'z'; });
    if (text[begin] >= 'A' && text[begin] <= 'Z' && small_after) text[begin] += 'a' - 'A';
    return text;
}

// Keeps letters, digits and spaces: what is left of a malformed query.
std::string plain_words(const std::string& query) {
    std::string out;
    for (unsigned char c : query)
        out += (std::isalnum(c) || c >= 0x80) ? static_cast<char>(c) : ' ';
    return out;
}

// Values of one field ORed; an empty list filters nothing.
Xapian::Query any_of(const schema::Field& field, const std::vector<std::string>& values) {
    std::vector<Xapian::Query> terms;
    for (const std::string& v : values) terms.emplace_back(schema::filter_term(field, v));
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// `Section:Crude` means `section:crude`: field names are read in any case.
std::string lower_field_names(const std::string& text) {
    std::string out = text;
    for (size_t colon = out.find(':'); colon != std::string::npos;
         colon = out.find(':', colon + 1)) {
        size_t start = colon;
        while (start > 0 && std::isalpha(static_cast<unsigned char>(out[start - 1]))) --start;
        const std::string name = to_lower_ascii(std::string_view(out).substr(start, colon - start));
        const bool known =
            schema::find_field(name) || name == schema::kDateField ||
            std::any_of(std::begin(schema::kTextFields), std::end(schema::kTextFields),
                        [&](const schema::TextField& f) { return f.name == name; });
        if (known) out.replace(start, colon - start, name);
    }
    return out;
}

// A filter value typed in a query (`section:crude`) means what the option
// (`--section Crude`) means: matched by its folded form.
class FilterProcessor : public Xapian::FieldProcessor {
  public:
    explicit FilterProcessor(const schema::Field& field) : field_(field) {}
    Xapian::Query operator()(const std::string& value) override {
        return Xapian::Query(schema::filter_term(field_, value));
    }

  private:
    const schema::Field& field_;
};

// A date as the date slot holds it: 8 digits, even before the year 1000.
std::string date_value(const Date& date) {
    return fmt::format("{:08}", date.yyyymmdd());
}

// `--since 2025-02` means from its first day, `--until 2025-02` through its last.
std::string since_value(const std::string& text) {
    const auto span = parse_date_span(text);
    if (!span) throw QueryError("since date not understood: " + text);
    return date_value(span->first);
}
std::string until_value(const std::string& text) {
    const auto span = parse_date_span(text);
    if (!span) throw QueryError("until date not understood: " + text);
    return date_value(span->last);
}

// The articles dated within a span; either end may be left open.
Xapian::Query dated(const std::string& from, const std::string& to) {
    // A span that ends before it starts holds no article. Xapian's empty
    // range is the empty Query, which a filter takes for no filter at all.
    if (!from.empty() && !to.empty() && from > to)
        return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll,
                             Xapian::Query::MatchAll);
    if (from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, to);
    if (to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, from);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, from, to);
}

// A date a query names that is none: an error, not words to search for (the
// filter asked for would be lost, and the query widened by its numbers).
std::string not_a_date(const std::string& text) {
    return "date not understood: '" + text +
           "' (a day, month or year: 2025-02-16, 2025-02, 2025; a range: 2025-02-01..2025-02-28)";
}

// `date:2025-02-01..2025-02-28` in a query; each end is a day, a month or a
// year (dates.h), so `date:2024..2025` spans both years whole. Xapian's own
// DateRangeProcessor reads "2025" or "2025-02" as no date, or a wrong one.
class DateRange : public Xapian::RangeProcessor {
  public:
    DateRange() : RangeProcessor(schema::kDateSlot, std::string(schema::kDateField) + ":") {}
    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        const auto from = parse_date_span(begin), to = parse_date_span(end);
        if (!begin.empty() && !from) throw QueryError(not_a_date(begin));
        if (!end.empty() && !to) throw QueryError(not_a_date(end));
        return dated(from ? date_value(from->first) : "", to ? date_value(to->last) : "");
    }
};

// `date:2025-02-16`, `date:2025-02` or `date:2025` alone: the days it spans.
class DateFilter : public Xapian::FieldProcessor {
  public:
    Xapian::Query operator()(const std::string& text) override {
        const auto span = parse_date_span(text);
        if (!span) throw QueryError(not_a_date(text));
        return dated(date_value(span->first), date_value(span->last));
    }
};

Xapian::Query filter_query(const Filters& f) {
    std::vector<Xapian::Query> parts;
    for (const auto& [name, values] : f.values) {
        if (values.empty()) continue;
        const schema::Field* field = schema::find_field(name);
        if (!field) throw QueryError("unknown filter '" + name + "'");
        parts.push_back(any_of(*field, values));
    }
    if (!f.since.empty() || !f.until.empty())
        parts.push_back(dated(f.since.empty() ? "" : since_value(f.since),
                              f.until.empty() ? "" : until_value(f.until)));
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

// A compound typed with its hyphen ("cease-fire") is parsed as a phrase of
// its parts; an article that writes it joined ("ceasefire") matches it too,
// by the joined form (the indexer adds it for compounds, stemmed as here:
// words.h). An article holding the joined form weighs by it, one holding
// only the phrase by that, so that an article holding both is not counted
// twice: with a plain OR, MAP fell on three of the four judged collections
// (docs/evaluation.md). Not OP_MAX, which weighed the better of the two:
// Xapian 1.4's OP_MAX reads a posting list it has freed, and crashed about
// one query of several compounds in 600. Nor OP_SYNONYM: over a phrase its
// statistics are estimates, and IneB2 scored infinity on them.
Xapian::Query with_joined_forms(const Xapian::Query& query, const std::string& text,
                                const Xapian::Stem& stem) {
    std::set<std::string> forms;
    for (const words::Joined& j : words::joined(text)) forms.insert(j.form);
    if (forms.empty()) return query;
    return rewrite(query, [&](const Xapian::Query& q) -> std::optional<Xapian::Query> {
        if (q.get_type() != Xapian::Query::OP_PHRASE) return std::nullopt;
        std::string prefix, form;  // the parts share their field's prefix
        for (auto it = q.get_terms_begin(); it != q.get_terms_end(); ++it) {
            const std::string term = *it;
            const size_t word = term.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
            if (word == std::string::npos) return std::nullopt;
            if (form.empty()) prefix = term.substr(0, word);
            if (term.compare(0, word, prefix) != 0 || word != prefix.size()) return std::nullopt;
            form += term.substr(word);
        }
        if (!forms.count(form)) return std::nullopt;
        const bool stemmed = !stem.is_none() && !std::isdigit(static_cast<unsigned char>(form[0]));
        const Xapian::Query joined(stemmed ? schema::stemmed_term(prefix, stem(form))
                                           : prefix + form);
        return Xapian::Query(Xapian::Query::OP_OR, joined,
                             Xapian::Query(Xapian::Query::OP_AND_NOT, q, joined));
    });
}

// The words of a query typed in lower-case letters alone, outside quotes,
// fields and operators, as [begin, end) offsets: the words that may be a
// compound written as one, or misspelt.
std::vector<std::pair<size_t, size_t>> plain_typed_words(const std::string& text) {
    std::vector<std::pair<size_t, size_t>> out;
    for (const auto& [begin, end] : words::split(text)) {
        const bool quoted = std::count(text.begin(), text.begin() + begin, '"') % 2 == 1;
        const bool alone = (begin == 0 || text[begin - 1] == ' ') &&
                           (end == text.size() ||
                            std::string_view(" ,.?!").find(text[end]) != std::string_view::npos);
        const bool lower = std::all_of(text.begin() + begin, text.begin() + end,
                                       [](char c) { return c >= 'a' && c <= 'z'; });
        if (!quoted && alone && lower) out.emplace_back(begin, end);
    }
    return out;
}

// One stopper per language for the life of the program, as a builder is made
// for every search (filling one took a few percent of a search's time).
const Xapian::Stopper* stopper_for(const std::string& language) {
    static std::mutex mutex;
    static std::map<std::string, Xapian::SimpleStopper> stoppers;
    const std::lock_guard lock(mutex);
    const auto [it, fresh] = stoppers.try_emplace(language);
    if (fresh)
        for (const std::string& word : stopwords(language)) it->second.add(word);
    return &it->second;
}

// A query of excluded words alone ("-council", "-council -\"tram line\"") as
// the same with NOT ("NOT council NOT \"tram line\""), else "". Xapian reads
// a query of `-` words alone as no query at all, which would then be searched
// as its plain words: the very articles asked to be left out.
std::string excluded_alone_as_not(const std::string& text) {
    std::string out;
    bool quoted = false, any = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const bool starts = !quoted && text[i] != ' ' && (i == 0 || text[i - 1] == ' ');
        if (starts) {
            if (text[i] != '-' || i + 1 == text.size() || text[i + 1] == ' ') return {};
            out += "NOT ";
            any = true;
            continue;
        }
        if (text[i] == '"') quoted = !quoted;
        out += text[i];
    }
    return any ? out : std::string();
}

}  // namespace

QueryBuilder::QueryBuilder(const Xapian::Database& db, const std::string& language)
    : db_(db),
      language_(language),
      english_(spellings::english(language)),
      stopper_(stopper_for(language)),
      stem_(language) {
    parser_.set_stopper(stopper_);
    parser_.set_database(db);
    parser_.set_stemmer(stem_);
    parser_.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    for (const schema::TextField& f : schema::kTextFields)
        parser_.add_prefix(std::string(f.name), std::string(f.prefix));
    // A field also searched by its words (byline:) is a text field in queries.
    for (const schema::Field& f : schema::kFields)
        if (std::none_of(std::begin(schema::kTextFields), std::end(schema::kTextFields),
                         [&](const schema::TextField& t) { return t.name == f.name; }))
            parser_.add_boolean_prefix(std::string(f.name), (new FilterProcessor(f))->release());
    parser_.add_rangeprocessor((new DateRange)->release());
    parser_.add_boolean_prefix(std::string(schema::kDateField), (new DateFilter)->release());
}

Xapian::Query QueryBuilder::parse_with(const std::string& text,
                                       Xapian::QueryParser::stem_strategy strategy) {
    parser_.set_stemming_strategy(strategy);
    Xapian::Query query;
    try {
        const std::string negated = excluded_alone_as_not(text);
        query = parser_.parse_query(negated.empty() ? text : negated, kFlags);
    } catch (const Xapian::QueryParserError&) {
        return parse_plain(text);
    }
    // Stopwords alone, or punctuation: try the words as they are.
    if (query.empty() && !text.empty()) return parse_plain(text);
    return query;
}

// The words alone, without the query language. Xapian still refuses some byte
// sequences (NULs among invalid UTF-8, found by fuzz_query): those hold no
// words to search for.
Xapian::Query QueryBuilder::parse_plain(const std::string& text) {
    try {
        return parser_.parse_query(plain_words(text), Xapian::QueryParser::FLAG_CJK_NGRAM);
    } catch (const Xapian::QueryParserError&) {
        return Xapian::Query();
    }
}

// Words match in any form of their stem; the exact forms typed are kept
// apart, for a bonus on the top hits (exact_forms()).
Xapian::Query QueryBuilder::parse(const std::string& typed) {
    corrected_ = correct_ ? with_corrections(typed) : std::string();
    const std::string text = lower_field_names(unshout(corrected_.empty() ? typed : corrected_));
    // Words match in their searchable form (words.h: no accents, no
    // possessive); the exact forms, accents and all, earn the bonus.
    const std::string searched = lower_first_initial(words::searchable(text));
    Xapian::Query stemmed = parse_with(searched, Xapian::QueryParser::STEM_SOME);
    const Xapian::Query exact = parse_with(text, Xapian::QueryParser::STEM_NONE);
    const std::set<std::string> weighed(stemmed.get_unique_terms_begin(),
                                        stemmed.get_unique_terms_end());
    stemmed = with_other_spellings(stemmed, text);
    stemmed = with_joined_forms(with_split_compounds(stemmed, searched), text, stem_);
    std::vector<Xapian::Query> forms;
    for (auto it = exact.get_unique_terms_begin(); it != exact.get_unique_terms_end(); ++it)
        if (!weighed.count(*it)) forms.emplace_back(*it);
    exact_forms_ = forms.size() > schema::kMaxExactFormWords
                       ? Xapian::Query()
                       : Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end());
    return stemmed;
}

// Each word also matches its other English spellings that the database
// holds ("colour" finds "color"), as one term to BM25 (OP_SYNONYM): an
// article writing both is not counted twice, and a spelling rare on one side
// of the Atlantic does not weigh as a rare word. Phrases keep their words as
// typed. Sets words_.
Xapian::Query QueryBuilder::with_other_spellings(const Xapian::Query& query,
                                                 const std::string& text) {
    std::map<std::string, std::vector<std::string>> others;  // by word, and by Z and its stem
    if (english_)
        for (const auto& [begin, end] : words::split(text)) {
            const std::string word = words::fold(std::string_view(text).substr(begin, end - begin));
            spellings::Others o = spellings::others(word, stem_);
            if (!o.words.empty()) others.try_emplace(word, std::move(o.words));
            if (!o.stems.empty())
                others.try_emplace(schema::stemmed_term("", stem_(word)), std::move(o.stems));
        }
    std::map<std::string, std::vector<std::string>> forms;  // a term: it and its others held
    const Xapian::Query out =
        rewrite(query, [&](const Xapian::Query& q) -> std::optional<Xapian::Query> {
            if (q.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
            const std::string term = *q.get_terms_begin();
            const size_t body = term.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
            if (body == std::string::npos) return std::nullopt;
            const std::string word = term.substr(body);
            const auto found = others.find(
                term.starts_with(schema::kStemmed) ? schema::stemmed_term("", word) : word);
            if (found == others.end()) return std::nullopt;
            std::vector<std::string> held{term};
            for (const std::string& other : found->second) {
                const std::string form = term.substr(0, body) + other;
                if (std::find(held.begin(), held.end(), form) == held.end() &&
                    db_.term_exists(form))
                    held.push_back(form);
            }
            if (held.size() == 1) return std::nullopt;
            forms[term] = held;
            return Xapian::Query(Xapian::Query::OP_SYNONYM, held.begin(), held.end());
        });
    words_.clear();
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it)
        words_.push_back(forms.count(*it) ? forms[*it] : std::vector<std::string>{*it});
    return out;
}

// A word no article holds that splits into two words articles hold
// ("heatwave" -> "heat wave", "lawmakers" -> "law makers") is searched as
// the phrase of those: the split whose rarer part is the most common, if
// several. Not into a stopword: "therapist" is not "the rapist". (Two words
// typed apart do not also match the word they make: measured, that lowered
// Cranfield and MED, whose prose runs many such words together.)
Xapian::Query QueryBuilder::with_split_compounds(const Xapian::Query& query,
                                                 const std::string& text) const {
    std::map<std::string, Xapian::Query> splits;  // an unknown word's term: its phrase
    for (const auto& [begin, end] : plain_typed_words(text)) {
        const std::string word = text.substr(begin, end - begin);
        if (std::optional<Xapian::Query> phrase = split(word))
            splits.insert_or_assign(term(word), std::move(*phrase));
    }
    if (splits.empty()) return query;
    return rewrite(query, [&](const Xapian::Query& q) -> std::optional<Xapian::Query> {
        if (q.get_type() != Xapian::Query::LEAF_TERM) return std::nullopt;
        const auto found = splits.find(*q.get_terms_begin());
        if (found == splits.end()) return std::nullopt;
        return found->second;
    });
}

std::string QueryBuilder::term(const std::string& word) const {
    return stem_.is_none() ? word : schema::stemmed_term("", stem_(word));
}

// The phrase, written in some article, of the two words that a word no
// article holds splits into, if any (with_split_compounds). Not a phrase no
// article writes: a typo splits too ("badget", "bad get").
std::optional<Xapian::Query> QueryBuilder::split(const std::string& word) const {
    if (word.size() < 2 * kMinCompoundPart || db_.term_exists(term(word))) return std::nullopt;
    std::optional<Xapian::Query> best;
    Xapian::doccount best_freq = 0;
    for (size_t cut = kMinCompoundPart; cut + kMinCompoundPart <= word.size(); ++cut) {
        const std::string parts[] = {word.substr(0, cut), word.substr(cut)};
        if ((*stopper_)(parts[0]) || (*stopper_)(parts[1])) continue;
        const Xapian::doccount rarer =
            std::min(db_.get_termfreq(parts[0]), db_.get_termfreq(parts[1]));
        if (rarer <= best_freq) continue;
        const Xapian::Query phrase(Xapian::Query::OP_PHRASE, std::begin(parts), std::end(parts));
        Xapian::Enquire written(db_);
        written.set_query(phrase);
        if (written.get_mset(0, 1).empty()) continue;
        best_freq = rarer;
        best = phrase;
    }
    return best;
}

// The query typed with each word the search would miss (spelling.h), typed
// in lower case (not a name) and no compound of two words, replaced by its
// correction one edit away ("budgte cuts" -> "budget cuts"), chosen to fit
// the other words (spelling.h: corrections); "" if there is none. One edit is
// the typo people make; a word two edits from the nearest is more often a real word the archive
// lacks ("fraud" is no "frame"), so it is searched as typed and only offered as a suggestion. The
// first word of a sentence and a query in capitals count as lower case, as
// the query reads them; a correction keeps the case typed.
std::string QueryBuilder::with_corrections(const std::string& typed) const {
    const std::string read = lower_first_initial(unshout(typed));  // same offsets
    const std::vector<std::pair<size_t, size_t>> spans = plain_typed_words(read);
    std::vector<std::string> words;
    std::vector<std::vector<std::string>> nearest;
    for (const auto& [begin, end] : spans) {
        words.push_back(read.substr(begin, end - begin));
        nearest.push_back(split(words.back()) ? std::vector<std::string>()
                                              : candidates(db_, words.back(), language_, 1));
    }
    const std::vector<std::string> fixes = corrections(db_, words, nearest, language_);
    std::string out;
    size_t at = 0;
    for (size_t i = 0; i < spans.size(); ++i) {
        if (fixes[i].empty()) continue;
        const auto [begin, end] = spans[i];
        out += typed.substr(at, begin - at) +
               in_case_of(std::string_view(typed).substr(begin, end - begin), fixes[i]);
        at = end;
    }
    return at == 0 ? std::string() : out + typed.substr(at);
}

Xapian::Query QueryBuilder::build(const SearchRequest& request) {
    correct_ = request.correct && db_.get_doccount() >= request.correct_from;
    parser_.set_default_op(request.default_operator == DefaultOperator::kAnd
                               ? Xapian::Query::OP_AND
                               : Xapian::Query::OP_OR);
    Xapian::Query query = parse(request.query);
    const Xapian::Query filter = filter_query(request.filters);
    if (query.empty()) {
        if (filter.empty()) throw QueryError("the query has no words to search for");
        // Browsing by filters alone: every article. A query of its own, not
        // the shared Query::MatchAll, whose count of owners lanes on other
        // threads would touch at once (lanes.h).
        query = Xapian::Query(std::string());
    }
    return filter.empty() ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

}  // namespace gazette
