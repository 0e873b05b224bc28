#include "extract.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>
#include <vector>

#include "text.h"
#include "words.h"

namespace gazette {
namespace {

// A byline longer than this is a sentence, not a list of names.
constexpr size_t kMaxByLineChars = 100;
constexpr size_t kMaxByLineWords = 12;
// Date lines under a headline are short; longer lines are prose that mentions a date.
constexpr size_t kMaxDateLineChars = 80;
// Credits are a name and an agency; a longer line ending "Getty Images" is prose.
constexpr size_t kMaxCreditWords = 8;

// Lowercase particles allowed inside names and name lists ("Ludwig van Beethoven",
// "Jane Doe and John Roe").
constexpr std::string_view kNameConnectors[] = {
    "and", "&",  "al", "bin", "da", "de",  "del", "della",
    "der", "di", "du", "la",  "le", "van", "von",
};

// Every letter run a date line may contain besides the date itself: labels, month and
// weekday names, ordinal suffixes, clock words and time zones. Compared lowercased.
constexpr std::string_view kDateLineWords[] = {
    "published", "updated",  "update",   "posted",   "last",   "first", "date", "on",     "at",
    "of",        "january",  "february", "march",    "april",  "may",   "june", "july",   "august",
    "september", "october",  "november", "december", "jan",    "feb",   "mar",  "apr",    "jun",
    "jul",       "aug",      "sep",      "sept",     "oct",    "nov",   "dec",  "monday", "tuesday",
    "wednesday", "thursday", "friday",   "saturday", "sunday", "mon",   "tue",  "tues",   "wed",
    "thu",       "thur",     "thurs",    "fri",      "sat",    "sun",   "st",   "nd",     "rd",
    "th",        "t",        "z",        "am",       "pm",     "a",     "p",    "m",      "noon",
    "et",        "est",      "edt",      "ct",       "cst",    "cdt",   "pt",   "pst",    "pdt",
    "gmt",       "bst",      "utc",      "cet",      "cest",
};

// Whole lines that are widgets or links rather than story text (lowercased).
constexpr std::string_view kFurnitureLines[] = {
    "is this article trustworthy?",
    "slide circle to vote",
    "reader avg.",
    "no moderately yes",
    "vote",
    "we value your input and encourage you to rate this article.",
    "read more",
    "share",
    "share this article",
    "advertisement",
    "skip advertisement",
};

// Boilerplate a site repeats inside an otherwise ordinary-looking line (lowercased).
constexpr std::string_view kFurnitureFragments[] = {
    "is committed to journalism that is factual and fair",
};

// Openings that mark a line as a photo credit or caption source (lowercased).
constexpr std::string_view kCreditPrefixes[] = {
    "photo:", "photograph:", "image:", "credit:", "(ap photo", "(photo:",
};

// Endings of "Photographer/Agency" credits (lowercased).
constexpr std::string_view kCreditAgencies[] = {
    "getty images", "/ap", "/afp", "/reuters", "/epa", "/shutterstock", "/alamy",
};

constexpr std::string_view kAboutWriterHeadings[] = {
    "about the writer",
    "about the writers",
    "about the author",
    "about the authors",
};

template <size_t N>
bool contains(const std::string_view (&list)[N], std::string_view word) {
    return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

bool is_ascii_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_ascii_letter(char c) {
    return is_ascii_upper(c) || (c >= 'a' && c <= 'z');
}
// Bytes of multi-byte UTF-8 sequences count as letters: names may be "Zoë" or "Ólafur".
bool is_non_ascii(char c) {
    return static_cast<unsigned char>(c) >= 0x80;
}

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    while (!text.empty()) {
        const size_t space = text.find(' ');
        if (space != 0) words.push_back(text.substr(0, space));
        if (space == std::string_view::npos) break;
        text.remove_prefix(space + 1);
    }
    return words;
}

// A capitalised name or initial: "Jane", "O'Neil", "Smith-Jones", "H.", "JANE".
bool is_name_word(std::string_view word) {
    if (word.empty() || !(is_ascii_upper(word.front()) || is_non_ascii(word.front()))) return false;
    return std::all_of(word.begin(), word.end(), [](char c) {
        return is_ascii_letter(c) || is_non_ascii(c) || c == '.' || c == '-' || c == '\'';
    });
}

// "Jane Doe and John Roe", "Jane Doe, Political Editor": names and connectors only,
// beginning and ending with a name. A final word like "said." marks a sentence.
bool looks_like_name_list(std::string_view text) {
    const std::vector<std::string_view> words = split_words(text);
    if (words.empty() || words.size() > kMaxByLineWords) return false;
    for (size_t i = 0; i < words.size(); ++i) {
        std::string_view word = words[i];
        if (word.back() == ',') word.remove_suffix(1);
        const bool at_edge = i == 0 || i + 1 == words.size();
        if (!is_name_word(word) && (at_edge || !contains(kNameConnectors, word))) return false;
    }
    const std::string_view last = words.back();
    return last.back() != '.' || last.size() <= 3;  // "Jr." and initials end in '.', words don't
}

// The rest of text after a leading "By " or "By:" (any case), or nothing.
std::optional<std::string_view> after_by(std::string_view text) {
    if (text.size() < 3 || to_lower_ascii(text.substr(0, 2)) != "by") return {};
    if (text[2] != ' ' && text[2] != ':') return {};
    return trim(text.substr(3));
}

// The lowercased letter runs of a line: "16th" gives "th", "2025-02-16T15:20Z" gives
// "t" and "z", so each non-numeric part can be checked against the date vocabulary.
std::vector<std::string> letter_runs(std::string_view text) {
    std::vector<std::string> runs;
    std::string run;
    for (char c : text) {
        if (is_ascii_letter(c) || is_non_ascii(c)) {
            run += c;
        } else if (!run.empty()) {
            runs.push_back(to_lower_ascii(run));
            run.clear();
        }
    }
    if (!run.empty()) runs.push_back(to_lower_ascii(run));
    return runs;
}

bool is_photo_credit(std::string_view text) {
    const std::string lower = to_lower_ascii(text);
    const auto starts = [&](std::string_view p) { return std::string_view(lower).starts_with(p); };
    if (std::any_of(std::begin(kCreditPrefixes), std::end(kCreditPrefixes), starts)) return true;
    if (text.find('/') == std::string_view::npos || split_words(text).size() > kMaxCreditWords)
        return false;
    const auto ends = [&](std::string_view a) { return std::string_view(lower).ends_with(a); };
    return std::any_of(std::begin(kCreditAgencies), std::end(kCreditAgencies), ends);
}

// "Newsweek Logo": a site's logo image's alt text.
bool is_logo_line(std::string_view text) {
    const std::vector<std::string_view> words = split_words(text);
    return words.size() >= 2 && words.size() <= 3 && words.back() == "Logo";
}

bool is_furniture_phrase(std::string_view lower) {
    if (contains(kFurnitureLines, lower)) return true;
    return std::any_of(std::begin(kFurnitureFragments), std::end(kFurnitureFragments),
                       [&](std::string_view f) { return lower.find(f) != std::string_view::npos; });
}

}  // namespace

std::string clean_byline(std::string_view raw) {
    const std::string folded = fold_whitespace(raw);
    std::string_view text = folded;
    if (const auto rest = after_by(text)) text = *rest;
    constexpr std::string_view separators = " ,;:|-/";
    const size_t first = text.find_first_not_of(separators);
    if (first == std::string_view::npos) return {};
    const size_t last = text.find_last_not_of(separators);
    return std::string(text.substr(first, last - first + 1));
}

std::optional<std::string> byline_from_by_line(std::string_view line) {
    const std::string text = fold_whitespace(line);
    if (text.size() > kMaxByLineChars) return {};
    const auto names = after_by(text);
    if (!names || !looks_like_name_list(*names)) return {};
    std::string byline = clean_byline(*names);
    if (byline.empty()) return {};
    return byline;
}

bool is_about_writer_heading(std::string_view line) {
    std::string lower = to_lower_ascii(fold_whitespace(line));
    if (!lower.empty() && lower.back() == ':') lower.pop_back();
    return contains(kAboutWriterHeadings, lower);
}

std::optional<std::string> byline_from_about_writer(std::string_view paragraph) {
    constexpr size_t kMinNames = 2, kMaxNames = 4;
    const std::string text = fold_whitespace(paragraph);
    std::string name;
    size_t count = 0;
    for (std::string_view word : split_words(text)) {
        const bool ends_name = word == "is" || word == "was";
        if (ends_name) return count >= kMinNames ? std::optional(name) : std::nullopt;
        const bool comma = word.back() == ',';
        if (comma) word.remove_suffix(1);
        if (!is_name_word(word) || ++count > kMaxNames) return {};
        if (!name.empty()) name += ' ';
        name += word;
        if (comma) return count >= kMinNames ? std::optional(name) : std::nullopt;
    }
    return {};
}

std::optional<Date> date_from_date_line(std::string_view line) {
    const std::string text = fold_whitespace(line);
    if (text.empty() || text.size() > kMaxDateLineChars) return {};
    if (const auto whole = parse_date(text)) return whole;
    for (const std::string& run : letter_runs(text))
        if (!contains(kDateLineWords, run)) return {};
    return find_date(text);
}

std::optional<Date> date_from_update_line(std::string_view line) {
    const std::string lower = to_lower_ascii(trim(line));
    if (!std::string_view(lower).starts_with("update")) return {};
    return find_date(line);
}

bool is_page_furniture(std::string_view line) {
    const std::string text = fold_whitespace(line);
    if (text.empty()) return false;
    return is_furniture_phrase(to_lower_ascii(text)) || is_logo_line(text) || is_photo_credit(text);
}

std::string_view strip_photo_credit(std::string_view line) {
    const size_t stop = line.rfind(". ");
    if (stop == std::string_view::npos) return line;
    if (!is_photo_credit(fold_whitespace(line.substr(stop + 2)))) return line;
    return trim(line.substr(0, stop + 1));
}

namespace {

// News agencies a byline may credit, by the forms they are written in.
struct Agency {
    std::string_view name;
    std::vector<std::string_view> forms;  // lower case
};
const std::vector<Agency>& agencies() {
    static const std::vector<Agency> list = {
        {"Reuters", {"reuters", "reuter", "reutersd", "reuters."}},
        {"AP", {"ap", "associated press", "the associated press"}},
        {"AFP", {"afp", "agence france-presse", "agence france presse"}},
        {"Bloomberg", {"bloomberg", "bloomberg news"}},
        {"UPI", {"upi", "united press international"}},
        {"dpa", {"dpa"}},
    };
    return list;
}

// The agency the end of a byline credits, and where its credit starts.
std::optional<std::pair<std::string_view, size_t>> agency_at_end(std::string_view byline) {
    const std::string lowered = to_lower_ascii(byline);
    std::string_view text = lowered;
    const bool in_parentheses = text.ends_with(')');
    if (in_parentheses) text.remove_suffix(1);
    for (const Agency& agency : agencies())
        for (const std::string_view form : agency.forms) {
            if (!text.ends_with(form)) continue;
            size_t start = text.size() - form.size();
            if (start > 0 && std::isalnum(static_cast<unsigned char>(text[start - 1]))) continue;
            while (start > 0 &&
                   std::string_view(" ,-(|/").find(text[start - 1]) != std::string_view::npos)
                --start;
            return std::pair{agency.name, start};
        }
    return std::nullopt;
}

// "TED D'AFFLISIO" -> "Ted D'Afflisio": a name written in capitals (or
// mostly) gets a capital at the start of each part of each word.
std::string one_capitalisation(std::string_view name) {
    size_t upper = 0, lower = 0;
    for (const char c : name) {
        upper += c >= 'A' && c <= 'Z';
        lower += c >= 'a' && c <= 'z';
    }
    if (upper <= 2 * lower) return std::string(name);
    std::string out(name);
    bool start = true;
    for (size_t i = 0; i < out.size(); ++i) {
        const char c = out[i];
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (letter)
            out[i] =
                start ? static_cast<char>(std::toupper(c)) : static_cast<char>(std::tolower(c));
        start = !letter && static_cast<unsigned char>(c) < 0x80;
    }
    // Joining words stay in lower case: "Stephen Jukes And Philip" -> "and".
    for (const char* word : {" And ", " Of ", " De ", " Van ", " Von "})
        for (size_t at = out.find(word); at != std::string::npos; at = out.find(word, at + 1))
            out[at + 1] = static_cast<char>(std::tolower(out[at + 1]));
    return out;
}

}  // namespace

std::string join_people(const std::vector<std::string>& names) {
    std::string joined;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i > 0) joined += i + 1 == names.size() ? " and " : ", ";
        joined += names[i];
    }
    return joined;
}

