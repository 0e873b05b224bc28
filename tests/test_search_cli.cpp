// The front ends from the shell: every bad option of gazette-search and
// gazette-index refused with a message and exit 2, the text output, and the
// config files' precedence for both tools and for gazette.cgi.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "run_command.h"
#include "temp_dir.h"

using namespace gazette;
using test::bin;
using test::quote;
using test::run;

namespace {

const std::string kCorpus = GAZETTE_SOURCE_DIR "/corpus";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// corpus/ indexed once; commands run with HOME in the scratch folder and no
// GAZETTE_CONFIG or GAZETTE_DB, so no config file of the machine's user counts.
struct Corpus {
    test::TempDir dir;
    std::string db = (dir.path / "db").string();
    Corpus() {
        BOOST_REQUIRE_EQUAL(run(env() + bin("gazette-index") + " -q --db " + quote(db) + " " +
                                quote(kCorpus) + " 2>&1")
                                .status,
                            0);
    }

    std::string env(const std::string& config = "") const {
        return "env -u GAZETTE_DB -u XDG_CONFIG_HOME -u GAZETTE_CONFIG HOME=" +
               quote(dir.path.string()) +
               (config.empty() ? " " : " GAZETTE_CONFIG=" + quote(config) + " ");
    }
    test::Output search(const std::string& args, const std::string& config = "") const {
        return run(env(config) + bin("gazette-search") + " --color never " + args + " 2>&1");
    }
    test::Output search_db(const std::string& args) const {
        return search("--db " + quote(db) + " " + args);
    }
};

void refused(const test::Output& r, const std::string& message) {
    BOOST_TEST(r.status == 2);
    BOOST_TEST(contains(r.out, message), r.out);
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(bad_numbers_and_words_refused_with_exit_2, Corpus) {
    const std::pair<std::string, std::string> cases[] = {
        {"-n -1 tram", "option '--limit' takes a whole number from 0 to 1000000, not '-1'"},
        {"-n 1e9 tram", "option '--limit' takes a whole number"},
        {"--offset -3 tram", "option '--offset' takes a whole number"},
        {"--snippet-chars x tram", "option '--snippet-chars' takes a whole number"},
        {"--expand -1 tram", "option '--expand' takes a whole number from 0 to 1000"},
        {"--lanes -2 tram", "option '--lanes' takes a whole number from 0 to 1024"},
        {"--recency nan tram", "option '--recency' takes a number above 0, not 'nan'"},
        {"--recency 0 tram", "option '--recency' takes a number above 0"},
        {"--recency inf tram", "option '--recency' takes a number above 0"},
        {"--year 20x5 tram", "option '--year' takes a year such as 2024, not '20x5'"},
        {"--since 2024-13-45 tram", "option '--since' takes a date"},
        {"--until tomorrowish tram", "option '--until' takes a date"},
        {"--sort best tram", "option '--sort' takes one of relevance, date, newest, oldest"},
        {"--format xml tram", "option '--format' takes one of text, json, trec"},
        {"--color pink tram", "option '--color' takes one of auto, always, never"},
        {"--default-op xor tram", "option '--default-op' takes one of or, and"},
        {"--bm25 nan,0.5 tram", "--bm25 takes K1,B"},
        {"--bm25 1.2,0.75x tram", "--bm25 takes K1,B"},
    };
    for (const auto& [args, message] : cases) BOOST_TEST_CONTEXT(args) {
            refused(search_db(args), message);
        }
}

BOOST_FIXTURE_TEST_CASE(index_bad_numbers_refused_with_exit_2, Corpus) {
    const std::pair<std::string, std::string> cases[] = {
        {"--threads -1", "option '--threads' takes a whole number from 0 to 1024, not '-1'"},
        {"-j many", "option '--threads' takes a whole number"},
        {"--max-file-size -1", "option '--max-file-size' takes a whole number from 1"},
        {"--max-file-size 0", "option '--max-file-size' takes a whole number from 1"},
        {"--shards -1", "option '--shards' takes a whole number from 1 to 1024"},
        {"--shards 0", "option '--shards' takes a whole number from 1 to 1024"},
        {"--headline-weight -3", "option '--headline-weight' takes a whole number from 1 to 100"},
        {"--byline-weight 1.5", "option '--byline-weight' takes a whole number from 1 to 100"},
        {"--shard-by month", "option '--shard-by' takes one of year, id"},
        {"--format pdf", "option '--format' takes one of text, html, json, jsonl, mail, sgml"},
    };
    for (const auto& [args, message] : cases) BOOST_TEST_CONTEXT(args) {
            refused(run(env() + bin("gazette-index") + " --db " + quote(db) + " " + args + " " +
                        quote(kCorpus) + " 2>&1"),
                    message);
        }
}

// Lanes (searcher/lanes.h) in the real binary: a search over 3 shards on 2
// cores prints what one match prints, hits, scores, facets and timeline.
BOOST_FIXTURE_TEST_CASE(lanes_over_shards_print_what_one_match_prints, Corpus) {
    const std::string sharded = (dir.path / "sharded").string();
    BOOST_REQUIRE_EQUAL(run(env() + bin("gazette-index") + " -q --shards 3 --db " + quote(sharded) +
                            " " + quote(kCorpus) + " 2>&1")
                            .status,
                        0);
    for (const std::string query : {"tram", "harbour council budget", "\"tram line\" OR flood"}) {
        const std::string args = "--db " + quote(sharded) +
                                 " --format json --facets section,year --timeline -n 20 " +
                                 quote(query);
        const test::Output one = search("--lanes 1 " + args), lanes = search("--lanes 2 " + args);
        BOOST_TEST(one.status == 0, one.out);
        BOOST_TEST(nlohmann::json::parse(one.out)["hits"].size() > 0u, query);
        BOOST_TEST(lanes.out == one.out, query);
    }
}

BOOST_FIXTURE_TEST_CASE(limit_zero_shows_the_count_and_facets, Corpus) {
    const auto r = search_db("-n 0 --facets year tram");
    BOOST_TEST(r.status == 0);
    BOOST_TEST(contains(r.out, "11 results for \"tram\"."), r.out);
    BOOST_TEST(contains(r.out, "year:  2024 (4)"), r.out);
    BOOST_TEST(!contains(r.out, "No articles match"));
}

BOOST_FIXTURE_TEST_CASE(counts_exact_and_singular_without_about, Corpus) {
    const auto one = search_db("desalination");
    BOOST_TEST(contains(one.out, "1 result for \"desalination\"; showing 1-1."), one.out);
    BOOST_TEST(!contains(one.out, "About"));
    const auto j = nlohmann::json::parse(search_db("--format json desalination").out);
    BOOST_TEST(j["total"] == 1);
    BOOST_TEST(j["total_exact"] == true);
}

BOOST_FIXTURE_TEST_CASE(like_with_a_query_narrows_and_says_so, Corpus) {
    const std::string like = "--like corpus/2023-10-gull-point-lighthouse-relit.txt";
    const auto all = nlohmann::json::parse(search_db("--format json -n 100 " + like).out);
    const auto some =
        nlohmann::json::parse(search_db("--format json -n 100 " + like + " museum").out);
    BOOST_TEST(some["like"] == "corpus/2023-10-gull-point-lighthouse-relit.txt");
    BOOST_TEST(!some["hits"].empty());
    BOOST_TEST(some["hits"].size() < all["hits"].size());
    for (const auto& hit : some["hits"]) {
        const auto r = search_db("--format json -n 100 museum");
        BOOST_TEST(contains(r.out, hit["id"].get<std::string>()));
    }
    const auto text = search_db(like + " museum");
    BOOST_TEST(contains(text.out,
                        "for articles like \"corpus/2023-10-gull-point-lighthouse-relit.txt\" "
                        "matching \"museum\""),
               text.out);
}

BOOST_FIXTURE_TEST_CASE(text_output_shows_the_id_when_the_path_is_not_it, Corpus) {
    // This article has a URL: the line under the byline shows it, not the path.
    const auto r = search_db("-n 1 council approves port expansion lease");
    BOOST_TEST(contains(r.out,
                        "https://ledger.example/2024/02/council-approves-port-expansion-lease\n"
                        "     id: corpus/2024-02-council-backs-port-expansion.txt\n"),
               r.out);
    const auto plain = search_db("-n 1 lighthouse");
    BOOST_TEST(!contains(plain.out, "id: "), plain.out);
}

BOOST_FIXTURE_TEST_CASE(default_op_and_needs_every_word, Corpus) {
    const auto any = nlohmann::json::parse(search_db("--format json -n 100 harbor dredging").out);
    const auto all = nlohmann::json::parse(
        search_db("--format json -n 100 --default-op and harbor dredging").out);
    BOOST_TEST(all["hits"].size() < any["hits"].size());
    for (const auto& hit : all["hits"]) {
        const auto id = hit["id"].get<std::string>();
        BOOST_TEST(contains(search_db("--format json -n 100 harbor").out, id));
        BOOST_TEST(contains(search_db("--format json -n 100 dredging").out, id));
    }
}

BOOST_FIXTURE_TEST_CASE(config_files_in_order_command_line_wins, Corpus) {
    // ~/.config sets the database and two results; $GAZETTE_CONFIG three; -n one.
    dir.write(".config/gazette/gazette.conf", "# the user's\ndb = " + db +
                                                  "\n[search]\nlimit = 2\nsnippet-chars = 0\n"
                                                  "[index]\nthreads = 1\n");
    const std::string named = dir.write("named.conf", "[search]\nlimit = 3\n").string();
    const auto count = [](const test::Output& r) {
        BOOST_REQUIRE_EQUAL(r.status, 0);
        return nlohmann::json::parse(r.out)["hits"].size();
    };
    BOOST_TEST(count(search("--format json tram")) == 2u);
    BOOST_TEST(count(search("--format json tram", named)) == 3u);
    BOOST_TEST(count(search("--format json -n 1 tram", named)) == 1u);
    // gazette-index reads the same file: the database, and its [index] section.
    const auto index = run(env() + bin("gazette-index") + " 2>&1");
    BOOST_TEST(index.status == 0);
    BOOST_TEST(contains(index.out, "unchanged 44"), index.out);
}

BOOST_FIXTURE_TEST_CASE(gazette_db_wins_over_config_files, Corpus) {
    dir.write(".config/gazette/gazette.conf", "db = /nonexistent/gazette-db\n");
    const auto r =
        run(env() + "GAZETTE_DB=" + quote(db) + " " + bin("gazette-search") + " lighthouse 2>&1");
    BOOST_TEST(r.status == 0, r.out);
}

BOOST_FIXTURE_TEST_CASE(bad_config_line_names_file_and_line, Corpus) {
    const std::pair<std::string, std::string> cases[] = {
        {"[search]\n\nlimit = -2\n", ":3: option 'limit' takes a whole number from 0 to 1000000"},
        {"[search]\nlimt = 2\n", ":2: 'limt' is not an option of gazette-search"},
        {"threads = 2\n", ":1: 'threads' is not an option of gazette-search (lines for one tool"},
        {"[serch]\n", ":1: unknown section [serch]"},
        {"just words\n", ":1: 'just words' is not 'name = value'"},
        {"[search]\nlimit = 2\nlimit = 3\n",
         ":3: option 'limit' cannot be specified more than once"},
        {"[search]\nhelp = 1\n", ":2: 'help' is not an option of gazette-search"},
    };
    for (const auto& [text, message] : cases) BOOST_TEST_CONTEXT(text) {
            const std::string file = dir.write("bad.conf", text).string();
            refused(search("--db " + quote(db) + " tram", file), file + message);
        }
    refused(search("--db " + quote(db) + " tram", (dir.path / "missing.conf").string()),
            "cannot read the config file");
}

BOOST_FIXTURE_TEST_CASE(other_tools_sections_are_skipped, Corpus) {
    const std::string file =
        dir.write("both.conf", "[index]\nthreads = 1\nshards = x\n[search]\nlimit = 1\n").string();
    const auto r = search("--format json --db " + quote(db) + " tram", file);
    BOOST_REQUIRE_EQUAL(r.status, 0);
    BOOST_TEST(nlohmann::json::parse(r.out)["hits"].size() == 1u);
    // ... and the tool whose section it is finds the bad line.
    refused(run(env(file) + bin("gazette-index") + " --db " + quote(db) + " 2>&1"),
            file + ":3: option 'shards' takes a whole number from 1 to 1024, not 'x'");
}

BOOST_FIXTURE_TEST_CASE(cgi_takes_its_database_from_gazette_config, Corpus) {
    const auto cgi = [&](const std::string& config) {
        return run("env -i GAZETTE_CONFIG=" + quote(config) +
                   " REQUEST_METHOD=GET QUERY_STRING='q=lighthouse&format=json' " +
                   bin("gazette.cgi") + " 2>&1");
    };
    const std::string good =
        dir.write("cgi.conf", "[index]\ndb = /elsewhere\n[cgi]\ndb = " + db + "\n").string();
    const auto served = cgi(good);
    BOOST_TEST(contains(served.out, "Status: 200 OK"), served.out);
    BOOST_TEST(contains(served.out, "gull-point-lighthouse"), served.out);
    // A bad line: 503 for the reader, its file and line for the server's log.
    const std::string bad = dir.write("bad-cgi.conf", "[cgi]\ndb " + db + "\n").string();
    const auto refused = cgi(bad);
    BOOST_TEST(contains(refused.out, "Status: 503"), refused.out);
    BOOST_TEST(contains(refused.out, bad + ":2: 'db " + db + "' is not 'name = value'"),
               refused.out);
}
