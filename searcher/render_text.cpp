#include <fmt/format.h>

#include <algorithm>

#include "render.h"
#include "text.h"

namespace gazette {
namespace {

constexpr const char* kEllipsis = " … ";

template <typename Wrap>
std::string join_fragments(const Snippet& snippet, Wrap wrap) {
    std::string out;
    for (size_t i = 0; i < snippet.fragments.size(); ++i) {
        if (i > 0) out += kEllipsis;
        for (const Span& span : snippet.fragments[i]) out += wrap(span);
    }
    return out;
}

// "1 result", "2 results".
std::string count(size_t n, const std::string& noun) {
    return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

// What was searched: the query, the article --like names, or the filters alone.
std::string searched(const SearchResults& results) {
    // A phrase is quoted already.
    const bool phrase =
        results.query.size() > 1 && results.query.front() == '"' && results.query.back() == '"';
    const std::string query = phrase ? results.query : fmt::format("\"{}\"", results.query);
    if (results.like.empty()) return results.query.empty() ? "the filters" : query;
    const std::string like = fmt::format("articles like \"{}\"", results.like);
    return results.query.empty() ? like : like + " matching " + query;
}

// The line above the hits: how many match ("About" only when Xapian could not
// count them exactly) and which are shown.
std::string headline(const SearchResults& results) {
    if (results.total == 0)
        return fmt::format(
            "No articles match {}{}.\n", searched(results),
            results.filtered && !results.query.empty() ? " with the filters given" : "");
    const std::string total =
        (results.total_exact ? "" : "About ") + count(results.total, "result");
    if (results.hits.empty())
        return results.offset > 0 ? fmt::format("No more results for {} ({} in all).\n",
                                                searched(results), results.total)
                                  : fmt::format("{} for {}.\n\n", total, searched(results));
    return fmt::format("{} for {}; showing {}-{}.\n\n", total, searched(results),
                       results.offset + 1, results.offset + results.hits.size());
}

std::string render_facets(const SearchResults& results) {
    std::string out;
    for (const Facet& f : results.facets) {
        out += fmt::format("{}:", f.field);
        for (const auto& [value, count] : f.counts)
            out += fmt::format("  {} ({}{})", value, f.approximate ? "~" : "", count);
        out += "\n";
    }
    return out;
}

// One row a period: its label, a bar of block characters as long as its
// share of the busiest period, the count.
std::string render_timeline(const Timeline& t) {
    constexpr size_t kWidth = 40;
    size_t most = 0;
    for (const auto& [period, count] : t.periods) most = std::max(most, count);
    std::string out = fmt::format("timeline (by {}{}):\n", t.by_month ? "month" : "year",
                                  t.approximate ? ", approximate" : "");
    const char* about = t.approximate ? "~" : "";
    for (const auto& [period, count] : t.periods) {
        // At least one block for any match, so that a small count is not lost.
        const size_t blocks = count == 0 ? 0 : std::max<size_t>(1, count * kWidth / most);
        std::string bar;
        for (size_t i = 0; i < blocks; ++i) bar += "█";
        out += fmt::format("  {:<7} {} {}{}\n", period, bar, about, count);
    }
    if (t.undated > 0) out += fmt::format("  {:<7} {}{}\n", "undated", about, t.undated);
    return out;
}

// trec_eval splits a run line at blanks: a blank, a control character or
// "%" in a name ("sub dir/story.txt") is written as %XX, so the line keeps
// its six columns and the name can be read back.
std::string trec_field(const std::string& name) {
    std::string out;
    for (const unsigned char c : name) {
        if (c <= ' ' || c == '%' || c == 0x7f)
            out += fmt::format("%{:02X}", c);
        else
            out += static_cast<char>(c);
    }
    return out;
}

std::string span_html(const Span& s) {
    return s.match ? "<mark>" + html_escape(s.text) + "</mark>" : html_escape(s.text);
}

}  // namespace

// Articles are named by their collection's own id when they have one, as
// relevance judgments name them, else by their Gazette id.
std::string render_trec(const SearchResults& results, const std::string& qid) {
    std::string out;
    for (const Hit& h : results.hits)
        out += fmt::format("{} Q0 {} {} {:.6f} gazette\n", trec_field(qid),
                           trec_field(h.source_id.empty() ? h.id : h.source_id), h.rank, h.score);
    return out;
}

std::string snippet_text(const Snippet& snippet) {
    return join_fragments(snippet, [](const Span& s) { return s.text; });
}

std::string snippet_html(const Snippet& snippet) {
    return join_fragments(snippet, span_html);
}

std::string fragment_html(const Fragment& fragment) {
    std::string out;
    for (const Span& span : fragment) out += span_html(span);
    return out;
}

std::string render_text(const SearchResults& results, bool color) {
    const auto bold = [color](const std::string& s) {
        return color ? "\033[1m" + s + "\033[0m" : s;
    };
    std::string out;
    for (const std::string& missing : results.missing_shards)
        out += fmt::format("Partial results: {}\n", missing);
    if (!results.corrected.empty())
        out += fmt::format("Showing results for: {} (--no-correct searches the words as typed)\n",
                           results.corrected);
    else if (!results.suggestion.empty())
        out += fmt::format("Did you mean: {}\n", results.suggestion);
    out += headline(results);
    for (const Hit& hit : results.hits) {
        out += fmt::format("{:>3}. {}\n", hit.rank,
                           bold(hit.headline.empty() ? "(no headline)" : hit.headline));
        std::string meta;
        for (const std::string* field : {&hit.byline, &hit.date, &hit.section}) {
            if (field->empty()) continue;
            if (!meta.empty()) meta += " · ";
            meta += *field;
        }
        if (!meta.empty()) out += "     " + meta + "\n";
        const std::string& location = hit.url.empty() ? hit.path : hit.url;
        out += "     " + location + "\n";
        // The id --like takes, when the line above does not show it.
        if (hit.id != location) out += "     id: " + hit.id + "\n";
        const std::string snippet = join_fragments(
            hit.snippet, [&](const Span& s) { return s.match ? bold(s.text) : s.text; });
        if (!snippet.empty()) out += "     " + snippet + "\n";
        if (hit.similar > 0)
            out += fmt::format("     ({} folded)\n", count(hit.similar, "similar article"));
        out += "\n";
    }
    out += render_facets(results);
    if (results.timeline) out += render_timeline(*results.timeline);
    return out;
}

}  // namespace gazette
