// Heuristics for the metadata that news text carries inline rather than in
// fields: bylines, date lines and page furniture. Shared by the text, HTML and
// mail parsers; each function looks at one line (or paragraph) and never at a
// whole file, so every parser decides for itself where to look.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dates.h"

namespace gazette {

// Normalises an author field from any source: one line, no leading "By"/"By:",
// no trailing separators ("Jane Doe |" -> "Jane Doe").
std::string clean_byline(std::string_view raw);

// People named in one byline, joined the one way every parser joins them:
// "A", "A and B", "A, B and C".
std::string join_people(const std::vector<std::string>& names);

// A byline split into the people and the news agency it credits, the people
// in one capitalisation: "TED D'AFFLISIO, REUTERS" -> {"Ted D'Afflisio",
// "Reuters"}; "Yuko Nakamikado, Reuter" -> {"Yuko Nakamikado", "Reuters"};
// "Jane Doe (AP)" -> {"Jane Doe", "AP"}; the writer's job at the end goes:
// "Jane Doe, Staff Writer" -> {"Jane Doe", ""}. A byline that is only an agency
// keeps it as the agency. So one person is one facet entry and one filter.
struct Byline {
    std::string people;
    std::string agency;  // "" when none is credited
};
Byline split_byline(std::string_view byline);

// A headline for an article that has none: the first sentence of its body,
// or when that is longer than about 120 characters, its start cut at a word
// with "…". Second: the bytes of the body the headline took whole, so they
// need not be repeated (0 when it was cut).
std::pair<std::string, size_t> headline_from_lead(std::string_view body);

// A "By NAME" line near the top of a story: "By Jane Doe and John Roe" ->
// "Jane Doe and John Roe". Rejects sentences that merely start with "By"
// ("By 2025, 40% of ...", "By contrast Netcraft's ...").
std::optional<std::string> byline_from_by_line(std::string_view line);

// True for the heading of an author-bio block ("About the writer").
bool is_about_writer_heading(std::string_view line);

// The author's name at the start of the paragraph after that heading:
// "Peter Aitken is a Newsweek Politics Editor ..." -> "Peter Aitken".
std::optional<std::string> byline_from_about_writer(std::string_view paragraph);

// A line that is mostly a date, as printed under a headline:
// "February 16, 2025", "Published Feb. 16, 2025 at 9:00 a.m. ET".
std::optional<Date> date_from_date_line(std::string_view line);

// An "Update 2/16/25, 3:20 p.m. ET: ..." note, wherever it sits in a story.
std::optional<Date> date_from_update_line(std::string_view line);

// Site chrome copied along with the story: rating widgets, logos, share and
// "Read more" links, advertisement markers, photo-credit lines. Such lines are
// never headline, byline or body.
bool is_page_furniture(std::string_view line);

// Removes a photo credit appended to a caption: "... in Osaka, Japan, on June
// 28, 2019. Brendan Smialowski/AFP via Getty Images" -> "... 2019.". Returns a
// view into line (all of it when there is no credit).
std::string_view strip_photo_credit(std::string_view line);

}  // namespace gazette
