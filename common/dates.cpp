// Date parsing for the forms newsrooms print. Each form is a small recursive-descent parser over
// a Cursor; a match is a whole date plus an optional time of day and zone. parse_date() needs a
// match covering the whole string, find_date() tries the same parsers at word starts in text.
#include "dates.h"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdio>

namespace gazette {

std::string Date::iso() const {
    char buf[48];  // room for any int values, so no truncation is possible
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

namespace {

// ASCII-only classification: <cctype> depends on the locale and is undefined for negative chars,
// and arbitrary bytes (UTF-8, binary junk) reach these functions.
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
    return is_digit(c) || is_alpha(c);
}
bool is_space(char c) {
    return c == ' ' || c == '\t';
}
char to_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Case-insensitive comparison against a lowercase literal.
bool iequals(std::string_view text, std::string_view lowercase) {
    return text.size() == lowercase.size() &&
           std::equal(text.begin(), text.end(), lowercase.begin(),
                      [](char a, char b) { return to_lower(a) == b; });
}

// Read position in the text. Parsers advance it and may leave it anywhere when they fail, so a
// caller that wants to backtrack over an optional part parses a copy and assigns it on success.
class Cursor {
  public:
    explicit Cursor(std::string_view text) : text_(text) {}

    std::size_t pos() const { return pos_; }
    char peek(std::size_t ahead = 0) const {
        return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
    }
    bool done() const { return pos_ == text_.size(); }
    void advance(std::size_t n) { pos_ = std::min(pos_ + n, text_.size()); }
    bool skip(char c) {
        if (peek() != c) return false;
        advance(1);
        return true;
    }
    // Takes the longest run of characters satisfying pred (possibly empty).
    template <typename Pred>
    std::string_view take_while(Pred pred) {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && pred(text_[pos_])) ++pos_;
        return text_.substr(start, pos_ - start);
    }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

// A whole run of digits whose length is in [min_len, max_len]. Taking the whole run means a
// longer number never matches by its prefix: "20251" is no year. max_len <= 9, so no overflow.
std::optional<int> number(Cursor& c, std::size_t min_len, std::size_t max_len) {
    const auto digits = c.take_while(is_digit);
    if (digits.size() < min_len || digits.size() > max_len) return std::nullopt;
    int value = 0;
    for (const char d : digits) value = value * 10 + (d - '0');
    return value;
}

// Exactly two digits, even inside a longer run: the hours and minutes of "-0500".
std::optional<int> two_digits(Cursor& c) {
    if (!is_digit(c.peek(0)) || !is_digit(c.peek(1))) return std::nullopt;
    const int value = (c.peek(0) - '0') * 10 + (c.peek(1) - '0');
    c.advance(2);
    return value;
}

bool spaces(Cursor& c) {
    return !c.take_while(is_space).empty();
}

// Spaces and commas between the words of a written date: "Feb. 16, 2025", "Sun, 16 Feb".
bool gap(Cursor& c) {
    return !c.take_while([](char ch) { return is_space(ch) || ch == ','; }).empty();
}

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// "February", "Feb", "FEB", "Feb." or AP style "Sept."; returns 1..12.
std::optional<int> month_name(Cursor& c) {
    const auto word = c.take_while(is_alpha);
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        if (iequals(word, kMonths[i]) || iequals(word, kMonths[i].substr(0, 3)) ||
            (i == 8 && iequals(word, "sept"))) {
            c.skip('.');
            return static_cast<int>(i) + 1;
        }
    }
    return std::nullopt;
}

constexpr std::array<std::string_view, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};

// Skips a leading "Sun, " or "Sunday ". It is not checked against the date: the date is what
// gets indexed, and feeds get the weekday wrong more often than the date.
void skip_weekday(Cursor& c) {
    Cursor t = c;
    const auto word = t.take_while(is_alpha);
    const bool weekday = std::any_of(kWeekdays.begin(), kWeekdays.end(), [&](auto name) {
        return iequals(word, name) || iequals(word, name.substr(0, 3));
    });
    if (weekday && gap(t)) c = t;
}

// Day of the month as prose writes it: "5", "05", "5th".
std::optional<int> day_number(Cursor& c) {
    const auto day = number(c, 1, 2);
    if (!day) return std::nullopt;
    Cursor t = c;
    const auto suffix = t.take_while(is_alpha);
    if (iequals(suffix, "st") || iequals(suffix, "nd") || iequals(suffix, "rd") ||
        iequals(suffix, "th")) {
        c = t;
    }
    return day;
}

