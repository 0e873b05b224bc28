// gazette-index: a thin front end over index_files().
#include <fmt/format.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <system_error>
#include <utility>

#include "cli_options.h"
#include "indexer.h"
#include "option_values.h"
#include "progress.h"
#include "schema.h"
#include "stats.h"
#include "watch.h"

using namespace gazette;
namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: gazette-index [OPTIONS] [PATH...]\n"
    "  or:  gazette-index [--db LOCATION] --roots | --stats[-json] | --forget ROOT | --compact\n"
    "  or:  gazette-index --watch [OPTIONS] [PATH...]\n"
    "Indexes the news articles in files and folders (recursively) into a Gazette database,\n"
    "which records each PATH as one of its roots. Run again with the same paths, or with none\n"
    "(every recorded root), it reads only new and changed files and removes the articles of\n"
    "files that are provably gone; roots not in a PATH given are left as they are, and a PATH in "
    "a\n"
    "root updates only that part of it (one deleted since: the folder above it). A root's\n"
    "folder moved or renamed, given where it is now, keeps its root and ids.\n";

constexpr const char* kExitCodes =
    "\nExit codes: 0 all indexed; 1 partial: some files failed, some articles in a file could\n"
    "not be read (a bad JSONL line), a root or folder could not be read, a file indexed before\n"
    "is there but no longer taken (a link out), or deletions were held back (each named on\n"
    "stderr; the rest is indexed); 2 usage\n"
    "error or fatal: locked, unwritable, disk full (what was committed stays), or nothing\n"
    "could be indexed.\n";

// Past these a value is a mistake: a weight of 1,000 drowns the body, and files
// are read whole into memory.
constexpr long long kMaxWeight = 100;
constexpr long long kMaxThreads = 1024;
constexpr long long kMaxShards = 1024;
constexpr long long kMaxFileSize = 16LL << 30;

struct Parsed {
    IndexOptions index;
    std::string format, field_map, shard_by;
    std::vector<std::string> forget;
    unsigned headline_weight = 0, byline_weight = 0;
    bool compact = false, roots = false, stats = false, stats_json = false, watch = false;
    bool quiet = false, verbose = false;
    double debounce = 1.0;
    Verbosity verbosity = Verbosity::kNormal;
};

// clang-format off
po::options_description indexing_options(Parsed& p) {
    IndexOptions& o = p.index;
    po::options_description group("Indexing");
    group.add_options()
        ("headline-weight", cli::whole_number(&p.headline_weight, 1, kMaxWeight)->value_name("N"),
         "how much a headline word counts against a body word (3 for a new database; a "
         "change needs --rebuild)")
        ("byline-weight", cli::whole_number(&p.byline_weight, 1, kMaxWeight)->value_name("N"),
         "how much a byline word counts against a body word (2 for a new database; a change "
         "needs --rebuild)")
        ("language", po::value<std::string>()->value_name("NAME"),
         "the language articles are stemmed in and queries read in: a Xapian stemmer's name "
         "(english, french, german, russian, ...; a wrong name lists them all) or none "
         "(english for a new database; a change needs --rebuild)")
        ("format", cli::one_of(&p.format, {"text", "html", "json", "jsonl", "mail", "sgml"})
             ->value_name("NAME"),
         "read every file as text, html, json (also JSONL), mail or sgml (Reuters) instead of "
         "detecting by extension and content")
        ("field-map", po::value(&p.field_map)->value_name("MAP"),
         "JSON keys for article fields, e.g. headline=title,body=content (fields: id, headline, "
         "byline, date, body, url, section, source)")
        ("threads,j", cli::whole_number(&o.threads, 0, kMaxThreads)->default_value(0)->value_name("N"),
         "worker threads for parsing and document building (0: one per core)")
        ("max-file-size",
         cli::whole_number(&o.max_file_size, 1, kMaxFileSize)
             ->default_value(o.max_file_size)->value_name("BYTES"),
         "largest article, in bytes (of a JSONL, mbox or SGML file, or an archive member), or "
         "file read whole, as inflated; bigger ones fail (up to 16 GiB)")
        ("exclude", po::value(&o.exclude)->value_name("GLOB"),
         "leave out files and folders matching GLOB: a name ('README.TXT', '*.bak') at any "
         "depth, or a path inside the root ('news/*.txt'); their articles go (repeatable)")
        ("include", po::value(&o.include)->value_name("GLOB"),
         "index only files matching GLOB, matched like --exclude (repeatable)")
        ("rebuild", po::bool_switch(&o.rebuild),
         "build the database afresh (beside the old one, swapped in at the end); roots not "
         "named keep their articles")
        ("no-delete", po::bool_switch(&o.keep_missing),
         "keep the articles of files that are no longer there")
        ("allow-mass-delete", po::bool_switch(&o.allow_mass_delete),
         "let a run delete the articles of a root found empty, or more than half of a root's "
         "articles (held back otherwise, with exit code 1, on this and later runs)")
        ("follow-symlinks", po::bool_switch(&o.follow_symlinks),
         "follow links to files outside the roots, and links to folders (by default only "
         "links to files inside the roots are followed)")
        ("shards", cli::whole_number(&o.shards, 1, kMaxShards)->value_name("N"),
         "split the database into N shards (by hash of the id), searched as one; 1: one "
         "database. Kept by later runs")
        ("shard-by", cli::one_of(&p.shard_by, {"year", "id"})->value_name("KEY"),
         "'year': one shard per year (and one for undated articles); 'id': by hash of the id "
         "(with --shards N). Kept by later runs")
        ("wait", po::bool_switch(&o.wait),
         "if another indexer holds the database, wait for it instead of exiting with 2")
        ("watch", po::bool_switch(&p.watch),
         "keep running: index the files again as they arrive, change or go (inotify), once "
         "they have been quiet for the debounce; SIGTERM or Ctrl-C stops it. Waits for other "
         "writers, like --wait")
        ("debounce", po::value(&p.debounce)->default_value(1.0)->value_name("SECONDS"),
         "with --watch: how long the files must be quiet before a run (at most five times "
         "that after the first change)")
        ("quiet,q", po::bool_switch(&p.quiet), "no progress line: only warnings and the summary")
        ("verbose,v", po::bool_switch(&p.verbose),
         "also list every file indexed and every file left alone");
    return group;
}

