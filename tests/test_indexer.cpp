// The indexer as a library: the database mirrors its roots, re-runs read only
// what changed, nothing is deleted without proof, one lock keeps writers
// apart, and failures leave what was committed.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <system_error>
#include <thread>

#include "db_files.h"
#include "document.h"
#include "indexer.h"
#include "manifest.h"
#include "schema.h"
#include "stored.h"
#include "temp_dir.h"

using namespace gazette;
namespace fs = std::filesystem;

namespace {

struct Collect : IndexObserver {
    std::vector<std::string> warnings;
    std::function<void(const std::string&)> on_warning;
    void warning(const std::string& m) override {
        warnings.push_back(m);
        if (on_warning) on_warning(m);
    }
    bool warned(const std::string& part) const {
        for (const std::string& w : warnings)
            if (w.find(part) != std::string::npos) return true;
        return false;
    }
};

// The real Env, but it counts the files it reads, can refuse to list chosen
// folders (as a folder without read permission does, even to root in tests),
// and its databases can fail after a set number of commits, as a full disk
// would.
struct FaultEnv : Env {
    size_t reads = 0;
    std::set<fs::path> unreadable;
    int commits_allowed = 1 << 30;
    bool renames_fail = false, compactions_fail = false;

    void rename(const fs::path& from, const fs::path& to) override {
        if (renames_fail) throw std::system_error(EIO, std::generic_category(), "rename");
        Env::rename(from, to);
    }
    bool exchange(const fs::path& a, const fs::path& b) override {
        if (renames_fail) throw std::system_error(EIO, std::generic_category(), "exchange");
        return Env::exchange(a, b);
    }
    void compact(Xapian::Database in, const fs::path& out) override {
        if (compactions_fail) throw Xapian::DatabaseError("No space left on device");
        Env::compact(in, out);
    }

    std::unique_ptr<InputFile> open_file(const fs::path& path) override {
        ++reads;
        return Env::open_file(path);
    }
    std::vector<std::string> list_directory(const fs::path& folder) override {
        if (unreadable.count(folder))
            throw std::system_error(EACCES, std::generic_category(), folder.string());
        return Env::list_directory(folder);
    }

    struct Sink : DatabaseSink {
        std::unique_ptr<DatabaseSink> real;
        int* allowed;
        Xapian::docid add(const Xapian::Document& d) override { return real->add(d); }
        void delete_all(const std::string& t) override { real->delete_all(t); }
        void set_metadata(const std::string& k, const std::string& v) override {
            real->set_metadata(k, v);
        }
        void commit() override {
            if ((*allowed)-- <= 0) throw Xapian::DatabaseError("No space left on device");
            real->commit();
        }
    };
    std::unique_ptr<DatabaseSink> open_database(const std::string& path, bool scratch) override {
        auto sink = std::make_unique<Sink>();
        sink->real = Env::open_database(path, scratch);
        sink->allowed = &commits_allowed;
        return sink;
    }
};

std::string story(const std::string& headline, const std::string& body) {
    return headline + "\n\n" + body + "\n";
}

struct Fixture {
    test::TempDir dir;
    fs::path db = dir.path / "db";
    fs::path src = dir.path / "src";
    Collect observer;
    FaultEnv env;

