// RFC 822 mail and Usenet posts (one message per file), read with GMime (MIME
// structure, transfer encodings, encoded-words, addresses) over a small header
// reader of our own for what real spools break: it finds where the header ends
// and the fields GMime cannot read (see docs/formats.md).
#pragma once

#include <string_view>

#include "parser.h"

namespace gazette {

// One article per file:
//  - headline: Subject (RFC 2047 encoded-words decoded, "Re:" kept, whitespace folded);
//  - byline: the From display name ("John Doe <jd@x.org>" and "jd@x.org (John Doe)"
//    give "John Doe"), else the bare address;
//  - date: Date; section: Newsgroups as "a,b" (a post is named by its file);
//  - body: the text after the header block. MIME messages give their text/plain
//    parts (quoted-printable and base64 decoded, read in their declared charset,
//    else as decode_text guesses); HTML parts and attachments are skipped.
//    Paragraphs are separated by blank lines, the lines of one paragraph joined
//    with a space.
// It reads input.bytes, the file as it is, when given (each part says its own
// charset), else input.text.
// A Date that is not understood becomes a warning. Throws ParseError when the
// file holds no text at all.
ParseResult parse_mail(const ParseInput& input);

// True when the header block at the top (up to the first blank line) is all
// "Name: value" fields and continuation lines, and holds at least two of From,
// Subject, Newsgroups, Date, Message-ID, Path, Xref, To, Cc, References,
// In-Reply-To, MIME-Version, Received, Return-Path.
bool looks_like_mail(std::string_view text);

}  // namespace gazette
