// The reader of one file as a stream of articles (indexer/file_reader.h):
// files that hold many articles are split and capped per article, archives
// give each member its own key and its own failures, compressed files
// inflate, bombs are refused, and an id given again keeps its last article.
#include <boost/test/unit_test.hpp>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "archive_support.h"
#include "file_reader.h"
#include "parser.h"

using namespace gazette;
using test::make_archive;

namespace {

struct Collected : ArticleSink {
    std::vector<std::vector<Article>> batches;
    std::vector<std::string> warnings, skipped_keys;
    void batch(std::vector<Article> articles) override { batches.push_back(std::move(articles)); }
    void warning(const std::string& m) override { warnings.push_back(m); }
    void skipped(const std::string& key, const std::string&) override {
        skipped_keys.push_back(key);
    }

    std::vector<std::string> ids() const {
        std::vector<std::string> out;
        for (const auto& b : batches)
            for (const Article& a : b) out.push_back(a.id);
        return out;
    }
    const Article* find(const std::string& id) const {
        for (const auto& b : batches)
            for (const Article& a : b)
                if (a.id == id) return &a;
        return nullptr;
    }
    bool warned(const std::string& part) const {
        for (const std::string& w : warnings)
            if (w.find(part) != std::string::npos) return true;
        return false;
    }
};

FileRead read(const std::string& key, std::string bytes, Collected& sink, size_t cap = 1 << 20) {
    ReadSettings settings;
    settings.max_file_size = cap;
    StringStream in(std::move(bytes));
    return read_articles(in, key, settings, sink);
}

std::string jsonl_line(const std::string& id, const std::string& headline) {
    return R"({"id": ")" + id + R"(", "headline": ")" + headline + R"(", "body": "Tram news."})" +
           "\n";
}

std::string story(const std::string& headline) {
    return headline + "\n\nThe council met about the harbor.\n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(jsonl_articles_come_in_batches_as_they_are_read) {
    std::string lines;
    for (int i = 0; i < 250; ++i) lines += jsonl_line("a" + std::to_string(i), "Story");
    Collected sink;
    const FileRead r = read("feed/x.jsonl", lines, sink);
    BOOST_TEST(r.articles == 250u);
    BOOST_REQUIRE_EQUAL(sink.batches.size(), 3u);
    BOOST_TEST(sink.batches[0].size() == kBatchArticles);
    BOOST_TEST(sink.batches[2].size() == 50u);
    BOOST_TEST(sink.batches[0][0].id == "feed/x.jsonl#a0");
    BOOST_TEST(sink.batches[0][0].path == "feed/x.jsonl");
}

BOOST_AUTO_TEST_CASE(the_cap_applies_to_each_jsonl_line_not_the_file) {
    std::string lines;
    for (int i = 0; i < 100; ++i) lines += jsonl_line("a" + std::to_string(i), "Story");
    lines += jsonl_line("huge", std::string(5000, 'x'));
    lines += jsonl_line("last", "Story");
    Collected sink;
    const FileRead r = read("x.jsonl", lines, sink, 1000);  // the file is some 7 kB
    BOOST_TEST(r.articles == 101u);
    BOOST_TEST(sink.warned("x.jsonl: line 101: larger than the 1000 byte limit; skipped"));
    BOOST_TEST(sink.find("x.jsonl#last") != nullptr);
}

BOOST_AUTO_TEST_CASE(bad_jsonl_lines_are_warnings_with_their_numbers) {
    Collected sink;
    read("x.jsonl", jsonl_line("a", "One") + "{\"id\": \n" + jsonl_line("b", "Two"), sink);
    BOOST_TEST(sink.ids() == (std::vector<std::string>{"x.jsonl#a", "x.jsonl#b"}));
    BOOST_TEST(sink.warned("x.jsonl: line 2: invalid JSON"));
}

BOOST_AUTO_TEST_CASE(an_id_given_again_keeps_its_last_article) {
    std::string lines = jsonl_line("x", "First") + jsonl_line("y", "Other");
    for (int i = 0; i < 150; ++i) lines += jsonl_line("f" + std::to_string(i), "Filler");
    lines += jsonl_line("y", "Second");  // its first is in a batch handed on
    lines += jsonl_line("z", "Held") + jsonl_line("z", "Replaced while held");
    Collected sink;
    const FileRead r = read("x.jsonl", lines, sink);
    BOOST_TEST(r.articles == 153u);
    BOOST_REQUIRE_EQUAL(r.late.size(), 1u);
    BOOST_TEST(r.late[0].id == "x.jsonl#y");
    BOOST_TEST(r.late[0].headline == "Second");
    BOOST_TEST(sink.find("x.jsonl#z")->headline == "Replaced while held");
    BOOST_TEST(sink.warned("the id 'y' comes again"));
}

// An article without an id is named by its position, which may be another's
// own id ("#3" and "3"): that is no repeat, and both are kept. Random lists
// of articles with and without ids (small numbers, repeated), read as a JSONL
// stream and as a JSON array read whole, against the model: every article
// without an id, and the last of each id.
BOOST_AUTO_TEST_CASE(an_article_named_by_position_never_replaces_one_with_that_id) {
    std::mt19937 random(20261202);
    for (int round = 0; round < 40; ++round) {
        std::vector<std::string> objects;
        std::set<std::string> expected;           // headlines kept
        std::map<std::string, std::string> last;  // own id -> headline of its last article
        const size_t n = 2 + random() % 12;
        for (size_t i = 0; i < n; ++i) {
            const std::string headline = "Story " + std::to_string(i);
            const std::string body = R"(", "body": "Tram news."})";
            if (random() % 2) {
                objects.push_back(R"({"headline": ")" + headline + body);
                expected.insert(headline);
            } else {
                const std::string id = std::to_string(1 + random() % 6);
                objects.push_back(R"({"id": ")" + id + R"(", "headline": ")" + headline + body);
                last[id] = headline;
            }
        }
        for (const auto& [id, headline] : last) expected.insert(headline);
        std::string jsonl, array = "[";
        for (const std::string& o : objects) {
            jsonl += o + "\n";
            array += (array.size() > 1 ? "," : "") + o;
        }
        for (const auto& [name, bytes] : {std::pair{"x.jsonl", jsonl}, {"x.json", array + "]"}}) {
            Collected sink;
            const FileRead r = read(name, bytes, sink);
            std::map<std::string, std::string> by_id;  // as re-indexing keeps them
            for (const auto& b : sink.batches)
                for (const Article& a : b) by_id[a.id] = a.headline;
            for (const Article& a : r.late) by_id[a.id] = a.headline;
            std::set<std::string> kept;
            for (const auto& [id, headline] : by_id) kept.insert(headline);
            BOOST_TEST(kept == expected, name << ": " << bytes);
            BOOST_TEST(by_id.size() == expected.size(), name << ": " << bytes);
        }
    }
}

