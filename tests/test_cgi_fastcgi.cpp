// gazette.cgi as FastCGI: the same binary, started by lighttpd's mod_fastcgi
// (scripts/serve with GAZETTE_FASTCGI=N), answers request after request in one
// long-lived process, with the same responses as under CGI, the cap included,
// keeping the database open while following what the indexer writes.
#include <xapian.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cgi_limit.h"
#include "run_command.h"
#include "skip.h"
#include "temp_dir.h"
#include "web_server.h"

using namespace gazette;
using test::bin;
using test::quote;
using test::run;

namespace {

// An index of corpus/ and scripts/serve in FastCGI mode over it, with settings;
// or over a stub file listing it.
class FastCgiServer {
  public:
    explicit FastCgiServer(const std::string& settings = "", bool through_stub = false)
        : serve_((test::index_corpus(db()), served(through_stub)),
                 "GAZETTE_FASTCGI=1 " + settings) {}
    std::string db() const { return (dir_.path / "db").string(); }
    std::filesystem::path dir() const { return dir_.path; }

    // curl -i: the status line, headers and body.
    std::string get(const std::string& path, const std::string& options = "") const {
        return run("curl -s -i --max-time 30 " + options + " " + quote(serve_.url(path))).out;
    }

    // The gazette.cgi processes lighttpd started, by pid.
    std::string cgi_processes() const {
        return run("pgrep -s " + std::to_string(serve_.pid()) + " -x gazette.cgi").out;
    }

  private:
    std::string served(bool through_stub) const {
        if (!through_stub) return db();
        std::ofstream(dir_.path / "stub") << "auto db\n";
        return (dir_.path / "stub").string();
    }

    test::TempDir dir_;
    test::WebServer serve_;
};

std::string body(const std::string& response) {
    return response.substr(response.find("\r\n\r\n") + 4);
}

// The number of matches for `q`, as the page's JSON counts them.
size_t total(const FastCgiServer& server, const std::string& q) {
    const std::string response = server.get("/gazette.cgi?format=json&q=" + q);
    BOOST_TEST_REQUIRE(response.starts_with("HTTP/1.1 200"), response);
    return nlohmann::json::parse(body(response))["total"].get<size_t>();
}

boost::unit_test::precondition needs_a_web_server() {
    return test::needs(test::programs({"lighttpd", "curl", "pgrep"}));
}

}  // namespace

