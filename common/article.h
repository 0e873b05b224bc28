// Article: one news story as parsed from a file, before and after indexing.
// Parsers produce it, the indexer turns it into a Xapian document, the searcher
// reads it back from stored data. Nothing here knows about Xapian.
#pragma once

#include <string>

namespace gazette {

struct Article {
    std::string id;        // unique and stable: relative path, or the source's own id
    std::string path;      // source file, relative to the indexed root
    std::string headline;  // single line
    std::string byline;    // author name(s), single line, no leading "By"
    std::string date;      // "YYYY-MM-DD", or "" when unknown
    std::string section;   // e.g. "business", newsgroup, Reuters topics
    std::string source;    // publication or feed name
    std::string url;       // original address when known
    std::string body;      // paragraphs separated by blank lines

    bool operator==(const Article&) const = default;
};

}  // namespace gazette