// Four digits, or (when allowed) two digits read as 1970..2069, the span news archives cover.
std::optional<int> year(Cursor& c, bool two_digits_ok) {
    const std::size_t start = c.pos();
    const auto y = number(c, two_digits_ok ? 2 : 4, 4);
    if (!y) return std::nullopt;
    switch (c.pos() - start) {
        case 4:
            return y;
        case 2:
            return *y < 70 ? 2000 + *y : 1900 + *y;
        default:
            return std::nullopt;
    }
}

// The date library knows month lengths and leap years. Year 0 is rejected because feeds use
// "0000-..." as a placeholder for "unknown", not as a date.
std::optional<Date> make_date(int y, int m, int d) {
    const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                   date::day{static_cast<unsigned>(d)}};
    if (y < 1 || !ymd.ok()) return std::nullopt;
    return Date{y, m, d};
}

// "February 16, 2025", "Feb. 16 2025", "Sept. 5th, 2024".
std::optional<Date> month_day_year(Cursor& c) {
    const auto m = month_name(c);
    if (!m || !gap(c)) return std::nullopt;
    const auto d = day_number(c);
    if (!d || !gap(c)) return std::nullopt;
    const auto y = year(c, false);
    if (!y) return std::nullopt;
    return make_date(*y, *m, *d);
}

// "16 February 2025", "16 Feb. 2025", "5th March, 2024".
std::optional<Date> day_month_year(Cursor& c) {
    const auto d = day_number(c);
    if (!d || !gap(c)) return std::nullopt;
    const auto m = month_name(c);
    if (!m || !gap(c)) return std::nullopt;
    const auto y = year(c, false);
    if (!y) return std::nullopt;
    return make_date(*y, *m, *d);
}

// Reuters SGML: "26-FEB-1987".
std::optional<Date> reuters(Cursor& c) {
    const auto d = number(c, 1, 2);
    if (!d || !c.skip('-')) return std::nullopt;
    const auto m = month_name(c);
    if (!m || !c.skip('-')) return std::nullopt;
    const auto y = year(c, false);
    if (!y) return std::nullopt;
    return make_date(*y, *m, *d);
}

// US order, month first: "2/16/25", "2/16/2025".
std::optional<Date> us_numeric(Cursor& c) {
    const auto m = number(c, 1, 2);
    if (!m || !c.skip('/')) return std::nullopt;
    const auto d = number(c, 1, 2);
    if (!d || !c.skip('/')) return std::nullopt;
    const auto y = year(c, true);
    if (!y) return std::nullopt;
    return make_date(*y, *m, *d);
}

// "2025-02-16" (ISO 8601) or "2025/02/16", the separator given.
std::optional<Date> year_first(Cursor& c, char separator) {
    const auto y = year(c, false);
    if (!y || !c.skip(separator)) return std::nullopt;
    const auto m = number(c, 1, 2);
    if (!m || !c.skip(separator)) return std::nullopt;
    const auto d = number(c, 1, 2);
    if (!d) return std::nullopt;
    return make_date(*y, *m, *d);
}

// "15:20", "15:20:00", "15:01:01.79"; second 60 is a leap second.
bool time_of_day(Cursor& c) {
    const auto h = number(c, 1, 2);
    if (!h || *h > 23 || !c.skip(':')) return false;
    const auto m = number(c, 2, 2);
    if (!m || *m > 59) return false;
    if (!c.skip(':')) return true;
    const auto s = number(c, 2, 2);
    if (!s || *s > 60) return false;
    return !c.skip('.') || !c.take_while(is_digit).empty();
}

// Zone names RFC 2822 allows (plus UTC and ISO's Z).
constexpr std::array<std::string_view, 12> kZoneNames = {"z",   "ut",  "utc", "gmt", "est", "edt",
                                                         "cst", "cdt", "mst", "mdt", "pst", "pdt"};

// "Z", "GMT", "-0500", "-05:00".
bool zone(Cursor& c) {
    if (c.skip('+') || c.skip('-')) {
        const auto hours = two_digits(c);
        c.skip(':');
        const auto minutes = two_digits(c);
        return hours && minutes && *hours <= 23 && *minutes <= 59 && !is_digit(c.peek());
    }
    const auto word = c.take_while(is_alpha);
    return std::any_of(kZoneNames.begin(), kZoneNames.end(),
                       [&](auto name) { return iequals(word, name); });
}

// Optional time after a date: "T15:20:00Z" (ISO only) or " 15:20:00 -0500". Consumed only when
// well formed, so "2/16/25 3 p.m." still ends its date after "25".
void skip_time(Cursor& c, bool iso) {
    Cursor t = c;
    if (!((iso && t.skip('T')) || spaces(t)) || !time_of_day(t)) return;
    c = t;
    spaces(t);
    if (zone(t)) c = t;
}

struct Form {
    std::optional<Date> (*parse)(Cursor&);
    bool iso;  // may be followed by "T" and a time
};

