// gazette-index --watch end to end: the real binary runs as a child process;
// the test waits for what it says on stderr (its "watching" line, then the
// summary of each run), never for a while, and checks with gazette-search
// that a new file is found and a removed one is gone, then stops it with
// SIGTERM.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "run_command.h"
#include "temp_dir.h"

extern char** environ;

using namespace gazette;
using namespace gazette::test;
namespace fs = std::filesystem;

namespace {

// Bounds every wait: a watch that misses a change fails the test, saying so.
constexpr auto kPatience = std::chrono::seconds(120);

// A child process whose stderr is collected line by line as it comes.
class Child {
  public:
    explicit Child(const std::vector<std::string>& args) {
        int fds[2];
        BOOST_REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
        std::vector<char*> argv;
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        const int error = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        BOOST_REQUIRE_EQUAL(error, 0);
        reader_ = std::thread([this, fd = fds[0]] { collect(fd); });
    }
    ~Child() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            exit_code();
        }
        reader_.join();
    }

    // Waits until a line holding `part` has come after the first `after`
    // lines; returns the number of lines then. Fails the test on timeout.
    size_t wait_for(const std::string& part, size_t after = 0) {
        std::unique_lock lock(mutex_);
        const bool seen = changed_.wait_for(lock, kPatience, [&] {
            for (size_t i = after; i < lines_.size(); ++i)
                if (lines_[i].find(part) != std::string::npos) return true;
            return closed_;
        });
        for (size_t i = after; i < lines_.size(); ++i)
            if (lines_[i].find(part) != std::string::npos) return i + 1;
        BOOST_FAIL("gazette-index --watch never said '"
                   << part << "' (" << (seen ? "it ended" : "timed out") << "); it said:\n"
                   << said());
        return 0;
    }

    int exit_code() {
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    void signal(int number) const { ::kill(pid_, number); }
    std::string said() const {
        std::string out;
        for (const std::string& l : lines_) out += l + "\n";
        return out;
    }

  private:
    void collect(int fd) {
        std::string partial;
        char buffer[4096];
        for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) != 0;) {
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) break;
            partial.append(buffer, static_cast<size_t>(n));
            std::lock_guard lock(mutex_);
            for (size_t nl; (nl = partial.find('\n')) != std::string::npos;) {
                lines_.push_back(partial.substr(0, nl));
                partial.erase(0, nl + 1);
            }
            changed_.notify_all();
        }
        ::close(fd);
        std::lock_guard lock(mutex_);
        closed_ = true;
        changed_.notify_all();
    }

    pid_t pid_ = -1;
    std::thread reader_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> lines_;
    bool closed_ = false;
};

size_t found(const fs::path& db, const std::string& query) {
    const auto r = run(bin("gazette-search") + " --format json --db " + quote(db.string()) + " " +
                       quote(query));
    BOOST_REQUIRE_EQUAL(r.status, 0);
    return nlohmann::json::parse(r.out)["total"];
}

}  // namespace

BOOST_AUTO_TEST_CASE(watch_indexes_new_files_drops_removed_ones_and_stops_on_sigterm) {
    TempDir d;
    const fs::path db = d.path / "db";
    d.write("src/keep.txt", "Harbor vote\n\nThe council voted on the harbor.\n");
    d.write("src/sub/old.txt", "Tram opens\n\nLine 3 opened.\n");
    Child watcher({bin("gazette-index"), "-q", "-j", "2", "--watch", "--debounce", "0.2", "--db",
                   db.string(), (d.path / "src").string()});
    size_t seen = watcher.wait_for("watching 2 folders of 1 root");

    d.write("src/sub/new.txt", "Quokka sighted\n\nA quokka was seen by the pier.\n");
    seen = watcher.wait_for("added 1,", seen);
    BOOST_TEST(found(db, "quokka") == 1u, watcher.said());

    fs::create_directories(d.path / "src" / "fresh");  // a folder made now is watched too
    seen = watcher.wait_for("watching 3 folders", seen);
    d.write("src/fresh/walrus.txt", "Walrus visits\n\nA walrus rested on the slipway.\n");
    seen = watcher.wait_for("added 1,", seen);
    BOOST_TEST(found(db, "walrus") == 1u, watcher.said());

    fs::remove(d.path / "src" / "sub" / "new.txt");
    seen = watcher.wait_for("deleted 1,", seen);
    BOOST_TEST(found(db, "quokka") == 0u, watcher.said());

    watcher.signal(SIGTERM);
    watcher.wait_for("stopped watching", seen);
    BOOST_TEST(watcher.exit_code() == 0, watcher.said());
}

BOOST_AUTO_TEST_CASE(watch_with_a_mistyped_folder_exits_2) {
    TempDir d;
    Child watcher({bin("gazette-index"), "--watch", "--db", (d.path / "db").string(),
                   (d.path / "nowhere").string()});
    watcher.wait_for("nothing to index");
    BOOST_TEST(watcher.exit_code() == 2, watcher.said());
}
