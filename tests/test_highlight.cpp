// The highlighter: the words a query matched, by the one word model, marked
// wherever they are shown.
#include <xapian.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <random>

#include "highlight.h"
#include "query.h"
#include "stopwords.h"
#include "text.h"

using namespace gazette;

namespace {

// The highlighter of a real query over an empty database, as a search makes it.
Highlighter highlighter(const std::string& query) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    QueryBuilder builder(db, "english");
    const Xapian::Query parsed = builder.parse(query);  // sets exact_forms()
    return Highlighter(
        highlight_terms(Xapian::Query(Xapian::Query::OP_OR, parsed, builder.exact_forms()), query,
                        builder.stopper()),
        Xapian::Stem("english"));
}

// The words the query marks in a text.
std::vector<std::string> marked(const std::string& query, std::string_view text) {
    const Highlighter h = highlighter(query);
    std::vector<std::string> out;
    for (const Span& span : h.mark(text))
        if (span.match) out.push_back(span.text);
    return out;
}

// Spans of a text as "offset:text", readable when a test fails.
std::vector<std::string> shown(std::string_view text,
                               const std::vector<std::pair<size_t, size_t>>& spans) {
    std::vector<std::string> out;
    for (const auto& [begin, end] : spans)
        out.push_back(std::to_string(begin) + ":" + std::string(text.substr(begin, end - begin)));
    return out;
}

// The marks of a query in a text, checked to hold whatever the query: in
// order and apart, the same when found by hints, and marked() shows the text
// once, nothing repeated or lost.
std::vector<std::string> checked_marks(const std::string& query, const std::string& text) {
    const Highlighter h = highlighter(query);
    const std::vector<std::pair<size_t, size_t>> marks = h.marks(text);
    for (size_t i = 1; i < marks.size(); ++i)
        BOOST_TEST(marks[i - 1].second <= marks[i].first, query << " in: " << text);
    const std::vector<size_t> hints = h.hints(text);
    BOOST_TEST(shown(text, h.marks(text, &hints)) == shown(text, marks), query << " in: " << text);
    std::string shown_text;
    for (const Span& span : h.mark(text)) shown_text += span.text;
    BOOST_TEST(shown_text == text, query);
    return shown(text, marks);
}

// A token of a random text, and what a model says each query marks in it.
struct Token {
    std::string text;
    std::map<std::string, std::vector<std::string>> marks;  // query -> the parts marked
};

