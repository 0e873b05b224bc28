#include "timeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "lanes.h"
#include "schema.h"

namespace gazette {
namespace {

// Past this many periods (a stray date in year 1000) only the years that
// have matches are listed, not every empty one between.
constexpr int kMaxFilledPeriods = 400;

// The month of a date value "YYYYMMDD" as YYYYMM; 0 for no (or no usable) date.
int month_of(const std::string& value) {
    if (value.size() != 8 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return 0;
    return std::stoi(value.substr(0, 6));
}

size_t scaled(size_t n, double scale) {
    return static_cast<size_t>(std::llround(static_cast<double>(n) * scale));
}

// Months since year 0, so that spans are a subtraction.
int month_index(int yyyymm) {
    return yyyymm / 100 * 12 + yyyymm % 100 - 1;
}

}  // namespace

// What a counter saw: each story once, by the date of the copy with the
// smallest id, as facets count (facets.cpp).
struct MonthStories {
    size_t seen = 0;               // matches
    std::map<int, size_t> direct;  // stories without copies, by month
    size_t direct_stories = 0;
    std::unordered_map<std::string, std::pair<std::string, int>> copies;  // id and month

    size_t stories() const { return direct_stories + copies.size(); }

    void add_copy(const std::string& key, std::pair<std::string, int> story) {
        const auto [it, first] = copies.try_emplace(key);
        if (first || story.first < it->second.first) it->second = std::move(story);
    }

    // Adds what another lane's counter saw.
    void merge(const MonthStories& other) {
        seen += other.seen;
        direct_stories += other.direct_stories;
        for (const auto& [month, n] : other.direct) direct[month] += n;
        for (const auto& [key, story] : other.copies) add_copy(key, story);
    }

    // Stories by month; month 0 holds the undated.
    std::map<int, size_t> months() const {
        std::map<int, size_t> out = direct;
        for (const auto& [key, story] : copies) ++out[story.second];
        return out;
    }
};

// Sees every match of one match run (one lane, lanes.h) and counts it.
class TimelineCounter::StorySpy : public Xapian::MatchSpy {
  public:
    explicit StorySpy(bool fold_copies) : fold_copies_(fold_copies) {}

    void operator()(const Xapian::Document& doc, double) override {
        ++seen_.seen;
        const int month = month_of(doc.get_value(schema::kDateSlot));
        const std::string key = fold_copies_ ? doc.get_value(schema::kCollapseSlot) : "";
        if (key.empty()) {
            ++seen_.direct[month];
            ++seen_.direct_stories;
            return;
        }
        seen_.add_copy(key, {doc.get_value(schema::kIdSlot), month});
    }

    const MonthStories& seen() const { return seen_; }

  private:
    bool fold_copies_;
    MonthStories seen_;
};

TimelineCounter::TimelineCounter(bool fold_copies, bool remote)
    : fold_copies_(fold_copies), remote_(remote) {}

TimelineCounter::~TimelineCounter() = default;

void TimelineCounter::attach(const std::vector<Xapian::Enquire*>& enquires) {
    stories_.clear();
    values_.reset();
    for (Xapian::Enquire* enquire : enquires) {
        if (remote_) {
            values_ = std::make_unique<Xapian::ValueCountMatchSpy>(schema::kDateSlot);
            enquire->add_matchspy(values_.get());
        } else {
            stories_.push_back(std::make_unique<StorySpy>(fold_copies_));
            enquire->add_matchspy(stories_.back().get());
        }
    }
}

Timeline TimelineCounter::timeline(Xapian::doccount sample, Xapian::doccount uncollapsed,
                                   Xapian::doccount stories) const {
    std::map<int, size_t> months;
    size_t counted = 0, matches = 0;
    bool sampled = false, overcounted = false;
    if (!stories_.empty()) {
        sampled = gazette::sampled(stories_, sample);
        MonthStories sum;
        const MonthStories& all = added_up(stories_, sum);
        months = all.months();
        counted = all.stories();
        matches = stories;
    } else {
        // Xapian's counter skips empty values: what it did not count is
        // undated. Over remote shards it can see a document more than once
        // (its total runs past the matches: 137 for 129 on Reuters in 4
        // shards), so until it samples only the matches are taken as seen,
        // and the counts are marked approximate.
        size_t dated = 0;
        for (auto it = values_->values_begin(); it != values_->values_end(); ++it) {
            months[month_of(*it)] += it.get_termfreq();
            dated += it.get_termfreq();
        }
        counted = values_->get_total();
        matches = uncollapsed;
        sampled = counted >= sample;
        overcounted = !sampled && counted > matches;
        const size_t seen = sampled ? counted : std::min(counted, matches);
        months[0] += seen - std::min(seen, dated);
    }
    const bool approximate = sampled && counted < matches && counted > 0;
    const double scale =
        approximate ? static_cast<double>(matches) / static_cast<double>(counted) : 1.0;
    const auto undated = months.find(0);
    const size_t no_date = undated == months.end() ? 0 : undated->second;
    if (undated != months.end()) months.erase(undated);
    Timeline out = make_timeline(months, no_date, scale);
    out.approximate = approximate || overcounted;
    out.counts_copies = values_ && fold_copies_;
    return out;
}

Timeline make_timeline(const std::map<int, size_t>& months, size_t undated, double scale) {
    Timeline out;
    out.undated = scaled(undated, scale);
    if (months.empty()) return out;
    const int first = months.begin()->first, last = months.rbegin()->first;
    out.by_month = month_index(last) - month_index(first) < kMaxMonthlySpan;
    std::map<int, size_t> periods;  // YYYYMM or YYYY
    for (const auto& [month, count] : months) periods[out.by_month ? month : month / 100] += count;
    const int from = periods.begin()->first, to = periods.rbegin()->first;
    const auto label = [&](int period) {
        return out.by_month ? fmt::format("{:04}-{:02}", period / 100, period % 100)
                            : fmt::format("{:04}", period);
    };
    const int span = out.by_month ? month_index(to) - month_index(from) : to - from;
    if (span >= kMaxFilledPeriods) {
        for (const auto& [period, count] : periods)
            out.periods.emplace_back(label(period), scaled(count, scale));
        return out;
    }
    for (int period = from; period <= to;) {
        const auto it = periods.find(period);
        out.periods.emplace_back(label(period),
                                 it == periods.end() ? 0 : scaled(it->second, scale));
        if (!out.by_month || period % 100 < 12)
            ++period;
        else
            period = (period / 100 + 1) * 100 + 1;
    }
    return out;
}

}  // namespace gazette
