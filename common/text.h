// Text helpers shared by parsers and renderers: encoding repair, whitespace,
// escaping. Everything takes and returns UTF-8 unless it says otherwise.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

bool is_valid_utf8(std::string_view bytes);

// Appends one Unicode code point as UTF-8.
void append_code_point(std::string& out, uint32_t code_point);

enum class ByteOrder { kLittleEndian, kBigEndian };

// The byte order of UTF-16 text: from its byte-order mark, else from where its
// NUL bytes fall (text in a Latin script has one in every other byte, and only
// there); nothing when the bytes do not look like UTF-16.
std::optional<ByteOrder> utf16_byte_order(std::string_view bytes);

// Decodes a file's bytes to UTF-8, the safety net under every other decoding:
// strips a UTF-8 BOM, converts UTF-16 (see utf16_byte_order), keeps valid UTF-8
// sequences and reads every other byte on its own as Windows-1252 (Latin-1
// where 1252 is undefined), so nothing is dropped and the result is valid.
// C0 controls other than tab and newline are removed and CR LF becomes LF.
std::string to_utf8(std::string_view bytes);

// Why a file's bytes are not text worth indexing ("empty file", "binary file,
// not text"), or "" when they are. Judged on the first 8 KB: binary when over
// 5% of them are NUL (executables, images), or when
// over 5% are C0 controls text does not use and over 5% are not UTF-8, as in
// random or compressed data (some 10% and 45%). Text stays clear of that: a
// stray NUL, a Usenet signature drawn with ^B, a Latin-1 letter here and there.
// UTF-16, with or without a byte-order mark, is text.
std::string not_text_reason(std::string_view bytes);

// Removes the C0 controls to_utf8 removes from files (all but tab and newline;
// NUL, vertical tab and form feed, which stand between words, become spaces)
// from text decoded after it: a JSON "\u001b" or an HTML "&#27;" is an ESC that
// would otherwise reach the terminal of whoever reads the results.
void drop_controls(std::string& text);

// Decodes character references: numeric ones (&#233;, &#xE9;), the XML five
// (&amp; &lt; &gt; &quot; &apos;) and the few named ones news text carries
// (&nbsp; &mdash; &hellip; quotes, &pound; &euro; ...). Control characters
// they decode to are dropped (a wire service's &#2; and &#3;); anything
// else is kept as written.
std::string decode_entities(std::string_view text);

// True when NUL bytes (which to_utf8 drops) sit in text that is not UTF-16.
bool has_nul_bytes(std::string_view bytes);

std::string_view trim(std::string_view text);

// Collapses every run of whitespace into one space and trims the ends.
std::string fold_whitespace(std::string_view text);

std::string to_lower_ascii(std::string_view text);

// `word` in the case of `model`: all capitals ("ARREARS"), a capital first
// ("Budget"), or as it is.
std::string in_case_of(std::string_view model, std::string word);

// Control characters (newline, ESC, ...) written as \n, \t or \xNN, for one
// line of a terminal: a file named "a\nwarning: ..." can't forge a line of its
// own, nor an ESC in a name recolour the terminal.
std::string one_line(std::string_view text);

// Escapes &, <, >, " and ' for HTML text and attribute values alike.
std::string html_escape(std::string_view text);

// The edits (a byte dropped, added or changed, or two neighbours swapped)
// that make one string the other; limit + 1 for any number past `limit`.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit);

// Truncates to at most max_bytes without splitting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, size_t max_bytes);

// The paragraphs of an article's body (separated by blank lines), trimmed.
std::vector<std::string_view> paragraphs(std::string_view body);

}  // namespace gazette