// Random texts of the tokens, apart or followed by punctuation; each query's
// marks are checked against the tokens' (the words of a token are never
// marked by another, so the model is the tokens' marks in order).
void check_model(const std::vector<Token>& tokens, const std::vector<std::string>& queries,
                 unsigned seed) {
    const std::vector<std::string> after = {" ", " ", ", ", ". ", "; ", " (", ") "};
    std::mt19937 random(seed);
    for (int t = 0; t < 500; ++t) {
        std::string text;
        std::vector<std::pair<size_t, const Token*>> placed;
        for (unsigned n = 1 + random() % 12; n > 0; --n) {
            const Token& token = tokens[random() % tokens.size()];
            placed.emplace_back(text.size(), &token);
            text += token.text + after[random() % after.size()];
        }
        for (const std::string& query : queries) {
            std::vector<std::string> want;
            for (const auto& [at, token] : placed) {
                const auto found = token->marks.find(query);
                if (found == token->marks.end()) continue;
                size_t from = 0;
                for (const std::string& part : found->second) {
                    from = token->text.find(part, from);
                    want.push_back(std::to_string(at + from) + ":" + part);
                    from += part.size();
                }
            }
            BOOST_TEST(checked_marks(query, text) == want, query << " in: " << text);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(exact_and_stemmed_forms_are_marked) {
    BOOST_TEST(marked("dredging", "Dredging began; the dredged silt and a dredger.") ==
               (std::vector<std::string>{"Dredging", "dredged"}));
}

BOOST_AUTO_TEST_CASE(every_spelling_of_an_accented_word_is_marked) {
    BOOST_TEST(marked("cafe", "The café and the Cafe") ==
               (std::vector<std::string>{"café", "Cafe"}));
    BOOST_TEST(marked("café", "The café and the Cafe") ==
               (std::vector<std::string>{"café", "Cafe"}));
    BOOST_TEST(marked("muller zurich", "Müller of Zürich") ==
               (std::vector<std::string>{"Müller", "Zürich"}));
}

BOOST_AUTO_TEST_CASE(possessives_are_marked_by_their_word) {
    BOOST_TEST(marked("\"bank of england\"", "The Bank of England's rate") ==
               (std::vector<std::string>{"Bank", "of", "England's"}));
}

BOOST_AUTO_TEST_CASE(a_compound_is_marked_whole_by_its_joined_form) {
    BOOST_TEST(marked("ceasefire obrien", "The cease-fire, Mr O’Brien said.") ==
               (std::vector<std::string>{"cease-fire", "O’Brien"}));
    BOOST_TEST(marked("2000", "It cost 2,000 dollars.") == (std::vector<std::string>{"2,000"}));
    BOOST_TEST(marked("mullerludenscheidt", "Herr M\u00fcller-L\u00fcdenscheidt kam.") ==
               (std::vector<std::string>{"M\u00fcller-L\u00fcdenscheidt"}));
    // A part typed alone marks that part only.
    BOOST_TEST(marked("fire", "The cease-fire held.") == (std::vector<std::string>{"fire"}));
}

BOOST_AUTO_TEST_CASE(cjk_characters_of_a_query_are_marked) {
    BOOST_TEST(marked("北京", "北京的工厂") == (std::vector<std::string>{"北", "京"}));
}

BOOST_AUTO_TEST_CASE(wildcards_mark_by_prefix) {
    BOOST_TEST(marked("ukrain*", "Talks on Ukraine and Ukrainian grain resumed.") ==
               (std::vector<std::string>{"Ukraine", "Ukrainian"}));
}

BOOST_AUTO_TEST_CASE(filters_and_field_names_are_not_marked) {
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.add_prefix("headline", "S");
    const Xapian::Query q =
        Xapian::Query(Xapian::Query::OP_FILTER, qp.parse_query("harbors headline:\"tram line\""),
                      Xapian::Query("XSECTION:politics"));
    const HighlightTerms t = highlight_terms(q);
    BOOST_TEST(t.stems.count("harbor") == 1u);
    BOOST_TEST(t.words.count("tram") == 1u);
    BOOST_TEST(t.words.count("line") == 1u);
    BOOST_TEST(t.words.size() + t.stems.size() == 3u);
    BOOST_TEST(marked("section:politics harbor", "politics harbor") ==
               (std::vector<std::string>{"harbor"}));
}

// Snippets look only at the words where hints() says a match may be
// (highlight.h): random texts of look-alike words, compounds, accents, CJK
// and odd spacing, marked with their hints and without, for random queries.
BOOST_AUTO_TEST_CASE(marks_found_by_hints_are_every_mark) {
    const std::vector<std::string> tokens = {"dredging",  "Dredged",
                                             "dredger",   "café",
                                             "Cafe",      "cease-fire",
                                             "ceasefire", "O’Brien",
                                             "O'Brien",   "2,000",
                                             "2000",      "北京",
                                             "的",        "England's",
                                             "don't",     "D'Afflisio",
                                             "Ukrainian", "ukraine",
                                             "rain",      "harbour",
                                             "harbor",    "Müller-Lüdenscheidt",
                                             "—",         ",",
                                             ".",         "!",
                                             "\n",        "\t",
                                             "  ",        "\u00a0",
                                             "(",         ")",
                                             "UK",        "uk's",
                                             "Ukraine's", "“Dredging”",
                                             "DREDGING",  "1990s",
                                             "x2000",     "rain-soaked"};
    const std::vector<std::string> queries = {"dredging",
                                              "uk",
                                              "1990s rain",
                                              "cafe",
                                              "ceasefire obrien",
                                              "北京",
                                              "england",
                                              "ukrain*",
                                              "2000 rain",
                                              "dont harbour",
                                              "mullerludenscheidt",
                                              "\"cease fire\" afflisio"};
    std::mt19937 random(20261201);
    for (int t = 0; t < 2000; ++t) {
        std::string text;
        for (unsigned n = 0, words = random() % 40; n < words; ++n)
            text += tokens[random() % tokens.size()] + (random() % 4 ? " " : "");
        const std::string& query = queries[random() % queries.size()];
        const Highlighter h = highlighter(query);
        const std::vector<size_t> hints = h.hints(text);
        BOOST_TEST(h.marks(text, &hints) == h.marks(text), query << " in: " << text);
    }
}

// A compound written with a possessive is one word with its parts: marked
// whole by its joined form, possessive and all (as "England's" is by
// england), or by a part typed alone; never a part again beside the whole
// ("Kilroy-SilkSilk's" was shown).
BOOST_AUTO_TEST_CASE(a_compound_with_a_possessive_is_shown_once_and_marked_whole) {
    const std::string ks = "Kilroy-Silk", kj = "kilroysilk", silk = "silk", cf = "cease-fire",
                      fire = "fire", ob = "obrien", rights = "rights", wr = "womenrights",
                      ad = "aldiner";
    const std::vector<Token> tokens = {
        {"Kilroy-Silk's", {{ks, {"Kilroy-Silk's"}}, {kj, {"Kilroy-Silk's"}}, {silk, {"Silk's"}}}},
        {"Kilroy-Silk\u2019s",
         {{ks, {"Kilroy-Silk\u2019s"}}, {kj, {"Kilroy-Silk\u2019s"}}, {silk, {"Silk\u2019s"}}}},
        {"KILROY-SILK'S", {{ks, {"KILROY-SILK'S"}}, {kj, {"KILROY-SILK'S"}}, {silk, {"SILK'S"}}}},
        {"Kilroy-Silk", {{ks, {"Kilroy-Silk"}}, {kj, {"Kilroy-Silk"}}, {silk, {"Silk"}}}},
        {"Silk's", {{ks, {"Silk's"}}, {silk, {"Silk's"}}}},
        {"Kilroy", {{ks, {"Kilroy"}}}},
        {"cease-fire's", {{cf, {"cease-fire's"}}, {fire, {"fire's"}}}},
        {"ceasefire's", {{cf, {"ceasefire's"}}}},
        {"fire", {{cf, {"fire"}}, {fire, {"fire"}}}},
        {"O'Brien's", {{ob, {"O'Brien's"}}}},
        {"women's-rights", {{rights, {"rights"}}, {wr, {"women's-rights"}}}},
        {"Al's-Diner", {{ad, {"Al's-Diner"}}}},
        {"expulsion", {}},
        {"said", {}}};
    check_model(tokens, {ks, kj, silk, cf, fire, ob, rights, wr, ad}, 20261202);
}

// Model: random texts of phrases holding stopwords, written hyphenated
// ("state-of-the-art", "mother-in-law's"), apart ("state of the art") and
// in pieces, among lone stopwords. Xapian parses a hyphenated query as a
// phrase, whose stopwords it keeps; so a compound of the query is marked
// whole, the phrase's other words anywhere, and a stopword only in a run of
// words that is the phrase: never "the" or "of" alone.
BOOST_AUTO_TEST_CASE(stopwords_of_a_phrase_are_marked_only_where_the_phrase_is) {
    const std::vector<std::string> tokens = {"state-of-the-art",
                                             "State-of-the-Art",
                                             "state of the art",
                                             "mother-in-law's",
                                             "mother in law",
                                             "up-to-date",
                                             "up to date",
                                             "out-of-court",
                                             "out of court",
                                             "the",
                                             "The",
                                             "of",
                                             "in",
                                             "to",
                                             "up",
                                             "out",
                                             "art",
                                             "state",
                                             "law",
                                             "date",
                                             "court",
                                             "mother",
                                             "said",
                                             "of the art"};
    const std::vector<std::string> queries = {"state-of-the-art", "mother-in-law", "up-to-date",
                                              "out-of-court", "\"state of the art\""};
    const std::vector<std::string>& stopwords = gazette::stopwords("english");
    auto is_stopword = [&](const std::string& word) {
        return std::find(stopwords.begin(), stopwords.end(), word) != stopwords.end();
    };
    std::mt19937 random(20261204);
    for (int t = 0; t < 500; ++t) {
        // The text, and its words: where each is, in lower case without a
        // possessive, and the hyphenated token it is part of, if any.
        struct Word {
            size_t begin;
            std::string text, lower;
            size_t token_begin, token_end;  // equal if the token is not hyphenated
        };
        std::string text;
        std::vector<Word> words;
        for (unsigned n = 1 + random() % 14; n > 0; --n) {
            const std::string& token = tokens[random() % tokens.size()];
            const size_t at = text.size();
            const size_t end = token.find('-') == std::string::npos ? at : at + token.size();
            for (size_t b = 0, e; b < token.size(); b = e + 1) {
                e = std::min(token.find_first_of(" -", b), token.size());
                const std::string word = token.substr(b, e - b);
                std::string lower = to_lower_ascii(word);
                if (lower.ends_with("'s")) lower.resize(lower.size() - 2);
                words.push_back({at + b, word, lower, at, end});
            }
            text += token + (random() % 3 ? " " : random() % 2 ? ", " : ". ");
        }
        for (const std::string& query : queries) {
            std::vector<std::string> phrase;  // the query's words
            for (size_t b = 0, e; b < query.size(); b = e + 1) {
                e = std::min(query.find_first_of("- ", b), query.size());
                std::string word = query.substr(b, e - b);
                std::erase(word, '"');
                phrase.push_back(word);
            }
            std::string joined;
            for (const std::string& w : phrase) joined += w;
            const bool compound_query = query.find('-') != std::string::npos;
            // Where the phrase is: runs of words that are its words in order.
            std::vector<bool> in_phrase(words.size());
            for (size_t i = 0; i + phrase.size() <= words.size(); ++i) {
                bool all = true;
                for (size_t k = 0; k < phrase.size(); ++k)
                    all = all && words[i + k].lower == phrase[k];
                for (size_t k = 0; all && k < phrase.size(); ++k) in_phrase[i + k] = true;
            }
            std::vector<std::string> want;
            for (size_t i = 0; i < words.size(); ++i) {
                const Word& w = words[i];
                if (w.token_end > w.token_begin) {
                    const std::string token =
                        text.substr(w.token_begin, w.token_end - w.token_begin);
                    std::string form = to_lower_ascii(token);
                    if (form.ends_with("'s")) form.resize(form.size() - 2);
                    std::erase(form, '-');
                    if (compound_query && form == joined) {  // marked whole, once
                        if (w.begin == w.token_begin)
                            want.push_back(std::to_string(w.token_begin) + ":" + token);
                        continue;
                    }
                }
                const bool of_phrase =
                    std::find(phrase.begin(), phrase.end(), w.lower) != phrase.end();
                if (of_phrase && (!is_stopword(w.lower) || in_phrase[i]))
                    want.push_back(std::to_string(w.begin) + ":" + w.text);
            }
            BOOST_TEST(checked_marks(query, text) == want, query << " in: " << text);
        }
    }
}

// Xapian reads a number written with a full stop or commas between digits as
// one word, as written ("12.5", "1,250,000"; "28.1" of "28.1%"): typed so, it
// is marked whole where so written, and typed without commas where written
// with them (the joined form the index also holds); never its parts alone,
// which are no words of the index ("12" in "12.5").
BOOST_AUTO_TEST_CASE(a_number_written_with_a_point_or_commas_is_marked_as_typed) {
    const std::vector<Token> tokens = {
        {"12.5", {{"12.5", {"12.5"}}}},
        {"12.5%", {{"12.5", {"12.5"}}}},
        {"12,5", {}},
        {"125", {{"125", {"125"}}}},
        {"12", {{"12", {"12"}}}},
        {"1,250,000", {{"1,250,000", {"1,250,000"}}, {"1250000", {"1,250,000"}}}},
        {"1250000", {{"1250000", {"1250000"}}}},
        {"1.250.000", {}},
        {"250", {{"250", {"250"}}}},
        {"9,362,197", {{"9,362,197", {"9,362,197"}}, {"9362197", {"9,362,197"}}}},
        {"28.1%", {{"28.1%", {"28.1"}}}},
        {"28.1", {{"28.1%", {"28.1"}}}},
        {"\u00a31.13bn", {{"1.13bn", {"1.13bn"}}}},
        {"2,000-strong", {{"2,000", {"2,000"}}, {"strong", {"strong"}}}},
        {"COVID-19.5", {{"covid19 19.5", {"COVID-19"}}, {"19.5", {"19.5"}}}},
        {"votes", {}}};
    check_model(tokens,
                {"12.5", "125", "12", "1,250,000", "1250000", "250", "9,362,197", "9362197",
                 "28.1%", "1.13bn", "2,000", "strong", "covid19 19.5", "19.5"},
                20261206);
}
