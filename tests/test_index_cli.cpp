// gazette-index as a new user runs it, with the ordinary mistakes people
// make: a mistyped folder, a second folder, files of the same name, the
// same source ids in two files, a trailing slash, a database inside the
// folder, a link out of it, a file that blocks, a rewrite that keeps mtime,
// two writers at once, a database that can't be written. None of them may
// lose an article or hang.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
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

// A mistyped --db (or none built yet) given to anything that needs a
// database there is said to be missing, with the database a slip of the
// keyboard away when there is one, and the command that makes one; nothing
// is created for it: no lock file, no empty database.
BOOST_FIXTURE_TEST_CASE(a_mistyped_database_is_said_to_be_missing_and_nothing_is_created, Folders) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    BOOST_REQUIRE_EQUAL(index(path("bbc")).status, 0);
    const fs::path typo = dir.path / "news-bd";
    for (const char* args :
         {"", "--roots", "--stats", "--stats-json", "--forget bbc", "--compact", "--watch"}) {
        const auto r = index(args, typo.string());
        BOOST_TEST(r.status == 2, args << ": " << r.out);
        BOOST_TEST(
            has(r.out, "no database at '" + typo.string() + "'; did you mean --db " + db.string() +
                           "? (create one with: gazette-index --db " + typo.string() + " FOLDER)"),
            args << ": " << r.out);
        for (const auto& entry : fs::directory_iterator(dir.path))
            BOOST_TEST((entry.path().filename() == "bbc" ||
                        entry.path().filename().string().starts_with("news-db")),
                       args << " made " << entry.path());
    }
    // The command given can be pasted as it is, blanks and quotes in the name
    // included; a name far from any database's suggests none.
    const auto odd = index("--roots", (dir.path / "Ann's news").string());
    BOOST_TEST(has(odd.out, "--db '" + dir.path.string() + "/Ann'\\''s news' FOLDER"), odd.out);
    BOOST_TEST(!has(odd.out, "did you mean"), odd.out);
    BOOST_TEST(count() == 1u);
}

// A file given as the database (a slip, or --db and a folder swapped) is
// left as it was, empty or not, with a message saying so; so it is for the
// maintenance commands.
BOOST_FIXTURE_TEST_CASE(a_file_given_as_the_database_is_refused_and_left_alone, Folders) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    for (const std::string& content : {std::string(), std::string("my notes\n")}) {
        const fs::path file = dir.write("notes.txt", content);
        for (const std::string& args : {path("bbc"), std::string("--compact")}) {
            const auto r = index(args, file.string());
            BOOST_TEST(r.status == 2, r.out);
            BOOST_TEST(has(r.out, "is a file, not a database"), r.out);
            BOOST_TEST(fs::is_regular_file(file));
            std::ifstream in(file);
            BOOST_TEST(std::string(std::istreambuf_iterator<char>(in), {}) == content);
        }
    }
}

// A folder of other files, or a link to a disk not mounted, given as the
// database is refused before anything is read, and left as it was (the link
// failed only after the whole build, leaving a copy beside it); an empty
// folder made for the database is where it goes.
BOOST_FIXTURE_TEST_CASE(a_database_path_that_holds_none_is_refused_and_an_empty_folder_used,
                        Folders) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    const fs::path notes = dir.write("notes/today.txt", "my notes\n").parent_path();
    const fs::path link = dir.path / "usb-db";
    fs::create_directory_symlink(dir.path / "not-mounted/db", link);
    for (const std::string& args : {path("bbc"), std::string("--compact")}) {
        const auto r = index(args, notes.string());
        BOOST_TEST(r.status == 2, r.out);
        BOOST_TEST(has(r.out, "is a folder that holds no database"), r.out);
        BOOST_TEST((std::vector<fs::path>(fs::directory_iterator(notes), {}).size() == 1u));
        const auto l = index(args, link.string());
        BOOST_TEST(l.status == 2, l.out);
        BOOST_TEST(has(l.out, "which is not there (a disk not mounted?)"), l.out);
        BOOST_TEST((std::vector<fs::path>(fs::directory_iterator(dir.path), {}).size() == 3u));
    }
    fs::create_directory(db);
    const auto made = index(path("bbc"));
    BOOST_TEST(made.status == 0, made.out);
    BOOST_TEST(count() == 1u);
}

