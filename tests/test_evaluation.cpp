#include <boost/test/unit_test.hpp>
#include <cmath>
#include <sstream>

#include "evaluation.h"
#include "run_command.h"
#include "temp_dir.h"

using namespace gazette::eval;

namespace {

// A hand-worked example.
//
// Judgments: q1 has d1 (grade 2), d2 and d4 (grade 1) relevant and d3 judged
// not relevant; q2 has d5 relevant; q3 has only a non-relevant judgment (so it
// is skipped); q4 has d7 relevant but the run has nothing for it (counts 0).
constexpr const char* kQrels =
    "# comment and blank lines are skipped\n"
    "q1 0 d1 2\n"
    "q1 0 d2 1\n"
    "q1 0 d3 0\n"
    "q1 0 d4 1\n"
    "\n"
    "q2 0 d5 1\n"
    "q3 0 d6 0\n"
    "q4 0 d7 1\n";

// The run: q1 ranks d3 d1 d9 d2 d8 (d4 never found), written out of order;
// q2 ranks d10 d11 d5, with a tie at rank 2 broken by the higher score, and
// a repeat of d10 that must not count twice; q5 is not judged at all.
constexpr const char* kRun =
    "q1 Q0 d2 4 6.0 t\n"
    "q1 Q0 d3 1 9.0 t\n"
    "q1 Q0 d1 2 8.0 t\n"
    "q1 Q0 d9 3 7.0 t\n"
    "q1 Q0 d8 5 5.0 t\n"
    "q2 Q0 d10 1 3.0 t\n"
    "q2 Q0 d5 2 1.0 t\n"
    "q2 Q0 d11 2 2.0 t\n"
    "q2 Q0 d10 4 0.5 t\n"
    "q5 Q0 d1 1 1.0 t\n";

// q1 (3 relevant: d1, d2, d4; relevant at ranks 2 and 4):
//   AP      = (1/2 + 2/4) / 3                       = 0.333333
//   P@10    = 2 / 10                                = 0.2
//   MRR     = 1 / 2                                 = 0.5
//   R@100   = 2 / 3                                 = 0.666667
//   DCG@10  = 0/log2(2) + 2/log2(3) + 0 + 1/log2(5) = 1.261860 + 0.430677 = 1.692536
//   IDCG@10 = 2/log2(2) + 1/log2(3) + 1/log2(4)     = 2 + 0.630930 + 0.5  = 3.130930
//   nDCG@10 = 1.692536 / 3.130930                   = 0.540586
// q2 (1 relevant: d5, at rank 3 after the tie d11 (2.0) > d5 (1.0)):
//   AP = 1/3, P@10 = 0.1, MRR = 1/3, R@100 = 1, nDCG@10 = (1/log2(4)) / 1 = 0.5
// q4: no results, every figure 0.  q3 skipped, q5 ignored.
// Means over q1, q2, q4:
//   MAP     = (1/3 + 1/3 + 0) / 3     = 0.222222
//   nDCG@10 = (0.540586 + 0.5 + 0) / 3 = 0.346862
//   P@10    = (0.2 + 0.1 + 0) / 3     = 0.1
//   MRR     = (0.5 + 1/3 + 0) / 3     = 0.277778
//   R@100   = (2/3 + 1 + 0) / 3       = 0.555556
constexpr double kTolerance = 1e-5;

Evaluation example() {
    std::istringstream qrels(kQrels), run(kRun);
    return evaluate(read_qrels(qrels), read_run(run));
}

const QueryResult& query(const Evaluation& e, const std::string& qid) {
    for (const QueryResult& q : e.queries)
        if (q.qid == qid) return q;
    throw std::runtime_error("no query " + qid);
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_runs_in_rank_order_without_repeats) {
    std::istringstream in(kRun);
    const Run run = read_run(in);
    BOOST_TEST(run.at("q1") == (std::vector<std::string>{"d3", "d1", "d9", "d2", "d8"}),
               boost::test_tools::per_element());
    BOOST_TEST(run.at("q2") == (std::vector<std::string>{"d10", "d11", "d5"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(per_query_figures_match_the_hand_computation) {
    const Evaluation e = example();
    const Metrics& q1 = query(e, "q1").metrics;
    BOOST_TEST(q1.map == 1.0 / 3, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(q1.p10 == 0.2, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(q1.mrr == 0.5, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(q1.recall100 == 2.0 / 3, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(q1.ndcg10 == 0.540586, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(query(e, "q1").relevant == 3u);
    BOOST_TEST(query(e, "q1").retrieved == 5u);

    const Metrics& q2 = query(e, "q2").metrics;
    BOOST_TEST(q2.map == 1.0 / 3, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(q2.p10 == 0.1, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(q2.mrr == 1.0 / 3, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(q2.recall100 == 1.0, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(q2.ndcg10 == 0.5, boost::test_tools::tolerance(kTolerance));

    const Metrics& q4 = query(e, "q4").metrics;
    BOOST_TEST(q4.map == 0.0);
    BOOST_TEST(q4.ndcg10 == 0.0);
    BOOST_TEST(q4.mrr == 0.0);
}

BOOST_AUTO_TEST_CASE(means_skip_unjudged_and_count_missing_as_zero) {
    const Evaluation e = example();
    BOOST_TEST(e.queries.size() == 3u);
    BOOST_TEST(e.unjudged == std::vector<std::string>{"q3"}, boost::test_tools::per_element());
    BOOST_TEST(e.no_results == std::vector<std::string>{"q4"}, boost::test_tools::per_element());
    BOOST_TEST(e.extra == std::vector<std::string>{"q5"}, boost::test_tools::per_element());
    BOOST_TEST(e.mean.map == 2.0 / 9, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(e.mean.ndcg10 == 0.346862, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(e.mean.p10 == 0.1, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(e.mean.mrr == 5.0 / 18, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(e.mean.recall100 == 5.0 / 9, boost::test_tools::tolerance(kTolerance));
}

BOOST_AUTO_TEST_CASE(cutoffs_apply_at_10_and_100) {
    // One relevant document at rank 11: no P@10 or nDCG@10, but MAP, MRR and
    // R@100 see it. At rank 101 only MAP and MRR do.
    std::vector<std::string> ranking;
    for (int i = 1; i <= 101; ++i) ranking.push_back("x" + std::to_string(i));
    const Metrics at11 = evaluate_query({{"x11", 1}}, ranking);
    BOOST_TEST(at11.p10 == 0.0);
    BOOST_TEST(at11.ndcg10 == 0.0);
    BOOST_TEST(at11.map == 1.0 / 11, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(at11.mrr == 1.0 / 11, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(at11.recall100 == 1.0);
    const Metrics at101 = evaluate_query({{"x101", 1}}, ranking);
    BOOST_TEST(at101.recall100 == 0.0);
    BOOST_TEST(at101.map == 1.0 / 101, boost::test_tools::tolerance(kTolerance));
}

BOOST_AUTO_TEST_CASE(perfect_run_scores_one) {
    const Metrics m = evaluate_query({{"a", 3}, {"b", 1}, {"c", 0}}, {"a", "b", "c"});
    BOOST_TEST(m.map == 1.0, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(m.ndcg10 == 1.0, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(m.mrr == 1.0, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(m.recall100 == 1.0, boost::test_tools::tolerance(kTolerance));
    // Graded: the grade-1 document first costs nDCG but not MAP.
    const Metrics swapped = evaluate_query({{"a", 3}, {"b", 1}}, {"b", "a"});
    BOOST_TEST(swapped.map == 1.0, boost::test_tools::tolerance(kTolerance));
    BOOST_TEST(swapped.ndcg10 < 1.0);
}

BOOST_AUTO_TEST_CASE(malformed_lines_name_their_line) {
    std::istringstream qrels("q1 0 d1 1\nq1 0 d2\n");
    try {
        read_qrels(qrels);
        BOOST_FAIL("no error");
    } catch (const FormatError& e) {
        BOOST_TEST(std::string(e.what()).find("line 2") != std::string::npos);
    }
    std::istringstream run("q1 Q0 d1 first 1.0 t\n");
    BOOST_CHECK_THROW(read_run(run), FormatError);
}

BOOST_AUTO_TEST_CASE(command_line_prints_text_and_json) {
    using namespace gazette::test;
    TempDir dir;
    const std::string qrels = dir.write("qrels.txt", kQrels).string();
    const std::string run = dir.write("run.txt", kRun).string();
    const Output text =
        gazette::test::run(bin("gazette-eval") + " " + quote(qrels) + " " + quote(run));
    BOOST_TEST(text.status == 0);
    BOOST_TEST(text.out.find("MAP         0.2222") != std::string::npos);
    BOOST_TEST(text.out.find("nDCG@10     0.3469") != std::string::npos);
    BOOST_TEST(text.out.find("skipped 1 queries with no relevant document: q3") !=
               std::string::npos);
    BOOST_TEST(text.out.find("no results (counted as 0): q4") != std::string::npos);

    const Output json = gazette::test::run(bin("gazette-eval") + " --format json -q " +
                                           quote(qrels) + " " + quote(run));
    BOOST_TEST(json.status == 0);
    BOOST_TEST(json.out.find("\"mrr\": 0.2777") != std::string::npos);
    BOOST_TEST(json.out.find("\"per_query\"") != std::string::npos);

    BOOST_TEST(gazette::test::run(bin("gazette-eval") + " " + quote(qrels) + " 2>&1").status == 2);
    BOOST_TEST(gazette::test::run(bin("gazette-eval") + " " + quote(qrels) + " /nonexistent 2>&1")
                   .status == 2);
}
