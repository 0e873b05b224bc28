#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>

#include "extract.h"

using gazette::Date;
using namespace gazette;

namespace {

std::string iso_or_empty(const std::optional<Date>& date) {
    return date ? date->iso() : "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(by_line_names_accepted) {
    BOOST_TEST(gazette::byline_from_by_line("By Jane Doe and John Roe").value_or("") ==
               "Jane Doe and John Roe");
    BOOST_TEST(gazette::byline_from_by_line("  BY JANE DOE ").value_or("") == "JANE DOE");
    BOOST_TEST(gazette::byline_from_by_line("By: Ludwig van Beethoven").value_or("") ==
               "Ludwig van Beethoven");
    BOOST_TEST(gazette::byline_from_by_line("By Jane Doe, Political Editor").value_or("") ==
               "Jane Doe, Political Editor");
    BOOST_TEST(gazette::byline_from_by_line("By Tomás Ybarra").value_or("") == "Tomás Ybarra");
}

// Real BBC paragraphs that start with "By": none of them is a byline.
BOOST_AUTO_TEST_CASE(by_line_sentences_rejected) {
    for (const char* line : {
             "By 2025, 40% of the UK's population will still be without internet access at home.",
             "By contrast Netcraft's four monitoring stations in the US managed to view the site.",
             "By any measure, New Yorker Dick Morris is that thing Americans love.",
             "By early 2005 the net could have two new domain names.",
             "By the time he was 40, Lee had decided he was too old for the comic game.",
             "By Jane Doe, who said.",
             "Byron Smith",
             "By",
         })
        BOOST_TEST(!gazette::byline_from_by_line(line).has_value(), line);
}

BOOST_AUTO_TEST_CASE(clean_byline_strips_label_and_separators) {
    BOOST_TEST(gazette::clean_byline("  By:  Jane \t Doe | ") == "Jane Doe");
    BOOST_TEST(gazette::clean_byline("by Jane Doe,") == "Jane Doe");
    BOOST_TEST(gazette::clean_byline("Byron Smith") == "Byron Smith");
    BOOST_TEST(gazette::clean_byline(" | ") == "");
}

BOOST_AUTO_TEST_CASE(about_writer_heading) {
    BOOST_TEST(gazette::is_about_writer_heading("About the writer"));
    BOOST_TEST(gazette::is_about_writer_heading("  ABOUT THE AUTHOR: "));
    BOOST_TEST(!gazette::is_about_writer_heading("About the writer's new book"));
}

BOOST_AUTO_TEST_CASE(byline_from_about_writer_paragraph) {
    BOOST_TEST(gazette::byline_from_about_writer(
                   "Peter Aitken is a Newsweek Politics Editor based in New York.")
                   .value_or("") == "Peter Aitken");
    BOOST_TEST(gazette::byline_from_about_writer("Mary Ann Smith-Jones, a reporter, covers courts.")
                   .value_or("") == "Mary Ann Smith-Jones");
    BOOST_TEST(gazette::byline_from_about_writer("David H. Petraeus was a general.").value_or("") ==
               "David H. Petraeus");
    BOOST_TEST(!gazette::byline_from_about_writer("Peter is an editor.").has_value());
    BOOST_TEST(!gazette::byline_from_about_writer("He graduated from St. Andrews.").has_value());
    BOOST_TEST(
        !gazette::byline_from_about_writer("The Newsweek Politics Desk Team is here.").has_value());
}

BOOST_AUTO_TEST_CASE(date_line_mostly_a_date) {
    BOOST_TEST(iso_or_empty(gazette::date_from_date_line("February 16, 2025")) == "2025-02-16");
    BOOST_TEST(iso_or_empty(gazette::date_from_date_line("Published Feb. 16, 2025")) ==
               "2025-02-16");
    BOOST_TEST(iso_or_empty(gazette::date_from_date_line(
                   "Published Feb. 16, 2025 at 9:00 a.m. ET")) == "2025-02-16");
    BOOST_TEST(iso_or_empty(gazette::date_from_date_line("Updated: 2025-02-16")) == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(date_line_rejects_prose) {
    BOOST_TEST(
        !gazette::date_from_date_line("Trump met Putin in Osaka on June 28, 2019.").has_value());
    BOOST_TEST(!gazette::date_from_date_line("Update 2/16/25, 3:20 p.m. ET: This article has been "
                                             "updated.")
                    .has_value());
    BOOST_TEST(!gazette::date_from_date_line("Published").has_value());
}

BOOST_AUTO_TEST_CASE(update_line_date) {
    BOOST_TEST(iso_or_empty(gazette::date_from_update_line(
                   "Update 2/16/25, 3:20 p.m. ET: This article has been updated.")) ==
               "2025-02-16");
    BOOST_TEST(iso_or_empty(gazette::date_from_update_line("Updated Feb. 16, 2025")) ==
               "2025-02-16");
    BOOST_TEST(!gazette::date_from_update_line("The update came on June 28, 2019.").has_value());
}

BOOST_AUTO_TEST_CASE(page_furniture_lines) {
    for (const char* line : {
             "Is This Article Trustworthy?",
             "Newsweek Logo",
             "Slide Circle to Vote",
             "Reader Avg.",
             "No Moderately Yes",
             "VOTE",
             "We value your input and encourage you to rate this article.",
             "Newsweek is committed to journalism that is factual and fair",
             "Read more",
             "Share",
             "Advertisement",
             "Brendan Smialowski/AFP via Getty Images",
             "Photo: Jane Doe",
             "(AP Photo/Evan Vucci)",
             "Jane Doe/Reuters",
         })
        BOOST_TEST(gazette::is_page_furniture(line), line);
}

BOOST_AUTO_TEST_CASE(story_lines_are_not_furniture) {
    for (const char* line : {
             "Share prices rose 3% on Monday.",
             "Read more books, the minister urged.",
             "Vote Leave campaigners gathered in Westminster.",
             "He sold the picture to Getty Images.",
             "The new logo",
             "",
         })
        BOOST_TEST(!gazette::is_page_furniture(line), line);
}

BOOST_AUTO_TEST_CASE(strip_photo_credit_from_caption) {
    BOOST_TEST(gazette::strip_photo_credit(
                   "President Donald Trump attends a meeting in Osaka, Japan, on June 28, 2019. "
                   "Brendan Smialowski/AFP via Getty Images") ==
               "President Donald Trump attends a meeting in Osaka, Japan, on June 28, 2019.");
    BOOST_TEST(gazette::strip_photo_credit("He joined Getty Images. It grew.") ==
               "He joined Getty Images. It grew.");
    BOOST_TEST(gazette::strip_photo_credit("No sentence break here") == "No sentence break here");
}

BOOST_AUTO_TEST_CASE(bylines_split_off_the_agency_in_one_capitalisation) {
    const auto check = [](std::string_view raw, const char* people, const char* agency) {
        const Byline b = split_byline(raw);
        BOOST_TEST(b.people == people, raw);
        BOOST_TEST(b.agency == agency, raw);
    };
    check("TED D'AFFLISIO, REUTERS", "Ted D'Afflisio", "Reuters");
    check("TED d'AFFLISIO, Reuters", "Ted D'Afflisio", "Reuters");
    check("Ted D'Afflisio, Reuters", "Ted D'Afflisio", "Reuters");
    check("Yuko Nakamikado, Reuter", "Yuko Nakamikado", "Reuters");
    check("Brad Schade Reuters", "Brad Schade", "Reuters");
    check("Colin Brinsden, Reuters.", "Colin Brinsden", "Reuters");
    check("Jane Doe (AP)", "Jane Doe", "AP");
    check("STEPHEN JUKES AND PHILIP SHEHADI, REUTERS", "Stephen Jukes and Philip Shehadi",
          "Reuters");
    check("Mark O'Neill", "Mark O'Neill", "");
    check("Ann Reuterswaard", "Ann Reuterswaard", "");
}

// The usual newsroom form names the writer's job after a comma; the byline
// filter and facet are the person's ("--byline 'Jane Doe'" missed her).
BOOST_AUTO_TEST_CASE(bylines_drop_the_writers_job_at_the_end) {
    const auto people = [](std::string_view raw) { return split_byline(raw).people; };
    BOOST_TEST(people("Jane Doe, Staff Writer") == "Jane Doe");
    BOOST_TEST(people("Tom Lee, Business Correspondent") == "Tom Lee");
    BOOST_TEST(people("JANE DOE, STAFF WRITER") == "Jane Doe");
    BOOST_TEST(people("Jane Doe, Staff Writer, Reuters") == "Jane Doe");
    BOOST_TEST(split_byline("Jane Doe, Staff Writer, Reuters").agency == "Reuters");
    BOOST_TEST(people("Ann Lee, Tom Park and Sam Ode") == "Ann Lee, Tom Park and Sam Ode");
    BOOST_TEST(people("Ann Lee, Editor") == "Ann Lee");
    BOOST_TEST(people("Doe, Jane") == "Doe, Jane");        // a name, no job
    BOOST_TEST(people("Staff Writer") == "Staff Writer");  // nothing else to keep
}

BOOST_AUTO_TEST_CASE(people_are_joined_one_way) {
    BOOST_TEST(join_people({"A"}) == "A");
    BOOST_TEST(join_people({"A", "B"}) == "A and B");
    BOOST_TEST(join_people({"A", "B", "C"}) == "A, B and C");
}

BOOST_AUTO_TEST_CASE(a_missing_headline_is_the_first_sentence_capped) {
    const auto [short_one, used] =
        headline_from_lead("Oil rose on Monday. Traders cited Iraq.\n\nMore later.");
    BOOST_TEST(short_one == "Oil rose on Monday.");
    BOOST_TEST(used == 19u);
    const std::string long_sentence = "The " + std::string(40, 'x') + " " + std::string(40, 'y') +
                                      " " + std::string(40, 'z') + " ended.";
    const auto [cut, none] = headline_from_lead(long_sentence);
    BOOST_TEST(cut.size() <= 124u);
    BOOST_TEST(cut.ends_with("…"));
    BOOST_TEST(none == 0u);
}
