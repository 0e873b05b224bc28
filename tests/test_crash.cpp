// Crash safety and concurrency of the real gazette-index: killed with SIGKILL
// at random moments, on the fresh-build path and on the incremental one, it
// leaves a database that searchers running all along can open and search, and
// that the next run completes into exactly what a clean build makes; a second
// indexer is told the database is locked; searchers never fail while it commits.
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "crash_support.h"
#include "search.h"
#include "test_support.h"

using namespace gazette;
using namespace gazette::test;
namespace fs = std::filesystem;

namespace {

constexpr size_t kArticles = 3000;

// Kills in the long test: $GAZETTE_CRASH_KILLS (scripts/soak sets it), else 20.
int kills_wanted() {
    const char* env = std::getenv("GAZETTE_CRASH_KILLS");
    const int wanted = env ? std::atoi(env) : 0;
    return wanted > 0 ? wanted : 20;
}

// What a searcher may meet before the first build has finished: no database
// at all, or the empty one the indexer opened to hold its lock (it gets its
// schema version when the finished build is swapped in). Once a build has
// finished, a searcher must never meet any error.
bool means_not_built_yet(const std::string& error) {
    return error.find("no database at") != std::string::npos ||
           error.find("no schema version") != std::string::npos;
}

// One search through the library: "" when it found articles, else what went wrong.
std::string search_once(Searcher& searcher) {
    SearchRequest request;
    request.query = "harbor OR ferry";
    request.limit = 3;
    return searcher.search(request).total > 0 ? "" : "no hits";
}

// Searchers running beside the indexer for a whole test, the ways people and
// servers use a database: gazette-search processes one after another, a
// Searcher opened afresh for every search, and one opened once and kept (it
// reopens when commits overtake it). Each search is judged by the state of
// `built` when it started.
class SearcherFleet {
  public:
    SearcherFleet(const fs::path& db, const std::atomic<bool>& built) : db_(db), built_(built) {
        threads_.emplace_back([this] { run_processes(); });
        threads_.emplace_back([this] { open_each_time(); });
        threads_.emplace_back([this] { keep_open(); });
    }
    ~SearcherFleet() { stop(); }

    void stop() {
        stop_ = true;
        threads_.clear();  // joins
    }

    // Call after stop().
    void check() const {
        BOOST_TEST_MESSAGE("searches beside the indexer: "
                           << ok_[0] << " gazette-search, " << ok_[1] << " opened each time, "
                           << ok_[2] << " kept open; " << not_yet_ << " found no database yet");
        for (const size_t ok : ok_) BOOST_TEST(ok > 0u);
        BOOST_TEST(failures_.size() == 0u,
                   failures_.size() << " failed searches, the first: "
                                    << (failures_.empty() ? std::string() : failures_.front()));
    }

  private:
    enum Kind { kProcess, kOpenEachTime, kKeptOpen };
    // Between searches, to leave the indexer most of the machine.
    static constexpr double kPause = 0.05;

    // error: "" for a search that found articles.
    void record(Kind kind, bool built, const std::string& error) {
        static const char* const kNames[] = {"gazette-search", "opened each time", "kept open"};
        std::lock_guard lock(mutex_);
        if (error.empty())
            ++ok_[kind];
        else if (!built && means_not_built_yet(error))
            ++not_yet_;
        else
            failures_.push_back(std::string(kNames[kind]) + ": " + error);
    }

    void run_processes() {
        while (!stop_) {
            const bool built = built_;
            const auto r = run(bin("gazette-search") + " --format json -n 3 --db " +
                               quote(db_.string()) + " 'harbor OR ferry' 2>&1");
            std::string error = r.out.empty() ? "no output" : r.out;
            try {
                const auto json = nlohmann::json::parse(r.out);
                if (r.status == 0 && json.contains("hits") && json["total"].get<int>() > 0)
                    error.clear();
            } catch (const std::exception&) {
                // Not JSON: the output itself is the error.
            }
            record(kProcess, built, error);
            sleep_for(kPause);
        }
    }

