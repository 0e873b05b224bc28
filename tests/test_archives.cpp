// Archives and big files end to end, with the real gazette-index: an archive
// is one file for incremental runs and each member an article file keyed
// `archive!member`; JSONL exports larger than the size cap index article by
// article; a big file that breaks off keeps what was read and is read again;
// the 20 Newsgroups tarball indexes as its 18,846 posts.
#include <xapian.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "archive_support.h"
#include "document.h"
#include "run_command.h"
#include "skip.h"
#include "temp_dir.h"
#include "test_support.h"

using namespace gazette;
using namespace gazette::test;
namespace fs = std::filesystem;

namespace {

const std::string kTimeout = "timeout -k 5 600 ";

struct Corpus {
    TempDir dir;
    fs::path src = dir.path / "src";
    fs::path db = dir.path / "db";

    Corpus() { add("keep.txt", story("Lighthouse relit")); }

    static std::string story(const std::string& headline) {
        return headline + "\n\nThe council met about the harbor.\n";
    }
    fs::path add(const std::string& name, const std::string& bytes) const {
        return dir.write("src/" + name, bytes);
    }
    Output index(const std::string& options = "", const std::string& root = "") const {
        return run(kTimeout + bin("gazette-index") + " -q -j 2 " + options + " --db " +
                   quote(db.string()) + " " + quote(root.empty() ? src.string() : root) + " 2>&1");
    }
    nlohmann::json stats() const {
        const auto r = run(bin("gazette-index") + " --stats-json --db " + quote(db.string()));
        BOOST_REQUIRE_EQUAL(r.status, 0);
        return nlohmann::json::parse(r.out);
    }
    bool has(const std::string& id) const {
        return Xapian::Database(db.string()).term_exists(id_term(id));
    }
    std::vector<std::string> headlines(const std::string& query) const {
        const auto r = run(bin("gazette-search") + " --format json --no-collapse -n 100 --db " +
                           quote(db.string()) + " " + quote(query));
        BOOST_REQUIRE_EQUAL(r.status, 0);
        const nlohmann::json found = nlohmann::json::parse(r.out);
        std::vector<std::string> out;
        for (const auto& hit : found["hits"]) out.push_back(hit["headline"]);
        return out;
    }
};

std::string jsonl(size_t first, size_t count, const std::string& extra = "") {
    std::string out;
    for (size_t i = first; i < first + count; ++i)
        out += R"({"id": "a)" + std::to_string(i) + R"(", "headline": "Story )" +
               std::to_string(i) + R"(", "body": "The tram and the ferry )" + extra + R"(."})" +
               "\n";
    return out;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

constexpr const char* kTarball = "data/20newsgroups/raw/20news-bydate.tar.zst";

}  // namespace

BOOST_AUTO_TEST_CASE(the_20_newsgroups_tarball_indexes_as_18846_posts,
                     *needs(shared_data({kTarball}))) {
    Corpus c;
    const std::string raw = fs::path(shared_path(kTarball)).parent_path().string();
    const auto first = c.index("", raw);
    BOOST_TEST(first.status == 0, first.out);
    const auto stats = c.stats();
    BOOST_TEST(stats["articles"] == 18846);
    BOOST_TEST(stats["files"] == 1);
    BOOST_TEST(c.has("raw/20news-bydate.tar.zst!20news-bydate-test/alt.atheism/53068"));
    const auto again = c.index("", raw);
    BOOST_TEST(has(again.out, "unchanged 1"), again.out);
}

BOOST_AUTO_TEST_CASE(an_archive_is_one_file_for_incremental_runs) {
    Corpus c;
    c.add("pack.tar.gz", make_archive("tar.gz", {{"a.txt", Corpus::story("Harbor vote")},
                                                 {"b.txt", Corpus::story("Tram opens")},
                                                 {"c.txt", Corpus::story("Ferry late")}}));
    BOOST_TEST(c.index().status == 0);
    BOOST_TEST(c.stats()["files"] == 2);
    BOOST_TEST(c.has("src/pack.tar.gz!b.txt"));

    c.add("pack.tar.gz", make_archive("tar.gz", {{"a.txt", Corpus::story("Harbor veto")},
                                                 {"b.txt", Corpus::story("Tram opens")}}));
    const auto changed = c.index();
    BOOST_TEST(has(changed.out, "updated 1, deleted 0, unchanged 1"), changed.out);
    BOOST_TEST(c.headlines("headline:vote OR headline:veto") ==
               (std::vector<std::string>{"Harbor veto"}));
    BOOST_TEST(!c.has("src/pack.tar.gz!c.txt"));

    fs::remove(c.src / "pack.tar.gz");
    const auto gone = c.index("--allow-mass-delete");
    BOOST_TEST(has(gone.out, "deleted 1"), gone.out);
    BOOST_TEST(c.stats()["articles"] == 1);
}