// An article a file holds but that can't be read (a bad JSONL line, one too
// long) is named on stderr, counted as unreadable, and makes the run partial
// (exit 1); the others index. The file is left alone until it changes.
BOOST_FIXTURE_TEST_CASE(an_unreadable_article_in_a_file_makes_the_run_partial, Folders) {
    dir.write("feed/f.jsonl", R"({"id":"1","headline":"Harbor vote","body":"The council voted."}
{"id":"2","headline":"Tram opens",
{"id":"3","headline":"Tram closes","body":"Line 3 closed."}
)");
    auto r = index(path("feed"));
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(has(r.out, "f.jsonl: line 2: invalid JSON"), r.out);
    BOOST_TEST(has(r.out, "2 written, 0 deleted, 1 unreadable"), r.out);
    BOOST_TEST(ids("harbor OR tram") ==
               (std::set<std::string>{"feed/f.jsonl#1", "feed/f.jsonl#3"}));
    r = index(path("feed"));
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "unchanged 1"), r.out);
}

// A file's name is written on one line, whatever it holds: a name with a
// newline can't forge a warning line, nor one with ESC recolour the terminal.
BOOST_FIXTURE_TEST_CASE(a_file_name_with_a_newline_forges_no_line, Folders) {
    dir.write("news/a.txt", story("Harbor vote", "The council voted."));
    dir.write("news/evil\nwarning: forged.txt: all good\x1b[2J.txt", "");  // empty: warned about
    const auto r = index("-v " + path("news"));
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(has(r.out, "evil\\nwarning: forged.txt: all good\\x1b[2J.txt: empty file"), r.out);
    BOOST_TEST(!has(r.out, "\nwarning: forged"), r.out);
    BOOST_TEST(!has(r.out, "\x1b"), r.out);
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

// A folder or file given inside a root (new stories in one folder) updates
// what lies there, under the root's ids; the rest of the root waits for its
// own run, which also sees what changed elsewhere.
BOOST_FIXTURE_TEST_CASE(a_folder_or_file_inside_a_root_updates_that_part_of_it, Folders) {
    dir.write("news/a.txt", story("Harbor vote", "The council voted."));
    dir.write("news/world/b.txt", story("Tram opens", "Line 3 opened."));
    BOOST_REQUIRE_EQUAL(index(path("news")).status, 0);
    dir.write("news/world/c.txt", story("Ferry story", "The ferry is back on the harbor run."));
    dir.write("news/d.txt", story("Tram story", "Line 4 opened."));
    fs::remove(dir.path / "news/a.txt");
    auto r = index(path("news/world"));
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(ids("story OR harbor OR tram") ==
               (std::set<std::string>{"news/a.txt", "news/world/b.txt", "news/world/c.txt"}));
    r = index(path("news/d.txt"));
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(ids("story OR harbor OR tram").count("news/d.txt") == 1u);
    BOOST_TEST(has(index("--roots").out, "news         4          4"), index("--roots").out);
    r = index("");  // every root, whole
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(ids("story OR harbor OR tram") ==
               (std::set<std::string>{"news/d.txt", "news/world/b.txt", "news/world/c.txt"}));
}

// A folder indexed first, then the folder holding it: the inner root stays a
// root (its ids unchanged), the outer one indexes the rest, and a run given
// the outer folder updates both; forgotten, the inner root's files fall to
// the outer one.
BOOST_FIXTURE_TEST_CASE(a_folder_holding_a_root_becomes_a_root_around_it, Folders) {
    dir.write("news/2024/a.txt", story("Harbor vote", "The council voted."));
    dir.write("news/2024/b.txt", story("Tram opens", "Line 3 opened."));
    dir.write("news/2023/c.txt", story("Ferry story", "The ferry is back on the harbor run."));
    BOOST_REQUIRE_EQUAL(index(path("news/2024")).status, 0);
    auto r = index("-v " + path("news"));
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "a root of its own"), r.out);
    std::set<std::string> nested{"2024/a.txt", "2024/b.txt", "news/2023/c.txt"};
    BOOST_TEST(ids("story OR harbor OR tram") == nested);
    dir.write("news/2024/b.txt", story("Tram opens late", "Line 3 opened at last."));
    r = index(path("news/2024/b.txt"));  // a part of the innermost root
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "updated 1,"), r.out);
    dir.write("news/2024/e.txt", story("Harbor reopens", "The harbor reopened."));
    r = index(path("news"));  // all of the folder, the root inside it too
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "added 1,"), r.out);
    nested.insert("2024/e.txt");
    BOOST_TEST(ids("story OR harbor OR tram") == nested);
    r = index("");
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "unchanged 4"), r.out);
    BOOST_TEST(ids("story OR harbor OR tram") == nested);
    BOOST_REQUIRE_EQUAL(index("--forget 2024").status, 0);
    BOOST_TEST(index("").status == 0);
    BOOST_TEST(ids("story OR harbor OR tram") ==
               (std::set<std::string>{"news/2024/a.txt", "news/2024/b.txt", "news/2024/e.txt",
                                      "news/2023/c.txt"}));
}