    IndexOptions options(std::vector<fs::path> roots) const {
        IndexOptions o;
        o.database = db;
        o.roots = std::move(roots);
        o.threads = 2;
        return o;
    }
    IndexStats index(const IndexOptions& o) { return index_files(o, env, observer); }
    IndexStats index_roots(std::vector<fs::path> roots) { return index(options(std::move(roots))); }
    IndexStats index() { return index_roots({src}); }
    IndexStats rebuild() {
        IndexOptions o = options({src});
        o.rebuild = true;
        return index(o);
    }
    fs::path write(const std::string& rel, const std::string& content) {
        return dir.write("src/" + rel, content);
    }
    Xapian::doccount count() const { return Xapian::Database(db.string()).get_doccount(); }
    bool has(const std::string& id) const {
        return Xapian::Database(db.string()).term_exists(id_term(id));
    }
    std::set<std::string> ids() const {
        Xapian::Database d(db.string());
        std::set<std::string> out;
        const std::string prefix(schema::kId);
        for (auto t = d.allterms_begin(prefix); t != d.allterms_end(prefix); ++t)
            out.insert((*t).substr(prefix.size()));
        return out;
    }
    std::string headline(const std::string& id) const {
        Xapian::Database d(db.string());
        const StoredCodec codec(d.get_metadata(schema::kDictionaryKey));
        return codec.decode(d.get_document(*d.postlist_begin(id_term(id))).get_data()).headline;
    }
};

void set_mtime(const fs::path& file, const timespec& when) {
    const timespec times[2] = {when, when};
    BOOST_REQUIRE(utimensat(AT_FDCWD, file.c_str(), times, 0) == 0);
}

timespec mtime_of(const fs::path& file) {
    struct stat st;
    BOOST_REQUIRE(stat(file.c_str(), &st) == 0);
    return st.st_mtim;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(rerun_without_changes_reads_no_file, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    write("b.txt", story("Tram opens", "Line 3 opened."));
    BOOST_TEST(index().added == 2u);
    env.reads = 0;
    const IndexStats again = index();
    BOOST_TEST(env.reads == 0u);
    BOOST_TEST(again.files_read == 0u);
    BOOST_TEST(again.unchanged == 2u);
    BOOST_TEST(again.added + again.updated + again.deleted == 0u);
    BOOST_TEST(again.articles_stored == 2u);
}

BOOST_FIXTURE_TEST_CASE(touched_file_is_read_but_counted_unchanged, Fixture) {
    const fs::path a = write("a.txt", story("Harbor vote", "The council voted."));
    index();
    set_mtime(a, {123456789, 0});
    env.reads = 0;
    const IndexStats again = index();
    BOOST_TEST(env.reads == 1u);
    BOOST_TEST(again.unchanged == 1u);
    BOOST_TEST(again.updated == 0u);
}

BOOST_FIXTURE_TEST_CASE(rewrite_keeping_size_and_mtime_is_seen, Fixture) {
    const fs::path a = write("a.txt", story("Harbor vote", "The council voted."));
    index();
    const timespec before = mtime_of(a);
    const auto size = fs::file_size(a);
    write("a.txt", story("Harbor veto", "The council vetoed"));
    BOOST_REQUIRE_EQUAL(fs::file_size(a), size);  // else the size alone would tell
    set_mtime(a, before);                         // as touch -r or a sync tool leaves it
    const IndexStats again = index();
    BOOST_TEST(again.updated == 1u);
    BOOST_TEST(headline("src/a.txt") == "Harbor veto");
}

BOOST_FIXTURE_TEST_CASE(changed_file_reindexed_and_gone_file_deleted, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    write("b.txt", story("Tram opens", "Line 3 opened."));
    write("c.txt", story("Ferry late", "The ferry ran late."));
    index();
    write("a.txt", story("Harbor vote delayed", "The council postponed the vote."));
    fs::remove(src / "b.txt");
    write("d.txt", story("Museum reopens", "Doors open."));
    const IndexStats s = index();
    BOOST_TEST(s.updated == 1u);
    BOOST_TEST(s.deleted == 1u);
    BOOST_TEST(s.added == 1u);
    BOOST_TEST(s.articles_stored == 3u);
    BOOST_TEST(!has("src/b.txt"));
    BOOST_TEST(Xapian::Database(db.string()).term_exists("postponed"));
}

BOOST_FIXTURE_TEST_CASE(ids_start_with_the_root_name, Fixture) {
    write("news/a.txt", story("Harbor vote", "The council voted."));
    write("feed.jsonl", R"({"id": "n1", "headline": "Tram opens", "body": "Line 3."})"
                        "\n"
                        R"({"headline": "Ferry late", "body": "No id of its own."})"
                        "\n");
    index();
    BOOST_TEST(ids() ==
               (std::set<std::string>{"src/news/a.txt", "src/feed.jsonl#n1", "src/feed.jsonl#2"}));
}

BOOST_FIXTURE_TEST_CASE(a_root_that_is_a_file_is_named_by_it, Fixture) {
    const fs::path feed = write("feed.jsonl", R"({"id": "n1", "headline": "Tram", "body": "x"})"
                                              "\n");
    index_roots({feed});
    BOOST_TEST(ids() == (std::set<std::string>{"feed.jsonl#n1"}));
}

BOOST_FIXTURE_TEST_CASE(a_root_that_is_a_file_follows_it_when_it_is_renamed, Fixture) {
    const fs::path feed = write("feed.jsonl", R"({"id": "n1", "headline": "Tram", "body": "x"})"
                                              "\n");
    index_roots({feed});
    fs::rename(feed, dir.path / "src/feed-2024.jsonl");  // a new ctime: its bytes tell
    const IndexStats s = index_roots({dir.path / "src/feed-2024.jsonl"});
    BOOST_TEST(s.articles_written == 0u);
    BOOST_TEST(ids() == (std::set<std::string>{"feed.jsonl#n1"}));
}

// Files moved up out of the root's folder, which is then removed: the folder
// holding them holds the root's old place, and is that root now.
BOOST_FIXTURE_TEST_CASE(a_root_whose_files_moved_up_a_level_follows_them, Fixture) {
    write("news/a.txt", story("Harbor vote", "The council voted."));
    write("news/sport/b.txt", story("Tram opens", "Line 3 opened."));
    index_roots({src / "news"});
    fs::rename(src / "news/a.txt", src / "a.txt");
    fs::rename(src / "news/sport", src / "sport");
    fs::remove(src / "news");
    const IndexStats s = index_roots({src});
    BOOST_TEST(s.unchanged == 2u);
    BOOST_TEST(ids() == (std::set<std::string>{"news/a.txt", "news/sport/b.txt"}));
    BOOST_TEST(observer.warned("root 'news' moved from"));
}

BOOST_FIXTURE_TEST_CASE(same_file_names_in_two_roots_are_two_articles, Fixture) {
    dir.write("colA/x.txt", story("First story", "From A."));
    dir.write("colB/x.txt", story("Second story", "From B."));
    const IndexStats first = index_roots({dir.path / "colA", dir.path / "colB"});
    BOOST_TEST(first.added == 2u);
    BOOST_TEST(first.articles_stored == 2u);
    const IndexStats again = index_roots({dir.path / "colA", dir.path / "colB"});
    BOOST_TEST(again.unchanged == 2u);
    BOOST_TEST(again.updated == 0u);
    BOOST_TEST(ids() == (std::set<std::string>{"colA/x.txt", "colB/x.txt"}));
}

BOOST_FIXTURE_TEST_CASE(roots_of_the_same_name_are_named_apart_and_stay_so, Fixture) {
    dir.write("one/news/x.txt", story("First story", "From one."));
    dir.write("two/news/x.txt", story("Second story", "From two."));
    index_roots({dir.path / "one/news"});
    index_roots({dir.path / "two/news"});
    BOOST_TEST(ids() == (std::set<std::string>{"news/x.txt", "two-news/x.txt"}));
    index_roots({dir.path / "two/news", dir.path / "one/news"});  // order does not rename
    BOOST_TEST(ids() == (std::set<std::string>{"news/x.txt", "two-news/x.txt"}));
}

BOOST_FIXTURE_TEST_CASE(a_run_given_some_roots_leaves_the_others, Fixture) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    dir.write("reuters/b.txt", story("Cocoa review", "Showers continued."));
    index_roots({dir.path / "bbc"});
    const IndexStats second = index_roots({dir.path / "reuters"});
    BOOST_TEST(second.deleted == 0u);
    BOOST_TEST(ids() == (std::set<std::string>{"bbc/a.txt", "reuters/b.txt"}));
}

// A path given inside a recorded root updates what lies there and nothing
// else: random files added, changed and removed all over the root, then a
// random folder or file of it (or two, or the whole root; one removed
// updates the folder above it) indexed, against a model that takes the disk
// for what lies in the paths given and keeps what it held for the rest.
BOOST_FIXTURE_TEST_CASE(a_path_inside_a_root_updates_only_what_lies_there, Fixture) {
    const std::vector<std::string> folders = {"", "world/", "world/asia/", "sport/", "sport/.old/"};
    std::mt19937 random(20261202);
    auto pick = [&](size_t n) { return static_cast<size_t>(random() % n); };
    std::map<std::string, std::string> disk, model;  // path inside the root -> headline
    int version = 0;
    auto change = [&] {
        const std::string rel = folders[pick(folders.size())] + fmt::format("{}.txt", pick(6));
        if (disk.count(rel) && pick(3) == 0) {
            fs::remove(src / rel);
            disk.erase(rel);
            return;
        }
        disk[rel] = fmt::format("Story {} version {}", pick(6), ++version);
        write(rel, story(disk[rel], "Body of " + rel + "."));
    };
    for (int i = 0; i < 12; ++i) change();
    IndexOptions first = options({src});
    first.allow_mass_delete = true;
    index(first);
    for (const auto& [rel, headline] : disk)
        if (!rel.starts_with("sport/.old/")) model[rel] = headline;  // hidden: never indexed
    for (int round = 0; round < 25; ++round) {
        for (int n = 1 + static_cast<int>(pick(4)); n > 0; --n) change();
        // One to three paths: a folder, a file on disk or one removed, or the root.
        std::vector<std::string> given, updated;
        for (int n = 1 + static_cast<int>(pick(3)); n > 0; --n) {
            std::vector<std::string> choices(folders.begin(), folders.end());
            for (const auto& [rel, headline] : disk) choices.push_back(rel);
            for (const auto& [rel, headline] : model) choices.push_back(rel);
            std::string path = choices[pick(choices.size())];
            if (path.ends_with('/')) path.pop_back();
            given.push_back(path);
            // A path not there (removed, or a folder never filled) updates
            // the nearest folder above it.
            while (!path.empty() && !fs::exists(src / path)) {
                const size_t slash = path.find_last_of('/');
                path.resize(slash == std::string::npos ? 0 : slash);
            }
            updated.push_back(path);
        }
        std::vector<fs::path> paths;
        for (const std::string& g : given) paths.push_back(g.empty() ? src : src / g);
        IndexOptions o = options(paths);
        o.allow_mass_delete = true;
        index(o);
        auto in_given = [&](const std::string& rel) {
            if (rel.starts_with("sport/.old/")) return false;  // hidden, even when given
            return std::any_of(updated.begin(), updated.end(), [&](const std::string& g) {
                return g.empty() || rel == g || rel.starts_with(g + "/");
            });
        };
        std::erase_if(model, [&](const auto& entry) { return in_given(entry.first); });
        for (const auto& [rel, headline] : disk)
            if (in_given(rel)) model[rel] = headline;
        std::set<std::string> want;
        for (const auto& [rel, headline] : model) want.insert("src/" + rel);
        BOOST_TEST_REQUIRE(ids() == want, "round " << round << ", given " << given.size());
        for (const auto& [rel, headline] : model)
            BOOST_TEST(this->headline("src/" + rel) == headline, rel);
    }
    const auto roots = list_roots(db.string(), env);  // the paths given made no roots
    BOOST_TEST_REQUIRE(roots.size() == 1u);
    BOOST_TEST(roots.front().root.name == "src");
}

BOOST_FIXTURE_TEST_CASE(a_run_given_no_roots_reindexes_every_recorded_root, Fixture) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    dir.write("reuters/b.txt", story("Cocoa review", "Showers continued."));
    dir.write("reuters/c.txt", story("Sugar prices", "Sugar rose."));
    dir.write("reuters/d.txt", story("Tin council", "Tin fell."));
    index_roots({dir.path / "bbc", dir.path / "reuters"});
    dir.write("bbc/e.txt", story("Tram opens", "Line 3 opened."));
    fs::remove(dir.path / "reuters/b.txt");
    dir.write("reuters/f.txt", story("Coffee talks", "Quota talks resumed."));
    const IndexStats s = index_roots({});
    BOOST_TEST(s.roots == 2u);
    BOOST_TEST(s.added == 2u);
    BOOST_TEST(s.deleted == 1u);
    BOOST_TEST(ids() == (std::set<std::string>{"bbc/a.txt", "bbc/e.txt", "reuters/c.txt",
                                               "reuters/d.txt", "reuters/f.txt"}));
}

