// gazette.cgi behind a real lighttpd (scripts/serve, as a user would run it)
// on a free loopback port, asked with curl.
#include <boost/test/unit_test.hpp>
#include <memory>
#include <nlohmann/json.hpp>

#include "run_command.h"
#include "skip.h"
#include "temp_dir.h"
#include "text.h"
#include "web_server.h"
#include "xml_support.h"

using namespace gazette;
using test::bin;
using test::quote;
using test::run;

namespace {

struct Response {
    int status = 0;
    std::string headers;  // lower-cased, for case-insensitive lookups
    std::string body;
    bool has_header(const std::string& line) const {
        return headers.find(to_lower_ascii(line)) != std::string::npos;
    }
};

// scripts/serve over an index of corpus/, for the whole suite.
class Server {
  public:
    Server() : serve_((test::index_corpus(db()), db())) {}  // indexed, then served
    std::string url(const std::string& path_and_query) const { return serve_.url(path_and_query); }
    std::string db() const { return (dir_.path / "db").string(); }

  private:
    test::TempDir dir_;
    test::WebServer serve_;
};

// What the cases served by lighttpd need.
boost::unit_test::precondition needs_a_web_server() {
    return test::needs(test::programs({"lighttpd", "curl"}));
}

// Started on first use and stopped when the suite ends.
const Server& server() {
    static const Server instance;
    return instance;
}

Response curl(const std::string& path_and_query, const std::string& options = "") {
    const auto r =
        run("curl -s -i --max-time 30 " + options + " " + quote(server().url(path_and_query)));
    BOOST_REQUIRE_EQUAL(r.status, 0);
    Response response;
    const size_t end = r.out.find("\r\n\r\n");
    BOOST_REQUIRE(end != std::string::npos);
    response.headers = to_lower_ascii(r.out.substr(0, end + 2));
    response.body = r.out.substr(end + 4);
    response.status = std::stoi(r.out.substr(r.out.find(' ') + 1, 3));
    return response;
}

// The first link after a marker, with &amp; undone.
std::string link_after(const std::string& html, const std::string& marker) {
    const size_t at = html.find(marker);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, "no " + marker);
    const size_t start = html.rfind("href=\"", at) + 6;
    std::string href = html.substr(start, html.find('"', start) - start);
    for (size_t amp; (amp = href.find("&amp;")) != std::string::npos;) href.replace(amp, 5, "&");
    return href;
}

}  // namespace

BOOST_AUTO_TEST_CASE(start_page_is_html_with_the_security_headers, *needs_a_web_server()) {
    const Response r = curl("/");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has_header("Content-Type: text/html; charset=utf-8\r\n"));
    BOOST_TEST(
        r.has_header("Content-Security-Policy: default-src 'none'; style-src "
                     "'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri "
                     "'none'; frame-ancestors 'none'\r\n"));
    BOOST_TEST(r.has_header("X-Content-Type-Options: nosniff\r\n"));
    BOOST_TEST(r.has_header("Referrer-Policy: no-referrer\r\n"));
    BOOST_TEST(r.has_header("Cache-Control: "));
    BOOST_TEST(r.body.find("<form class=\"search\"") != std::string::npos);
    BOOST_TEST(r.body.find("<script") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(search_shows_highlighted_hits_and_keeps_the_query, *needs_a_web_server()) {
    const Response r = curl("/gazette.cgi?q=lighthouse");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("Gull Point <mark>Lighthouse</mark>") != std::string::npos);
    BOOST_TEST(r.body.find("name=\"q\" value=\"lighthouse\"") != std::string::npos);
    BOOST_TEST(r.body.find("results for “lighthouse”") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_is_what_gazette_search_prints, *needs_a_web_server()) {
    const Response r = curl("/gazette.cgi?q=desalination+plant&format=json");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has_header("Content-Type: application/json"));
    const auto cli = run(bin("gazette-search") + " --format json --db " + quote(server().db()) +
                         " 'desalination plant'");
    BOOST_TEST(r.body == cli.out);
    BOOST_TEST(nlohmann::json::parse(r.body)["hits"].size() > 0u);
}

BOOST_AUTO_TEST_CASE(json_errors_are_json, *needs_a_web_server()) {
    const Response r = curl("/gazette.cgi?format=json&page=0");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(nlohmann::json::parse(r.body).contains("error"));
}

