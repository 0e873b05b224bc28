// gazette-eval: scores a TREC run against TREC relevance judgments.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_options.h"
#include "evaluation.h"

using namespace gazette;
namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: gazette-eval [OPTIONS] QRELS RUN\n"
    "Scores a TREC run ('qid Q0 docid rank score tag', e.g. gazette-search --batch FILE\n"
    "--format trec) against TREC judgments ('qid 0 docid rel', graded): MAP, nDCG@10 (graded\n"
    "gains, log2 discount), P@10, MRR and Recall@100 (relevant: rel >= 1), per query and mean.\n"
    "Queries without a relevant document are skipped; judged queries the run has no results\n"
    "for count as 0.\n";

constexpr const char* kExitCodes =
    "\nExit codes: 0 scored, 2 usage error, unreadable or malformed file.\n";

nlohmann::json metrics_json(const eval::Metrics& m) {
    return {{"map", m.map},
            {"ndcg@10", m.ndcg10},
            {"p@10", m.p10},
            {"mrr", m.mrr},
            {"recall@100", m.recall100}};
}

std::string list(const std::vector<std::string>& qids) {
    std::string out;
    for (const std::string& q : qids) out += (out.empty() ? "" : " ") + q;
    return out;
}

std::string render_text(const eval::Evaluation& e, bool per_query) {
    std::string out;
    constexpr const char* kHeader = "{:<8} {:>6} {:>6} {:>6} {:>6} {:>6} {:>5} {:>5}\n";
    constexpr const char* kRow = "{:<8} {:6.4f} {:6.4f} {:6.4f} {:6.4f} {:6.4f} {:>5} {:>5}\n";
    if (per_query) {
        out += fmt::format(kHeader, "qid", "MAP", "nDCG10", "P@10", "MRR", "R@100", "rel", "ret");
        for (const auto& q : e.queries)
            out += fmt::format(kRow, q.qid, q.metrics.map, q.metrics.ndcg10, q.metrics.p10,
                               q.metrics.mrr, q.metrics.recall100, q.relevant, q.retrieved);
        out += "\n";
    }
    const eval::Metrics& m = e.mean;
    out += fmt::format("queries     {}\n", e.queries.size());
    out += fmt::format("MAP         {:.4f}\n", m.map);
    out += fmt::format("nDCG@10     {:.4f}\n", m.ndcg10);
    out += fmt::format("P@10        {:.4f}\n", m.p10);
    out += fmt::format("MRR         {:.4f}\n", m.mrr);
    out += fmt::format("Recall@100  {:.4f}\n", m.recall100);
    if (!e.unjudged.empty())
        out += fmt::format("skipped {} queries with no relevant document: {}\n", e.unjudged.size(),
                           list(e.unjudged));
    if (!e.no_results.empty())
        out += fmt::format("{} judged queries had no results (counted as 0): {}\n",
                           e.no_results.size(), list(e.no_results));
    if (!e.extra.empty())
        out += fmt::format("ignored {} run queries not in the qrels: {}\n", e.extra.size(),
                           list(e.extra));
    return out;
}

std::string render_json(const eval::Evaluation& e, bool per_query) {
    nlohmann::json out = {{"queries", e.queries.size()},
                          {"mean", metrics_json(e.mean)},
                          {"skipped_no_relevant", e.unjudged},
                          {"no_results", e.no_results},
                          {"not_in_qrels", e.extra}};
    if (per_query) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& q : e.queries) {
            nlohmann::json row = metrics_json(q.metrics);
            row["qid"] = q.qid;
            row["relevant"] = q.relevant;
            row["retrieved"] = q.retrieved;
            rows.push_back(std::move(row));
        }
        out["per_query"] = std::move(rows);
    }
    return out.dump(2) + "\n";
}

template <class Reader>
auto read_file(const std::string& path, Reader reader) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    try {
        return reader(in);
    } catch (const eval::FormatError& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string format = "text";
    std::vector<std::string> files;
    po::options_description visible("Output");
    visible.add_options()("format", po::value(&format)->default_value("text"), "text or json")(
        "per-query,q", "also list every query's figures");
    visible.add(cli::general_options());
    bool per_query = false;
    try {
        po::variables_map vm;
        if (cli::parse_command_line(argc, argv, {"gazette-eval", kUsage, kExitCodes, nullptr},
                                    visible, &files, vm))
            return cli::kOk;
        if (format != "text" && format != "json") throw po::error("--format must be text or json");
        if (files.size() != 2) throw po::error("give QRELS and RUN");
        per_query = vm.count("per-query") > 0;
    } catch (const po::error& e) {
        fmt::print(stderr, "gazette-eval: {}; try 'gazette-eval --help'\n", e.what());
        return cli::kFatal;
    }
    try {
        const eval::Qrels qrels = read_file(files[0], eval::read_qrels);
        const eval::Run run = read_file(files[1], eval::read_run);
        const eval::Evaluation e = eval::evaluate(qrels, run);
        std::cout << (format == "json" ? render_json(e, per_query) : render_text(e, per_query));
        return cli::kOk;
    } catch (const std::exception& e) {
        fmt::print(stderr, "gazette-eval: {}\n", e.what());
        return cli::kFatal;
    }
}
