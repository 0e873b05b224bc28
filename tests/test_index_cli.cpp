// gazette-index as a new user runs it, with the ordinary mistakes people
// make: a mistyped folder, a second folder, files of the same name, the
// same source ids in two files, a trailing slash, a database inside the
// folder, a link out of it, a file that blocks, a rewrite that keeps mtime,
// two writers at once, a database that can't be written. None of them may
// lose an article or hang.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "crash_support.h"
#include "run_command.h"
#include "skip.h"
#include "small_disk.h"
#include "temp_dir.h"
#include "test_support.h"

using namespace gazette;
using namespace gazette::test;
namespace fs = std::filesystem;

namespace {

// A run may never hang: anything still going after this is a failure.
const std::string kTimeout = "timeout -k 5 120 ";

std::string story(const std::string& headline, const std::string& body) {
    return headline + "\n\n" + body + "\n";
}

struct Folders {
    TempDir dir;
    fs::path db = dir.path / "news-db";

    Output index(const std::string& arguments, const std::string& db_location = "") const {
        return run(kTimeout + bin("gazette-index") + " -j 2 --db " +
                   quote(db_location.empty() ? db.string() : db_location) + " " + arguments +
                   " 2>&1");
    }
    std::string path(const std::string& rel) const { return quote((dir.path / rel).string()); }
    nlohmann::json search(const std::string& query, const std::string& extra = "") const {
        const auto r = run(bin("gazette-search") + " --format json -n 100 " + extra + " --db " +
                           quote(db.string()) + " " + quote(query));
        BOOST_REQUIRE_EQUAL(r.status, 0);
        return nlohmann::json::parse(r.out);
    }
    std::set<std::string> ids(const std::string& query) const {
        std::set<std::string> out;
        const nlohmann::json found = search(query, "--no-collapse");
        for (const auto& hit : found["hits"]) out.insert(hit["id"]);
        return out;
    }
    size_t count() const { return search("story OR harbor OR tram", "--no-collapse")["total"]; }
};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Runs a command as an unprivileged user when the tests run as root (root
// reads and writes anything, so permissions can't be tested as root).
std::string unprivileged(const std::string& command) {
    return getuid() == 0 ? "setpriv --reuid=nobody --regid=nogroup --clear-groups " + command
                         : command;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_mistyped_folder_exits_2_and_deletes_nothing, Folders) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    dir.write("bbc/b.txt", story("Tram opens", "Line 3 opened."));
    BOOST_REQUIRE_EQUAL(index(path("bbc")).status, 0);
    const auto r = index(path("bbcc"));
    BOOST_TEST(r.status == 2, r.out);
    BOOST_TEST(has(r.out, "bbcc: No such file or directory"), r.out);
    BOOST_TEST(has(r.out, "nothing to index"), r.out);
    BOOST_TEST(count() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_second_folder_keeps_the_first, Folders) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    dir.write("reuters/b.txt", story("Tram opens", "Line 3 opened."));
    BOOST_REQUIRE_EQUAL(index(path("bbc")).status, 0);
    const auto r = index(path("reuters"));
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "articles: 2 stored"), r.out);
    BOOST_TEST(ids("harbor OR tram") == (std::set<std::string>{"bbc/a.txt", "reuters/b.txt"}));
    const auto roots = index("--roots");
    BOOST_TEST(has(roots.out, "bbc"), roots.out);
    BOOST_TEST(has(roots.out, "reuters"), roots.out);
}

BOOST_FIXTURE_TEST_CASE(files_of_the_same_name_in_two_folders_are_two_articles, Folders) {
    dir.write("bbc/business/001.txt", story("Harbor vote", "The council voted."));
    dir.write("bbc/sport/001.txt", story("Tram cup", "The tram team won."));
    const auto first = index(path("bbc/business") + " " + path("bbc/sport"));
    BOOST_TEST(first.status == 0, first.out);
    BOOST_TEST(has(first.out, "added 2,"), first.out);
    BOOST_TEST(has(first.out, "articles: 2 stored"), first.out);
    const auto again = index(path("bbc/business") + " " + path("bbc/sport"));
    BOOST_TEST(has(again.out, "unchanged 2"), again.out);
    BOOST_TEST(ids("harbor OR tram") ==
               (std::set<std::string>{"business/001.txt", "sport/001.txt"}));
}

BOOST_FIXTURE_TEST_CASE(a_run_with_no_folder_reindexes_every_recorded_one, Folders) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    dir.write("reuters/b.txt", story("Tram opens", "Line 3 opened."));
    BOOST_REQUIRE_EQUAL(index(path("bbc") + " " + path("reuters")).status, 0);
    dir.write("reuters/c.txt", story("Ferry story", "The ferry was late."));
    const auto r = index("");  // the everyday cron line
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "added 1,"), r.out);
    BOOST_TEST(count() == 3u);
}

