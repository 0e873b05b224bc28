// Results -> an Atom feed (RFC 4287), so that a reporter can follow a search
// in a feed reader: new matching articles come to them. Like the other
// renderers it sees only plain types. Every text is made valid XML (repaired
// UTF-8, no control characters) and escaped.
#pragma once

#include <string>
#include <string_view>

#include "render_html.h"
#include "results.h"

namespace gazette::html {

// The feed of a search whose results are newest first. base_url is
// "http://host" (every address in a feed is absolute); `now` is an RFC 3339
// time, the feed's date when no result has one.
std::string atom_feed(const Page& page, std::string_view base_url, const SearchResults& results,
                      std::string_view now);

// The address of a search's feed (escaped for an attribute), relative to the host.
std::string feed_href(const Page& page);

// Text made safe for XML 1.0 and escaped: invalid UTF-8 repaired, the
// characters XML forbids (C0 controls but tab and newline, U+FFFE, U+FFFF) removed.
std::string xml_text(std::string_view text);

}  // namespace gazette::html