BOOST_FIXTURE_TEST_CASE(a_mistyped_root_touches_nothing, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    const auto before = fs::last_write_time(db);
    BOOST_CHECK_THROW(index_roots({dir.path / "srcc"}), IndexError);
    BOOST_TEST(observer.warned("srcc"));
    BOOST_TEST(ids() == (std::set<std::string>{"src/a.txt"}));
    BOOST_TEST((fs::last_write_time(db) == before));
}

BOOST_FIXTURE_TEST_CASE(a_missing_root_deletes_nothing_and_the_run_is_partial, Fixture) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    dir.write("reuters/b.txt", story("Cocoa review", "Showers continued."));
    index_roots({dir.path / "bbc", dir.path / "reuters"});
    fs::rename(dir.path / "reuters", dir.path / "unmounted");
    dir.write("bbc/c.txt", story("Tram opens", "Line 3 opened."));
    const IndexStats s = index_roots({});
    BOOST_TEST(s.partial());
    BOOST_TEST(s.added == 1u);
    BOOST_TEST(observer.warned("root 'reuters'"));
    BOOST_TEST(has("reuters/b.txt"));
    // Given by name or by its old path, it is still the same root.
    BOOST_CHECK_THROW(index_roots({dir.path / "reuters"}), IndexError);
    BOOST_TEST(has("reuters/b.txt"));
}

