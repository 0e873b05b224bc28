#include "sgml_parser.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dates.h"
#include "text.h"

namespace gazette {
namespace {

// The DOCTYPE line is all that precedes the first story in the real files.
constexpr size_t kSniffChars = 1024;
constexpr std::string_view kStoryOpen = "<REUTERS";
// A title line is short; a longer line in capitals is the story itself.
constexpr size_t kMaxTitleChars = 120;
constexpr std::string_view kStoryClose = "</REUTERS>";

struct Element {
    std::string_view attributes;  // what follows the name inside the start tag
    std::string_view content;
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The first <name ...>content</name> in text. The name must end at ">" or
// whitespace, so that looking for DATE does not find DATELINE.
std::optional<Element> find_element(std::string_view text, std::string_view name) {
    std::string open = "<", close = "</";
    open += name;
    (close += name) += '>';
    for (size_t at = text.find(open); at != std::string_view::npos; at = text.find(open, at + 1)) {
        const size_t after = at + open.size();
        if (after >= text.size()) break;
        if (text[after] != '>' && !is_space(text[after])) continue;
        const size_t gt = text.find('>', after);
        if (gt == std::string_view::npos) break;
        const size_t end = text.find(close, gt + 1);
        if (end == std::string_view::npos) break;
        return Element{text.substr(after, gt - after), text.substr(gt + 1, end - gt - 1)};
    }
    return {};
}

// The value of NAME="value" (or NAME=value) among a start tag's attributes.
std::string_view attribute(std::string_view attributes, std::string_view name) {
    const std::string key = std::string(name) + "=";
    for (size_t at = attributes.find(key); at != std::string_view::npos;
         at = attributes.find(key, at + 1)) {
        if (at > 0 && !is_space(attributes[at - 1])) continue;  // NEWID is not ...OLDNEWID
        std::string_view value = attributes.substr(at + key.size());
        if (value.starts_with('"')) {
            value.remove_prefix(1);
            return value.substr(0, value.find('"'));
        }
        size_t end = 0;
        while (end < value.size() && !is_space(value[end])) ++end;
        return value.substr(0, end);
    }
    return {};
}

// Character data with tags removed and entities decoded.
std::string text_content(std::string_view sgml) {
    std::string out;
    out.reserve(sgml.size());
    for (size_t i = 0; i < sgml.size(); ++i) {
        if (sgml[i] == '<') {
            const size_t gt = sgml.find('>', i);
            if (gt == std::string_view::npos) break;
            i = gt;
            continue;
        }
        out += sgml[i];
    }
    return decode_entities(out);
}

// Reuters marks a paragraph by indenting its first line; the lines of one
// paragraph join with a space and paragraphs are separated by blank lines.
std::string join_paragraphs(std::string_view text) {
    std::string body;
    std::string paragraph;
    const auto flush = [&] {
        const std::string folded = fold_whitespace(paragraph);
        paragraph.clear();
        if (folded.empty()) return;
        if (!body.empty()) body += "\n\n";
        body += folded;
    };
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t nl = std::min(text.find('\n', pos), text.size());
        const std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        if (trim(line).empty() || is_space(line.front())) flush();
        paragraph += line;
        paragraph += ' ';
    }
    flush();
    return body;
}

std::string element_text(std::string_view story, std::string_view name) {
    const auto element = find_element(story, name);
    return element ? text_content(element->content) : std::string();
}

// "    by Janie Gabbett, Reuters" -> "Janie Gabbett, Reuters".
std::string byline(std::string_view story) {
    const std::string author = fold_whitespace(element_text(story, "AUTHOR"));
    if (author.size() > 3 && to_lower_ascii(author.substr(0, 3)) == "by ") return author.substr(3);
    return author;
}

// "<TOPICS><D>grain</D><D>wheat</D></TOPICS>" -> "grain,wheat".
std::string topics(std::string_view story) {
    const auto element = find_element(story, "TOPICS");
    if (!element) return {};
    std::string section;
    std::string_view rest = element->content;
    while (const auto topic = find_element(rest, "D")) {
        if (!section.empty()) section += ',';
        section += fold_whitespace(text_content(topic->content));
        rest.remove_prefix(static_cast<size_t>(topic->content.data() - rest.data()) +
                           topic->content.size());
    }
    return section;
}

// DATELINE and BODY; an unprocessed story (TYPE="UNPROC") has only TEXT.
// The story's text as written (lines not yet joined): the dateline and the
// body, or the whole text of an unprocessed story.
std::string story_text(std::string_view story) {
    const auto text = find_element(story, "TEXT");
    if (!text) return {};
    if (attribute(text->attributes, "TYPE") == "UNPROC") return text_content(text->content);
    const auto body = find_element(text->content, "BODY");
    if (!body) return {};
    const std::string dateline = std::string(trim(element_text(text->content, "DATELINE")));
    const std::string content = text_content(body->content);
    return dateline.empty() ? content : dateline + " " + content;
}

// A story without a TITLE (the unprocessed ones, the tables) starts with its
// title line in capitals: "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26". Takes
// it out of the text; "" when the first line is not one.
std::string take_title_line(std::string& text) {
    const size_t start = text.find_first_not_of(" \n");
    if (start == std::string::npos) return {};
    const size_t nl = std::min(text.find('\n', start), text.size());
    const std::string line = fold_whitespace(std::string_view(text).substr(start, nl - start));
    const bool capitals =
        std::none_of(line.begin(), line.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (!capitals || line.empty() || line.size() > kMaxTitleChars) return {};
    text.erase(0, nl);
    return line;
}

// Some DATEs carry wire-service codes after the time ("27-MAR-1987
// 11:51:33.23&#5;&#5;&#5;C T"); the date is still the first thing in them.
void set_date(std::string_view story, const std::string& where, Article& article,
              std::vector<std::string>& warnings) {
    const std::string text = element_text(story, "DATE");
    auto date = parse_date(text);
    if (!date) date = find_date(text);
    if (date)
        article.date = date->iso();
    else
        warnings.push_back(where + ": DATE not understood: " + std::string(trim(text)));
}

std::string describe(std::string_view newid) {
    return "story " + (newid.empty() ? "without NEWID" : "NEWID=" + std::string(newid));
}

Article parse_story(std::string_view story, const std::string& path,
                    std::vector<std::string>& warnings) {
    const std::string_view start_tag = story.substr(0, story.find('>'));
    Article article;
    article.source_id = std::string(attribute(start_tag, "NEWID"));
    article.path = path;
    article.source = "Reuters";
    article.headline = fold_whitespace(element_text(story, "TITLE"));
    article.byline = byline(story);
    article.section = topics(story);
    std::string text = story_text(story);
    if (article.headline.empty()) article.headline = take_title_line(text);
    article.body = join_paragraphs(text);
    set_date(story, describe(article.source_id), article, warnings);
    return article;
}

}  // namespace

ParseResult parse_sgml(const ParseInput& input) {
    const std::string_view text = input.text;
    size_t start = text.find(kStoryOpen);
    if (start == std::string_view::npos) throw ParseError("no <REUTERS> story");
    ParseResult result;
    result.many = true;
    while (start != std::string_view::npos) {
        const size_t next = text.find(kStoryOpen, start + kStoryOpen.size());
        // Looking for the end tag only up to the next story keeps the scan linear
        // and a story that lost its end tag from swallowing the next one.
        const std::string_view span = text.substr(start, next - start);
        const size_t end = span.find(kStoryClose);
        if (end == std::string_view::npos) {
            const std::string_view start_tag = span.substr(0, span.find('>'));
            result.warnings.push_back(describe(attribute(start_tag, "NEWID")) +
                                      " has no </REUTERS> (file cut off?); skipped");
            ++result.unreadable;
        } else {
            result.articles.push_back(
                parse_story(span.substr(0, end), input.path, result.warnings));
        }
        start = next;
    }
    return result;
}

bool looks_like_reuters_sgml(std::string_view text) {
    return text.substr(0, kSniffChars).find(kStoryOpen) != std::string_view::npos;
}

}  // namespace gazette
