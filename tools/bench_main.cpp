// gazette-bench: query latency and throughput, for Gazette's Searcher and for a
// raw Xapian peer (plain Enquire + QueryParser, what any Xapian program does).
//
// Each thread opens its own databases (Xapian handles are not shared between
// threads) and takes the next query from a shared counter. A warm-up pass over
// all queries runs first, untimed; then every query is timed, from the request
// to the last hit's stored data (and snippet, for Gazette with snippets).
// With --trec, one more untimed pass on one thread writes the rankings as a
// TREC run, for scoring with gazette-eval.
#include <fmt/format.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "cli_options.h"
#include "query.h"
#include "schema.h"
#include "search.h"

using namespace gazette;
namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: gazette-bench [OPTIONS] --queries FILE (--db LOCATION... | --peer-db DIR)\n"
    "Runs every query of FILE (one a line; a 'qid<TAB>' prefix is dropped) and reports\n"
    "latency percentiles and queries per second, after an untimed warm-up pass.\n"
    "With --db: Gazette's Searcher, top N with snippets (or --no-snippets).\n"
    "With --peer-db: raw Xapian on any database (e.g. scriptindex's): QueryParser with\n"
    "English stemming and OR, BM25 k1=1.2 b=0.75, top N with each document's data read.\n"
    "--trec FILE: afterwards, one untimed pass on one thread written as a TREC run\n"
    "('qid Q0 id rank score tag', qid = the query's 1-based number; the peer's id is the\n"
    "document's Q term without the Q, else its Xapian docid).\n";

constexpr const char* kExitCodes =
    "\nExit codes: 0 measured, 2 usage error or unusable database.\n";

using Clock = std::chrono::steady_clock;

struct Options {
    std::vector<std::string> locations;
    std::string peer;
    std::string queries_file;
    unsigned threads = 1;
    size_t limit = 10;
    bool snippets = true;
    unsigned passes = 1;
    unsigned warmup = 1;
    std::string format = "text";
    std::string label;
    std::string trec;
    std::optional<unsigned> expand;
    unsigned lanes = 0;
};

struct Tally {
    std::vector<double> millis;  // per query
    size_t hits = 0;
    size_t bytes = 0;  // stored data or snippet text seen: proof the work was done
    size_t failed = 0;
};

// A ranking as written to a TREC run: (id, score), best first.
using Ranking = std::vector<std::pair<std::string, double>>;

// One engine instance per thread. With `ranking`, run also records the hits.
class Engine {
  public:
    virtual ~Engine() = default;
    virtual void run(const std::string& query, Tally& tally, Ranking* ranking = nullptr) = 0;
    virtual size_t lanes() const { return 1; }  // cores one search uses
};

class GazetteEngine : public Engine {
  public:
    GazetteEngine(const Options& o) : searcher_(o.locations, false, o.lanes) {
        request_.limit = o.limit;
        // With no snippets wanted, ask for none (0 bytes); see the report for
        // whether the searcher then skips the work.
        if (!o.snippets) request_.snippet_chars = 0;
        if (o.expand) request_.expand = *o.expand;
    }
    void run(const std::string& query, Tally& tally, Ranking* ranking) override {
        request_.query = query;
        try {
            const SearchResults r = searcher_.search(request_);
            tally.hits += r.hits.size();
            for (const Hit& h : r.hits) {
                if (ranking)
                    ranking->emplace_back(h.source_id.empty() ? h.id : h.source_id, h.score);
                tally.bytes += h.headline.size();
                for (const Fragment& f : h.snippet.fragments)
                    for (const Span& s : f) tally.bytes += s.text.size();
            }
        } catch (const QueryError&) {
            ++tally.failed;
        }
    }

    size_t lanes() const override { return searcher_.lanes(); }

  private:
    Searcher searcher_;
    SearchRequest request_;
};