BOOST_AUTO_TEST_CASE(head_sends_headers_only, *needs_a_web_server()) {
    const auto r = run("curl -s -I --max-time 30 " + quote(server().url("/gazette.cgi?q=harbor")));
    BOOST_TEST(r.out.starts_with("HTTP/1.1 200"), r.out);
    BOOST_TEST(r.out.find("<html") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(other_methods_are_405_with_allow, *needs_a_web_server()) {
    for (const char* method : {"POST", "PUT", "DELETE"}) {
        const Response r = curl("/gazette.cgi", std::string("-X ") + method + " -d q=harbor");
        BOOST_TEST(r.status == 405, method);
        BOOST_TEST(r.has_header("Allow: GET, HEAD\r\n"), method);
    }
}

BOOST_AUTO_TEST_CASE(a_10_kb_query_is_400, *needs_a_web_server()) {
    const Response r = curl("/gazette.cgi?q=" + std::string(10 * 1024, 'a'));
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.body.find("too long") != std::string::npos);
    BOOST_TEST(r.has_header("Content-Type: text/html; charset=utf-8"));
}

BOOST_AUTO_TEST_CASE(bad_parameters_are_400, *needs_a_web_server()) {
    for (const char* query :
         {"q=x&page=abc", "q=x&page=0", "q=x&page=101", "q=x&sort=sideways", "q=x&format=xml"})
        BOOST_TEST(curl(std::string("/gazette.cgi?") + query).status == 400, query);
}

BOOST_AUTO_TEST_CASE(hostile_parameters_are_escaped_or_refused, *needs_a_web_server()) {
    const Response r = curl(
        "/gazette.cgi?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27%3E%3Cimg+src%3Dx+onerror%3D"
        "alert(1)%3E+harbor&section=%22%3E%3Cscript%3E&sort=date&db=/etc");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("<script") == std::string::npos);
    BOOST_TEST(r.body.find("<img") == std::string::npos);
    BOOST_TEST(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);

    // lighttpd itself refuses control bytes and some invalid UTF-8 (unit tests cover
    // those); Latin-1 gets through and is read as such.
    const Response latin1 = curl("/gazette.cgi?q=caf%E9+harbor&year=%E9");
    BOOST_TEST(latin1.status == 200);
    BOOST_TEST(is_valid_utf8(latin1.body));
    BOOST_TEST(latin1.body.find("value=\"café harbor\"") != std::string::npos);

    BOOST_TEST(curl("/gazette.cgi?doc=..%2F..%2F..%2Fetc%2Fpasswd").status == 404);
}

