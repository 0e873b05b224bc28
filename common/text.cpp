#include "text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <optional>
#include <utility>

namespace gazette {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
size_t utf8_sequence_length(std::string_view s, size_t i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return 1;
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (len == 0 || c > 0xF4 || i + len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    // Reject overlong forms, surrogates and code points past U+10FFFF.
    const unsigned char c1 = byte(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;
    if (c == 0xED && c1 > 0x9F) return 0;
    if (c == 0xF0 && c1 < 0x90) return 0;
    if (c == 0xF4 && c1 > 0x8F) return 0;
    return len;
}

// Windows-1252's 0x80-0x9F block; 0 marks the five undefined bytes, which are
// read as Latin-1 (the same code point as the byte).
constexpr std::array<uint16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

uint32_t cp1252_code_point(unsigned char c) {
    if (c >= 0x80 && c < 0xA0 && kCp1252High[c - 0x80] != 0) return kCp1252High[c - 0x80];
    return c;
}

std::string utf16_to_utf8(std::string_view bytes, bool big_endian) {
    std::string out;
    out.reserve(bytes.size());
    auto unit = [&](size_t i) -> uint32_t {
        const auto a = static_cast<unsigned char>(bytes[i]);
        const auto b = static_cast<unsigned char>(bytes[i + 1]);
        return big_endian ? (a << 8 | b) : (b << 8 | a);
    };
    for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
        uint32_t cp = unit(i);
        if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < bytes.size()) {
            const uint32_t low = unit(i + 2);
            if (low >= 0xDC00 && low < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            } else {
                cp = 0xFFFD;
            }
        } else if (cp >= 0xD800 && cp < 0xE000) {
            cp = 0xFFFD;
        }
        append_code_point(out, cp);
    }
    return out;
}

bool is_dropped_control(unsigned char c) {
    return c < 0x20 && c != '\t' && c != '\n';
}

// Of those, the ones that stand between words (a NUL where a space was, a
// form feed between pages): a space, lest the words on either side join.
bool is_spacing_control(unsigned char c) {
    return c == '\0' || c == '\v' || c == '\f';
}

bool has_utf16_bom(std::string_view bytes) {
    return bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
}

// Files are judged on their first 8 KB.
constexpr size_t kSample = 8192;

// Controls that turn up in binary data but not in text, old text included:
// Usenet posts underline with backspaces and carry escape sequences.
bool is_binary_control(unsigned char c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' &&
            c != '\b' && c != 0x1B) ||
           c == 0x7F;
}

}  // namespace

