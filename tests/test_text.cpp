#include <boost/test/unit_test.hpp>

#include "text.h"

using namespace gazette;

BOOST_AUTO_TEST_CASE(valid_utf8_passes_unchanged) {
    BOOST_TEST(to_utf8("Zürich café — “quoted”") == "Zürich café — “quoted”");
}

BOOST_AUTO_TEST_CASE(stray_bytes_read_as_windows_1252) {
    BOOST_TEST(to_utf8("\xA3"
                       "5") == "£5");
    BOOST_TEST(to_utf8("\x93hi\x94") == "“hi”");
    BOOST_TEST(is_valid_utf8(to_utf8("\xFF\xC3\x28\x81")));
}

BOOST_AUTO_TEST_CASE(utf16_with_bom_converted) {
    const std::string le("\xFF\xFEh\0i\0", 6), be("\xFE\xFF\0h\0i", 6);
    BOOST_TEST(to_utf8(le) == "hi");
    BOOST_TEST(to_utf8(be) == "hi");
}

BOOST_AUTO_TEST_CASE(utf16_without_bom_told_by_its_nul_bytes) {
    const std::string le("h\0i\0 \0t\0h\0e\0r\0e\0", 16), be("\0h\0i\0 \0t\0h\0e\0r\0e", 16);
    BOOST_TEST(to_utf8(le) == "hi there");
    BOOST_TEST(to_utf8(be) == "hi there");
    BOOST_TEST(not_text_reason(le) == "");
    BOOST_TEST(!has_nul_bytes(be));
    BOOST_TEST((utf16_byte_order(le) == ByteOrder::kLittleEndian));
    BOOST_TEST((utf16_byte_order(be) == ByteOrder::kBigEndian));
}

BOOST_AUTO_TEST_CASE(a_few_nul_bytes_in_a_short_string_are_not_utf16) {
    // A web query with two NULs (percent-encoded) is still text with NULs.
    const std::string query("\0zebra\0\x0b\x1b", 9);
    BOOST_TEST(!utf16_byte_order(query).has_value());
    BOOST_TEST(to_utf8(query) == " zebra  ");  // NULs and the vertical tab stand between words
}

BOOST_AUTO_TEST_CASE(nul_bytes_everywhere_are_binary_not_utf16) {
    const std::string exe(
        "\x7f"
        "ELF\2\1\1\0\0\0\0\0\0\0\0\0\3\0>\0\1\0\0\0",
        24);
    BOOST_TEST(!utf16_byte_order(exe).has_value());
    BOOST_TEST(not_text_reason(exe) == "binary file, not text");
    BOOST_TEST(!utf16_byte_order("plain text").has_value());
}

// NUL, vertical tab and form feed stand between words: spaces, lest "harbor\0quay"
// be one word.
BOOST_AUTO_TEST_CASE(controls_dropped_separators_spaced_and_crlf_folded) {
    BOOST_TEST(to_utf8(std::string("a\r\nb\rc\0d\x1b"
                                   "e\tf\fg\vh",
                                   16)) == "a\nb\nc de\tf g h");
}

BOOST_AUTO_TEST_CASE(overlong_and_surrogate_sequences_invalid) {
    BOOST_TEST(!is_valid_utf8("\xC0\xAF"));
    BOOST_TEST(!is_valid_utf8("\xED\xA0\x80"));
    BOOST_TEST(is_valid_utf8("\xF0\x9F\x93\xB0"));
}

BOOST_AUTO_TEST_CASE(whitespace_folded_and_trimmed) {
    BOOST_TEST(fold_whitespace("  a \n\t b  ") == "a b");
}

BOOST_AUTO_TEST_CASE(html_escape_covers_attribute_quotes) {
    BOOST_TEST(html_escape("<a href=\"x\">'&'</a>") ==
               "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

BOOST_AUTO_TEST_CASE(utf8_prefix_never_splits_a_character) {
    BOOST_TEST(utf8_prefix("aé", 2) == "a");
    BOOST_TEST(utf8_prefix("aé", 3) == "aé");
}

BOOST_AUTO_TEST_CASE(drop_controls_keeps_tab_and_newline) {
    std::string text = "a\x1b[1mb\x01\tc\nd\x7f\fe";
    gazette::drop_controls(text);
    BOOST_TEST(text == "a[1mb\tc\nd\x7f e");
}

BOOST_AUTO_TEST_CASE(one_line_writes_control_characters_out) {
    BOOST_TEST(gazette::one_line("evil\nwarning: forged") == "evil\\nwarning: forged");
    BOOST_TEST(gazette::one_line("a\tb\x1b[31mc\x7f") == "a\\tb\\x1b[31mc\\x7f");
    BOOST_TEST(gazette::one_line("caf\xc3\xa9 2\u20ac") == "caf\xc3\xa9 2\u20ac");  // UTF-8 stays
}
