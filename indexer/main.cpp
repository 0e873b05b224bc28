// gazette-index: a thin front end over index_files().
#include <fmt/format.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>

#include "cli_options.h"
#include "indexer.h"
#include "progress.h"

using namespace gazette;
namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: gazette-index [OPTIONS] PATH...\n"
    "       gazette-index --compact [--db LOCATION]\n"
    "Indexes the news articles in files and folders (recursively) into a Gazette database.\n"
    "Re-running indexes only new and changed files and removes articles of files that are gone.\n";

constexpr const char* kExitCodes =
    "\nExit codes: 0 all indexed, 1 some files failed (see warnings), 2 usage error or fatal.\n";

struct Parsed {
    IndexOptions index;
    std::string format, field_map, shard_by;
    bool compact = false;
    Verbosity verbosity = Verbosity::kNormal;
};

// clang-format off
po::options_description indexing_options(Parsed& p) {
    IndexOptions& o = p.index;
    po::options_description group("Indexing");
    group.add_options()
        ("headline-weight", po::value(&o.weights.headline)->default_value(o.weights.headline),
         "how much a headline word counts against a body word")
        ("byline-weight", po::value(&o.weights.byline)->default_value(o.weights.byline),
         "how much a byline word counts against a body word")
        ("format", po::value(&p.format)->value_name("NAME"),
         "read every file as text, html, json (also JSONL), mail or sgml (Reuters) instead of "
         "detecting by extension and content")
        ("field-map", po::value(&p.field_map)->value_name("MAP"),
         "JSON keys for article fields, e.g. headline=title,body=content (fields: id, headline, "
         "byline, date, body, url, section, source)")
        ("threads,j", po::value(&o.threads)->default_value(0),
         "worker threads for parsing and document building (0: one per core)")
        ("max-file-size", po::value(&o.max_file_size)->default_value(o.max_file_size),
         "largest file, in bytes, read or inflated from .zst; bigger ones fail")
        ("rebuild", po::bool_switch(&o.rebuild),
         "build the database afresh (beside the old one, swapped in at the end)")
        ("no-delete", po::bool_switch(&o.keep_missing),
         "keep the articles of files that are no longer there")
        ("shards", po::value(&o.shards)->default_value(1)->value_name("N"),
         "build the database whole as N shards (by hash of the id), searched as one")
        ("shard-by", po::value(&p.shard_by)->value_name("KEY"),
         "'year': build the database whole as one shard per year (and one for undated "
         "articles); 'id': by hash of the id (with --shards N)")
        ("compact", po::bool_switch(&p.compact),
         "merge a sharded database into one database (or compact one) with Xapian's "
         "compaction, then exit; no files are read")
        ("wait", po::bool_switch(&o.wait),
         "if another indexer holds the database, wait for it instead of exiting with 2")
        ("quiet,q", "no progress line: only warnings and the summary")
        ("verbose,v", "also list every file indexed");
    return group;
}
// clang-format on

// A full disk surfaces deep inside Xapian's or the file system's message
// (often about a scratch part, not the database); say plainly what happened,
// what was kept and what to do, with the original message as detail.
std::string explain_failure(const std::string& what, const std::string& database) {
    for (const int code : {ENOSPC, EDQUOT})
        if (what.find(std::strerror(code)) != std::string::npos)
            return fmt::format(
                "no space left for database '{}' ({}).\n"
                "The database keeps everything committed before the disk filled (a first build "
                "or --rebuild leaves it as it was).\n"
                "Free some space and run gazette-index again: it carries on from there.\n"
                "Detail: {}",
                database, std::strerror(code), what);
    return what;
}

// The database being written, for the terminate handler below.
std::string g_database;

// Xapian 1.4 can end the process through std::terminate when a write fails
// on a full disk mid-commit: by throwing from a destructor while unwinding, or
// by calling it outright, with errno still saying why. The database is then as
// a crash leaves it (see tests/test_crash.cpp), so either is reported like any
// fatal error, exit code 2; anything else aborts as it would have.
[[noreturn]] void on_terminate() {
    const int error = errno;  // first: the last failed call's reason
    std::string what;
    try {
        if (const std::exception_ptr e = std::current_exception()) std::rethrow_exception(e);
        if (error == ENOSPC || error == EDQUOT) what = std::strerror(error);
    } catch (const Xapian::Error& e) {
        what = e.get_description();
    } catch (...) {
    }
    if (what.empty()) std::abort();
    what = fmt::format("database '{}': {}", g_database, what);
    fmt::print(stderr, "gazette-index: {}\n", explain_failure(what, g_database));
    std::_Exit(cli::kFatal);
}

}  // namespace

int main(int argc, char** argv) {
    Parsed p;
    std::vector<std::string> locations, paths;
    po::options_description visible;
    visible.add(cli::database_options(locations, cli::Access::kWrite))
        .add(indexing_options(p))
        .add(cli::general_options());
    try {
        po::variables_map vm;
        if (cli::parse_command_line(argc, argv, {"gazette-index", kUsage, kExitCodes}, visible,
                                    &paths, vm))
            return cli::kOk;
        if (p.compact && !paths.empty())
            throw po::error("--compact reads no files: drop the paths");
        if (!p.compact && paths.empty())
            throw po::error("give at least one file or folder to index");
        if (locations.size() > 1)
            throw po::error("gazette-index writes one database: give one --db");
        if (!p.format.empty()) {
            p.index.format = format_from_name(p.format);
            if (!p.index.format) throw po::error("--format must be text, html, json, mail or sgml");
        }
        try {
            apply_field_overrides(p.index.parsers.json_fields, p.field_map);
        } catch (const std::invalid_argument& e) {
            throw po::error(std::string("--field-map: ") + e.what());
        }
        if (p.shard_by == "year") {
            if (p.index.shards > 1)
                throw po::error("--shard-by year makes its own shards: drop --shards");
            p.index.shard_by_year = true;
        } else if (!p.shard_by.empty() && p.shard_by != "id") {
            throw po::error("--shard-by must be year or id");
        }
        if (vm.count("quiet")) p.verbosity = Verbosity::kQuiet;
        if (vm.count("verbose")) p.verbosity = Verbosity::kVerbose;
    } catch (const po::error& e) {
        fmt::print(stderr, "gazette-index: {}\n{}", e.what(), "Try 'gazette-index --help'.\n");
        return cli::kFatal;
    }
    cli::default_locations(locations);
    p.index.database = locations.front();
    p.index.roots.assign(paths.begin(), paths.end());
    g_database = p.index.database;
    std::set_terminate(on_terminate);

    ConsoleReporter reporter(stderr, p.verbosity, isatty(STDERR_FILENO));
    try {
        if (p.compact) {
            compact_database(p.index.database, p.index.wait, default_env(), reporter);
            return cli::kOk;
        }
        const IndexStats stats = index_files(p.index, default_env(), reporter);
        reporter.summary(stats);
        return stats.failed > 0 ? cli::kPartial : cli::kOk;
    } catch (const std::exception& e) {
        fmt::print(stderr, "gazette-index: {}\n", explain_failure(e.what(), p.index.database));
        return cli::kFatal;
    }
}
