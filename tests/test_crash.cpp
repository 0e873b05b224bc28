// Crash safety and concurrency of the real gazette-index: killed with SIGKILL
// at random moments it leaves a database that opens and that the next run
// completes into exactly what a clean build makes; a second indexer is told
// the database is locked; searchers running beside it never fail.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "manifest.h"
#include "run_command.h"
#include "schema.h"
#include "search.h"
#include "stored.h"
#include "temp_dir.h"
#include "test_support.h"

using namespace gazette;
using test::bin;
using test::quote;
using test::run;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

extern char** environ;

namespace {

constexpr size_t kArticles = 3000;

// Writes `count` small articles, seeded so every run of the test sees the same
// corpus, into `count / 100` folders (numbered from `first`).
void write_corpus(const test::TempDir& dir, size_t first, size_t count, unsigned seed = 7) {
    static const char* const kWords[] = {
        "harbor", "council", "tram",  "ferry", "budget", "school",   "bridge",   "market",
        "storm",  "museum",  "mayor", "river", "police", "hospital", "festival", "library",
        "vote",   "plan",    "road",  "rail",  "water",  "housing",  "park",     "election"};
    std::mt19937 rng(seed + static_cast<unsigned>(first));
    auto word = [&] { return std::string(kWords[rng() % std::size(kWords)]); };
    for (size_t i = first; i < first + count; ++i) {
        std::string text = "Story " + std::to_string(i) + ": " + word() + " " + word() + "\n\n";
        for (int w = 0; w < 60; ++w) text += word() + (w % 12 == 11 ? ".\n" : " ");
        dir.write("src/d" + std::to_string(i / 100) + "/a" + std::to_string(i) + ".txt", text);
    }
}

// Starts a program with its output in `log` (thrown away by default); returns its pid.
pid_t spawn(const std::vector<std::string>& args, const std::string& log = "/dev/null") {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    BOOST_REQUIRE_EQUAL(error, 0);
    return pid;
}

// Exit code, or -signal when killed.
int wait_for(pid_t pid) {
    int status = 0;
    BOOST_REQUIRE_EQUAL(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

std::vector<std::string> index_args(const fs::path& db, const fs::path& src,
                                    std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {bin("gazette-index"), "--quiet", "-j", "2", "--db",
                                     db.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(src.string());
    return args;
}

int index_now(const fs::path& db, const fs::path& src) {
    return wait_for(spawn(index_args(db, src)));
}

// Everything a search can see of one database: per id term, the document's
// terms with their wdf, its values and its stored article (decoded: databases
// built in different steps train different compression dictionaries).
struct Snapshot {
    std::map<std::string, std::string> docs;  // id term -> canonical dump
    size_t doc_count = 0;
};

Snapshot snapshot(const fs::path& path) {
    Xapian::Database db(path.string());
    Snapshot s;
    s.doc_count = db.get_doccount();
    const StoredCodec codec(db.get_metadata(schema::kDictionaryKey));
    const std::string prefix(schema::kId);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        BOOST_TEST_REQUIRE(t.get_termfreq() == 1u, "duplicate articles for " << *t);
        const Xapian::Document doc = db.get_document(*db.postlist_begin(*t));
        std::string dump;
        for (auto d = doc.termlist_begin(); d != doc.termlist_end(); ++d)
            dump += *d + ':' + std::to_string(d.get_wdf()) + ' ';
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
            dump += std::to_string(v.get_valueno()) + '=' + *v + ' ';
        const Article a = codec.decode(doc.get_data());
        for (const std::string* field : {&a.id, &a.path, &a.headline, &a.byline, &a.date,
                                         &a.section, &a.source, &a.url, &a.body})
            dump += '|' + *field;
        s.docs[*t] = dump;
    }
    return s;
}

// What must hold after any kill: the database opens, no article is there
// twice, and the file records committed with the articles account for them all.
// Returns the number of articles committed.
size_t check_consistent(const fs::path& path) {
    if (!fs::exists(path)) return 0;  // killed before it was created
    const Snapshot s = snapshot(path);
    BOOST_TEST(s.docs.size() == s.doc_count);
    Xapian::Database db(path.string());
    size_t recorded = 0;
    for (auto k = db.metadata_keys_begin(kManifestPrefix);
         k != db.metadata_keys_end(kManifestPrefix); ++k)
        if (const auto r = decode_record(db.get_metadata(*k))) recorded += r->articles;
    BOOST_TEST(recorded == s.doc_count);
    return s.doc_count;
}

void check_same(const Snapshot& got, const Snapshot& want) {
    BOOST_TEST(got.doc_count == want.doc_count);
    BOOST_REQUIRE_EQUAL(got.docs.size(), want.docs.size());
    size_t differ = 0;
    for (const auto& [id, dump] : want.docs) {
        const auto it = got.docs.find(id);
        if (it == got.docs.end() || it->second != dump) ++differ;
    }
    BOOST_TEST(differ == 0u, differ << " documents differ from the clean build");
}

void sleep_for(double seconds) {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Waits until a file appears (the first indexer has opened its database).
bool wait_for_file(const fs::path& file, double seconds) {
    const auto start = Clock::now();
    while (!fs::exists(file))
        if (seconds_since(start) > seconds)
            return false;
        else
            sleep_for(0.005);
    return true;
}

// Articles committed to the database at `path` so far (0 while it is being made).
size_t committed_now(const fs::path& path) {
    try {
        return fs::exists(path / "iamglass") ? Xapian::Database(path.string()).get_doccount() : 0;
    } catch (const Xapian::Error&) {
        return 0;
    }
}

// Waits until the indexer `pid` has committed more than `committed` articles
// or has exited (left for the caller to reap).
void wait_for_commit(const fs::path& db, size_t committed, pid_t pid) {
    const auto start = Clock::now();
    while (committed_now(db) <= committed && seconds_since(start) < 60) {
        siginfo_t info{};
        if (waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
            return;
        sleep_for(0.01);
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(sigkill_mid_run_then_rerun_equals_a_clean_build) {
    test::TempDir dir;
    write_corpus(dir, 0, kArticles);
    const fs::path src = dir.path / "src", clean = dir.path / "clean", db = dir.path / "db";

    auto start = Clock::now();
    BOOST_REQUIRE_EQUAL(index_now(clean, src), 0);
    const double full = seconds_since(start);
    BOOST_TEST_MESSAGE("clean build of " << kArticles << " articles: " << full << " s");

    std::mt19937 rng(2025);
    std::uniform_real_distribution<double> share(0.1, 0.75);
    constexpr int kKills = 6;
    int killed = 0;
    size_t committed = 0;
    bool partial = false;  // some kill left part of the work committed
    // One indexer run, killed `delay` seconds in (or after its next commit
    // and then `delay`), and what it left checked.
    auto round = [&](double delay, bool after_commit) {
        const std::string log = (dir.path / "log").string();
        const pid_t pid = spawn(index_args(db, src), log);
        if (after_commit) wait_for_commit(db, committed, pid);
        sleep_for(delay);
        kill(pid, SIGKILL);
        const int status = wait_for(pid);
        killed += status == -SIGKILL;
        BOOST_TEST((status == -SIGKILL || status == 0),
                   "status " << status << '\n'
                             << test::read_file(log).substr(0, 2000));
        committed = check_consistent(db);
        BOOST_TEST_MESSAGE((status == 0 ? "finished, " : "killed, ")
                           << committed << " articles committed");
        partial = partial || (committed > 0 && committed < kArticles);
    };

    // A first build (which may write shards and swap them in at the end) is
    // killed on the first third of the corpus, then let finish...
    const fs::path later = dir.path / "later";
    fs::create_directories(later);
    for (size_t d = 10; d < kArticles / 100; ++d)
        fs::rename(src / ("d" + std::to_string(d)), later / ("d" + std::to_string(d)));
    for (int r = 0; r < 2; ++r) round(share(rng) * full / 3, false);
    BOOST_REQUIRE_EQUAL(index_now(db, src), 0);
    committed = check_consistent(db);
    // ...then incremental runs adding the rest, committing every 1,000
    // articles, are killed at seeded random moments, every other one just
    // after a commit. Each picks up where the last commit left off; runs that
    // finish before the kill do not count.
    for (const auto& entry : fs::directory_iterator(later))
        fs::rename(entry.path(), src / entry.path().filename());
    for (int r = 0; killed < kKills && r < 3 * kKills; ++r) {
        const double left =
            std::max(0.2, static_cast<double>(kArticles - committed) / kArticles) * full;
        const bool after_commit = r % 2 == 1 && committed + 1000 < kArticles;
        round(share(rng) * (after_commit ? left / 4 : left), after_commit);
    }
    BOOST_TEST(killed == kKills);
    BOOST_TEST(partial);

    const auto finish = run(bin("gazette-index") + " --quiet --db " + quote(db.string()) + " " +
                            quote(src.string()) + " 2>&1");
    BOOST_TEST(finish.status == 0, finish.out);
    BOOST_TEST(finish.out.find("failed 0") != std::string::npos, finish.out);
    check_same(snapshot(db), snapshot(clean));
}

BOOST_AUTO_TEST_CASE(sigkill_during_rebuild_keeps_the_old_database_whole) {
    test::TempDir dir;
    write_corpus(dir, 0, kArticles / 2);
    const fs::path src = dir.path / "src", db = dir.path / "db";
    auto start = Clock::now();
    BOOST_REQUIRE_EQUAL(index_now(db, src), 0);
    const double full = seconds_since(start);
    const Snapshot before = snapshot(db);

    std::mt19937 rng(7);
    std::uniform_real_distribution<double> moment(0.1 * full, 0.9 * full);
    for (int round = 0; round < 3; ++round) {
        const pid_t pid = spawn(index_args(db, src, {"--rebuild"}));
        sleep_for(moment(rng));
        kill(pid, SIGKILL);
        wait_for(pid);
        check_same(snapshot(db), before);  // the live database was never touched
    }
    BOOST_REQUIRE_EQUAL(wait_for(spawn(index_args(db, src, {"--rebuild"}))), 0);
    check_same(snapshot(db), before);
    BOOST_TEST(!fs::exists(db.string() + ".rebuild"));
}

BOOST_AUTO_TEST_CASE(second_indexer_is_told_the_database_is_locked_and_exits_2) {
    test::TempDir dir;
    write_corpus(dir, 0, kArticles);
    const fs::path src = dir.path / "src", db = dir.path / "db";
    const pid_t first = spawn(index_args(db, src));
    // Xapian makes flintlock when it takes the lock.
    BOOST_REQUIRE(wait_for_file(db / "flintlock", 30));
    const auto second = run(bin("gazette-index") + " --quiet --db " + quote(db.string()) + " " +
                            quote(src.string()) + " 2>&1");
    // Only meaningful if the first is still at work: it has 3,000 files to do.
    int status = 0;
    BOOST_TEST(waitpid(first, &status, WNOHANG) == 0, "the first indexer finished too soon");
    BOOST_TEST(second.status == 2, second.out);
    BOOST_TEST(second.out.find("locked by another indexer") != std::string::npos, second.out);
    BOOST_TEST(wait_for(first) == 0);
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
