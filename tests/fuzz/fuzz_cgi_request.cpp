// Fuzzes the web page's request handling: what a client controls (query string,
// method, path, Host header) -> a validated request or an error, then the pages
// built from it. Input lines: QUERY_STRING, REQUEST_METHOD (GET when empty),
// HTTP_HOST, PATH_INFO, HTTPS.
#include <variant>

#include "cgi_request.h"
#include "fuzz_support.h"
#include "html_check.h"
#include "render_html.h"

namespace {

using namespace gazette;

void check_request(const cgi::CgiRequest& r) {
    const Filters& f = r.search.filters;
    fuzz::require(r.search.query.size() <= cgi::kMaxQueryBytes, "the query is capped");
    fuzz::require(r.doc.size() <= cgi::kMaxDocIdBytes, "the article id is capped");
    fuzz::require(r.page >= 1 && r.page <= cgi::kMaxPage, "the page is capped");
    fuzz::require(r.search.offset == (r.page - 1) * r.search.limit, "the offset is the page's");
    for (const std::string* text : {&r.search.query, &r.doc, &f.since, &f.until})
        fuzz::require(fuzz::is_clean_text(*text) && fuzz::is_single_line(*text),
                      "parameters are clean text");
    for (const auto& [field, values] : f.values) {
        fuzz::require(values.size() <= cgi::kMaxFilterValues, "filter values are capped");
        for (const std::string& v : values)
            fuzz::require(v.size() <= cgi::kMaxFieldBytes && fuzz::is_clean_text(v),
                          "filter values are capped clean text");
    }
    const html::Page page{r.script, r.search};
    fuzz::check_page(html::start_page(page));
    fuzz::check_page(html::results_page(page, SearchResults{}));
    fuzz::check_page(html::opensearch_description(r.base_url, r.script));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input = fuzz::as_text(data, size);
    fuzz::Lines lines(input);
    cgi::Environment env{{"SCRIPT_NAME", "/cgi-bin/gazette.cgi"}, {"SERVER_NAME", "news.test"}};
    env["QUERY_STRING"] = lines.next();
    const std::string method = lines.next();
    env["REQUEST_METHOD"] = method.empty() ? "GET" : method;
    for (const char* name : {"HTTP_HOST", "PATH_INFO", "HTTPS"})
        if (!lines.done()) env[name] = lines.next();

    const auto parsed = cgi::parse_request(env);
    if (const auto* request = std::get_if<cgi::CgiRequest>(&parsed)) {
        check_request(*request);
    } else {
        const auto& error = std::get<cgi::CgiError>(parsed);
        fuzz::require(error.status >= 400 && error.status < 600, "errors are HTTP errors");
        fuzz::check_page(html::error_page(error.status, error.message, env["SCRIPT_NAME"]));
    }

    const std::string cleaned = cgi::clean_text(input);
    fuzz::require(
        fuzz::is_clean_text(cleaned) && fuzz::is_single_line(cleaned) && trim(cleaned) == cleaned,
        "clean_text gives trimmed single-line text");
    try {
        cgi::config_database(parse_config(std::string(input), "gazette.conf"));
    } catch (const ConfigError& e) {
        fuzz::require(std::string_view(e.what()).starts_with("gazette.conf:"),
                      "a bad config line is named by file and line");
    }
    return 0;
}
