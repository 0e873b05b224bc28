#include "text_parser.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "dates.h"
#include "extract.h"
#include "text.h"

namespace gazette {
namespace {

using Lines = std::vector<std::string_view>;

// How many non-empty lines under the headline may hold the byline and date line;
// further down, "By ..." and dates are story text.
constexpr size_t kTopWindow = 5;
// Header keys are single labels ("Date", "Word count"); a longer "key" is prose
// with a colon in it.
constexpr size_t kMaxHeaderKeyChars = 24;
// No headline is this long: a longer first line is a paragraph.
constexpr size_t kMaxHeadlineBytes = 300;

// Header keys we understand (lowercased) and the field each fills.
struct HeaderKey {
    std::string_view key;
    std::string Article::*field;
};
constexpr HeaderKey kHeaderKeys[] = {
    {"title", &Article::headline}, {"headline", &Article::headline}, {"author", &Article::byline},
    {"by", &Article::byline},      {"byline", &Article::byline},     {"date", &Article::date},
    {"published", &Article::date}, {"section", &Article::section},   {"source", &Article::source},
    {"url", &Article::url},
};

bool is_blank(std::string_view line) {
    return trim(line).empty();
}

Lines split_lines(std::string_view text) {
    Lines lines;
    size_t start = 0;
    for (size_t nl = text.find('\n'); nl != std::string_view::npos; nl = text.find('\n', start)) {
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    lines.push_back(text.substr(start));
    return lines;
}

const HeaderKey* find_header_key(std::string_view key) {
    const std::string lower = to_lower_ascii(key);
    const auto* it = std::find_if(std::begin(kHeaderKeys), std::end(kHeaderKeys),
                                  [&](const HeaderKey& k) { return k.key == lower; });
    return it == std::end(kHeaderKeys) ? nullptr : it;
}

bool is_key_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == ' ';
}

// Splits "Key: value"; nothing when the line is not shaped like a header field.
std::optional<std::pair<std::string_view, std::string_view>> split_field(std::string_view line) {
    line = trim(line);
    const size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos || colon > kMaxHeaderKeyChars) return {};
    const std::string_view key = line.substr(0, colon);
    if (key.front() == ' ' || key.front() == '-' ||
        !std::all_of(key.begin(), key.end(), is_key_char))
        return {};
    const std::string_view value = line.substr(colon + 1);
    if (!value.empty() && value.front() != ' ' && value.front() != '\t') return {};  // "http://..."
    return std::pair{trim(key), trim(value)};
}

// Index one past a header block at the top, or nothing. Every line of the block
// must be "Key: value" and one key must be known, so that a headline such as
// "Trump: the interview" stays a headline.
std::optional<size_t> header_block_end(const Lines& lines) {
    size_t end = 0;
    while (end < lines.size() && is_blank(lines[end])) ++end;
    bool known = false;
    for (; end < lines.size() && !is_blank(lines[end]); ++end) {
        const auto field = split_field(lines[end]);
        if (!field) return {};
        known = known || find_header_key(field->first) != nullptr;
    }
    if (!known) return {};
    return end;
}

std::optional<Date> date_from_header(std::string_view value) {
    if (auto date = parse_date(value)) return date;
    return find_date(value);
}

// Fills the field a header key names; the first non-empty value of a field wins.
void apply_header_field(const HeaderKey& key, std::string_view value, Article& article,
                        std::vector<std::string>& warnings) {
    std::string& field = article.*key.field;
    if (!field.empty() || value.empty()) return;
    if (key.field == &Article::byline) {
        field = clean_byline(value);
    } else if (key.field == &Article::date) {
        if (const auto date = date_from_header(value))
            field = date->iso();
        else
            warnings.push_back("header date not understood: " + std::string(value));
    } else {
        field = fold_whitespace(value);
    }
}

// Reads the header block if there is one and removes it from lines.
void take_header_block(Lines& lines, Article& article, std::vector<std::string>& warnings) {
    const auto end = header_block_end(lines);
    if (!end) return;
    for (size_t i = 0; i < *end; ++i) {
        const auto field = split_field(lines[i]);
        if (!field) continue;  // the blank lines above the block
        if (const HeaderKey* key = find_header_key(field->first))
            apply_header_field(*key, field->second, article, warnings);
    }
    lines.erase(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(*end));
}

// Cuts the last "About the writer" block and all after it (bio, "Read more" teaser)
// from lines; returns the author named at the start of the bio.
std::optional<std::string> take_about_writer(Lines& lines) {
    const auto heading = std::find_if(lines.rbegin(), lines.rend(), is_about_writer_heading);
    if (heading == lines.rend()) return {};
    const auto start = std::prev(heading.base());
    const auto bio = std::find_if_not(std::next(start), lines.end(), is_blank);
    std::optional<std::string> byline;
    if (bio != lines.end()) byline = byline_from_about_writer(*bio);
    lines.erase(start, lines.end());
    return byline;
}

// The first non-empty line becomes the headline unless a header gave one.
void take_headline(Lines& lines, Article& article) {
    if (!article.headline.empty()) return;
    const auto first = std::find_if_not(lines.begin(), lines.end(), is_blank);
    if (first == lines.end()) return;
    std::string headline = fold_whitespace(*first);
    // A Markdown heading ("# Editor's note") is a headline without its marks.
    if (const size_t marks = headline.find_first_not_of('#');
        marks > 0 && marks <= 6 && marks < headline.size() && headline[marks] == ' ')
        headline.erase(0, marks + 1);
    if (headline.size() <= kMaxHeadlineBytes) {
        article.headline = std::move(headline);
        lines.erase(first);
        return;
    }
    // A paragraph that lost its line breaks (or one 10 MB line): its opening
    // words stand in for the headline and the whole line stays in the body.
    std::string_view opening = utf8_prefix(headline, kMaxHeadlineBytes / 2);
    if (const size_t space = opening.rfind(' '); space != std::string_view::npos)
        opening = opening.substr(0, space);
    article.headline = std::string(opening) + "…";
}

// Looks for the "By NAME" line and the date line just under the headline and
// removes them from the body.
void take_top_metadata(Lines& lines, Article& article) {
    size_t seen = 0;
    for (auto it = lines.begin(); it != lines.end() && seen < kTopWindow;) {
        if (is_blank(*it)) {
            ++it;
            continue;
        }
        ++seen;
        if (article.byline.empty()) {
            if (auto byline = byline_from_by_line(*it)) {
                article.byline = std::move(*byline);
                it = lines.erase(it);
                continue;
            }
        }
        if (article.date.empty()) {
            if (const auto date = date_from_date_line(*it)) {
                article.date = date->iso();
                it = lines.erase(it);
                continue;
            }
        }
        ++it;
    }
}

// Falls back to the first "Update 2/16/25, ..." note; it stays in the body as text.
std::string date_from_updates(const Lines& lines) {
    for (std::string_view line : lines)
        if (const auto date = date_from_update_line(line)) return date->iso();
    return {};
}

// Blank lines separate paragraphs; the lines of one paragraph join with a space.
std::string join_paragraphs(const Lines& lines) {
    std::string body;
    std::string paragraph;
    const auto flush = [&] {
        if (paragraph.empty()) return;
        if (!body.empty()) body += "\n\n";
        body += paragraph;
        paragraph.clear();
    };
    for (std::string_view line : lines) {
        if (is_blank(line)) {
            flush();
            continue;
        }
        if (!paragraph.empty()) paragraph += ' ';
        paragraph += fold_whitespace(strip_photo_credit(line));
    }
    flush();
    return body;
}

}  // namespace

ParseResult parse_text(const ParseInput& input) {
    if (is_blank(input.text)) throw ParseError("no text");
    ParseResult result;
    Article& article = result.articles.emplace_back();
    article.path = input.path;

    // Plain text exported from the web still carries entities: caf&#233;.
    const std::string text = decode_entities(input.text);
    Lines lines = split_lines(text);
    take_header_block(lines, article, result.warnings);
    const std::optional<std::string> bio_byline = take_about_writer(lines);
    std::erase_if(lines, is_page_furniture);
    take_headline(lines, article);
    take_top_metadata(lines, article);
    if (article.byline.empty() && bio_byline) article.byline = *bio_byline;
    if (article.date.empty()) article.date = date_from_updates(lines);
    article.body = join_paragraphs(lines);
    return result;
}

}  // namespace gazette