BOOST_FIXTURE_TEST_CASE(an_unreadable_folder_keeps_its_articles, Fixture) {
    write("sport/a.txt", story("Cup final", "The final was played."));
    write("sport/b.txt", story("Cup replay", "The replay was played."));
    write("news/c.txt", story("Harbor vote", "The council voted."));
    index();
    env.unreadable.insert(src / "sport");
    write("news/d.txt", story("Tram opens", "Line 3 opened."));
    const IndexStats s = index();
    BOOST_TEST(s.partial());
    BOOST_TEST(s.deleted == 0u);
    BOOST_TEST(s.kept == 2u);
    BOOST_TEST(observer.warned(
        "src/sport: could not be read, so nothing in it was indexed; its 2 articles are kept"));
    BOOST_TEST(ids().size() == 4u);
    // A rebuild carries them over too.
    const IndexStats r = rebuild();
    BOOST_TEST(r.partial());
    BOOST_TEST(ids().size() == 4u);
    env.unreadable.clear();
    fs::remove(src / "sport/a.txt");
    BOOST_TEST(index().deleted == 1u);
    BOOST_TEST(!has("src/sport/a.txt"));
}

BOOST_FIXTURE_TEST_CASE(an_unreadable_root_is_an_error_and_deletes_nothing, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    env.unreadable.insert(src);
    BOOST_CHECK_THROW(index(), IndexError);
    BOOST_TEST(observer.warned("root 'src'"));
    BOOST_TEST(has("src/a.txt"));
}

BOOST_FIXTURE_TEST_CASE(a_root_found_empty_deletes_nothing_unless_told, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    write("b.txt", story("Tram opens", "Line 3 opened."));
    index();
    fs::remove(src / "a.txt");
    fs::remove(src / "b.txt");
    const IndexStats held = index();
    BOOST_TEST(held.partial());
    BOOST_TEST(held.deleted == 0u);
    BOOST_TEST(observer.warned("--allow-mass-delete"));
    BOOST_TEST(count() == 2u);
    IndexOptions o = options({src});
    o.allow_mass_delete = true;
    const IndexStats told = index(o);
    BOOST_TEST(told.deleted == 2u);
    BOOST_TEST(!told.partial());
    BOOST_TEST(count() == 0u);
}

