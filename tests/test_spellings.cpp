// British and American spellings of one word, as the query finds them.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "spellings.h"

using namespace gazette;

namespace {

const Xapian::Stem english("english");

bool respelt(const std::string& word, const std::string& other) {
    const auto words = spellings::others(word, english).words;
    return std::find(words.begin(), words.end(), other) != words.end();
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_spelling_gives_the_other_with_its_inflections) {
    const std::pair<const char*, const char*> pairs[] = {
        {"colour", "color"},
        {"colours", "colors"},
        {"favourite", "favorite"},
        {"neighbourhood", "neighborhood"},
        {"centre", "center"},
        {"centred", "centered"},
        {"theatres", "theaters"},
        {"organise", "organize"},
        {"organisation", "organization"},
        {"recognisable", "recognizable"},
        {"defences", "defenses"},
        {"analysing", "analyzing"},
        {"programmes", "programs"},
        {"travelled", "traveled"},
    };
    for (const auto& [british, american] : pairs) {
        BOOST_TEST(respelt(british, american), british);
        BOOST_TEST(respelt(american, british), american);
    }
}

BOOST_AUTO_TEST_CASE(words_that_only_look_alike_are_not_respelt) {
    const std::pair<const char*, const char*> lookalikes[] = {
        {"four", "for"},  {"hour", "hor"},      {"tour", "tor"},
        {"your", "yor"},  {"prize", "prise"},   {"prise", "prize"},
        {"rise", "rize"}, {"raised", "raized"}, {"scoring", "scouring"},
    };
    for (const auto& [word, other] : lookalikes) BOOST_TEST(!respelt(word, other), word);
}

// Candidates need not be words ("centred" -> "centerd" as well as
// "centered"): the query keeps the stems the database holds.
BOOST_AUTO_TEST_CASE(stems_are_those_of_the_other_spelling_when_they_differ) {
    auto stemmed_to = [](const std::string& word, const std::string& other) {
        const auto stems = spellings::others(word, english).stems;
        return std::find(stems.begin(), stems.end(), english(other)) != stems.end();
    };
    BOOST_TEST(stemmed_to("centred", "centered"));
    BOOST_TEST(stemmed_to("colours", "colors"));
    BOOST_TEST(stemmed_to("harbor", "harbour"));
    BOOST_TEST(spellings::others("travelled", english).stems.empty());  // already one stem
}

BOOST_AUTO_TEST_CASE(english_is_the_english_stemmers) {
    BOOST_TEST(spellings::english("english"));
    BOOST_TEST(spellings::english("porter"));
    BOOST_TEST(!spellings::english("french"));
    BOOST_TEST(!spellings::english("none"));
}