BOOST_AUTO_TEST_CASE(mbox_messages_are_articles_named_by_message_id) {
    const std::string mbox =
        "From alice@example.org Mon Mar  3 10:00:00 2025\n"
        "From: Alice <alice@example.org>\nSubject: Harbor vote\nMessage-ID: <m1@example.org>\n\n"
        "The council voted.\n>From the minutes: yes.\n\n"
        "From bob@example.org Mon Mar  3 11:00:00 2025\n"
        "From: Bob <bob@example.org>\nSubject: Tram opens\n\nLine 3 opened.\n";
    Collected sink;
    const FileRead r = read("lists/news.mbox", mbox, sink);
    BOOST_TEST(r.articles == 2u);
    BOOST_TEST(sink.ids() ==
               (std::vector<std::string>{"lists/news.mbox#m1@example.org", "lists/news.mbox#2"}));
    const Article* first = sink.find("lists/news.mbox#m1@example.org");
    BOOST_TEST(first->headline == "Harbor vote");
    BOOST_TEST(first->body.find("From the minutes") != std::string::npos, first->body);
    BOOST_TEST(sink.find("lists/news.mbox#2")->byline == "Bob");
}

BOOST_AUTO_TEST_CASE(an_mbox_is_told_by_its_first_line_whatever_its_name) {
    const std::string mbox =
        "From a@example.org Mon Mar  3 10:00:00 2025\n"
        "From: A <a@example.org>\nSubject: One\nDate: Mon, 3 Mar 2025 10:00:00 +0000\n\nBody.\n\n"
        "From b@example.org Mon Mar  3 11:00:00 2025\n"
        "From: B <b@example.org>\nSubject: Two\nDate: Mon, 3 Mar 2025 11:00:00 +0000\n\nBody.\n";
    Collected sink;
    BOOST_TEST(read("archive/2025-03", mbox, sink).articles == 2u);
    BOOST_TEST(sink.find("archive/2025-03#2")->headline == "Two");
}

BOOST_AUTO_TEST_CASE(reuters_stories_are_read_one_at_a_time) {
    const std::string sgml =
        "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n"
        "<REUTERS NEWID=\"1\"><DATE>26-FEB-1987 15:01:01.79</DATE><TEXT><TITLE>COCOA "
        "RISES</TITLE><BODY>Cocoa rose.</BODY></TEXT></REUTERS>\n"
        "<REUTERS NEWID=\"2\"><TEXT><TITLE>GRAIN FALLS</TITLE><BODY>Grain\nfell.</BODY></TEXT>"
        "</REUTERS><REUTERS NEWID=\"3\"><TEXT><TITLE>CUT</TITLE><BODY>Cut off";
    Collected sink;
    const FileRead r = read("reut2-000.sgm", sgml, sink);
    BOOST_TEST(r.articles == 2u);
    BOOST_TEST(sink.ids() == (std::vector<std::string>{"reut2-000.sgm#1", "reut2-000.sgm#2"}));
    BOOST_TEST(sink.find("reut2-000.sgm#2")->headline == "GRAIN FALLS");
    BOOST_TEST(sink.warned("NEWID=3 has no </REUTERS>"));
}

