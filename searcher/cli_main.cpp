// gazette-search: a thin front end over Searcher and the renderers.
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_options.h"
#include "query.h"
#include "render.h"
#include "schema.h"
#include "search.h"
#include "text.h"

using namespace gazette;
namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: gazette-search [OPTIONS] QUERY...\n"
    "Searches a Gazette database and prints ranked articles with highlighted snippets.\n"
    "Words are stemmed (English) and ranked by IneB2; headline and byline words count more.\n"
    "Query syntax: AND OR NOT + - ( ) \"phrases\" NEAR word*, headline: title: byline: author:\n"
    "section: source: year: date:2025-02-01..2025-02-28 (see docs/query-syntax.md).\n";

constexpr const char* kExitCodes =
    "\nExit codes: 0 search ran (with or without results); 1 results partial (a shard left out\n"
    "with --allow-partial); 2 usage error, unusable query, missing, incompatible or failing\n"
    "database.\n";

struct Options {
    SearchRequest request;
    std::string format = "text";
    std::string color = "auto";
    std::string sort = "relevance";
    std::string bm25;
    std::string facets;
    std::string batch;
    bool allow_partial = false;
};

po::options_description output_options(Options& o) {
    po::options_description group("Output");
    group.add_options()("limit,n", po::value(&o.request.limit)->default_value(10),
                        "results to show")("offset", po::value(&o.request.offset)->default_value(0),
                                           "results to skip (paging)")(
        "format", po::value(&o.format)->default_value("text"), "text or json")(
        "color", po::value(&o.color)->default_value("auto"),
        "highlight matches in bold: auto (on a terminal), always or never")(
        "snippet-chars", po::value(&o.request.snippet_chars)->default_value(240),
        "longest snippet, in bytes");
    return group;
}

// clang-format off
po::options_description filter_options(Options& o) {
    Filters& f = o.request.filters;
    po::options_description group("Filters and features");
    group.add_options()
        ("since", po::value(&f.since)->value_name("DATE"), "only articles on or after DATE")
        ("until", po::value(&f.until)->value_name("DATE"), "only articles on or before DATE")
        ("facets", po::value(&o.facets)->value_name("LIST"),
         "count matches by section,byline,source,year over the whole match set")
        ("no-collapse", "show every copy of a story instead of folding duplicates")
        ("correct", "search the spelling suggestion instead of the query as typed")
        ("like", po::value(&o.request.like_id)->value_name("ID"),
         "list articles similar to the article with this id")
        ("allow-partial", po::bool_switch(&o.allow_partial),
         "if a shard is unavailable, search the others and mark the results partial")
        ("batch", po::value(&o.batch)->value_name("FILE"),
         "run every 'qid<TAB>query' line of FILE (- for stdin); best with --format trec");
    // One filter option per field of the schema: --section, --byline, ...
    for (const schema::Field& field : schema::kFields)
        group.add_options()(std::string(field.name).c_str(),
                            po::value(&f.of(field.name))
                                ->value_name(field.name == "year" ? "YYYY" : "NAME"),
                            fmt::format("only articles with this {} (repeatable; any case and "
                                        "accents)",
                                        to_lower_ascii(field.label))
                                .c_str());
    return group;
}

po::options_description ranking_options(Options& o) {
    po::options_description group("Ranking");
    group.add_options()
        ("sort", po::value(&o.sort)->default_value("relevance"),
         "relevance, date (newest first) or oldest; undated articles sort last")
        ("recency", po::value<double>()->value_name("DAYS"),
         "blend recency into relevance: a bonus that halves every DAYS days")
        ("bm25", po::value(&o.bm25)->value_name("K1,B"),
         "rank by BM25 with these parameters instead of IneB2, e.g. 1.2,0.75")
        ("expand", po::value(&o.request.expand)->value_name("N"),
         "pseudo-relevance feedback: add the strongest words of the top N hits");
    return group;
}
// clang-format on