    void open_each_time() {
        while (!stop_) {
            const bool built = built_;
            try {
                Searcher searcher({db_.string()});
                record(kOpenEachTime, built, search_once(searcher));
            } catch (const std::exception& e) {
                record(kOpenEachTime, built, e.what());
            }
            sleep_for(kPause);
        }
    }

    void keep_open() {
        while (!stop_ && !built_) sleep_for(0.01);
        while (!stop_) {
            try {
                Searcher searcher({db_.string()});
                for (; !stop_; sleep_for(kPause)) record(kKeptOpen, true, search_once(searcher));
            } catch (const std::exception& e) {
                record(kKeptOpen, true, e.what());  // and open it again
            }
        }
    }

    const fs::path db_;
    const std::atomic<bool>& built_;
    std::atomic<bool> stop_ = false;
    std::mutex mutex_;
    size_t ok_[3] = {0, 0, 0}, not_yet_ = 0;
    std::vector<std::string> failures_;
    std::vector<std::jthread> threads_;  // last: joined before the rest goes
};

// Whether a finished build is in place: the database has the settings and
// dictionary a build writes when it finishes.
bool is_built(const fs::path& db) {
    return fs::exists(db) &&
           !Xapian::Database(db.string()).get_metadata(schema::kDictionaryKey).empty();
}

// The database's revision, 0 while there is none to open.
Xapian::rev revision(const fs::path& db) {
    try {
        return fs::exists(db / "iamglass") ? Xapian::Database(db.string()).get_revision() : 0;
    } catch (const Xapian::Error&) {
        return 0;
    }
}

// After a kill, once built: the database opens for searching and finds articles.
void check_searchable(const fs::path& db) {
    try {
        Searcher searcher({db.string()});
        BOOST_TEST(search_once(searcher) == "");
    } catch (const std::exception& e) {
        BOOST_TEST(false, "the database does not open after a kill: " << e.what());
    }
}

// Indexer runs on one database, each killed at a chosen moment: when `ready`
// holds (or the indexer has exited), then `delay` seconds later.
class Killer {
  public:
    Killer(const fs::path& db, const fs::path& src, const fs::path& log)
        : db_(db), src_(src), log_(log) {}

    // Returns whether it was killed (false: it finished first).
    bool run(const std::vector<std::string>& extra, const std::function<bool()>& ready,
             double delay) {
        const pid_t pid = spawn(index_args(db_, src_, extra), log_.string());
        const auto start = Clock::now();
        while (!ready() && !has_exited(pid) && seconds_since(start) < 60) sleep_for(0.005);
        sleep_for(delay);
        kill(pid, SIGKILL);
        const int status = wait_for(pid);
        BOOST_TEST((status == -SIGKILL || status == 0),
                   "status " << status << '\n'
                             << read_file(log_.string()).substr(0, 2000));
        kills += status == -SIGKILL;
        return status == -SIGKILL;
    }

    int kills = 0;

