// Article: one news story as parsed from a file, before and after indexing.
// Parsers produce it, the indexer turns it into a Xapian document, the searcher
// reads it back from stored data. Nothing here knows about Xapian.
#pragma once

#include <string>

namespace gazette {

struct Article {
    std::string id;         // unique and stable: see indexer/roots.h
    std::string source_id;  // the id the file gave it (JSON "id", NEWID), or ""
    std::string path;       // the source file's key: root name and path inside the root
    std::string headline;   // single line
    std::string byline;     // author name(s), single line, no leading "By"
    std::string date;       // "YYYY-MM-DD", or "" when unknown
    std::string section;    // e.g. "business", newsgroup, Reuters topics
    std::string source;     // publication or feed name
    std::string url;        // original address when known
    std::string body;       // paragraphs separated by blank lines

    bool operator==(const Article&) const = default;
};

// Calls f on every field in a fixed order (the stored order); works on const
// and mutable articles alike.
template <typename A, typename F>
void for_each_field(A& a, F f) {
    for (auto* s : {&a.id, &a.source_id, &a.path, &a.headline, &a.byline, &a.date, &a.section,
                    &a.source, &a.url, &a.body})
        f(*s);
}

}  // namespace gazette
