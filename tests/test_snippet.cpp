#include <boost/test/unit_test.hpp>
#include <random>

#include "query.h"
#include "render.h"
#include "snippet.h"
#include "stopwords.h"
#include "text.h"

using namespace gazette;

namespace {

Snippet snippet_for(std::initializer_list<const char*> words,
                    std::initializer_list<const char*> stems, std::string_view body,
                    size_t chars = 240) {
    HighlightTerms terms;
    for (const char* w : words) terms.words.insert(w);
    for (const char* s : stems) terms.stems.insert(s);
    const Highlighter highlighter(terms, Xapian::Stem("english"));
    return SnippetMaker(highlighter).make(body, chars);
}

// The snippet a real query makes, as a search makes it.
Snippet snippet_of(const std::string& query, std::string_view body, size_t chars = 240) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    QueryBuilder builder(db, "english");
    const Xapian::Query parsed = builder.parse(query);
    const Highlighter highlighter(
        highlight_terms(Xapian::Query(Xapian::Query::OP_OR, parsed, builder.exact_forms()), query,
                        builder.stopper()),
        Xapian::Stem("english"));
    return SnippetMaker(highlighter).make(body, chars);
}

std::vector<std::string> marked(const Snippet& s) {
    std::vector<std::string> out;
    for (const Fragment& f : s.fragments)
        for (const Span& span : f)
            if (span.match) out.push_back(span.text);
    return out;
}

// A fragment's text without the "…" that says where a sentence was cut.
std::string fragment_text(const Fragment& fragment) {
    std::string out;
    for (const Span& span : fragment)
        if (span.text != "…") out += span.text;
    return out;
}

constexpr std::string_view kBody =
    "The council met on Tuesday. Harbor dredging will start in May, officials said. "
    "Fishermen worry about the eelgrass beds.\n\nThe dredged channel will be deeper. "
    "Nobody mentioned the budget.";

}  // namespace

BOOST_AUTO_TEST_CASE(exact_and_stemmed_forms_highlighted) {
    const Snippet s = snippet_for({"dredging"}, {"dredg"}, kBody);
    BOOST_TEST(marked(s) == (std::vector<std::string>{"dredging", "dredged"}));
}

BOOST_AUTO_TEST_CASE(a_sentence_holding_a_compound_of_the_query_is_chosen) {
    const Snippet s = snippet_for({"ceasefire"}, {"ceasefir"},
                                  "The talks went on. Both sides agreed on a cease-fire late.", 40);
    BOOST_TEST(marked(s) == (std::vector<std::string>{"cease-fire"}));
    const Snippet t = snippet_for({"obrien", "2000"}, {},
                                  "The talks went on. Later O'Brien's aide paid 2,000 marks. "
                                  "Nothing else happened.",
                                  40);
    BOOST_TEST(marked(t) == (std::vector<std::string>{"O'Brien's", "2,000"}));
    // Folding decides for a compound that starts beyond ASCII.
    const Snippet u = snippet_for({"mullerludenscheidt"}, {},
                                  "Nothing. Herr M\u00fcller-L\u00fcdenscheidt kam.", 40);
    BOOST_TEST(marked(u) == (std::vector<std::string>{"M\u00fcller-L\u00fcdenscheidt"}));
}

BOOST_AUTO_TEST_CASE(best_sentences_chosen_in_text_order) {
    const Snippet s = snippet_for({}, {"eelgrass", "dredg"}, kBody);
    BOOST_TEST(snippet_text(s) ==
               "Harbor dredging will start in May, officials said. … Fishermen worry about the "
               "eelgrass beds. … The dredged channel will be deeper.");
}

BOOST_AUTO_TEST_CASE(at_most_three_fragments) {
    std::string body;
    for (int i = 0; i < 10; ++i) body += "Tide tables matter. ";
    BOOST_TEST(snippet_for({}, {"tide"}, body, 1000).fragments.size() == 3u);
}

BOOST_AUTO_TEST_CASE(lead_shown_when_nothing_matches) {
    BOOST_TEST(snippet_text(snippet_for({"zebra"}, {}, kBody)) == "The council met on Tuesday.");
}

BOOST_AUTO_TEST_CASE(long_sentence_cropped_around_match_at_word_boundary) {
    std::string body = "Words ";
    for (int i = 0; i < 100; ++i) body += "filler ";
    body += "lighthouse keeper returns ";
    for (int i = 0; i < 100; ++i) body += "filler ";
    const std::string text = snippet_text(snippet_for({"lighthouse"}, {}, body, 80));
    BOOST_TEST(text.size() <= 80u);
    BOOST_TEST(text.find("lighthouse") != std::string::npos);
    BOOST_TEST(!text.starts_with(" "));
}

BOOST_AUTO_TEST_CASE(abbreviations_do_not_end_sentences) {
    const Snippet s = snippet_for({"smith"}, {}, "Dr. Smith spoke first. Then others did.");
    BOOST_TEST(snippet_text(s) == "Dr. Smith spoke first.");
}

