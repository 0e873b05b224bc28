#include <boost/test/unit_test.hpp>
#include <string>
#include <string_view>

#include "mail_parser.h"
#include "test_support.h"

using gazette::Article;
using gazette::ParseInput;
using gazette::ParseResult;

namespace {

std::string fixture(const std::string& name) {
    return gazette::test::read_file(GAZETTE_SOURCE_DIR "/tests/fixtures/mail/" + name);
}

ParseResult parse_result(std::string_view text, const std::string& path = "mail/1") {
    return gazette::parse_mail(ParseInput{text, path});
}

Article parse(std::string_view text) {
    const ParseResult result = parse_result(text);
    BOOST_REQUIRE_EQUAL(result.articles.size(), 1u);
    return result.articles.front();
}

std::string byline_of(std::string_view from) {
    return parse("From: " + std::string(from) + "\nSubject: s\n\nBody.").byline;
}

}  // namespace

BOOST_AUTO_TEST_CASE(subject_from_from_date_newsgroups) {
    const std::string text = fixture("usenet_post.txt");
    const ParseResult result = parse_result(text, "news/usenet_post.txt");
    BOOST_REQUIRE_EQUAL(result.articles.size(), 1u);
    const Article& a = result.articles.front();
    BOOST_TEST(a.headline == "Re: Harbor Authority unveils tram plan");
    BOOST_TEST(a.byline == "Imogen Thackwray");
    BOOST_TEST(a.date == "2021-06-22");
    BOOST_TEST(a.section == "local.port-aldren.news,misc.transport.urban");
    BOOST_TEST(a.source == "");
    BOOST_TEST(a.path == "news/usenet_post.txt");
    BOOST_TEST(a.body ==
               "The Port Aldren Harbor Authority released its tram plan on Tuesday.\n\n"
               "> Will it reach the ferry terminal?\n\nYes, by 2024.");
    BOOST_TEST(result.warnings.empty());
}

BOOST_AUTO_TEST_CASE(from_display_name_forms) {
    BOOST_TEST(byline_of("John Doe <jd@x.org>") == "John Doe");
    BOOST_TEST(byline_of("\"Doe, John\" <jd@x.org>") == "Doe, John");
    BOOST_TEST(byline_of("jd@x.org (John Doe)") == "John Doe");
    BOOST_TEST(byline_of("jd@x.org (Keith \"Justified\" Cochran)") ==
               "Keith \"Justified\" Cochran");
    BOOST_TEST(byline_of("jd@x.org") == "jd@x.org");
    BOOST_TEST(byline_of("<jd@x.org>") == "jd@x.org");
    BOOST_TEST(byline_of("jd@x.org ()") == "jd@x.org");
}

BOOST_AUTO_TEST_CASE(quoted_printable_body_decoded) {
    const Article a = parse(fixture("qp_latin1.eml"));
    BOOST_TEST(a.byline == "Doe, Jane");
    BOOST_TEST(a.date == "2020-02-03");
    BOOST_TEST(a.body ==
               "The café on Harbor Street raised the price of a crème brûlée to 4 dollars, "
               "a rise of 10 = ten percent.");
}

BOOST_AUTO_TEST_CASE(base64_text_part_decoded) {
    const Article a = parse(fixture("base64_utf8.eml"));
    BOOST_TEST(a.headline == "Tram trade");
    BOOST_TEST(a.byline == "Tram Desk");
    BOOST_TEST(a.body ==
               "Café owners in Zürich say the new tram line — opened Monday — doubled trade."
               "\n\nSecond paragraph here.");
}

BOOST_AUTO_TEST_CASE(multipart_takes_text_plain) {
    const Article a = parse(fixture("multipart.eml"));
    BOOST_TEST(a.headline == "Council budget");
    BOOST_TEST(a.date == "2021-04-14");
    // The HTML alternative, the attachment, the PDF, preamble and epilogue are all skipped.
    BOOST_TEST(a.body == "The council approved the budget on Wednesday.");
}

BOOST_AUTO_TEST_CASE(encoded_word_subject_decoded) {
    const Article a = parse(fixture("encoded_subject.eml"));
    // Whitespace between adjacent encoded-words is dropped; the "_" in Q is a space.
    BOOST_TEST(a.headline == "Zürich tram cafés gain");
    BOOST_TEST(a.byline == "François Léger");
    BOOST_TEST(a.body == "Body.");
}

BOOST_AUTO_TEST_CASE(encoded_words_and_multipart_of_many_charsets) {
    const ParseResult result = parse_result(fixture("encoded_multipart.eml"));
    BOOST_REQUIRE_EQUAL(result.articles.size(), 1u);
    const Article& a = result.articles.front();
    BOOST_TEST(a.headline == "Tramway du port : les cafés du quai Doré");
    BOOST_TEST(a.byline == "Renée Façonnier");
    BOOST_TEST(a.date == "2024-05-14");
    BOOST_TEST(a.section == "fr.rec.transport,local.port-aldren.news");
    // Quoted-printable Latin-1, then base64 GB18030; the HTML alternative and
    // the attachment are skipped.
    BOOST_TEST(a.body ==
               "Le tramway du port a ouvert lundi : les cafés du quai Doré ont vu leur chiffre "
               "d'affaires grimper d'un "
               "tiers.\n\n港口电车新线路星期一开通，沿线商户的生意增加了三分之一。");
    BOOST_TEST(result.warnings.empty());
}

BOOST_AUTO_TEST_CASE(eight_bit_body_read_in_its_declared_charset) {
    // The file's bytes, as the indexer passes them, not a guess at them.
    const std::string bytes = fixture("koi8r_8bit.eml");
    const Article a =
        gazette::parse_mail(ParseInput{"", "mail/koi8r_8bit.eml", bytes}).articles.front();
    BOOST_TEST(a.headline == "Трамвай");
    BOOST_TEST(a.byline == "Ivan Petrov");
    BOOST_TEST(a.body == "Трамвай до порта открылся в понедельник.");
}

BOOST_AUTO_TEST_CASE(group_syntax_in_from_is_a_name) {
    BOOST_TEST(byline_of("The Fanatical: Pat Ellis <pe@x.edu>") == "The Fanatical: Pat Ellis");
    BOOST_TEST(byline_of("pe@x.edu (Pat Ellis <pe>)") == "Pat Ellis <pe>");
}

BOOST_AUTO_TEST_CASE(sniffs_mail) {
    BOOST_TEST(gazette::looks_like_mail(fixture("usenet_post.txt")));
    BOOST_TEST(gazette::looks_like_mail(fixture("multipart.eml")));
    BOOST_TEST(gazette::looks_like_mail("From: a@b.c\nSubject: s\n\nBody."));
    // A spool that lost a header name but kept its folded tail is still mail.
    BOOST_TEST(gazette::looks_like_mail(" a!b!c\nSubject: s\nFrom: a@b.c\nLines: 1\n\nBody."));
}

BOOST_AUTO_TEST_CASE(not_mail_when_no_headers) {
    BOOST_TEST(!gazette::looks_like_mail(""));
    BOOST_TEST(
        !gazette::looks_like_mail("Harbor plan unveiled\n\nFrom: the desk.\nSubject: tram."));
    // Text-file headers and a single mail header are not enough.
    BOOST_TEST(!gazette::looks_like_mail("Title: Tram\nDate: 2021-02-09\n\nBody."));
    BOOST_TEST(!gazette::looks_like_mail("Subject: tram\nThe council met.\nFrom: x\n"));
    BOOST_CHECK_THROW(parse_result(" \n\n"), gazette::ParseError);
}
