// Dates as newsrooms print them, turned into one sortable form.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gazette {

struct Date {
    int year = 0;   // four digits
    int month = 0;  // 1..12
    int day = 0;    // 1..31, valid for the month

    std::string iso() const;  // "YYYY-MM-DD"
    int yyyymmdd() const { return year * 10000 + month * 100 + day; }
    bool operator==(const Date&) const = default;
};

// Parses a whole string holding one date (surrounding whitespace allowed) in any
// form news uses: "February 16, 2025", "Feb. 16, 2025", "16 February 2025",
// "2/16/25", "2025-02-16", ISO 8601 with time, RFC 2822 ("Sun, 16 Feb 2025
// 15:20:00 -0500"), "26-FEB-1987 15:01:01.79" (Reuters). Two-digit years are
// 1970..2069. Returns nothing for anything else or an impossible calendar date.
std::optional<Date> parse_date(std::string_view text);

// The days from `first` to `last`, both included.
struct DateSpan {
    Date first, last;
};

// A date as a reader narrows a search by it: a day in any form parse_date
// reads (or "20250216"), a month ("2025-02", "2025/02", "February 2025",
// "Feb. 2025") or a year ("2025"), as the days it spans. Returns nothing for
// anything else.
std::optional<DateSpan> parse_date_span(std::string_view text);

// Finds the first date inside a line of running text, e.g.
// "Update 2/16/25, 3:20 p.m. ET: ..." or "Published Feb. 16, 2025 at 9:00".
std::optional<Date> find_date(std::string_view text);

}  // namespace gazette
