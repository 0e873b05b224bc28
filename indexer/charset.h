// Decoding a file's bytes, or a mail part's, from whatever charset they came in
// to UTF-8: uchardet guesses a charset nobody declared, iconv converts.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gazette {

// The bytes as valid UTF-8 without control characters, decided in this order:
//  1. a byte-order mark (UTF-16 also by where its NUL bytes fall, text.h);
//  2. bytes that are valid UTF-8 stay UTF-8, whatever is declared (mislabelled
//     pages and mail are common, UTF-8 that is really Latin-1 is not);
//  3. `declared`, the charset the file or part names ("" for none);
//  4. uchardet's guess; a guess of a single-byte Latin charset reads as
//     Windows-1252, as on short texts uchardet cannot tell them apart;
//  5. to_utf8's repair: each stray byte read as Windows-1252.
// Latin-1 and ASCII labels read as Windows-1252 and GB2312/GBK as GB18030,
// their supersets, as browsers do.
std::string decode_text(std::string_view bytes, std::string_view declared = {});

// The bytes converted from charset to UTF-8 by iconv, a sequence invalid in
// that charset replaced by U+FFFD; nothing when iconv does not know it.
std::optional<std::string> convert_to_utf8(std::string_view bytes, std::string_view charset);

// The charset an HTML page declares in its first 1024 bytes (<meta charset>,
// <meta http-equiv="Content-Type" content="...; charset=...">, an XML
// declaration's encoding), lowercased, or "".
std::string html_declared_charset(std::string_view bytes);

}  // namespace gazette
