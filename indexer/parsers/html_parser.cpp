#include "html_parser.h"

#include <gumbo.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dates.h"
#include "extract.h"
#include "text.h"

namespace gazette {
namespace {

using Json = nlohmann::json;

// Gumbo records every parse error; a garbled page must not fill memory with them.
// We never read them, so a few are plenty.
constexpr int kMaxParseErrors = 50;
// No real page nests deeper. Gumbo scans its stack of open elements for many start
// tags, so 100k nested <div>s would take minutes: tags past this depth are removed
// before parsing (their text stays).
constexpr size_t kMaxDepth = 400;
// How far into a file the sniffer looks for an HTML tag.
constexpr size_t kSniffBytes = 1024;
// Paragraphs at the top of a story that may be its by-line or date line.
constexpr size_t kTopWindow = 3;
// A <title> suffix longer than this is part of the headline, not a site name.
constexpr size_t kMaxSiteNameWords = 4;
// Text read from a byline element; a by-line is shorter.
constexpr size_t kMaxBylineElementChars = 200;

// Elements that never hold content or whose end tag may be left out: counting them
// would make "<p>one<p>two" or "<br>" look like nesting.
constexpr std::string_view kUnnestedTags[] = {
    "area", "base",  "br",       "col",     "embed",    "hr",    "img",   "input", "link",
    "meta", "param", "source",   "track",   "wbr",      "html",  "head",  "body",  "p",
    "li",   "dt",    "dd",       "option",  "optgroup", "thead", "tbody", "tfoot", "tr",
    "td",   "th",    "colgroup", "caption", "rb",       "rt",    "rtc",   "rp",
};

// Elements whose content is text, not markup, up to their end tag.
constexpr std::string_view kRawTextTags[] = {
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
};

// Marks of an HTML document near the start of a file (lowercased).
constexpr std::string_view kHtmlMarkers[] = {"<!doctype html", "<html", "<head", "<body",
                                             "<article"};

// Separators between a headline and the site name in <title>.
constexpr std::string_view kTitleSeparators[] = {" | ",      " - ",  " \u2013 ",
                                                 " \u2014 ", " :: ", " \u00b7 "};

template <typename T, size_t N, typename U>
bool contains(const T (&list)[N], const U& item) {
    return std::find(std::begin(list), std::end(list), item) != std::end(list);
}

bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// ---- Bounding nesting depth before gumbo sees the page ----

struct Tag {
    std::string name;  // lowercased
    bool closing = false;
    size_t end = 0;  // one past the '>', or npos when the tag runs to the end of the file
};

// Reads the start or end tag at html[lt] == '<'; nothing when '<' starts text, a
// comment or a doctype. Quoted attribute values may hold '>'.
std::optional<Tag> read_tag(std::string_view html, size_t lt) {
    Tag tag;
    size_t pos = lt + 1;
    if (pos < html.size() && html[pos] == '/') {
        tag.closing = true;
        ++pos;
    }
    if (pos >= html.size() || !is_ascii_letter(html[pos])) return {};
    const size_t name_start = pos;
    while (pos < html.size() && !is_ascii_space(html[pos]) && html[pos] != '/' && html[pos] != '>')
        ++pos;
    tag.name = to_lower_ascii(html.substr(name_start, pos - name_start));
    char quote = 0;
    bool value_next = false;
    for (; pos < html.size(); ++pos) {
        const char c = html[pos];
        if (quote != 0) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '>') {
            tag.end = pos + 1;
            return tag;
        }
        if ((c == '"' || c == '\'') && value_next) quote = c;
        if (c == '=') {
            value_next = true;
        } else if (!is_ascii_space(c)) {
            value_next = false;
        }
    }
    tag.end = std::string_view::npos;
    return tag;
}

// Models the stack of open elements closely enough to bound its depth: an end tag
// closes everything opened inside its element, as the HTML parser does, so unclosed
// <span>s and <b>s do not accumulate.
class DepthLimiter {
  public:
    // Whether the tag stays in the text handed to gumbo.
    bool keep(const Tag& tag) {
        if (contains(kUnnestedTags, tag.name) || contains(kRawTextTags, tag.name)) return true;
        return tag.closing ? close(tag.name) : open(tag.name);
    }

  private:
    bool open(const std::string& name) {
        if (stack_.size() >= kMaxDepth) {
            ++dropped_[name];
            return false;
        }
        stack_.push_back(name);
        ++open_[name];
        return true;
    }

