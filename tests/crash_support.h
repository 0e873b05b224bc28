// What the crash and disk-full suites share: a seeded generated corpus, the
// real gazette-index started as a child process, and comparisons of whole
// databases (what a search can see of them) with a clean build.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "article.h"
#include "manifest.h"
#include "run_command.h"
#include "schema.h"
#include "stored.h"
#include "temp_dir.h"

extern char** environ;

namespace gazette::test {

using Clock = std::chrono::steady_clock;

inline void sleep_for(double seconds) {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

inline double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Writes `count` small articles, seeded so every run of a test sees the same
// corpus, as src/d<N>/a<i>.txt with 100 articles a folder (numbered from `first`).
inline void write_corpus(const TempDir& dir, size_t first, size_t count, unsigned seed = 7) {
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

// Moves write_corpus's folders d<first>..d<last - 1> from one source folder to another.
inline void move_folders(const std::filesystem::path& from, const std::filesystem::path& to,
                         size_t first, size_t last) {
    std::filesystem::create_directories(to);
    for (size_t d = first; d < last; ++d)
        std::filesystem::rename(from / ("d" + std::to_string(d)), to / ("d" + std::to_string(d)));
}

// Starts a program with its output in `log` (thrown away by default); returns its pid.
inline pid_t spawn(const std::vector<std::string>& args, const std::string& log = "/dev/null") {
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

// A program whose output (stdout and stderr) the test reads as it comes, to
// act on what it says rather than on how long it has run.
class Piped {
  public:
    explicit Piped(const std::vector<std::string>& args) {
        int fds[2];
        BOOST_REQUIRE(pipe(fds) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
        posix_spawn_file_actions_addclose(&actions, fds[1]);
        std::vector<char*> argv;
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        const int error = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        close(fds[1]);
        from_ = fdopen(fds[0], "r");
        BOOST_REQUIRE_EQUAL(error, 0);
    }
    // Not finished: the test stopped early, so the program goes too (even if stopped).
    ~Piped() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            finish();
        }
        fclose(from_);
    }
    Piped(const Piped&) = delete;
    Piped& operator=(const Piped&) = delete;

    pid_t pid() const { return pid_; }
    const std::string& said() const { return said_; }

    // Reads until a line holding `part`; whether one came before the output ended.
    bool wait_for_line(const std::string& part) {
        for (std::string line; read_line(line);)
            if (line.find(part) != std::string::npos) return true;
        return false;
    }

    // Reads the rest of the output and returns the exit code (-signal when killed).
    int finish() {
        for (std::string line; read_line(line);) {
        }
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }

  private:
    bool read_line(std::string& line) {
        char* buffer = nullptr;
        size_t size = 0;
        const bool got = getline(&buffer, &size, from_) > 0;
        line = got ? buffer : "";
        free(buffer);
        said_ += line;
        return got;
    }

    pid_t pid_ = -1;
    FILE* from_ = nullptr;
    std::string said_;
};

// Exit code, or -signal when killed.
inline int wait_for(pid_t pid) {
    int status = 0;
    BOOST_REQUIRE_EQUAL(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// Whether `pid` has exited (it is left for wait_for to reap).
inline bool has_exited(pid_t pid) {
    siginfo_t info{};
    return waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
}

inline std::vector<std::string> index_args(const std::filesystem::path& db,
                                           const std::filesystem::path& src,
                                           std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {bin("gazette-index"), "--quiet", "-j", "2", "--db",
                                     db.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(src.string());
    return args;
}

inline int index_now(const std::filesystem::path& db, const std::filesystem::path& src) {
    return wait_for(spawn(index_args(db, src)));
}

// Everything a search can see of one database: per id term, the document's
// terms with their wdf, its values and its stored article (decoded: databases
// built in different steps train different compression dictionaries).
struct Snapshot {
    std::map<std::string, std::string> docs;  // id term -> canonical dump
    size_t doc_count = 0;
};

inline std::string dump_document(const Xapian::Document& doc, const StoredCodec& codec) {
    std::string dump;
    for (auto d = doc.termlist_begin(); d != doc.termlist_end(); ++d)
        dump += *d + ':' + std::to_string(d.get_wdf()) + ' ';
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
        dump += std::to_string(v.get_valueno()) + '=' + *v + ' ';
    const Article a = codec.decode(doc.get_data());
    for_each_field(a, [&](const std::string& field) { dump += '|' + field; });
    return dump;
}

inline Snapshot snapshot(const std::filesystem::path& path) {
    Xapian::Database db(path.string());
    Snapshot s;
    s.doc_count = db.get_doccount();
    const StoredCodec codec(db.get_metadata(schema::kDictionaryKey));
    const std::string prefix(schema::kId);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        BOOST_TEST_REQUIRE(t.get_termfreq() == 1u, "duplicate articles for " << *t);
        s.docs[*t] = dump_document(db.get_document(*db.postlist_begin(*t)), codec);
    }
    return s;
}

// What must hold after any interruption: the database opens, no article is
// there twice, and the file records committed with the articles account for
// them all. Returns the number of articles committed.
inline size_t check_consistent(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) return 0;  // stopped before it was created
    Xapian::Database db(path.string());
    const std::string prefix(schema::kId);
    size_t ids = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t, ++ids)
        BOOST_TEST_REQUIRE(t.get_termfreq() == 1u, "duplicate articles for " << *t);
    BOOST_TEST(ids == db.get_doccount());
    size_t recorded = 0;
    const std::string records(schema::kFileKeyPrefix);
    for (auto k = db.metadata_keys_begin(records); k != db.metadata_keys_end(records); ++k)
        if (const auto r = decode_record(db.get_metadata(*k))) recorded += r->articles;
    BOOST_TEST(recorded == db.get_doccount());
    return db.get_doccount();
}

inline void check_same(const Snapshot& got, const Snapshot& want) {
    BOOST_TEST(got.doc_count == want.doc_count);
    BOOST_REQUIRE_EQUAL(got.docs.size(), want.docs.size());
    size_t differ = 0;
    for (const auto& [id, dump] : want.docs) {
        const auto it = got.docs.find(id);
        if (it == got.docs.end() || it->second != dump) ++differ;
    }
    BOOST_TEST(differ == 0u, differ << " documents differ from the clean build");
}

}  // namespace gazette::test
