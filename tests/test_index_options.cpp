// gazette-index's choice of files and its account of a database, end to end:
// --exclude and --include (left-out files are counted, listed with -v, and
// their articles go), and --stats in text and JSON.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_command.h"
#include "schema.h"
#include "temp_dir.h"

using namespace gazette;
using namespace gazette::test;
namespace fs = std::filesystem;

namespace {

struct Corpus {
    TempDir dir;
    fs::path src = dir.path / "bbc";
    fs::path db = dir.path / "db";

    fs::path add(const std::string& name, const std::string& headline) const {
        return dir.write("bbc/" + name, headline + "\n\nThe council met about the harbor.\n");
    }
    Output index(const std::string& options = "") const {
        return run("timeout -k 5 120 " + bin("gazette-index") + " -j 2 " + options + " --db " +
                   quote(db.string()) + " " + quote(src.string()) + " 2>&1");
    }
    Output gazette_index(const std::string& options) const {
        return run(bin("gazette-index") + " --db " + quote(db.string()) + " " + options + " 2>&1");
    }
    size_t count() const {
        const auto r = run(bin("gazette-search") + " --format json --no-collapse --db " +
                           quote(db.string()) + " harbor");
        BOOST_REQUIRE_EQUAL(r.status, 0);
        return nlohmann::json::parse(r.out)["total"];
    }
};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(exclude_leaves_out_a_name_at_any_depth_and_says_so_with_v) {
    Corpus c;
    c.add("business/001.txt", "Bank rates");
    c.add("sport/001.txt", "Cup final");
    c.add("README.TXT", "About this corpus");
    c.add("sport/README.TXT", "About sport");
    const auto r = c.index("-v --exclude README.TXT");
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "skipped 2"), r.out);
    BOOST_TEST(has(r.out, "README.TXT (excluded by --exclude README.TXT)"), r.out);
    BOOST_TEST(c.count() == 2u);
}

BOOST_AUTO_TEST_CASE(an_exclude_with_a_slash_matches_the_path_inside_the_root) {
    Corpus c;
    c.add("business/001.txt", "Bank rates");
    c.add("sport/001.txt", "Cup final");
    c.add("sport/deep/002.txt", "Cup replay");
    const auto r = c.index("--exclude 'sport/*.txt'");
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(c.count() == 2u);  // '*' does not cross '/': sport/deep/002.txt stays
}

BOOST_AUTO_TEST_CASE(a_file_that_becomes_excluded_loses_its_articles) {
    Corpus c;
    c.add("business/001.txt", "Bank rates");
    c.add("business/002.txt", "Bank profits");
    c.add("README.TXT", "About this corpus");
    BOOST_TEST(c.index().status == 0);
    BOOST_TEST(c.count() == 3u);
    const auto r = c.index("--exclude '*.TXT'");
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "deleted 1"), r.out);
    BOOST_TEST(c.count() == 2u);
}

BOOST_AUTO_TEST_CASE(include_takes_only_the_files_it_matches) {
    Corpus c;
    c.add("a.txt", "Bank rates");
    c.add("b.html", "<title>Cup final</title><p>The harbor.</p>");
    c.add("sub/c.txt", "Tram opens");
    const auto r = c.index("--include '*.txt' --exclude c.txt");
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "added 1,"), r.out);
    BOOST_TEST(has(r.out, "skipped 2"), r.out);
}

BOOST_AUTO_TEST_CASE(stats_say_what_the_database_holds_in_text_and_json) {
    Corpus c;
    c.dir.write("bbc/a.txt",
                "Headline: Bank rates\nDate: 2024-03-01\nSection: Business\n\nThe harbor.\n");
    c.dir.write("bbc/b.txt",
                "Headline: Cup final\nDate: 2025-05-02\nSection: Sport\n\nThe harbor.\n");
    c.dir.write("bbc/c.txt", "Headline: Cup replay\nSection: Sport\n\nThe harbor.\n");
    BOOST_REQUIRE_EQUAL(c.index().status, 0);

    const auto text = c.gazette_index("--stats");
    BOOST_TEST(text.status == 0, text.out);
    for (const char* line :
         {"articles    3\n", "files       3\n", "roots       1 (bbc)\n",
          "dates       2024-03-01 to 2025-05-02 (2 articles dated)\n",
          "sections    2 (most: sport 2, business 1)\n", "languages   english\n"})
        BOOST_TEST(has(text.out, line), line << " in\n" << text.out);
    BOOST_TEST(has(text.out, "schema      version " + std::to_string(schema::kVersion) + "\n"),
               text.out);
    BOOST_TEST(has(text.out, " on disk\n"), text.out);

    const auto json = c.gazette_index("--stats-json");
    BOOST_TEST(json.status == 0, json.out);
    const auto s = nlohmann::json::parse(json.out);
    BOOST_TEST(s["articles"] == 3);
    BOOST_TEST(s["files"] == 3);
    BOOST_TEST(s["roots"][0]["name"] == "bbc");
    BOOST_TEST(s["roots"][0]["held"] == 0);
    BOOST_TEST(s["dates"]["first"] == "2024-03-01");
    BOOST_TEST(s["dates"]["last"] == "2025-05-02");
    BOOST_TEST(s["sections"][0]["value"] == "sport");
    BOOST_TEST(s["sections"][0]["count"] == 2);
    BOOST_TEST(s["languages"][0] == "english");
    BOOST_TEST(s["bytes_on_disk"].get<uintmax_t>() > 0u);
    BOOST_TEST(s["schema_version"] == schema::kVersion);
    const std::string updated = s["updated"];
    BOOST_TEST((updated.size() == 20 && updated.ends_with("Z")), updated);
}

// An empty --db (an unset variable in a script) says so, in both tools; it
// said "filesystem error: cannot make absolute path".
BOOST_AUTO_TEST_CASE(an_empty_db_is_a_usage_error) {
    for (const char* tool : {"gazette-index", "gazette-search"}) {
        const auto r = run(bin(tool) + " --db '' harbor 2>&1");
        BOOST_TEST(r.status == 2, r.out);
        BOOST_TEST(has(r.out, "--db needs a path, and '' is none"), r.out);
    }
}

BOOST_AUTO_TEST_CASE(stats_of_a_missing_database_is_an_error) {
    Corpus c;
    const auto r = c.gazette_index("--stats");
    BOOST_TEST(r.status == 2, r.out);
}
