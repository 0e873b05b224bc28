// Building an article's document: the duplicate signature that folds copies
// of one story into one hit.
#include <boost/test/unit_test.hpp>
#include <random>

#include "document.h"

using namespace gazette;

namespace {

// A random text of `n` words drawn from a vocabulary of 2,000.
std::string random_words(std::mt19937& random, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i)
        out += (i ? " w" : "w") + std::to_string(random() % 2000) + (random() % 12 ? "" : ".");
    return out;
}

Article article(const std::string& headline, const std::string& body) {
    Article a;
    a.headline = headline;
    a.body = body;
    return a;
}

}  // namespace

BOOST_AUTO_TEST_CASE(copies_fold_and_a_reply_quoting_its_post_does_not) {
    // Model: a story and, under the same headline, its copy (the same words,
    // spaced and cased otherwise), its reprint with one word changed (4-word
    // shingle overlap J about 0.95), a reply that quotes it whole under its
    // own words (J about 0.5), and another story. Copies must always fold,
    // reprints nearly always, replies seldom, other stories never.
    std::mt19937 random(20261201);
    const int rounds = 300;
    int reprints_folded = 0, replies_folded = 0;
    for (int round = 0; round < rounds; ++round) {
        const std::string headline = random_words(random, 6);
        const std::string body = random_words(random, 150 + random() % 150);
        const std::string signature = duplicate_signature(article(headline, body));
        BOOST_TEST(!signature.empty());

        std::string copy = "  " + body + "\n";
        copy[2] = 'W';
        BOOST_TEST(duplicate_signature(article(headline + " ", copy)) == signature);

        std::string reprint = body;
        const size_t at = reprint.find(' ', random() % reprint.size());
        if (at != std::string::npos) reprint.insert(at, "x");
        reprints_folded += duplicate_signature(article(headline, reprint)) == signature;

        const std::string reply = random_words(random, 150 + random() % 150) + "\n\n" + body;
        replies_folded += duplicate_signature(article(headline, reply)) == signature;

        BOOST_TEST(duplicate_signature(article(headline, random_words(random, 200))) != signature);
        BOOST_TEST(duplicate_signature(article(random_words(random, 6), body)) != signature);
    }
    BOOST_TEST(reprints_folded >= rounds * 7 / 10, reprints_folded << " of " << rounds);
    BOOST_TEST(replies_folded <= rounds / 10, replies_folded << " of " << rounds);
}

BOOST_AUTO_TEST_CASE(no_headline_no_signature_and_a_short_text_goes_by_its_headline) {
    BOOST_TEST(duplicate_signature(article("", "Some words of a body here.")).empty());
    BOOST_TEST(duplicate_signature(article("Rain", "Wet.")) ==
               duplicate_signature(article("Rain", "Cold.")));
    BOOST_TEST(duplicate_signature(article("Rain", "Wet.")) !=
               duplicate_signature(article("Snow", "Wet.")));
}
