#include "render_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "cgi_request.h"
#include "render.h"
#include "render_atom.h"
#include "schema.h"
#include "text.h"

namespace gazette::html {
namespace {

// Inline so the page needs no other request; the CSP allows inline styles only.
constexpr const char* kStyle = R"css(
:root{color-scheme:light dark;--accent:#0b57d0;--muted:#5f6368;--mark:#ffe87a;--line:#dadce0}
@media (prefers-color-scheme:dark){:root{--accent:#8ab4f8;--muted:#9aa0a6;--mark:#6b5900;--line:#3c4043}}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:62rem;padding:1rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;border-bottom:1px solid var(--line);padding-bottom:1rem}
.brand{font:700 1.6rem Georgia,serif;text-decoration:none;color:inherit}
form.search{display:flex;flex:1;min-width:15rem;gap:.5rem}
input,button{font:inherit;padding:.4rem .6rem}
input[type=search]{flex:1;min-width:0}
a{color:var(--accent)}
mark{background:var(--mark);color:inherit;padding:0 .1em;border-radius:2px}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 15rem;gap:2rem}
@media (max-width:46rem){.layout{grid-template-columns:minmax(0,1fr)}.facets{border-top:1px solid var(--line)}}
.hits{list-style:none;padding:0;margin:0}
.hits li{margin:0 0 1.4rem}
.hits h2{font-size:1.15rem;margin:0;font-weight:600}
.meta,.count,.summary,.note{color:var(--muted);font-size:.9rem}
.meta{margin:.1rem 0}
.snippet{margin:.2rem 0}
.bar{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:baseline}
.chip{border:1px solid var(--line);border-radius:1rem;padding:0 .6rem;text-decoration:none}
.facets h3{font-size:.95rem;margin:1rem 0 .3rem}
.facets ul{list-style:none;padding:0;margin:0}
.facets li{display:flex;justify-content:space-between;gap:.5rem}
.facets form{display:grid;gap:.3rem}
.facets label{display:flex;justify-content:space-between;align-items:center;gap:.5rem}
.timeline svg{display:block;width:100%;height:auto}
.timeline .bar{fill:var(--accent)}
.timeline a:hover .bar,.timeline a:focus .bar{fill:var(--muted)}
.timeline .hit{fill:transparent}
.timeline text{font-size:11px;fill:var(--muted)}
.pages{display:flex;flex-wrap:wrap;gap:.5rem 1rem;justify-content:center;margin:2rem 0}
article{max-width:42rem}
article h1{font-family:Georgia,serif;line-height:1.25}
.thread{max-width:42rem;border-top:1px solid var(--line);margin-top:2rem}
.thread h2{font-size:1.1rem}
.thread ol{list-style:none;padding:0}
.thread li{margin:.3rem 0}
.thread time,.thread .note{display:inline-block;min-width:6.5rem;color:var(--muted);font-size:.9rem}
)css";

std::string facet_label(std::string_view name) {
    const schema::Field* field = schema::find_field(name);
    return std::string(field ? field->label : name);
}

const char* sort_name(SortOrder sort) {
    switch (sort) {
        case SortOrder::kNewest:
            return "date";
        case SortOrder::kOldest:
            return "oldest";
        case SortOrder::kRelevance:
            break;
    }
    return "relevance";
}

size_t page_number(const SearchRequest& r) {
    return r.limit == 0 ? 1 : r.offset / r.limit + 1;
}

std::string href(const std::string& script, const SearchRequest& r, size_t page,
                 std::string_view doc = {}) {
    return search_href(script, r, page, doc);
}

bool has_filters(const Filters& f) {
    return !f.empty();
}

// `feed`: the page is a search's results, which a feed reader can follow.
std::string document(std::string_view title, const Page& page, const std::string& main,
                     bool feed = false) {
    return fmt::format(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<title>{}</title>\n"
        "<link rel=\"search\" type=\"application/opensearchdescription+xml\" title=\"Gazette\" "
        "href=\"{}?opensearch=1\">\n{}<style>{}</style>\n</head>\n<body>\n<header>\n"
        "<a class=\"brand\" href=\"{}\">Gazette</a>\n"
        "<form class=\"search\" role=\"search\" method=\"get\" action=\"{}\">\n"
        "<input type=\"search\" name=\"q\" value=\"{}\" maxlength=\"1000\" "
        "aria-label=\"Search the articles\" placeholder=\"Search the articles\">\n{}"
        "<button type=\"submit\">Search</button>\n</form>\n</header>\n<main>\n{}</main>\n"
        "</body>\n</html>\n",
        html_escape(title), html_escape(page.script),
        feed ? fmt::format("<link rel=\"alternate\" type=\"application/atom+xml\" "
                           "title=\"{}\" href=\"{}\">\n",
                           html_escape(title), feed_href(page))
             : "",
        kStyle, href(page.script, {}, 1), html_escape(page.script), html_escape(page.request.query),
        page.request.sort == SortOrder::kRelevance
            ? ""
            : fmt::format("<input type=\"hidden\" name=\"sort\" value=\"{}\">\n",
                          sort_name(page.request.sort)),
        main);
}

std::string title_for(const SearchRequest& r) {
    if (!r.like_id.empty()) return "Similar articles – Gazette";
    return r.query.empty() ? "Gazette" : r.query + " – Gazette";
}

std::string hit_meta(const Hit& hit) {
    std::vector<std::string> parts;
    if (!hit.byline.empty()) parts.push_back(html_escape(hit.byline));
    if (!hit.date.empty())
        parts.push_back(fmt::format("<time datetime=\"{0}\">{0}</time>", html_escape(hit.date)));
    for (const std::string* field : {&hit.section, &hit.source})
        if (!field->empty()) parts.push_back(html_escape(*field));
    if (is_web_url(hit.url))
        parts.push_back(
            fmt::format("<a href=\"{}\" rel=\"noopener noreferrer nofollow\">original</a>",
                        html_escape(hit.url)));
    if (hit.similar > 0) parts.push_back(fmt::format("{} similar", hit.similar));
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : " · ") + part;
    return out;
}

// A headline with its matched words marked; an article may have none.
std::string headline_html(const Fragment& headline) {
    return headline.empty() ? "(no headline)" : fragment_html(headline);
}

std::string render_hit(const Page& page, const Hit& hit) {
    std::string out =
        fmt::format("<li>\n<h2><a href=\"{}\">{}</a></h2>\n",
                    href(page.script, page.request, page_number(page.request), hit.id),
                    headline_html(hit.headline_marked));
    SearchRequest like;
    like.like_id = hit.id;
    const std::string more =
        fmt::format("<a class=\"like\" href=\"{}\">More like this</a>", href(page.script, like, 1));
    const std::string meta = hit_meta(hit);
    out += "<p class=\"meta\">" + meta + (meta.empty() ? "" : " · ") + more + "</p>\n";
    if (!hit.snippet.empty()) out += "<p class=\"snippet\">" + snippet_html(hit.snippet) + "</p>\n";
    return out + "</li>\n";
}

// The filters in force, each a link that removes it.
std::string active_filters(const Page& page) {
    std::string out;
    for (const auto& [field, in_force] : page.request.filters.values) {
        for (const std::string& value : in_force) {
            SearchRequest r = page.request;
            auto& values = r.filters.of(field);
            values.erase(std::find(values.begin(), values.end(), value));
            out += fmt::format(
                "<a class=\"chip\" href=\"{}\" title=\"Remove this filter\">{}: {} ×</a>\n",
                href(page.script, r, 1), facet_label(field), html_escape(value));
        }
    }
    for (const auto& [label, member] :
         {std::pair{"From", &Filters::since}, std::pair{"To", &Filters::until}}) {
        if ((page.request.filters.*member).empty()) continue;
        SearchRequest r = page.request;
        (r.filters.*member).clear();
        out +=
            fmt::format("<a class=\"chip\" href=\"{}\" title=\"Remove this filter\">{} {} ×</a>\n",
                        href(page.script, r, 1), label, html_escape(page.request.filters.*member));
    }
    return out.empty() ? "" : "<p class=\"bar\">" + out + "</p>\n";
}

std::string sort_links(const Page& page) {
    std::string out = "<p class=\"bar\"><span class=\"note\">Sort:</span>\n";
    for (const auto& [sort, label] :
         {std::pair{SortOrder::kRelevance, "relevance"}, std::pair{SortOrder::kNewest, "newest"},
          std::pair{SortOrder::kOldest, "oldest"}}) {
        SearchRequest r = page.request;
        r.sort = sort;
        out += sort == page.request.sort
                   ? fmt::format("<strong aria-current=\"true\">{}</strong>\n", label)
                   : fmt::format("<a href=\"{}\">{}</a>\n", href(page.script, r, 1), label);
    }
    return out + fmt::format(
                     "<a class=\"feed\" href=\"{}\" type=\"application/atom+xml\">"
                     "Follow this search (Atom feed)</a>\n</p>\n",
                     feed_href(page));
}

std::string suggestion(const Page& page, const SearchResults& results) {
    if (results.suggestion.empty() || results.suggestion == page.request.query) return "";
    SearchRequest r = page.request;
    r.query = results.suggestion;
    return fmt::format("<p>Did you mean <a href=\"{}\"><em>{}</em></a>?</p>\n",
                       href(page.script, r, 1), html_escape(results.suggestion));
}

std::string facet_list(const Page& page, const Facet& facet) {
    std::string items;
    for (const auto& [value, count] : facet.counts) {
        SearchRequest r = page.request;
        auto& values = r.filters.of(facet.field);
        if (std::find(values.begin(), values.end(), value) != values.end()) continue;
        values.push_back(value);
        items += fmt::format("<li><a href=\"{}\">{}</a> <span class=\"count\">{}{}</span></li>\n",
                             href(page.script, r, 1), html_escape(value),
                             facet.approximate ? "~" : "", count);
    }
    if (items.empty()) return "";
    const std::string note =
        facet.counts_copies ? "<p class=\"note\">Counts include copies of a story.</p>\n" : "";
    return fmt::format("<h3>{}</h3>\n<ul>\n{}</ul>\n{}", facet_label(facet.field), items, note);
}

// Narrowing by date is a plain GET form, so it works without JavaScript.
std::string date_form(const Page& page) {
    const SearchRequest& r = page.request;
    std::string hidden =
        fmt::format("<input type=\"hidden\" name=\"q\" value=\"{}\">\n", html_escape(r.query));
    if (r.sort != SortOrder::kRelevance)
        hidden +=
            fmt::format("<input type=\"hidden\" name=\"sort\" value=\"{}\">\n", sort_name(r.sort));
    for (const auto& [field, values] : r.filters.values)
        for (const std::string& value : values)
            hidden += fmt::format("<input type=\"hidden\" name=\"{}\" value=\"{}\">\n", field,
                                  html_escape(value));
    return fmt::format(
        "<h3>Dates</h3>\n<form method=\"get\" action=\"{}\">\n{}"
        "<label>From <input type=\"date\" name=\"since\" value=\"{}\"></label>\n"
        "<label>To <input type=\"date\" name=\"until\" value=\"{}\"></label>\n"
        "<button type=\"submit\">Apply</button>\n</form>\n",
        html_escape(page.script), hidden, html_escape(r.filters.since),
        html_escape(r.filters.until));
}

// 12345 as "12,345": totals are read at a glance.
std::string grouped(size_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string plural(size_t n, std::string_view noun) {
    return fmt::format("{} {}{}", grouped(n), noun, n == 1 ? "" : "s");
}

// At least the results shown: an estimate may fall short of them.
size_t total_of(const SearchResults& results) {
    return std::max(results.total, results.offset + results.hits.size());
}

// Xapian's count is exact, or every match fits on the first page.
bool exact_total(const Page& page, const SearchResults& results) {
    return results.total_exact || (results.offset == 0 && results.hits.size() < page.request.limit);
}

// First, previous, the numbers of the pages around this one, next. Pages past
// the estimated total, or past the cap, are not offered.
std::string pagination(const Page& page, const SearchResults& results) {
    constexpr size_t kAround = 4;  // page numbers shown either side of this one
    const size_t current = page_number(page.request);
    const size_t limit = std::max<size_t>(page.request.limit, 1);
    const bool full = results.hits.size() == limit;
    const size_t last =
        full ? std::max(current, std::min((total_of(results) + limit - 1) / limit, cgi::kMaxPage))
             : current;
    if (last == 1) return "";
    const auto link = [&](size_t to, std::string_view rel, std::string_view label,
                          std::string_view aria) {
        return fmt::format("<a{} href=\"{}\" aria-label=\"{}\">{}</a>\n",
                           rel.empty() ? "" : fmt::format(" rel=\"{}\"", rel),
                           href(page.script, page.request, to), aria, label);
    };
    std::string out = "<nav class=\"pages\" aria-label=\"Pages\">\n";
    if (current > 2) out += link(1, "first", "« First", "First page");
    if (current > 1) out += link(current - 1, "prev", "← Previous", "Previous page");
    const size_t to = std::min(last, std::max(current, kAround + 1) + kAround);
    const size_t from =
        to > 2 * kAround ? std::max<size_t>(1, std::min(current, to - 2 * kAround)) : 1;
    for (size_t p = from; p <= to; ++p)
        out += p == current ? fmt::format("<strong aria-current=\"page\">{}</strong>\n", p)
                            : link(p, "", std::to_string(p), fmt::format("Page {}", p));
    if (current < last) out += link(current + 1, "next", "Next →", "Next page");
    return out + "</nav>\n";
}

// "Results 11–20 of about 680 for “harbor”", or "3 results for “harbor”" when all
// are on this page; "about" only when the total is an estimate.
std::string summary(const Page& page, const SearchResults& results) {
    const size_t total = total_of(results);
    std::string what = page.request.query.empty()
                           ? std::string()
                           : " for “" + html_escape(page.request.query) + "”";
    if (!page.request.like_id.empty())
        what = fmt::format(" similar to <a href=\"{}\">this article</a>{}",
                           href(page.script, {}, 1, page.request.like_id), what);
    if (results.offset == 0 && results.hits.size() == total)
        return fmt::format("<p class=\"summary\">{}{}</p>\n", plural(total, "result"), what);
    return fmt::format("<p class=\"summary\">Results {}–{} of {}{}{}</p>\n", results.offset + 1,
                       results.offset + results.hits.size(),
                       exact_total(page, results) ? "" : "about ", grouped(total), what);
}

std::string no_results(const Page& page, const SearchResults& results) {
    if (results.offset > 0 && results.total > 0)
        return fmt::format(
            "<h1>No more results</h1>\n<p>This page is past the last of {}{}. "
            "<a href=\"{}\">Back to the first page</a>.</p>\n",
            results.total_exact ? "" : "about ", plural(results.total, "result"),
            href(page.script, page.request, 1));
    std::string out =
        !page.request.like_id.empty() ? std::string("<h1>No similar articles</h1>\n")
        : page.request.query.empty()
            ? std::string("<h1>No articles pass these filters</h1>\n")
            : "<h1>No articles match “" + html_escape(page.request.query) + "”</h1>\n";
    out += suggestion(page, results);
    out += active_filters(page);
    out += "<ul>\n<li>Check the spelling, or try fewer or more general words.</li>\n";
    if (has_filters(page.request.filters)) {
        SearchRequest r = page.request;
        r.filters = {};
        out += fmt::format("<li><a href=\"{}\">Search without the filters</a>.</li>\n",
                           href(page.script, r, 1));
    }
    return out + "<li>Drop quotes around a phrase, or join alternatives with OR.</li>\n</ul>\n";
}

// A search for one filter's value, as an article's facts link to it.
std::string filter_link(const Page& page, std::string_view field, const std::string& value,
                        const std::string& label) {
    SearchRequest r;
    r.filters.of(field).push_back(value);
    return fmt::format("<a href=\"{}\">{}</a>", href(page.script, r, 1), label);
}

// The facts of an article, each a search: its byline, its day, its section
// and source; and its original, when it has a web address.
std::string article_meta(const Page& page, const Article& a) {
    std::vector<std::string> parts;
    if (!a.byline.empty())
        parts.push_back(filter_link(page, "byline", a.byline, html_escape(a.byline)));
    if (!a.date.empty()) {
        SearchRequest day;
        day.filters.since = day.filters.until = a.date;
        parts.push_back(fmt::format("<a href=\"{0}\"><time datetime=\"{1}\">{1}</time></a>",
                                    href(page.script, day, 1), html_escape(a.date)));
    }
    if (!a.section.empty())
        parts.push_back(filter_link(page, "section", a.section, html_escape(a.section)));
    if (!a.source.empty())
        parts.push_back(filter_link(page, "source", a.source, html_escape(a.source)));
    if (is_web_url(a.url))
        parts.push_back(
            fmt::format("<a href=\"{}\" rel=\"noopener noreferrer nofollow\">Original article</a>",
                        html_escape(a.url)));
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : " · ") + part;
    return out;
}

// The articles like this one in date order, this one in its place, so that a
// reader can follow the story backwards and forwards; undated ones last.
std::string story_thread(const Page& page, const ArticleView& view) {
    if (view.similar.empty()) return "";
    std::vector<const Hit*> thread;
    for (const Hit& hit : view.similar) thread.push_back(&hit);
    Hit self;
    self.id = view.article.id;
    self.date = view.article.date;
    thread.push_back(&self);
    std::stable_sort(thread.begin(), thread.end(), [](const Hit* a, const Hit* b) {
        return !a->date.empty() && (b->date.empty() || a->date < b->date);
    });
    std::string items;
    for (const Hit* hit : thread) {
        const std::string date =
            hit->date.empty()
                ? std::string("<span class=\"note\">undated</span>")
                : fmt::format("<time datetime=\"{0}\">{0}</time>", html_escape(hit->date));
        items +=
            hit == &self
                ? fmt::format("<li aria-current=\"page\">{} <strong>This article</strong></li>\n",
                              date)
                : fmt::format("<li>{} <a href=\"{}\">{}</a></li>\n", date,
                              href(page.script, page.request, page_number(page.request), hit->id),
                              html_escape(hit->headline.empty() ? "(no headline)" : hit->headline));
    }
    SearchRequest like;
    like.like_id = view.article.id;
    return fmt::format(
        "<section class=\"thread\" aria-label=\"Similar articles\">\n<h2>Similar articles, by "
        "date</h2>\n"
        "<ol>\n{}</ol>\n<p><a href=\"{}\">More like this</a></p>\n</section>\n",
        items, href(page.script, like, 1));
}

}  // namespace

std::string start_page(const Page& page) {
    const std::string main =
        "<h1>Search the news archive</h1>\n"
        "<p>Type a few words above: the articles that match them best come first, "
        "with the matching words highlighted.</p>\n"
        "<ul>\n<li><code>\"tram line\"</code> finds an exact phrase.</li>\n"
        "<li><code>harbor OR port</code> finds either word; <code>-council</code> leaves a word "
        "out.</li>\n<li><code>headline:budget</code> and <code>byline:thackwray</code> search one "
        "field; <code>dredg*</code> finds every word that begins so.</li>\n</ul>\n";
    return document("Gazette", page, main);
}

std::string results_page(const Page& asked, const SearchResults& results) {
    if (results.hits.empty())
        return document(title_for(asked.request), asked, no_results(asked, results), true);
    // The hits of a corrected spelling: every link (pages, facets, timeline,
    // feed) is of the search shown, with one back to the words as typed.
    Page page = asked;
    std::string corrected;
    if (!results.corrected.empty()) {
        page.request.query = results.corrected;
        SearchRequest as_typed = asked.request;
        as_typed.correct = false;
        corrected = fmt::format(
            "<p class=\"corrected\">Showing results for <strong>{}</strong>. "
            "<a href=\"{}\">Search instead for <em>{}</em></a></p>\n",
            html_escape(results.corrected), href(asked.script, as_typed, 1),
            html_escape(asked.request.query));
    }
    std::string hits;
    for (const Hit& hit : results.hits) hits += render_hit(page, hit);
    std::string facets = results.timeline ? timeline_html(page, *results.timeline) : "";
    for (const Facet& facet : results.facets) facets += facet_list(page, facet);
    // The pages go with the hits: on a narrow screen the side column falls
    // below them, and Next must not sit under 60 facet values.
    const std::string main =
        corrected + summary(page, results) + suggestion(page, results) + active_filters(page) +
        sort_links(page) +
        "<div class=\"layout\">\n<div class=\"results\">\n<ol class=\"hits\">\n" + hits +
        "</ol>\n" + pagination(page, results) +
        "</div>\n<aside class=\"facets\" aria-label=\"Narrow the results\">\n" + facets +
        date_form(page) + "</aside>\n</div>\n";
    return document(title_for(page.request), page, main, true);
}

std::string article_page(const Page& page, const ArticleView& view) {
    const Article& article = view.article;
    std::string body;
    for (const Fragment& paragraph : view.paragraphs)
        body += "<p>" + fragment_html(paragraph) + "</p>\n";
    if (view.body_bytes > kMaxViewBytes)
        body += fmt::format(
            "<p class=\"note\">This article is {:.1f} MB long: only its first {} MB is shown "
            "here{}.</p>\n",
            view.body_bytes / 1048576.0, kMaxViewBytes >> 20,
            is_web_url(article.url) ? "; the original has it all" : "");
    const std::string back =
        page.request.query.empty() && !has_filters(page.request.filters)
            ? fmt::format("<p><a href=\"{}\">← New search</a></p>\n", href(page.script, {}, 1))
            : fmt::format("<p><a href=\"{}\">← Back to the results</a></p>\n",
                          href(page.script, page.request, page_number(page.request)));
    const std::string headline = article.headline.empty() ? "(no headline)" : article.headline;
    const std::string main = back + "<article>\n<h1>" + headline_html(view.headline) + "</h1>\n" +
                             "<p class=\"meta\">" + article_meta(page, article) + "</p>\n" + body +
                             "</article>\n" + story_thread(page, view);
    return document(headline + " – Gazette", page, main);
}

std::string error_page(int status, std::string_view message, std::string_view script,
                       std::string_view query) {
    const std::string title = status == 400   ? "Bad request"
                              : status == 404 ? "Not found"
                              : status == 405 ? "Method not allowed"
                              : status == 503 ? "Search unavailable"
                                              : "Something went wrong";
    Page page{std::string(script), {}};
    page.request.query = query;
    const std::string main = fmt::format(
        "<h1>{}</h1>\n<p class=\"error\">{}</p>\n<p><a href=\"{}\">Start a new search</a></p>\n",
        title, html_escape(message), href(page.script, {}, 1));
    return document(title + " – Gazette", page, main);
}

std::string opensearch_description(std::string_view base_url, std::string_view script) {
    const std::string self = html_escape(std::string(base_url) + std::string(script));
    return fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
        "<ShortName>Gazette</ShortName>\n"
        "<Description>Search the news archive</Description>\n"
        "<InputEncoding>UTF-8</InputEncoding>\n"
        "<Url type=\"text/html\" method=\"get\" template=\"{0}?q={{searchTerms}}\"/>\n"
        "<Url type=\"application/json\" method=\"get\" "
        "template=\"{0}?q={{searchTerms}}&amp;format=json\"/>\n"
        "<Url type=\"application/opensearchdescription+xml\" rel=\"self\" "
        "template=\"{0}?opensearch=1\"/>\n"
        "</OpenSearchDescription>\n",
        self);
}

