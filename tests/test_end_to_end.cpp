// The real gazette-index and gazette-search on real files.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "run_command.h"
#include "skip.h"
#include "temp_dir.h"
#include "test_support.h"

using namespace gazette;
using test::bin;
using test::quote;
using test::run;

namespace {

const std::string kCorpus = GAZETTE_SOURCE_DIR "/corpus";

std::string index_cmd(const test::TempDir& d, const std::string& what) {
    return bin("gazette-index") + " --quiet --db " + quote((d.path / "db").string()) + " " + what +
           " 2>&1";
}

nlohmann::json search(const test::TempDir& d, const std::string& query, int n = 10) {
    const auto r = run(bin("gazette-search") + " --format json -n " + std::to_string(n) + " --db " +
                       quote((d.path / "db").string()) + " " + quote(query));
    BOOST_REQUIRE_EQUAL(r.status, 0);
    return nlohmann::json::parse(r.out);
}

// One indexed copy of corpus/ shared by the tests that only read it.
struct CorpusIndex {
    test::TempDir dir;
    CorpusIndex() { BOOST_REQUIRE_EQUAL(run(index_cmd(dir, quote(kCorpus))).status, 0); }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(corpus_query_ranks_expected_article_first, CorpusIndex) {
    const auto j = search(dir, "desalination plant");
    BOOST_REQUIRE(!j["hits"].empty());
    BOOST_TEST(j["hits"][0]["path"] == "corpus/2022-08-desalination-plant-proposal.txt");
    BOOST_TEST(j["hits"][0]["snippet_html"].get<std::string>().find("<mark>") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(headline_word_outranks_same_word_in_body, CorpusIndex) {
    const auto j = search(dir, "lighthouse");
    BOOST_REQUIRE(j["hits"].size() >= 2u);
    BOOST_TEST(j["hits"][0]["path"] == "corpus/2023-10-gull-point-lighthouse-relit.txt");
}

BOOST_FIXTURE_TEST_CASE(author_name_ranks_that_authors_articles_first, CorpusIndex) {
    const auto j = search(dir, "thackwray");
    BOOST_REQUIRE(j["hits"].size() >= 3u);
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(j["hits"][i]["byline"].get<std::string>().find("Thackwray") !=
                   std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(indexing_twice_keeps_the_count, CorpusIndex) {
    const size_t before = search(dir, "the", 1000)["total"];
    const auto again = run(index_cmd(dir, quote(kCorpus)));
    BOOST_TEST(again.status == 0);
    BOOST_TEST(again.out.find("unchanged 44") != std::string::npos, again.out);
    BOOST_TEST(search(dir, "the", 1000)["total"].get<size_t>() == before);
}

BOOST_FIXTURE_TEST_CASE(text_output_lists_ranked_hits, CorpusIndex) {
    const auto r = run(bin("gazette-search") + " --db " + quote((dir.path / "db").string()) +
                       " --color always tram line");
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out.find("  1. ") != std::string::npos);
    BOOST_TEST(r.out.find("\033[1m") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(no_hits_is_friendly_and_exits_zero, CorpusIndex) {
    const auto r =
        run(bin("gazette-search") + " --db " + quote((dir.path / "db").string()) + " zyzzyva");
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out.find("No articles match") != std::string::npos);
    BOOST_TEST(search(dir, "zyzzyva")["hits"].empty());
}

BOOST_AUTO_TEST_CASE(seed_article_fields_in_json, *test::needs(test::shared_data({"seeds"}))) {
    test::TempDir d;
    BOOST_REQUIRE_EQUAL(run(index_cmd(d, quote(test::shared_path("seeds")))).status, 0);
    const auto hit = search(d, "putin")["hits"].at(0);
    BOOST_TEST(hit["headline"] ==
               "Trump May Meet Putin in February in Stunning Setback for Ukraine, Europe");
    BOOST_TEST(hit["byline"] == "Peter Aitken");
    BOOST_TEST(hit["date"] == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(bbc_folder_indexes_every_article,
                     *test::needs(test::shared_data({"data/bbc/raw/bbc"}))) {
    test::TempDir d;
    const auto r = run(index_cmd(d, quote(test::shared_path("data/bbc/raw/bbc"))));
    BOOST_REQUIRE_EQUAL(r.status, 0);
    BOOST_TEST(r.out.find("articles: 2226 stored") != std::string::npos, r.out);  // + README.TXT
    const auto j = search(d, "yukos");
    BOOST_REQUIRE(j["hits"].size() == 10u);
    for (const auto& hit : j["hits"])
        BOOST_TEST(hit["path"].get<std::string>().starts_with("bbc/business/"));
}

BOOST_AUTO_TEST_CASE(missing_database_exits_2_saying_how_to_create_one) {
    const auto r = run(bin("gazette-search") + " --db /nonexistent/db harbor 2>&1");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.out.find("gazette-index --db /nonexistent/db") != std::string::npos, r.out);
    const auto j =
        run(bin("gazette-search") + " --format json --db /nonexistent/db harbor 2>/dev/null");
    BOOST_TEST(nlohmann::json::parse(j.out).contains("error"));
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
    BOOST_TEST(run(bin("gazette-search") + " 2>/dev/null").status == 2);
    BOOST_TEST(run(bin("gazette-index") + " 2>/dev/null").status == 2);
    BOOST_TEST(run(bin("gazette-search") + " --sort sideways x 2>/dev/null").status == 2);
}

BOOST_AUTO_TEST_CASE(bad_file_warns_names_it_and_exits_1) {
    test::TempDir d;
    d.write("src/good.txt", "Harbor vote\n\nThe council voted.\n");
    d.write("src/empty.txt", "");
    const auto r = run(index_cmd(d, quote((d.path / "src").string())));
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.out.find("empty.txt") != std::string::npos, r.out);
    BOOST_TEST(search(d, "harbor")["total"] == 1);
}

BOOST_AUTO_TEST_CASE(help_lists_every_option) {
    const auto r = run(bin("gazette-search") + " --help");
    BOOST_TEST(r.status == 0);
    for (const char* option :
         {"--db", "--limit", "--offset", "--format", "--color", "--sort", "--bm25"})
        BOOST_TEST(r.out.find(option) != std::string::npos, option);
}

BOOST_AUTO_TEST_CASE(every_format_indexes_from_one_folder) {
    test::TempDir d;
    d.write("src/story.txt", "Harbor vote\n\nBy Ann Reyes\n\nThe council voted on the harbor.\n");
    d.write("src/page.html",
            "<!doctype html><html><head><meta property=\"og:title\" content=\"Tram opens\">"
            "<meta name=\"author\" content=\"Ben Ode\"></head><body><article><p>The tram "
            "opened.</p></article></body></html>");
    d.write("src/feed.jsonl",
            "{\"id\":\"j1\",\"title\":\"Museum reopens\",\"body\":\"Doors open.\"}\n"
            "{not json\n"
            "{\"id\":\"j2\",\"title\":\"Library hours\",\"body\":\"Sunday hours cut.\"}\n");
    d.write("src/post",
            "From: Cy Dee <cy@example.org>\nSubject: Ferry schedule\nNewsgroups: local.news\n\n"
            "The ferry runs hourly.\n");
    const auto r = run(index_cmd(d, quote((d.path / "src").string())));
    BOOST_TEST(r.status == 1, r.out);  // partial: line 2 of the JSONL could not be read
    BOOST_TEST(r.out.find("feed.jsonl: line 2:") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("articles: 5 stored") != std::string::npos, r.out);
    BOOST_TEST(search(d, "tram")["hits"][0]["byline"] == "Ben Ode");
    BOOST_TEST(search(d, "library")["hits"][0]["id"] == "src/feed.jsonl#j2");
    BOOST_TEST(search(d, "ferry")["hits"][0]["section"] == "local.news");
}

BOOST_AUTO_TEST_CASE(zstd_files_read_and_bombs_refused) {
    test::TempDir d;
    d.write("src/story.txt", "Harbor vote\n\nThe council voted on the harbor.\n");
    BOOST_REQUIRE(run("zstd -q --rm " + quote((d.path / "src/story.txt").string())).status == 0);
    BOOST_REQUIRE(run("head -c 2000000 /dev/zero | zstd -q -o " +
                      quote((d.path / "src/bomb.txt.zst").string()))
                      .status == 0);
    const auto r =
        run(bin("gazette-index") + " --quiet --max-file-size 1000000 --db " +
            quote((d.path / "db").string()) + " " + quote((d.path / "src").string()) + " 2>&1");
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.out.find("bomb.txt.zst") != std::string::npos, r.out);
    BOOST_TEST(search(d, "harbor")["total"] == 1);
}