// Model: random articles of compounds written with and without a possessive
// and their parts. Each fragment of a snippet is a piece of the article as
// written, nothing shown twice or left out ("Kilroy-SilkSilk's" was shown).
BOOST_AUTO_TEST_CASE(a_snippet_shows_the_article_as_written) {
    const std::vector<std::string> tokens = {
        "Kilroy-Silk's", "Kilroy-Silk", "Silk's", "cease-fire's", "O'Brien's", "women's-rights",
        "Al's-Diner",    "fire",        "said",   "the",          "expulsion", "."};
    std::mt19937 random(20261203);
    for (int t = 0; t < 300; ++t) {
        std::string body = "Lead";
        for (unsigned n = random() % 60; n > 0; --n) body += " " + tokens[random() % tokens.size()];
        const Snippet s =
            snippet_for({"kilroy", "silk", "cease", "fire", "obrien", "aldiner"},
                        {"kilroysilk", "ceasefir", "womenright"}, body, 20 + random() % 200);
        for (const Fragment& fragment : s.fragments)
            BOOST_TEST(body.find(fragment_text(fragment)) != std::string::npos,
                       fragment_text(fragment) << " of: " << body);
    }
}

// Model: random articles of sentences holding a compound of stopwords
// ("state-of-the-art"), a word of it, or stopwords alone. A snippet for the
// compound marks no stopword alone, and is chosen from the sentences with a
// mark: never for their "the" and "of" while a sentence holds the query.
BOOST_AUTO_TEST_CASE(a_phrases_stopwords_alone_neither_are_marked_nor_choose_the_passage) {
    const std::vector<std::string> sentences = {
        "The shop is in the centre of the town.", "Of the two, one went up to the hill.",
        "A state-of-the-art mill opened.",        "The art fair closed.",
        "His mother-in-law sued out-of-court.",   "Prices were up-to-date."};
    const std::vector<std::string> queries = {"state-of-the-art", "mother-in-law", "up-to-date",
                                              "out-of-court"};
    const std::vector<std::string>& stopwords = gazette::stopwords("english");
    std::mt19937 random(20261205);
    for (int t = 0; t < 300; ++t) {
        std::string body;
        for (unsigned n = 1 + random() % 8; n > 0; --n)
            body += sentences[random() % sentences.size()] + " ";
        const std::string& query = queries[random() % queries.size()];
        const Snippet s = snippet_of(query, body, 1000);
        // The query's words other than stopwords, one of which a sentence must hold.
        bool holds_the_query = false;
        for (size_t b = 0, e; b < query.size(); b = e + 1) {
            e = std::min(query.find('-', b), query.size());
            const std::string word = query.substr(b, e - b);
            if (std::find(stopwords.begin(), stopwords.end(), word) == stopwords.end())
                holds_the_query =
                    holds_the_query || to_lower_ascii(body).find(word) != std::string::npos;
        }
        for (const Fragment& fragment : s.fragments) {
            bool marks = false;
            for (const Span& span : fragment) {
                marks = marks || span.match;
                BOOST_TEST(!(span.match && std::find(stopwords.begin(), stopwords.end(),
                                                     to_lower_ascii(span.text)) != stopwords.end()),
                           query << ": " << span.text << " in: " << body);
            }
            BOOST_TEST(marks == holds_the_query, query << " in: " << body);
        }
    }
}

// Model: random articles of sentences, some holding a number written with a
// full stop or commas. A query for a number, typed as written (or, grouped
// by commas, without them), chooses a sentence holding it and marks it.
BOOST_AUTO_TEST_CASE(the_sentence_holding_a_number_typed_with_a_point_or_commas_is_chosen) {
    const std::vector<std::string> sentences = {
        "The council met on Tuesday.",     "Sales rose 12.5 per cent.",
        "The fund paid 1,250,000 pounds.", "Turnout was 28.1% in the end.",
        "The count was 9,362,197 votes.",  "Nobody mentioned 12 or 5 or 250."};
    // query -> how the articles write it
    const std::vector<std::pair<std::string, std::string>> queries = {
        {"12.5", "12.5"},  {"1,250,000", "1,250,000"}, {"1250000", "1,250,000"},
        {"28.1%", "28.1"}, {"9,362,197", "9,362,197"}, {"9362197", "9,362,197"}};
    std::mt19937 random(20261207);
    for (int t = 0; t < 300; ++t) {
        std::string body;
        for (unsigned n = 1 + random() % 8; n > 0; --n)
            body += sentences[random() % sentences.size()] + " ";
        const auto& [query, written] = queries[random() % queries.size()];
        const Snippet s = snippet_of(query, body, 60);
        const std::vector<std::string> marks = marked(s);
        BOOST_TEST(marks.empty() == (body.find(written) == std::string::npos),
                   query << " in: " << body);
        for (const std::string& mark : marks) BOOST_TEST(mark == written, query << " in: " << body);
    }
}
