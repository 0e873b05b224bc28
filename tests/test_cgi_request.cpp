#include <boost/test/unit_test.hpp>

#include "cgi_request.h"
#include "text.h"

using namespace gazette;
using namespace gazette::cgi;

namespace {

Environment get(const std::string& query_string) {
    return {{"REQUEST_METHOD", "GET"},
            {"QUERY_STRING", query_string},
            {"SCRIPT_NAME", "/cgi-bin/gazette.cgi"},
            {"HTTP_HOST", "news.example:8080"}};
}

CgiRequest ok(const Environment& env) {
    const auto parsed = parse_request(env);
    if (const auto* error = std::get_if<CgiError>(&parsed))
        BOOST_FAIL("refused: " + error->message);
    return std::get<CgiRequest>(parsed);
}

CgiError refused(const Environment& env) {
    const auto parsed = parse_request(env);
    BOOST_REQUIRE(std::holds_alternative<CgiError>(parsed));
    return std::get<CgiError>(parsed);
}

}  // namespace

BOOST_AUTO_TEST_CASE(decodes_plus_and_percent) {
    const CgiRequest r = ok(get("q=harbor+dredging%20%22now%22&page=2&sort=date"));
    BOOST_TEST(r.search.query == "harbor dredging \"now\"");
    BOOST_TEST(r.page == 2u);
    BOOST_TEST(r.search.offset == 10u);
    BOOST_TEST(r.search.limit == kPageSize);
    BOOST_TEST((r.search.sort == SortOrder::kNewest));
    BOOST_TEST(r.script == "/cgi-bin/gazette.cgi");
    BOOST_TEST(r.base_url == "http://news.example:8080");
    BOOST_TEST((r.format == Format::kHtml));
}

BOOST_AUTO_TEST_CASE(stray_percent_signs_stay_literal) {
    BOOST_TEST(ok(get("q=100%25+%zz+50%")).search.query == "100% %zz 50%");
}

BOOST_AUTO_TEST_CASE(head_is_allowed_and_marked) {
    Environment env = get("q=x");
    env["REQUEST_METHOD"] = "HEAD";
    BOOST_TEST(ok(env).head);
}

BOOST_AUTO_TEST_CASE(other_methods_are_405) {
    for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "get", ""}) {
        Environment env = get("q=x");
        env["REQUEST_METHOD"] = method;
        BOOST_TEST(refused(env).status == 405, method);
    }
}

BOOST_AUTO_TEST_CASE(query_is_capped_at_1000_bytes) {
    BOOST_TEST(ok(get("q=" + std::string(1000, 'a'))).search.query.size() == 1000u);
    const CgiError e = refused(get("q=" + std::string(1001, 'a')));
    BOOST_TEST(e.status == 400);
    BOOST_TEST(e.message.find("too long") != std::string::npos);
    BOOST_TEST(refused(get(std::string(20000, 'x'))).status == 400);
}

// A headline seen in 20 Newsgroups, refused as "too many wildcards" before.
BOOST_AUTO_TEST_CASE(asterisks_on_their_own_are_not_wildcards) {
    BOOST_TEST(ok(get("q=*****+HP+calculator+for+%2413+*****")).search.query ==
               "***** HP calculator for $13 *****");
    BOOST_TEST(refused(get("q=a*+b*+c*+d*+e*+f*")).status == 400);
}

BOOST_AUTO_TEST_CASE(page_must_be_1_to_100) {
    BOOST_TEST(ok(get("page=100")).search.offset == 990u);
    for (const char* page : {"0", "101", "abc", "-1", "1e2", "99999999999999999999", "2.5"})
        BOOST_TEST(refused(get(std::string("page=") + page)).status == 400, page);
}

BOOST_AUTO_TEST_CASE(sort_and_format_are_checked) {
    BOOST_TEST((ok(get("sort=oldest")).search.sort == SortOrder::kOldest));
    BOOST_TEST((ok(get("sort=relevance")).search.sort == SortOrder::kRelevance));
    BOOST_TEST(refused(get("sort=sideways")).status == 400);
    BOOST_TEST((ok(get("format=json")).format == Format::kJson));
    BOOST_TEST(refused(get("format=xml")).status == 400);
}

BOOST_AUTO_TEST_CASE(format_atom_asks_for_a_feed) {
    BOOST_TEST((ok(get("q=cocoa&format=atom")).format == Format::kAtom));
    BOOST_TEST((ok(get("format=atom&format=html")).format == Format::kHtml));  // the last counts
    BOOST_TEST(refused(get("format=rss")).status == 400);
}

BOOST_AUTO_TEST_CASE(errors_keep_the_query_for_the_search_box_cut_to_the_cap) {
    const CgiError bad_page = refused(get("q=harbor+dredging&page=500"));
    BOOST_TEST(bad_page.query == "harbor dredging");
    BOOST_TEST(bad_page.script == "/cgi-bin/gazette.cgi");
    BOOST_TEST(refused(get("q=" + std::string(1500, 'a'))).query == std::string(1000, 'a'));
}

BOOST_AUTO_TEST_CASE(like_asks_for_articles_similar_to_one) {
    const CgiRequest r = ok(get("like=news%2Fa.txt"));
    BOOST_TEST(r.search.like_id == "news/a.txt");
    BOOST_TEST(r.has_search());
    BOOST_TEST(refused(get("like=" + std::string(1001, 'a'))).status == 400);
}

