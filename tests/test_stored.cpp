#include <fmt/format.h>

#include <boost/test/unit_test.hpp>

#include "stored.h"

using namespace gazette;

namespace {

Article sample(int i) {
    return {fmt::format("wire/{}.jsonl#id-{}", i, i),
            fmt::format("id-{}", i),
            fmt::format("wire/{}.jsonl", i),
            fmt::format("Council votes on harbor plan, round {}", i),
            "Marta Lind",
            "2024-03-05",
            "politics",
            "The Port Aldren Ledger",
            fmt::format("https://ledger.example/{}", i),
            fmt::format("PORT ALDREN — The city council voted {} to {} on Tuesday to back the "
                        "harbor expansion plan, after a debate that ran past midnight.\n\nThe "
                        "port director said the vote was a turning point for the region.",
                        i % 9, 9 - i % 9)};
}

}  // namespace

BOOST_AUTO_TEST_CASE(round_trip_without_dictionary) {
    const StoredCodec codec;
    const Article a = sample(1);
    BOOST_TEST((codec.decode(codec.encode(a)) == a));
}

BOOST_AUTO_TEST_CASE(round_trip_with_trained_dictionary) {
    std::vector<Article> samples;
    for (int i = 0; i < 500; ++i) samples.push_back(sample(i));
    const std::string dictionary = StoredCodec::train_dictionary(samples);
    BOOST_REQUIRE(!dictionary.empty());
    const StoredCodec codec(dictionary);
    BOOST_TEST((codec.decode(codec.encode(samples[42])) == samples[42]));
}

BOOST_AUTO_TEST_CASE(dictionary_makes_small_records_smaller) {
    std::vector<Article> samples;
    for (int i = 0; i < 500; ++i) samples.push_back(sample(i));
    const StoredCodec plain, trained(StoredCodec::train_dictionary(samples));
    const Article fresh = sample(1000);
    BOOST_TEST(trained.encode(fresh).size() * 2 < plain.encode(fresh).size());
}

BOOST_AUTO_TEST_CASE(too_few_samples_train_no_dictionary) {
    BOOST_TEST(StoredCodec::train_dictionary({sample(1)}).empty());
}

BOOST_AUTO_TEST_CASE(corrupt_data_throws) {
    const StoredCodec codec;
    std::string data = codec.encode(sample(1));
    BOOST_CHECK_THROW(codec.decode(""), std::runtime_error);
    BOOST_CHECK_THROW(codec.decode("\x09garbage"), std::runtime_error);
    data.resize(data.size() / 2);
    BOOST_CHECK_THROW(codec.decode(data), std::runtime_error);
}