    bool close(const std::string& name) {
        // The innermost elements were the ones dropped, so their end tags come first.
        if (size_t& dropped = dropped_[name]; dropped > 0) {
            --dropped;
            return false;
        }
        if (open_[name] == 0) return true;  // a stray end tag; gumbo ignores it
        for (bool done = false; !done;) {
            done = stack_.back() == name;
            --open_[stack_.back()];
            stack_.pop_back();
        }
        return true;
    }

    std::vector<std::string> stack_;
    std::unordered_map<std::string, size_t> open_;
    std::unordered_map<std::string, size_t> dropped_;
};

// One past the first occurrence of what at or after from, or the end of text.
size_t end_of(std::string_view text, std::string_view what, size_t from) {
    const size_t at = text.find(what, from);
    return at == std::string_view::npos ? text.size() : at + what.size();
}

// Where the raw text opened by tag ends: at its end tag, or the end of the file.
size_t raw_text_end(std::string_view lower, const Tag& tag, size_t from) {
    const size_t at = lower.find("</" + tag.name, from);
    return at == std::string_view::npos ? lower.size() : at;
}

// The page with start tags nested deeper than kMaxDepth (and their end tags) removed.
// One linear pass; comments and raw text (scripts, styles) are copied unread.
std::string limit_nesting(std::string_view html) {
    const std::string lower = to_lower_ascii(html);
    std::string out;
    out.reserve(html.size());
    DepthLimiter limiter;
    size_t pos = 0;
    while (pos < html.size()) {
        const size_t lt = html.find('<', pos);
        if (lt == std::string_view::npos) break;
        out.append(html, pos, lt - pos);
        pos = lt + 1;
        if (html.substr(lt).starts_with("<!--")) {
            pos = end_of(lower, "-->", lt + 4);
            out.append(html, lt, pos - lt);
            continue;
        }
        const std::optional<Tag> tag = read_tag(html, lt);
        if (!tag) {
            out += '<';
            continue;
        }
        pos = std::min(tag->end, html.size());
        if (limiter.keep(*tag)) out.append(html, lt, pos - lt);
        if (tag->closing || !contains(kRawTextTags, tag->name)) continue;
        const size_t end = raw_text_end(lower, *tag, pos);
        out.append(html, pos, end - pos);
        pos = end;
    }
    if (pos < html.size()) out.append(html, pos);
    return out;
}

// ---- The gumbo tree ----

// Owns one page's tree and the text it points into.
class HtmlTree {
  public:
    explicit HtmlTree(std::string html)
        : html_(std::move(html)),
          options_(make_options()),
          output_(gumbo_parse_with_options(&options_, html_.data(), html_.size())) {
        if (output_ == nullptr) throw ParseError("HTML parser failed");
    }
    ~HtmlTree() { gumbo_destroy_output(&options_, output_); }
    HtmlTree(const HtmlTree&) = delete;
    HtmlTree& operator=(const HtmlTree&) = delete;

    const GumboNode* document() const { return output_->document; }

  private:
    static GumboOptions make_options() {
        GumboOptions options = kGumboDefaultOptions;
        options.max_errors = kMaxParseErrors;
        return options;
    }

