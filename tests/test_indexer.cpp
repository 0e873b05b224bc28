#include <xapian.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "document.h"
#include "indexer.h"
#include "schema.h"
#include "stored.h"
#include "temp_dir.h"

using namespace gazette;

namespace {

struct Collect : IndexObserver {
    std::vector<std::string> warnings;
    void warning(const std::string& m) override { warnings.push_back(m); }
};

// The real Env, but its database fails after a set number of commits, as a
// full disk or a crash would.
struct FailingEnv : Env {
    int commits_allowed;
    explicit FailingEnv(int n) : commits_allowed(n) {}

    struct Sink : DatabaseSink {
        std::unique_ptr<DatabaseSink> real;
        int* allowed;
        void replace(const std::string& t, const Xapian::Document& d) override {
            real->replace(t, d);
        }
        Xapian::docid add(const Xapian::Document& d) override { return real->add(d); }
        void delete_all(const std::string& t) override { real->delete_all(t); }
        void set_metadata(const std::string& k, const std::string& v) override {
            real->set_metadata(k, v);
        }
        std::string get_metadata(const std::string& k) const override {
            return real->get_metadata(k);
        }
        std::vector<std::string> metadata_keys(const std::string& p) const override {
            return real->metadata_keys(p);
        }
        Xapian::doccount doc_count() const override { return real->doc_count(); }
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
    std::filesystem::path db = dir.path / "db";
    std::filesystem::path src = dir.path / "src";
    Collect observer;

    IndexStats index(Env& env = default_env(), bool rebuild = false) {
        IndexOptions o;
        o.database = db;
        o.roots = {src};
        o.threads = 2;
        o.rebuild = rebuild;
        return index_files(o, env, observer);
    }
    void write(const std::string& rel, const std::string& content) {
        dir.write("src/" + rel, content);
    }
    Xapian::doccount count() const { return Xapian::Database(db).get_doccount(); }
    bool has(const std::string& id) const { return Xapian::Database(db).term_exists(id_term(id)); }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(rerun_without_changes_touches_nothing, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    write("b.txt", story("Tram opens", "Line 3 opened."));
    BOOST_TEST(index().added == 2u);
    const IndexStats again = index();
    BOOST_TEST(again.unchanged == 2u);
    BOOST_TEST(again.added + again.updated + again.deleted == 0u);
    BOOST_TEST(count() == 2u);
}

BOOST_FIXTURE_TEST_CASE(changed_file_reindexed_and_gone_file_deleted, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    write("b.txt", story("Tram opens", "Line 3 opened."));
    index();
    write("a.txt", story("Harbor vote delayed", "The council postponed the vote."));
    std::filesystem::remove(src / "b.txt");
    write("c.txt", story("Museum reopens", "Doors open."));
    const IndexStats s = index();
    BOOST_TEST(s.updated == 1u);
    BOOST_TEST(s.deleted == 1u);
    BOOST_TEST(s.added == 1u);
    BOOST_TEST(count() == 2u);
    BOOST_TEST(!has("b.txt"));
    BOOST_TEST(Xapian::Database(db).term_exists("postpon") ==
               false);  // stemmed terms are Z-prefixed
    BOOST_TEST(Xapian::Database(db).term_exists("postponed"));
}

BOOST_FIXTURE_TEST_CASE(bad_new_version_keeps_old_articles, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    write("a.txt", "   \n\n  ");
    const IndexStats s = index();
    BOOST_TEST(s.failed == 1u);
    BOOST_TEST(has("a.txt"));
    BOOST_TEST(observer.warnings.back().find("a.txt") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(failed_commit_loses_nothing_committed_before, Fixture) {
    write("first.txt", story("First story", "Body text."));
    index();
    for (int i = 0; i < 1500; ++i)
        write("f" + std::to_string(i) + ".txt", story("Story " + std::to_string(i), "Body text."));
    FailingEnv full(1);  // the first batch commits, the next one hits a full disk
    BOOST_CHECK_THROW(index(full), IndexError);
    const auto committed = count();
    BOOST_TEST(committed >= 1001u);
    BOOST_TEST(committed < 1501u);
    // After space is freed, a re-run completes the work without duplicates.
    index();
    BOOST_TEST(count() == 1501u);
    BOOST_TEST(index().unchanged == 1501u);
}

BOOST_FIXTURE_TEST_CASE(failed_rebuild_leaves_the_old_database, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    write("b.txt", story("Tram opens", "Line 3 opened."));
    FailingEnv full(0);
    BOOST_CHECK_THROW(index(full, true), IndexError);
    BOOST_TEST(count() == 1u);
    BOOST_TEST(has("a.txt"));
    // Nothing of the failed build is left to take up disk space.
    BOOST_TEST(!std::filesystem::exists(db.string() + ".parts"));
    BOOST_TEST(!std::filesystem::exists(db.string() + ".rebuild"));
    BOOST_TEST(index(default_env(), true).added == 2u);
    BOOST_TEST(count() == 2u);
}

BOOST_FIXTURE_TEST_CASE(rebuild_swaps_in_a_fresh_database, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    std::filesystem::remove(src / "a.txt");
    write("b.txt", story("Tram opens", "Line 3 opened."));
    const IndexStats s = index(default_env(), true);
    BOOST_TEST(s.added == 1u);
    BOOST_TEST(count() == 1u);
    BOOST_TEST(has("b.txt"));
    BOOST_TEST(!std::filesystem::exists(db.string() + ".rebuild"));
}

BOOST_FIXTURE_TEST_CASE(second_indexer_told_database_is_locked, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    Xapian::WritableDatabase holder(db.string());
    try {
        index();
        BOOST_FAIL("expected a lock error");
    } catch (const IndexError& e) {
        BOOST_TEST(std::string(e.what()).find("locked by another indexer") != std::string::npos);
    }
}

BOOST_FIXTURE_TEST_CASE(wait_lets_a_second_indexer_queue, Fixture) {
    write("a.txt", story("Harbor vote", "The council voted."));
    index();
    write("b.txt", story("Tram opens", "Line 3 opened."));
    auto holder = std::make_unique<Xapian::WritableDatabase>(db.string());
    std::jthread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        holder.reset();
    });
    IndexOptions o;
    o.database = db;
    o.roots = {src};
    o.wait = true;
    BOOST_TEST(index_files(o, default_env(), observer).added == 1u);
    BOOST_TEST(observer.warnings.front().find("waiting") != std::string::npos);
}

// A fresh build adds documents without looking for older copies, so an id
// given twice must still end with one article: the last one, as re-indexing
// would leave it.
BOOST_FIXTURE_TEST_CASE(repeated_id_keeps_its_last_article_in_a_fresh_build, Fixture) {
    auto line = [](const std::string& id, size_t version) {
        return R"({"id": ")" + id + R"(", "headline": "Harbor report", "body": "version )" +
               std::to_string(version) + " of the story.\"}\n";
    };
    // Ids r0..r999 come twice, far apart (other batches, builders and parts);
    // "twin" twice in a row (one batch); "shared" in both files.
    std::string first, second;
    for (size_t i = 0; i < 5000; ++i) first += line("r" + std::to_string(i % 4000), i);
    first += line("twin", 1) + line("twin", 2) + line("shared", 1);
    second += line("shared", 2);
    write("a.jsonl", first);
    write("b.jsonl", second);
    index();

