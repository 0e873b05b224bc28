#include <boost/test/unit_test.hpp>
#include <string>

#include "charset.h"
#include "test_support.h"
#include "text.h"

using namespace gazette;

namespace {

std::string fixture(const std::string& name) {
    return test::read_file(GAZETTE_SOURCE_DIR "/tests/fixtures/encodings/" + name);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(windows_1252_file_decoded) {
    const std::string text = decode_text(fixture("windows-1252.txt"));
    BOOST_TEST(contains(text, "Headline: Café owners cheer the harbour’s new tram stop"));
    BOOST_TEST(contains(text, "Byline: Renée Façonnier"));
    BOOST_TEST(contains(text, "The “Harbour Line” opened"));
    BOOST_TEST(contains(text, "€4,000"));
}

BOOST_AUTO_TEST_CASE(gb18030_file_guessed_and_decoded) {
    const std::string text = decode_text(fixture("gb18030.txt"));
    BOOST_TEST(contains(text, "港口新电车线路开通"));
    BOOST_TEST(contains(text, "记者 王晓明"));
}

BOOST_AUTO_TEST_CASE(shift_jis_file_guessed_and_decoded) {
    const std::string text = decode_text(fixture("shift_jis.txt"));
    BOOST_TEST(contains(text, "港の新しい路面電車が開業"));
    BOOST_TEST(contains(text, "「朝七時半には行列ができていた」"));
}

BOOST_AUTO_TEST_CASE(utf16_with_and_without_bom_decoded) {
    for (const char* name :
         {"utf-16le-bom.txt", "utf-16be-bom.txt", "utf-16le.txt", "utf-16be.txt"}) {
        BOOST_TEST_CONTEXT(name) {
            const std::string text = decode_text(fixture(name));
            BOOST_TEST(text.starts_with("Headline: Tram line reaches Quai Doré\n"));
            BOOST_TEST(contains(text, "Byline: Renée Façonnier"));
        }
    }
}

BOOST_AUTO_TEST_CASE(valid_utf8_stays_whatever_is_declared) {
    BOOST_TEST(decode_text("Zürich café", "iso-8859-1") == "Zürich café");
    BOOST_TEST(decode_text("Zürich café", "shift_jis") == "Zürich café");
}

BOOST_AUTO_TEST_CASE(declared_charset_wins_over_the_guess) {
    // "Трамвай" in KOI8-R, and the same bytes read as the label says.
    const std::string koi8 = "\xf4\xd2\xc1\xcd\xd7\xc1\xca";
    BOOST_TEST(decode_text(koi8, "KOI8-R") == "Трамвай");
    BOOST_TEST(decode_text(koi8, "windows-1251") == "фТБНЧБК");
}

BOOST_AUTO_TEST_CASE(latin_labels_read_as_windows_1252) {
    BOOST_TEST(decode_text("\x93quoted\x94 \x80", "iso-8859-1") == "“quoted” €");
    BOOST_TEST(decode_text("caf\xe9", "us-ascii") == "café");
}

BOOST_AUTO_TEST_CASE(short_latin_text_is_read_as_windows_1252) {
    // uchardet calls these ISO-8859-2 and WINDOWS-1250; the accents are French.
    BOOST_TEST(decode_text("caf\xe9 on the quay\n") == "café on the quay\n");
    BOOST_TEST(decode_text("The \x93Harbour Line\x94 opened\n") == "The “Harbour Line” opened\n");
}

BOOST_AUTO_TEST_CASE(unknown_declared_charset_falls_back) {
    BOOST_TEST(!convert_to_utf8("abc", "no-such-charset").has_value());
    BOOST_TEST(decode_text("caf\xe9", "no-such-charset") == "café");
}

BOOST_AUTO_TEST_CASE(invalid_sequences_become_replacement_characters) {
    // 0x81 0x20 is no Shift-JIS character; a lone lead byte ends the text.
    const auto text = convert_to_utf8("a\x81 b\x82", "shift_jis");
    BOOST_REQUIRE(text.has_value());
    BOOST_TEST(*text == "a\xEF\xBF\xBD b\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(decoded_text_is_clean_utf8) {
    const std::string text = decode_text(std::string("\x1b[1m\xf4\xd2\r\n\0", 8), "koi8-r");
    BOOST_TEST(is_valid_utf8(text));
    BOOST_TEST(text == "[1mТр\n");
}

BOOST_AUTO_TEST_CASE(html_declared_charset_forms) {
    BOOST_TEST(html_declared_charset("<html><head><meta charset=\"Shift_JIS\">") == "shift_jis");
    BOOST_TEST(html_declared_charset("<META HTTP-EQUIV=\"Content-Type\" "
                                     "CONTENT=\"text/html; charset=windows-1252\">") ==
               "windows-1252");
    BOOST_TEST(html_declared_charset("<meta charset=gb2312><title>x</title>") == "gb2312");
    BOOST_TEST(html_declared_charset("<?xml version=\"1.0\" encoding='ISO-8859-1'?><html>") ==
               "iso-8859-1");
    BOOST_TEST(html_declared_charset("<html><title>charset=koi8-r</title>") == "");
    BOOST_TEST(html_declared_charset(std::string(2000, ' ') + "<meta charset=koi8-r>") == "");
}
