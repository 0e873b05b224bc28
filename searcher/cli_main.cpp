// gazette-search: a thin front end over Searcher and the renderers.
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_options.h"
#include "option_values.h"
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
    "Words are stemmed (by the database's language) and ranked by BM25 weighing bursty words\n"
    "up, the top hits reordered by how many query words they hold; headline and byline words\n"
    "count more.\n"
    "Query syntax: AND OR NOT + - ( ) \"phrases\" NEAR word*, headline: title: byline: author:\n"
    "section: source: year: date:2025-02-01..2025-02-28 (see docs/query-syntax.md).\n";

constexpr const char* kExitCodes =
    "\nExit codes: 0 search ran (with or without results); 1 results partial (a shard left out\n"
    "with --allow-partial); 2 usage error, unusable query, missing, incompatible or failing\n"
    "database.\n";

// Counts past these are mistakes, not searches.
constexpr long long kMaxResults = 1'000'000;
constexpr long long kMaxOffset = 1'000'000'000;

struct Options {
    SearchRequest request;
    std::string format = "text";
    std::string color = "auto";
    std::string sort = "relevance";
    std::string default_op = "or";
    std::string bm25;
    std::string ranking;
    std::string facets;
    std::string batch;
    double recency = 0;
    unsigned lanes = 0;
    bool allow_partial = false, no_collapse = false, no_correct = false;
};