BOOST_AUTO_TEST_CASE(results_lead_to_articles_facets_and_pages, *needs_a_web_server()) {
    const Response page1 = curl("/gazette.cgi?q=harbor");
    BOOST_REQUIRE(page1.status == 200);
    const Response article = curl(link_after(page1.body, "</a></h2>"));
    BOOST_TEST(article.status == 200);
    BOOST_TEST(article.body.find("<article>") != std::string::npos);
    BOOST_TEST(article.body.find("<mark>") != std::string::npos);

    const Response next = curl(link_after(page1.body, "\">Next →"));
    BOOST_TEST(next.status == 200);
    BOOST_TEST(next.body.find("Results 11–15 of 15 for “harbor”") != std::string::npos);

    const std::string facet = link_after(page1.body, "<span class=\"count\">");
    const Response narrowed = curl(facet);
    BOOST_TEST(narrowed.status == 200, facet);
    BOOST_TEST(narrowed.body.find("title=\"Remove this filter\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_search_is_an_atom_feed_newest_first, *needs_a_web_server()) {
    const Response page = curl("/gazette.cgi?q=harbor");
    const std::string href = link_after(page.body, "format=atom\"");
    BOOST_TEST(href == "/gazette.cgi?q=harbor&format=atom");
    const Response r = curl(href);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.has_header("Content-Type: application/atom+xml; charset=utf-8\r\n"));
    const test::XmlDocument xml(r.body);
    BOOST_REQUIRE(xml.parsed());
    BOOST_TEST(!xml.first("/a:feed/a:id").empty());
    BOOST_TEST(!xml.first("/a:feed/a:updated").empty());
    BOOST_TEST(xml.count("/a:feed/a:entry") == 15u);  // every match of harbor; at most 20
    const std::vector<std::string> published = xml.all("/a:feed/a:entry/a:published");
    BOOST_TEST(published.size() == 14u);  // one is undated
    BOOST_TEST(std::is_sorted(published.rbegin(), published.rend()), "newest first");
    // An entry's link opens its article.
    const std::string view = xml.first("/a:feed/a:entry[1]/a:link[@rel='alternate']/@href");
    const Response article = curl(view.substr(view.find("/gazette.cgi")));
    BOOST_TEST(article.status == 200);
    BOOST_TEST(article.body.find("<article>") != std::string::npos);
}

// corpus/ is too small an archive for a missing word to be searched as its
// correction (schema.h): the page offers it as a link.
BOOST_AUTO_TEST_CASE(a_misspelling_offers_its_correction_as_a_link, *needs_a_web_server()) {
    const Response r = curl("/gazette.cgi?q=lighthose");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("No articles match “lighthose”") != std::string::npos);
    BOOST_TEST(r.body.find("Showing results for") == std::string::npos);
    const Response fixed = curl(link_after(r.body, "<em>lighthouse</em>"));
    BOOST_TEST(fixed.body.find("Gull Point <mark>Lighthouse</mark>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_error_page_keeps_the_search_box_and_says_what_was_wrong,
                     *needs_a_web_server()) {
    const Response r = curl("/gazette.cgi?q=harbor&page=500");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.body.find("name=\"q\" value=\"harbor\"") != std::string::npos);
    BOOST_TEST(r.body.find("The page must be a number from 1 to 100.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_article_lists_similar_articles_and_more_like_this_works,
                     *needs_a_web_server()) {
    const Response article = curl("/gazette.cgi?doc=corpus%2F2024-03-harbor-dredging.txt");
    BOOST_TEST(article.status == 200);
    BOOST_TEST(article.body.find("<strong>This article</strong>") != std::string::npos);
    BOOST_TEST(article.body.find("Scientists Warn Port Dredging Could Smother Estuary Eelgrass") !=
               std::string::npos);
    const Response like = curl(link_after(article.body, ">More like this</a></p>"));
    BOOST_TEST(like.status == 200);
    BOOST_TEST(like.body.find("similar to <a") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_article_is_404, *needs_a_web_server()) {
    const Response r = curl("/gazette.cgi?doc=no-such-article.txt");
    BOOST_TEST(r.status == 404);
    BOOST_TEST(r.has_header("Cache-Control: no-store"));
}

BOOST_AUTO_TEST_CASE(opensearch_description_is_served, *needs_a_web_server()) {
    for (const char* path : {"/gazette.cgi?opensearch=1", "/gazette.cgi/opensearch.xml"}) {
        const Response r = curl(path);
        BOOST_TEST(r.status == 200, path);
        BOOST_TEST(r.has_header("Content-Type: application/opensearchdescription+xml"), path);
        BOOST_TEST(r.body.find("{searchTerms}") != std::string::npos, path);
    }
}

// Run directly, as a server would, without one: what a broken setup looks like.
BOOST_AUTO_TEST_CASE(missing_database_is_503_and_names_no_path) {
    const auto html =
        run("env GAZETTE_DB=/nonexistent/secret-place REQUEST_METHOD=GET "
            "QUERY_STRING=q=harbor " +
            bin("gazette.cgi") + " 2>/dev/null");
    BOOST_TEST(html.out.starts_with("Status: 503 Service Unavailable\r\n"), html.out);
    BOOST_TEST(html.out.find("secret-place") == std::string::npos);
    const auto json =
        run("env GAZETTE_DB=/nonexistent/secret-place REQUEST_METHOD=GET "
            "'QUERY_STRING=q=harbor&format=json' " +
            bin("gazette.cgi") + " 2>/dev/null");
    BOOST_TEST(json.out.find("\"error\"") != std::string::npos, json.out);
    BOOST_TEST(json.out.find("secret-place") == std::string::npos);
}

// Run from a shell, --help says what it is and where to read more, --version
// its version; from a
// web server (GATEWAY_INTERFACE set), arguments are never options.
BOOST_AUTO_TEST_CASE(help_from_a_shell_is_usage_and_from_a_server_a_page) {
    const auto help = run("env -u GATEWAY_INTERFACE " + bin("gazette.cgi") + " --help");
    BOOST_TEST(help.status == 0);
    BOOST_TEST(help.out.starts_with("Usage: gazette.cgi"), help.out);
    BOOST_TEST(help.out.find("gazette.cgi(8)") != std::string::npos, help.out);
    BOOST_TEST(run("env -u GATEWAY_INTERFACE " + bin("gazette.cgi") + " --bogus").status == 2);
    const auto version = run("env -u GATEWAY_INTERFACE " + bin("gazette.cgi") + " --version");
    BOOST_TEST(version.status == 0);  // as the other two tools say it
    BOOST_TEST(version.out == "gazette.cgi " GAZETTE_VERSION "\n", version.out);
    const auto page =
        run("env GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET QUERY_STRING= " + bin("gazette.cgi") +
            " --help 2>/dev/null");
    BOOST_TEST(page.out.starts_with("Status: "), page.out);
}

BOOST_AUTO_TEST_CASE(database_never_comes_from_the_query_string) {
    const auto r =
        run("env -u GAZETTE_DB REQUEST_METHOD=GET 'QUERY_STRING=q=x&db=/tmp&GAZETTE_DB=/tmp' " +
            bin("gazette.cgi") + " 2>/dev/null");
    BOOST_TEST(r.out.starts_with("Status: 503"), r.out);
}
