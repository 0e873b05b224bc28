// gazette-search as people and programs run it: the options of its --help and
// the rows of its exit-code table, on the sample corpus and small folders
// made here.
#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_command.h"
#include "temp_dir.h"

using namespace gazette;
using test::bin;
using test::quote;
using test::run;

namespace {

// corpus/ indexed once for the suite.
const std::string& corpus_db() {
    static const test::TempDir dir;
    static const std::string db = [] {
        const std::string at = (dir.path / "db").string();
        const auto r = run(bin("gazette-index") + " -q --db " + quote(at) + " " +
                           quote(GAZETTE_SOURCE_DIR "/corpus") + " 2>&1");
        if (r.status != 0) throw std::runtime_error("indexing corpus/ failed: " + r.out);
        return at;
    }();
    return db;
}

test::Output search(const std::string& arguments, const std::string& db = corpus_db()) {
    return run(bin("gazette-search") + " --db " + quote(db) + " " + arguments + " 2>&1");
}

nlohmann::json json(const std::string& arguments, const std::string& db = corpus_db()) {
    const auto r =
        run(bin("gazette-search") + " --format json --db " + quote(db) + " " + arguments);
    BOOST_REQUIRE_MESSAGE(r.status == 0, arguments << ": exit " << r.status << ": " << r.out);
    return nlohmann::json::parse(r.out);
}

std::vector<std::string> ids(const nlohmann::json& results) {
    std::vector<std::string> out;
    for (const auto& hit : results["hits"]) out.push_back(hit["id"]);
    return out;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// A folder of articles indexed into a database beside it.
struct Folder {
    test::TempDir dir;
    std::string db = (dir.path / "db").string();
    void write(const std::string& name, const std::string& text) const {
        dir.write("src/" + name, text);
    }
    void index() const {
        const auto r = run(bin("gazette-index") + " -q --db " + quote(db) + " " +
                           quote((dir.path / "src").string()) + " 2>&1");
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.out);
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(offset_pages_through_the_same_ranking) {
    const auto ten = ids(json("-n 10 harbor"));
    BOOST_REQUIRE_EQUAL(ten.size(), 10u);
    const auto second = json("-n 5 --offset 5 harbor");
    BOOST_TEST(ids(second) == std::vector<std::string>(ten.begin() + 5, ten.end()));
    BOOST_TEST(second["offset"] == 5);
}

BOOST_AUTO_TEST_CASE(color_is_bold_only_when_asked_or_on_a_terminal) {
    const std::string bold = "\033[1m";
    BOOST_TEST(search("--color always harbor").out.find(bold) != std::string::npos);
    BOOST_TEST(search("--color never harbor").out.find(bold) == std::string::npos);
    BOOST_TEST(search("harbor").out.find(bold) == std::string::npos);  // auto, and a pipe
}

BOOST_AUTO_TEST_CASE(snippet_chars_caps_each_snippet) {
    for (const int cap : {60, 0}) {
        const auto r = json("--snippet-chars " + std::to_string(cap) + " harbor");
        BOOST_REQUIRE(!r["hits"].empty());
        for (const auto& hit : r["hits"])
            BOOST_TEST(hit["snippet"].get<std::string>().size() <= static_cast<size_t>(cap));
    }
    BOOST_TEST(json("harbor")["hits"][0]["snippet"].get<std::string>().size() > 60u);
}

BOOST_AUTO_TEST_CASE(format_trec_prints_a_run_line_a_hit) {
    const auto r = search("--format trec -n 3 harbor");
    BOOST_TEST(r.status == 0, r.out);
    const auto got = lines(r.out);
    BOOST_REQUIRE_EQUAL(got.size(), 3u);
    const auto first = ids(json("-n 3 harbor"));
    for (size_t i = 0; i < got.size(); ++i) {
        std::istringstream line(got[i]);
        std::string qid, q0, id, tag;
        size_t rank = 0;
        double score = 0;
        line >> qid >> q0 >> id >> rank >> score >> tag;
        BOOST_TEST(qid == "1");
        BOOST_TEST(q0 == "Q0");
        BOOST_TEST(id == first[i]);
        BOOST_TEST(rank == i + 1);
        BOOST_TEST(score > 0);
        BOOST_TEST(tag == "gazette");
    }
}

// A line that is no "qid<TAB>query" and a query with nothing to search are
// named on stderr (exit status 2), and every other line is still answered.
BOOST_AUTO_TEST_CASE(batch_answers_each_line_under_its_qid) {
    const test::TempDir dir;
    const auto topics =
        dir.write("topics.tsv", "q1\tharbor\nnot a topic line\n\nq0\t\nq2\tlighthouse\n");
    const auto r =
        run(bin("gazette-search") + " --db " + quote(corpus_db()) + " --batch " +
            quote(topics.string()) + " --format trec -n 2 2>" + quote((dir.path / "err").string()));
    BOOST_TEST(r.status == 2, r.out);
    const auto err = run("cat " + quote((dir.path / "err").string())).out;
    BOOST_TEST(
        err.find("topics.tsv line 2: no tab between query id and query") != std::string::npos, err);
    BOOST_TEST(err.find("query q0: the query has no words") != std::string::npos, err);
    const auto got = lines(r.out);
    BOOST_REQUIRE_EQUAL(got.size(), 4u);
    BOOST_TEST(got[0].starts_with("q1 Q0 " + ids(json("-n 1 harbor"))[0] + " 1 "));
    BOOST_TEST(got[2].starts_with("q2 Q0 " + ids(json("-n 1 lighthouse"))[0] + " 1 "));
    const auto from_stdin = run("printf 'a\\tharbor\\n' | " + bin("gazette-search") +
                                " --batch - --format json --db " + quote(corpus_db()));
    BOOST_TEST(nlohmann::json::parse(from_stdin.out)["query"] == "harbor");
}

BOOST_AUTO_TEST_CASE(trec_names_articles_by_the_id_their_file_gave_them) {
    Folder f;
    f.write("feed.jsonl", R"({"id": "wire-7", "headline": "Harbor vote", "body": "Voted."})"
                          "\n");
    f.write("note.txt", "Harbor note\n\nNo id of its own.\n");
    f.index();
    const auto r = search("--format trec harbor", f.db);
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(r.out.find(" wire-7 ") != std::string::npos, r.out);
    BOOST_TEST(r.out.find(" src/note.txt ") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(since_and_until_keep_the_articles_in_the_range) {
    const auto r = json("-n 100 --since 2023-01-01 --until 2023-12-31 the");
    BOOST_REQUIRE(!r["hits"].empty());
    for (const auto& hit : r["hits"]) {
        const std::string date = hit["date"];
        BOOST_TEST((date >= "2023-01-01" && date <= "2023-12-31"), date);
    }
    // The ends are included: an article of 2023-10-15 is there with either end on its day.
    const auto day = ids(json("--since 2023-10-15 --until 2023-10-15 lighthouse"));
    BOOST_TEST(day == std::vector<std::string>{"corpus/2023-10-gull-point-lighthouse-relit.txt"});
}

BOOST_AUTO_TEST_CASE(filters_alone_list_every_article_that_passes_them) {
    const auto business = json("-n 100 --section business");
    BOOST_TEST(business["hits"].size() == 3u);
    for (const auto& hit : business["hits"]) BOOST_TEST(hit["section"] == "business");
    const auto source = json("-n 100 --source 'Valley Wire Service'");
    BOOST_TEST(source["hits"].size() == 1u);
    const auto byline = json("-n 100 --byline 'Rosa Lindqvist'");
    BOOST_REQUIRE(!byline["hits"].empty());
    for (const auto& hit : byline["hits"]) BOOST_TEST(hit["byline"] == "Rosa Lindqvist");
    const auto year = json("-n 100 --year 2026");
    BOOST_TEST(year["hits"].size() == 2u);
    for (const auto& hit : year["hits"])
        BOOST_TEST(hit["date"].get<std::string>().starts_with("2026-"));
}

BOOST_AUTO_TEST_CASE(sort_date_lists_newest_first_oldest_the_other_way_undated_last) {
    for (const std::string sort : {"date", "oldest"}) {
        const auto results = json("-n 100 --sort " + sort + " harbor");
        std::vector<std::string> dates;
        for (const auto& hit : results["hits"]) dates.push_back(hit["date"]);
        const auto undated = std::find(dates.begin(), dates.end(), "");
        BOOST_TEST((undated != dates.end()), sort << ": harbor finds an undated article");
        BOOST_TEST(std::count(undated, dates.end(), "") == dates.end() - undated, sort);
        std::vector<std::string> dated(dates.begin(), undated);
        if (sort == "date") std::reverse(dated.begin(), dated.end());
        BOOST_TEST(dated.size() > 2u);
        BOOST_TEST(std::is_sorted(dated.begin(), dated.end()), sort);
    }
}

BOOST_AUTO_TEST_CASE(like_lists_other_articles_of_the_same_story) {
    const std::string id = "corpus/2023-03-nurses-strike-begins.txt";
    const auto similar = ids(json("-n 2 --like " + id));
    BOOST_REQUIRE_EQUAL(similar.size(), 2u);
    for (const std::string& other : similar) {
        BOOST_TEST(other != id);
        BOOST_TEST(other.find("nurses-strike") != std::string::npos, other);
    }
    BOOST_TEST(search("--like no/such/article.txt").status == 2);
}

BOOST_AUTO_TEST_CASE(expand_adds_words_of_the_top_hits) {
    const auto plain = json("--no-collapse desalination");
    const auto expanded = json("--no-collapse --expand 3 desalination");
    BOOST_TEST(expanded["total"].get<int>() > plain["total"].get<int>());
    BOOST_TEST(ids(expanded).front() == ids(plain).front());
}

// On the 44 articles of corpus/ a missing word is more often a real word
// than a typo ("prime minister" would be "price minister"): it is searched as
// typed, its correction offered.
BOOST_AUTO_TEST_CASE(a_small_archive_suggests_a_correction_and_searches_the_words_typed) {
    for (const char* query : {"lighthouce", "prime minister", "climate summit", "olympic gold"}) {
        const auto typed = json(std::string("'") + query + "'");
        BOOST_TEST(!typed.contains("corrected"), query);
        BOOST_TEST(typed.contains("suggestion"), query);
    }
    BOOST_TEST(json("lighthouce")["suggestion"] == "lighthouse");
    BOOST_TEST(json("lighthouce")["hits"].empty());
}

// From a thousand articles up, a word no article holds is searched as its
// correction one letter away, unless --no-correct.
BOOST_AUTO_TEST_CASE(a_misspelt_word_is_searched_as_its_correction_unless_no_correct) {
    Folder f;
    std::string lines;
    for (int i = 0; i < 999; ++i)
        lines += fmt::format(R"({{"id": "n{}", "headline": "Council notes {}", "body": "Routine )"
                             R"(business of meeting {}."}})"
                             "\n",
                             i, i, i);
    lines += R"({"id": "gull", "headline": "Gull Point lighthouse relit", "body": "The lamp )"
             R"(shines again."})"
             "\n";
    f.write("notes.jsonl", lines);
    f.index();
    const auto corrected = json("Gull lighthouce", f.db);
    BOOST_TEST(corrected["corrected"] == "Gull lighthouse");
    BOOST_TEST(ids(corrected).front() == "src/notes.jsonl#gull");
    const auto typed = json("--no-correct lighthouce", f.db);
    BOOST_TEST(typed["suggestion"] == "lighthouse");
    BOOST_TEST(!typed.contains("corrected"));
    BOOST_TEST(typed["hits"].empty());
}

