// Results and articles -> the web page (HTML5, no JavaScript, inline CSS only)
// and the OpenSearch description. Like the other renderers it sees only plain
// types, never Xapian. Every piece of text is escaped for where it goes:
// html_escape for text and attributes, url_encode inside link parameters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "article.h"
#include "request.h"
#include "results.h"

namespace gazette::html {

// Where the page lives and what was asked: every link is built from these.
struct Page {
    std::string script;     // the CGI's own path (SCRIPT_NAME)
    SearchRequest request;  // query, filters, sort, and the page as offset/limit
};

// The start page: a search box and tips, before anything was asked.
std::string start_page(const Page& page);

// Hits, facets, "Did you mean", sort links and pagination; or the no-results state.
std::string results_page(const Page& page, const SearchResults& results);

// One whole article, the query's words highlighted, with a way back.
std::string article_page(const Page& page, const ArticleView& view);

// The page for an HTTP error: what was wrong (the message must be safe to
// show: it names no path), and the search box holding the query, to try again.
std::string error_page(int status, std::string_view message, std::string_view script,
                       std::string_view query = {});

// Lets browsers add the page as a search engine; base_url is "http://host".
std::string opensearch_description(std::string_view base_url, std::string_view script);

// The address of a search page (query, sort, filters, page; one article with
// `doc`), percent-encoded and escaped for an attribute.
std::string search_href(const std::string& script, const SearchRequest& r, size_t page,
                        std::string_view doc = {});

// The timeline as an inline SVG bar chart (nothing external, so the CSP
// allows it), each bar a link narrowing the search to its period; "" when
// nothing is dated and nothing undated.
std::string timeline_html(const Page& page, const Timeline& timeline);

// The dates a period ("YYYY" or "YYYY-MM") covers, "YYYY-MM-DD" both; nothing
// for another label.
std::optional<std::pair<std::string, std::string>> period_dates(std::string_view period);

// Percent-encodes all but unreserved bytes; a space becomes '+'.
std::string url_encode(std::string_view text);

// Only http: and https: addresses are ever linked (never javascript: or data:).
bool is_web_url(std::string_view url);

}  // namespace gazette::html