BOOST_FIXTURE_TEST_CASE(losing_more_than_half_of_a_root_is_held_back, Fixture) {
    for (int i = 0; i < 5; ++i)
        write("f" + std::to_string(i) + ".txt", story("Story " + std::to_string(i), "Body."));
    index();
    fs::remove(src / "f0.txt");
    fs::remove(src / "f1.txt");
    BOOST_TEST(index().deleted == 2u);  // 2 of 5: an ordinary clean-up
    fs::remove(src / "f2.txt");
    fs::remove(src / "f3.txt");
    const IndexStats held = index();  // 2 of 3: more than half
    BOOST_TEST(held.deleted == 0u);
    BOOST_TEST(held.partial());
    BOOST_TEST(count() == 3u);
}

BOOST_FIXTURE_TEST_CASE(no_delete_keeps_articles_of_gone_files, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    write("b.txt", story("Tram opens", "Line 3 opened."));
    write("c.txt", story("Ferry late", "The ferry ran late."));
    index();
    fs::remove(src / "a.txt");
    IndexOptions o = options({src});
    o.keep_missing = true;
    const IndexStats s = index(o);
    BOOST_TEST(s.deleted == 0u);
    BOOST_TEST(!s.partial());
    BOOST_TEST(has("src/a.txt"));
}

BOOST_FIXTURE_TEST_CASE(one_source_id_in_two_files_makes_two_articles_that_live_apart, Fixture) {
    write("a.jsonl", R"({"id": "x1", "headline": "Harbor vote", "body": "From a."})"
                     "\n");
    write("b.jsonl", R"({"id": "x1", "headline": "Harbor vote", "body": "From b."})"
                     "\n"
                     R"({"id": "x2", "headline": "Tram opens", "body": "From b."})"
                     "\n");
    index();
    BOOST_TEST(ids() ==
               (std::set<std::string>{"src/a.jsonl#x1", "src/b.jsonl#x1", "src/b.jsonl#x2"}));
    fs::remove(src / "b.jsonl");
    IndexOptions o = options({src});
    o.allow_mass_delete = true;  // b held 2 of the root's 3 articles
    BOOST_TEST(index(o).deleted == 1u);
    BOOST_TEST(ids() == (std::set<std::string>{"src/a.jsonl#x1"}));
    BOOST_TEST(index().unchanged == 1u);
}

BOOST_FIXTURE_TEST_CASE(an_id_repeated_in_one_file_keeps_its_last_article, Fixture) {
    std::string lines;
    for (int v = 0; v < 3; ++v)
        lines += R"({"id": "x", "headline": "Version )" + std::to_string(v) +
                 R"(", "body": "Body."})" + "\n";
    write("a.jsonl", lines);
    index();
    BOOST_TEST(count() == 1u);
    BOOST_TEST(headline("src/a.jsonl#x") == "Version 2");
    BOOST_TEST(observer.warned("only its last article is kept"));
    rebuild();
    BOOST_TEST(count() == 1u);
}

BOOST_FIXTURE_TEST_CASE(links_are_followed_only_inside_the_roots, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    const fs::path outside = dir.write("secret/shadow.txt", story("Secret", "Do not publish."));
    fs::create_symlink(outside, src / "leak.txt");
    fs::create_symlink(src / "a.txt", src / "alias.txt");
    const IndexStats s = index();
    BOOST_TEST(ids() == (std::set<std::string>{"src/a.txt", "src/alias.txt"}));
    BOOST_TEST(s.skipped == 1u);
    BOOST_TEST(observer.warned("leak.txt: a link leading out of the indexed folders"));
    IndexOptions o = options({src});
    o.follow_symlinks = true;
    index(o);
    BOOST_TEST(has("src/leak.txt"));
}

BOOST_FIXTURE_TEST_CASE(the_database_inside_its_root_is_never_indexed, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    db = src / "db";
    index();
    BOOST_TEST(ids() == (std::set<std::string>{"src/a.txt"}));
    const IndexStats again = index();
    BOOST_TEST(again.unchanged == 1u);
    BOOST_TEST(again.added + again.updated == 0u);
    rebuild();
    BOOST_TEST(ids() == (std::set<std::string>{"src/a.txt"}));
}

BOOST_FIXTURE_TEST_CASE(a_trailing_slash_names_the_same_database, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    IndexOptions o = options({src});
    o.database = db.string() + "/";
    index(o);  // a first build
    o.rebuild = true;
    index(o);
    compact_database(o.database, false, env, observer);
    BOOST_TEST(count() == 1u);
    for (const char* leftover : {".rebuild", ".parts", ".old"})
        BOOST_TEST(!fs::exists(db.string() + leftover), leftover);
    BOOST_TEST(!fs::exists(db / ".rebuild"));
}

BOOST_FIXTURE_TEST_CASE(bad_new_version_keeps_old_articles, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    write("a.txt", "   \n\n  ");
    const IndexStats s = index();
    BOOST_TEST(s.failed == 1u);
    BOOST_TEST(has("src/a.txt"));
    BOOST_TEST(observer.warned("src/a.txt"));
    rebuild();  // a fresh build keeps them too
    BOOST_TEST(has("src/a.txt"));
}

