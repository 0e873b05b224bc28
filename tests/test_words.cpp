// The word model: what a word is, and the searchable form of text and words.
#include <boost/test/unit_test.hpp>

#include "words.h"

using namespace gazette;

namespace {

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& [begin, end] : words::split(text))
        out.emplace_back(text.substr(begin, end - begin));
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(accents_of_latin_and_greek_letters_are_dropped) {
    BOOST_TEST(words::searchable("Café Müller in Zürich, Beyoncé") ==
               "Cafe Muller in Zurich, Beyonce");
    BOOST_TEST(words::searchable("Ελλάδα") == "Ελλαδα");
    BOOST_TEST(words::searchable("Straße") == "Strasse");
    BOOST_TEST(words::fold("CAFÉ") == "cafe");
}

BOOST_AUTO_TEST_CASE(marks_that_spell_a_word_are_kept) {
    BOOST_TEST(words::searchable("हिन्दी") == "हिन्दी");
    BOOST_TEST(words::searchable("новый") == "новый");  // й is a letter of its own
    BOOST_TEST(words::searchable("ёлка") == "елка");
}

BOOST_AUTO_TEST_CASE(compatibility_forms_fold) {
    BOOST_TEST(words::searchable("ﬁnance ＡＢＣ") == "finance ABC");
}

BOOST_AUTO_TEST_CASE(possessives_are_dropped_other_apostrophes_kept) {
    BOOST_TEST(words::searchable("Bank of England's rate") == "Bank of England rate");
    BOOST_TEST(words::searchable("Bank of England’s rate") == "Bank of England rate");
    BOOST_TEST(words::searchable("the reporters' union") == "the reporters union");
    BOOST_TEST(words::searchable("don't can't") == "don't can't");
    BOOST_TEST(words::searchable("'quoted'") == "'quoted'");
}

BOOST_AUTO_TEST_CASE(elided_articles_and_name_particles_are_words_apart) {
    BOOST_TEST(words::searchable("Ted D'Afflisio and O'Neill") == "Ted D Afflisio and O Neill");
    BOOST_TEST(words::searchable("l'État") == "l Etat");
    BOOST_TEST(words::fold("O'Neill's") == "o neill");
}

BOOST_AUTO_TEST_CASE(plain_text_is_unchanged) {
    const std::string text = "Harbor vote: 12 to 3 (AND \"tram\" OR ferry*) - section:local";
    BOOST_TEST(words::searchable(text) == text);
}

BOOST_AUTO_TEST_CASE(cjk_characters_are_words_of_their_own) {
    BOOST_TEST(words_of("北京的工厂 Harbor vote") ==
               (std::vector<std::string>{"北", "京", "的", "工", "厂", "Harbor", "vote"}));
}

BOOST_AUTO_TEST_CASE(name_particles_are_words_of_their_own) {
    BOOST_TEST(words_of("Ted D'Afflisio's note") ==
               (std::vector<std::string>{"Ted", "D", "Afflisio's", "note"}));
}

BOOST_AUTO_TEST_CASE(words_keep_inner_apostrophes_and_accents) {
    BOOST_TEST(words_of("Don't panic, café-owner 3.5%") ==
               (std::vector<std::string>{"Don't", "panic", "café", "owner", "3", "5"}));
}
