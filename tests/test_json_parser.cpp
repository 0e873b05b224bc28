#include <boost/test/unit_test.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "format.h"
#include "json_parser.h"
#include "test_support.h"
#include "text.h"

using gazette::Article;
using gazette::ParseInput;
using gazette::ParseResult;

namespace {

std::string fixture(const std::string& name) {
    return gazette::test::read_file(GAZETTE_SOURCE_DIR "/tests/fixtures/json/" + name);
}

ParseResult parse_text(std::string_view text, const std::string& path,
                       const gazette::JsonFieldMap& map = gazette::default_field_map()) {
    return gazette::parse_json(ParseInput{text, path}, map);
}

// Parses a fixture under its own name, as the indexer would pass it.
ParseResult parse_fixture(const std::string& name,
                          const gazette::JsonFieldMap& map = gazette::default_field_map()) {
    const std::string text = fixture(name);
    return parse_text(text, "json/" + name, map);
}

Article parse_one(const std::string& name,
                  const gazette::JsonFieldMap& map = gazette::default_field_map()) {
    const ParseResult result = parse_fixture(name, map);
    BOOST_REQUIRE_EQUAL(result.articles.size(), 1u);
    BOOST_TEST(result.warnings.empty());
    return result.articles.front();
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(single_object_file) {
    const Article a = parse_one("single.json");
    BOOST_TEST(a.source_id == "ledger-2021-0623");
    BOOST_TEST(a.path == "json/single.json");
    BOOST_TEST(a.headline == "Harbor Authority Unveils Expansion Plan");
    BOOST_TEST(a.byline == "Daniel Osei");
    BOOST_TEST(a.date == "2021-06-23");
    BOOST_TEST(a.section == "business");
    BOOST_TEST(a.source == "The Port Aldren Ledger");
    BOOST_TEST(a.url == "https://example.com/port");
    BOOST_TEST(a.body ==
               "The Port Aldren Harbor Authority on Tuesday released a plan.\n"
               "It would double the container yard.\n\n"
               "Critics said the cost was unclear.");
}

BOOST_AUTO_TEST_CASE(array_of_objects) {
    const ParseResult result = parse_fixture("array.json");
    BOOST_TEST(result.warnings.empty());
    BOOST_REQUIRE_EQUAL(result.articles.size(), 3u);
    BOOST_TEST(result.articles[0].headline == "Tram Line Approved");
    BOOST_TEST(result.articles[0].date == "2021-04-14");
    BOOST_TEST(result.articles[1].body == "The mayor laid out a plan.");
    BOOST_TEST(result.articles[2].date == "2021-08-07");
}

BOOST_AUTO_TEST_CASE(jsonl_one_per_line) {
    // Recognised by name, and by content when the name says nothing.
    for (const std::string path : {"json/lines.jsonl", "feeds/lines.ndjson.zst", "feeds/lines"}) {
        const std::string text = fixture("lines.jsonl");
        const ParseResult result = parse_text(text, path);
        BOOST_TEST(result.warnings.empty(), path);
        BOOST_REQUIRE_EQUAL(result.articles.size(), 3u);
        BOOST_TEST(result.articles[0].source_id == "a1");
        BOOST_TEST(result.articles[1].headline == "Second story");
        BOOST_TEST(result.articles[1].date == "1987-02-26");
        BOOST_TEST(result.articles[2].body == "Body three.");
    }
}

BOOST_AUTO_TEST_CASE(default_field_names) {
    const Article a = parse_one("newsapi.json");
    BOOST_TEST(a.source_id == "");
    BOOST_TEST(a.headline == "Budget Speech Promises Tram Money");
    BOOST_TEST(a.byline == "Imogen Thackwray");
    BOOST_TEST(a.date == "2021-04-14");
    // "content" comes before "description", which is only a teaser.
    BOOST_TEST(a.body ==
               "PORT ALDREN - The mayor laid out a plan.\n\nCouncil members were divided.");
    BOOST_TEST(a.url == "https://example.com/budget");
    BOOST_TEST(a.section == "politics,transport");
    BOOST_TEST(a.source == "The Port Aldren Ledger");
}

BOOST_AUTO_TEST_CASE(authors_list_joined) {
    const ParseResult result = parse_fixture("authors.jsonl");
    BOOST_TEST(result.warnings.empty());
    BOOST_REQUIRE_EQUAL(result.articles.size(), 5u);
    BOOST_TEST(result.articles[0].byline == "Jane Doe");
    BOOST_TEST(result.articles[1].byline == "Jane Doe and John Roe");
    BOOST_TEST(result.articles[2].byline == "Jane Doe, John Roe and Ann Poe");
    BOOST_TEST(result.articles[3].byline == "Wendell Park");
    BOOST_TEST(result.articles[4].byline ==
               "Jane Doe and 7");  // numbers convert, the rest is ignored
}

BOOST_AUTO_TEST_CASE(field_map_override) {
    gazette::JsonFieldMap map = gazette::default_field_map();
    gazette::apply_field_overrides(map,
                                   " headline = name , body=story,byline=writer,"
                                   "date=when,id=uuid,id=id");
    BOOST_TEST((map.id == std::vector<std::string>{"uuid", "id"}));
    BOOST_TEST((map.url == gazette::default_field_map().url));
    const Article a = parse_one("custom_keys.json", map);
    BOOST_TEST(a.source_id == "c-77");
    BOOST_TEST(a.headline == "Ferry Service Resumes");  // the override replaces "headline"
    BOOST_TEST(a.byline == "Mei Tanaka");
    BOOST_TEST(a.date == "2022-03-07");
    BOOST_TEST(a.body == "Ferries crossed the sound again on Monday.");
}

BOOST_AUTO_TEST_CASE(unknown_field_in_map_rejected) {
    gazette::JsonFieldMap map = gazette::default_field_map();
    try {
        gazette::apply_field_overrides(map, "headline=title,author=writer");
        BOOST_FAIL("unknown field accepted");
    } catch (const std::invalid_argument& e) {
        BOOST_TEST(contains(e.what(), "unknown field 'author'"));
        BOOST_TEST(contains(e.what(), "byline"));  // lists the fields that do exist
    }
    BOOST_CHECK_THROW(gazette::apply_field_overrides(map, "headline"), std::invalid_argument);
    BOOST_CHECK_THROW(gazette::apply_field_overrides(map, "body="), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(bad_jsonl_line_warns_and_rest_indexes) {
    const ParseResult result = parse_fixture("bad_lines.jsonl");
    BOOST_REQUIRE_EQUAL(result.articles.size(), 3u);
    BOOST_TEST(result.articles[0].headline == "Good one");
    BOOST_TEST(result.articles[1].headline == "Bad date");
    BOOST_TEST(result.articles[1].date == "");
    BOOST_TEST(result.articles[2].headline == "Good two");
    BOOST_TEST(result.articles[2].source_id == "");
    BOOST_REQUIRE_EQUAL(result.warnings.size(), 6u);
    BOOST_TEST(result.warnings[0].starts_with("line 2: invalid JSON at byte "));
    BOOST_TEST(result.warnings[1] == "line 3: not an object");
    BOOST_TEST(result.warnings[2].starts_with("line 4: invalid JSON at byte "));
    BOOST_TEST(contains(result.warnings[3], "line 5: JSON nested too deeply"));
    BOOST_TEST(result.warnings[4] ==  // names its keys, and how to have them read
               "line 7: no headline, body or id among its keys section, url: --field-map "
               "headline=KEY,body=KEY names yours");
    BOOST_TEST(result.warnings[5] == "line 8: date not understood: sometime soon");
}

BOOST_AUTO_TEST_CASE(truncated_json_file_throws) {
    try {
        parse_fixture("truncated.json");
        BOOST_FAIL("truncated file accepted");
    } catch (const gazette::ParseError& e) {
        const std::string what = e.what();
        BOOST_TEST(what.starts_with("invalid JSON at byte 231: "), what);
        BOOST_TEST(what.size() < 200u, what);
    }
    BOOST_CHECK_THROW(parse_text("[{\"headline\": \"a\"},", "x.json"), gazette::ParseError);
    BOOST_CHECK_THROW(parse_text("\"just a string\"", "x.json"), gazette::ParseError);
}

BOOST_AUTO_TEST_CASE(absurdly_deep_json_rejected) {
    const std::string deep(1 << 20, '[');
    BOOST_CHECK_EXCEPTION(
        parse_text(deep, "deep.json"), gazette::ParseError,
        [](const gazette::ParseError& e) { return contains(e.what(), "nested too deeply"); });
    // Brackets inside strings are text, not nesting.
    const std::string brackets =
        "{\"headline\": \"" + std::string(1000, '[') + "\", \"body\": \"b\"}";
    BOOST_TEST(parse_text(brackets, "ok.json").articles.size() == 1u);
    // 64 levels is deep but allowed.
    const std::string edge =
        "{\"headline\": \"h\", \"x\": " + std::string(63, '[') + std::string(63, ']') + "}";
    BOOST_TEST(parse_text(edge, "edge.json").articles.size() == 1u);
}

BOOST_AUTO_TEST_CASE(numeric_id_kept_as_string) {
    const ParseResult result = parse_fixture("numeric_ids.jsonl");
    BOOST_TEST(result.warnings.empty());
    BOOST_REQUIRE_EQUAL(result.articles.size(), 5u);
    BOOST_TEST(result.articles[0].source_id == "42");
    BOOST_TEST(result.articles[1].source_id == "7");
    BOOST_TEST(result.articles[2].source_id == "18446744073709551615");
    BOOST_TEST(result.articles[3].source_id == "5f1d7a3b9c8e4a0012345678");
    BOOST_TEST(result.articles[4].source_id == "1.5");
}

// Ids are given by parse_articles: a file of many articles names each by its
// own id or its position; a lone object is named by its file.
BOOST_AUTO_TEST_CASE(ids_from_the_file_key_and_own_id_or_position) {
    auto ids = [](const std::string& name) {
        const std::string bytes = fixture(name);
        std::vector<std::string> out;
        for (const Article& a : gazette::parse_articles(bytes, "feeds/" + name, std::nullopt,
                                                        gazette::ParserSettings{})
                                    .articles)
            out.push_back(a.id);
        return out;
    };
    BOOST_TEST(ids("no_ids.jsonl") ==
               (std::vector<std::string>{"feeds/no_ids.jsonl#1", "feeds/no_ids.jsonl#2"}));
    BOOST_TEST(ids("array.json") ==
               (std::vector<std::string>{"feeds/array.json#1", "feeds/array.json#keep-me",
                                         "feeds/array.json#3"}));
    BOOST_TEST(ids("newsapi.json") == (std::vector<std::string>{"feeds/newsapi.json"}));
}

BOOST_AUTO_TEST_CASE(sniffs_json) {
    BOOST_TEST(gazette::looks_like_json("{\"a\": 1}"));
    BOOST_TEST(gazette::looks_like_json(" \n\t[1, 2]"));
    BOOST_TEST(gazette::looks_like_json(fixture("lines.jsonl")));
    BOOST_TEST(!gazette::looks_like_json("Headline: {not json}"));
    BOOST_TEST(!gazette::looks_like_json("\"a string\""));
    BOOST_TEST(!gazette::looks_like_json("   "));
}

BOOST_AUTO_TEST_CASE(syntax_error_inside_a_character_warns_in_utf8) {
    // nlohmann quotes the bytes it read last, which here stop inside the "é".
    const ParseResult result = parse_text("{\"headline\": \"A\"}\n{\"body\":é}\n", "x.jsonl");
    BOOST_REQUIRE_EQUAL(result.warnings.size(), 1u);
    BOOST_TEST(result.warnings[0].starts_with("line 2: invalid JSON"));
    BOOST_TEST(gazette::is_valid_utf8(result.warnings[0]));
}

BOOST_AUTO_TEST_CASE(escaped_control_characters_dropped) {
    // "\u001b" is ESC: kept, it would reach the terminal of whoever reads the results.
    const ParseResult result =
        parse_text(R"({"title": "Harbor\u001b[31m dredging", "author": "Jane\u0007 Doe", )"
                   R"("content": "Work\u0001 starts.\n\nTabs\tand lines stay."})",
                   "story.json");
    BOOST_REQUIRE_EQUAL(result.articles.size(), 1u);
    const Article& a = result.articles.front();
    BOOST_TEST(a.headline == "Harbor[31m dredging");
    BOOST_TEST(a.byline == "Jane Doe");
    BOOST_TEST(a.body == "Work starts.\n\nTabs\tand lines stay.");
}
