// The CGI environment -> a validated web request. No Xapian and no I/O here:
// cgi_main.cpp reads the environment, this decides what it means, so every
// rule about hostile input can be tested without a web server.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "config_file.h"
#include "request.h"

namespace gazette::cgi {

// Caps that bound the work one request can ask for.
constexpr size_t kMaxQueryBytes = 1000;
// Each word* expands to up to 100 words and the cost grows faster than the
// count: 200 of them kept a search busy for 40 s on 42,000 articles, 5 take 0.4 s.
constexpr size_t kMaxWildcards = 5;
constexpr size_t kMaxFieldBytes = 200;  // a filter value, since, until
constexpr size_t kMaxDocIdBytes = 1000;
constexpr size_t kMaxFilterValues = 20;  // values of one facet field
constexpr size_t kMaxQueryStringBytes = 16384;
constexpr size_t kMaxPage = 100;
constexpr size_t kPageSize = 10;
constexpr size_t kFeedEntries = 20;    // the newest matches in a feed
constexpr size_t kThreadArticles = 8;  // similar articles listed under an article

enum class Format { kHtml, kJson, kAtom, kOpenSearch };

struct CgiRequest {
    bool head = false;  // HEAD: headers only
    Format format = Format::kHtml;
    std::string script;    // SCRIPT_NAME, where links point back to
    std::string base_url;  // "http://host[:port]", for the OpenSearch template
    std::string database;  // GAZETTE_DB from the server's configuration, or ""
    std::string doc;       // an article id to show, or "" for a search
    SearchRequest search;  // query, filters, sort and the page as offset/limit
    size_t page = 1;

    // Anything to search for? Without words, filters or like (articles similar
    // to one) the page shows its start state.
    bool has_search() const;
};

struct CgiError {
    int status;           // HTTP status: 400, 405...
    std::string message;  // safe to show: says nothing about the server
    bool json = false;    // format=json was asked for, so the error is JSON too
    // For the error page's search box, so that a bad request is no dead end:
    // SCRIPT_NAME and the query as far as it could be read (cut to the cap).
    std::string script, query;
};

using Environment = std::map<std::string, std::string>;

// The variables parse_request reads, from the process environment.
Environment read_environment();

// Validates method, parameters and caps; unknown parameters are ignored.
std::variant<CgiRequest, CgiError> parse_request(const Environment& env);

// Splits "a=1&b=2" into decoded pairs: '+' is a space, %XX a byte, a stray
// '%' stays as it is.
std::vector<std::pair<std::string, std::string>> parse_query_string(std::string_view query);

// A parameter's decoded bytes as clean text: invalid UTF-8 repaired, control
// characters (C0, DEL, C1) turned into spaces, the ends trimmed.
std::string clean_text(std::string_view bytes);

// The location of the last "db = LOCATION" line of config entries (config_file.h)
// at the top of a file or under [cgi]; "" when there is none. The CGI reads no
// other setting.
std::string config_database(const std::vector<ConfigEntry>& entries);

}  // namespace gazette::cgi
