// gazette.cgi: the web page, a thin front end over Searcher and the renderers.
// cgi_request decides what a request means; cgi_limit whether it may search now;
// this file opens the database, runs the search and writes the response with
// its headers, once as a CGI program or request after request under FastCGI.
#include <fcgiapp.h>
#include <sys/stat.h>
#include <xapian.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <tuple>

#include "cgi_limit.h"
#include "cgi_request.h"
#include "query.h"
#include "render.h"
#include "render_atom.h"
#include "render_html.h"
#include "search.h"

using namespace gazette;

namespace {

constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kAtom = "application/atom+xml; charset=utf-8";
constexpr const char* kOpenSearch = "application/opensearchdescription+xml; charset=utf-8";

// No scripts at all, nothing from elsewhere, no framing: the page needs only
// its own inline style and forms that submit to itself. X-Frame-Options says
// "no framing" to browsers that predate frame-ancestors.
constexpr const char* kSecurityHeaders =
    "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: no-referrer\r\n";

// Neither says which path or what failed: that goes to the server's error log.
constexpr const char* kUnavailable = "The search is unavailable right now. Please try again later.";
constexpr const char* kInternal = "Something went wrong with this search. Please try again later.";
constexpr const char* kBusy = "The search is busy right now. Please try again in a moment.";
// Seconds a client turned away for lack of a slot is asked to wait: searches
// take milliseconds, so a slot is likely free by then.
constexpr int kRetryAfterSeconds = 2;

struct Response {
    int status = 200;
    std::string content_type = kHtml;
    std::string body;
    int retry_after = 0;  // seconds, for a 503 that will pass; 0: no Retry-After
};

const char* reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 400:
            return "Bad Request";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 503:
            return "Service Unavailable";
        default:
            return "Internal Server Error";
    }
}

// The response as a CGI program writes it (FastCGI carries the same bytes).
std::string http(const Response& r, bool head) {
    std::ostringstream out;
    out << "Status: " << r.status << ' ' << reason(r.status) << "\r\n"
        << "Content-Type: " << r.content_type << "\r\n"
        << kSecurityHeaders << "Cache-Control: " << (r.status == 200 ? "max-age=60" : "no-store")
        << "\r\n";
    if (r.status == 405) out << "Allow: GET, HEAD\r\n";
    if (r.retry_after > 0) out << "Retry-After: " << r.retry_after << "\r\n";
    out << "Content-Length: " << r.body.size() << "\r\n\r\n";
    if (!head) out << r.body;
    return out.str();
}

// An error page keeps the search box, holding the query, so it is no dead end.
Response error(int status, const std::string& message, bool json, const std::string& script,
               const std::string& query) {
    return json ? Response{status, kJson, render_json_error(message)}
                : Response{status, kHtml, html::error_page(status, message, script, query)};
}

void log(const std::string& what) {
    std::cerr << "gazette.cgi: " << what << '\n';
}

// The server's config files, the one that wins last: /etc/gazette.conf, the
// gazette.conf beside the executable, $GAZETTE_CONFIG. Throws ConfigError.
std::vector<ConfigEntry> config_entries() {
    std::vector<ConfigEntry> entries = read_config("/etc/gazette.conf", false);
    const auto add = [&](const std::vector<ConfigEntry>& more) {
        entries.insert(entries.end(), more.begin(), more.end());
    };
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) add(read_config(exe.parent_path() / "gazette.conf", false));
    if (const char* named = std::getenv("GAZETTE_CONFIG"); named && *named)
        add(read_config(named, true));
    return entries;
}

// From the server's configuration only, never from the request: GAZETTE_DB,
// else the "db" of the config files.
std::string database_location(const cgi::CgiRequest& r, const std::vector<ConfigEntry>& config) {
    return r.database.empty() ? cgi::config_database(config) : r.database;
}

// The current time, RFC 3339, for a feed none of whose articles is dated.
std::string now() {
    const std::time_t t = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char out[32];
    return std::string(out, std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &utc));
}

// A feed lists the newest matches, whatever page or order was asked for.
Response feed(Searcher& searcher, const cgi::CgiRequest& r) {
    SearchRequest request = r.search;
    request.sort = SortOrder::kNewest;
    request.offset = 0;
    request.limit = cgi::kFeedEntries;
    return {200, kAtom,
            html::atom_feed({r.script, r.search}, r.base_url, searcher.search(request), now())};
}

