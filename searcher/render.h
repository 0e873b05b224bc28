// Results -> bytes for people and for programs. Renderers see only the plain
// types of results.h, never Xapian.
#pragma once

#include <string>

#include "results.h"

namespace gazette {

// Fragments joined by " … ", unmarked.
std::string snippet_text(const Snippet& snippet);

// Fragments joined by " … ", HTML-escaped, matches in <mark>.
std::string snippet_html(const Snippet& snippet);

// One fragment HTML-escaped, matches in <mark>.
std::string fragment_html(const Fragment& fragment);

// For a terminal: bold matches when color is set.
std::string render_text(const SearchResults& results, bool color);

// One JSON object (see README: "JSON output").
std::string render_json(const SearchResults& results);

// TREC run lines: "qid Q0 id rank score gazette", one per hit; blanks,
// control characters and "%" in the qid or id are written as %XX.
std::string render_trec(const SearchResults& results, const std::string& qid);

// {"error": message}: JSON output stays JSON when a search fails.
std::string render_json_error(const std::string& message);

}  // namespace gazette