    Xapian::Database database(db.string());
    BOOST_TEST(database.get_doccount() == 4002u);
    const StoredCodec codec(database.get_metadata(schema::kDictionaryKey));
    auto body = [&](const std::string& id) {
        const Xapian::PostingIterator p = database.postlist_begin(id_term(id));
        BOOST_TEST_REQUIRE((p != database.postlist_end(id_term(id))), "no article " << id);
        BOOST_TEST(database.get_termfreq(id_term(id)) == 1u, id << " is there twice");
        return codec.decode(database.get_document(*p).get_data()).body;
    };
    BOOST_TEST(body("r5") == "version 4005 of the story.");
    BOOST_TEST(body("r999") == "version 4999 of the story.");
    BOOST_TEST(body("r1000") == "version 1000 of the story.");
    BOOST_TEST(body("twin") == "version 2 of the story.");
    BOOST_TEST(body("shared") == "version 2 of the story.");
}

BOOST_FIXTURE_TEST_CASE(year_shards_merge_back_into_one_database, Fixture) {
    write("a.txt", "Headline: Harbor vote\nDate: 2023-05-01\n\nThe council voted.\n");
    write("b.txt", "Headline: Tram opens\nDate: 2024-02-03\n\nLine 3 opened.\n");
    write("c.txt", story("Undated note", "Nothing says when."));
    IndexOptions o;
    o.database = db;
    o.roots = {src};
    o.shard_by_year = true;
    BOOST_TEST(index_files(o, default_env(), observer).added == 3u);
    std::ifstream stub(db / "XAPIANDB");
    const std::string shards((std::istreambuf_iterator<char>(stub)), {});
    BOOST_TEST(shards == "auto undated\nauto year2023\nauto year2024\n");
    BOOST_TEST(count() == 3u);

    compact_database(db.string(), false, default_env(), observer);
    BOOST_TEST(!std::filesystem::exists(db / "XAPIANDB"));
    BOOST_TEST(count() == 3u);
    BOOST_TEST(has("b.txt"));
    BOOST_TEST(index().unchanged == 3u);  // the file records came along
}
