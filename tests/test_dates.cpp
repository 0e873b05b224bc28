// Tests for gazette::parse_date and gazette::find_date (common/dates.h).
// BOOST_TEST_MODULE and BOOST_TEST_DYN_LINK come from the build command line.
#include <boost/test/unit_test.hpp>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "dates.h"

using gazette::Date;
using gazette::find_date;
using gazette::parse_date;
using gazette::parse_date_span;

namespace {

// "YYYY-MM-DD" of a result, or "none": compact to compare and readable in failure messages.
std::string iso_or_none(const std::optional<Date>& date) {
    return date ? date->iso() : "none";
}

std::string parsed(std::string_view text) {
    return iso_or_none(parse_date(text));
}
std::string found(std::string_view text) {
    return iso_or_none(find_date(text));
}
// "first..last" of a span, or "none".
std::string spanned(std::string_view text) {
    const auto span = parse_date_span(text);
    return span ? span->first.iso() + ".." + span->last.iso() : "none";
}

}  // namespace

BOOST_AUTO_TEST_CASE(iso_is_zero_padded) {
    const Date date{2025, 2, 16};
    const Date early{987, 3, 5};
    BOOST_TEST(date.iso() == "2025-02-16");
    BOOST_TEST(early.iso() == "0987-03-05");
    BOOST_TEST(date.yyyymmdd() == 20250216);
}

BOOST_AUTO_TEST_CASE(month_name_day_comma_year) {
    BOOST_TEST(parsed("February 16, 2025") == "2025-02-16");
    BOOST_TEST(parsed("March 5, 2024") == "2024-03-05");
}

BOOST_AUTO_TEST_CASE(abbreviated_month_with_dot) {
    BOOST_TEST(parsed("Feb. 16, 2025") == "2025-02-16");
    BOOST_TEST(parsed("Sept. 5, 2024") == "2024-09-05");
    BOOST_TEST(parsed("Sep 5, 2024") == "2024-09-05");
    BOOST_TEST(parsed("Dec. 31, 1999") == "1999-12-31");
}

