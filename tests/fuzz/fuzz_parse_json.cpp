// Fuzzes the JSON and JSONL parser: every input is read both as one JSON value
// and as JSONL, with the default keys and with a field map.
#include "fuzz_support.h"
#include "json_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace gazette;
    const std::string_view bytes = fuzz::as_text(data, size);
    static const JsonFieldMap defaults = default_field_map();
    static const JsonFieldMap mapped = [] {
        JsonFieldMap map = default_field_map();
        apply_field_overrides(map, "headline=name,headline=subject,body=content,id=guid");
        return map;
    }();
    const auto with = [](const JsonFieldMap& map) {
        return [&map](const ParseInput& input) { return parse_json(input, map); };
    };
    fuzz::parse_and_check(bytes, "items.json", with(defaults));
    fuzz::parse_and_check(bytes, "items.jsonl", with(mapped));
    looks_like_json(to_utf8(bytes));
    return 0;
}