BOOST_AUTO_TEST_CASE(a_file_read_whole_is_capped_whole) {
    Collected sink;
    BOOST_CHECK_THROW(read("big.txt", story(std::string(3000, 'x')), sink, 1000),
                      std::runtime_error);
}

BOOST_AUTO_TEST_CASE(each_archive_format_gives_members_keyed_archive_bang_member) {
    const test::Members members = {{"news/a.txt", story("Harbor vote")},
                                   {"news/b.txt", story("Tram opens")}};
    for (const std::string kind : {"tar", "tar.gz", "tar.xz", "tar.bz2", "tar.zst", "zip"}) {
        Collected sink;
        const FileRead r = read("root/pack." + kind, make_archive(kind, members), sink);
        BOOST_TEST(r.articles == 2u, kind);
        BOOST_TEST(sink.ids() == (std::vector<std::string>{"root/pack." + kind + "!news/a.txt",
                                                           "root/pack." + kind + "!news/b.txt"}),
                   kind);
        BOOST_TEST(sink.find("root/pack." + kind + "!news/b.txt")->headline == "Tram opens");
    }
}

BOOST_AUTO_TEST_CASE(members_holding_many_articles_are_named_inside_the_member) {
    Collected sink;
    read("p.tar", make_archive("tar", {{"feed.jsonl", jsonl_line("j1", "One")}}), sink);
    BOOST_TEST(sink.ids() == (std::vector<std::string>{"p.tar!feed.jsonl#j1"}));
}

BOOST_AUTO_TEST_CASE(hidden_and_backup_members_are_skipped_like_files) {
    Collected sink;
    read("p.tar",
         make_archive("tar", {{"a.txt", story("Kept")},
                              {".git/config", "x"},
                              {"b.txt~", story("Backup")},
                              {"dir/.hidden.txt", story("Hidden")}}),
         sink);
    BOOST_TEST(sink.ids() == (std::vector<std::string>{"p.tar!a.txt"}));
    BOOST_TEST(sink.skipped_keys == (std::vector<std::string>{"p.tar!.git/config", "p.tar!b.txt~",
                                                              "p.tar!dir/.hidden.txt"}));
}

BOOST_AUTO_TEST_CASE(a_bad_member_is_a_warning_and_the_rest_is_read) {
    Collected sink;
    const FileRead r = read("p.zip",
                            make_archive("zip", {{"empty.txt", ""},
                                                 {"big.txt", story(std::string(5000, 'x'))},
                                                 {"good.txt", story("Good")}}),
                            sink, 2000);
    BOOST_TEST(r.articles == 1u);
    BOOST_TEST(sink.warned("p.zip!empty.txt: empty file"));
    BOOST_TEST(sink.warned("p.zip!big.txt: larger than the 2000 byte limit"));
    BOOST_TEST(sink.ids() == (std::vector<std::string>{"p.zip!good.txt"}));
}

BOOST_AUTO_TEST_CASE(an_archive_with_no_good_member_fails) {
    Collected sink;
    BOOST_CHECK_THROW(read("p.tar", make_archive("tar", {{"empty.txt", ""}}), sink), ParseError);
}

BOOST_AUTO_TEST_CASE(an_archive_that_inflates_past_a_hundredfold_is_a_bomb) {
    const std::string bomb =
        make_archive("tar.zst", {{"zeros.txt", std::string(200u << 20, '\0')}, {"b.txt", "x"}});
    BOOST_REQUIRE(bomb.size() < 100'000u);
    Collected sink;
    try {
        read("bomb.tar.zst", bomb, sink, 1 << 20);
        BOOST_FAIL("a bomb was read");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()).find("decompression bomb") != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(a_cut_off_archive_breaks_off_after_the_members_read) {
    std::string lines;  // more than the reader looks at before it starts
    for (int i = 0; i < 10000; ++i) lines += jsonl_line("a" + std::to_string(i), "Story");
    const std::string tar = make_archive("tar", {{"one.jsonl", lines}, {"two.txt", story("T")}});
    Collected sink;
    BOOST_CHECK_THROW(read("cut.tar", tar.substr(0, tar.size() / 2), sink), std::runtime_error);
    BOOST_TEST(!sink.batches.empty());  // what came before stays handed on
}

BOOST_AUTO_TEST_CASE(single_compressed_files_inflate_and_keep_their_inner_name) {
    for (const std::string kind : {"gz", "xz", "bz2"}) {
        Collected sink;
        const FileRead r = read(
            "feed.jsonl." + kind,
            make_archive(kind, {{"data", jsonl_line("a", "One") + jsonl_line("b", "Two")}}), sink);
        BOOST_TEST(r.articles == 2u, kind);
        BOOST_TEST(sink.ids().front() == "feed.jsonl." + kind + "#a", kind);
    }
}

BOOST_AUTO_TEST_CASE(a_file_not_compressed_as_its_name_says_fails) {
    Collected sink;
    try {
        read("story.txt.gz", story("Plain"), sink);
        BOOST_FAIL("read as if compressed");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()) == "not gz data");
    }
}