// The query, sort, filters and page, percent-encoded and then escaped for the
// attribute the address goes in.
std::string search_href(const std::string& script, const SearchRequest& r, size_t page,
                        std::string_view doc) {
    std::string qs;
    const auto add = [&qs](std::string_view name, std::string_view value) {
        if (value.empty()) return;
        qs += qs.empty() ? '?' : '&';
        (qs += name) += '=';
        qs += url_encode(value);
    };
    add("q", r.query);
    add("like", r.like_id);
    if (r.sort != SortOrder::kRelevance) add("sort", sort_name(r.sort));
    for (const auto& [field, values] : r.filters.values)
        for (const std::string& value : values) add(field, value);
    add("since", r.filters.since);
    add("until", r.filters.until);
    if (page > 1) add("page", std::to_string(page));
    add("doc", doc);
    if (!r.correct) add("nocorrect", "1");
    return html_escape(script + (qs.empty() && script.empty() ? "?" : qs));
}

std::string url_encode(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~')
            out += c;
        else if (c == ' ')
            out += '+';
        else
            out += fmt::format("%{:02X}", u);
    }
    return out;
}

bool is_web_url(std::string_view url) {
    const std::string lowered = to_lower_ascii(url.substr(0, 8));
    const bool web = lowered.starts_with("http://") || lowered.starts_with("https://");
    // Control bytes or spaces would let a browser read the address differently.
    return web && std::none_of(url.begin(), url.end(), [](char c) {
               return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F;
           });
}

}  // namespace gazette::html
