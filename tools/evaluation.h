// Ranking evaluation against TREC relevance judgments: reads qrels and a run,
// computes MAP, nDCG@10, P@10, MRR and Recall@100 per query and their means.
// Pure functions over plain types: no Xapian, no I/O beyond the streams given.
#pragma once

#include <istream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace gazette::eval {

// qid -> docid -> graded relevance (0: judged not relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;

// qid -> docids, best first (ranked by the run's rank, then by score).
using Run = std::map<std::string, std::vector<std::string>>;

// Thrown for a malformed line; the message names the line number.
struct FormatError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// "qid 0 docid rel" lines (any whitespace; blank lines and '#' comments skipped).
// A repeated (qid, docid) keeps the last grade.
Qrels read_qrels(std::istream& in);

// "qid Q0 docid rank score tag" lines. Documents are ordered by rank, ties by
// higher score; a docid repeated within a query counts at its first position.
Run read_run(std::istream& in);

struct Metrics {
    double map = 0;        // average precision (over all relevant docs in the qrels)
    double ndcg10 = 0;     // graded gains, log2(rank+1) discount, ideal from the qrels
    double p10 = 0;        // relevant (rel >= 1) in the top 10, over 10
    double mrr = 0;        // 1 / rank of the first relevant
    double recall100 = 0;  // relevant found in the top 100, over all relevant
};

// One query's figures; a run with no documents gives zeros. The query must
// have at least one relevant document (else every figure is undefined).
Metrics evaluate_query(const std::map<std::string, int>& judged,
                       const std::vector<std::string>& ranking);

struct QueryResult {
    std::string qid;
    Metrics metrics;
    size_t relevant = 0;   // rel >= 1 in the qrels
    size_t retrieved = 0;  // documents in the run
};

struct Evaluation {
    std::vector<QueryResult> queries;     // judged queries, in qid order (numeric when numeric)
    Metrics mean;                         // over `queries`
    std::vector<std::string> unjudged;    // qids with no relevant document: skipped
    std::vector<std::string> no_results;  // judged qids missing from the run: counted as 0
    std::vector<std::string> extra;       // qids in the run but not in the qrels: ignored
};

// Every qrels query with a relevant document counts, including those the run
// has no results for.
Evaluation evaluate(const Qrels& qrels, const Run& run);

}  // namespace gazette::eval