  private:
    fs::path db_, src_, log_;
};

// More work for the next incremental run: half the corpus rewritten (1,500
// articles: more than one commit's worth) and, every other time, a folder of
// the other half deleted.
void change_corpus(const TempDir& dir, unsigned n) {
    const size_t half = 15 * (n % 2);
    write_corpus(dir, half * 100, kArticles / 2, 100 + n);
    if (n % 2 == 0) fs::remove_all(dir.path / "src" / ("d" + std::to_string(15 + n % 15)));
}

// Kills on the fresh-build path (a part per builder, compaction into a new
// database, swap): first builds until one finishes, then --rebuild runs, which
// must leave the finished database exactly as it was. Every third run is
// killed soon after its compaction starts, to land on the compaction or the
// swap. Returns how many kills landed there.
int kill_fresh_builds(Killer& killer, const fs::path& db, int wanted, double scale,
                      std::atomic<bool>& built) {
    std::mt19937 rng(2025);
    std::uniform_real_distribution<double> share(0, 1);
    const fs::path compacted = db.string() + ".rebuild";
    std::optional<Snapshot> finished;
    int late_kills = 0;
    for (int r = 0; killer.kills < wanted && r < 4 * wanted; ++r) {
        const bool late = r % 3 == 2;
        const auto started = fs::file_time_type::clock::now();
        std::function<bool()> ready = [] { return true; };
        if (late)
            ready = [&] {
                std::error_code ec;
                return fs::last_write_time(compacted, ec) >= started && !ec;
            };
        std::vector<std::string> extra;
        if (finished) extra.push_back("--rebuild");
        const double delay = late ? 0.1 * share(rng) : 0.05 + 1.1 * share(rng);
        late_kills += killer.run(extra, ready, delay * scale) && late;
        if (finished)
            check_same(snapshot(db), *finished);
        else
            check_consistent(db);
        if (!finished && is_built(db)) {
            finished = snapshot(db);
            built = true;
        }
        if (built) check_searchable(db);
    }
    return late_kills;
}

// Kills on the incremental path (one writer, a commit every 1,000
// documents). Every other run is killed after its first commit; a run that
// finishes first is followed by more work. Returns the kills that left part
// of the killed run's work committed.
int kill_updates(Killer& killer, const TempDir& dir, const fs::path& db, int wanted, double scale) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> share(0, 1);
    int partial = 0;
    unsigned changes = 0;
    for (int r = 0; killer.kills < wanted && r < 4 * wanted; ++r) {
        const Xapian::rev before = revision(db);
        const bool after_commit = r % 2 == 1;
        std::function<bool()> ready = [] { return true; };
        if (after_commit) ready = [&] { return revision(db) > before; };
        const bool killed = killer.run({}, ready, (after_commit ? 0.25 : 1.0) * share(rng) * scale);
        if (!killed) change_corpus(dir, ++changes);
        partial += killed && revision(db) > before;
        check_consistent(db);
        check_searchable(db);
    }
    return partial;
}

// Files and folders named after the database (its parts, a half-built copy).
// What a run left beside the database, but for the lock file, which stays.
std::string leftovers_beside(const fs::path& db) {
    std::string found;
    for (const auto& entry : fs::directory_iterator(db.parent_path())) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(db.filename().string() + ".") && !name.ends_with(".lock"))
            found += name + " ";
    }
    return found;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sigkills_never_break_searchers_and_a_rerun_equals_a_clean_build) {
    const auto test_start = Clock::now();
    const int wanted = kills_wanted();
    TempDir dir;
    write_corpus(dir, 0, kArticles);
    const fs::path src = dir.path / "src", db = dir.path / "db", later = dir.path / "later";
    // The fresh builds index the first 1,000 articles; the updates add the rest.
    move_folders(src, later, 10, kArticles / 100);
    const auto start = Clock::now();
    BOOST_REQUIRE_EQUAL(index_now(dir.path / "probe", src), 0);
    const double scale = seconds_since(start);  // kill moments are shares of it

    std::atomic<bool> built = false;
    SearcherFleet fleet(db, built);
    Killer killer(db, src, dir.path / "log");
    const auto fresh_start = Clock::now();
    const int late = kill_fresh_builds(killer, db, wanted * 2 / 5, scale, built);
    const int fresh_kills = killer.kills;
    const double fresh_seconds = seconds_since(fresh_start);
    // A finished fresh build clears what the killed ones left beside the database.
    BOOST_REQUIRE_EQUAL(wait_for(spawn(index_args(db, src, {"--rebuild"}))), 0);
    built = true;
    BOOST_TEST(leftovers_beside(db).empty(), leftovers_beside(db));
    move_folders(later, src, 10, kArticles / 100);
    const int partial = kill_updates(killer, dir, db, wanted, scale);
    BOOST_TEST(killer.kills == wanted);
    BOOST_TEST(late > 0, "no kill landed on a compaction or swap");
    BOOST_TEST(partial > 0, "no kill landed after a commit");

    const auto finish = run(bin("gazette-index") + " --quiet --db " + quote(db.string()) + " " +
                            quote(src.string()) + " 2>&1");
    BOOST_TEST(finish.status == 0, finish.out);
    BOOST_TEST(finish.out.find("failed 0") != std::string::npos, finish.out);
    fleet.stop();
    fleet.check();
    BOOST_REQUIRE_EQUAL(index_now(dir.path / "clean", src), 0);
    check_same(snapshot(db), snapshot(dir.path / "clean"));
    BOOST_TEST_MESSAGE(killer.kills << " kills survived (" << fresh_kills << " on fresh builds, "
                                    << late << " of them in compaction or swap; "
                                    << killer.kills - fresh_kills << " on updates, " << partial
                                    << " after a commit) in " << seconds_since(test_start)
                                    << " s (fresh builds " << fresh_seconds << " s; a build of "
                                    << "the first 1,000 articles " << scale << " s)");
}

