// Plain-text and header-style news articles: the shapes text files really have.
#pragma once

#include "parser.h"

namespace gazette {

// One article per file. Recognises, in order:
//  - an optional header block at the top ("Headline:"/"Title:", "Author:"/"By:",
//    "Date:", "Section:", "Source:", "URL:" lines, ended by a blank line);
//  - otherwise the headline on the first non-empty line;
//  - a "By NAME" line near the top, or an "About the writer" paragraph near the end;
//  - a date line near the top, or an "Update 2/16/25, ..." line anywhere.
// Page furniture (photo credits, "Is This Article Trustworthy?", share/vote
// widgets) never becomes the headline or byline and is dropped from the body.
// Throws ParseError when the file holds no text at all.
ParseResult parse_text(const ParseInput& input);

}  // namespace gazette