BOOST_AUTO_TEST_CASE(month_name_day_year_without_comma) {
    BOOST_TEST(parsed("Feb 16 2025") == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(month_names_are_case_insensitive) {
    BOOST_TEST(parsed("FEBRUARY 16, 2025") == "2025-02-16");
    BOOST_TEST(parsed("feb. 16, 2025") == "2025-02-16");
    BOOST_TEST(parsed("sEpT. 5 2024") == "2024-09-05");
}

BOOST_AUTO_TEST_CASE(day_month_year) {
    BOOST_TEST(parsed("16 February 2025") == "2025-02-16");
    BOOST_TEST(parsed("16 Feb. 2025") == "2025-02-16");
    BOOST_TEST(parsed("5 May 2024") == "2024-05-05");
}

BOOST_AUTO_TEST_CASE(ordinal_day_suffixes) {
    BOOST_TEST(parsed("Feb. 16th, 2025") == "2025-02-16");
    BOOST_TEST(parsed("1st March 2024") == "2024-03-01");
}

BOOST_AUTO_TEST_CASE(weekday_prefix_is_skipped) {
    BOOST_TEST(parsed("Sunday, February 16, 2025") == "2025-02-16");
    BOOST_TEST(parsed("Sun 16 Feb 2025") == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(us_short_numeric_with_two_digit_year) {
    BOOST_TEST(parsed("2/16/25") == "2025-02-16");
    BOOST_TEST(parsed("02/06/25") == "2025-02-06");
}

BOOST_AUTO_TEST_CASE(us_numeric_with_four_digit_year) {
    BOOST_TEST(parsed("2/16/2025") == "2025-02-16");
    BOOST_TEST(parsed("12/31/1987") == "1987-12-31");
}

BOOST_AUTO_TEST_CASE(two_digit_years_span_1970_to_2069) {
    BOOST_TEST(parsed("1/1/70") == "1970-01-01");
    BOOST_TEST(parsed("12/31/69") == "2069-12-31");
    BOOST_TEST(parsed("1/1/00") == "2000-01-01");
    BOOST_TEST(parsed("1/1/99") == "1999-01-01");
}

BOOST_AUTO_TEST_CASE(iso_date) {
    BOOST_TEST(parsed("2025-02-16") == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(iso_datetime_utc) {
    BOOST_TEST(parsed("2025-02-16T15:20:00Z") == "2025-02-16");
    BOOST_TEST(parsed("2025-02-16T15:20:00.123Z") == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(iso_datetime_with_offset) {
    BOOST_TEST(parsed("2025-02-16T15:20:00-05:00") == "2025-02-16");
    BOOST_TEST(parsed("2025-02-16T15:20:00+0530") == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(iso_date_space_time) {
    BOOST_TEST(parsed("2025-02-16 15:20") == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(year_first_with_slashes) {
    BOOST_TEST(parsed("2025/02/16") == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(rfc2822_with_weekday) {
    BOOST_TEST(parsed("Sun, 16 Feb 2025 15:20:00 -0500") == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(rfc2822_without_weekday_named_zone) {
    BOOST_TEST(parsed("16 Feb 2025 15:20:00 GMT") == "2025-02-16");
    BOOST_TEST(parsed("16 Feb 2025 15:20 EST") == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(reuters_sgml_date) {
    BOOST_TEST(parsed("26-FEB-1987 15:01:01.79") == "1987-02-26");
    BOOST_TEST(parsed(" 5-MAR-1987") == "1987-03-05");
}

BOOST_AUTO_TEST_CASE(surrounding_whitespace_allowed) {
    BOOST_TEST(parsed("  \tFebruary 16, 2025 \r\n") == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(leap_days_accepted) {
    BOOST_TEST(parsed("2/29/24") == "2024-02-29");
    BOOST_TEST(parsed("2000-02-29") == "2000-02-29");
}

BOOST_AUTO_TEST_CASE(impossible_dates_rejected) {
    for (const char* text : {"2/30/25", "2/29/25", "1900-02-29", "2025-04-31", "31 June 2024",
                             "Feb 32, 2025", "0000-01-01"}) {
        BOOST_TEST(parsed(text) == "none", text);
    }
}

BOOST_AUTO_TEST_CASE(out_of_range_fields_rejected) {
    for (const char* text : {"13/1/25", "0/10/25", "2025-13-01", "2025-00-10", "2025-02-00",
                             "2025-02-16T24:00", "2025-02-16 15:60", "2025-02-16T15:20:00+0560"}) {
        BOOST_TEST(parsed(text) == "none", text);
    }
}

BOOST_AUTO_TEST_CASE(empty_and_garbage_rejected) {
    for (const char* text : {"", "   ", "hello", "2025", "Feb 2025", "Feb 16", "2/16", "16/2025",
                             "2/16/025", "20251-02-16", "Febr 16, 2025", "2025-02-16x",
                             "Feb 16, 2025 and then", "2025-02/16", "2025-02-16T"}) {
        BOOST_TEST(parsed(text) == "none", text);
    }
}

BOOST_AUTO_TEST_CASE(finds_date_in_update_line) {
    BOOST_TEST(found("Update 2/16/25, 3:20 p.m. ET: This article has been updated") ==
               "2025-02-16");
}

BOOST_AUTO_TEST_CASE(finds_date_after_published) {
    BOOST_TEST(found("Published March 5, 2024 at 9:00") == "2024-03-05");
    BOOST_TEST(found("Published Feb. 16, 2025 at 9:00") == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(finds_rfc2822_date_in_posted_line) {
    BOOST_TEST(found("Posted: Tue, 05 Mar 2024 09:15:00 +0000") == "2024-03-05");
}

BOOST_AUTO_TEST_CASE(finds_date_followed_by_loose_time) {
    BOOST_TEST(found("(2025-02-16T15:20:00Z).") == "2025-02-16");
    BOOST_TEST(found("on 2/16/25 12:30pm local") == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(finds_first_of_several_dates) {
    BOOST_TEST(found("From 1 Jan 2024 to 2/16/25") == "2024-01-01");
}

BOOST_AUTO_TEST_CASE(dateline_without_year_has_no_date) {
    BOOST_TEST(found("PORT ALDREN, Feb 26 - Showers") == "none");
}

BOOST_AUTO_TEST_CASE(ignores_times_and_version_numbers) {
    for (const char* text : {"at 3:20 today", "the G20 summit", "sold 1,166 shares",
                             "version 2.16 released", "24/7 coverage", "score 3/4/5"}) {
        BOOST_TEST(found(text) == "none", text);
    }
    BOOST_TEST(found("At 3:20 the G20 sold 1,166 in version 2.16 on 2/16/25") == "2025-02-16");
}

BOOST_AUTO_TEST_CASE(ignores_dates_glued_into_longer_tokens) {
    for (const char* text :
         {"x2025-02-16", "2025-02-16abc", "v1.2/16/25", "12/2/16/25", "id 2025-02-16T99:00"}) {
        BOOST_TEST(found(text) == "none", text);
    }
}

BOOST_AUTO_TEST_CASE(garbage_never_throws) {
    std::mt19937 rng(20250216);  // fixed seed: failures must reproduce
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> length(0, 40);
    // Date-shaped pieces reach the deeper parser paths that random bytes rarely do.
    const std::vector<std::string_view> pieces = {
        "0", "2",  "16", "29", "31",  "99",   "2025", "1987", "/",   "-",    ":",   ".", ",",
        " ", "\t", "T",  "Z",  "+05", "0500", "Feb",  "sept", "MAR", "Sun,", "GMT", "th"};
    std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
    int dates_found = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string text;
        for (std::size_t n = length(rng); n > 0; --n) {
            if (i % 2) {
                text += pieces[pick(rng)];
            } else {
                text += static_cast<char>(byte(rng));
            }
        }
        BOOST_REQUIRE_NO_THROW(parse_date(text));
        BOOST_REQUIRE_NO_THROW(find_date(text));
        // Whatever is found is a real date that reads back the same.
        if (const auto date = find_date(text)) {
            ++dates_found;
            BOOST_TEST(parsed(date->iso()) == date->iso());
        }
    }
    BOOST_TEST(dates_found > 0);  // the date-shaped half did exercise the parsers
}

BOOST_AUTO_TEST_CASE(long_lines_are_scanned_without_hanging) {
    // A quadratic scan of these 1 MB lines would run for hours and hit CTest's
    // timeout; speed itself is measured in benchmarks, not here.
    const std::size_t size = 1024 * 1024;
    std::string near_misses;
    while (near_misses.size() < size) near_misses += "Sun, 16 Feb 2/16 2025-02 1,166 ";
    BOOST_TEST(found(near_misses + "2/16/25") == "2025-02-16");
    BOOST_TEST(found(std::string(size, '7')) == "none");
    BOOST_TEST(found(std::string(size, 'F')) == "none");
    BOOST_TEST(parsed(near_misses) == "none");
}

BOOST_AUTO_TEST_CASE(a_day_spans_itself_in_any_form_and_as_eight_digits) {
    BOOST_TEST(spanned("2025-02-16") == "2025-02-16..2025-02-16");
    BOOST_TEST(spanned("Feb. 16, 2025") == "2025-02-16..2025-02-16");
    BOOST_TEST(spanned("2/16/25") == "2025-02-16..2025-02-16");
    BOOST_TEST(spanned("20250216") == "2025-02-16..2025-02-16");
}

BOOST_AUTO_TEST_CASE(a_month_spans_its_days_to_the_last_leap_day_included) {
    BOOST_TEST(spanned("2025-02") == "2025-02-01..2025-02-28");
    BOOST_TEST(spanned("2024/2") == "2024-02-01..2024-02-29");
    BOOST_TEST(spanned("February 2024") == "2024-02-01..2024-02-29");
    BOOST_TEST(spanned(" Sept. 1987 ") == "1987-09-01..1987-09-30");
    BOOST_TEST(spanned("DEC 1999") == "1999-12-01..1999-12-31");
}

BOOST_AUTO_TEST_CASE(a_year_spans_january_to_december) {
    BOOST_TEST(spanned("1987") == "1987-01-01..1987-12-31");
    BOOST_TEST(spanned("0999") == "0999-01-01..0999-12-31");
}

BOOST_AUTO_TEST_CASE(what_is_no_day_month_or_year_spans_nothing) {
    for (const char* text :
         {"", "0000", "87", "20251", "2025-13", "2025-00", "2025-02-30", "20250230", "2025-",
          "Febr 2025", "2025 Feb", "Feb 16", "2025..2026", "2025-02-16x", "yesterday"}) {
        BOOST_TEST(spanned(text) == "none", text);
    }
}