BOOST_AUTO_TEST_CASE(second_indexer_is_told_the_database_is_locked_and_exits_2) {
    test::TempDir dir;
    write_corpus(dir, 0, 1000);
    const fs::path src = dir.path / "src", db = dir.path / "db";
    Piped first(index_args(db, src, {"-v"}));
    // Its first file indexed: it holds the lock. Stopped there, it can't finish
    // before the second has tried.
    BOOST_REQUIRE_MESSAGE(first.wait_for_line("indexed "), first.said());
    kill(first.pid(), SIGSTOP);
    const auto second = run(bin("gazette-index") + " --quiet --db " + quote(db.string()) + " " +
                            quote(src.string()) + " 2>&1");
    kill(first.pid(), SIGCONT);
    BOOST_TEST(second.status == 2, second.out);
    BOOST_TEST(second.out.find("locked by another indexer") != std::string::npos, second.out);
    BOOST_TEST(first.finish() == 0, first.said());
}

BOOST_AUTO_TEST_CASE(searchers_never_fail_while_the_indexer_commits) {
    test::TempDir dir;
    write_corpus(dir, 0, 500);
    const fs::path src = dir.path / "src", db = dir.path / "db";
    BOOST_REQUIRE_EQUAL(index_now(db, src), 0);

    std::atomic<bool> stop = false;
    std::atomic<int> searches = 0, process_searches = 0;
    std::vector<std::string> failures;  // written by the searcher threads only before join
    std::mutex failures_mutex;
    auto fail = [&](const std::string& what) {
        std::lock_guard lock(failures_mutex);
        failures.push_back(what);
    };

    // A long-lived searcher, as a server would keep: it must reopen, not fail,
    // when commits overtake the revision it opened.
    std::thread in_process([&] {
        try {
            Searcher searcher({db.string()});
            SearchRequest request;
            request.query = "harbor council";
            request.facets = {"year"};
            while (!stop) {
                if (searcher.search(request).total == 0) fail("in-process search found nothing");
                ++searches;
            }
        } catch (const std::exception& e) {
            fail(std::string("in-process searcher: ") + e.what());
        }
    });
    // Fresh gazette-search processes opening the database mid-commit.
    std::thread processes([&] {
        while (!stop) {
            const auto r = run(bin("gazette-search") + " --format json -n 5 --db " +
                               quote(db.string()) + " 'ferry OR tram' 2>&1");
            try {
                if (r.status != 0 || !nlohmann::json::parse(r.out).contains("hits"))
                    fail("gazette-search: " + r.out);
            } catch (const std::exception&) {
                fail("gazette-search printed invalid JSON: " + r.out);
            }
            ++process_searches;
        }
    });

    // Runs that add, change and delete files: every one commits at least once.
    for (size_t batch = 1; batch <= 4; ++batch) {
        write_corpus(dir, batch * 500, 500);
        BOOST_TEST(index_now(db, src) == 0);
    }
    write_corpus(dir, 0, 1000, 99);  // new text, same names: updates
    BOOST_TEST(index_now(db, src) == 0);
    for (size_t i = 0; i < 500; ++i)
        fs::remove(src / ("d" + std::to_string(i / 100)) / ("a" + std::to_string(i) + ".txt"));
    BOOST_TEST(index_now(db, src) == 0);

    stop = true;
    in_process.join();
    processes.join();
    BOOST_TEST_MESSAGE(searches << " in-process and " << process_searches
                                << " gazette-search searches during indexing");
    BOOST_TEST(searches > 0);
    BOOST_TEST(process_searches > 0);
    BOOST_TEST(failures.empty(), (failures.empty() ? "" : failures.front()));
    BOOST_TEST(Xapian::Database(db.string()).get_doccount() == 2000u);
}