class XapianEngine : public Engine {
  public:
    XapianEngine(const Options& o) : db_(o.peer), enquire_(db_), limit_(o.limit) {
        parser_.set_database(db_);
        parser_.set_stemmer(Xapian::Stem(schema::kDefaultLanguage));
        parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        parser_.set_default_op(Xapian::Query::OP_OR);
        enquire_.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    }
    void run(const std::string& query, Tally& tally, Ranking* ranking) override {
        Xapian::Query q;
        try {
            q = parser_.parse_query(query);
        } catch (const Xapian::QueryParserError&) {
            q = parser_.parse_query(query, 0);
        }
        if (q.empty()) {
            ++tally.failed;
            return;
        }
        enquire_.set_query(q);
        const Xapian::MSet mset = enquire_.get_mset(0, limit_);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Xapian::Document doc = it.get_document();
            tally.bytes += doc.get_data().size();
            ++tally.hits;
            if (ranking) ranking->emplace_back(unique_id(doc), it.get_weight());
        }
    }

  private:
    // The Omega convention: the document's unique id is its "Q" term.
    static std::string unique_id(const Xapian::Document& doc) {
        Xapian::TermIterator t = doc.termlist_begin();
        t.skip_to("Q");
        if (t != doc.termlist_end() && (*t).starts_with("Q")) return (*t).substr(1);
        return std::to_string(doc.get_docid());
    }

    Xapian::Database db_;
    Xapian::Enquire enquire_;
    Xapian::QueryParser parser_;
    size_t limit_;
};

std::unique_ptr<Engine> make_engine(const Options& o) {
    if (!o.peer.empty()) return std::make_unique<XapianEngine>(o);
    return std::make_unique<GazetteEngine>(o);
}

std::vector<std::string> read_queries(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        if (const auto tab = line.find('\t'); tab != std::string::npos) line.erase(0, tab + 1);
        if (!line.empty() && line.find_first_not_of(" \r") != std::string::npos)
            out.push_back(line);
    }
    if (out.empty()) throw std::runtime_error("no queries in " + path);
    return out;
}

