// The web page's promise about hostile text, as a check fuzz targets can run on
// any page: every '<' opens markup the renderer wrote itself (text never adds a
// tag or breaks out of an attribute), no tag can run script, and no link leaves
// for a javascript: or data: address.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "fuzz_support.h"

namespace gazette::fuzz {
namespace html_check {

inline bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == ':';
}

inline std::string read_name(std::string_view page, size_t& i) {
    const size_t start = i;
    while (i < page.size() && is_name_char(page[i])) ++i;
    return to_lower_ascii(page.substr(start, i - start));
}

inline void check_attribute(const std::string& name, std::string_view value) {
    require(!name.starts_with("on"), "no event-handler attribute");
    if (name != "href" && name != "src" && name != "action" && name != "formaction") return;
    const std::string lower = to_lower_ascii(trim(value));
    for (std::string_view scheme : {"javascript:", "data:", "vbscript:"})
        require(!lower.starts_with(scheme), "no link to a script or data address");
}

// Reads one tag from just after its '<'; returns the index after its '>'.
inline size_t check_tag(std::string_view page, size_t i) {
    if (i < page.size() && page[i] == '/') ++i;
    const std::string tag = read_name(page, i);
    require(!tag.empty(), "every '<' opens a tag (text is escaped)");
    // The timeline is inline SVG: svg itself runs and loads nothing, but these
    // of its elements could (a script, foreign HTML, a reference elsewhere, an
    // animation that rewrites a link).
    for (std::string_view banned : {"script", "iframe", "object", "embed", "img", "base",
                                    "foreignobject", "use", "image", "animate", "set"})
        require(tag != banned, "no tag that runs or loads anything");
    for (;;) {
        while (i < page.size() && page[i] == ' ') ++i;
        require(i < page.size(), "every tag is closed");
        if (page[i] == '>') return i + 1;
        if (page.substr(i, 2) == "/>") return i + 2;
        const std::string name = read_name(page, i);
        require(!name.empty(), "a tag holds only attributes");
        if (i < page.size() && page[i] == '=') {
            require(i + 1 < page.size() && page[i + 1] == '"', "attribute values are quoted");
            const size_t end = page.find('"', i + 2);
            require(end != std::string_view::npos, "attribute values end");
            const std::string_view value = page.substr(i + 2, end - i - 2);
            require(value.find('<') == std::string_view::npos, "no '<' in an attribute value");
            check_attribute(name, value);
            i = end + 1;
        }
    }
}

}  // namespace html_check

inline void check_page(std::string_view page) {
    require(is_valid_utf8(page), "pages are valid UTF-8");
    size_t i = 0;
    while ((i = page.find('<', i)) != std::string_view::npos) {
        ++i;
        if (i < page.size() && (page[i] == '!' || page[i] == '?')) continue;  // doctype, xml
        const bool style = page.substr(i, 5) == "style";
        i = html_check::check_tag(page, i);
        if (style) i = page.find("</style>", i);  // CSS is not markup
    }
}

}  // namespace gazette::fuzz