BOOST_AUTO_TEST_CASE(a_jsonl_export_bigger_than_the_cap_indexes_article_by_article) {
    Corpus c;
    const std::string export_ = jsonl(0, 3000);  // some 250 kB
    c.add("export.jsonl", export_);
    c.add("packed.jsonl", jsonl(5000, 3000));
    BOOST_REQUIRE(run("zstd -q --rm " + quote((c.src / "packed.jsonl").string())).status == 0);
    const auto r = c.index("--max-file-size 10000");
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(c.stats()["articles"] == 6001);
    BOOST_TEST(c.has("src/export.jsonl#a2999"));
    BOOST_TEST(c.has("src/packed.jsonl.zst#a5000"));
}

BOOST_AUTO_TEST_CASE(a_big_file_that_breaks_off_keeps_what_was_read_and_is_read_again) {
    Corpus c;
    const fs::path whole = c.dir.path / "whole.jsonl.zst";
    c.dir.write("whole.jsonl", jsonl(0, 20000));
    BOOST_REQUIRE(run("zstd -q --rm " + quote((c.dir.path / "whole.jsonl").string())).status == 0);
    const std::string packed = read_file(whole.string());
    c.add("cut.jsonl.zst", packed.substr(0, packed.size() / 2));

    const auto first = c.index();
    BOOST_TEST(first.status == 1, first.out);
    BOOST_TEST(has(first.out, "will be read again"), first.out);
    const size_t kept = c.stats()["articles"];
    BOOST_TEST(kept > 1000u);
    BOOST_TEST(kept < 20001u);
    BOOST_TEST(c.has("src/cut.jsonl.zst#a0"));

    const auto again = c.index();  // read again, the same articles, none twice
    BOOST_TEST(has(again.out, "failed 1"), again.out);
    BOOST_TEST(c.stats()["articles"] == kept);

    fs::copy_file(whole, c.src / "cut.jsonl.zst", fs::copy_options::overwrite_existing);
    const auto mended = c.index();
    BOOST_TEST(mended.status == 0, mended.out);
    BOOST_TEST(c.stats()["articles"] == 20001);
}

BOOST_AUTO_TEST_CASE(an_id_given_again_late_in_a_file_keeps_its_last_article) {
    Corpus c;
    c.add("feed.jsonl", R"({"id": "x", "headline": "Version one", "body": "Museum."})"
                        "\n" +
                            jsonl(0, 250) +
                            R"({"id": "x", "headline": "Version two", "body": "Museum."})"
                            "\n");
    BOOST_TEST(c.index().status == 0);
    BOOST_TEST(c.headlines("museum") == (std::vector<std::string>{"Version two"}));
    BOOST_TEST(c.stats()["articles"] == 252);
    // The same in an update (a file changed) and in a rebuild.
    c.add("feed.jsonl", R"({"id": "x", "headline": "Version three", "body": "Museum."})"
                        "\n" +
                            jsonl(0, 250, "again") +
                            R"({"id": "x", "headline": "Version four", "body": "Museum."})"
                            "\n");
    BOOST_TEST(c.index().status == 0);
    BOOST_TEST(c.headlines("museum") == (std::vector<std::string>{"Version four"}));
    BOOST_TEST(c.index("--rebuild").status == 0);
    BOOST_TEST(c.headlines("museum") == (std::vector<std::string>{"Version four"}));
    BOOST_TEST(c.stats()["articles"] == 252);
}

BOOST_AUTO_TEST_CASE(images_in_an_archive_are_left_alone_without_a_warning) {
    Corpus c;
    c.add("site.zip", make_archive("zip", {{"news/logo.png", std::string("\x89PNG\r\n\x1a\n\0", 9)},
                                           {"news/good.txt", Corpus::story("Harbor vote")}}));
    const auto r = c.index();
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(!has(r.out, "warning"), r.out);
    BOOST_TEST(c.has("src/site.zip!news/good.txt"));
    BOOST_TEST(!c.has("src/site.zip!news/logo.png"));
}

BOOST_AUTO_TEST_CASE(a_bad_member_is_named_and_the_rest_of_the_archive_indexes) {
    Corpus c;
    c.add("pack.zip", make_archive("zip", {{"news/empty.txt", ""},
                                           {"news/good.txt", Corpus::story("Harbor vote")}}));
    const auto r = c.index();
    BOOST_TEST(r.status == 1, r.out);  // partial: a member could not be read
    BOOST_TEST(has(r.out, "warning: src/pack.zip!news/empty.txt: empty file"), r.out);
    BOOST_TEST(has(r.out, "1 unreadable"), r.out);
    BOOST_TEST(c.has("src/pack.zip!news/good.txt"));
}
