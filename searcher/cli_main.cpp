// gazette-search: a thin front end over Searcher and the renderers.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "cli_options.h"
#include "query.h"
#include "render.h"
#include "search.h"

using namespace gazette;
namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: gazette-search [OPTIONS] QUERY...\n"
    "Searches a Gazette database and prints ranked articles with highlighted snippets.\n"
    "Words are stemmed (English) and ranked by BM25; headline and byline words count more.\n"
    "Query syntax: AND OR NOT + - ( ) \"phrases\" NEAR word*, headline: title: byline: author:\n"
    "section: source: year: date:2025-02-01..2025-02-28 (see docs/query-syntax.md).\n";

constexpr const char* kExitCodes =
    "\nExit codes: 0 search ran (with or without results), 2 usage error, unusable query or\n"
    "missing database.\n";

struct Options {
    SearchRequest request;
    std::string format = "text";
    std::string color = "auto";
    std::string sort = "relevance";
    std::string bm25;
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

po::options_description ranking_options(Options& o) {
    po::options_description group("Ranking");
    group.add_options()("sort", po::value(&o.sort)->default_value("relevance"),
                        "relevance, date (newest first) or oldest; undated articles sort last")(
        "bm25", po::value(&o.bm25)->value_name("K1,B"),
        "override the database's BM25 parameters, e.g. 1.2,0.75");
    return group;
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
    visible.add(cli::database_options(locations))
        .add(output_options(o))
        .add(ranking_options(o))
        .add(cli::general_options());
    po::options_description all = visible;
    all.add_options()("query", po::value(&words));
    po::positional_options_description positional;
    positional.add("query", -1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
                  vm);
        po::notify(vm);
        if (vm.count("help")) {
            std::cout << kUsage << '\n' << visible << kExitCodes;
            return cli::kOk;
        }
        if (vm.count("version")) {
            std::cout << "gazette-search " << GAZETTE_VERSION << '\n';
            return cli::kOk;
        }
        if (o.format != "text" && o.format != "json")
            throw po::error("--format must be text or json");
        if (o.color != "auto" && o.color != "always" && o.color != "never")
            throw po::error("--color must be auto, always or never");
        if (words.empty()) throw po::error("give a query");
        o.request.sort = parse_sort(o.sort);
        parse_bm25(o.bm25, o.request);
    } catch (const po::error& e) {
        return fail(o, fmt::format("{}; try 'gazette-search --help'", e.what()));
    }
    for (const std::string& w : words) o.request.query += (o.request.query.empty() ? "" : " ") + w;
    cli::default_locations(locations);

    try {
        Searcher searcher(locations);
        const SearchResults results = searcher.search(o.request);
        const bool color = o.color == "always" || (o.color == "auto" && isatty(STDOUT_FILENO));
        std::cout << (o.format == "json" ? render_json(results) : render_text(results, color));
        return cli::kOk;
    } catch (const std::exception& e) {
        return fail(o, e.what());
    }
}
