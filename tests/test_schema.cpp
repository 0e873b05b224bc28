#include <boost/test/unit_test.hpp>
#include <map>

#include "schema.h"

using namespace gazette;

BOOST_AUTO_TEST_CASE(short_boolean_terms_are_prefix_and_value) {
    BOOST_TEST(schema::boolean_term(schema::kId, "bbc/001") == "Qbbc/001");
}

BOOST_AUTO_TEST_CASE(long_values_hashed_under_term_limit) {
    const std::string a(1000, 'a'), b = std::string(999, 'a') + "b";
    const std::string ta = schema::boolean_term(schema::kId, a);
    BOOST_TEST(ta.size() <= 245u);
    BOOST_TEST(ta != schema::boolean_term(schema::kId, b));
    BOOST_TEST(ta == schema::boolean_term(schema::kId, a));
}

BOOST_AUTO_TEST_CASE(settings_round_trip_through_metadata) {
    schema::Settings s;
    s.weights = {5, 4};
    s.bm25 = {0.9, 0.4};
    std::map<std::string, std::string> meta;
    for (const auto& [k, v] : schema::settings_metadata(s)) meta[k] = v;
    const schema::Settings back =
        schema::read_settings([&](const std::string& k) { return meta[k]; });
    BOOST_TEST(back.weights.headline == 5u);
    BOOST_TEST(back.weights.byline == 4u);
    BOOST_TEST(back.bm25.k1 == 0.9);
    BOOST_TEST(back.bm25.b == 0.4);
}

BOOST_AUTO_TEST_CASE(other_schema_version_refused_with_rebuild_advice) {
    std::map<std::string, std::string> meta;
    for (const auto& [k, v] : schema::settings_metadata({})) meta[k] = v;
    meta["gazette.version"] = "999";
    try {
        schema::read_settings([&](const std::string& k) { return meta[k]; });
        BOOST_FAIL("expected a refusal");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()).find("--rebuild") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(missing_version_is_not_a_gazette_database) {
    BOOST_CHECK_THROW(schema::read_settings([](const std::string&) { return std::string(); }),
                      std::runtime_error);
    BOOST_CHECK_NO_THROW(
        schema::read_settings([](const std::string&) { return std::string(); }, true));
}