// Someone deletes a folder, then asks for it to be updated: the nearest
// folder above it in the root is, so its articles go; a path in no root is
// still nothing to index.
BOOST_FIXTURE_TEST_CASE(a_deleted_folder_given_updates_the_folder_above_it, Folders) {
    for (const char* name : {"a", "b", "c"})
        dir.write(std::string("news/") + name + ".txt", story("Harbor story", "The harbor."));
    dir.write("news/sport/d.txt", story("Tram cup", "The tram team won."));
    BOOST_REQUIRE_EQUAL(index(path("news")).status, 0);
    fs::remove_all(dir.path / "news/sport");
    auto r = index(path("news/sport"));
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "news/sport: No such file or directory; updating"), r.out);
    BOOST_TEST(has(r.out, "deleted 1,"), r.out);
    BOOST_TEST(ids("harbor OR tram").count("news/sport/d.txt") == 0u);
    fs::remove(dir.path / "news/c.txt");
    r = index(path("news/c.txt"));
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(ids("harbor OR tram") == (std::set<std::string>{"news/a.txt", "news/b.txt"}));
    r = index(path("nwes/sport"));
    BOOST_TEST(r.status == 2, r.out);
    BOOST_TEST(has(r.out, "nothing to index"), r.out);
}

BOOST_FIXTURE_TEST_CASE(a_folder_moved_or_renamed_keeps_its_root_name_and_its_ids, Folders) {
    dir.write("news/a.txt", story("Harbor vote", "The council voted."));
    dir.write("news/sport/b.txt", story("Tram opens", "Line 3 opened."));
    BOOST_REQUIRE_EQUAL(index(path("news")).status, 0);
    const std::set<std::string> before{"news/a.txt", "news/sport/b.txt"};
    fs::rename(dir.path / "news", dir.path / "archive");
    auto r = index(path("archive"));
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "root 'news' moved from"), r.out);
    BOOST_TEST(has(r.out, "unchanged 2"), r.out);         // nothing read again
    BOOST_TEST(has(r.out, "articles: 2 stored"), r.out);  // not the old copies too
    BOOST_TEST(ids("harbor OR tram") == before);
    const auto roots = index("--roots");
    BOOST_TEST(has(roots.out, (dir.path / "archive").string()), roots.out);
    BOOST_TEST(!has(roots.out, (dir.path / "news").string() + "\n"), roots.out);
    BOOST_TEST(index("").status == 0);  // and the everyday run is clean
    // Copied to another disk (new files, new times) and the old one gone:
    // the same bytes are the same folder.
    fs::create_directories(dir.path / "disk2");
    fs::copy(dir.path / "archive", dir.path / "disk2/news", fs::copy_options::recursive);
    fs::remove_all(dir.path / "archive");
    r = index(path("disk2/news"));
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "root 'news' moved from"), r.out);
    BOOST_TEST(has(r.out, "articles: 2 stored, 0 written"), r.out);
    BOOST_TEST(ids("harbor OR tram") == before);
}