    std::string html_;
    GumboOptions options_;
    GumboOutput* output_;
};

bool is_element(const GumboNode* node) {
    return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

bool is_text(const GumboNode* node) {
    return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
           node->type == GUMBO_NODE_CDATA;
}

bool has_tag(const GumboNode* node, GumboTag tag) {
    return is_element(node) && node->v.element.tag == tag;
}

// An attribute's value, "" when absent. Gumbo lowercases attribute names.
std::string_view attribute(const GumboNode* node, const char* name) {
    if (!is_element(node)) return {};
    const GumboAttribute* attr = gumbo_get_attribute(&node->v.element.attributes, name);
    return attr == nullptr ? std::string_view{} : attr->value;
}

bool attribute_mentions(const GumboNode* node, const char* name, std::string_view word) {
    return to_lower_ascii(attribute(node, name)).find(word) != std::string::npos;
}

// Visits root and its descendants in document order without recursion: pages can
// nest deeper than the call stack allows. visit(node, context) returns the context
// for the node's children, or nothing to skip them.
template <typename Context, typename Visit>
void walk(const GumboNode* root, const Context& context, Visit visit) {
    std::vector<std::pair<const GumboNode*, Context>> stack{{root, context}};
    while (!stack.empty()) {
        auto [node, outer] = std::move(stack.back());
        stack.pop_back();
        const std::optional<Context> inner = visit(node, outer);
        if (!inner || !(is_element(node) || node->type == GUMBO_NODE_DOCUMENT)) continue;
        const GumboVector& children = node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children
                                                                        : node->v.element.children;
        for (unsigned i = children.length; i-- > 0;)
            stack.emplace_back(static_cast<const GumboNode*>(children.data[i]), *inner);
    }
}

// Appends a text node's text, making no-break spaces (&nbsp;) spaces so that
// whitespace folding sees them.
void append_text(std::string& out, std::string_view text) {
    constexpr std::string_view kNoBreakSpace = "\u00a0";
    for (size_t at = text.find(kNoBreakSpace); at != std::string_view::npos;
         at = text.find(kNoBreakSpace)) {
        out.append(text.substr(0, at));
        out += ' ';
        text.remove_prefix(at + kNoBreakSpace.size());
    }
    out.append(text);
}

// All the text under node, unfolded, stopping soon after max_chars. Scripts and
// styles inside it are code, but a <script> asked for itself is JSON-LD.
std::string raw_text_of(const GumboNode* node, size_t max_chars = std::string::npos) {
    std::string text;
    walk(node, true, [&](const GumboNode* n, bool) -> std::optional<bool> {
        if (text.size() > max_chars) return {};
        if (is_text(n)) append_text(text, n->v.text.text);
        if (has_tag(n, GUMBO_TAG_SCRIPT) && n != node) return {};
        if (has_tag(n, GUMBO_TAG_STYLE)) return {};
        return true;
    });
    return text;
}

std::string text_of(const GumboNode* node, size_t max_chars = std::string::npos) {
    return fold_whitespace(raw_text_of(node, max_chars));
}

// ---- Metadata the page carries outside the story ----

// Where an element sits: inside an <article>, inside page chrome (navigation,
// sidebars, footers, the site header), whose headings, times and bylines belong to
// other stories or the site.
struct Place {
    bool in_article = false;
    bool in_chrome = false;
};

bool is_chrome(const GumboNode* node, const Place& place) {
    if (has_tag(node, GUMBO_TAG_HEADER)) return !place.in_article;
    return has_tag(node, GUMBO_TAG_NAV) || has_tag(node, GUMBO_TAG_ASIDE) ||
           has_tag(node, GUMBO_TAG_FOOTER);
}

// A value read from an element, and the element, so the story text can leave it out.
struct Found {
    std::string value;
    const GumboNode* node = nullptr;
};

// The first value found inside an <article>, else the first found outside chrome.
struct FirstFound {
    Found in_article;
    Found elsewhere;

    bool wants(const Place& place) const {
        return !place.in_chrome && (place.in_article ? in_article : elsewhere).value.empty();
    }
    void offer(const Place& place, const GumboNode* node, std::string value) {
        if (wants(place)) (place.in_article ? in_article : elsewhere) = {std::move(value), node};
    }
    const Found& best() const { return in_article.value.empty() ? elsewhere : in_article; }
};

struct PageFacts {
    std::map<std::string, std::string, std::less<>> meta;  // name or property -> first content
    std::string canonical;
    std::string title;
    std::vector<std::string> json_ld;
    FirstFound h1;
    FirstFound time;
    FirstFound byline;
    std::vector<const GumboNode*> articles;  // outermost <article>s outside chrome
    const GumboNode* main = nullptr;
    const GumboNode* role_main = nullptr;
    const GumboNode* body = nullptr;
};

std::string_view meta(const PageFacts& facts, std::string_view key) {
    const auto it = facts.meta.find(key);
    return it == facts.meta.end() ? std::string_view{} : it->second;
}

void note_meta(const GumboNode* node, PageFacts& facts) {
    std::string_view key = attribute(node, "property");
    if (key.empty()) key = attribute(node, "name");
    const std::string content = fold_whitespace(attribute(node, "content"));
    if (!key.empty() && !content.empty()) facts.meta.emplace(to_lower_ascii(key), content);
}

void note_link(const GumboNode* node, PageFacts& facts) {
    if (facts.canonical.empty() && attribute_mentions(node, "rel", "canonical"))
        facts.canonical = fold_whitespace(attribute(node, "href"));
}

bool is_json_ld(const GumboNode* node) {
    return to_lower_ascii(trim(attribute(node, "type"))) == "application/ld+json";
}

bool marks_author(const GumboNode* node) {
    for (const char* name : {"class", "rel", "itemprop"})
        if (attribute_mentions(node, name, "byline") || attribute_mentions(node, name, "author"))
            return true;
    return false;
}

// A byline element's text: "By Jane Doe", or just the name where markup
// (rel/itemprop="author") says it is the author.
std::optional<std::string> byline_from_element(const GumboNode* node) {
    const std::string text = text_of(node, kMaxBylineElementChars);
    if (auto byline = byline_from_by_line(text)) return byline;
    if (attribute_mentions(node, "rel", "author") || attribute_mentions(node, "itemprop", "author"))
        return byline_from_by_line("By " + text);
    return {};
}

void note_landmark(const GumboNode* node, const Place& place, PageFacts& facts) {
    if (has_tag(node, GUMBO_TAG_ARTICLE) && !place.in_article && !place.in_chrome)
        facts.articles.push_back(node);
    if (has_tag(node, GUMBO_TAG_MAIN) && facts.main == nullptr) facts.main = node;
    if (has_tag(node, GUMBO_TAG_BODY) && facts.body == nullptr) facts.body = node;
    if (facts.role_main == nullptr && to_lower_ascii(trim(attribute(node, "role"))) == "main")
        facts.role_main = node;
}

void note_element(const GumboNode* node, const Place& place, PageFacts& facts) {
    switch (node->v.element.tag) {
        case GUMBO_TAG_META:
            note_meta(node, facts);
            break;
        case GUMBO_TAG_LINK:
            note_link(node, facts);
            break;
        case GUMBO_TAG_TITLE:
            if (facts.title.empty()) facts.title = text_of(node);
            break;
        case GUMBO_TAG_H1:
            if (facts.h1.wants(place)) facts.h1.offer(place, node, text_of(node));
            break;
        case GUMBO_TAG_TIME:
            if (facts.time.wants(place)) {
                const std::string_view datetime = attribute(node, "datetime");
                facts.time.offer(place, node,
                                 datetime.empty() ? text_of(node) : std::string(datetime));
            }
            break;
        default:
            break;
    }
    if (facts.byline.wants(place) && marks_author(node))
        if (auto byline = byline_from_element(node))
            facts.byline.offer(place, node, std::move(*byline));
    note_landmark(node, place, facts);
}

// One pass over the whole page for everything but the story text.
PageFacts scan_page(const GumboNode* document) {
    PageFacts facts;
    walk(document, Place{}, [&](const GumboNode* node, const Place& place) -> std::optional<Place> {
        if (!is_element(node)) return place;
        if (has_tag(node, GUMBO_TAG_SCRIPT)) {
            if (is_json_ld(node)) facts.json_ld.push_back(raw_text_of(node));
            return {};
        }
        if (has_tag(node, GUMBO_TAG_STYLE)) return {};
        note_element(node, place, facts);
        Place inner = place;
        inner.in_chrome = place.in_chrome || is_chrome(node, place);
        inner.in_article = place.in_article || has_tag(node, GUMBO_TAG_ARTICLE);
        return inner;
    });
    return facts;
}

// ---- JSON-LD ----

struct LinkedData {
    std::string headline;
    std::string byline;
    std::string date;
    std::string section;
    std::string source;
};

// A member of a JSON object, or null; JSON-LD is publisher-written and any shape
// may appear where another is expected.
const Json& member(const Json& object, const char* key) {
    static const Json kNull;
    if (!object.is_object()) return kNull;
    const auto it = object.find(key);
    return it == object.end() ? kNull : *it;
}

std::string string_of(const Json& value) {
    return value.is_string() ? fold_whitespace(value.get_ref<const std::string&>()) : "";
}

// A string, or the first string of a list ("articleSection": ["Business", "Ports"]).
std::string first_string(const Json& value) {
    if (value.is_array() && !value.empty()) return string_of(value.front());
    return string_of(value);
}

bool is_url(std::string_view text) {
    return text.find("://") != std::string_view::npos;
}

// "Jane Doe", {"@type": "Person", "name": "Jane Doe"}; URLs name no one.
std::string person_name(const Json& person) {
    std::string name = person.is_object() ? string_of(member(person, "name")) : string_of(person);
    return is_url(name) ? "" : clean_byline(name);
}

std::string authors(const Json& author) {
    if (!author.is_array()) return person_name(author);
    std::vector<std::string> names;
    for (const Json& person : author)
        if (std::string name = person_name(person); !name.empty()) names.push_back(std::move(name));
    return join_people(names);
}

std::string publisher_name(const Json& publisher) {
    const bool list = publisher.is_array() && !publisher.empty();
    return string_of(member(list ? publisher.front() : publisher, "name"));
}

// NewsArticle, ReportageNewsArticle, Article and the other *Article types.
bool is_article_type_name(const Json& type) {
    return type.is_string() && type.get_ref<const std::string&>().ends_with("Article");
}

// @type may be a list of names. Nothing here recurses: a hostile block may nest
// arrays far deeper than the call stack allows.
bool is_article_type(const Json& type) {
    if (!type.is_array()) return is_article_type_name(type);
    return std::any_of(type.begin(), type.end(), is_article_type_name);
}

// The article object of a JSON-LD node: the node itself or a member of its @graph.
const Json* article_in(const Json& node) {
    if (is_article_type(member(node, "@type"))) return &node;
    const Json& graph = member(node, "@graph");
    if (!graph.is_array()) return nullptr;
    const auto it = std::find_if(graph.begin(), graph.end(), [](const Json& item) {
        return is_article_type(member(item, "@type"));
    });
    return it == graph.end() ? nullptr : &*it;
}

const Json* find_article(const Json& block) {
    if (!block.is_array()) return article_in(block);
    for (const Json& node : block)
        if (const Json* article = article_in(node)) return article;
    return nullptr;
}

// The first JSON-LD block describing an article; malformed blocks are skipped.
LinkedData linked_data(const std::vector<std::string>& blocks) {
    for (const std::string& text : blocks) {
        const Json block = Json::parse(text, nullptr, /*allow_exceptions=*/false);
        const Json* article = find_article(block);
        if (article == nullptr) continue;
        return LinkedData{
            .headline = string_of(member(*article, "headline")),
            .byline = authors(member(*article, "author")),
            .date = string_of(member(*article, "datePublished")),
            .section = first_string(member(*article, "articleSection")),
            .source = publisher_name(member(*article, "publisher")),
        };
    }
    return {};
}

// ---- Headline ----

bool same_text(std::string_view a, std::string_view b) {
    return to_lower_ascii(fold_whitespace(a)) == to_lower_ascii(fold_whitespace(b));
}

// "BBC News", "The Port Aldren Ledger": a few capitalised words.
bool looks_like_site_name(std::string_view text) {
    size_t words = 0;
    for (size_t start = 0; start < text.size(); ++words) {
        const char first = text[start];
        if (!(first >= 'A' && first <= 'Z') && !(first >= '0' && first <= '9')) return false;
        const size_t space = text.find(' ', start);
        start = space == std::string_view::npos ? text.size() : space + 1;
    }
    return words >= 1 && words <= kMaxSiteNameWords;
}

// "Harbor Plan Unveiled | The Ledger" -> "Harbor Plan Unveiled", cutting at the last
// separator whose tail is_site accepts.
template <typename IsSite>
std::string without_site_name(const std::string& title, IsSite is_site) {
    for (std::string_view separator : kTitleSeparators) {
        const size_t at = title.rfind(separator);
        if (at == std::string::npos || at == 0) continue;
        if (is_site(trim(std::string_view(title).substr(at + separator.size()))))
            return fold_whitespace(std::string_view(title).substr(0, at));
    }
    return title;
}

std::string headline_of(const PageFacts& facts, const LinkedData& ld) {
    const std::string_view site = meta(facts, "og:site_name");
    const auto is_named_site = [&](std::string_view tail) {
        return !site.empty() && same_text(tail, site);
    };
    if (const std::string_view og = meta(facts, "og:title"); !og.empty())
        return without_site_name(std::string(og), is_named_site);
    if (!ld.headline.empty()) return ld.headline;
    if (!facts.h1.best().value.empty()) return facts.h1.best().value;
    // Without og:site_name, a short capitalised tail is the site's name.
    return without_site_name(facts.title, [&](std::string_view tail) {
        return is_named_site(tail) || (site.empty() && looks_like_site_name(tail));
    });
}

// ---- Byline and date ----

std::string byline_of(const PageFacts& facts, const LinkedData& ld) {
    for (const std::string_view candidate :
         {meta(facts, "author"), meta(facts, "article:author"), std::string_view(ld.byline),
          std::string_view(facts.byline.best().value)}) {
        if (is_url(candidate)) continue;
        if (std::string byline = clean_byline(candidate); !byline.empty()) return byline;
    }
    return {};
}

// The first date the page declares that parses; each that does not is a warning.
std::string date_of(const PageFacts& facts, const LinkedData& ld,
                    std::vector<std::string>& warnings) {
    for (const std::string_view candidate :
         {meta(facts, "article:published_time"), std::string_view(ld.date),
          std::string_view(facts.time.best().value), meta(facts, "date")}) {
        if (trim(candidate).empty()) continue;
        if (const auto date = parse_date(candidate)) return date->iso();
        warnings.push_back("date not understood: " + std::string(candidate));
    }
    return {};
}

// ---- Story text ----

// Elements that hold no story text: code, site chrome, widgets, captions.
constexpr GumboTag kDroppedTags[] = {
    GUMBO_TAG_SCRIPT,     GUMBO_TAG_STYLE,  GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TEMPLATE,
    GUMBO_TAG_NAV,        GUMBO_TAG_HEADER, GUMBO_TAG_FOOTER,   GUMBO_TAG_ASIDE,
    GUMBO_TAG_FORM,       GUMBO_TAG_BUTTON, GUMBO_TAG_SELECT,   GUMBO_TAG_TEXTAREA,
    GUMBO_TAG_FIGCAPTION, GUMBO_TAG_IFRAME, GUMBO_TAG_SVG,
};

// Elements a browser lays out as blocks: their edges end a paragraph.
constexpr GumboTag kBlockTags[] = {
    GUMBO_TAG_P,   GUMBO_TAG_DIV,    GUMBO_TAG_SECTION, GUMBO_TAG_ARTICLE, GUMBO_TAG_MAIN,
    GUMBO_TAG_BR,  GUMBO_TAG_HR,     GUMBO_TAG_H1,      GUMBO_TAG_H2,      GUMBO_TAG_H3,
    GUMBO_TAG_H4,  GUMBO_TAG_H5,     GUMBO_TAG_H6,      GUMBO_TAG_UL,      GUMBO_TAG_OL,
    GUMBO_TAG_LI,  GUMBO_TAG_DL,     GUMBO_TAG_DT,      GUMBO_TAG_DD,      GUMBO_TAG_BLOCKQUOTE,
    GUMBO_TAG_PRE, GUMBO_TAG_FIGURE, GUMBO_TAG_ADDRESS, GUMBO_TAG_TABLE,   GUMBO_TAG_TR,
};

// The text under root as paragraphs, each folded to one line, without the elements
// in skipped.
std::vector<std::string> paragraphs_under(const GumboNode* root,
                                          const std::vector<const GumboNode*>& skipped) {
    std::vector<std::string> paragraphs;
    std::string current;
    const auto end_paragraph = [&] {
        if (std::string text = fold_whitespace(current); !text.empty())
            paragraphs.push_back(std::move(text));
        current.clear();
    };
    // Every block is visited twice, entering and leaving, so that text after its
    // end tag starts a new paragraph too.
    struct Step {
        const GumboNode* node;
        bool leaving;
    };
    std::vector<Step> stack{{root, false}};
    while (!stack.empty()) {
        const Step step = stack.back();
        stack.pop_back();
        if (is_text(step.node)) append_text(current, step.node->v.text.text);
        if (!is_element(step.node) || contains(kDroppedTags, step.node->v.element.tag)) continue;
        if (std::find(skipped.begin(), skipped.end(), step.node) != skipped.end()) continue;
        const GumboTag tag = step.node->v.element.tag;
        if (contains(kBlockTags, tag)) end_paragraph();
        if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) current += ' ';
        if (step.leaving) continue;
        stack.push_back({step.node, true});
        const GumboVector& children = step.node->v.element.children;
        for (unsigned i = children.length; i-- > 0;)
            stack.push_back({static_cast<const GumboNode*>(children.data[i]), false});
    }
    end_paragraph();
    return paragraphs;
}

size_t total_size(const std::vector<std::string>& paragraphs) {
    size_t size = 0;
    for (const std::string& paragraph : paragraphs) size += paragraph.size();
    return size;
}

// Elements already read as metadata whose text is not story text: the byline
// element, and the <time> giving the date when it reads as a date line ("June 23,
// 2021") rather than a word of a sentence ("on <time>Tuesday</time>").
std::vector<const GumboNode*> metadata_elements(const PageFacts& facts) {
    std::vector<const GumboNode*> elements;
    if (const GumboNode* byline = facts.byline.best().node) elements.push_back(byline);
    if (const GumboNode* time = facts.time.best().node; time && date_from_date_line(text_of(time)))
        elements.push_back(time);
    return elements;
}

// The story's paragraphs: from the longest top-level <article> (teasers for other
// stories are <article>s too), else <main>, role="main", <body>.
std::vector<std::string> story_paragraphs(const PageFacts& facts) {
    const std::vector<const GumboNode*> skipped = metadata_elements(facts);
    std::vector<std::string> best;
    for (const GumboNode* article : facts.articles) {
        std::vector<std::string> paragraphs = paragraphs_under(article, skipped);
        if (total_size(paragraphs) > total_size(best)) best = std::move(paragraphs);
    }
    for (const GumboNode* root : {facts.main, facts.role_main, facts.body})
        if (best.empty() && root != nullptr) best = paragraphs_under(root, skipped);
    return best;
}

// Takes a by-line or date line from the top of the story, filling the field when
// the page's markup left it empty.
void take_top_metadata(std::vector<std::string>& paragraphs, Article& article) {
    size_t seen = 0;
    for (auto it = paragraphs.begin(); it != paragraphs.end() && seen < kTopWindow; ++seen) {
        if (auto byline = byline_from_by_line(*it)) {
            if (article.byline.empty()) article.byline = std::move(*byline);
            it = paragraphs.erase(it);
        } else if (const auto date = date_from_date_line(*it)) {
            if (article.date.empty()) article.date = date->iso();
            it = paragraphs.erase(it);
        } else {
            ++it;
        }
    }
}

std::string join_paragraphs(const std::vector<std::string>& paragraphs) {
    std::string body;
    for (const std::string& paragraph : paragraphs) {
        if (!body.empty()) body += "\n\n";
        body += paragraph;
    }
    return body;
}

std::string story_body(const PageFacts& facts, Article& article) {
    std::vector<std::string> paragraphs = story_paragraphs(facts);
    std::erase_if(paragraphs, is_page_furniture);
    for (std::string& paragraph : paragraphs)
        paragraph = std::string(strip_photo_credit(paragraph));
    // The headline set in the story (<h1> in the <article>) is not story text.
    if (!paragraphs.empty() &&
        (paragraphs.front() == article.headline || paragraphs.front() == facts.h1.best().value))
        paragraphs.erase(paragraphs.begin());
    take_top_metadata(paragraphs, article);
    return join_paragraphs(paragraphs);
}

}  // namespace

