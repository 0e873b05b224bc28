// Reuters-21578 SGML: one file holds up to 1,000 <REUTERS ...> stories.
#pragma once

#include <string_view>

#include "parser.h"

namespace gazette {

// One article per complete <REUTERS>...</REUTERS> story, read with a linear
// scanner (the format is fixed, so no SGML library):
//  - id: the NEWID attribute; headline: TITLE; date: DATE;
//  - byline: AUTHOR without its leading "by" ("Janie Gabbett, Reuters");
//  - section: the TOPICS <D> entries joined with ","; source: "Reuters";
//  - body: DATELINE, a space and BODY; a TYPE="UNPROC" story has no BODY, so its
//    TEXT is used. Lines starting indented begin a paragraph; paragraphs are
//    separated by blank lines.
// Entities are decoded; control-character references (&#3;, &#127;) are dropped.
// A story cut off by the end of the file, or a DATE not understood, becomes a
// warning. Throws ParseError when the file holds no story.
ParseResult parse_sgml(const ParseInput& input);

// True when "<REUTERS" appears near the start of the text.
bool looks_like_reuters_sgml(std::string_view text);

}  // namespace gazette