// A copy is not a move: a folder gone beside an older copy of it (a backup
// disk unmounted) keeps its root and articles, whatever run comes next, and
// is indexed again when it is back.
BOOST_FIXTURE_TEST_CASE(a_folder_gone_beside_a_copy_of_it_keeps_its_articles, Folders) {
    dir.write("news/a.txt", story("Harbor vote", "The council voted."));
    dir.write("news/b.txt", story("Tram opens", "Line 3 opened."));
    fs::copy(dir.path / "news", dir.path / "backup", fs::copy_options::recursive);
    dir.write("other/c.txt", story("Bridge shuts", "The bridge shut."));
    BOOST_REQUIRE_EQUAL(index(path("news") + " " + path("backup") + " " + path("other")).status, 0);
    fs::rename(dir.path / "backup", dir.path / "backup.unmounted");
    for (const std::string& args : {path("other"), std::string()}) {
        const auto r = index(args);
        BOOST_TEST(!has(r.out, "is forgotten"), r.out);
        BOOST_TEST(ids("harbor OR tram").count("backup/a.txt") == 1u);
    }
    fs::rename(dir.path / "backup.unmounted", dir.path / "backup");
    dir.write("backup/d.txt", story("Harbor reopens", "The harbor reopened."));
    BOOST_TEST(index("").status == 0);
    BOOST_TEST(ids("harbor").count("backup/d.txt") == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_folder_moved_with_a_change_keeps_the_old_root_and_says_what_to_do,
                        Folders) {
    dir.write("news/a.txt", story("Harbor vote", "The council voted."));
    dir.write("news/b.txt", story("Tram opens", "Line 3 opened."));
    BOOST_REQUIRE_EQUAL(index(path("news")).status, 0);
    fs::rename(dir.path / "news", dir.path / "archive");
    dir.write("archive/b.txt", story("Tram opens", "Line 4 opened."));  // the same size
    BOOST_TEST(index(path("archive")).status == 0);
    // Not every file came along unchanged: the old root's articles stay, and
    // the everyday run says how to let them go.
    BOOST_TEST(ids("tram OR line") == (std::set<std::string>{"news/b.txt", "archive/b.txt"}));
    const auto r = index("");
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(has(r.out, "If it moved, index it where it is now"), r.out);
    BOOST_TEST(has(r.out, "gazette-index --forget news"), r.out);
    // A move is followed only to a new root: once both are roots, the old
    // one stays until forgotten, even when every file comes back as it was.
    dir.write("archive/b.txt", story("Tram opens", "Line 3 opened."));
    const auto kept = index(path("archive"));
    BOOST_TEST(!has(kept.out, "moved"), kept.out);
    BOOST_TEST(ids("tram") == (std::set<std::string>{"news/b.txt", "archive/b.txt"}));
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

// A file moved to another disk with a link left in its place, or a folder
// likewise, is still there: its articles stay until the link is removed.
BOOST_FIXTURE_TEST_CASE(a_file_or_folder_replaced_by_a_link_out_keeps_its_articles, Folders) {
    dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    dir.write("src/b.txt", story("Tram opens", "Line 3 opened."));
    dir.write("src/c.txt", story("Bridge shuts", "The bridge shut."));
    dir.write("src/old/d.txt", story("Harbor dredged", "The harbor was dredged."));
    for (int i = 0; i < 4; ++i)  // so that no move below reaches the mass-deletion guard
        dir.write("src/e" + std::to_string(i) + ".txt",
                  story("Budget " + std::to_string(i), "Cuts."));
    BOOST_REQUIRE_EQUAL(index(path("src")).status, 0);
    fs::create_directories(dir.path / "disk");
    fs::rename(dir.path / "src/a.txt", dir.path / "disk/a.txt");
    fs::create_symlink(dir.path / "disk/a.txt", dir.path / "src/a.txt");
    fs::rename(dir.path / "src/old", dir.path / "disk/old");
    fs::create_symlink(dir.path / "disk/old", dir.path / "src/old");
    fs::rename(dir.path / "src/b.txt", dir.path / "disk/b.txt");
    fs::create_symlink(dir.path / "disk/gone.txt", dir.path / "src/b.txt");  // dangling
    const auto r = index(path("src"));
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(has(r.out, "a.txt: still there but not read"), r.out);
    BOOST_TEST(has(r.out, "old: still there but not read (see above), so the 1 article"), r.out);
    BOOST_TEST(ids("harbor") == (std::set<std::string>{"src/a.txt", "src/old/d.txt"}));
    BOOST_TEST(ids("tram").empty());  // a dangling link is a file gone
    fs::remove(dir.path / "src/a.txt");
    fs::remove(dir.path / "src/old");
    BOOST_TEST(index(path("src")).status == 0);
    BOOST_TEST(ids("harbor").empty());
}

BOOST_FIXTURE_TEST_CASE(a_kernel_file_that_would_block_is_refused_at_once, Folders) {
    const auto r = index("/proc/kmsg");
    BOOST_TEST(r.status == 2, r.out);  // not 124: it never blocked
    BOOST_TEST(has(r.out, "kernel file system"), r.out);
}

BOOST_FIXTURE_TEST_CASE(a_rewrite_that_keeps_size_and_mtime_is_reindexed, Folders) {
    const fs::path a = dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    BOOST_REQUIRE_EQUAL(index(path("src")).status, 0);
    const fs::path b = dir.write("b.txt", story("Harbor veto", "The council vetoed"));
    BOOST_REQUIRE_EQUAL(fs::file_size(a), fs::file_size(b));  // else the size alone would tell
    // New bytes, and a's own mtime put back, as a sync tool would.
    const std::string mtime = path("mtime");
    BOOST_REQUIRE_EQUAL(
        run("touch -r " + quote(a.string()) + " " + mtime + " && cp " + quote(b.string()) + " " +
            quote(a.string()) + " && touch -r " + mtime + " " + quote(a.string()))
            .status,
        0);
    const auto r = index(path("src"));
    BOOST_TEST(has(r.out, "updated 1"), r.out);
    BOOST_TEST(search("veto")["total"] == 1);
}

// One article is one: "1 of its 1 article are in files" read badly.
BOOST_FIXTURE_TEST_CASE(a_root_of_one_article_emptied_says_so_in_the_singular, Folders) {
    dir.write("one/a.txt", story("Harbor vote", "The council voted."));
    BOOST_REQUIRE_EQUAL(index(path("one")).status, 0);
    fs::remove(dir.path / "one/a.txt");
    const auto held = index(path("one"));
    BOOST_TEST(held.status == 1, held.out);
    BOOST_TEST(has(held.out, "1 of its 1 article is in a file that is gone"), held.out);
    BOOST_TEST(has(held.out, "later runs hold it back too"), held.out);
}

BOOST_FIXTURE_TEST_CASE(an_emptied_folder_keeps_its_articles_until_told, Folders) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    dir.write("bbc/b.txt", story("Tram opens", "Line 3 opened."));
    BOOST_REQUIRE_EQUAL(index(path("bbc")).status, 0);
    fs::remove(dir.path / "bbc/a.txt");
    fs::remove(dir.path / "bbc/b.txt");  // an unmounted disk looks the same
    const auto held = index(path("bbc"));
    BOOST_TEST(held.status == 1, held.out);
    BOOST_TEST(has(held.out, "2 of its 2 articles are in files that are gone"), held.out);
    BOOST_TEST(has(held.out, "nothing was deleted, and later runs hold them back"), held.out);
    BOOST_TEST(has(held.out, "--allow-mass-delete"), held.out);
    BOOST_TEST(count() == 2u);
    const auto told = index("--allow-mass-delete " + path("bbc"));
    BOOST_TEST(told.status == 0, told.out);
    BOOST_TEST(has(told.out, "deleted 2"), told.out);
}

// Files an --include leaves out are there: the guard that holds their
// articles back says they are left out, not that they are gone.
BOOST_FIXTURE_TEST_CASE(files_left_out_by_include_are_not_called_gone, Folders) {
    dir.write("mixed/a.txt", story("Harbor vote", "The council voted."));
    dir.write("mixed/b.txt", story("Tram opens", "Line 3 opened."));
    dir.write("mixed/c.jsonl", R"({"id": "1", "headline": "Tram closes", "body": "A story."})");
    BOOST_REQUIRE_EQUAL(index(path("mixed")).status, 0);
    const auto r = index("--include '*.jsonl' " + path("mixed"));
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(has(r.out,
                   "2 of its 3 articles are in files that are gone or left out by "
                   "--exclude/--include"),
               r.out);
    BOOST_TEST(count() == 3u);
}

// A cron job runs the same command again and again: a deletion one run held
// back must not go through on the next just because a file was added meanwhile.
BOOST_FIXTURE_TEST_CASE(deletions_held_back_stay_held_back_on_later_runs, Folders) {
    dir.write("bbc/a.jsonl", R"({"id": "1", "headline": "Harbor one", "body": "A story."}
{"id": "2", "headline": "Harbor two", "body": "A story."}
{"id": "3", "headline": "Harbor three", "body": "A story."}
)");
    dir.write("bbc/b.txt", story("Tram opens", "Line 3 opened."));
    dir.write("bbc/c.txt", story("Tram closes", "Line 4 closed."));
    BOOST_REQUIRE_EQUAL(index(path("bbc")).status, 0);
    fs::remove(dir.path / "bbc/a.jsonl");
    dir.write("bbc/d.txt", story("Tram returns", "Line 5 returned."));
    const auto held = index(path("bbc"));
    BOOST_TEST(held.status == 1, held.out);
    BOOST_TEST(has(held.out, "3 of its 5 articles are in files that are gone"), held.out);
    BOOST_TEST(count() == 6u);
    for (int run = 0; run < 2; ++run) {  // 3 of 6 is not more than half, yet they stay
        const auto again = index(path("bbc"));
        BOOST_TEST(again.status == 1, again.out);
        BOOST_TEST(has(again.out, "held back"), again.out);
        BOOST_TEST(has(again.out, "--allow-mass-delete"), again.out);
        BOOST_TEST(count() == 6u);
    }
    const auto roots = index("--roots");
    BOOST_TEST(has(roots.out, "(3 held back from deletion: --allow-mass-delete)"), roots.out);
    BOOST_TEST(nlohmann::json::parse(index("--stats-json").out)["roots"][0]["held"] == 3);
    const auto told = index("--allow-mass-delete " + path("bbc"));
    BOOST_TEST(told.status == 0, told.out);
    BOOST_TEST(has(told.out, "deleted 1"), told.out);
    BOOST_TEST(count() == 3u);
}

// A file held back that comes back is an ordinary file again: when it goes
// later with less than half the root's articles, it goes.
BOOST_FIXTURE_TEST_CASE(a_held_file_that_comes_back_is_weighed_afresh, Folders) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    dir.write("bbc/b.txt", story("Tram opens", "Line 3 opened."));
    BOOST_REQUIRE_EQUAL(index(path("bbc")).status, 0);
    fs::rename(dir.path / "bbc/a.txt", dir.path / "a.txt");
    fs::rename(dir.path / "bbc/b.txt", dir.path / "b.txt");
    BOOST_TEST(index(path("bbc")).status == 1);  // the root is empty: held
    fs::rename(dir.path / "a.txt", dir.path / "bbc/a.txt");
    fs::rename(dir.path / "b.txt", dir.path / "bbc/b.txt");
    dir.write("bbc/c.txt", story("Tram closes", "Line 4 closed."));
    const auto back = index(path("bbc"));
    BOOST_TEST(back.status == 0, back.out);
    fs::remove(dir.path / "bbc/a.txt");
    const auto gone = index(path("bbc"));
    BOOST_TEST(gone.status == 0, gone.out);
    BOOST_TEST(has(gone.out, "deleted 1"), gone.out);
    BOOST_TEST(count() == 2u);
}

