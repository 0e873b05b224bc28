// gazette.cgi under a crowd: beyond max-concurrent searches at once it answers
// a fast 503 with Retry-After instead of joining a pile-up. The slots are held
// from this process (all of them, as a crowd would), so no timing is involved:
// run directly as a web server runs it, and behind a real lighttpd.
#include <boost/test/unit_test.hpp>
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

// An index of corpus/ and a slot folder, for the whole suite.
struct Fixture {
    test::TempDir dir;
    Fixture() { test::index_corpus(db()); }
    std::string db() const { return (dir.path / "db").string(); }
};

const Fixture& fixture() {
    static const Fixture instance;
    return instance;
}

// All n slots of a folder, held until destroyed.
struct FullHouse {
    std::vector<cgi::Slot> slots;
    FullHouse(const std::filesystem::path& run_dir, size_t n) {
        for (size_t k = 0; k < n; ++k) {
            auto slot = cgi::Slot::take(run_dir, n);
            BOOST_REQUIRE(slot.has_value());
            slots.push_back(std::move(*slot));
        }
    }
};

// gazette.cgi run directly with a GET of the query string and extra environment.
test::Output cgi_get(const std::string& query_string, const std::string& env) {
    return run("env -u GAZETTE_CONFIG GAZETTE_DB=" + quote(fixture().db()) + " " + env +
               " REQUEST_METHOD=GET QUERY_STRING=" + quote(query_string) + " " +
               bin("gazette.cgi") + " 2>&1");
}

std::string slots_env(const test::TempDir& run_dir, size_t n) {
    return "GAZETTE_MAX_CONCURRENT=" + std::to_string(n) +
           " GAZETTE_RUN_DIR=" + quote(run_dir.path.string());
}

}  // namespace

BOOST_AUTO_TEST_CASE(with_every_slot_taken_the_page_is_503_with_retry_after) {
    const test::TempDir run_dir;
    BOOST_TEST(cgi_get("q=harbor", slots_env(run_dir, 2)).out.starts_with("Status: 200 OK\r\n"));
    const FullHouse crowd(run_dir.path, 2);
    const auto html = cgi_get("q=harbor", slots_env(run_dir, 2));
    BOOST_TEST(html.out.starts_with("Status: 503 Service Unavailable\r\n"), html.out);
    BOOST_TEST(html.out.find("Retry-After: 2\r\n") != std::string::npos, html.out);
    BOOST_TEST(html.out.find("Cache-Control: no-store\r\n") != std::string::npos);
    BOOST_TEST(html.out.find("busy") != std::string::npos);
    const auto json = cgi_get("q=harbor&format=json", slots_env(run_dir, 2));
    BOOST_TEST(json.out.starts_with("Status: 503"), json.out);
    const auto body = json.out.substr(json.out.find("\r\n\r\n") + 4);
    BOOST_TEST(nlohmann::json::parse(body).contains("error"), body);
}

BOOST_AUTO_TEST_CASE(one_slot_given_back_serves_again) {
    const test::TempDir run_dir;
    auto crowd = std::make_unique<FullHouse>(run_dir.path, 3);
    BOOST_TEST(cgi_get("q=harbor", slots_env(run_dir, 3)).out.starts_with("Status: 503"));
    crowd->slots.pop_back();
    BOOST_TEST(cgi_get("q=harbor", slots_env(run_dir, 3)).out.starts_with("Status: 200"));
}

BOOST_AUTO_TEST_CASE(max_concurrent_0_is_no_cap) {
    const test::TempDir run_dir;
    const FullHouse crowd(run_dir.path, 2);
    BOOST_TEST(cgi_get("q=harbor", slots_env(run_dir, 0)).out.starts_with("Status: 200"));
}

BOOST_AUTO_TEST_CASE(max_concurrent_and_run_dir_are_read_from_the_config_file) {
    const test::TempDir run_dir;
    const auto conf = run_dir.write(
        "conf/gazette.conf",
        "[cgi]\nmax-concurrent = 1\nrun-dir = " + (run_dir.path / "run").string() + "\n");
    const auto with_config = [&] {
        return run("env GAZETTE_CONFIG=" + quote(conf.string()) +
                   " GAZETTE_DB=" + quote(fixture().db()) +
                   " REQUEST_METHOD=GET QUERY_STRING=q=harbor " + bin("gazette.cgi") + " 2>&1")
            .out;
    };
    BOOST_TEST(with_config().starts_with("Status: 200"));
    const FullHouse crowd(run_dir.path / "run", 1);
    BOOST_TEST(with_config().starts_with("Status: 503"));
}

BOOST_AUTO_TEST_CASE(a_bad_max_concurrent_is_503_and_logged) {
    const test::TempDir run_dir;
    const auto r = cgi_get("q=harbor", "GAZETTE_MAX_CONCURRENT=lots");
    BOOST_TEST(r.out.find("gazette.cgi: GAZETTE_MAX_CONCURRENT: max-concurrent must be") !=
                   std::string::npos,
               r.out);
    BOOST_TEST(r.out.find("Status: 503") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("Retry-After") == std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(an_unusable_run_dir_is_logged_and_the_search_still_runs) {
    const test::TempDir run_dir;
    const auto file = run_dir.write("not-a-folder", "x");
    const auto r = cgi_get("q=harbor", "GAZETTE_MAX_CONCURRENT=2 GAZETTE_RUN_DIR=" + quote(file));
    BOOST_TEST(
        r.out.find("cannot use " + file.string() + " for the search slots") != std::string::npos,
        r.out);
    BOOST_TEST(r.out.find("Status: 200 OK") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(behind_lighttpd_a_full_house_is_503_with_retry_after,
                     *test::needs(test::programs({"lighttpd", "curl"}))) {
    const test::TempDir run_dir;
    const test::WebServer serve(fixture().db(), slots_env(run_dir, 1));
    const auto get = [&] {
        return run("curl -s -i --max-time 30 " + quote(serve.url("/gazette.cgi?q=harbor"))).out;
    };
    BOOST_TEST(get().starts_with("HTTP/1.1 200"));
    auto crowd = std::make_unique<FullHouse>(run_dir.path, 1);
    const std::string busy = get();
    BOOST_TEST(busy.starts_with("HTTP/1.1 503"), busy);
    BOOST_TEST(busy.find("Retry-After: 2\r\n") != std::string::npos, busy);
    crowd.reset();
    BOOST_TEST(get().starts_with("HTTP/1.1 200"));
}