// Runs all queries `passes` times over the threads; returns wall seconds.
double run_all(std::vector<std::unique_ptr<Engine>>& engines,
               const std::vector<std::string>& queries, unsigned passes,
               std::vector<Tally>& tallies) {
    std::atomic<size_t> next{0};
    const size_t total = queries.size() * passes;
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (size_t t = 0; t < engines.size(); ++t)
        threads.emplace_back([&, t] {
            Tally& tally = tallies[t];
            for (size_t i; (i = next++) < total;) {
                const auto begin = Clock::now();
                engines[t]->run(queries[i % queries.size()], tally);
                tally.millis.push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
            }
        });
    for (auto& th : threads) th.join();
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// One untimed pass over the queries on one engine, written as a TREC run.
void write_trec(Engine& engine, const std::vector<std::string>& queries, const std::string& path,
                const std::string& tag) {
    std::ofstream out(path);
    if (!out) throw std::runtime_error("cannot write " + path);
    Tally ignored;
    for (size_t q = 0; q < queries.size(); ++q) {
        Ranking ranking;
        engine.run(queries[q], ignored, &ranking);
        for (size_t i = 0; i < ranking.size(); ++i)
            out << fmt::format("{} Q0 {} {} {:.6f} {}\n", q + 1, ranking[i].first, i + 1,
                               ranking[i].second, tag);
    }
    if (!out.flush()) throw std::runtime_error("cannot write " + path);
}

double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    const double rank = p / 100 * (sorted.size() - 1);
    const size_t low = static_cast<size_t>(rank);
    const size_t high = std::min(low + 1, sorted.size() - 1);
    return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    po::options_description visible("Benchmark");
    // clang-format off
    visible.add_options()
        ("db", po::value(&o.locations)->value_name("LOCATION"), "Gazette database (repeatable)")
        ("peer-db", po::value(&o.peer)->value_name("DIR"), "measure raw Xapian on this database")
        ("queries", po::value(&o.queries_file)->value_name("FILE"), "one query a line")
        ("threads,j", po::value(&o.threads)->default_value(1), "threads running queries")
        ("limit,n", po::value(&o.limit)->default_value(10), "results per query")
        ("no-snippets", "Gazette: snippet_chars = 0")
        ("expand", po::value<unsigned>()->value_name("N"), "Gazette: feedback from the top N (default: the searcher's)")
        ("lanes", po::value(&o.lanes)->value_name("N"), "Gazette: cores one search uses over local shards (default: one a core from 100,000 articles; 1: one match)")
        ("passes", po::value(&o.passes)->default_value(1), "timed passes over the queries")
        ("warmup", po::value(&o.warmup)->default_value(1), "untimed passes first")
        ("label", po::value(&o.label), "name printed for this measurement")
        ("trec", po::value(&o.trec)->value_name("FILE"), "then write a TREC run of one more pass")
        ("format", po::value(&o.format)->default_value("text"), "text or json");
    // clang-format on
    visible.add(cli::general_options());
    try {
        po::variables_map vm;
        if (cli::parse_command_line(argc, argv, {"gazette-bench", kUsage, kExitCodes, nullptr},
                                    visible, nullptr, vm))
            return cli::kOk;
        if (o.queries_file.empty()) throw po::error("give --queries FILE");
        if (o.locations.empty() == o.peer.empty()) throw po::error("give --db or --peer-db");
        if (o.threads < 1 || o.threads > 64) throw po::error("--threads takes 1..64");
        if (o.passes < 1) throw po::error("--passes takes 1 or more");
        if (o.format != "text" && o.format != "json")
            throw po::error("--format must be text or json");
        o.snippets = !vm.count("no-snippets") && o.peer.empty();
        if (vm.count("expand")) o.expand = vm["expand"].as<unsigned>();
    } catch (const po::error& e) {
        fmt::print(stderr, "gazette-bench: {}; try 'gazette-bench --help'\n", e.what());
        return cli::kFatal;
    }

    try {
        const std::vector<std::string> queries = read_queries(o.queries_file);
        std::vector<std::unique_ptr<Engine>> engines;
        for (unsigned t = 0; t < o.threads; ++t) engines.push_back(make_engine(o));
        if (o.warmup > 0) {
            std::vector<Tally> ignored(o.threads);
            run_all(engines, queries, o.warmup, ignored);
        }
        std::vector<Tally> tallies(o.threads);
        const double wall = run_all(engines, queries, o.passes, tallies);
        Tally all;
        for (const Tally& t : tallies) {
            all.millis.insert(all.millis.end(), t.millis.begin(), t.millis.end());
            all.hits += t.hits;
            all.bytes += t.bytes;
            all.failed += t.failed;
        }
        std::sort(all.millis.begin(), all.millis.end());
        double sum = 0;
        for (double m : all.millis) sum += m;
        const std::string engine = o.peer.empty() ? "gazette" : "xapian";
        const std::string label =
            !o.label.empty()
                ? o.label
                : engine + (o.peer.empty() ? (o.snippets ? " snippets" : " no-snippets") : "") +
                      fmt::format(" threads={}", o.threads) +
                      (engines.front()->lanes() > 1
                           ? fmt::format(" lanes={}", engines.front()->lanes())
                           : "");
        const double qps = all.millis.size() / wall;
        if (o.format == "json") {
            const nlohmann::json out = {{"label", label},
                                        {"engine", engine},
                                        {"threads", o.threads},
                                        {"snippets", o.snippets},
                                        {"lanes", engines.front()->lanes()},
                                        {"queries", all.millis.size()},
                                        {"failed", all.failed},
                                        {"hits", all.hits},
                                        {"p50_ms", percentile(all.millis, 50)},
                                        {"p95_ms", percentile(all.millis, 95)},
                                        {"p99_ms", percentile(all.millis, 99)},
                                        {"mean_ms", sum / all.millis.size()},
                                        {"qps", qps}};
            std::cout << out.dump() << '\n';
        } else {
            fmt::print(
                "{}: {} queries ({} unusable), {} hits: p50 {:.3f} ms, p95 {:.3f} ms, "
                "p99 {:.3f} ms, mean {:.3f} ms, {:.1f} queries/s\n",
                label, all.millis.size(), all.failed, all.hits, percentile(all.millis, 50),
                percentile(all.millis, 95), percentile(all.millis, 99), sum / all.millis.size(),
                qps);
        }
        if (!o.trec.empty()) write_trec(*engines.front(), queries, o.trec, engine);
        return cli::kOk;
    } catch (const std::exception& e) {
        fmt::print(stderr, "gazette-bench: {}\n", e.what());
        return cli::kFatal;
    } catch (const Xapian::Error& e) {
        fmt::print(stderr, "gazette-bench: {}\n", e.get_description());
        return cli::kFatal;
    }
}