BOOST_FIXTURE_TEST_CASE(one_source_id_in_two_files_survives_the_deletion_of_one, Folders) {
    dir.write("feeds/a.jsonl", R"({"id": "x1", "headline": "Harbor story", "body": "A."})"
                               "\n"
                               R"({"id": "x2", "headline": "Tram story", "body": "A."})"
                               "\n");
    dir.write("feeds/b.jsonl", R"({"id": "x1", "headline": "Harbor story", "body": "B."})"
                               "\n");
    BOOST_REQUIRE_EQUAL(index(path("feeds")).status, 0);
    BOOST_TEST(count() == 3u);
    fs::remove(dir.path / "feeds/b.jsonl");
    const auto r = index(path("feeds"));
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(ids("harbor") == (std::set<std::string>{"feeds/a.jsonl#x1"}));
    BOOST_TEST(has(index(path("feeds")).out, "unchanged 1"));
}

BOOST_FIXTURE_TEST_CASE(a_trailing_slash_names_the_same_database, Folders) {
    dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    const std::string slashed = db.string() + "/";
    for (const char* run : {"", "--rebuild", "--shards 2", "--compact"}) {
        const auto r =
            index(std::string(run) + (has(run, "compact") ? "" : " " + path("src")), slashed);
        BOOST_TEST(r.status == 0, run << ": " << r.out);
    }
    BOOST_TEST(count() == 1u);
    for (const auto& entry : fs::directory_iterator(db))
        BOOST_TEST(!entry.path().filename().string().starts_with("."), entry.path());
    for (const auto& entry : fs::directory_iterator(dir.path))
        BOOST_TEST(!entry.path().filename().string().ends_with(".rebuild"), entry.path());
}

BOOST_FIXTURE_TEST_CASE(a_database_inside_the_folder_is_not_indexed, Folders) {
    dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    const std::string inside = (dir.path / "src" / "db").string();
    BOOST_REQUIRE_EQUAL(index(path("src"), inside).status, 0);
    const auto again = index(path("src"), inside);
    BOOST_TEST(again.status == 0, again.out);
    BOOST_TEST(has(again.out, "added 0, updated 0, deleted 0, unchanged 1"), again.out);
}

BOOST_FIXTURE_TEST_CASE(links_out_of_the_folder_are_not_indexed_or_shown, Folders) {
    dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    dir.write("private/notes.txt", story("Harbor secret", "Never to be published."));
    fs::create_symlink(dir.path / "private/notes.txt", dir.path / "src/x.txt");
    fs::create_symlink("/etc/shadow", dir.path / "src/shadow.txt");
    const auto r = index(path("src"));
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "x.txt: a link leading out of the indexed folders"), r.out);
    BOOST_TEST(has(r.out, "shadow.txt: a link leading out of the indexed folders"), r.out);
    BOOST_TEST(ids("harbor") == (std::set<std::string>{"src/a.txt"}));
}

BOOST_FIXTURE_TEST_CASE(a_kernel_file_that_would_block_is_refused_at_once, Folders) {
    const auto r = index("/proc/kmsg");
    BOOST_TEST(r.status == 2, r.out);  // not 124: it never blocked
    BOOST_TEST(has(r.out, "kernel file system"), r.out);
}

BOOST_FIXTURE_TEST_CASE(a_rewrite_that_keeps_size_and_mtime_is_reindexed, Folders) {
    const fs::path a = dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    BOOST_REQUIRE_EQUAL(index(path("src")).status, 0);
    const fs::path b = dir.write("b.txt", story("Harbor veto", "The council vetoed."));
    BOOST_REQUIRE_EQUAL(run("cp " + quote(b.string()) + " " + quote(a.string()) + " && touch -r " +
                            quote(b.string()) + " " + quote(a.string()))
                            .status,
                        0);
    const auto r = index(path("src"));
    BOOST_TEST(has(r.out, "updated 1"), r.out);
    BOOST_TEST(search("veto")["total"] == 1);
}

BOOST_FIXTURE_TEST_CASE(an_emptied_folder_keeps_its_articles_until_told, Folders) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    dir.write("bbc/b.txt", story("Tram opens", "Line 3 opened."));
    BOOST_REQUIRE_EQUAL(index(path("bbc")).status, 0);
    fs::remove(dir.path / "bbc/a.txt");
    fs::remove(dir.path / "bbc/b.txt");  // an unmounted disk looks the same
    const auto held = index(path("bbc"));
    BOOST_TEST(held.status == 1, held.out);
    BOOST_TEST(has(held.out, "nothing was deleted"), held.out);
    BOOST_TEST(has(held.out, "--allow-mass-delete"), held.out);
    BOOST_TEST(count() == 2u);
    const auto told = index("--allow-mass-delete " + path("bbc"));
    BOOST_TEST(told.status == 0, told.out);
    BOOST_TEST(has(told.out, "deleted 2"), told.out);
}

BOOST_FIXTURE_TEST_CASE(forget_removes_a_folder_and_its_articles_on_purpose, Folders) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    dir.write("reuters/b.txt", story("Tram opens", "Line 3 opened."));
    BOOST_REQUIRE_EQUAL(index(path("bbc") + " " + path("reuters")).status, 0);
    const auto r = index("--forget reuters");
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "1 article removed"), r.out);
    BOOST_TEST(ids("harbor OR tram") == (std::set<std::string>{"bbc/a.txt"}));
    BOOST_TEST(index("--forget reuters").status == 2);
}