BOOST_FIXTURE_TEST_CASE(failed_commit_loses_nothing_committed_before, Fixture) {
    write("first.txt", story("First story", "Body text."));
    index();
    for (int i = 0; i < 1500; ++i)
        write("f" + std::to_string(i) + ".txt", story("Story " + std::to_string(i), "Body text."));
    env.commits_allowed = 1;  // the first batch commits, the next one hits a full disk
    BOOST_CHECK_THROW(index(), IndexError);
    const auto committed = count();
    BOOST_TEST(committed >= 1001u);
    BOOST_TEST(committed < 1501u);
    // After space is freed, a re-run completes the work without duplicates.
    env.commits_allowed = 1 << 30;
    index();
    BOOST_TEST(count() == 1501u);
    BOOST_TEST(index().unchanged == 1501u);
}

BOOST_FIXTURE_TEST_CASE(a_big_new_file_cut_by_a_failed_commit_is_not_indexed_twice, Fixture) {
    write("first.txt", story("First story", "Body text."));
    index();
    std::string lines;  // one new file whose articles span two commits
    for (int i = 0; i < 1500; ++i)
        lines +=
            R"({"id": "a)" + std::to_string(i) + R"(", "headline": "Story", "body": "B."})" + "\n";
    write("big.jsonl", lines);
    env.commits_allowed = 1;  // its first 1,000 articles commit, its record never does
    BOOST_CHECK_THROW(index(), IndexError);
    BOOST_TEST(count() > 1u);
    env.commits_allowed = 1 << 30;
    index();
    BOOST_TEST(count() == 1501u);
}