ParseResult parse_html(const ParseInput& input) {
    const HtmlTree tree(limit_nesting(input.text));
    const PageFacts facts = scan_page(tree.document());
    const LinkedData ld = linked_data(facts.json_ld);

    ParseResult result;
    Article& article = result.articles.emplace_back();
    article.path = input.path;
    article.headline = headline_of(facts, ld);
    article.byline = byline_of(facts, ld);
    article.date = date_of(facts, ld, result.warnings);
    article.section = std::string(meta(facts, "article:section"));
    if (article.section.empty()) article.section = ld.section;
    article.source = std::string(meta(facts, "og:site_name"));
    if (article.source.empty()) article.source = ld.source;
    article.url = facts.canonical.empty() ? std::string(meta(facts, "og:url")) : facts.canonical;
    article.body = story_body(facts, article);
    // Character references decode after to_utf8 did: "&#27;" is an ESC.
    for (std::string* field : {&article.headline, &article.byline, &article.section,
                               &article.source, &article.url, &article.body})
        drop_controls(*field);
    if (article.headline.empty() && article.body.empty()) throw ParseError("no text");
    return result;
}

bool looks_like_html(std::string_view text) {
    constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
    if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
    text = trim(text);
    if (!text.starts_with('<')) return false;
    const std::string start = to_lower_ascii(text.substr(0, kSniffBytes));
    return std::any_of(std::begin(kHtmlMarkers), std::end(kHtmlMarkers),
                       [&](std::string_view m) { return start.find(m) != std::string::npos; });
}

}  // namespace gazette
