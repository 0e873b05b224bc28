#include "render_atom.h"

#include <fmt/format.h>

#include "render.h"
#include "text.h"

namespace gazette::html {
namespace {

// An article's day as an RFC 3339 time (articles carry no time of day).
std::string day_time(const std::string& date) {
    return date.size() == 10 ? date + "T00:00:00Z" : "";
}

std::string title_of(const Page& page) {
    const SearchRequest& r = page.request;
    if (!r.query.empty()) return "“" + r.query + "” – Gazette";
    std::string filters;
    for (const auto& [field, values] : r.filters.values)
        for (const std::string& value : values)
            filters += (filters.empty() ? "" : ", ") + field + ": " + value;
    return (filters.empty() ? std::string("Articles") : filters) + " – Gazette";
}

std::string entry(const Page& page, std::string_view base, const Hit& hit,
                  const std::string& feed_updated) {
    const std::string updated = hit.date.empty() ? feed_updated : day_time(hit.date);
    // The article view: always there, and the entry's stable id.
    const std::string view = xml_text(base) + search_href(page.script, {}, 1, hit.id);
    std::string out = fmt::format(
        "<entry>\n<id>{0}</id>\n<title type=\"text\">{1}</title>\n<updated>{2}</updated>\n"
        "<link rel=\"alternate\" type=\"text/html\" href=\"{0}\"/>\n",
        view, xml_text(hit.headline.empty() ? "(no headline)" : hit.headline), updated);
    if (!hit.date.empty()) out += "<published>" + updated + "</published>\n";
    if (!hit.byline.empty()) out += "<author><name>" + xml_text(hit.byline) + "</name></author>\n";
    if (is_web_url(hit.url))
        out += "<link rel=\"related\" type=\"text/html\" href=\"" + xml_text(hit.url) + "\"/>\n";
    if (!hit.section.empty()) out += "<category term=\"" + xml_text(hit.section) + "\"/>\n";
    if (const std::string summary = snippet_text(hit.snippet); !summary.empty())
        out += "<summary type=\"text\">" + xml_text(summary) + "</summary>\n";
    return out + "</entry>\n";
}

}  // namespace

std::string xml_text(std::string_view text) {
    std::string clean = is_valid_utf8(text) ? std::string(text) : to_utf8(text);
    drop_controls(clean);
    // U+FFFE and U+FFFF, which XML forbids, as EF BF BE and EF BF BF.
    for (size_t at = clean.find("\xEF\xBF"); at != std::string::npos;
         at = clean.find("\xEF\xBF", at + 1))
        if (at + 2 < clean.size() && (clean[at + 2] == '\xBE' || clean[at + 2] == '\xBF'))
            clean.erase(at, 3);
    return html_escape(clean);
}

std::string feed_href(const Page& page) {
    SearchRequest r = page.request;
    r.sort = SortOrder::kRelevance;  // a feed is newest first whatever the page's order
    const std::string search = search_href(page.script, r, 1);
    return search + (search.find('?') == std::string::npos ? "?" : "&amp;") + "format=atom";
}

std::string atom_feed(const Page& page, std::string_view base_url, const SearchResults& results,
                      std::string_view now) {
    std::string updated;  // the newest article's day
    for (const Hit& hit : results.hits) updated = std::max(updated, day_time(hit.date));
    if (updated.empty()) updated = xml_text(now);
    SearchRequest newest = page.request;
    newest.sort = SortOrder::kNewest;
    std::string entries;
    for (const Hit& hit : results.hits) entries += entry(page, base_url, hit, updated);
    return fmt::format(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        "<id>{0}{1}</id>\n<title type=\"text\">{2}</title>\n<updated>{3}</updated>\n"
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{0}{1}\"/>\n"
        "<link rel=\"alternate\" type=\"text/html\" href=\"{0}{4}\"/>\n"
        "<author><name>Gazette</name></author>\n<generator>Gazette</generator>\n{5}</feed>\n",
        xml_text(base_url), feed_href(page), xml_text(title_of(page)), updated,
        search_href(page.script, newest, 1), entries);
}

}  // namespace gazette::html