BOOST_FIXTURE_TEST_CASE(sharded_and_plain_writers_take_the_same_lock, Folders) {
    write_corpus(dir, 0, 300);
    Piped sharded({bin("gazette-index"), "-v", "--shards", "2", "--db", db.string(),
                   (dir.path / "src").string()});
    // Its first file indexed: it holds the lock; stopped, it holds it until told.
    BOOST_REQUIRE_MESSAGE(sharded.wait_for_line("indexed "), sharded.said());
    kill(sharded.pid(), SIGSTOP);
    for (const char* other : {"", "--rebuild", "--compact", "--forget src"}) {
        const auto r = index(std::string(other) +
                             (has(other, "--") && !has(other, "rebuild") ? "" : " " + path("src")));
        BOOST_TEST(r.status == 2, other << ": " << r.out);
        BOOST_TEST(has(r.out, "locked by another indexer"), other << ": " << r.out);
    }
    kill(sharded.pid(), SIGCONT);
    BOOST_TEST(sharded.finish() == 0, sharded.said());
    BOOST_TEST(count() == 300u);
}

BOOST_FIXTURE_TEST_CASE(an_unwritable_database_is_said_to_be_so_and_wait_does_not_hang, Folders) {
    dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    BOOST_REQUIRE_EQUAL(index(path("src")).status, 0);
    fs::permissions(dir.path, fs::perms::others_read | fs::perms::others_exec,
                    fs::perm_options::add);
    if (getuid() != 0) fs::permissions(db, fs::perms::owner_write, fs::perm_options::remove);
    for (const char* wait : {"", "--wait "}) {
        const auto r = run(kTimeout +
                           unprivileged(bin("gazette-index") + " -q " + wait + "--db " +
                                        quote(db.string()) + " " + path("src")) +
                           " 2>&1");
        BOOST_TEST(r.status == 2, wait << r.out);
        BOOST_TEST(has(r.out, "Permission denied"), wait << r.out);
        BOOST_TEST(!has(r.out, "locked"), wait << r.out);
    }
    if (getuid() != 0) fs::permissions(db, fs::perms::owner_write, fs::perm_options::add);
}

// Mounted by root: a user namespace would keep unprivileged() from working.
BOOST_FIXTURE_TEST_CASE(a_database_on_a_read_only_file_system_is_said_to_be_so, Folders,
                        *needs([] { return tmpfs_refused(false); })) {
    SmallDisk disk(dir.path / "disk", 8 << 20);
    dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    const std::string on_disk = (disk.path() / "db").string();
    BOOST_REQUIRE_EQUAL(index(path("src"), on_disk).status, 0);
    disk.make_read_only();
    const auto r = index(path("src"), on_disk);
    BOOST_TEST(r.status == 2, r.out);
    BOOST_TEST(has(r.out, "Read-only file system"), r.out);
    BOOST_TEST(!has(r.out, "locked"), r.out);
}

BOOST_FIXTURE_TEST_CASE(an_unreadable_folder_keeps_its_articles_and_exits_1, Folders) {
    dir.write("src/news/a.txt", story("Harbor vote", "The council voted."));
    dir.write("src/sport/b.txt", story("Tram cup", "The tram team won."));
    // The unprivileged user owns everything, as the indexer's user would.
    BOOST_REQUIRE_EQUAL(run("chown -R nobody:nogroup " + quote(dir.path.string()) +
                            " 2>/dev/null || test $(id -u) != 0")
                            .status,
                        0);
    const std::string command =
        kTimeout +
        unprivileged(bin("gazette-index") + " -q --db " + quote(db.string()) + " " + path("src")) +
        " 2>&1";
    BOOST_REQUIRE_EQUAL(run(command).status, 0);
    fs::permissions(dir.path / "src/sport", fs::perms::none);
    const auto r = run(command);
    fs::permissions(dir.path / "src/sport", fs::perms::owner_all);
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(has(r.out, "src/sport: could not be read"), r.out);
    BOOST_TEST(has(r.out, "its 1 article is kept"), r.out);
    BOOST_TEST(count() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_database_of_the_old_id_scheme_is_rebuilt_in_one_command, Folders) {
    dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    {
        Xapian::WritableDatabase old(db.string(), Xapian::DB_CREATE);
        old.set_metadata("gazette.version", "2");
        old.add_document(Xapian::Document());
        old.commit();
    }
    const auto r = index(path("src"));
    BOOST_TEST(r.status == 2, r.out);
    BOOST_TEST(has(r.out, "--rebuild"), r.out);
    const auto searched = run(bin("gazette-search") + " --db " + quote(db.string()) + " x 2>&1");
    BOOST_TEST(searched.status == 2);
    BOOST_TEST(has(searched.out, "rebuild"), searched.out);
    BOOST_TEST(index("--rebuild " + path("src")).status == 0);
    BOOST_TEST(count() == 1u);
}
