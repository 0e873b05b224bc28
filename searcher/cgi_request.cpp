#include "cgi_request.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>

#include "schema.h"
#include "text.h"

namespace gazette::cgi {
namespace {

// Wildcards the query parser would expand: a '*' right after a letter or digit
// ("elect*"). Asterisks on their own ("***** Sale *****") are punctuation.
size_t wildcard_count(std::string_view query) {
    size_t count = 0;
    for (size_t i = 1; i < query.size(); ++i) {
        const auto before = static_cast<unsigned char>(query[i - 1]);
        count += query[i] == '*' && (std::isalnum(before) || before >= 0x80);
    }
    return count;
}

constexpr const char* kVariables[] = {"REQUEST_METHOD", "QUERY_STRING", "SCRIPT_NAME",
                                      "PATH_INFO",      "HTTP_HOST",    "HTTPS",
                                      "SERVER_NAME",    "SERVER_PORT",  "GAZETTE_DB"};

std::string get(const Environment& env, const std::string& name) {
    const auto it = env.find(name);
    return it == env.end() ? std::string() : it->second;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// A Host header goes into the OpenSearch document, so only host-name bytes pass.
bool plausible_host(std::string_view host) {
    return !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
               c == '[' || c == ']';
    });
}

std::string base_url(const Environment& env) {
    const std::string https = to_lower_ascii(get(env, "HTTPS"));
    const bool secure = https == "on" || https == "1";
    std::string host = get(env, "HTTP_HOST");
    if (!plausible_host(host)) {
        host = get(env, "SERVER_NAME");
        const std::string port = get(env, "SERVER_PORT");
        if (!port.empty() && port != (secure ? "443" : "80")) host += ":" + port;
        if (!plausible_host(host)) host = "localhost";
    }
    return (secure ? "https://" : "http://") + host;
}

// An empty page is the first, as an empty sort is relevance.
std::optional<size_t> parse_page(const std::string& text) {
    if (text.empty()) return 1;
    if (text.size() > 3 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    const size_t page = std::stoul(text);
    if (page < 1 || page > kMaxPage) return std::nullopt;
    return page;
}

std::optional<SortOrder> parse_sort(const std::string& text) {
    if (text.empty() || text == "relevance") return SortOrder::kRelevance;
    if (text == "date" || text == "newest") return SortOrder::kNewest;
    if (text == "oldest") return SortOrder::kOldest;
    return std::nullopt;
}

std::vector<std::string>* filter_field(Filters& filters, const std::string& name) {
    const schema::Field* field = schema::find_field(name);
    return field ? &filters.of(field->name) : nullptr;
}

CgiError bad_request(std::string message) {
    return CgiError{400, std::move(message), false, {}, {}};
}

// Applies one parameter; an error when its value is unusable.
std::optional<CgiError> apply(CgiRequest& r, const std::string& name, const std::string& raw) {
    const std::string value = clean_text(raw);
    if (name == "q") {
        if (value.size() > kMaxQueryBytes)
            return bad_request("The query is too long: at most 1000 bytes, please.");
        if (wildcard_count(value) > kMaxWildcards)
            return bad_request("At most 5 wildcards (word*) in a query, please.");
        r.search.query = value;
    } else if (name == "page") {
        const auto page = parse_page(value);
        if (!page) return bad_request("The page must be a number from 1 to 100.");
        r.page = *page;
    } else if (name == "sort") {
        const auto sort = parse_sort(value);
        if (!sort) return bad_request("Sort by relevance, date or oldest.");
        r.search.sort = *sort;
    } else if (name == "format") {
        if (value != "json" && value != "html" && value != "atom" && !value.empty())
            return bad_request("The format must be html, json or atom.");
        // The last format given counts; opensearch=1 wins over any.
        if (r.format != Format::kOpenSearch)
            r.format = value == "json"   ? Format::kJson
                       : value == "atom" ? Format::kAtom
                                         : Format::kHtml;
    } else if (name == "nocorrect") {
        r.search.correct = value.empty() || value == "0";
    } else if (name == "opensearch") {
        if (!value.empty()) r.format = Format::kOpenSearch;
    } else if (name == "like") {
        if (value.size() > kMaxDocIdBytes) return bad_request("The article id is too long.");
        r.search.like_id = value;
    } else if (name == "doc") {
        if (value.size() > kMaxDocIdBytes) return bad_request("The article id is too long.");
        r.doc = value;
    } else if (name == "since" || name == "until") {
        if (value.size() > kMaxFieldBytes) return bad_request("The date is too long.");
        (name == "since" ? r.search.filters.since : r.search.filters.until) = value;
    } else if (auto* values = filter_field(r.search.filters, name)) {
        if (value.size() > kMaxFieldBytes) return bad_request("A filter value is too long.");
        if (values->size() >= kMaxFilterValues) return bad_request("Too many filter values.");
        if (!value.empty() && std::find(values->begin(), values->end(), value) == values->end())
            values->push_back(value);
    }
    return std::nullopt;  // unknown parameters are ignored
}

}  // namespace

bool CgiRequest::has_search() const {
    return !search.query.empty() || !search.filters.empty() || !search.like_id.empty();
}

Environment read_environment() {
    Environment env;
    for (const char* name : kVariables)
        if (const char* value = std::getenv(name)) env[name] = value;
    return env;
}

std::variant<CgiRequest, CgiError> parse_request(const Environment& env) {
    CgiRequest r;
    r.script = clean_text(get(env, "SCRIPT_NAME"));
    const std::string method = get(env, "REQUEST_METHOD");
    if (method != "GET" && method != "HEAD")
        return CgiError{405, "Only GET and HEAD are allowed here.", false, r.script, ""};
    r.head = method == "HEAD";
    const std::string query_string = get(env, "QUERY_STRING");
    if (query_string.size() > kMaxQueryStringBytes) {
        CgiError error = bad_request("The request is too long.");
        error.script = r.script;
        return error;
    }

    r.base_url = base_url(env);
    r.database = get(env, "GAZETTE_DB");
    if (get(env, "PATH_INFO") == "/opensearch.xml") r.format = Format::kOpenSearch;
    const auto parameters = parse_query_string(query_string);
    for (const auto& [name, value] : parameters) {
        if (auto error = apply(r, name, value)) {
            // Whatever came first, a program that asked for JSON gets JSON back.
            error->json = std::any_of(parameters.begin(), parameters.end(), [](const auto& p) {
                return p.first == "format" && p.second == "json";
            });
            error->script = r.script;
            for (const auto& [n, v] : parameters)
                if (n == "q")
                    error->query = std::string(utf8_prefix(clean_text(v), kMaxQueryBytes));
            return *error;
        }
    }
    r.search.limit = kPageSize;
    r.search.offset = (r.page - 1) * kPageSize;
    return r;
}

std::vector<std::pair<std::string, std::string>> parse_query_string(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        const size_t eq = pair.find('=');
        out.emplace_back(percent_decode(pair.substr(0, eq)),
                         eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1)));
    }
    return out;
}

std::string clean_text(std::string_view bytes) {
    const std::string text = to_utf8(bytes);
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool c1 =
            c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0;
        if (c < 0x20 || c == 0x7F || c1) {
            out += ' ';
            if (c1) ++i;
        } else {
            out += text[i];
        }
    }
    return fold_whitespace(out);
}

std::string config_database(const std::vector<ConfigEntry>& entries) {
    constexpr std::string_view kDatabase = "db";  // a config key, not a request parameter
    std::string database;
    for (const ConfigEntry& e : entries)
        if (e.name == kDatabase && (e.section.empty() || e.section == "cgi")) database = e.value;
    return database;
}

}  // namespace gazette::cgi
