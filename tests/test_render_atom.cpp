// The Atom feed of a search, read back with a real XML parser (libxml2).
#include <boost/test/unit_test.hpp>

#include "render_atom.h"
#include "xml_support.h"

using namespace gazette;
using namespace gazette::html;
using test::XmlDocument;

namespace {

Page page_for(const std::string& query) {
    Page page;
    page.script = "/gazette.cgi";
    page.request.query = query;
    page.request.limit = 20;
    return page;
}

Hit hit(const std::string& id, const std::string& headline, const std::string& date) {
    Hit h;
    h.id = id;
    h.headline = headline;
    h.date = date;
    h.byline = "Ann Reyes";
    h.section = "business";
    h.snippet.fragments = {{{"Cocoa prices ", false}, {"rose", true}}};
    return h;
}

SearchResults two_hits() {
    SearchResults r;
    r.query = "cocoa";
    r.total = 2;
    r.hits = {hit("news/b.txt", "Cocoa prices rise", "2025-02-16"),
              hit("news/a.txt", "Cocoa harvest late", "2025-01-03")};
    return r;
}

std::string feed_of(const SearchResults& results, const Page& page = page_for("cocoa")) {
    return atom_feed(page, "http://news.example", results, "2026-01-01T10:00:00Z");
}

}  // namespace

BOOST_AUTO_TEST_CASE(feed_has_the_elements_rfc_4287_requires) {
    const XmlDocument xml(feed_of(two_hits()));
    BOOST_REQUIRE(xml.parsed());
    BOOST_TEST(xml.first("/a:feed/a:id") == "http://news.example/gazette.cgi?q=cocoa&format=atom");
    BOOST_TEST(xml.first("/a:feed/a:title") == "“cocoa” – Gazette");
    BOOST_TEST(xml.first("/a:feed/a:updated") == "2025-02-16T00:00:00Z");  // the newest article
    BOOST_TEST(xml.first("/a:feed/a:link[@rel='self']/@href") ==
               "http://news.example/gazette.cgi?q=cocoa&format=atom");
    BOOST_TEST(xml.count("/a:feed/a:author/a:name") == 1u);  // for entries without a byline
    BOOST_TEST(xml.count("/a:feed/a:entry") == 2u);
    for (const char* required : {"a:id", "a:title", "a:updated", "a:link[@rel='alternate']"})
        BOOST_TEST(xml.count(std::string("/a:feed/a:entry/") + required) == 2u, required);
}

BOOST_AUTO_TEST_CASE(entries_carry_id_author_date_summary_and_link) {
    const XmlDocument xml(feed_of(two_hits()));
    const std::string e = "/a:feed/a:entry[1]/";
    BOOST_TEST(xml.first(e + "a:id") == "http://news.example/gazette.cgi?doc=news%2Fb.txt");
    BOOST_TEST(xml.first(e + "a:link[@rel='alternate']/@href") == xml.first(e + "a:id"));
    BOOST_TEST(xml.first(e + "a:title") == "Cocoa prices rise");
    BOOST_TEST(xml.first(e + "a:author/a:name") == "Ann Reyes");
    BOOST_TEST(xml.first(e + "a:updated") == "2025-02-16T00:00:00Z");
    BOOST_TEST(xml.first(e + "a:summary") == "Cocoa prices rose");
    BOOST_TEST(xml.first(e + "a:category/@term") == "business");
    // In the order of the results (newest first, as the page asks for them).
    BOOST_TEST(xml.first("/a:feed/a:entry[2]/a:updated") == "2025-01-03T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(hostile_headlines_are_escaped_and_kept_as_text) {
    SearchResults r = two_hits();
    r.hits[0].headline = "</title><script>alert(1)</script> & \"q\" 'a' <![CDATA[x]]>";
    r.hits[0].byline = "<b>Ann</b> & co";
    r.hits[0].snippet.fragments = {{{"]]> <!-- -->", false}, {"<mark>", true}}};
    const std::string feed = feed_of(r, page_for("</title><entry>"));
    BOOST_TEST(feed.find("<script") == std::string::npos);
    const XmlDocument xml(feed);
    BOOST_REQUIRE(xml.parsed());
    BOOST_TEST(xml.count("/a:feed/a:entry") == 2u);  // nothing injected
    BOOST_TEST(xml.first("/a:feed/a:entry[1]/a:title") == r.hits[0].headline);
    BOOST_TEST(xml.first("/a:feed/a:entry[1]/a:author/a:name") == "<b>Ann</b> & co");
    BOOST_TEST(xml.first("/a:feed/a:entry[1]/a:summary") == "]]> <!-- --><mark>");
    BOOST_TEST(xml.first("/a:feed/a:title") == "“</title><entry>” – Gazette");
}

BOOST_AUTO_TEST_CASE(characters_xml_forbids_are_removed) {
    SearchResults r = two_hits();
    r.hits[0].headline = "Bell\x07 form\x0c feed\x01 \xEF\xBF\xBF end \xFF";
    const XmlDocument xml(feed_of(r));
    BOOST_REQUIRE(xml.parsed());
    // BEL and SOH removed, the form feed spaced (it stands between words).
    BOOST_TEST(xml.first("/a:feed/a:entry[1]/a:title") == "Bell form  feed  end ÿ");
}

BOOST_AUTO_TEST_CASE(only_web_addresses_are_linked_as_the_original) {
    SearchResults r = two_hits();
    r.hits[0].url = "https://news.example/story?id=1&x=2";
    r.hits[1].url = "javascript:alert(1)";
    const std::string feed = feed_of(r);
    BOOST_TEST(feed.find("javascript:") == std::string::npos);
    const XmlDocument xml(feed);
    BOOST_TEST(xml.first("/a:feed/a:entry[1]/a:link[@rel='related']/@href") ==
               "https://news.example/story?id=1&x=2");
    BOOST_TEST(xml.count("/a:feed/a:entry[2]/a:link[@rel='related']") == 0u);
}

BOOST_AUTO_TEST_CASE(undated_results_take_the_time_of_the_feed) {
    SearchResults r = two_hits();
    for (Hit& h : r.hits) h.date.clear();
    const XmlDocument xml(feed_of(r));
    BOOST_TEST(xml.first("/a:feed/a:updated") == "2026-01-01T10:00:00Z");
    BOOST_TEST(xml.first("/a:feed/a:entry[1]/a:updated") == "2026-01-01T10:00:00Z");
    BOOST_TEST(xml.count("/a:feed/a:entry/a:published") == 0u);
}

BOOST_AUTO_TEST_CASE(a_search_without_results_is_a_valid_empty_feed) {
    SearchResults r;
    Page page = page_for("");
    page.request.filters.of("section").push_back("sport");
    const XmlDocument xml(feed_of(r, page));
    BOOST_REQUIRE(xml.parsed());
    BOOST_TEST(xml.count("/a:feed/a:entry") == 0u);
    BOOST_TEST(xml.first("/a:feed/a:title") == "section: sport – Gazette");
    BOOST_TEST(xml.first("/a:feed/a:id") ==
               "http://news.example/gazette.cgi?section=sport&format=atom");
}