BOOST_FIXTURE_TEST_CASE(forget_removes_a_folder_and_its_articles_on_purpose, Folders) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    dir.write("reuters/b.txt", story("Tram opens", "Line 3 opened."));
    BOOST_REQUIRE_EQUAL(index(path("bbc") + " " + path("reuters")).status, 0);
    const auto r = index("--forget reuters");
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(r.out, "1 article removed"), r.out);
    BOOST_TEST(ids("harbor OR tram") == (std::set<std::string>{"bbc/a.txt"}));
    const auto again = index("--forget reuters");
    BOOST_TEST(again.status == 2);
    BOOST_TEST(has(again.out, "has no root 'reuters' (gazette-index --db"), again.out);
    // A file inside a root is part of it: the message says how its articles go.
    const auto part = index("--forget " + path("bbc/a.txt"));
    BOOST_TEST(part.status == 2);
    BOOST_TEST(has(part.out, "lies inside the root 'bbc'"), part.out);
    BOOST_TEST(has(part.out, "delete or move it, then run gazette-index --db"), part.out);
    BOOST_TEST(count() == 1u);
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

BOOST_FIXTURE_TEST_CASE(a_language_stems_and_is_kept_by_the_database, Folders) {
    dir.write("src/a.txt", "Les élections municipales\n\nLe maire a gagné les élections.\n");
    BOOST_REQUIRE_EQUAL(index("--language french " + path("src")).status, 0);
    BOOST_TEST(search("élection")["total"] == 1);  // French stems: élections -> élect
    BOOST_TEST(search("ELECTION")["total"] == 1);
    const auto again = index(path("src"));  // no --language: the database's own
    BOOST_TEST(again.status == 0, again.out);
    const auto other = index("--language german " + path("src"));
    BOOST_TEST(other.status == 2, other.out);
    BOOST_TEST(has(other.out, "--rebuild"), other.out);
    const auto bad = index("--language klingon " + path("src"));
    BOOST_TEST(bad.status == 2);
    BOOST_TEST(has(bad.out, "french"), bad.out);
}

