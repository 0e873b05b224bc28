// The word model: what a word is, and the searchable form of text and words.
#include <boost/test/unit_test.hpp>
#include <random>

#include "words.h"

using namespace gazette;

namespace {

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& [begin, end] : words::split(text))
        out.emplace_back(text.substr(begin, end - begin));
    return out;
}

// Each compound of a text as "what it spans=its joined form".
std::vector<std::string> joined_of(std::string_view text) {
    std::vector<std::string> out;
    for (const words::Joined& j : words::joined(text))
        out.push_back(std::string(text.substr(j.begin, j.end - j.begin)) + "=" + j.form);
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

BOOST_AUTO_TEST_CASE(compounds_are_joined_as_a_reader_types_them) {
    BOOST_TEST(joined_of("A cease-fire, e‑mail and AT&T in COVID-19 times.") ==
               (std::vector<std::string>{"cease-fire=ceasefire", "e‑mail=email", "AT&T=att",
                                         "COVID-19=covid19"}));
    BOOST_TEST(
        joined_of("Seán O’Brien met l'Oréal and rock'n'roll fans") ==
        (std::vector<std::string>{"O’Brien=obrien", "l'Oréal=loreal", "rock'n'roll=rocknroll"}));
    BOOST_TEST(joined_of("It cost 2,000,000 dollars, or 1,50 each; 3, 400") ==
               (std::vector<std::string>{"2,000,000=2000000"}));
}

BOOST_AUTO_TEST_CASE(a_compound_is_whole_words_possessives_and_all) {
    BOOST_TEST(
        joined_of("Mr Kilroy-Silk's and the women's-rights march") ==
        (std::vector<std::string>{"Kilroy-Silk's=kilroysilk", "women's-rights=womenrights"}));
}

BOOST_AUTO_TEST_CASE(possessives_spaced_dashes_and_cjk_are_not_compounds) {
    BOOST_TEST(joined_of("England's team - and the reporters' pay -- fell").empty());
    BOOST_TEST(joined_of("pre- and post -war, \"a\" & b").empty());
    BOOST_TEST(joined_of("北京-上海 talks").empty());
    BOOST_TEST(joined_of(std::string(40, 'a') + "-" + std::string(40, 'b')).empty());  // no word
}

BOOST_AUTO_TEST_CASE(numbers_with_points_or_commas_are_one_word_as_xapian_reads_them) {
    std::vector<std::string> got;
    const std::string_view text = "Up 12.5% to 1,250,000; 28.1. Then 3, 4 and 1.13bn, 2;5 or 7.";
    for (const auto& [begin, end] : words::numbers(text))
        got.emplace_back(text.substr(begin, end - begin));
    BOOST_TEST(got == (std::vector<std::string>{"12.5", "1,250,000", "28.1", "1.13bn", "2;5"}));
}

BOOST_AUTO_TEST_CASE(an_acronyms_plural_gives_the_acronym) {
    BOOST_TEST(words::acronym_of_plural("MPs") == "MP");
    BOOST_TEST(words::acronym_of_plural("CSOs") == "CSO");
    BOOST_TEST(words::acronym_of_plural("MP3s") == "MP3");
    for (const char* word : {"Mrs", "Ms", "BUSES", "mps", "PhDs", "3Ds", "As", "MP", "s"})
        BOOST_TEST(words::acronym_of_plural(word).empty(), word);
}

BOOST_AUTO_TEST_CASE(random_compounds_are_found_whole_with_their_parts_joined) {
    // Model: a text of plain words and compounds made of parts and joiners;
    // joined() must give each compound, spanning it, its parts folded and run together.
    const std::vector<std::string> parts = {"cease", "Fire",   "O",    "Brien", "19",
                                            "e",     "Müller", "déjà", "AT",    "T"};
    const std::vector<std::string> joiners = {"-", "&", "'", "’", "‐", "‑"};
    const std::vector<std::string> spaces = {" ", ", ", " — ", ". ", " (", ") "};
    std::mt19937 rng(20261130);
    auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
    for (int round = 0; round < 500; ++round) {
        std::string text = "Start";
        std::vector<std::string> want;
        for (int n = rng() % 6; n > 0; --n) {
            text += pick(spaces);
            const size_t begin = text.size();
            std::string form;
            const int count = 1 + static_cast<int>(rng() % 4);
            for (int i = 0; i < count; ++i) {
                const std::string part = pick(parts);
                if (i > 0) text += pick(joiners);
                text += part;
                form += words::fold(part);
            }
            if (count > 1) want.push_back(text.substr(begin) + "=" + form);
        }
        text += ".";
        BOOST_TEST(joined_of(text) == want, text);
    }
}
