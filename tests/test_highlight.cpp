// The highlighter: the words a query matched, by the one word model, marked
// wherever they are shown.
#include <xapian.h>

#include <boost/test/unit_test.hpp>
#include <random>

#include "highlight.h"
#include "query.h"

using namespace gazette;

namespace {

// The highlighter of a real query over an empty database, as a search makes it.
Highlighter highlighter(const std::string& query) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    QueryBuilder builder(db, "english");
    const Xapian::Query parsed = builder.parse(query);  // sets exact_forms()
    return Highlighter(
        highlight_terms(Xapian::Query(Xapian::Query::OP_OR, parsed, builder.exact_forms()), query),
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
