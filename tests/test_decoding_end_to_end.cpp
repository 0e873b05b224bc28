// Files in other charsets and a MIME mail, through the real gazette-index and
// gazette-search: what a reader searches for is what the file said.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_command.h"
#include "temp_dir.h"
#include "test_support.h"

using namespace gazette;
using test::bin;
using test::quote;
using test::run;

namespace {

const std::string kFixtures = GAZETTE_SOURCE_DIR "/tests/fixtures";

// The fixtures copied into one folder (under names without a telling
// extension where the content should decide), indexed.
struct Indexed {
    test::TempDir dir;
    std::string db = (dir.path / "db").string();
    Indexed() {
        for (const char* name :
             {"windows-1252.txt", "gb18030.txt", "shift_jis.txt", "utf-16le.txt"})
            dir.write(std::string("news/") + name,
                      test::read_file(kFixtures + "/encodings/" + name));
        dir.write("news/1234", test::read_file(kFixtures + "/mail/encoded_multipart.eml"));
        dir.write("news/page.html",
                  "<html><head><meta charset=\"koi8-r\"><title>\xf4\xd2\xc1\xcd\xd7\xc1\xca</title>"
                  "</head><body><article><p>\xf4\xd2\xc1\xcd\xd7\xc1\xca \xc4\xcf "
                  "\xd0\xcf\xd2\xd4\xc1</p></article></body></html>");
        const auto r = run(bin("gazette-index") + " -q --db " + quote(db) + " " +
                           quote((dir.path / "news").string()) + " 2>&1");
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.out);
    }
    nlohmann::json first_hit(const std::string& query) const {
        const auto r = run(bin("gazette-search") + " --format json -n 1 --db " + quote(db) + " " +
                           quote(query));
        BOOST_REQUIRE_EQUAL(r.status, 0);
        const auto j = nlohmann::json::parse(r.out);
        BOOST_REQUIRE_MESSAGE(!j["hits"].empty(), "no hit for " + query);
        return j["hits"][0];
    }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(windows_1252_file_decoded, Indexed) {
    const auto hit = first_hit("crêperie");
    BOOST_TEST(hit["path"] == "news/windows-1252.txt");
    BOOST_TEST(hit["headline"] == "Café owners cheer the harbour’s new tram stop");
    BOOST_TEST(hit["byline"] == "Renée Façonnier");
}

BOOST_FIXTURE_TEST_CASE(gb18030_file_decoded, Indexed) {
    const auto hit = first_hit("港口新电车线路开通");
    BOOST_TEST(hit["path"] == "news/gb18030.txt");
    BOOST_TEST(hit["headline"] == "港口新电车线路开通");
}

BOOST_FIXTURE_TEST_CASE(shift_jis_and_utf16_files_decoded, Indexed) {
    BOOST_TEST(first_hit("港の新しい路面電車が開業")["path"] == "news/shift_jis.txt");
    BOOST_TEST(first_hit("quai doré")["path"] == "news/utf-16le.txt");
}

BOOST_FIXTURE_TEST_CASE(mail_with_encoded_words_read_by_gmime, Indexed) {
    const auto hit = first_hit("tiers");
    BOOST_TEST(hit["path"] == "news/1234");
    BOOST_TEST(hit["headline"] == "Tramway du port : les cafés du quai Doré");
    BOOST_TEST(hit["byline"] == "Renée Façonnier");
    BOOST_TEST(hit["section"] == "fr.rec.transport,local.port-aldren.news");
    // (Chinese is not split into words yet: the clause is one term.)
    BOOST_TEST(first_hit("沿线商户的生意增加了三分之一")["path"] == "news/1234");
}

BOOST_FIXTURE_TEST_CASE(html_meta_charset_used, Indexed) {
    const auto hit = first_hit("трамвай");
    BOOST_TEST(hit["path"] == "news/page.html");
    BOOST_TEST(hit["headline"] == "Трамвай");
}
