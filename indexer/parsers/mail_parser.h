// RFC 822 mail and Usenet posts (one message per file), read with a small
// hand-written parser rather than GMime: it is faster on Usenet spools, needs
// no global library state, and keeps the malformed headers real spools carry.
#pragma once

#include <string_view>

#include "parser.h"

namespace gazette {

// One article per file:
//  - headline: Subject (RFC 2047 encoded-words decoded, "Re:" kept, whitespace folded);
//  - byline: the From display name ("John Doe <jd@x.org>" and "jd@x.org (John Doe)"
//    give "John Doe"), else the bare address;
//  - date: Date; section: Newsgroups as "a,b"; id: Message-ID without <>, else ""
//    (the indexer then names the article by its path);
//  - body: the text after the header block. MIME messages give their text/plain
//    parts (quoted-printable and base64 decoded, a declared charset converted to
//    UTF-8); HTML parts and attachments are skipped. Paragraphs are separated by
//    blank lines, the lines of one paragraph joined with a space.
// A Date that is not understood becomes a warning. Throws ParseError when the
// file holds no text at all.
ParseResult parse_mail(const ParseInput& input);

// True when the header block at the top (up to the first blank line) is all
// "Name: value" fields and continuation lines, and holds at least two of From,
// Subject, Newsgroups, Date, Message-ID, Path, Xref, To, Cc, References,
// In-Reply-To, MIME-Version, Received, Return-Path.
bool looks_like_mail(std::string_view text);

}  // namespace gazette