// clang-format off
po::options_description output_options(Options& o) {
    po::options_description group("Output");
    group.add_options()
        ("limit,n", cli::whole_number(&o.request.limit, 0, kMaxResults)->default_value(10)->value_name("N"),
         "results to show (0: only the count and facets)")
        ("offset", cli::whole_number(&o.request.offset, 0, kMaxOffset)->default_value(0)->value_name("K"),
         "results to skip (paging)")
        ("format", cli::one_of(&o.format, {"text", "json", "trec"})->default_value("text")->value_name("NAME"),
         "text, json or trec")
        ("color", cli::one_of(&o.color, {"auto", "always", "never"})->default_value("auto")->value_name("WHEN"),
         "highlight matches in bold: auto (on a terminal), always or never")
        ("snippet-chars",
         cli::whole_number(&o.request.snippet_chars, 0, 100'000)->default_value(240)->value_name("N"),
         "longest snippet, in bytes (0: none)");
    return group;
}

po::options_description filter_options(Options& o) {
    Filters& f = o.request.filters;
    po::options_description group("Filters and features");
    group.add_options()
        ("since", cli::date(&f.since)->value_name("DATE"), "only articles on or after DATE (a day, or the first of a month or year: 2025-02, 2025)")
        ("until", cli::date(&f.until)->value_name("DATE"), "only articles on or before DATE (a day, or the last of a month or year)")
        ("facets", po::value(&o.facets)->value_name("LIST"),
         "count matches by section,byline,source,year over the whole match set")
        ("timeline", po::bool_switch(&o.request.timeline),
         "count matches by year (by month when they span under 3 years), undated beside")
        ("no-collapse", po::bool_switch(&o.no_collapse),
         "show every copy of a story instead of folding duplicates")
        ("no-correct", po::bool_switch(&o.no_correct),
         "search every word as typed (else, in an archive of 1,000 articles or more, a word "
         "no article holds is searched as its spelling correction one letter away)")
        ("like", po::value(&o.request.like_id)->value_name("ID"),
         "list articles similar to the article with this id (and matching the query, if any)")
        ("allow-partial", po::bool_switch(&o.allow_partial),
         "if a shard is unavailable, search the others and mark the results partial")
        ("lanes", cli::whole_number(&o.lanes, 0, 1024)->value_name("N"),
         "cores one search may use over local shards (default 0: one a core from 100,000 "
         "articles; 1: one)")
        ("batch", po::value(&o.batch)->value_name("FILE"),
         "run every 'qid<TAB>query' line of FILE (- for stdin); best with --format trec");
    // One filter option per field of the schema: --section, --byline, ...
    for (const schema::Field& field : schema::kFields) {
        std::vector<std::string>* values = &f.of(field.name);
        const bool year = field.name == "year";
        group.add_options()(std::string(field.name).c_str(),
                            year ? cli::years(values)->value_name("YYYY")
                                 : po::value(values)->value_name("NAME"),
                            fmt::format("only articles whose {} is {} (repeatable; case and "
                                        "accents do not matter)",
                                        to_lower_ascii(field.label), year ? "YYYY" : "NAME")
                                .c_str());
    }
    return group;
}

po::options_description ranking_options(Options& o) {
    po::options_description group("Ranking");
    group.add_options()
        ("sort", cli::one_of(&o.sort, {"relevance", "date", "newest", "oldest"})
             ->default_value("relevance")->value_name("ORDER"),
         "relevance, date (newest first) or oldest; undated articles sort last")
        ("default-op", cli::one_of(&o.default_op, {"or", "and"})->default_value("or")->value_name("OP"),
         "how words without an operator combine: or (any, the more the better) or and (all)")
        ("recency", cli::positive_number(&o.recency)->value_name("DAYS"),
         "blend recency into relevance: a bonus that halves every DAYS days")
        ("ranking", cli::one_of(&o.ranking, {"gazette", "bm25", "ineb2"})->value_name("MODEL"),
         "gazette (the default: BM25 weighing bursty words up, the top hits reordered by how "
         "many query words they hold), or plain bm25 or ineb2, for comparison")
        ("burstiness", cli::number_between(&o.request.burstiness, 0, 1)->value_name("X")
             ->default_value(o.request.burstiness, fmt::format("{}", o.request.burstiness)),
         "gazette ranking: how much a word's burstiness counts (0: not at all; 1: as in IneB2)")
        ("coordination", cli::number_between(&o.request.coordination, 0, 10)->value_name("X")
             ->default_value(o.request.coordination, fmt::format("{}", o.request.coordination)),
         "gazette ranking: how much holding more of the query's words lifts a top hit")
        ("coordination-depth",
         cli::whole_number(&o.request.coordination_depth, 0, 1000)->value_name("N")
             ->default_value(o.request.coordination_depth),
         "how many top hits the exact forms typed and (gazette ranking) coordination reorder")
        ("bm25", po::value(&o.bm25)->value_name("K1,B"),
         "BM25's parameters (else the database's, 1.2,0.75); alone, ranks by plain BM25")
        ("expand", cli::whole_number(&o.request.expand, 0, 1000)->value_name("N"),
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

// Runs each "qid<TAB>query" line; a bad query, or a line without a tab, is
// reported and skipped (exit status 2), a blank line skipped. A query
// answered without some shard (--allow-partial) is named on stderr.
int run_batch(Searcher& searcher, Options& o, std::istream& in) {
    int status = cli::kOk;
    size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.empty()) continue;
        const auto tab = line.find('\t');
        if (tab == std::string::npos) {
            fmt::print(stderr, "gazette-search: {} line {}: no tab between query id and query\n",
                       o.batch == "-" ? "stdin" : o.batch, number);
            status = cli::kFatal;
            continue;
        }
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

// One of the words --sort takes (checked as it was read).
SortOrder parse_sort(const std::string& s) {
    if (s == "relevance") return SortOrder::kRelevance;
    return s == "oldest" ? SortOrder::kOldest : SortOrder::kNewest;
}

void parse_bm25(const std::string& s, SearchRequest& request) {
    if (s.empty()) return;
    double k1, b;
    char comma;
    std::istringstream in(s);
    if (!(in >> k1 >> comma >> b) || !in.eof() || comma != ',' || !std::isfinite(k1) || k1 < 0 ||
        b < 0 || b > 1)
        throw po::error("--bm25 takes K1,B with K1 >= 0 and 0 <= B <= 1, e.g. 1.2,0.75");
    request.k1 = k1;
    request.b = b;
    request.ranking = Ranking::kBm25;
}

Ranking parse_ranking(const std::string& s) {
    if (s == "bm25") return Ranking::kBm25;
    return s == "ineb2" ? Ranking::kIneB2 : Ranking::kGazette;
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
        if (cli::parse_command_line(argc, argv, {"gazette-search", kUsage, kExitCodes, "search"},
                                    visible, &words, vm))
            return cli::kOk;
        if (words.empty() && o.batch.empty() && o.request.like_id.empty() &&
            o.request.filters.empty())
            throw po::error("give a query");
        if (vm.count("recency")) o.request.recency_half_life_days = o.recency;
        o.request.collapse = !o.no_collapse;
        o.request.correct = !o.no_correct;
        o.request.default_operator =
            o.default_op == "and" ? DefaultOperator::kAnd : DefaultOperator::kOr;
        o.request.facets = split_list(o.facets);
        o.request.sort = parse_sort(o.sort);
        parse_bm25(o.bm25, o.request);
        if (!o.ranking.empty()) o.request.ranking = parse_ranking(o.ranking);
        if (o.format == "trec") o.request.snippet_chars = 0;  // a run line shows none
    } catch (const po::error& e) {
        return fail(o, fmt::format("{}; try 'gazette-search --help'", e.what()));
    }
    for (const std::string& w : words) o.request.query += (o.request.query.empty() ? "" : " ") + w;
    cli::default_locations(locations);

    try {
        Searcher searcher(locations, o.allow_partial, o.lanes);
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