std::vector<std::string> split_list(const std::string& list) {
    std::vector<std::string> out;
    std::istringstream in(list);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

// Runs each "qid<TAB>query" line; a bad query is reported and skipped. A
// query answered without some shard (--allow-partial) is named on stderr.
int run_batch(Searcher& searcher, Options& o, std::istream& in) {
    int status = cli::kOk;
    for (std::string line; std::getline(in, line);) {
        const auto tab = line.find('\t');
        if (line.empty() || tab == std::string::npos) continue;
        const std::string qid = line.substr(0, tab);
        o.request.query = line.substr(tab + 1);
        try {
            const SearchResults r = searcher.search(o.request);
            // Flushed query by query: a program reading the pipe gets each answer in turn.
            std::cout << (o.format == "trec"   ? render_trec(r, qid)
                          : o.format == "json" ? render_json(r)
                                               : "# " + qid + "\n" + render_text(r, false))
                      << std::flush;
            if (!r.missing_shards.empty()) {
                fmt::print(stderr, "gazette-search: query {}: partial results: {}\n", qid,
                           r.missing_shards.front());
                status = std::max(status, static_cast<int>(cli::kPartial));
            }
        } catch (const QueryError& e) {
            fmt::print(stderr, "gazette-search: query {}: {}\n", qid, e.what());
            status = cli::kFatal;
        }
    }
    return status;
}

SortOrder parse_sort(const std::string& s) {
    if (s == "relevance") return SortOrder::kRelevance;
    if (s == "date" || s == "newest") return SortOrder::kNewest;
    if (s == "oldest") return SortOrder::kOldest;
    throw po::error("--sort must be relevance, date or oldest");
}

void parse_bm25(const std::string& s, SearchRequest& request) {
    if (s.empty()) return;
    double k1, b;
    char comma;
    std::istringstream in(s);
    if (!(in >> k1 >> comma >> b) || comma != ',' || k1 < 0 || b < 0 || b > 1)
        throw po::error("--bm25 takes K1,B with K1 >= 0 and 0 <= B <= 1, e.g. 1.2,0.75");
    request.k1 = k1;
    request.b = b;
}

int fail(const Options& o, const std::string& message) {
    if (o.format == "json") std::cout << render_json_error(message);
    fmt::print(stderr, "gazette-search: {}\n", message);
    return cli::kFatal;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    std::vector<std::string> locations, words;
    po::options_description visible;
    visible.add(cli::database_options(locations, cli::Access::kRead))
        .add(output_options(o))
        .add(filter_options(o))
        .add(ranking_options(o))
        .add(cli::general_options());
    try {
        po::variables_map vm;
        if (cli::parse_command_line(argc, argv, {"gazette-search", kUsage, kExitCodes}, visible,
                                    &words, vm))
            return cli::kOk;
        if (o.format != "text" && o.format != "json" && o.format != "trec")
            throw po::error("--format must be text, json or trec");
        if (o.color != "auto" && o.color != "always" && o.color != "never")
            throw po::error("--color must be auto, always or never");
        if (words.empty() && o.batch.empty() && o.request.like_id.empty() &&
            o.request.filters.empty())
            throw po::error("give a query");
        if (vm.count("recency")) {
            o.request.recency_half_life_days = vm["recency"].as<double>();
            if (*o.request.recency_half_life_days <= 0) throw po::error("--recency takes DAYS > 0");
        }
        o.request.collapse = !vm.count("no-collapse");
        o.request.correct = vm.count("correct") > 0;
        o.request.facets = split_list(o.facets);
        o.request.sort = parse_sort(o.sort);
        parse_bm25(o.bm25, o.request);
    } catch (const po::error& e) {
        return fail(o, fmt::format("{}; try 'gazette-search --help'", e.what()));
    }
    for (const std::string& w : words) o.request.query += (o.request.query.empty() ? "" : " ") + w;
    cli::default_locations(locations);

    try {
        Searcher searcher(locations, o.allow_partial);
        if (!o.batch.empty()) {
            if (o.batch == "-") return run_batch(searcher, o, std::cin);
            std::ifstream in(o.batch);
            if (!in) return fail(o, "cannot read batch file " + o.batch);
            return run_batch(searcher, o, in);
        }
        const SearchResults results = searcher.search(o.request);
        const bool color = o.color == "always" || (o.color == "auto" && isatty(STDOUT_FILENO));
        std::cout << (o.format == "json"   ? render_json(results)
                      : o.format == "trec" ? render_trec(results, "1")
                                           : render_text(results, color));
        return results.missing_shards.empty() ? cli::kOk : cli::kPartial;
    } catch (const std::exception& e) {
        return fail(o, e.what());
    } catch (const Xapian::Error& e) {  // not a std::exception
        return fail(o, "database failed: " + e.get_description());
    }
}
