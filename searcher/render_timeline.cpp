// The timeline on the web page: an SVG bar chart drawn here, inline in the
// page. Inline SVG is part of the document, not a resource fetched, so the
// CSP (default-src 'none') allows it; its colours come from the page's own
// stylesheet. Nothing in it refers outside the page: its only addresses are
// the bars' links back to the search.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "dates.h"
#include "render_html.h"
#include "text.h"

namespace gazette::html {
namespace {

// The chart is drawn in a box about as wide as the side column (scaled to
// it): a few periods get wide bars, a century of years thin ones.
constexpr int kWidth = 240, kMinSlot = 4, kMaxSlot = 24, kChartHeight = 60, kAxisHeight = 14;

std::string articles(size_t n, bool approximate) {
    return fmt::format("{}{} {}", approximate ? "about " : "", n, n == 1 ? "article" : "articles");
}

// The first and last days of a date the user gave (a day, month or year in
// any form parse_date_span reads) as "YYYY-MM-DD"; "" if unreadable.
std::string first_day(const std::string& text) {
    const auto span = parse_date_span(text);
    return span ? span->first.iso() : "";
}
std::string last_day(const std::string& text) {
    const auto span = parse_date_span(text);
    return span ? span->last.iso() : "";
}

// The search narrowed to a period, inside any date range already asked for.
SearchRequest narrowed(const SearchRequest& request, const std::string& from,
                       const std::string& to) {
    SearchRequest r = request;
    const std::string since = first_day(r.filters.since), until = last_day(r.filters.until);
    r.filters.since = since > from ? since : from;
    r.filters.until = !until.empty() && until < to ? until : to;
    return r;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> period_dates(std::string_view period) {
    const auto digits = [&](size_t from, size_t n) {
        return std::all_of(period.begin() + from, period.begin() + from + n,
                           [](char c) { return c >= '0' && c <= '9'; });
    };
    if (period.size() == 4 && digits(0, 4))
        return std::pair{std::string(period) + "-01-01", std::string(period) + "-12-31"};
    if (period.size() != 7 || !digits(0, 4) || period[4] != '-' || !digits(5, 2)) return {};
    const int year = std::stoi(std::string(period.substr(0, 4)));
    const unsigned month = std::stoi(std::string(period.substr(5, 2)));
    if (month < 1 || month > 12) return {};
    using namespace std::chrono;
    const year_month_day_last last{std::chrono::year{year},
                                   month_day_last{std::chrono::month{month}}};
    return std::pair{std::string(period) + "-01",
                     fmt::format("{}-{:02}", period, static_cast<unsigned>(last.day()))};
}

std::string timeline_html(const Page& page, const Timeline& timeline) {
    if (timeline.periods.empty() && timeline.undated == 0) return "";
    size_t most = 0;
    for (const auto& [period, count] : timeline.periods) most = std::max(most, count);
    const int n = static_cast<int>(timeline.periods.size());
    const int slot = std::clamp(kWidth / std::max(n, 1), kMinSlot, kMaxSlot);
    const int bar_width = slot - std::max(1, slot / 6);
    const int width = std::max(1, n * slot - (slot - bar_width));
    std::string bars;
    for (int i = 0; i < n; ++i) {
        const auto& [period, count] = timeline.periods[i];
        const int x = i * slot;
        const std::string label =
            html_escape(period) + ": " + articles(count, timeline.approximate);
        // A bar of any count shows at least a sliver; an empty period is a line.
        const int height =
            count == 0
                ? 1
                : std::max(2, static_cast<int>(count * kChartHeight / std::max<size_t>(most, 1)));
        const std::string bar =
            fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>", x,
                        kChartHeight - height, bar_width, height);
        const auto dates = period_dates(period);
        if (count == 0 || !dates) {  // nothing to narrow to
            bars += fmt::format("<g><title>{}</title>{}</g>\n", label, bar);
            continue;
        }
        bars += fmt::format(
            "<a href=\"{}\" aria-label=\"{}\"><title>{}</title>"
            "<rect class=\"hit\" x=\"{}\" y=\"0\" width=\"{}\" height=\"{}\"/>{}</a>\n",
            search_href(page.script, narrowed(page.request, dates->first, dates->second), 1), label,
            label, x, slot, kChartHeight, bar);
    }
    std::string axis;
    if (n > 0) {
        axis += fmt::format("<text x=\"0\" y=\"{}\">{}</text>\n", kChartHeight + kAxisHeight - 2,
                            html_escape(timeline.periods.front().first));
        if (n > 1)
            axis += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", width,
                                kChartHeight + kAxisHeight - 2,
                                html_escape(timeline.periods.back().first));
    }
    std::string out = fmt::format(
        "<section class=\"timeline\" aria-label=\"Matches over time\">\n"
        "<h3>Over time, by {}</h3>\n",
        timeline.by_month ? "month" : "year");
    // Wide enough for the axis labels however few the bars.
    if (n > 0)
        out += fmt::format(
            "<svg viewBox=\"0 0 {} {}\" role=\"group\" aria-label=\"Matches by {}\">\n{}{}</svg>\n",
            std::max(width, 120), kChartHeight + kAxisHeight, timeline.by_month ? "month" : "year",
            bars, axis);
    if (timeline.undated > 0)
        out += fmt::format("<p class=\"note\">Undated: {}</p>\n",
                           articles(timeline.undated, timeline.approximate));
    if (timeline.approximate) out += "<p class=\"note\">Counted on a sample of the matches.</p>\n";
    if (timeline.counts_copies) out += "<p class=\"note\">Counts include copies of a story.</p>\n";
    return out + "</section>\n";
}

}  // namespace gazette::html