BOOST_FIXTURE_TEST_CASE(wait_queues_behind_another_writer_instead_of_failing, Folders) {
    dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    BOOST_REQUIRE_EQUAL(index(path("src")).status, 0);
    dir.write("src/b.txt", story("Tram opens", "Line 3 opened."));
    // Another writer holds the lock, as gazette-index holds it (flock).
    const int held = open((db.string() + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    BOOST_REQUIRE(held >= 0 && flock(held, LOCK_EX) == 0);
    Piped waiting({"/usr/bin/timeout", "120", bin("gazette-index"), "-q", "--wait", "--db",
                   db.string(), (dir.path / "src").string()});
    BOOST_REQUIRE_MESSAGE(waiting.wait_for_line("waiting for another indexer"), waiting.said());
    close(held);
    BOOST_TEST(waiting.finish() == 0, waiting.said());
    BOOST_TEST(has(waiting.said(), "added 1,"), waiting.said());
    BOOST_TEST(count() == 2u);
}

BOOST_FIXTURE_TEST_CASE(field_map_reads_fields_from_other_json_keys, Folders) {
    dir.write("feed/f.jsonl", R"({"key": "k1", "heading": "Harbor vote", "reporter": "Ann Reyes", )"
                              R"("story": "The council voted on the tram."})"
                              "\n");
    const auto r =
        index("--field-map id=key,headline=heading,byline=reporter,body=story " + path("feed"));
    BOOST_TEST(r.status == 0, r.out);
    const auto hit = search("tram")["hits"].at(0);
    BOOST_TEST(hit["id"] == "feed/f.jsonl#k1");
    BOOST_TEST(hit["headline"] == "Harbor vote");
    BOOST_TEST(hit["byline"] == "Ann Reyes");
    BOOST_TEST(index("--field-map headline=").status == 2);
}

BOOST_FIXTURE_TEST_CASE(format_reads_every_file_as_the_format_named, Folders) {
    const std::string page =
        "<html><head><meta property=\"og:title\" content=\"Tram opens\"></head>"
        "<body><article><p>The harbor tram opened.</p></article></body></html>";
    dir.write("src/page.txt", page);  // .txt: read as text unless told
    BOOST_REQUIRE_EQUAL(index(path("src")).status, 0);
    BOOST_TEST(search("tram")["hits"].at(0)["headline"] != "Tram opens");
    BOOST_REQUIRE_EQUAL(index("--rebuild --format html " + path("src")).status, 0);
    BOOST_TEST(search("tram")["hits"].at(0)["headline"] == "Tram opens");
    BOOST_TEST(index("--format pdf " + path("src")).status == 2);
}

BOOST_FIXTURE_TEST_CASE(shard_by_year_makes_a_shard_a_year_and_later_runs_keep_it, Folders) {
    dir.write("src/a.txt", "Headline: Harbor vote\nDate: 2023-05-01\n\nThe council voted.\n");
    dir.write("src/b.txt", "Headline: Tram opens\nDate: 2024-02-03\n\nThe harbor tram.\n");
    const auto r = index("--shard-by year " + path("src"));
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(read_file((db / "XAPIANDB").string()) ==
               "auto undated\nauto year2023\nauto year2024\n");
    dir.write("src/c.txt", "Headline: Ferry late\nDate: 2025-07-09\n\nThe harbor ferry.\n");
    BOOST_REQUIRE_EQUAL(index(path("src")).status, 0);  // no --shard-by: kept
    BOOST_TEST(read_file((db / "XAPIANDB").string()) ==
               "auto undated\nauto year2023\nauto year2024\nauto year2025\n");
    BOOST_TEST(ids("harbor") == (std::set<std::string>{"src/a.txt", "src/b.txt", "src/c.txt"}));
}

BOOST_FIXTURE_TEST_CASE(compact_merges_a_sharded_database_into_one, Folders) {
    write_corpus(dir, 0, 50);
    BOOST_REQUIRE_EQUAL(index("--shards 3 " + path("src")).status, 0);
    BOOST_REQUIRE(fs::exists(db / "XAPIANDB"));
    const auto before = search("harbor OR tram", "--no-collapse");
    const auto r = index("--compact");
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(!fs::exists(db / "XAPIANDB"));
    BOOST_TEST(search("harbor OR tram", "--no-collapse")["total"] == before["total"]);
    BOOST_TEST(has(index(path("src")).out, "unchanged 50"));  // the file records came along
}

BOOST_FIXTURE_TEST_CASE(no_delete_keeps_the_articles_of_removed_files, Folders) {
    dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    dir.write("src/b.txt", story("Harbor tram", "Line 3 opened."));
    dir.write("src/c.txt", story("Harbor ferry", "The ferry ran."));
    BOOST_REQUIRE_EQUAL(index(path("src")).status, 0);
    fs::remove(dir.path / "src/a.txt");
    const auto kept = index("--no-delete " + path("src"));
    BOOST_TEST(kept.status == 0, kept.out);
    BOOST_TEST(has(kept.out, "deleted 0"), kept.out);
    BOOST_TEST(ids("harbor").count("src/a.txt") == 1u);
    BOOST_TEST(has(index(path("src")).out, "deleted 1"));
    BOOST_TEST(ids("harbor").count("src/a.txt") == 0u);
}

// "zebra" once in one headline, and three times in the other article's body:
// the headline weight decides which ranks first.
BOOST_FIXTURE_TEST_CASE(field_weights_are_recorded_and_changed_only_by_a_rebuild, Folders) {
    dir.write("src/head.txt", story("Zebra crossing", "A new crossing on the main road."));
    dir.write("src/body.txt",
              story("Road works", "The zebra crossing, the zebra lights and the zebra signs."));
    const auto first = [&] { return search("zebra")["hits"].at(0)["id"]; };
    BOOST_REQUIRE_EQUAL(index("--headline-weight 1 " + path("src")).status, 0);
    BOOST_TEST(first() == "src/body.txt");
    const auto refused = index("--headline-weight 8 " + path("src"));
    BOOST_TEST(refused.status == 2, refused.out);
    BOOST_TEST(has(refused.out, "--rebuild"), refused.out);
    BOOST_REQUIRE_EQUAL(index("--rebuild --headline-weight 8 " + path("src")).status, 0);
    BOOST_TEST(first() == "src/head.txt");
    const auto again = index(path("src"));  // no weight given: the recorded one
    BOOST_TEST(again.status == 0, again.out);
    BOOST_TEST(first() == "src/head.txt");
    BOOST_TEST(index("--byline-weight 5 " + path("src")).status == 2);  // recorded too
}

BOOST_FIXTURE_TEST_CASE(the_database_is_gazette_db_unless_named_or_in_gazette_db_env, Folders) {
    dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    const std::string here = "cd " + quote(dir.path.string()) + " && env -u GAZETTE_DB ";
    BOOST_REQUIRE_EQUAL(run(here + bin("gazette-index") + " -q src 2>&1").status, 0);
    BOOST_TEST(fs::exists(dir.path / "gazette-db"));
    BOOST_TEST(run(here + bin("gazette-search") + " harbor").out.find("Harbor vote") !=
               std::string::npos);
    const std::string named = "env GAZETTE_DB=" + quote(db.string()) + " ";
    BOOST_REQUIRE_EQUAL(run(named + bin("gazette-index") + " -q " + path("src") + " 2>&1").status,
                        0);
    BOOST_TEST(count() == 1u);
    BOOST_TEST(run(named + bin("gazette-search") + " harbor").out.find("Harbor vote") !=
               std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(hidden_files_and_backups_are_counted_and_listed_with_verbose, Folders) {
    dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    dir.write("src/.draft.txt", story("Harbor draft", "Not yet."));
    dir.write("src/a.txt~", story("Harbor backup", "An old copy."));
    const auto quiet = index(path("src"));
    BOOST_TEST(quiet.status == 0, quiet.out);
    BOOST_TEST(has(quiet.out, "skipped 2"), quiet.out);
    BOOST_TEST(!has(quiet.out, ".draft.txt"), quiet.out);
    const auto verbose = index("-v --rebuild " + path("src"));
    BOOST_TEST(has(verbose.out, "indexed src/a.txt (1 article)"), verbose.out);
    BOOST_TEST(has(verbose.out, ".draft.txt (hidden)"), verbose.out);
    BOOST_TEST(has(verbose.out, "a.txt~ (an editor backup"), verbose.out);
    BOOST_TEST(ids("harbor") == (std::set<std::string>{"src/a.txt"}));
}

BOOST_FIXTURE_TEST_CASE(a_saved_web_page_indexes_cleanly_without_its_images_and_scripts, Folders) {
    dir.write("src/vote.html",
              "<html><head><title>Harbor vote passes</title></head><body><article>"
              "<p>The council voted for the harbor plan.</p></article></body></html>");
    dir.write("src/vote_files/photo.jpg", std::string("\xff\xd8\xff\xe0\0\x10JFIF\0", 11));
    dir.write("src/vote_files/site.css", "body { color: red }\n");
    dir.write("src/vote_files/app.js", "var harbor = 1;\n");
    dir.write("src/vote_files/Report.PDF", "%PDF-1.4\n");
    for (int run = 0; run < 2; ++run) {  // and so on every run: nothing to warn about
        const auto r = index(path("src"));
        BOOST_TEST(r.status == 0, r.out);
        BOOST_TEST(!has(r.out, "warning"), r.out);
        BOOST_TEST(has(r.out, "skipped 4"), r.out);
    }
    BOOST_TEST(ids("harbor") == (std::set<std::string>{"src/vote.html"}));
    const auto verbose = index("-v " + path("src"));
    BOOST_TEST(has(verbose.out, "photo.jpg (a .jpg file: images"), verbose.out);
}

BOOST_FIXTURE_TEST_CASE(follow_symlinks_indexes_links_out_of_the_folder, Folders) {
    dir.write("src/a.txt", story("Harbor vote", "The council voted."));
    dir.write("elsewhere/b.txt", story("Harbor tram", "Line 3 opened."));
    fs::create_symlink(dir.path / "elsewhere/b.txt", dir.path / "src/b.txt");
    const auto r = index("--follow-symlinks " + path("src"));
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(ids("harbor") == (std::set<std::string>{"src/a.txt", "src/b.txt"}));
}

// JSONL is read a line at a time: each article is still tidied and decoded
// as a whole file is (the agency a byline credits becomes the source; a line
// in Latin-1 is read as such).
BOOST_FIXTURE_TEST_CASE(articles_of_a_jsonl_file_are_tidied_like_those_of_a_file, Folders) {
    dir.write(
        "feed/f.jsonl",
        std::string(R"({"id": "1", "headline": "Harbor vote", "byline": "ANN REYES, Reuters", )"
                    R"("body": "The council voted."})") +
            "\n" + R"({"id": "2", "headline": "Caf)" + std::string("\xe9") +
            R"( opens", "body": "The harbor caf)" + std::string("\xe9") +
            R"( opened its doors to the public this morning."})" + "\n");
    BOOST_REQUIRE_EQUAL(index(path("feed")).status, 0);
    const auto vote = search("vote")["hits"].at(0);
    BOOST_TEST(vote["byline"] == "Ann Reyes");
    BOOST_TEST(vote["source"] == "Reuters");
    BOOST_TEST(search("café")["hits"].at(0)["headline"] == "Café opens");
}