void append_code_point(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string not_text_reason(std::string_view bytes) {
    if (trim(bytes).empty()) return "empty file";
    if (utf16_byte_order(bytes)) return {};
    const std::string_view sample = bytes.substr(0, kSample);
    size_t nuls = 0, controls = 0, invalid = 0;
    for (size_t i = 0; i < sample.size();) {
        const auto c = static_cast<unsigned char>(sample[i]);
        const size_t len = utf8_sequence_length(sample, i);
        nuls += c == 0;
        controls += is_binary_control(c);
        invalid += len == 0;
        i += std::max<size_t>(len, 1);
    }
    // Over 5%, as shares of the sample.
    const auto many = [&](size_t count) { return count * 20 > sample.size(); };
    if (many(nuls) || (many(controls) && many(invalid))) return "binary file, not text";
    return {};
}

bool has_nul_bytes(std::string_view bytes) {
    return !utf16_byte_order(bytes) && bytes.find('\0') != std::string_view::npos;
}

std::optional<ByteOrder> utf16_byte_order(std::string_view bytes) {
    if (bytes.starts_with("\xFF\xFE")) return ByteOrder::kLittleEndian;
    if (bytes.starts_with("\xFE\xFF")) return ByteOrder::kBigEndian;
    // At least 8 characters, NULs in at least half of the bytes of one parity
    // and in at most 1 in 100 of the other: executables have them everywhere,
    // text in UTF-8 nowhere, and a few stray NULs in a short string are not
    // enough to tell.
    constexpr size_t kMinPairs = 8;
    const std::string_view sample = bytes.substr(0, kSample);
    const size_t pairs = sample.size() / 2;
    std::array<size_t, 2> nuls = {0, 0};  // at even and at odd offsets
    for (size_t i = 0; i < pairs * 2; ++i) nuls[i % 2] += sample[i] == '\0';
    const auto many = [&](size_t count) { return pairs >= kMinPairs && count * 2 >= pairs; };
    const auto few = [&](size_t count) { return count * 100 <= pairs; };
    if (many(nuls[1]) && few(nuls[0])) return ByteOrder::kLittleEndian;
    if (many(nuls[0]) && few(nuls[1])) return ByteOrder::kBigEndian;
    return std::nullopt;
}

bool is_valid_utf8(std::string_view bytes) {
    for (size_t i = 0; i < bytes.size();) {
        const size_t len = utf8_sequence_length(bytes, i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

namespace {

// to_utf8 for bytes that are not UTF-16.
std::string repair_utf8(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    std::string out;
    out.reserve(bytes.size());
    for (size_t i = 0; i < bytes.size();) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\r') {
            if (i + 1 >= bytes.size() || bytes[i + 1] != '\n') out += '\n';
            ++i;
            continue;
        }
        const size_t len = utf8_sequence_length(bytes, i);
        if (len == 0) {
            append_code_point(out, cp1252_code_point(c));
            ++i;
        } else {
            if (len == 1 && is_spacing_control(c))
                out += ' ';
            else if (!(len == 1 && is_dropped_control(c)))
                out.append(bytes.substr(i, len));
            i += len;
        }
    }
    return out;
}

}  // namespace

std::string to_utf8(std::string_view bytes) {
    if (const auto order = utf16_byte_order(bytes)) {
        if (has_utf16_bom(bytes)) bytes.remove_prefix(2);
        return repair_utf8(utf16_to_utf8(bytes, order == ByteOrder::kBigEndian));
    }
    return repair_utf8(bytes);
}

void drop_controls(std::string& text) {
    for (char& c : text)
        if (is_spacing_control(static_cast<unsigned char>(c))) c = ' ';
    std::erase_if(text, [](char c) { return is_dropped_control(static_cast<unsigned char>(c)); });
}

std::string_view trim(std::string_view text) {
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (!text.empty() && space(text.front())) text.remove_prefix(1);
    while (!text.empty() && space(text.back())) text.remove_suffix(1);
    return text;
}

std::string fold_whitespace(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (char c : trim(text)) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            pending_space = true;
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

std::string to_lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string in_case_of(std::string_view model, std::string word) {
    const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    if (model.empty() || word.empty() || !upper(model.front())) return word;
    const bool capitals =
        std::none_of(model.begin(), model.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    for (size_t i = 0; i < (capitals ? word.size() : 1); ++i)
        if (word[i] >= 'a' && word[i] <= 'z') word[i] = static_cast<char>(word[i] - 'a' + 'A');
    return word;
}

std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (u < 0x20 || u == 0x7f)
            out += fmt::format("\\x{:02x}", u);
        else
            out += c;
    }
    return out;
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// Optimal string alignment distance, stopping early past `limit`.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
    if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t row_min = limit + 1;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            row_min = std::min(row_min, d[i][j]);
        }
        if (row_min > limit) return limit + 1;
    }
    return d[a.size()][b.size()];
}

std::string_view utf8_prefix(std::string_view text, size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

std::vector<std::string_view> paragraphs(std::string_view body) {
    std::vector<std::string_view> out;
    while (!body.empty()) {
        const size_t end = body.find("\n\n");
        const std::string_view paragraph = trim(body.substr(0, end));
        if (!paragraph.empty()) out.push_back(paragraph);
        body = end == std::string_view::npos ? std::string_view() : body.substr(end + 2);
    }
    return out;
}

namespace {

// "&#x10FFFF;" is the longest reference decoded; a longer run is plain text.
constexpr size_t kMaxEntityChars = 10;

std::optional<uint32_t> numeric_reference(std::string_view digits) {
    int base = 10;
    if (digits.starts_with('x') || digits.starts_with('X')) {
        base = 16;
        digits.remove_prefix(1);
    }
    uint32_t cp = 0;
    const auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), cp, base);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) return {};
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) return {};
    return cp;
}

constexpr std::pair<std::string_view, uint32_t> kNamed[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},      {"apos", '\''},
    {"nbsp", 0xA0},    {"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026}, {"lsquo", 0x2018},
    {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"pound", 0xA3},    {"euro", 0x20AC},
    {"copy", 0xA9},    {"eacute", 0xE9},  {"egrave", 0xE8},  {"aacute", 0xE1},   {"uuml", 0xFC},
    {"ouml", 0xF6},    {"auml", 0xE4},    {"ccedil", 0xE7},  {"ntilde", 0xF1}};

// Appends the meaning of "&name;"; false when it is not one we know.
bool append_entity(std::string& out, std::string_view name) {
    uint32_t cp = 0;
    if (name.starts_with('#')) {
        const auto number = numeric_reference(name.substr(1));
        if (!number) return false;
        cp = *number;
    } else {
        const auto it = std::find_if(std::begin(kNamed), std::end(kNamed),
                                     [&](const auto& e) { return e.first == name; });
        if (it == std::end(kNamed)) return false;
        cp = it->second;
    }
    if (!(cp < 0x20 || (cp >= 0x7F && cp < 0xA0))) append_code_point(out, cp);
    return true;
}

}  // namespace

std::string decode_entities(std::string_view text) {
    if (text.find('&') == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '&') {
            const size_t semi = text.substr(i, kMaxEntityChars + 2).find(';');
            if (semi != std::string_view::npos &&
                append_entity(out, text.substr(i + 1, semi - 1))) {
                i += semi;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

}  // namespace gazette
