// Bad input never stops a run: each kind of broken, hostile or odd file gets a
// warning naming it and the reason, the other files still index, and the exit
// code says whether a file failed (1) or there were only warnings (0). These run
// the real gazette-index and gazette-search on files made here, under `timeout`
// so that a hang fails the test instead of stalling CI.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <xapian.h>
#include <zstd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "document.h"
#include "indexer.h"
#include "run_command.h"
#include "temp_dir.h"

using namespace gazette;
using test::bin;
using test::quote;
using test::run;
namespace fs = std::filesystem;

namespace {

// A run that takes longer than this has hung (timeout exits 124).
constexpr const char* kTimeout = "timeout 120 ";

// A folder of articles: one good story beside whatever bad file a test adds.
struct Corpus {
    test::TempDir dir;
    fs::path src = dir.path / "src";
    fs::path db = dir.path / "db";

    Corpus() { add("good.txt", "Harbor vote\n\nThe council voted on the harbor.\n"); }

    fs::path add(const std::string& name, const std::string& bytes) const {
        return dir.write("src/" + name, bytes);
    }
    test::Output index(const std::string& options = "") const {
        return run(kTimeout + bin("gazette-index") + " --quiet " + options + " --db " +
                   quote(db.string()) + " " + quote(src.string()) + " 2>&1");
    }
    nlohmann::json search(const std::string& query) const {
        const auto r = run(kTimeout + bin("gazette-search") + " --format json -n 50 --db " +
                           quote(db.string()) + " " + quote(query));
        BOOST_REQUIRE_EQUAL(r.status, 0);
        return nlohmann::json::parse(r.out);  // throws, failing the test, if not JSON
    }
    bool good_still_indexed() const { return search("harbor")["total"] == 1; }
};

// The warning line that names `name`, or "" when there is none.
std::string warning_about(const std::string& output, const std::string& name) {
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);)
        if (line.starts_with("warning: ") && line.find(name) != std::string::npos) return line;
    return {};
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string random_bytes(size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string out(n, '\0');
    for (char& c : out) c = static_cast<char>(rng() & 0xFF);
    return out;
}

std::string utf16(const std::u16string& text, bool big_endian) {
    std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
    for (char16_t u : text) {
        const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
        out += big_endian ? hi : lo;
        out += big_endian ? lo : hi;
    }
    return out;
}

std::string zstd_compress(const std::string& text) {
    std::string out(ZSTD_compressBound(text.size()), '\0');
    out.resize(ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3));
    return out;
}

// `mebibytes` MiB of zeros as one zstd stream, made in 1 MiB steps: a small file
// that inflates to far more than any article.
std::string zstd_zeros(size_t mebibytes) {
    ZSTD_CCtx* ctx = ZSTD_createCCtx();
    const std::string zeros(1 << 20, '\0');
    std::string out, chunk(ZSTD_CStreamOutSize(), '\0');
    for (size_t i = 0; i <= mebibytes; ++i) {
        const bool last = i == mebibytes;
        ZSTD_inBuffer in{zeros.data(), last ? 0 : zeros.size(), 0};
        size_t left;
        do {
            ZSTD_outBuffer o{chunk.data(), chunk.size(), 0};
            left = ZSTD_compressStream2(ctx, &o, &in, last ? ZSTD_e_end : ZSTD_e_continue);
            out.append(chunk.data(), o.pos);
        } while (last ? left != 0 : in.pos < in.size);
    }
    ZSTD_freeCCtx(ctx);
    return out;
}

struct Collect : IndexObserver {
    std::vector<std::string> warnings;
    void warning(const std::string& m) override { warnings.push_back(m); }
};