// The byline without the writer's job at its end ("Jane Doe, Staff Writer",
// "Tom Lee, Business Correspondent"): a last part after a comma, of at most
// four words, whose last word names a newsroom job.
std::string_view without_job(std::string_view people) {
    const size_t comma = people.rfind(',');
    if (comma == std::string_view::npos) return people;
    const std::string tail = to_lower_ascii(trim(people.substr(comma + 1)));
    const auto words = std::count(tail.begin(), tail.end(), ' ') + 1;
    const size_t last = tail.rfind(' ');
    const std::string_view job =
        std::string_view(tail).substr(last == std::string::npos ? 0 : last + 1);
    static constexpr std::string_view kJobs[] = {
        "writer", "writers",   "reporter", "reporters",    "correspondent", "correspondents",
        "editor", "columnist", "critic",   "photographer", "contributor",   "staff"};
    if (tail.empty() || words > 4 ||
        std::find(std::begin(kJobs), std::end(kJobs), job) == std::end(kJobs))
        return people;
    return trim(people.substr(0, comma));
}

Byline split_byline(std::string_view byline) {
    Byline out;
    std::string_view people = trim(byline);
    if (const auto agency = agency_at_end(people)) {
        out.agency = agency->first;
        people = trim(people.substr(0, agency->second));
    }
    out.people = one_capitalisation(without_job(people));
    return out;
}

std::pair<std::string, size_t> headline_from_lead(std::string_view body) {
    constexpr size_t kMaxChars = 120;
    const auto sentences = words::sentences(body);
    if (sentences.empty()) return {};
    const auto [begin, end] = sentences.front();
    const std::string sentence = fold_whitespace(body.substr(begin, end - begin));
    if (sentence.size() <= kMaxChars) return {sentence, end};
    size_t cut = kMaxChars;
    while (cut > 0 && words::is_word_byte(sentence[cut])) --cut;  // never inside a word
    if (cut == 0) cut = utf8_prefix(sentence, kMaxChars).size();
    return {std::string(trim(sentence.substr(0, cut))) + "…", 0};
}

}  // namespace gazette
