// gazette.cgi against hostile requests and hostile articles: the real binary run
// as a web server runs it (CGI variables in the environment), over a database
// indexed from crafted articles. docs/security.md lists what each case covers.
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "loopback.h"
#include "run_command.h"
#include "skip.h"
#include "temp_dir.h"
#include "test_support.h"
#include "text.h"
#include "web_server.h"

using namespace gazette;
using test::bin;
using test::connect_to;
using test::quote;
using test::run;

namespace {

// What an attacker would put in a field or a parameter.
const std::vector<std::string> kPayloads = {
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "</title><script>alert(1)</script>",
    "<!--",
    "]]><x>",
};

// Original addresses of articles: only the last is a web address.
constexpr const char* kUrls[] = {
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "https://ok.example/a b\" onclick=\"alert(1)",
    "https://ok.example/\"><script>alert(1)</script>",
};

// Every article holds "zebra", so one search shows them all.
std::string hostile_jsonl() {
    std::string out;
    const auto line = [&out](nlohmann::json article) {
        article["body"] = article.value("body", "") + " zebra crossing";
        out += article.dump() + "\n";
    };
    for (size_t i = 0; i < kPayloads.size(); ++i) {
        const std::string& p = kPayloads[i];
        line({{"id", "p" + std::to_string(i) + p},
              {"headline", "Zebra " + p},
              {"byline", p},
              {"section", p},
              {"source", p},
              {"date", "2024-01-0" + std::to_string(i + 1)},
              {"body", "Before " + p + " after."}});
    }
    for (size_t i = 0; i < std::size(kUrls); ++i)
        line({{"id", "url-" + std::to_string(i)}, {"headline", "Zebra link"}, {"url", kUrls[i]}});
    // Entities and markup around the matching word: a highlight must not split them.
    line({{"id", "entities"},
          {"headline", "Zebra &amp; friends"},
          {"body", "AT&T zebra&lt;zebra&gt; &amp;zebra; <zebra> \"zebra\" 'zebra' &#60;zebra"}});
    return out;
}

// An HTML article whose entities decode to markup at index time.
constexpr const char* kHostileHtml =
    "<!doctype html><html><head><title>Zebra &lt;script&gt;alert(1)&lt;/script&gt;</title>"
    "<meta name=\"author\" content=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">"
    "<link rel=\"canonical\" href=\"javascript:alert(1)\"></head><body><article>"
    "<h1>Zebra &lt;iframe src=//evil.example&gt;</h1><p>The zebra &lt;b onclick=x&gt;ran.</p>"
    "<script>alert('inline')</script></article></body></html>";

struct Response {
    int exit_code = -1;
    int status = 0;
    std::string headers;  // as sent, CR LF and all
    std::string body;
    std::string stderr_text;
};

// The hostile database, built once for the suite.
class Fixture {
  public:
    Fixture() {
        dir_.write("in/hostile.jsonl", hostile_jsonl());
        dir_.write("in/hostile.html", kHostileHtml);
        const auto index = run(bin("gazette-index") + " --quiet --db " + quote(db()) + " " +
                               quote((dir_.path / "in").string()) + " 2>&1");
        if (index.status != 0) throw std::runtime_error("indexing failed: " + index.out);
    }
    std::string db() const { return (dir_.path / "db").string(); }
    std::string scratch(const std::string& name) const { return (dir_.path / name).string(); }

