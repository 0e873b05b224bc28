// The cap on concurrent searches (searcher/cgi_limit): where it is configured
// and how its slots are taken, given back and freed by a process's death.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <thread>

#include "cgi_limit.h"
#include "temp_dir.h"

using namespace gazette;
using namespace gazette::cgi;

namespace {

std::vector<ConfigEntry> config(const std::string& text) {
    return parse_config(text, "gazette.conf");
}

bool throws_config_error(const std::vector<ConfigEntry>& entries,
                         const std::map<std::string, std::string>& env) {
    try {
        read_limits(entries, env);
    } catch (const ConfigError&) {
        return true;
    }
    return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(max_concurrent_defaults_to_two_per_core) {
    const Limits limits = read_limits({}, {});
    BOOST_TEST(limits.max_concurrent == 2 * std::max(1u, std::thread::hardware_concurrency()));
    BOOST_TEST(limits.run_dir == default_run_dir());
    BOOST_TEST(default_run_dir().filename().string() == "gazette.cgi-" + std::to_string(geteuid()));
}

BOOST_AUTO_TEST_CASE(max_concurrent_and_run_dir_come_from_the_cgi_section_only) {
    const Limits cgi = read_limits(
        config("[cgi]\nmax-concurrent = 3\nrun-dir = /run/gazette\nmax-concurrent = 7\n"), {});
    BOOST_TEST(cgi.max_concurrent == 7u);
    BOOST_TEST(cgi.run_dir == "/run/gazette");
    const Limits elsewhere =
        read_limits(config("max-concurrent = 3\n[search]\nmax-concurrent = 9\n"), {});
    BOOST_TEST(elsewhere.max_concurrent == default_max_concurrent());
}

BOOST_AUTO_TEST_CASE(the_environment_wins_over_config_files) {
    const Limits limits =
        read_limits(config("[cgi]\nmax-concurrent = 7\nrun-dir = /run/a\n"),
                    {{"GAZETTE_MAX_CONCURRENT", "0"}, {"GAZETTE_RUN_DIR", "/run/b"}});
    BOOST_TEST(limits.max_concurrent == 0u);
    BOOST_TEST(limits.run_dir == "/run/b");
}

BOOST_AUTO_TEST_CASE(bad_values_are_config_errors) {
    for (const char* value : {"-1", "ten", "4x", "", "100001", "99999999999999999999"})
        BOOST_TEST(throws_config_error(config(std::string("[cgi]\nmax-concurrent = ") + value), {}),
                   value);
    BOOST_TEST(throws_config_error({}, {{"GAZETTE_MAX_CONCURRENT", "many"}}));
    BOOST_TEST(throws_config_error(config("[cgi]\nrun-dir = relative/dir"), {}));
    BOOST_TEST(throws_config_error({}, {{"GAZETTE_RUN_DIR", "run"}}));
}

BOOST_AUTO_TEST_CASE(slots_are_taken_until_none_is_left) {
    test::TempDir dir;
    const auto run = dir.path / "run";
    auto first = Slot::take(run, 2);
    auto second = Slot::take(run, 2);
    BOOST_TEST(first.has_value());
    BOOST_TEST(second.has_value());
    BOOST_TEST(!Slot::take(run, 2).has_value());
    struct stat st {};
    BOOST_REQUIRE(stat(run.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0700u);
}

BOOST_AUTO_TEST_CASE(a_slot_given_back_can_be_taken_again) {
    test::TempDir dir;
    auto held = Slot::take(dir.path, 1);
    BOOST_REQUIRE(held.has_value());
    BOOST_TEST(!Slot::take(dir.path, 1).has_value());
    held.reset();
    BOOST_TEST(Slot::take(dir.path, 1).has_value());
}

BOOST_AUTO_TEST_CASE(a_slot_is_freed_when_its_process_is_killed) {
    test::TempDir dir;
    int ready[2];
    BOOST_REQUIRE(pipe(ready) == 0);
    const pid_t child = fork();
    if (child == 0) {
        auto slot = Slot::take(dir.path, 1);
        const char held = slot ? 'y' : 'n';
        (void)!write(ready[1], &held, 1);
        pause();  // until killed, holding the slot
        _exit(0);
    }
    close(ready[1]);
    char held = 0;
    BOOST_REQUIRE(read(ready[0], &held, 1) == 1);
    close(ready[0]);
    BOOST_REQUIRE(held == 'y');
    BOOST_TEST(!Slot::take(dir.path, 1).has_value());
    kill(child, SIGKILL);
    waitpid(child, nullptr, 0);
    BOOST_TEST(Slot::take(dir.path, 1).has_value());
}

BOOST_AUTO_TEST_CASE(a_run_dir_others_could_tamper_with_is_refused) {
    test::TempDir dir;
    std::filesystem::create_directory(dir.path / "real");
    std::filesystem::create_directory_symlink(dir.path / "real", dir.path / "link");
    BOOST_CHECK_THROW(Slot::take(dir.path / "link", 2), std::runtime_error);
    std::filesystem::create_directory(dir.path / "open");
    chmod((dir.path / "open").c_str(), 0777);
    BOOST_CHECK_THROW(Slot::take(dir.path / "open", 2), std::runtime_error);
    dir.write("file", "x");
    BOOST_CHECK_THROW(Slot::take(dir.path / "file", 2), std::runtime_error);
}
