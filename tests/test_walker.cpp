// The walk of one root: what it takes, what it leaves alone and says so, and
// how it tells a complete walk from one that could not read everything.
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <set>
#include <system_error>

#include "temp_dir.h"
#include "walker.h"

using namespace gazette;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> relatives(const WalkResult& r) {
    std::vector<std::string> out;
    for (const SourceFile& f : r.files) out.push_back(f.relative);
    return out;
}

WalkResult walk_dir(const fs::path& root, WalkRules rules = {}) {
    if (rules.roots.empty()) rules.roots = {root};
    return walk(root, rules, default_env());
}

std::string reason_for(const WalkResult& r, const std::string& name) {
    for (const Skipped& s : r.skipped)
        if (fs::path(s.path).filename() == name) return s.reason;
    return "";
}

// Refuses to list the folders named, as a folder without read permission does.
struct LockedFolders : Env {
    std::set<fs::path> locked;
    std::vector<std::string> list_directory(const fs::path& folder) override {
        if (locked.count(folder))
            throw std::system_error(EACCES, std::generic_category(), folder.string());
        return Env::list_directory(folder);
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(files_found_recursively_in_stable_order) {
    test::TempDir d;
    d.write("b/2.txt", "x");
    d.write("a.txt", "x");
    d.write("b/1.txt", "x");
    BOOST_TEST(relatives(walk_dir(d.path)) ==
               (std::vector<std::string>{"a.txt", "b/1.txt", "b/2.txt"}));
}

BOOST_AUTO_TEST_CASE(hidden_and_backup_files_skipped_and_reported) {
    test::TempDir d;
    d.write("keep.txt", "x");
    d.write(".hidden.txt", "x");
    d.write(".git/config", "x");
    d.write("draft.txt~", "x");
    d.write("#autosave#", "x");
    d.write("notes.swp", "x");
    const WalkResult r = walk_dir(d.path);
    BOOST_TEST(relatives(r) == (std::vector<std::string>{"keep.txt"}));
    BOOST_TEST(r.skipped.size() == 5u);  // .git once, not its files
    for (const Skipped& s : r.skipped) BOOST_TEST(s.expected, s.path);
    BOOST_TEST(reason_for(r, ".git") == "hidden");
    BOOST_TEST(reason_for(r, "draft.txt~").find("backup") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(images_pdfs_and_scripts_are_left_alone_by_name_unless_included) {
    test::TempDir d;
    d.write("story.html", "x");
    d.write("story_files/photo.JPG", "x");
    d.write("story_files/app.js", "x");
    d.write("story_files/font.woff2", "x");
    d.write("report.pdf", "x");
    d.write("notes.txt", "x");
    d.write("jpg", "x");  // no extension: read by its content, as ever
    const WalkResult r = walk_dir(d.path);
    BOOST_TEST(relatives(r) == (std::vector<std::string>{"jpg", "notes.txt", "story.html"}));
    BOOST_TEST(r.skipped.size() == 4u);
    for (const Skipped& s : r.skipped) BOOST_TEST(s.expected, s.path);
    BOOST_TEST(reason_for(r, "photo.JPG").starts_with("a .jpg file: images"));
    BOOST_TEST(reason_for(r, "report.pdf").starts_with("a .pdf file:"));
    WalkRules rules;
    rules.include = {"*.js", "*.txt"};  // asked for by name: taken
    BOOST_TEST(relatives(walk_dir(d.path, rules)) ==
               (std::vector<std::string>{"notes.txt", "story_files/app.js"}));
}

BOOST_AUTO_TEST_CASE(fifo_and_dangling_link_skipped_with_reason) {
    test::TempDir d;
    d.write("ok.txt", "x");
    BOOST_REQUIRE(mkfifo((d.path / "pipe").c_str(), 0600) == 0);
    fs::create_symlink(d.path / "missing", d.path / "dangling");
    const WalkResult r = walk_dir(d.path);
    BOOST_TEST(relatives(r) == (std::vector<std::string>{"ok.txt"}));
    BOOST_TEST(reason_for(r, "pipe") == "a FIFO, not a regular file");
    BOOST_TEST(reason_for(r, "dangling") == "a dangling link");
    BOOST_TEST(r.incomplete.empty());
}

BOOST_AUTO_TEST_CASE(links_to_folders_are_not_followed_so_loops_cannot_trap_the_walk) {
    test::TempDir d;
    d.write("sub/ok.txt", "x");
    fs::create_directory_symlink(d.path, d.path / "sub" / "loop");
    const WalkResult r = walk_dir(d.path);
    BOOST_TEST(relatives(r) == (std::vector<std::string>{"sub/ok.txt"}));
    BOOST_TEST(reason_for(r, "loop").find("a link to a folder") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(follow_symlinks_follows_folders_once_each) {
    test::TempDir d;
    d.write("root/sub/ok.txt", "x");
    d.write("elsewhere/more.txt", "x");
    fs::create_directory_symlink(d.path / "root", d.path / "root" / "sub" / "loop");
    fs::create_directory_symlink(d.path / "elsewhere", d.path / "root" / "other");
    WalkRules rules;
    rules.follow_symlinks = true;
    const WalkResult r = walk_dir(d.path / "root", rules);
    BOOST_TEST(relatives(r) == (std::vector<std::string>{"other/more.txt", "sub/ok.txt"}));
}

BOOST_AUTO_TEST_CASE(links_to_files_followed_inside_the_roots_only) {
    test::TempDir d;
    d.write("root/a.txt", "x");
    d.write("other/b.txt", "x");
    d.write("outside/secret.txt", "x");
    fs::create_symlink(d.path / "root/a.txt", d.path / "root/alias.txt");
    fs::create_symlink(d.path / "other/b.txt", d.path / "root/b.txt");
    fs::create_symlink(d.path / "outside/secret.txt", d.path / "root/leak.txt");
    WalkRules rules;
    rules.roots = {d.path / "root", d.path / "other"};
    const WalkResult r = walk(d.path / "root", rules, default_env());
    BOOST_TEST(relatives(r) == (std::vector<std::string>{"a.txt", "alias.txt", "b.txt"}));
    BOOST_TEST(reason_for(r, "leak.txt").find("leading out") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(excluded_paths_are_never_entered) {
    test::TempDir d;
    d.write("a.txt", "x");
    d.write("db/record.glass", "x");
    d.write("db.lock", "");
    WalkRules rules;
    rules.excluded = {d.path / "db", d.path / "db.lock"};
    const WalkResult r = walk_dir(d.path, rules);
    BOOST_TEST(relatives(r) == (std::vector<std::string>{"a.txt"}));
}

// Another index kept among the articles (an old database, a colleague's)
// was read as files that fail, and the run exited 1 on every run after.
BOOST_AUTO_TEST_CASE(a_database_inside_a_root_and_its_lock_are_left_alone) {
    test::TempDir d;
    d.write("a.txt", "x");
    d.write("old-db/iamglass", "x");
    d.write("old-db/postlist.glass", "x");
    d.write("old-db.lock", "");
    d.write("notes.lock", "x");  // no database beside it: an article as any other
    const WalkResult r = walk_dir(d.path);
    BOOST_TEST(relatives(r) == (std::vector<std::string>{"a.txt", "notes.lock"}));
    BOOST_TEST(reason_for(r, "old-db") == "a Xapian database, no articles");
    BOOST_TEST(reason_for(r, "old-db.lock") == "a Xapian database's lock file");
    for (const Skipped& s : r.skipped) BOOST_TEST(s.expected, s.path);
}

// Through a link back up (--follow-symlinks), the database's own files were
// walked by the link's path, as files that fail.
BOOST_AUTO_TEST_CASE(the_database_reached_through_a_link_is_left_alone) {
    test::TempDir d;
    d.write("root/a.txt", "x");
    d.write("db.lock", "");
    d.write("db/record.glass", "x");
    fs::create_directory_symlink("..", d.path / "root/up");
    WalkRules rules;
    rules.excluded = {d.path / "db", d.path / "db.lock"};
    rules.follow_symlinks = true;
    const WalkResult r = walk_dir(d.path / "root", rules);
    BOOST_TEST(relatives(r) == (std::vector<std::string>{"a.txt"}));
    BOOST_TEST(reason_for(r, "db.lock") == "the database's own files");
    BOOST_TEST(reason_for(r, "db") == "the database's own files");
}

BOOST_AUTO_TEST_CASE(roots_inside_the_walked_one_are_left_to_themselves) {
    test::TempDir d;
    d.write("a.txt", "x");
    d.write("2024/b.txt", "x");
    d.write("feeds/wire.jsonl", "x");
    d.write("feeds/c.txt", "x");
    WalkRules rules;
    rules.roots = {d.path, d.path / "2024", d.path / "feeds/wire.jsonl"};
    const WalkResult r = walk_dir(d.path, rules);
    BOOST_TEST(relatives(r) == (std::vector<std::string>{"a.txt", "feeds/c.txt"}));
    BOOST_TEST(reason_for(r, "2024") == "a root of its own, indexed under its own name");
    BOOST_TEST(reason_for(r, "wire.jsonl") == "a root of its own, indexed under its own name");
    for (const Skipped& s : r.skipped) BOOST_TEST(s.expected, s.path);
}

BOOST_AUTO_TEST_CASE(a_folder_that_cannot_be_listed_makes_the_walk_incomplete) {
    test::TempDir d;
    d.write("news/a.txt", "x");
    d.write("sport/b.txt", "x");
    LockedFolders env;
    env.locked = {d.path / "sport"};
    const WalkResult r = walk(d.path, {{}, {d.path}, false, {}, {}}, env);
    BOOST_TEST(relatives(r) == (std::vector<std::string>{"news/a.txt"}));
    BOOST_TEST(r.incomplete == (std::vector<std::string>{"sport"}));
    BOOST_TEST(reason_for(r, "sport").find("Permission denied") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_root_says_so) {
    test::TempDir d;
    const WalkResult r = walk_dir(d.path / "nothing-here");
    BOOST_TEST(r.root_error == "no such file or folder");
    BOOST_TEST(r.files.empty());
}

BOOST_AUTO_TEST_CASE(file_root_has_an_empty_relative_path) {
    test::TempDir d;
    const auto file = d.write("deep/story.txt", "x");
    BOOST_TEST(relatives(walk_dir(file)) == (std::vector<std::string>{""}));
}

BOOST_AUTO_TEST_CASE(kernel_file_systems_are_left_alone) {
    const WalkResult r = walk_dir("/proc/self");
    BOOST_TEST(r.root_error.find("kernel file system") != std::string::npos, r.root_error);
    BOOST_TEST(r.files.empty());
}

BOOST_AUTO_TEST_CASE(a_pattern_without_a_slash_matches_names_one_with_a_slash_paths) {
    BOOST_TEST(glob_matches("README.TXT", "README.TXT"));
    BOOST_TEST(glob_matches("README.TXT", "sport/README.TXT"));
    BOOST_TEST(glob_matches("*.TXT", "a/b/c.TXT"));
    BOOST_TEST(!glob_matches("*.TXT", "a/b/c.txt"));
    BOOST_TEST(glob_matches("sport/*.txt", "sport/001.txt"));
    BOOST_TEST(!glob_matches("sport/*.txt", "sport/deep/001.txt"));  // '*' never crosses '/'
    BOOST_TEST(!glob_matches("sport/*.txt", "news/sport/001.txt"));  // a path from the root
    BOOST_TEST(glob_matches("sport/**/*.txt", "sport/deep/001.txt"));
    BOOST_TEST(!glob_matches("sport/**/*.txt", "sport/a/b/001.txt"));  // '**' is '*' twice
}

BOOST_AUTO_TEST_CASE(excluded_folders_are_not_entered_and_includes_choose_files) {
    test::TempDir d;
    d.write("keep.txt", "x");
    d.write("drafts/a.txt", "x");
    d.write("notes.md", "x");
    WalkRules rules;
    rules.exclude = {"drafts"};
    rules.include = {"*.txt"};
    const WalkResult r = walk_dir(d.path, rules);
    BOOST_TEST(relatives(r) == (std::vector<std::string>{"keep.txt"}));
    BOOST_TEST(reason_for(r, "drafts") == "excluded by --exclude drafts");
    BOOST_TEST(reason_for(r, "notes.md") == "not matched by any --include");
    for (const Skipped& s : r.skipped) BOOST_TEST(s.expected, s.path);
}