Response search(Searcher& searcher, const cgi::CgiRequest& r) {
    const bool json = r.format == cgi::Format::kJson;
    const html::Page page{r.script, r.search};
    if (!r.has_search())
        return json ? error(400, "give a query", true, r.script, r.search.query)
                    : Response{200, kHtml, html::start_page(page)};
    if (r.format == cgi::Format::kAtom) return feed(searcher, r);
    if (json) return {200, kJson, render_json(searcher.search(r.search))};
    SearchRequest request = r.search;
    request.facets = {"section", "byline", "source", "year"};
    request.timeline = true;
    return {200, kHtml, html::results_page(page, searcher.search(request))};
}

Response article(Searcher& searcher, const cgi::CgiRequest& r) {
    if (r.format == cgi::Format::kJson)
        return error(400, "format=json is for searches, not for doc", true, r.script,
                     r.search.query);
    auto found = searcher.article(r.doc, r.search.query);
    if (!found)
        return error(404, "There is no article with that id.", false, r.script, r.search.query);
    SearchRequest like;  // its story's thread
    like.like_id = r.doc;
    like.limit = cgi::kThreadArticles;
    like.snippet_chars = 0;
    found->similar = searcher.search(like).hits;
    return {200, kHtml, html::article_page({r.script, r.search}, *found)};
}

// The database, kept open from one request to the next under FastCGI: opening
// it, with its stored-text dictionary, took most of a request's time. Each
// request moves it to the indexer's latest commit, and opens it anew when the
// location, or a shard it lists, no longer names the same file (a rebuild
// swaps another database in at the same path).
class OpenDatabase {
  public:
    // Throws what opening throws.
    Searcher& at(const std::string& location) {
        const Identity now = identity(location);
        if (searcher_ && location == location_ && now == identity_) {
            searcher_->reopen();
            return *searcher_;
        }
        searcher_.reset();
        // One core a search: a page serves searches at once, which keep the
        // cores busy already, and lanes would add to each search's CPU.
        searcher_.emplace(std::vector{location}, false, 1);
        location_ = location;
        identity_ = now;
        return *searcher_;
    }
    // After a failure: the next request opens the database anew.
    void close() { searcher_.reset(); }

  private:
    // A file as it is now: a stub file is also known by its last change.
    // None for a remote shard (tcp://), or when nothing is there.
    using FileId = std::tuple<dev_t, ino_t, off_t, std::time_t, long>;
    static std::optional<FileId> file_id(const std::string& path) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return std::nullopt;
        if (S_ISDIR(st.st_mode)) return FileId{st.st_dev, st.st_ino, 0, 0, 0};
        return FileId{st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
    }
    // The location and every shard behind it.
    using Identity = std::vector<std::optional<FileId>>;
    static Identity identity(const std::string& location) {
        Identity id{file_id(location)};
        for (const std::string& shard : expand_locations({location})) id.push_back(file_id(shard));
        return id;
    }

    std::string location_;
    Identity identity_;
    std::optional<Searcher> searcher_;
};

Response handle(const cgi::CgiRequest& r, const std::vector<ConfigEntry>& config) {
    static OpenDatabase database;
    const bool json = r.format == cgi::Format::kJson;
    const std::string location = database_location(r, config);
    if (location.empty()) {
        log("no database: set GAZETTE_DB or write 'db = PATH' in gazette.conf beside the binary");
        return error(503, kUnavailable, json, r.script, r.search.query);
    }
    Searcher* searcher = nullptr;
    try {
        searcher = &database.at(location);
    } catch (const Xapian::Error& e) {  // reopening failed: open it anew next time
        log(e.get_description());
        database.close();
        return error(503, kUnavailable, json, r.script, r.search.query);
    } catch (const std::exception& e) {
        log(e.what());
        database.close();
        return error(503, kUnavailable, json, r.script, r.search.query);
    }
    try {
        return r.doc.empty() ? search(*searcher, r) : article(*searcher, r);
    } catch (const QueryError& e) {
        return error(400, e.what(), json, r.script, r.search.query);
    } catch (const Xapian::Error& e) {
        log(e.get_description());
        database.close();
        return error(503, kUnavailable, json, r.script, r.search.query);
    } catch (const std::exception& e) {
        log(e.what());
        return error(500, kInternal, json, r.script, r.search.query);
    }
}

// The server's settings read besides the request's variables (cgi_request.h).
constexpr const char* kServerVariables[] = {"GAZETTE_DB", "GAZETTE_MAX_CONCURRENT",
                                            "GAZETTE_RUN_DIR"};