BOOST_FIXTURE_TEST_CASE(failed_rebuild_leaves_the_old_database, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    write("b.txt", story("Tram opens", "Line 3 opened."));
    env.commits_allowed = 0;
    BOOST_CHECK_THROW(rebuild(), IndexError);
    BOOST_TEST(count() == 1u);
    BOOST_TEST(has("src/a.txt"));
    // Nothing of the failed build is left to take up disk space.
    BOOST_TEST(!fs::exists(db.string() + ".parts"));
    BOOST_TEST(!fs::exists(db.string() + ".rebuild"));
    env.commits_allowed = 1 << 30;
    BOOST_TEST(rebuild().added == 1u);
    BOOST_TEST(count() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_swap_that_fails_leaves_the_old_database, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    write("b.txt", story("Tram opens", "Line 3 opened."));
    env.renames_fail = true;
    BOOST_CHECK_THROW(rebuild(), IndexError);
    BOOST_TEST(ids() == (std::set<std::string>{"src/a.txt"}));
    env.renames_fail = false;
    BOOST_TEST(index().added == 1u);  // the next run clears what was left and carries on
    BOOST_TEST(!fs::exists(db.string() + ".rebuild"));
}

BOOST_FIXTURE_TEST_CASE(a_compaction_that_fails_leaves_nothing_behind, Fixture) {
    for (int i = 0; i < 3; ++i)
        write("f" + std::to_string(i) + ".txt", story("Story " + std::to_string(i), "Body."));
    index();
    env.compactions_fail = true;
    BOOST_CHECK_THROW(rebuild(), IndexError);
    BOOST_CHECK_THROW(compact_database(db.string(), false, env, observer), IndexError);
    BOOST_TEST(count() == 3u);
    BOOST_TEST(!fs::exists(db.string() + ".parts"));
    BOOST_TEST(!fs::exists(db.string() + ".rebuild"));
    env.compactions_fail = false;
    BOOST_TEST(rebuild().unchanged == 3u);
}

BOOST_FIXTURE_TEST_CASE(rebuild_swaps_in_a_fresh_database, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    write("b.txt", story("Tram opens", "Line 3 opened."));
    write("c.txt", story("Ferry late", "The ferry ran late."));
    index();
    fs::remove(src / "a.txt");
    write("d.txt", story("Museum reopens", "Doors open."));
    const IndexStats s = rebuild();
    BOOST_TEST(s.added == 1u);
    BOOST_TEST(s.unchanged == 2u);
    BOOST_TEST(s.deleted == 1u);
    BOOST_TEST(ids() == (std::set<std::string>{"src/b.txt", "src/c.txt", "src/d.txt"}));
    BOOST_TEST(!fs::exists(db.string() + ".rebuild"));
}

BOOST_FIXTURE_TEST_CASE(every_writer_takes_the_one_lock, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    const auto held = default_env().lock(DatabaseFiles(db).lock, false);
    BOOST_REQUIRE(held);
    auto locked = [&](auto&& attempt) {
        try {
            attempt();
        } catch (const IndexError& e) {
            return std::string(e.what()).find("locked by another indexer") != std::string::npos;
        }
        return false;
    };
    BOOST_TEST(locked([&] { index(); }));
    BOOST_TEST(locked([&] { rebuild(); }));
    IndexOptions sharded = options({src});
    sharded.shards = 3;
    BOOST_TEST(locked([&] { index(sharded); }));
    BOOST_TEST(locked([&] { compact_database(db.string(), false, env, observer); }));
    BOOST_TEST(locked([&] { forget_roots(db.string(), {"src"}, false, env, observer); }));
    // A first build too, before it creates anything.
    fs::remove_all(db);
    BOOST_TEST(locked([&] { index(); }));
    BOOST_TEST(!fs::exists(db));
}

BOOST_FIXTURE_TEST_CASE(wait_lets_a_second_indexer_queue, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    write("b.txt", story("Tram opens", "Line 3 opened."));
    auto held = default_env().lock(DatabaseFiles(db).lock, false);
    BOOST_REQUIRE(held);
    // The holder lets go when the second indexer says it is waiting.
    std::jthread release;
    observer.on_warning = [&](const std::string& m) {
        if (m.find("waiting") != std::string::npos) release = std::jthread([&] { held.reset(); });
    };
    IndexOptions o = options({src});
    o.wait = true;
    BOOST_TEST(index(o).added == 1u);
    BOOST_TEST(observer.warned("waiting for another indexer"));
}

BOOST_FIXTURE_TEST_CASE(another_program_writing_the_database_is_named_as_such, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    write("b.txt", story("Tram opens", "Line 3 opened."));
    const Xapian::WritableDatabase holder(db.string());
    try {
        index();
        BOOST_FAIL("expected an error");
    } catch (const IndexError& e) {
        BOOST_TEST(std::string(e.what()).find("another program") != std::string::npos, e.what());
    }
}

BOOST_FIXTURE_TEST_CASE(new_weights_need_a_rebuild, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    IndexOptions o = options({src});
    o.headline_weight = 5;
    BOOST_CHECK_THROW(index(o), IndexError);
    o.rebuild = true;
    index(o);
    o.rebuild = false;
    BOOST_TEST(index(o).unchanged == 1u);
    const schema::Settings settings = schema::read_settings(
        [&](const std::string& k) { return Xapian::Database(db.string()).get_metadata(k); });
    BOOST_TEST(settings.weights.headline == 5u);
    BOOST_TEST(index().unchanged == 1u);  // no weights given: the database's own
}

BOOST_FIXTURE_TEST_CASE(a_database_of_the_old_id_scheme_asks_for_a_rebuild, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    {
        Xapian::WritableDatabase old(db.string(), Xapian::DB_CREATE);
        Xapian::Document d;
        d.add_boolean_term(id_term("a.txt"));
        old.add_document(d);
        old.set_metadata("gazette.version", "2");
        old.set_metadata("gazette.file:a.txt", "1 1 0000000000000001 1\ta.txt");
        old.commit();
    }
    try {
        index();
        BOOST_FAIL("expected an error");
    } catch (const IndexError& e) {
        BOOST_TEST(std::string(e.what()).find("--rebuild") != std::string::npos, e.what());
    }
    BOOST_TEST(count() == 1u);
    rebuild();
    BOOST_TEST(ids() == (std::set<std::string>{"src/a.txt"}));
}

BOOST_FIXTURE_TEST_CASE(year_shards_merge_back_into_one_database, Fixture) {
    write("a.txt", "Headline: Harbor vote\nDate: 2023-05-01\n\nThe council voted.\n");
    write("b.txt", "Headline: Tram opens\nDate: 2024-02-03\n\nLine 3 opened.\n");
    write("c.txt", story("Undated note", "Nothing says when."));
    IndexOptions o = options({src});
    o.shard_by_year = true;
    BOOST_TEST(index(o).added == 3u);
    std::ifstream stub(db / "XAPIANDB");
    const std::string shards((std::istreambuf_iterator<char>(stub)), {});
    BOOST_TEST(shards == "auto undated\nauto year2023\nauto year2024\n");
    BOOST_TEST(count() == 3u);

    compact_database(db.string(), false, env, observer);
    BOOST_TEST(!fs::exists(db / "XAPIANDB"));
    BOOST_TEST(count() == 3u);
    BOOST_TEST(has("src/b.txt"));
    BOOST_TEST(index().unchanged == 3u);  // the file records came along
}

BOOST_FIXTURE_TEST_CASE(a_sharded_database_stays_sharded_and_keeps_other_roots, Fixture) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    dir.write("reuters/b.txt", story("Cocoa review", "Showers continued."));
    IndexOptions o = options({dir.path / "bbc", dir.path / "reuters"});
    o.shards = 3;
    index(o);
    dir.write("bbc/c.txt", story("Tram opens", "Line 3 opened."));
    const IndexStats s = index_roots({dir.path / "bbc"});  // no --shards: kept as it is
    BOOST_TEST(s.added == 1u);
    std::ifstream stub(db / "XAPIANDB");
    const std::string shards((std::istreambuf_iterator<char>(stub)), {});
    BOOST_TEST(shards == "auto shard0\nauto shard1\nauto shard2\n");
    BOOST_TEST(ids() == (std::set<std::string>{"bbc/a.txt", "bbc/c.txt", "reuters/b.txt"}));
    BOOST_TEST(index_roots({}).unchanged == 3u);
}