BOOST_AUTO_TEST_CASE(fastcgi_answers_as_cgi_does, *needs_a_web_server()) {
    const FastCgiServer server;
    const std::string json = server.get("/gazette.cgi?q=desalination+plant&format=json");
    BOOST_TEST(json.starts_with("HTTP/1.1 200"), json);
    const auto cli = run(bin("gazette-search") + " --format json --db " + quote(server.db()) +
                         " 'desalination plant'");
    BOOST_TEST(body(json) == cli.out);
    const auto cgi = run("env GAZETTE_DB=" + quote(server.db()) +
                         " REQUEST_METHOD=GET SCRIPT_NAME=/gazette.cgi QUERY_STRING=q=harbor " +
                         bin("gazette.cgi"));
    BOOST_TEST(body(server.get("/gazette.cgi?q=harbor")) == body(cgi.out));
    BOOST_TEST(server.get("/gazette.cgi?q=x&page=0").starts_with("HTTP/1.1 400"));
    BOOST_TEST(server.get("/gazette.cgi?doc=no-such.txt").starts_with("HTTP/1.1 404"));
    BOOST_TEST(server.get("/gazette.cgi", "-X DELETE").starts_with("HTTP/1.1 405"));
    const std::string head = server.get("/gazette.cgi?q=harbor", "-I");
    BOOST_TEST(head.starts_with("HTTP/1.1 200"), head);
    BOOST_TEST(head.find("<html") == std::string::npos);
    BOOST_TEST(body(server.get("/gazette.cgi/opensearch.xml")).find("{searchTerms}") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(one_process_answers_request_after_request, *needs_a_web_server()) {
    const FastCgiServer server;
    const std::string before = server.cgi_processes();
    BOOST_TEST(std::count(before.begin(), before.end(), '\n') == 1, before);
    for (const char* q : {"harbor", "lighthouse", "council", "budget", "storm", "port"})
        BOOST_TEST(server.get(std::string("/gazette.cgi?q=") + q).starts_with("HTTP/1.1 200"), q);
    BOOST_TEST(server.cgi_processes() == before);
}

BOOST_AUTO_TEST_CASE(with_every_slot_taken_fastcgi_answers_503_with_retry_after,
                     *needs_a_web_server()) {
    const test::TempDir run_dir;
    const FastCgiServer server("GAZETTE_MAX_CONCURRENT=1 GAZETTE_RUN_DIR=" +
                               quote(run_dir.path.string()));
    BOOST_TEST(server.get("/gazette.cgi?q=harbor").starts_with("HTTP/1.1 200"));
    auto held = cgi::Slot::take(run_dir.path, 1);
    BOOST_REQUIRE(held.has_value());
    const std::string busy = server.get("/gazette.cgi?q=harbor");
    BOOST_TEST(busy.starts_with("HTTP/1.1 503"), busy);
    BOOST_TEST(busy.find("Retry-After: 2\r\n") != std::string::npos, busy);
    held.reset();
    BOOST_TEST(server.get("/gazette.cgi?q=harbor").starts_with("HTTP/1.1 200"));
}

namespace {

// Updates an index of corpus/ served by `server` in place, then rebuilds it
// and brings it to the revision last served: the answers follow both.
void follows_updates_and_rebuilds(const FastCgiServer& server) {
    const std::string processes = server.cgi_processes();
    const std::filesystem::path late = server.dir() / "late";
    std::filesystem::create_directories(late);
    const auto write = [&](const std::string& file, const std::string& word) {
        std::ofstream(late / file)
            << "Headline: Late edition\n\nA story of " << word << " in the harbor.\n";
    };
    const auto index = [&](const std::string& options) {
        const auto r = run(bin("gazette-index") + " -q " + options + " --db " + quote(server.db()) +
                           " " + quote(late.string()) + " 2>&1");
        BOOST_TEST_REQUIRE(r.status == 0, r.out);
    };
    const auto inode = [&] { return run("stat -c %i " + quote(server.db())).out; };
    const auto revision = [&] { return Xapian::Database(server.db()).get_revision(); };
    BOOST_TEST(total(server, "quokkas") == 0u);

    const std::string before = inode();
    write("edition.txt", "quokkas");
    index("");  // committed into the open database
    BOOST_TEST(inode() == before);
    BOOST_TEST(total(server, "quokkas") == 1u);
    const Xapian::rev served = revision();

    write("edition.txt", "wombats");
    index("--rebuild");  // another database swapped in at the same path
    BOOST_TEST(inode() != before);
    // ... and brought to the revision last served, which Xapian alone would
    // take for the database it has open.
    for (int n = 0; revision() < served; ++n) {
        write("more-" + std::to_string(n) + ".txt", "kangaroos");
        index("");
    }
    BOOST_TEST_REQUIRE(revision() == served);
    BOOST_TEST(total(server, "wombats") == 1u);
    BOOST_TEST(total(server, "quokkas") == 0u);
    BOOST_TEST(total(server, "desalination") > 0u);  // corpus/, carried over
    BOOST_TEST(server.cgi_processes() == processes);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_long_lived_process_follows_updates_and_rebuilds, *needs_a_web_server()) {
    follows_updates_and_rebuilds(FastCgiServer());
}

BOOST_AUTO_TEST_CASE(a_long_lived_process_follows_the_shards_of_a_stub_file,
                     *needs_a_web_server()) {
    follows_updates_and_rebuilds(FastCgiServer("", true));
}