// The real file system, except that reading the file named `victim` first does
// something to it, as another process might between the walk and the read.
struct MeddlingEnv : Env {
    std::string victim;
    std::function<void(const fs::path&)> meddle;
    std::unique_ptr<InputFile> open_file(const fs::path& path) override {
        if (path.filename() == victim) meddle(path);
        return Env::open_file(path);
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(empty_file_is_named_as_empty_and_fails) {
    Corpus c;
    c.add("empty.txt", "");
    c.add("blank.txt", "  \n\n\t\n");
    const auto r = c.index();
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(has(warning_about(r.out, "empty.txt"), "empty file"), r.out);
    BOOST_TEST(has(warning_about(r.out, "blank.txt"), "empty file"), r.out);
    BOOST_TEST(c.good_still_indexed());
}

BOOST_AUTO_TEST_CASE(binary_file_is_refused_as_binary_not_indexed_as_garbage) {
    Corpus c;
    c.add("noise", random_bytes(20000, 1));
    c.add("photo.dat",  // a .png would be left alone by its name (walker)
          "\x89PNG\r\n\x1a\n" + std::string("\0\0\0\rIHDR", 8) + random_bytes(5000, 2));
    c.add("program",
          "\x7f"
          "ELF\x02\x01\x01" +
              std::string(4000, '\0') + random_bytes(3000, 3));
    const auto r = c.index();
    BOOST_TEST(r.status == 1, r.out);
    for (const char* name : {"noise", "photo.dat", "program"})
        BOOST_TEST(has(warning_about(r.out, name), "binary file"), name << '\n' << r.out);
    BOOST_TEST(has(r.out, "failed 3"), r.out);
    BOOST_TEST(c.good_still_indexed());
}

BOOST_AUTO_TEST_CASE(text_with_stray_control_characters_is_not_taken_for_binary) {
    Corpus c;
    // As in 20 Newsgroups (sci.crypt/16017): a short post whose signature is
    // drawn with ^B, 7% of its bytes, and text underlined with backspaces.
    std::string sig = "Crypto export\n\nIs it illegal to send encrypted data abroad?\n-- \n";
    for (int i = 0; i < 24; ++i) sig += "\x02 ";
    sig += "\n_\bV_\bi_\bs_\bu_\ba_\bl_\bi_\bz_\be\n";
    c.add("16017", sig);
    const auto r = c.index();
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(c.search("encrypted")["total"] == 1);
}

BOOST_AUTO_TEST_CASE(windows_1252_text_is_decoded_and_kept) {
    Corpus c;
    c.add("cafe.txt",
          "Caf\xe9 owner wins \x93"
          "best bakery\x94\n\nThe caf\xe9 on Quay Street won.\n");
    const auto r = c.index();
    BOOST_TEST(r.status == 0, r.out);
    const auto hits = c.search("café")["hits"];
    BOOST_REQUIRE_EQUAL(hits.size(), 1u);
    BOOST_TEST(hits[0]["headline"] == "Café owner wins “best bakery”");
}

BOOST_AUTO_TEST_CASE(utf16_with_byte_order_mark_is_indexed_correctly) {
    Corpus c;
    const std::u16string story =
        u"Ferry timetable changes\r\n\r\nThe ferry to Île-aux-Moines "
        u"leaves hourly.\r\n";
    c.add("le.txt", utf16(story, false));
    c.add("be.txt", utf16(u"Tram depot\n\nThe tram depot at Kärntner Ring opens.\n", true));
    const auto r = c.index();
    BOOST_TEST(r.status == 0, r.out);
    const auto ferry = c.search("moines")["hits"];
    BOOST_REQUIRE_EQUAL(ferry.size(), 1u);
    BOOST_TEST(ferry[0]["headline"] == "Ferry timetable changes");
    const auto tram = c.search("kärntner")["hits"];
    BOOST_REQUIRE_EQUAL(tram.size(), 1u);
    BOOST_TEST(tram[0]["headline"] == "Tram depot");
}

BOOST_AUTO_TEST_CASE(nul_bytes_in_text_are_dropped_with_a_warning) {
    Corpus c;
    const char text[] =
        "Dredging starts\n\nThe dredging \0of the channel\0 begins at the quay\0wall.\n";
    c.add("nul.txt", std::string(text, sizeof text - 1));
    const auto r = c.index();
    BOOST_TEST(r.status == 0, r.out);  // the text was still read
    BOOST_TEST(has(warning_about(r.out, "nul.txt"), "NUL"), r.out);
    const auto hits = c.search("dredging channel")["hits"];
    BOOST_REQUIRE_EQUAL(hits.size(), 1u);
    BOOST_TEST(hits[0]["headline"] == "Dredging starts");
    BOOST_TEST(c.search("wall")["hits"].size() == 1u);  // a NUL stands between words
}

BOOST_AUTO_TEST_CASE(ten_megabyte_single_line_indexes_without_hanging) {
    Corpus c;
    std::string line = "Longline ";
    for (size_t i = 0; line.size() < (10u << 20); ++i) line += "w" + std::to_string(i % 9973) + ' ';
    line += "zanzibar";
    c.add("long-line.txt", line);
    const auto r = c.index();
    BOOST_TEST(r.status == 0, r.out);
    const auto hits = c.search("zanzibar")["hits"];
    BOOST_REQUIRE_EQUAL(hits.size(), 1u);
    // The first line is no headline at that length: its opening words stand in,
    // so a hit shows a line, not 10 MB.
    const std::string headline = hits[0]["headline"];
    BOOST_TEST(headline.starts_with("Longline w0 w1"));
    BOOST_TEST(headline.size() < 300u);
    BOOST_TEST(hits[0]["snippet"].get<std::string>().size() < 2000u);
    BOOST_TEST(c.good_still_indexed());
}

BOOST_AUTO_TEST_CASE(word_longer_than_the_term_limit_does_not_fail) {
    Corpus c;
    const std::string huge(400, 'x'), wide = [] {
        std::string s;
        for (int i = 0; i < 200; ++i) s += "é";
        return s;
    }();
    // The byline and section become boolean filter terms: those must be cut too.
    c.add("quay.txt", "Headline: Quay " + huge + "\nBy: Ann " + huge + "\nSection: " + wide +
                          "\n\nThe quay " + huge + " reopens " + wide + " today.\n");
    const auto r = c.index();
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(warning_about(r.out, "quay.txt").empty(), r.out);
    BOOST_TEST(c.search("quay reopens")["total"] == 1);
    BOOST_TEST(c.good_still_indexed());
}

BOOST_AUTO_TEST_CASE(path_longer_than_the_term_limit_indexes_with_a_hashed_id_term) {
    Corpus c;
    std::string deep;
    for (int i = 0; i < 6; ++i) deep += "section-" + std::string(50, 'a' + i) + "/";
    BOOST_REQUIRE(deep.size() > 245u);
    // Two files differing only past the cut must keep distinct id terms.
    c.add(deep + "lighthouse-a.txt", "Lighthouse relit\n\nThe old lighthouse shines.\n");
    c.add(deep + "lighthouse-b.txt", "Lighthouse painted\n\nThe lighthouse is white.\n");
    const auto r = c.index();
    BOOST_TEST(r.status == 0, r.out);
    const auto hits = c.search("lighthouse")["hits"];
    BOOST_REQUIRE_EQUAL(hits.size(), 2u);
    for (const auto& hit : hits)
        BOOST_TEST(hit["id"].get<std::string>().starts_with("src/" + deep));
    {
        Xapian::Database db(c.db.string());
        BOOST_TEST(db.term_exists(id_term("src/" + deep + "lighthouse-a.txt")));
        BOOST_TEST(db.term_exists(id_term("src/" + deep + "lighthouse-b.txt")));
        BOOST_TEST(id_term("src/" + deep + "lighthouse-a.txt").size() <= 245u);
    }
    const auto again = c.index();
    BOOST_TEST(again.status == 0, again.out);
    BOOST_TEST(has(again.out, "unchanged 3"), again.out);
    BOOST_TEST(c.search("lighthouse")["total"] == 2);
}

BOOST_AUTO_TEST_CASE(malformed_and_truncated_jsonl_lines_warn_and_good_lines_index) {
    Corpus c;
    c.add("feed.jsonl",
          "{\"id\":\"j1\",\"title\":\"Museum reopens\",\"body\":\"Doors open.\"}\n"
          "{\"id\":\"j2\",\"title\": }\n"
          "{\"id\":\"j3\",\"title\":\"Library hours\",\"body\":\"Sunday hours cut.\"}\n"
          "{\"id\":\"j4\",\"title\":\"Trunc");  // the writer died mid-line
    const auto r = c.index();
    // The file indexed; the two lines that could not be read make the run partial.
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(has(r.out, "2 unreadable"), r.out);
    BOOST_TEST(has(r.out, "feed.jsonl: line 2:"), r.out);
    BOOST_TEST(has(r.out, "feed.jsonl: line 4:"), r.out);
    BOOST_TEST(c.search("museum")["hits"][0]["id"] == "src/feed.jsonl#j1");
    BOOST_TEST(c.search("library")["hits"][0]["source_id"] == "j3");
}

BOOST_AUTO_TEST_CASE(truncated_json_document_fails_naming_the_file) {
    Corpus c;
    c.add("story.json", "{\"title\": \"Bridge closes\", \"body\": \"The bridge is");
    const auto r = c.index();
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(has(warning_about(r.out, "story.json"), "invalid JSON"), r.out);
    BOOST_TEST(c.good_still_indexed());
}

BOOST_AUTO_TEST_CASE(absurdly_deep_json_is_refused_without_crashing) {
    Corpus c;
    const size_t depth = 1'000'000;  // enough to overflow the stack of a recursive parser
    c.add("deep.json", std::string(depth, '[') + std::string(depth, ']'));
    c.add("deep.jsonl", "{\"id\":\"ok\",\"title\":\"Pier\",\"body\":\"The pier.\"}\n{\"a\":" +
                            std::string(depth, '[') + std::string(depth, ']') + "}\n");
    const auto r = c.index();
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(has(warning_about(r.out, "deep.json:"), "nested too deeply"), r.out);
    BOOST_TEST(has(warning_about(r.out, "deep.jsonl: line 2:"), "nested too deeply"), r.out);
    BOOST_TEST(c.search("pier")["total"] == 1);
    BOOST_TEST(c.good_still_indexed());
}

BOOST_AUTO_TEST_CASE(truncated_or_fake_zst_fails_naming_the_file) {
    Corpus c;
    std::string story = "Regatta cancelled\n\n";
    for (int i = 0; i < 2000; ++i)
        story += "The regatta was cancelled for wind number " + std::to_string(i) + ".\n";
    const std::string packed = zstd_compress(story);
    c.add("cut.txt.zst", packed.substr(0, packed.size() / 2));
    c.add("fake.txt.zst", "Not compressed\n\nJust text with a .zst name.\n");
    c.add("whole.txt.zst", packed);
    const auto r = c.index();
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(has(warning_about(r.out, "cut.txt.zst"), "truncated zstd"), r.out);
    BOOST_TEST(has(warning_about(r.out, "fake.txt.zst"), "bad zstd data"), r.out);
    BOOST_TEST(c.search("regatta")["total"] == 1);
    BOOST_TEST(c.good_still_indexed());
}

// Refused once past the cap, not inflated whole: 1 GiB would not fit the
// sanitizers' memory or `timeout`.
BOOST_AUTO_TEST_CASE(decompression_bomb_is_refused_at_the_size_cap) {
    Corpus c;
    const std::string bomb = zstd_zeros(1024);  // 1 GiB of zeros in some 30 KB
    BOOST_REQUIRE(bomb.size() < 100'000u);
    c.add("bomb.txt.zst", bomb);
    const auto r = c.index("--max-file-size 1000000");
    BOOST_TEST(r.status == 1, r.out);
    BOOST_TEST(has(warning_about(r.out, "bomb.txt.zst"), "inflates past the 1000000 byte limit"),
               r.out);
    BOOST_TEST(c.good_still_indexed());
}

BOOST_AUTO_TEST_CASE(fifo_and_socket_are_skipped_never_opened) {
    Corpus c;
    // Opening a FIFO with no writer blocks forever: the run would hang.
    BOOST_REQUIRE(mkfifo((c.src / "pipe.txt").c_str(), 0644) == 0);
    const int sock = socket(AF_UNIX, SOCK_STREAM, 0);
    BOOST_REQUIRE(sock >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string sock_path = (c.src / "sock.txt").string();
    BOOST_REQUIRE(sock_path.size() < sizeof address.sun_path);
    sock_path.copy(address.sun_path, sock_path.size());
    BOOST_REQUIRE(bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    const auto r = c.index();
    close(sock);
    BOOST_TEST(r.status == 0, r.out);  // skipped is not failed; 124 would be a hang
    BOOST_TEST(has(warning_about(r.out, "pipe.txt"), "FIFO"), r.out);
    BOOST_TEST(has(warning_about(r.out, "sock.txt"), "socket"), r.out);
    BOOST_TEST(c.good_still_indexed());
}

BOOST_AUTO_TEST_CASE(symlink_loop_and_dangling_link_are_skipped) {
    Corpus c;
    fs::create_symlink("loop-b.txt", c.src / "loop-a.txt");
    fs::create_symlink("loop-a.txt", c.src / "loop-b.txt");
    fs::create_symlink("nowhere.txt", c.src / "dangling.txt");
    fs::create_directories(c.src / "sub");
    fs::create_directory_symlink("..", c.src / "sub" / "up");  // a directory cycle
    const auto r = c.index();
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(has(warning_about(r.out, "loop-a.txt"), "symbolic links"), r.out);
    BOOST_TEST(has(warning_about(r.out, "dangling.txt"), "dangling link"), r.out);
    BOOST_TEST(has(r.out, "added 1,"), r.out);  // the cycle did not index good.txt twice
    BOOST_TEST(c.good_still_indexed());
}

BOOST_AUTO_TEST_CASE(file_that_vanishes_during_the_run_fails_alone) {
    Corpus c;
    c.add("vanish.txt", "Gone soon\n\nThis file is deleted after the walk.\n");
    MeddlingEnv env;
    env.victim = "vanish.txt";
    env.meddle = [](const fs::path& p) { fs::remove(p); };
    IndexOptions o;
    o.database = c.db.string();
    o.roots = {c.src};
    o.threads = 2;
    Collect observer;
    const IndexStats stats = index_files(o, env, observer);
    BOOST_TEST(stats.failed == 1u);
    BOOST_TEST(stats.added == 1u);
    BOOST_REQUIRE_EQUAL(observer.warnings.size(), 1u);
    BOOST_TEST(has(observer.warnings[0], "vanish.txt: cannot open"), observer.warnings[0]);
    BOOST_TEST(c.good_still_indexed());
}

BOOST_AUTO_TEST_CASE(file_changed_between_walk_and_read_indexes_what_was_read) {
    Corpus c;
    const fs::path file = c.add("changing.txt", "Old headline\n\nThe ferry story, first draft.\n");
    MeddlingEnv env;
    env.victim = "changing.txt";
    env.meddle = [](const fs::path& p) {
        std::ofstream(p, std::ios::binary)
            << "New headline\n\nThe tram story, rewritten and longer.\n";
    };
    IndexOptions o;
    o.database = c.db.string();
    o.roots = {c.src};
    o.threads = 2;
    Collect observer;
    BOOST_TEST(index_files(o, env, observer).failed == 0u);
    BOOST_TEST(c.search("tram")["total"] == 1);
    BOOST_TEST(c.search("ferry")["total"] == 0);
    // The next run sees the file as it now is and keeps exactly one copy.
    const auto r = c.index();
    BOOST_TEST(r.status == 0, r.out);
    BOOST_TEST(c.search("tram")["total"] == 1);
    BOOST_TEST(c.search("headline")["total"] == 1);
}

BOOST_AUTO_TEST_CASE(names_with_newline_or_invalid_utf8_index_and_json_stays_valid) {
    Corpus c;
    c.add("line\nbreak.txt", "Gull colony grows\n\nThe gull colony doubled.\n");
    c.add("caf\xe9-\xff.txt", "Gull survey\n\nA gull survey counted nests.\n");
    const auto r = c.index();
    BOOST_TEST(r.status == 0, r.out);
    const auto hits = c.search("gull")["hits"];  // parsing it is the check that it is JSON
    BOOST_REQUIRE_EQUAL(hits.size(), 2u);
    std::vector<std::string> ids;
    for (const auto& hit : hits) ids.push_back(hit["id"]);
    std::sort(ids.begin(), ids.end());
    BOOST_TEST(ids[1] == "src/line\nbreak.txt");
    BOOST_TEST(ids[0].starts_with("src/caf"));  // the bad bytes shown as replacement characters
    const auto text =
        run(kTimeout + bin("gazette-search") + " --db " + quote(c.db.string()) + " gull");
    BOOST_TEST(text.status == 0);
    const auto again = c.index();
    BOOST_TEST(again.status == 0, again.out);
    BOOST_TEST(has(again.out, "unchanged 3"), again.out);
}