BOOST_FIXTURE_TEST_CASE(forget_removes_a_root_and_all_its_articles, Fixture) {
    for (const unsigned shards : {1u, 2u}) {
        fs::remove_all(db);
        dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
        dir.write("reuters/b.txt", story("Cocoa review", "Showers continued."));
        IndexOptions o = options({dir.path / "bbc", dir.path / "reuters"});
        o.shards = shards;
        index(o);
        BOOST_TEST(forget_roots(db.string(), {"reuters"}, false, env, observer) == 1u);
        BOOST_TEST(ids() == (std::set<std::string>{"bbc/a.txt"}));
        BOOST_TEST(list_roots(db.string(), env).size() == 1u);
        BOOST_CHECK_THROW(forget_roots(db.string(), {"reuters"}, false, env, observer), IndexError);
        BOOST_TEST(index_roots({}).unchanged == 1u);  // bbc only now
    }
}

BOOST_FIXTURE_TEST_CASE(roots_are_listed_with_their_files_and_articles, Fixture) {
    dir.write("bbc/a.txt", story("Harbor vote", "The council voted."));
    dir.write("feeds/f.jsonl", R"({"id": "1", "headline": "A", "body": "x"})"
                               "\n"
                               R"({"id": "2", "headline": "B", "body": "y"})"
                               "\n");
    index_roots({dir.path / "bbc", dir.path / "feeds"});
    fs::remove_all(dir.path / "feeds");
    const auto roots = list_roots(db.string(), env);
    BOOST_REQUIRE_EQUAL(roots.size(), 2u);
    BOOST_TEST(roots[0].root.name == "bbc");
    BOOST_TEST(roots[0].files == 1u);
    BOOST_TEST(roots[1].articles == 2u);
    BOOST_TEST(roots[0].present);
    BOOST_TEST(!roots[1].present);
}

BOOST_FIXTURE_TEST_CASE(a_kernel_file_system_is_never_read, Fixture) {
    BOOST_CHECK_THROW(index_roots({"/proc/kmsg"}), IndexError);
    BOOST_TEST(observer.warned("kernel file system"));
}

// A big file changed in place holds exactly its new articles after the run,
// model-based: a JSONL of thousands of articles, edited at random (articles
// dropped, added, retitled), is indexed again a few times, and the database
// is compared with the file: every headline once, nothing else. Xapian
// writes pending changes out every XAPIAN_FLUSH_THRESHOLD documents (10,000
// by default); set low here, a file of 3,000 articles crosses it as one of
// 40,000 does by default, where an update left old articles behind or failed
// with DatabaseCorruptError (env.cpp: delete_all).
BOOST_FIXTURE_TEST_CASE(a_big_file_changed_in_place_holds_exactly_its_new_articles, Fixture) {
    ::setenv("XAPIAN_FLUSH_THRESHOLD", "100", 1);
    std::mt19937 random(20261201);
    std::map<std::string, std::string> model;  // id -> headline
    int next = 0;
    const auto add = [&] {
        const std::string id = fmt::format("a{}", next++);
        model[id] = "Story " + id;
    };
    for (int i = 0; i < 3000; ++i) add();
    for (int round = 0; round < 4; ++round) {
        std::string jsonl;
        for (const auto& [id, headline] : model)
            jsonl += fmt::format(R"({{"id":"{}","headline":"{}","body":"Filed in round {}."}})", id,
                                 headline, round) +
                     "\n";
        write("feed.jsonl", jsonl);
        BOOST_TEST(index().failed == 0u, "round " << round);

        Xapian::Database d(db.string());
        const StoredCodec codec(d.get_metadata(schema::kDictionaryKey));
        std::vector<std::string> found, want;
        for (auto it = d.postlist_begin(""); it != d.postlist_end(""); ++it)
            found.push_back(codec.decode(d.get_document(*it).get_data()).headline);
        for (const auto& [id, headline] : model) want.push_back(headline);
        std::sort(found.begin(), found.end());
        BOOST_TEST(found == want, "round " << round << ": " << found.size() << " articles, "
                                           << want.size() << " in the file");

        for (auto it = model.begin(); it != model.end();) {
            if (random() % 10 == 0) {
                it = model.erase(it);
                continue;
            }
            if (random() % 10 == 0) it->second += " (updated)";
            ++it;
        }
        for (int n = static_cast<int>(random() % 600); n > 0; --n) add();
    }
    ::unsetenv("XAPIAN_FLUSH_THRESHOLD");
}

// A folder given twice, however spelt (src, src/, src/../src), is one root:
// its articles are stored once and its files counted once, on a first build,
// a rebuild and an update alike.
BOOST_FIXTURE_TEST_CASE(a_folder_given_twice_is_indexed_once, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    write("b.txt", story("Tram opens", "Line 3 opened."));
    const std::vector<fs::path> twice = {src, src.string() + "/", src / ".." / "src"};
    IndexStats s = index_roots(twice);
    BOOST_TEST(s.added == 2u);
    BOOST_TEST(count() == 2u);
    IndexOptions o = options(twice);
    o.rebuild = true;
    s = index(o);
    BOOST_TEST(count() == 2u);
    write("c.txt", story("Bridge shuts", "The bridge shut."));
    s = index_roots(twice);
    BOOST_TEST(s.added == 1u);
    BOOST_TEST(s.unchanged == 2u);
    BOOST_TEST(count() == 3u);
}
