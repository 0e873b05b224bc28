#include "option_values.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "dates.h"

namespace gazette::cli {
namespace {

// "option '--limit' ...": Boost fills in the name and its dashes.
[[noreturn]] void refuse(const std::string& what, const std::string& text) {
    throw po::error_with_option_name(
        fmt::format("option '%canonical_option%' takes {}, not '{}'", what, text));
}

}  // namespace

long long read_whole_number(const std::string& text, long long min, long long max) {
    long long value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    const std::string what = fmt::format("a whole number from {} to {}", min, max);
    if (text.empty() || error != std::errc() || stop != end || value < min || value > max)
        refuse(what, text);
    return value;
}

namespace {

// The whole text as a finite number, else `what` is refused.
double read_number(const std::string& text, const std::string& what) {
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || error != std::errc() || stop != end || !std::isfinite(value))
        refuse(what, text);
    return value;
}

}  // namespace

CheckedValue<double>* positive_number(double* target) {
    return new CheckedValue<double>(target, [](const std::string& text) {
        const double value = read_number(text, "a number above 0");
        if (value <= 0) refuse("a number above 0", text);
        return value;
    });
}

CheckedValue<double>* number_between(double* target, double min, double max) {
    return new CheckedValue<double>(target, [min, max](const std::string& text) {
        const std::string what = fmt::format("a number from {} to {}", min, max);
        const double value = read_number(text, what);
        if (value < min || value > max) refuse(what, text);
        return value;
    });
}

CheckedValue<std::string>* one_of(std::string* target, std::vector<std::string> words) {
    return new CheckedValue<std::string>(target, [words](const std::string& text) {
        for (const std::string& word : words)
            if (text == word) return text;
        refuse(fmt::format("one of {}", fmt::join(words, ", ")), text);
    });
}

CheckedValue<std::string>* date(std::string* target) {
    return new CheckedValue<std::string>(target, [](const std::string& text) {
        if (!parse_date_span(text)) refuse("a date such as 2025-02-16, a month or a year", text);
        return text;
    });
}

CheckedValue<std::vector<std::string>>* years(std::vector<std::string>* target) {
    return new CheckedValue<std::vector<std::string>>(target, [](const std::string& text) {
        if (text.size() != 4 || text.find_first_not_of("0123456789") != std::string::npos)
            refuse("a year such as 2024", text);
        return std::vector<std::string>{text};
    });
}

}  // namespace gazette::cli