// The forms differ within their first two tokens, so at most one can match at a position.
constexpr std::array<Form, 6> kForms = {{
    {month_day_year, false},
    {day_month_year, false},
    {reuters, false},
    {us_numeric, false},
    {[](Cursor& c) { return year_first(c, '-'); }, true},
    {[](Cursor& c) { return year_first(c, '/'); }, false},
}};

struct Match {
    Date date;
    std::size_t date_end;  // just past the date itself
    std::size_t end;       // just past any time and zone that follow it
};

// A date (with optional weekday before and time after) at the very start of text.
std::optional<Match> match_date(std::string_view text) {
    Cursor start(text);
    skip_weekday(start);
    for (const Form& form : kForms) {
        Cursor c = start;
        if (const auto date = form.parse(c)) {
            const std::size_t date_end = c.pos();
            skip_time(c, form.iso);
            return Match{*date, date_end, c.pos()};
        }
    }
    return std::nullopt;
}

std::string_view trim(std::string_view text) {
    constexpr std::string_view kWhitespace = " \t\r\n\f\v";
    const auto first = text.find_first_not_of(kWhitespace);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(kWhitespace) - first + 1);
}

// Characters that glue numbers into something longer than a date: "v1.2/16/25", "2/16/25/26".
bool is_joiner(char c) {
    return c == '/' || c == '-' || c == '.';
}

// A date in running text starts a word: not inside "G20", "1,166" or "v1.2/16/25".
bool starts_word(std::string_view text, std::size_t i) {
    return is_alnum(text[i]) && (i == 0 || !(is_alnum(text[i - 1]) || is_joiner(text[i - 1])));
}

// ...and ends one: "2/16/25," and "2025." do, "2025-02-16x" and "2/16/25/26" do not.
bool ends_word(std::string_view text, std::size_t i) {
    if (i == text.size()) return true;
    if (is_alnum(text[i])) return false;
    return !(is_joiner(text[i]) && i + 1 < text.size() && is_digit(text[i + 1]));
}

// Longest text a date can span, weekday and zone included, with slack for extra spaces.
// Parsing at most this much per candidate keeps find_date linear on pathological lines.
constexpr std::size_t kMaxDateLength = 80;

// The whole of month `m` (1..12) of year `y` (from 1).
std::optional<DateSpan> month_span(int y, int m) {
    if (y < 1 || m < 1 || m > 12) return std::nullopt;
    const date::year_month_day_last last{
        date::year{y}, date::month_day_last{date::month{static_cast<unsigned>(m)}}};
    return DateSpan{{y, m, 1}, {y, m, static_cast<int>(static_cast<unsigned>(last.day()))}};
}

// The forms of a month or year a reader types, each over the whole text.
std::optional<DateSpan> year_alone(Cursor& c) {
    const auto y = year(c, false);
    if (!y || *y < 1) return std::nullopt;
    return DateSpan{{*y, 1, 1}, {*y, 12, 31}};
}
std::optional<DateSpan> year_month(Cursor& c) {  // "2025-02", "2025/02"
    const auto y = year(c, false);
    if (!y || !(c.skip('-') || c.skip('/'))) return std::nullopt;
    const auto m = number(c, 1, 2);
    return m ? month_span(*y, *m) : std::nullopt;
}
std::optional<DateSpan> month_year(Cursor& c) {  // "February 2025", "Feb. 2025"
    const auto m = month_name(c);
    if (!m || !gap(c)) return std::nullopt;
    const auto y = year(c, false);
    return y ? month_span(*y, *m) : std::nullopt;
}
std::optional<DateSpan> compact_day(Cursor& c) {  // "20250216", as the date value slot holds it
    const auto n = number(c, 8, 8);
    if (!n) return std::nullopt;
    const auto day = make_date(*n / 10000, *n / 100 % 100, *n % 100);
    return day ? std::optional<DateSpan>({*day, *day}) : std::nullopt;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
    text = trim(text);
    const auto match = match_date(text);
    if (!match || match->end != text.size()) return std::nullopt;
    return match->date;
}

std::optional<DateSpan> parse_date_span(std::string_view text) {
    if (const auto day = parse_date(text)) return DateSpan{*day, *day};
    text = trim(text);
    for (auto form : {year_alone, year_month, month_year, compact_day}) {
        Cursor c(text);
        if (auto span = form(c); span && c.done()) return span;
    }
    return std::nullopt;
}

std::optional<Date> find_date(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!starts_word(text, i)) continue;
        const auto match = match_date(text.substr(i, kMaxDateLength));
        // A time glued to the date ("T15:20Z") must parse; a loose one ("12:30pm") may be ignored.
        if (match && (ends_word(text, i + match->end) || ends_word(text, i + match->date_end))) {
            return match->date;
        }
    }
    return std::nullopt;
}

}  // namespace gazette