po::options_description maintenance_options(Parsed& p) {
    po::options_description group("Roots and maintenance (no files are read)");
    group.add_options()
        ("roots", po::bool_switch(&p.roots),
         "list the database's roots with their files and articles, then exit")
        ("stats", po::bool_switch(&p.stats),
         "say what the database holds (articles, files, roots, dates, sections, languages, "
         "size on disk, schema version, last update), then exit")
        ("stats-json", po::bool_switch(&p.stats_json), "the same as one JSON object")
        ("forget", po::value(&p.forget)->value_name("ROOT"),
         "remove a root (by name or path) and all its articles, then exit (repeatable)")
        ("compact", po::bool_switch(&p.compact),
         "merge a sharded database into one database (or compact one) with Xapian's "
         "compaction, then exit");
    return group;
}
// clang-format on

void print_roots(const std::vector<RootSummary>& roots) {
    if (roots.empty()) {
        fmt::print("no roots recorded\n");
        return;
    }
    size_t width = 4;
    for (const RootSummary& r : roots) width = std::max(width, r.root.name.size());
    fmt::print("{:<{}}  {:>8}  {:>9}  {}\n", "ROOT", width, "FILES", "ARTICLES", "PATH");
    for (const RootSummary& r : roots)
        fmt::print("{:<{}}  {:>8}  {:>9}  {}{}{}\n", r.root.name, width, r.files, r.articles,
                   r.root.path.string(), r.present ? "" : "  (missing)",
                   r.held
                       ? fmt::format("  ({} held back from deletion: --allow-mass-delete)", r.held)
                       : "");
}

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

// Prints what --watch says, on stderr like everything else.
class ConsoleWatch : public WatchObserver {
  public:
    explicit ConsoleWatch(ConsoleReporter& reporter) : reporter_(reporter) {}
    void watching(size_t folders, size_t roots) override {
        if (std::exchange(folders_, folders) == folders) return;  // said already
        fmt::print(stderr, "gazette-index: watching {} folder{} of {} root{} for changes\n",
                   folders, folders == 1 ? "" : "s", roots, roots == 1 ? "" : "s");
    }
    void ran(const IndexStats& stats) override { reporter_.summary(stats); }
    void failed(const std::string& message) override {
        fmt::print(stderr, "gazette-index: {}\n", message);
    }

