#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <string_view>

#include "skip.h"
#include "test_support.h"
#include "text_parser.h"

using gazette::Article;
using gazette::ParseInput;
using gazette::ParseResult;
using gazette::test::needs;
using gazette::test::shared_data;

namespace {

ParseResult parse_result(std::string_view text, const std::string& path = "a/b.txt") {
    return gazette::parse_text(ParseInput{text, path});
}

Article parse(std::string_view text) {
    const ParseResult result = parse_result(text);
    BOOST_REQUIRE_EQUAL(result.articles.size(), 1u);
    return result.articles.front();
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(headline_from_first_line) {
    const Article a = parse("\n\n  Ad sales boost   Time Warner profit  \n\nFirst paragraph.\n");
    BOOST_TEST(a.headline == "Ad sales boost Time Warner profit");
    BOOST_TEST(a.body == "First paragraph.");
    BOOST_TEST(a.byline == "");
    BOOST_TEST(a.date == "");
}

BOOST_AUTO_TEST_CASE(a_markdown_heading_is_a_headline_without_its_marks) {
    BOOST_TEST(parse("# Editor's note: corrections\n\nText.\n").headline ==
               "Editor's note: corrections");
    BOOST_TEST(parse("### Tram line opens\n\nText.\n").headline == "Tram line opens");
    BOOST_TEST(parse("#1 in the charts\n\nText.\n").headline == "#1 in the charts");
    BOOST_TEST(parse("#\n\nText.\n").headline == "#");
}

BOOST_AUTO_TEST_CASE(path_from_input_and_no_id_of_its_own) {
    const ParseResult result = parse_result("Headline\n\nBody.", "business/001.txt");
    BOOST_TEST(result.articles.front().source_id == "");
    BOOST_TEST(!result.many);
    BOOST_TEST(result.articles.front().path == "business/001.txt");
    BOOST_TEST(result.warnings.empty());
}

BOOST_AUTO_TEST_CASE(body_paragraphs_folded) {
    const Article a =
        parse("Headline\r\n\r\nOne  line\r\nsame\tparagraph.\r\n\r\n\r\n  Second.  \r\n");
    BOOST_TEST(a.body == "One line same paragraph.\n\nSecond.");
}

BOOST_AUTO_TEST_CASE(header_block_fields) {
    const Article a = parse(
        "Headline: Harbor Authority Unveils Plan\n"
        "by: Daniel   Osei\n"
        "DATE: June 23, 2021\n"
        "Section: business\n"
        "Source: The Port Aldren Ledger\n"
        "URL: https://example.com/port\n"
        "\n"
        "The Port Aldren Harbor Authority on Tuesday released a plan.\n");
    BOOST_TEST(a.headline == "Harbor Authority Unveils Plan");
    BOOST_TEST(a.byline == "Daniel Osei");
    BOOST_TEST(a.date == "2021-06-23");
    BOOST_TEST(a.section == "business");
    BOOST_TEST(a.source == "The Port Aldren Ledger");
    BOOST_TEST(a.url == "https://example.com/port");
    BOOST_TEST(a.body == "The Port Aldren Harbor Authority on Tuesday released a plan.");
}

BOOST_AUTO_TEST_CASE(header_unknown_keys_tolerated) {
    const Article a = parse("Title: Tram Approved\nWord count: 512\nAuthor: Wendell Park\n\nBody.");
    BOOST_TEST(a.headline == "Tram Approved");
    BOOST_TEST(a.byline == "Wendell Park");
    BOOST_TEST(a.body == "Body.");
}

BOOST_AUTO_TEST_CASE(header_without_title_takes_first_line) {
    const Article a = parse("Date: 2021-02-09\n\nHarbor Plan Unveiled\n\nBody.");
    BOOST_TEST(a.headline == "Harbor Plan Unveiled");
    BOOST_TEST(a.date == "2021-02-09");
    BOOST_TEST(a.body == "Body.");
}

BOOST_AUTO_TEST_CASE(header_bad_date_warns) {
    const ParseResult result = parse_result("Title: T\nDate: sometime soon\n\nBody.", "x.txt");
    BOOST_TEST(result.articles.front().date == "");
    BOOST_REQUIRE_EQUAL(result.warnings.size(), 1u);
    BOOST_TEST(contains(result.warnings.front(), "sometime soon"));
}

BOOST_AUTO_TEST_CASE(colon_headline_is_not_header_block) {
    const Article a = parse("Trump: the interview\n\nThe president spoke on Sunday.");
    BOOST_TEST(a.headline == "Trump: the interview");
    BOOST_TEST(a.body == "The president spoke on Sunday.");
    // A known key among lines that are not all "Key: value" is no header block either.
    const Article b =
        parse("Profile: Gordon Brown\nThe chancellor, born in 1951\nDate: none\n\nBody.");
    BOOST_TEST(b.headline == "Profile: Gordon Brown");
    BOOST_TEST(b.date == "");
}

BOOST_AUTO_TEST_CASE(byline_from_by_line) {
    const Article a = parse(
        "Budget Speech Promises Tram Money\n\nBy Imogen Thackwray and John Roe\nApril 14, 2021\n\n"
        "PORT ALDREN - The mayor laid out a plan.");
    BOOST_TEST(a.byline == "Imogen Thackwray and John Roe");
    BOOST_TEST(a.date == "2021-04-14");
    BOOST_TEST(a.body == "PORT ALDREN - The mayor laid out a plan.");
}

BOOST_AUTO_TEST_CASE(by_sentence_is_body_not_byline) {
    const Article a = parse("Net names\n\nBy early 2005 the net could have two new domain names.");
    BOOST_TEST(a.byline == "");
    BOOST_TEST(a.body == "By early 2005 the net could have two new domain names.");
}

BOOST_AUTO_TEST_CASE(by_line_below_top_window_is_body) {
    const Article a = parse("Headline\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n\nBy Jane Doe");
    BOOST_TEST(a.byline == "");
    BOOST_TEST(contains(a.body, "By Jane Doe"));
}

BOOST_AUTO_TEST_CASE(date_line_near_top) {
    const Article a =
        parse("Vaccine Clinic Draws Lines\n\nPublished August 7, 2021\n\nA clinic opened.");
    BOOST_TEST(a.date == "2021-08-07");
    BOOST_TEST(a.body == "A clinic opened.");
}

BOOST_AUTO_TEST_CASE(update_line_date) {
    const Article a = parse(
        "Headline\n\nIt began in February 2022 and met on June 28, 2019.\n\n"
        "Update 2/16/25, 3:20 p.m. ET: This article has been updated.");
    BOOST_TEST(a.date == "2025-02-16");
    BOOST_TEST(contains(a.body, "Update 2/16/25"));
}

BOOST_AUTO_TEST_CASE(byline_from_about_the_writer) {
    const Article a = parse(
        "Headline\n\nStory text.\n\nAbout the writer\n\n"
        "Peter Aitken is a Newsweek Politics Editor based in New York.\n\n"
        "Peter Aitken is a Newsweek Politics Editor ... Read more");
    BOOST_TEST(a.byline == "Peter Aitken");
    BOOST_TEST(a.body == "Story text.");
}

BOOST_AUTO_TEST_CASE(by_line_wins_over_about_the_writer) {
    const Article a =
        parse("Headline\n\nBy Jane Doe\n\nText.\n\nAbout the author\nJohn Roe is a critic.");
    BOOST_TEST(a.byline == "Jane Doe");
    BOOST_TEST(a.body == "Text.");
}

BOOST_AUTO_TEST_CASE(furniture_never_headline_or_byline) {
    const Article a = parse(
        "Newsweek Logo\nIs This Article Trustworthy?\n\nReal Headline\n\nShare\n"
        "Brendan Smialowski/AFP via Getty Images\n\nStory text.\n\nAdvertisement\n\n"
        "More text.\nRead more\n\nSlide Circle to Vote\nReader Avg.\nNo Moderately Yes\nVOTE\n");
    BOOST_TEST(a.headline == "Real Headline");
    BOOST_TEST(a.byline == "");
    BOOST_TEST(a.body == "Story text.\n\nMore text.");
}

BOOST_AUTO_TEST_CASE(empty_file_throws) {
    BOOST_CHECK_THROW(parse_result(""), gazette::ParseError);
    BOOST_CHECK_THROW(parse_result(" \n\t\r\n  \n"), gazette::ParseError);
}

BOOST_AUTO_TEST_CASE(seed_article_newsweek,
                     *needs(shared_data({"seeds/newsweek-trump-putin.txt"}))) {
    const std::string text =
        gazette::test::read_file(gazette::test::shared_path("seeds/newsweek-trump-putin.txt"));
    const Article a = parse(text);
    BOOST_TEST(a.headline ==
               "Trump May Meet Putin in February in Stunning Setback for Ukraine, Europe");
    BOOST_TEST(a.byline == "Peter Aitken");
    BOOST_TEST(a.date == "2025-02-16");
    BOOST_TEST(a.body.starts_with("President Donald Trump may meet with Russian President"));
    BOOST_TEST(!contains(a.body, "Is This Article Trustworthy"));
    BOOST_TEST(!contains(a.body, "About the writer"));
    BOOST_TEST(!contains(a.body, "Getty Images"));
    BOOST_TEST(!contains(a.body, "Newsweek Logo"));
    BOOST_TEST(!contains(a.body, "Read more"));
    BOOST_TEST(a.body.ends_with("with a comment from President Donald Trump."));
}

BOOST_AUTO_TEST_CASE(bbc_file_headline_and_body,
                     *needs(shared_data({"data/bbc/raw/bbc/business/001.txt"}))) {
    const std::string text =
        gazette::test::read_file(gazette::test::shared_path("data/bbc/raw/bbc/business/001.txt"));
    const Article a = parse(text);
    BOOST_TEST(a.headline == "Ad sales boost Time Warner profit");
    BOOST_TEST(a.byline == "");
    BOOST_TEST(a.date == "");
    BOOST_TEST(a.body.starts_with("Quarterly profits at US media giant TimeWarner jumped 76%"));
    BOOST_TEST(a.body.ends_with("as a loss on the value of that stake."));
    BOOST_TEST(!contains(a.body, "Ad sales boost"));
    BOOST_TEST(!contains(a.body, "\n\n\n"));
}

// The BBC files carry no bylines or dates; any found would be a heuristic misfiring
// on story text ("By 2025, ...", "Profile: ...").
BOOST_AUTO_TEST_CASE(bbc_files_yield_no_byline_or_date, *needs(shared_data({"data/bbc/raw/bbc"}))) {
    namespace fs = std::filesystem;
    size_t files = 0;
    for (const auto& entry :
         fs::recursive_directory_iterator(gazette::test::shared_path("data/bbc/raw/bbc"))) {
        if (entry.path().extension() != ".txt") continue;  // README.TXT has another case
        const Article a = parse(gazette::test::read_file(entry.path().string()));
        ++files;
        BOOST_TEST(!a.headline.empty(), entry.path());
        BOOST_TEST(a.byline == "", entry.path());
        BOOST_TEST(a.date == "", entry.path());
    }
    BOOST_TEST(files == 2225u);
}

BOOST_AUTO_TEST_CASE(character_references_in_plain_text_are_decoded) {
    const Article a = parse_result("Caf&#233; opens\n\nThe caf&eacute; &amp; bar opened.", "a.txt")
                          .articles.front();
    BOOST_TEST(a.headline == "Café opens");
    BOOST_TEST(a.body == "The café & bar opened.");
}