BOOST_AUTO_TEST_CASE(nocorrect_keeps_the_words_as_typed) {
    BOOST_TEST(ok(get("q=lighthose")).search.correct);
    BOOST_TEST(!ok(get("q=lighthose&nocorrect=1")).search.correct);
}

BOOST_AUTO_TEST_CASE(errors_are_json_when_json_was_asked_for) {
    BOOST_TEST(refused(get("page=0&format=json")).json);
    BOOST_TEST(!refused(get("page=0")).json);
}

BOOST_AUTO_TEST_CASE(filters_repeat_and_unknown_parameters_are_ignored) {
    const CgiRequest r =
        ok(get("section=business&section=tech&section=business&byline=A+B"
               "&source=Wire&year=2024&since=2024-01-01&until=2024-12-31"
               "&db=/etc&evil=1&&=&q"));
    BOOST_TEST(r.search.filters.of("section") == (std::vector<std::string>{"business", "tech"}));
    BOOST_TEST(r.search.filters.of("byline") == (std::vector<std::string>{"A B"}));
    BOOST_TEST(r.search.filters.of("source") == (std::vector<std::string>{"Wire"}));
    BOOST_TEST(r.search.filters.of("year") == (std::vector<std::string>{"2024"}));
    BOOST_TEST(r.search.filters.since == "2024-01-01");
    BOOST_TEST(r.search.filters.until == "2024-12-31");
    BOOST_TEST(r.database.empty());  // never from the query string
    BOOST_TEST(r.has_search());
}

BOOST_AUTO_TEST_CASE(filter_values_are_capped) {
    std::string many;
    for (int i = 0; i <= static_cast<int>(kMaxFilterValues); ++i)
        many += "&year=" + std::to_string(2000 + i);
    BOOST_TEST(refused(get(many)).status == 400);
    BOOST_TEST(refused(get("section=" + std::string(kMaxFieldBytes + 1, 's'))).status == 400);
}

BOOST_AUTO_TEST_CASE(database_comes_from_the_environment) {
    Environment env = get("q=x");
    env["GAZETTE_DB"] = "/srv/news-db";
    BOOST_TEST(ok(env).database == "/srv/news-db");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_and_controls_are_repaired) {
    const std::string q = ok(get("q=caf%E9%00%01x%0D%0Ay%7F%C2%85z")).search.query;
    BOOST_TEST(is_valid_utf8(q));
    BOOST_TEST(q == "café x y z");  // SOH removed; NUL, CR LF, DEL, NEL spaced
}

BOOST_AUTO_TEST_CASE(empty_request_is_the_start_page) {
    const CgiRequest r = ok(get(""));
    BOOST_TEST(!r.has_search());
    BOOST_TEST(r.page == 1u);
    BOOST_TEST(ok(get("q=+++")).has_search() == false);
}

BOOST_AUTO_TEST_CASE(doc_and_opensearch) {
    BOOST_TEST(ok(get("doc=business%2F001.txt")).doc == "business/001.txt");
    BOOST_TEST((ok(get("opensearch=1")).format == Format::kOpenSearch));
    Environment env = get("");
    env["PATH_INFO"] = "/opensearch.xml";
    BOOST_TEST((ok(env).format == Format::kOpenSearch));
}

BOOST_AUTO_TEST_CASE(hostile_host_header_is_not_trusted) {
    Environment env = get("");
    env["HTTP_HOST"] = "evil\"><script>";
    env["SERVER_NAME"] = "news.example";
    env["SERVER_PORT"] = "443";
    env["HTTPS"] = "on";
    BOOST_TEST(ok(env).base_url == "https://news.example");
}

BOOST_AUTO_TEST_CASE(config_file_names_the_database) {
    const auto db = [](const std::string& text) {
        return config_database(gazette::parse_config(text, "gazette.conf"));
    };
    BOOST_TEST(db("# comment\n  db = /srv/news db  \nother = 1\n") == "/srv/news db");
    BOOST_TEST(db("db=/a#b") == "/a#b");
    BOOST_TEST(db("# db = /x\n").empty());
    BOOST_TEST(db("").empty());
    BOOST_TEST(db("db = /a\n[index]\ndb = /b\n") == "/a");
    BOOST_TEST(db("db = /a\n[cgi]\ndb = /c\n") == "/c");
}

BOOST_AUTO_TEST_CASE(bad_config_line_names_file_and_line) {
    try {
        gazette::parse_config("db = /a\n\nnot a setting\n", "/srv/gazette.conf");
        BOOST_FAIL("a bad line was accepted");
    } catch (const gazette::ConfigError& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "/srv/gazette.conf:3: 'not a setting' is not 'name = value'");
    }
}

BOOST_AUTO_TEST_CASE(query_string_pairs_keep_order) {
    const auto pairs = parse_query_string("a=1&b&c=%3D&a=2");
    BOOST_REQUIRE_EQUAL(pairs.size(), 4u);
    BOOST_TEST(pairs[1].first == "b");
    BOOST_TEST(pairs[1].second.empty());
    BOOST_TEST(pairs[2].second == "=");
    BOOST_TEST(pairs[3].second == "2");
}