BOOST_AUTO_TEST_CASE(a_word_spelt_the_other_way_is_found_and_not_corrected) {
    Folder f;
    f.write("a.txt", "Headline: Colour returns to the waterfront\n\nThe colour of the hulls.\n");
    f.write("b.txt", "Headline: Tram fares\n\nFares rise in June.\n");
    f.index();
    const auto found = json("color", f.db);
    BOOST_TEST(ids(found) == std::vector<std::string>{"src/a.txt"});
    BOOST_TEST(!found.contains("suggestion"));
}

BOOST_AUTO_TEST_CASE(recency_lifts_a_newer_article_above_a_better_older_match) {
    Folder f;
    f.write("old.txt", "Headline: Harbor works\nDate: 2020-03-01\n\nHarbor, harbor, harbor.\n");
    f.write("new.txt", "Headline: Works\nDate: 2024-03-01\n\nThe harbor again.\n");
    for (int i = 0; i < 4; ++i)
        f.write("other" + std::to_string(i) + ".txt",
                "Headline: Other\nDate: 2022-01-0" + std::to_string(i + 1) + "\n\nElse.\n");
    f.index();
    BOOST_TEST(ids(json("harbor", f.db)).front() == "src/old.txt");
    BOOST_TEST(ids(json("--recency 30 harbor", f.db)).front() == "src/new.txt");
}