// A request that may search runs while holding a slot; without a free one it is
// turned away at once, before the database is opened. A slot folder that can't
// be used is logged and the search runs uncapped: a broken cap must not take
// the page down.
Response admit(const cgi::CgiRequest& r, const cgi::Environment& env) {
    if (r.format == cgi::Format::kOpenSearch)
        return {200, kOpenSearch, html::opensearch_description(r.base_url, r.script)};
    const bool json = r.format == cgi::Format::kJson;
    std::vector<ConfigEntry> config;
    cgi::Limits limits;
    try {
        config = config_entries();
        limits = cgi::read_limits(config, env);
    } catch (const ConfigError& e) {
        log(e.what());
        return error(503, kUnavailable, json, r.script, r.search.query);
    }
    if (limits.max_concurrent == 0) return handle(r, config);
    bool usable = true;
    auto slot = [&]() -> std::optional<cgi::Slot> {
        try {
            return cgi::Slot::take(limits.run_dir, limits.max_concurrent);
        } catch (const std::exception& e) {
            log(e.what());
            usable = false;
            return std::nullopt;
        }
    }();
    if (!slot && usable) {
        Response busy = error(503, kBusy, json, r.script, r.search.query);
        busy.retry_after = kRetryAfterSeconds;
        return busy;
    }
    return handle(r, config);  // the slot is given back after this
}

// One request, from its environment to the bytes of its response.
std::string answer(const cgi::Environment& env) {
    const auto parsed = cgi::parse_request(env);
    if (const auto* bad = std::get_if<cgi::CgiError>(&parsed))
        return http(error(bad->status, bad->message, bad->json, bad->script, bad->query), false);
    const auto& request = std::get<cgi::CgiRequest>(parsed);
    return http(admit(request, env), request.head);
}

// The server's settings a request's variables lack, from the process's own
// environment (lighttpd's bin-environment, for one, under FastCGI).
cgi::Environment with_server_settings(cgi::Environment env) {
    for (const char* name : kServerVariables)
        if (const char* value = std::getenv(name); value && !env.contains(name)) env[name] = value;
    return env;
}

// A FastCGI request's parameters.
cgi::Environment fastcgi_environment(char** params) {
    cgi::Environment env;
    for (char** p = params; p && *p; ++p) {
        const std::string_view pair(*p);
        const size_t eq = pair.find('=');
        if (eq != std::string_view::npos) env.emplace(pair.substr(0, eq), pair.substr(eq + 1));
    }
    return env;
}

// Started by a FastCGI server (stdin a listening socket): one long-lived process
// answers request after request, without a process start for each. Requests
// are the same as under CGI, and so are the responses, the cap included.
int serve_fastcgi() {
    if (FCGX_Init() != 0) return 1;
    FCGX_Request request;
    FCGX_InitRequest(&request, 0, 0);
    while (FCGX_Accept_r(&request) == 0) {
        const std::string response =
            answer(with_server_settings(fastcgi_environment(request.envp)));
        FCGX_PutStr(response.data(), static_cast<int>(response.size()), request.out);
        FCGX_Finish_r(&request);
    }
    return 0;
}

}  // namespace

// For a person who runs it from a shell: what it is and where its manual is.
// A web server never passes --help: it sets GATEWAY_INTERFACE.
constexpr const char* kUsage =
    "Usage: gazette.cgi  (run by a web server, as a CGI or FastCGI program)\n"
    "Serves the Gazette search as a web page: a search box, results with snippets, facets,\n"
    "a timeline, one whole article, JSON, Atom and OpenSearch. It reads the request from its\n"
    "environment and is set up by the server's: GAZETTE_DB (the database), GAZETTE_CONFIG,\n"
    "GAZETTE_MAX_CONCURRENT, GAZETTE_RUN_DIR, or gazette.conf beside the binary.\n"
    "Try it with scripts/serve; see gazette.cgi(8) and docs/cgi.md.\n";

int main(int argc, char** argv) {
    if (argc > 1 && !std::getenv("GATEWAY_INTERFACE")) {
        const std::string_view arg = argv[1];
        if (arg == "--version") {
            std::cout << "gazette.cgi " << GAZETTE_VERSION << "\n";
            return 0;
        }
        std::cout << kUsage;
        return arg == "--help" || arg == "-h" ? 0 : 2;
    }
    if (!FCGX_IsCGI()) return serve_fastcgi();
    std::cout << answer(with_server_settings(cgi::read_environment())) << std::flush;
    return 0;
}