  private:
    ConsoleReporter& reporter_;
    size_t folders_ = 0;
};

// --watch: runs until SIGINT or SIGTERM, which are taken from a signalfd so
// that a run under way finishes (and commits) first.
int watch_files(const IndexOptions& options, double debounce, ConsoleReporter& reporter) {
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);  // before any thread starts: all inherit it
    const int fd = signalfd(-1, &stop, SFD_CLOEXEC);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "signalfd");
    ConsoleWatch said(reporter);
    watch(options, std::chrono::milliseconds(static_cast<int64_t>(debounce * 1000)), fd,
          default_env(), reporter, said);
    ::close(fd);
    fmt::print(stderr, "gazette-index: stopped watching\n");
    return cli::kOk;
}

}  // namespace

int main(int argc, char** argv) {
    Parsed p;
    std::vector<std::string> locations, paths;
    po::options_description visible;
    visible.add(cli::database_options(locations, cli::Access::kWrite))
        .add(indexing_options(p))
        .add(maintenance_options(p))
        .add(cli::general_options());
    try {
        po::variables_map vm;
        if (cli::parse_command_line(argc, argv, {"gazette-index", kUsage, kExitCodes, "index"},
                                    visible, &paths, vm))
            return cli::kOk;
        const int maintenance =
            p.compact + p.roots + !p.forget.empty() + p.stats + p.stats_json + p.watch;
        if (maintenance > 1)
            throw po::error(
                "--watch, --roots, --stats, --stats-json, --forget and --compact go alone");
        if (maintenance && !p.watch && !paths.empty())
            throw po::error(
                "--roots, --stats, --stats-json, --forget and --compact read no files: drop the "
                "paths");
        if (locations.size() > 1)
            throw po::error("gazette-index writes one database: give one --db");
        if (!p.format.empty()) p.index.format = format_from_name(p.format);
        try {
            apply_field_overrides(p.index.parsers.json_fields, p.field_map);
        } catch (const std::invalid_argument& e) {
            throw po::error(std::string("--field-map: ") + e.what());
        }
        if (vm.count("headline-weight")) p.index.headline_weight = p.headline_weight;
        if (vm.count("byline-weight")) p.index.byline_weight = p.byline_weight;
        if (vm.count("language")) {
            p.index.language = vm["language"].as<std::string>();
            if (!schema::known_language(*p.index.language))
                throw po::error("--language must be one of: " + schema::known_languages());
        }
        if (p.shard_by == "year") {
            if (p.index.shards > 0)
                throw po::error("--shard-by year makes its own shards: drop --shards");
            p.index.shard_by_year = true;
        }
        if (!(p.debounce >= 0.01 && p.debounce <= 3600))
            throw po::error("--debounce takes SECONDS from 0.01 to 3600");
        if (p.quiet) p.verbosity = Verbosity::kQuiet;
        if (p.verbose) p.verbosity = Verbosity::kVerbose;
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
        if (p.roots) {
            print_roots(list_roots(p.index.database, default_env()));
            return cli::kOk;
        }
        if (p.stats || p.stats_json) {
            const DatabaseStats stats = database_stats(p.index.database, default_env());
            fmt::print("{}", p.stats_json ? stats_json(stats) : stats_text(stats));
            return cli::kOk;
        }
        if (!p.forget.empty()) {
            const size_t gone =
                forget_roots(p.index.database, p.forget, p.index.wait, default_env(), reporter);
            fmt::print(stderr, "forgot {} root{}: {} article{} removed\n", p.forget.size(),
                       p.forget.size() == 1 ? "" : "s", gone, gone == 1 ? "" : "s");
            return cli::kOk;
        }
        if (p.compact) {
            compact_database(p.index.database, p.index.wait, default_env(), reporter);
            return cli::kOk;
        }
        if (p.watch) return watch_files(p.index, p.debounce, reporter);
        const IndexStats stats = index_files(p.index, default_env(), reporter);
        reporter.summary(stats);
        return stats.partial() ? cli::kPartial : cli::kOk;
    } catch (const std::exception& e) {
        fmt::print(stderr, "gazette-index: {}\n", explain_failure(e.what(), p.index.database));
        return cli::kFatal;
    } catch (const Xapian::Error& e) {
        fmt::print(stderr, "gazette-index: database '{}': {}\n", p.index.database,
                   e.get_description());
        return cli::kFatal;
    }
}
