#include "evaluation.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>
#include <unordered_set>

namespace gazette::eval {
namespace {

constexpr size_t kNdcgDepth = 10;
constexpr size_t kPrecisionDepth = 10;
constexpr size_t kRecallDepth = 100;

bool skip(const std::string& line) {
    const auto first = line.find_first_not_of(" \t\r");
    return first == std::string::npos || line[first] == '#';
}

[[noreturn]] void bad_line(const char* what, size_t number, const std::string& line) {
    throw FormatError(std::string(what) + " line " + std::to_string(number) + ": expected " +
                      (what[0] == 'q' ? "'qid 0 docid rel'" : "'qid Q0 docid rank score tag'") +
                      ", got '" + line + "'");
}

// Numeric qids in numeric order, before any others in string order.
bool qid_less(const std::string& a, const std::string& b) {
    auto numeric = [](const std::string& s) {
        return !s.empty() && s.size() < 18 &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    const bool na = numeric(a), nb = numeric(b);
    if (na != nb) return na;
    if (na) return std::stoll(a) < std::stoll(b);
    return a < b;
}

double gain(int rel) {
    return rel > 0 ? rel : 0;
}

}  // namespace

Qrels read_qrels(std::istream& in) {
    Qrels qrels;
    size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (skip(line)) continue;
        std::istringstream fields(line);
        std::string qid, iteration, docid, extra;
        int rel;
        if (!(fields >> qid >> iteration >> docid >> rel) || (fields >> extra))
            bad_line("qrels", number, line);
        qrels[qid][docid] = rel;
    }
    return qrels;
}

Run read_run(std::istream& in) {
    struct Entry {
        long rank;
        double score;
        size_t order;
        std::string docid;
    };
    std::map<std::string, std::vector<Entry>> entries;
    size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (skip(line)) continue;
        std::istringstream fields(line);
        std::string qid, q0, docid, tag;
        Entry e{};
        if (!(fields >> qid >> q0 >> docid >> e.rank >> e.score)) bad_line("run", number, line);
        fields >> tag;  // optional
        e.order = number;
        e.docid = docid;
        entries[qid].push_back(std::move(e));
    }
    Run run;
    for (auto& [qid, list] : entries) {
        std::sort(list.begin(), list.end(), [](const Entry& a, const Entry& b) {
            return std::tie(a.rank, b.score, a.order) < std::tie(b.rank, a.score, b.order);
        });
        std::unordered_set<std::string> seen;
        std::vector<std::string>& ranking = run[qid];
        for (const Entry& e : list)
            if (seen.insert(e.docid).second) ranking.push_back(e.docid);
    }
    return run;
}

Metrics evaluate_query(const std::map<std::string, int>& judged,
                       const std::vector<std::string>& ranking) {
    Metrics m;
    size_t relevant = 0;
    std::vector<double> ideal;
    for (const auto& [docid, rel] : judged) {
        if (rel >= 1) ++relevant;
        if (gain(rel) > 0) ideal.push_back(gain(rel));
    }
    if (relevant == 0) return m;
    std::sort(ideal.rbegin(), ideal.rend());

    double dcg = 0, idcg = 0, precision_sum = 0;
    size_t found = 0;
    for (size_t i = 0; i < ranking.size(); ++i) {
        const auto it = judged.find(ranking[i]);
        const int rel = it == judged.end() ? 0 : it->second;
        const size_t rank = i + 1;
        if (rank <= kNdcgDepth) dcg += gain(rel) / std::log2(rank + 1.0);
        if (rel < 1) continue;
        ++found;
        precision_sum += static_cast<double>(found) / rank;
        if (m.mrr == 0) m.mrr = 1.0 / rank;
        if (rank <= kPrecisionDepth) m.p10 += 1.0 / kPrecisionDepth;
        if (rank <= kRecallDepth) m.recall100 += 1.0 / relevant;
    }
    for (size_t i = 0; i < ideal.size() && i < kNdcgDepth; ++i)
        idcg += ideal[i] / std::log2(i + 2.0);
    m.map = precision_sum / relevant;
    m.ndcg10 = idcg > 0 ? dcg / idcg : 0;
    return m;
}

Evaluation evaluate(const Qrels& qrels, const Run& run) {
    Evaluation out;
    static const std::vector<std::string> kNothing;
    for (const auto& [qid, judged] : qrels) {
        const bool any =
            std::any_of(judged.begin(), judged.end(), [](const auto& j) { return j.second >= 1; });
        if (!any) {
            out.unjudged.push_back(qid);
            continue;
        }
        const auto found = run.find(qid);
        const std::vector<std::string>& ranking = found == run.end() ? kNothing : found->second;
        if (ranking.empty()) out.no_results.push_back(qid);
        QueryResult q{qid, evaluate_query(judged, ranking), 0, ranking.size()};
        for (const auto& j : judged) q.relevant += j.second >= 1;
        out.queries.push_back(std::move(q));
    }
    for (const auto& entry : run)
        if (!qrels.count(entry.first)) out.extra.push_back(entry.first);

    auto by_qid = [](const auto& a, const auto& b) { return qid_less(a, b); };
    std::sort(out.queries.begin(), out.queries.end(),
              [](const QueryResult& a, const QueryResult& b) { return qid_less(a.qid, b.qid); });
    std::sort(out.unjudged.begin(), out.unjudged.end(), by_qid);
    std::sort(out.no_results.begin(), out.no_results.end(), by_qid);
    std::sort(out.extra.begin(), out.extra.end(), by_qid);

    if (!out.queries.empty()) {
        Metrics& s = out.mean;
        for (const QueryResult& q : out.queries) {
            s.map += q.metrics.map;
            s.ndcg10 += q.metrics.ndcg10;
            s.p10 += q.metrics.p10;
            s.mrr += q.metrics.mrr;
            s.recall100 += q.metrics.recall100;
        }
        const double n = static_cast<double>(out.queries.size());
        s.map /= n;
        s.ndcg10 /= n;
        s.p10 /= n;
        s.mrr /= n;
        s.recall100 /= n;
    }
    return out;
}

}  // namespace gazette::eval