BOOST_AUTO_TEST_CASE(bm25_ranks_with_the_parameters_given) {
    const auto score = [](const std::string& options) {
        return json(options + " harbor dredging")["hits"][0]["score"].get<double>();
    };
    const double bm25 = score("--bm25 1.2,0.75");
    BOOST_TEST(bm25 == score("--ranking bm25"));  // the database's parameters: 1.2,0.75
    BOOST_TEST(bm25 != score("--bm25 2,0.1"));
    BOOST_TEST(bm25 != score(""));  // the default is not plain BM25
    BOOST_TEST(score("--ranking ineb2") != score(""));
}

BOOST_AUTO_TEST_CASE(ranking_options_are_checked) {
    for (const std::string bad : {"--ranking tfidf", "--burstiness 2", "--burstiness -0.1",
                                  "--coordination nan", "--coordination 11"}) {
        const auto r = search(bad + " harbor");
        BOOST_TEST(r.status == 2, bad << ": " << r.out);
        BOOST_TEST(r.out.find(bad.substr(0, bad.find(' '))) != std::string::npos, r.out);
    }
    BOOST_TEST(search("--burstiness 0 --coordination 0 harbor").status == 0);
}

BOOST_AUTO_TEST_CASE(a_query_with_nothing_to_search_exits_2) {
    const auto r = search("'**'");
    BOOST_TEST(r.status == 2, r.out);
    BOOST_TEST(r.out.find("no words to search for") != std::string::npos, r.out);
    const auto j = run(bin("gazette-search") + " --format json --db " + quote(corpus_db()) +
                       " '+' 2>/dev/null");
    BOOST_TEST(j.status == 2);
    BOOST_TEST(nlohmann::json::parse(j.out).contains("error"));
}

BOOST_AUTO_TEST_CASE(a_database_of_another_schema_version_exits_2_saying_rebuild) {
    Folder f;
    f.write("a.txt", "Harbor vote\n\nThe council voted.\n");
    f.index();
    {
        Xapian::WritableDatabase db(f.db);
        db.set_metadata("gazette.version", "99");
        db.commit();
    }
    const auto r = search("harbor", f.db);
    BOOST_TEST(r.status == 2, r.out);
    BOOST_TEST(r.out.find("--rebuild") != std::string::npos, r.out);
}
