// Option values checked as they are read, so that a bad one is refused with the
// option's name (and, from a config file, its file and line) instead of being
// taken wrongly: Boost reads "-1" into an unsigned count as 4294967295 and
// "nan" into a double as NaN.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace gazette::cli {

namespace po = boost::program_options;

// A value of type T made from the option's text by `read`, which throws
// po::error_with_option_name (its "%canonical_option%" becomes the option's
// name) for a text it refuses. Repeatable when T is a vector: each use appends.
template <typename T>
class CheckedValue : public po::typed_value<T> {
  public:
    using Read = std::function<T(const std::string&)>;
    CheckedValue(T* target, Read read) : po::typed_value<T>(target), read_(std::move(read)) {}

    void xparse(boost::any& store, const std::vector<std::string>& tokens) const override {
        const std::string& text = po::validators::get_single_string(tokens);
        if constexpr (requires(T t) { t.push_back(*t.begin()); }) {
            if (store.empty()) store = T{};
            for (auto& item : read_(text)) boost::any_cast<T&>(store).push_back(item);
        } else {
            po::validators::check_first_occurrence(store);
            store = read_(text);
        }
    }

  private:
    Read read_;
};

// A whole number from min to max.
long long read_whole_number(const std::string& text, long long min, long long max);

template <typename T>
CheckedValue<T>* whole_number(T* target, long long min, long long max) {
    return new CheckedValue<T>(target, [min, max](const std::string& t) {
        return static_cast<T>(read_whole_number(t, min, max));
    });
}

// A finite number above 0.
CheckedValue<double>* positive_number(double* target);

// A number from min to max.
CheckedValue<double>* number_between(double* target, double min, double max);

// One of the listed words.
CheckedValue<std::string>* one_of(std::string* target, std::vector<std::string> words);

// A day, month or year parse_date_span understands ("2025-02-16", "Feb 16,
// 2025", "2025-02", "2025", ...).
CheckedValue<std::string>* date(std::string* target);

// A year, four digits; repeatable.
CheckedValue<std::vector<std::string>>* years(std::vector<std::string>* target);

}  // namespace gazette::cli