  private:
    test::TempDir dir_;
};

const Fixture& fixture() {
    static const Fixture instance;
    return instance;
}

// Runs gazette.cgi with a clean CGI environment: the method, the query string,
// SCRIPT_NAME and GAZETTE_DB as a server would set them, plus extra NAME=VALUE.
Response cgi(const std::string& query_string, const std::vector<std::string>& extra = {},
             const std::string& method = "GET") {
    std::string command = "env -i PATH=\"$PATH\" REQUEST_METHOD=" + quote(method) +
                          " QUERY_STRING=" + quote(query_string) +
                          " GAZETTE_DB=" + quote(fixture().db()) + " SCRIPT_NAME=/gazette.cgi";
    for (const std::string& e : extra) command += " " + quote(e);
    const std::string err = fixture().scratch("stderr");
    const auto r = run(command + " " + bin("gazette.cgi") + " 2>" + quote(err));
    Response response;
    response.exit_code = r.status;
    response.stderr_text = test::read_file(err);
    const size_t end = r.out.find("\r\n\r\n");
    if (end == std::string::npos) return response;
    response.headers = r.out.substr(0, end + 2);
    response.body = r.out.substr(end + 4);
    if (response.headers.starts_with("Status: "))
        response.status = std::stoi(response.headers.substr(8, 3));
    return response;
}

// The tags gazette.cgi itself writes; anything else came from input.
const std::set<std::string> kOwnTags = {
    "!doctype", "html", "head", "meta", "title", "link", "style", "body", "header", "a", "form",
    "input", "button", "main", "h1", "h2", "h3", "p", "ol", "ul", "li", "aside", "span", "nav",
    "time", "mark", "strong", "em", "code", "label", "div", "article",
    // the timeline: an inline SVG chart (render_timeline.cpp)
    "section", "svg", "g", "rect", "text"};

struct Tag {
    std::string name;  // lower-case, without the '/' of an end tag
    std::vector<std::pair<std::string, std::string>> attributes;  // lower-case names
    size_t end = 0;                                               // just past the '>'
};

// Reads the tag at html[at] == '<' as a browser would: quoted values may hold spaces.
Tag read_tag(const std::string& html, size_t at) {
    Tag tag;
    size_t i = at + 1 + (at + 1 < html.size() && html[at + 1] == '/');
    const auto is = [&](const char* set) { return std::strchr(set, html[i]) != nullptr; };
    while (i < html.size() && !is(" \t\n\r/>")) tag.name += html[i++];
    tag.name = to_lower_ascii(tag.name);
    while (i < html.size() && html[i] != '>') {
        if (is(" \t\n\r/")) {
            ++i;
            continue;
        }
        std::string name, value;
        while (i < html.size() && !is(" \t\n\r/>=")) name += html[i++];
        if (i < html.size() && html[i] == '=') {
            ++i;
            if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
                const size_t close = html.find(html[i], i + 1);
                value = html.substr(i + 1, close - i - 1);
                i = close == std::string::npos ? html.size() : close + 1;
            } else {
                while (i < html.size() && !is(" \t\n\r>")) value += html[i++];
            }
        }
        tag.attributes.emplace_back(to_lower_ascii(name), value);
    }
    tag.end = i + 1;
    return tag;
}

// Problems that would let markup from input act: a tag the page never writes,
// an event-handler attribute, a link that is neither the page's own nor a web
// address, or an '&' that does not start one of the entities html_escape writes.
std::vector<std::string> markup_problems(const std::string& html) {
    std::vector<std::string> problems;
    for (size_t i = html.find('&'); i != std::string::npos; i = html.find('&', i + 1)) {
        const std::string_view rest = std::string_view(html).substr(i);
        if (!rest.starts_with("&amp;") && !rest.starts_with("&lt;") && !rest.starts_with("&gt;") &&
            !rest.starts_with("&quot;") && !rest.starts_with("&#39;"))
            problems.push_back("stray &: " + std::string(rest.substr(0, 20)));
    }
    for (size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i)) {
        const Tag tag = read_tag(html, i);
        if (!kOwnTags.contains(tag.name)) problems.push_back("tag: " + html.substr(i, 40));
        for (const auto& [name, value] : tag.attributes) {
            if (name.starts_with("on")) problems.push_back("handler: " + html.substr(i, 60));
            if ((name == "href" || name == "action" || name == "src") &&
                !value.starts_with("/gazette.cgi") && !value.starts_with("http://") &&
                !value.starts_with("https://"))
                problems.push_back("link: " + html.substr(i, 60));
        }
        i = tag.end;
    }
    return problems;
}

void check_inert(const Response& r, const std::string& what) {
    BOOST_TEST(r.exit_code == 0, what);
    BOOST_TEST(r.stderr_text.find("Sanitizer") == std::string::npos, what + r.stderr_text);
    BOOST_TEST(r.stderr_text.find("runtime error") == std::string::npos, what + r.stderr_text);
    BOOST_TEST(is_valid_utf8(r.body), what);
    for (const std::string& problem : markup_problems(r.body)) BOOST_ERROR(what << ": " << problem);
}

// Every byte but letters and digits as %XX, so the payload reaches the CGI as is.
std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

