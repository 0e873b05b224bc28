#include <boost/test/unit_test.hpp>
#include <string>
#include <string_view>

#include "sgml_parser.h"
#include "test_support.h"

using gazette::Article;
using gazette::ParseInput;
using gazette::ParseResult;

namespace {

std::string fixture(const std::string& name) {
    return gazette::test::read_file(GAZETTE_SOURCE_DIR "/tests/fixtures/sgml/" + name);
}

ParseResult parse_result(std::string_view text, const std::string& path = "reut2-900.sgm") {
    return gazette::parse_sgml(ParseInput{text, path});
}

// The stories of stories.sgm, which the suites below check one aspect at a time.
const ParseResult& stories() {
    static const std::string text = fixture("stories.sgm");
    static const ParseResult result = parse_result(text);
    return result;
}

const Article& story(size_t i) {
    BOOST_REQUIRE_EQUAL(stories().articles.size(), 3u);
    return stories().articles.at(i);
}

// One story built around the given TEXT element.
std::string one_story(std::string_view text_element) {
    return "<REUTERS NEWID=\"7\">\n<DATE> 5-MAR-1987 09:08:47.72</DATE>\n" +
           std::string(text_element) + "\n</REUTERS>\n";
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_file_many_stories) {
    const ParseResult& result = stories();
    BOOST_REQUIRE_EQUAL(result.articles.size(), 3u);
    BOOST_TEST(result.articles[0].source_id == "501");
    BOOST_TEST(result.articles[1].source_id == "502");
    BOOST_TEST(result.articles[2].source_id == "503");
    BOOST_TEST(result.warnings.empty());
}

BOOST_AUTO_TEST_CASE(fields_of_a_story) {
    const Article& a = story(0);
    BOOST_TEST(a.source_id == "501");
    BOOST_TEST(a.path == "reut2-900.sgm");
    BOOST_TEST(a.headline == "PORT ALDREN GRAIN <PAG> SEES HIGHER WHEAT EXPORTS");
    BOOST_TEST(a.date == "1987-03-02");
    BOOST_TEST(a.source == "Reuters");
    BOOST_TEST(a.url == "");
    // DATELINE leads the body; an indented line starts a paragraph.
    BOOST_TEST(a.body ==
               "PORT ALDREN, March 2 - Port Aldren Grain & Feed Co said wheat exports should rise "
               "12 pct this season, helped by the new harbor terminal.\n\n"
               "The company said shipments to date were 1.2 mln tonnes.\n\nReuter");
    // A DATE with wire codes after the time still gives its date.
    BOOST_TEST(story(1).date == "1987-03-02");
}

BOOST_AUTO_TEST_CASE(topics_joined_as_section) {
    BOOST_TEST(story(0).section == "grain,wheat");
    BOOST_TEST(story(1).section == "");
    BOOST_TEST(story(2).section == "ship");
}

BOOST_AUTO_TEST_CASE(author_without_by) {
    BOOST_TEST(story(0).byline == "Imogen Thackwray, Reuters");
    BOOST_TEST(story(2).byline == "");
    const Article a =
        parse_result(one_story("<TEXT><AUTHOR>BY JANE ROE</AUTHOR><BODY>x</BODY></TEXT>"))
            .articles.front();
    BOOST_TEST(a.byline == "JANE ROE");
}

BOOST_AUTO_TEST_CASE(unproc_story_text_as_body_without_its_title_line) {
    const Article& a = story(1);
    BOOST_TEST(a.headline == "HARBOR TONNAGE REPORT - MARCH 2");
    BOOST_TEST(a.body ==
               "Week ended Feb 28 tonnes\n\n"
               "Grain.................12,500 vs.....11,900\n\n"
               "Coal...................8,100 vs......8,450");
}

BOOST_AUTO_TEST_CASE(entities_decoded_and_controls_dropped) {
    const Article a =
        parse_result(
            one_story("<TEXT>&#2;\n<TITLE>A &amp; B &lt;AB.N&gt; &#233;t&#xE9;</TITLE>\n"
                      "<BODY>Prof&#127;its &quot;up&quot; &bogus; 5 &amp 6\n&#3;</BODY></TEXT>"))
            .articles.front();
    BOOST_TEST(a.headline == "A & B <AB.N> été");
    // Unknown or unterminated references stay as text.
    BOOST_TEST(a.body == "Profits \"up\" &bogus; 5 &amp 6");
    BOOST_TEST(!contains(story(0).body, "&#"));
}

BOOST_AUTO_TEST_CASE(truncated_file_keeps_complete_stories) {
    const std::string text = fixture("truncated.sgm");
    const ParseResult result = parse_result(text, "reut2-cut.sgm");
    BOOST_REQUIRE_EQUAL(result.articles.size(), 2u);
    BOOST_TEST(result.articles[0].source_id == "501");
    BOOST_TEST(result.articles[1].source_id == "502");
    BOOST_REQUIRE_EQUAL(result.warnings.size(), 1u);
    BOOST_TEST(contains(result.warnings.front(), "NEWID=503"));
}

BOOST_AUTO_TEST_CASE(sniffs_reuters) {
    BOOST_TEST(gazette::looks_like_reuters_sgml(fixture("stories.sgm")));
    BOOST_TEST(gazette::looks_like_reuters_sgml(one_story("<TEXT></TEXT>")));
    BOOST_TEST(!gazette::looks_like_reuters_sgml("<html><body>REUTERS</body></html>"));
    BOOST_TEST(!gazette::looks_like_reuters_sgml(std::string(4096, ' ') + "<REUTERS NEWID=\"1\">"));
    BOOST_CHECK_THROW(parse_result("<html></html>"), gazette::ParseError);
}

BOOST_AUTO_TEST_CASE(a_story_without_title_takes_its_capitals_line_as_headline) {
    const ParseResult result = parse_result(
        "<REUTERS NEWID=\"7\"><DATE>19-OCT-1987 10:00:00.00</DATE><TEXT TYPE=\"UNPROC\">\n"
        "VENEZUELA SAYS OPEC OIL OUTPUT OVER 18 MLN BPD\n"
        "    CARACAS, Oct 19 - The current OPEC oil production is above\n"
        "18 mln barrels per day, the minister said.\n</TEXT></REUTERS>");
    BOOST_REQUIRE_EQUAL(result.articles.size(), 1u);
    const Article& a = result.articles.front();
    BOOST_TEST(a.headline == "VENEZUELA SAYS OPEC OIL OUTPUT OVER 18 MLN BPD");
    BOOST_TEST(a.body.starts_with("CARACAS, Oct 19 - The current OPEC"));
}
