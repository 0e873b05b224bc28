// Fuzzes the date parser and the date-line heuristics built on it. Each line of
// the input is one date string, so one seed holds many forms.
#include "extract.h"
#include "fuzz_support.h"

namespace {

// Year 0 is refused (feeds write "0000-" for unknown); 1..9999 print as four digits.
bool is_real_date(const gazette::Date& d) {
    return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= 31 && gazette::fuzz::is_iso_date_or_empty(d.iso());
}

void check(const std::optional<gazette::Date>& date, const char* what) {
    if (!date) return;
    gazette::fuzz::require(is_real_date(*date), what);
    // The stored form reads back as the same day.
    gazette::fuzz::require(gazette::parse_date(date->iso()) == date, "an ISO date reads back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace gazette;
    fuzz::Lines lines(fuzz::as_text(data, size));
    while (!lines.done()) {
        const std::string line = lines.next();
        check(parse_date(line), "parse_date gives a real calendar date");
        check(find_date(line), "find_date gives a real calendar date");
        check(date_from_date_line(line), "date_from_date_line gives a real calendar date");
        check(date_from_update_line(line), "date_from_update_line gives a real calendar date");
    }
    return 0;
}
