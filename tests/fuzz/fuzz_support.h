// Shared by the fuzz targets: structured input out of fuzz bytes, and the
// invariants that hold for every article a parser may produce. A broken
// invariant aborts, which libFuzzer reports as a finding and the replay test
// as a failure.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include "article.h"
#include "dates.h"
#include "file_reader.h"
#include "format.h"
#include "parser.h"
#include "source.h"
#include "text.h"

namespace gazette::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

inline void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

// Reads the input a line at a time, so that seeds stay readable text files
// and each line can feed one field; past the end every line is "".
class Lines {
  public:
    explicit Lines(std::string_view text) : rest_(text) {}

    std::string next() {
        const size_t end = rest_.find('\n');
        const std::string line(rest_.substr(0, end));
        rest_.remove_prefix(end == std::string_view::npos ? rest_.size() : end + 1);
        return line;
    }
    bool done() const { return rest_.empty(); }
    std::string_view rest() const { return rest_; }

  private:
    std::string_view rest_;
};

// Text a reader sees: valid UTF-8 without the C0 controls to_utf8 removes from
// files (all but tab and newline), whichever decoding a parser did after it
// (entities, JSON escapes, quoted-printable, base64): an ESC in a headline would
// reach the terminal of whoever reads gazette-search output.
inline size_t first_control(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i)
        if (static_cast<unsigned char>(text[i]) < 0x20 && text[i] != '\n' && text[i] != '\t')
            return i;
    return std::string_view::npos;
}

inline bool is_clean_text(std::string_view text) {
    return is_valid_utf8(text) && first_control(text) == std::string_view::npos;
}

inline bool is_single_line(std::string_view text) {
    return text.find('\n') == std::string_view::npos;
}

// "" or a real calendar date as YYYY-MM-DD.
inline bool is_iso_date_or_empty(std::string_view date) {
    if (date.empty()) return true;
    const auto parsed = parse_date(date);
    return date.size() == 10 && parsed && parsed->iso() == date;
}

inline void check_article(const Article& a) {
    const std::pair<const char*, const std::string*> fields[] = {
        {"id", &a.id},         {"path", &a.path}, {"headline", &a.headline},
        {"byline", &a.byline}, {"date", &a.date}, {"section", &a.section},
        {"source", &a.source}, {"url", &a.url},   {"body", &a.body}};
    for (const auto& [name, text] : fields) {
        if (is_clean_text(*text)) continue;
        const size_t at = first_control(*text);
        std::fprintf(stderr, "article %s: %s at byte %zu of \"%s\"\n", name,
                     at == std::string::npos ? "invalid UTF-8" : "control character", at,
                     text->c_str());
        require(false, "article fields are clean UTF-8 text");
    }
    require(is_single_line(a.headline), "the headline is one line");
    require(is_single_line(a.byline), "the byline is one line");
    require(is_iso_date_or_empty(a.date), "the date is YYYY-MM-DD or empty");
}

inline void check_result(const ParseResult& result) {
    for (const Article& a : result.articles) check_article(a);
    for (const std::string& w : result.warnings) {
        if (!is_valid_utf8(w)) std::fprintf(stderr, "warning: \"%s\"\n", w.c_str());
        require(is_valid_utf8(w), "warnings are valid UTF-8");
    }
}

// Runs a parser as the indexer does, on text decoded from the raw bytes and
// the bytes themselves; a ParseError is a verdict on the input, any other
// exception a finding.
template <typename Parse>
void parse_and_check(std::string_view bytes, std::string path, Parse parse) {
    const std::string text = to_utf8(bytes);
    require(is_valid_utf8(text), "to_utf8 gives valid UTF-8");
    try {
        check_result(parse(ParseInput{text, std::move(path), bytes}));
    } catch (const ParseError& e) {
        require(is_valid_utf8(e.what()), "parse errors are valid UTF-8");
    }
}

// One source file through the indexer's reader (file_reader.h): inflate by
// name, reject what is not text, decode, detect the format, split, parse.
inline void index_like_indexer(std::string_view name, std::string bytes, size_t max_bytes) {
    struct Check : ArticleSink {
        size_t max_bytes;
        void batch(std::vector<Article> articles) override {
            for (const Article& a : articles) check(a);
        }
        void check(const Article& a) const {
            check_article(a);
            // Decoding may triple a byte (Windows-1252 to UTF-8), no more.
            require(a.body.size() <= 3 * max_bytes, "no article is bigger than the cap allows");
        }
        void warning(const std::string& w) override {
            if (!is_valid_utf8(w)) std::fprintf(stderr, "warning: \"%s\"\n", w.c_str());
            require(is_valid_utf8(w), "warnings are valid UTF-8");
        }
        void skipped(const std::string&, const std::string&) override {}
    } check;
    check.max_bytes = max_bytes;
    ReadSettings settings;
    settings.max_file_size = max_bytes;
    StringStream in(std::move(bytes));
    try {
        for (const Article& a : read_articles(in, std::string(name), settings, check).late)
            check.check(a);
    } catch (const std::runtime_error& e) {
        require(is_valid_utf8(e.what()), "read errors are valid UTF-8");
    }
}

}  // namespace gazette::fuzz
