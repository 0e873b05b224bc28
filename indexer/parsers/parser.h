// The parser interface: bytes of one source file in, Articles out.
// Parsers are pure functions of their input and never include <xapian.h>.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "article.h"

namespace gazette {

// What a parser is given: the file's decoded text (valid UTF-8) and its name
// (the file's key, see indexer/roots.h), which tells some formats apart; and
// the bytes as read, for formats that declare a charset per part (mail), or
// "" when the text is all there is.
struct ParseInput {
    std::string_view text;
    std::string path;
    std::string_view bytes = {};
};

// What a parser returns. A file may hold many articles (JSONL, SGML, mbox);
// problems that spoil only part of it (one bad JSONL line) become warnings,
// each saying where in the file and why (the indexer adds the file's name),
// and the rest still indexes.
struct ParseResult {
    std::vector<Article> articles;
    std::vector<std::string> warnings;
    // Articles the input holds that could not be read (each has a warning).
    size_t unreadable = 0;
    // The format holds a list of articles (JSONL, a JSON array, Reuters SGML),
    // each named in the file by its own id or its position: the indexer
    // then adds that name to the file's key to make the article's id.
    bool many = false;
};

// Thrown when a whole file is unusable; the message says why.
struct ParseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace gazette