std::string header(const Response& r, const std::string& name) {
    const std::string lowered = to_lower_ascii(r.headers);
    const size_t at = lowered.find("\r\n" + to_lower_ascii(name) + ": ");
    if (at == std::string::npos) return "";
    const size_t start = at + 4 + name.size();
    return r.headers.substr(start, r.headers.find("\r\n", start) - start);
}

const char* const kParameters[] = {"q",       "page",   "sort",      "since", "until",
                                   "section", "byline", "source",    "year",  "doc",
                                   "format",  "like",   "nocorrect", "db"};

}  // namespace

BOOST_AUTO_TEST_CASE(markup_in_any_parameter_comes_back_inert) {
    for (const std::string name : kParameters) {
        for (const std::string& payload : kPayloads) {
            const std::string qs =
                name + "=" + percent_encode(payload) + (name == "q" ? "" : "&q=zebra");
            const Response r = cgi(qs);
            BOOST_TEST((r.status == 200 || r.status == 400 || r.status == 404), qs);
            check_inert(r, qs);
        }
    }
    // Shown back, escaped, in the search box, the title and the summary.
    const Response r = cgi("q=" + percent_encode("zebra \"><script>alert(1)</script>"));
    const std::string escaped = "zebra &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;";
    BOOST_TEST(r.body.find("value=\"" + escaped + "\"") != std::string::npos);
    BOOST_TEST(r.body.find("<title>" + escaped) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(markup_in_server_variables_comes_back_inert) {
    const Response page = cgi("q=zebra", {"SCRIPT_NAME=/gazette.cgi\"><script>alert(1)</script>"});
    check_inert(page, "SCRIPT_NAME");
    BOOST_TEST(page.body.find("action=\"/gazette.cgi&quot;&gt;&lt;script&gt;") !=
               std::string::npos);
    for (const char* host : {"HTTP_HOST=evil\"><x>", "SERVER_NAME=evil\"><x>"}) {
        const Response xml = cgi("opensearch=1", {host});
        BOOST_TEST(xml.status == 200);
        BOOST_TEST(xml.body.find("<x>") == std::string::npos, host);
        BOOST_TEST(xml.body.find("template=\"http://localhost/gazette.cgi?q=") != std::string::npos,
                   host);
    }
}

BOOST_AUTO_TEST_CASE(markup_in_indexed_articles_is_escaped_everywhere) {
    std::vector<std::string> ids;
    for (const char* page : {"1", "2", "3"}) {
        for (const char* sort : {"relevance", "date"}) {
            const std::string qs = std::string("q=zebra&page=") + page + "&sort=" + sort;
            const Response html = cgi(qs);
            BOOST_TEST(html.status == 200, qs);
            check_inert(html, qs);
            const Response json = cgi(qs + "&format=json");
            BOOST_TEST(header(json, "Content-Type") == "application/json; charset=utf-8");
            const auto parsed = nlohmann::json::parse(json.body);
            for (const auto& hit : parsed["hits"]) ids.push_back(hit["id"].get<std::string>());
        }
    }
    BOOST_TEST(ids.size() >= 19u);  // every hostile article was found and listed
    for (const std::string& id : ids) {
        const Response article = cgi("q=zebra+script&doc=" + percent_encode(id));
        BOOST_TEST(article.status == 200, id);
        check_inert(article, "doc=" + id);
    }
    const Response first =
        cgi("q=zebra&doc=" + percent_encode("in/hostile.jsonl#p0<script>alert(1)</script>"));
    BOOST_TEST(
        first.body.find("<h1><mark>Zebra</mark> &lt;script&gt;alert(1)&lt;/script&gt;</h1>") !=
        std::string::npos);
    const Response html = cgi("q=zebra&doc=in/hostile.html");
    BOOST_TEST(html.status == 200);
    BOOST_TEST(html.body.find("&lt;iframe src=//evil.example&gt;") != std::string::npos);
    check_inert(html, "hostile.html");
}

BOOST_AUTO_TEST_CASE(only_web_addresses_become_links) {
    const size_t web = std::size(kUrls) - 1;
    for (size_t i = 0; i < web; ++i) {
        const Response r = cgi("doc=in/hostile.jsonl%23url-" + std::to_string(i));
        BOOST_TEST(r.status == 200, kUrls[i]);
        BOOST_TEST(r.body.find(">Original article</a>") == std::string::npos, kUrls[i]);
        check_inert(r, kUrls[i]);
    }
    const Response r = cgi("doc=in/hostile.jsonl%23url-" + std::to_string(web));
    BOOST_TEST(
        r.body.find("<a href=\"https://ok.example/&quot;&gt;&lt;script&gt;alert(1)&lt;/"
                    "script&gt;\" rel=\"noopener noreferrer nofollow\">Original article</a>") !=
        std::string::npos);
}

BOOST_AUTO_TEST_CASE(highlights_never_split_an_entity) {
    const Response article = cgi("q=zebra&doc=in/hostile.jsonl%23entities");
    BOOST_TEST(article.body.find("AT&amp;T <mark>zebra</mark>&amp;lt;<mark>zebra</mark>&amp;gt; "
                                 "&amp;amp;<mark>zebra</mark>; &lt;<mark>zebra</mark>&gt; "
                                 "&quot;<mark>zebra</mark>&quot;") != std::string::npos);
    check_inert(article, "article");
    for (const char* q : {"zebra", "lt", "amp", "gt", "quot", "39", "zebra+lt+amp"}) {
        const Response r = cgi(std::string("q=") + q + "&format=json");
        const auto parsed = nlohmann::json::parse(r.body);
        for (const auto& hit : parsed["hits"])
            BOOST_TEST(markup_problems(hit["snippet_html"].get<std::string>()).empty(), q);
        check_inert(cgi(std::string("q=") + q), q);
    }
}

BOOST_AUTO_TEST_CASE(line_breaks_in_input_never_reach_the_headers) {
    const std::string injection = "x%0D%0ASet-Cookie:%20a=b%0D%0A%0D%0A<b>";
    std::vector<Response> responses;
    for (const std::string name : kParameters) responses.push_back(cgi(name + "=" + injection));
    for (const char* variable : {"SCRIPT_NAME", "HTTP_HOST", "PATH_INFO", "SERVER_NAME"})
        responses.push_back(
            cgi("opensearch=1", {std::string(variable) + "=/x\r\nSet-Cookie: a=b\r\n\r\n<b>"}));
    const std::set<std::string> own = {
        "status",          "content-type",    "content-security-policy", "x-content-type-options",
        "referrer-policy", "x-frame-options", "cache-control",           "allow",
        "content-length"};
    for (const Response& r : responses) {
        BOOST_TEST(r.exit_code == 0);
        std::string_view rest = r.headers;
        while (!rest.empty()) {
            const size_t end = rest.find("\r\n");
            BOOST_REQUIRE(end != std::string_view::npos);
            const std::string_view line = rest.substr(0, end);
            BOOST_TEST(line.find('\n') == std::string_view::npos);
            BOOST_TEST(own.contains(to_lower_ascii(line.substr(0, line.find(':')))), line);
            rest.remove_prefix(end + 2);
        }
    }
}

BOOST_AUTO_TEST_CASE(every_response_carries_the_security_headers) {
    const std::vector<std::pair<Response, int>> cases = {
        {cgi("q=zebra"), 200},
        {cgi("q=zebra&format=json"), 200},
        {cgi("opensearch=1"), 200},
        {cgi("q=zebra", {}, "HEAD"), 200},
        {cgi("page=0"), 400},
        {cgi("page=0&format=json"), 400},
        {cgi("doc=nothing-here"), 404},
        {cgi("q=zebra", {}, "POST"), 405},
        {cgi("q=zebra", {"GAZETTE_DB=/nonexistent"}), 503},
    };
    for (const auto& [r, status] : cases) {
        BOOST_TEST(r.status == status);
        BOOST_TEST(header(r, "Content-Type").ends_with("; charset=utf-8"), r.headers);
        BOOST_TEST(header(r, "Content-Security-Policy").starts_with("default-src 'none';"));
        BOOST_TEST(header(r, "Content-Security-Policy").find("frame-ancestors 'none'") !=
                   std::string::npos);
        BOOST_TEST(header(r, "X-Content-Type-Options") == "nosniff");
        BOOST_TEST(header(r, "X-Frame-Options") == "DENY");
        BOOST_TEST(header(r, "Referrer-Policy") == "no-referrer");
        BOOST_TEST(header(r, "Cache-Control") == (status == 200 ? "max-age=60" : "no-store"));
        const bool head = r.body.empty();
        BOOST_TEST((head || header(r, "Content-Length") == std::to_string(r.body.size())));
    }
}

BOOST_AUTO_TEST_CASE(no_path_or_parameter_picks_a_file_or_database) {
    for (const char* path : {"/../../../../etc/passwd", "/opensearch.xml/../../etc/passwd",
                             "/%2e%2e/%2e%2e/etc/passwd"}) {
        const Response r = cgi("", {std::string("PATH_INFO=") + path});
        BOOST_TEST(r.status == 200, path);
        BOOST_TEST(header(r, "Content-Type") == "text/html; charset=utf-8", path);
        BOOST_TEST(r.body.find("root:") == std::string::npos, path);
    }
    for (const char* doc : {"../../../../etc/passwd", "/etc/passwd", "%2Fetc%2Fpasswd",
                            "file:///etc/passwd", "hostile.html/../../../etc/passwd"}) {
        const Response r = cgi(std::string("doc=") + doc);
        BOOST_TEST(r.status == 404, doc);
        BOOST_TEST(r.body.find("root:") == std::string::npos, doc);
    }
    // Only GAZETTE_DB set by the server counts, never a parameter or a request header.
    const Response r = cgi("q=zebra&db=/nonexistent&GAZETTE_DB=/nonexistent",
                           {"HTTP_GAZETTE_DB=/nonexistent", "HTTP_DB=/nonexistent"});
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("<mark>Zebra</mark>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(malformed_parameters_are_read_or_refused) {
    const std::vector<std::pair<std::string, int>> cases = {
        {"q=%", 400},  // nothing to search for
        {"q=zebra%", 200},
        {"q=zebra%4", 200},
        {"q=%zz%%zebra", 200},
        {"%=%&=&&&=", 200},
        {"q", 200},
        {"q=%FF%FE%C0%AF%ED%A0%80%F4%90%80%80zebra", 200},
        {"q=%00zebra%00%0B%1B%7F%C2%85", 200},
        {"page=-1&q=zebra", 400},
        {"page=99999999999999999999&q=zebra", 400},
        {"page=18446744073709551617&q=zebra", 400},
        {"page=1e2&q=zebra", 400},
        {"page=0x1&q=zebra", 400},
        {"page=%EF%BC%91&q=zebra", 400},
        {"page=+2+&q=zebra", 200},
        {"since=2024-13-45&q=zebra", 400},
        {"since=99999999-01-01&until=-1&q=zebra", 400},
        {"sort=date&sort=sideways&q=zebra", 400},
        {"format=json&format=html&q=zebra", 200},
        {"q=first&q=zebra", 200},
    };
    for (const auto& [qs, status] : cases) {
        const Response r = cgi(qs);
        BOOST_TEST(r.status == status, qs);
        check_inert(r, qs);
    }
    BOOST_TEST(cgi("q=first&q=zebra").body.find("value=\"zebra\"") != std::string::npos);
    BOOST_TEST(cgi("q=%00zebra%00%0B%1B%7F%C2%85").body.find("value=\"zebra\"") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(oversized_requests_are_refused) {
    BOOST_TEST(cgi("q=" + std::string(1000, 'z')).status == 200);
    BOOST_TEST(cgi("q=" + std::string(1001, 'z')).status == 400);
    BOOST_TEST(cgi("q=zebra&x=" + std::string(16384, 'x')).status == 400);
    BOOST_TEST(cgi("doc=" + std::string(1001, 'd')).status == 400);
    BOOST_TEST(cgi("q=zebra&section=" + std::string(201, 's')).status == 400);
    std::string twenty, twenty_one;
    for (int i = 0; i < 21; ++i) (i < 20 ? twenty : twenty_one) += "&section=s" + std::to_string(i);
    BOOST_TEST(cgi("q=zebra" + twenty).status == 200);
    BOOST_TEST(cgi("q=zebra" + twenty + twenty_one).status == 400);
    std::string many;
    for (int i = 0; i < 3000; ++i) many += "&a";
    BOOST_TEST(cgi("q=zebra" + many).status == 200);
}

BOOST_AUTO_TEST_CASE(costly_queries_are_refused_or_answered) {
    // Each word* can stand for 100 words; many of them made one search take 40 s.
    BOOST_TEST(cgi("q=z*+c*+a*+b*+e*").status == 200);
    const Response many = cgi("q=" + percent_encode("z* z* z* z* z* z*"));
    BOOST_TEST(many.status == 400);
    BOOST_TEST(many.body.find("wildcards") != std::string::npos);
    for (const std::string& q : std::vector<std::string>{
             std::string(490, '(') + "zebra" + std::string(490, ')'), std::string(999, '"'),
             std::string(999, '-'), "zebra NEAR/2147483647 crossing",
             "zebra NEAR/99999999999999999999 crossing", "AND OR NOT XOR NEAR ADJ zebra",
             "headline: byline: section: year: *", "\"zebra* crossing*\" NEAR/3 zebra"}) {
        const Response r = cgi("q=" + percent_encode(q));
        BOOST_TEST((r.status == 200 || r.status == 400), q);
        check_inert(r, q.substr(0, 40));
    }
}

// scripts/serve's lighttpd configuration against slow and oversized clients.
namespace {

// scripts/serve on a free port, over the hostile database, with the binaries of
// bin_dir and extra environment settings; stopped when it goes.
class Serve : public test::WebServer {
  public:
    Serve(const std::string& bin_dir, const std::string& settings = "")
        : WebServer(fixture().db(), settings, bin_dir) {}
};

boost::unit_test::precondition needs_a_web_server() {
    return test::needs(test::programs({"lighttpd", "curl"}));
}

// The status of one curl request; 0 when curl gave up after 30 s.
int curl_status(const std::string& options, const std::string& url) {
    return std::stoi(
        run("curl -s -o /dev/null --max-time 30 -w '%{http_code}' " + options + " " + quote(url))
            .out);
}

}  // namespace

BOOST_AUTO_TEST_CASE(serve_closes_a_connection_that_stops_sending, *needs_a_web_server()) {
    const Serve serve(GAZETTE_BIN_DIR);
    // Slowloris: half a request, then silence. lighttpd's default waits 60 s;
    // scripts/serve's closes it after 10, well before this side gives up (30).
    const int fd = connect_to(serve.port());
    BOOST_REQUIRE(fd >= 0);
    const std::string half = "GET /gazette.cgi?q=zebra HTTP/1.1\r\nHost: localhost\r\n";
    BOOST_REQUIRE(write(fd, half.data(), half.size()) == static_cast<ssize_t>(half.size()));
    timeval patience{30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    char byte;
    const ssize_t got = recv(fd, &byte, 1, 0);
    const int error = errno;
    close(fd);
    BOOST_TEST(got <= 0, "answered a half request");
    BOOST_TEST((got == 0 || error == ECONNRESET), "not closed by the server: " << strerror(error));
}

BOOST_AUTO_TEST_CASE(serve_refuses_request_bodies_before_the_cgi, *needs_a_web_server()) {
    const Serve serve(GAZETTE_BIN_DIR);
    const std::string body(20 * 1024, 'x');
    BOOST_TEST(curl_status("-X POST --data-binary " + quote(body), serve.url("/gazette.cgi")) ==
               413);
    // A long query string is no body: it still reaches gazette.cgi, which refuses it itself.
    BOOST_TEST(curl_status("", serve.url("/gazette.cgi?q=" + std::string(10 * 1024, 'z'))) == 400);
    BOOST_TEST(curl_status("", serve.url("/gazette.cgi?q=zebra")) == 200);
}

BOOST_AUTO_TEST_CASE(serve_stops_a_search_that_hangs, *needs_a_web_server()) {
    // A stand-in for a search that never ends: an answer at all (before curl
    // gives up at 30 s) means lighttpd stopped it.
    const test::TempDir bin_dir;
    const auto cgi = bin_dir.write("gazette.cgi", "#!/bin/sh\nexec sleep 60\n");
    std::filesystem::permissions(cgi, std::filesystem::perms::owner_all);
    const Serve serve(bin_dir.path.string(), "GAZETTE_CGI_TIMEOUT=2");
    BOOST_TEST(curl_status("", serve.url("/gazette.cgi?q=zebra")) == 504);  // Gateway Timeout
}
