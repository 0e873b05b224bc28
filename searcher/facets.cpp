#include "facets.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "lanes.h"
#include "query.h"
#include "schema.h"

namespace gazette {
namespace {

constexpr size_t kMaxFacetValues = 20;

const schema::Field& field_named(const std::string& name) {
    if (const schema::Field* field = schema::find_field(name)) return *field;
    std::string names;
    for (const schema::Field& f : schema::kFields)
        names += (names.empty() ? "" : ", ") + std::string(f.name);
    throw QueryError("unknown facet '" + name + "' (use " + names + ")");
}

// Adds a value's count; a field that lists several ("grain,wheat") counts
// once for each.
void add(std::map<std::string, size_t>& counts, const schema::Field& field,
         const std::string& value, size_t n) {
    if (value.empty()) return;
    if (!field.lists) {
        counts[value] += n;
        return;
    }
    size_t start = 0;
    while (start <= value.size()) {
        const size_t comma = std::min(value.find(',', start), value.size());
        if (comma > start) counts[value.substr(start, comma - start)] += n;
        start = comma + 1;
    }
}

// Largest first, at most kMaxFacetValues. Counts taken over a sample of the
// matches (`counted` of `matches`) are scaled up and marked approximate.
Facet finish(const schema::Field& field, const std::map<std::string, size_t>& counts, bool sampled,
             size_t counted, Xapian::doccount matches, bool copies) {
    Facet facet{std::string(field.name),
                {counts.begin(), counts.end()},
                sampled && counted < matches,
                copies};
    if (facet.approximate) {
        const double scale = static_cast<double>(matches) / static_cast<double>(counted);
        for (auto& entry : facet.counts)
            entry.second = static_cast<size_t>(std::llround(entry.second * scale));
    }
    std::stable_sort(facet.counts.begin(), facet.counts.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (facet.counts.size() > kMaxFacetValues) facet.counts.resize(kMaxFacetValues);
    return facet;
}

}  // namespace

// What a counter saw: each story once. Copies of a story (documents with one
// duplicate signature) count as the copy with the smallest id, so the counts
// are the same however the database is sharded or the matches ordered.
struct Stories {
    struct Story {
        std::string id;
        std::vector<std::string> values;  // of each field
    };
    size_t seen = 0;                                    // matches
    std::vector<std::map<std::string, size_t>> direct;  // counts of stories without copies
    size_t direct_stories = 0;
    std::unordered_map<std::string, Story> copies;  // by duplicate signature

    size_t stories() const { return direct_stories + copies.size(); }

    void add_copy(const std::string& key, Story story) {
        const auto [it, first] = copies.try_emplace(key);
        if (first || story.id < it->second.id) it->second = std::move(story);
    }

    // Adds what another lane's counter saw.
    void merge(const Stories& other) {
        seen += other.seen;
        direct_stories += other.direct_stories;
        direct.resize(other.direct.size());
        for (size_t i = 0; i < direct.size(); ++i)
            for (const auto& [value, n] : other.direct[i]) direct[i][value] += n;
        for (const auto& [key, story] : other.copies) add_copy(key, story);
    }

    // Counts of field i over the stories.
    std::map<std::string, size_t> counts(const schema::Field& field, size_t i) const {
        std::map<std::string, size_t> out = direct[i];
        for (const auto& [key, story] : copies) add(out, field, story.values[i], 1);
        return out;
    }
};

// Sees every match of one match run (one lane, lanes.h) and counts it.
class FacetCounter::StorySpy : public Xapian::MatchSpy {
  public:
    StorySpy(std::vector<const schema::Field*> fields, bool fold_copies)
        : fields_(std::move(fields)), fold_copies_(fold_copies) {
        seen_.direct.resize(fields_.size());
    }

    void operator()(const Xapian::Document& doc, double) override {
        ++seen_.seen;
        std::vector<std::string> values;
        for (const schema::Field* field : fields_) values.push_back(doc.get_value(field->slot));
        const std::string key = fold_copies_ ? doc.get_value(schema::kCollapseSlot) : "";
        if (key.empty()) {
            for (size_t i = 0; i < fields_.size(); ++i)
                add(seen_.direct[i], *fields_[i], values[i], 1);
            ++seen_.direct_stories;
            return;
        }
        seen_.add_copy(key, {doc.get_value(schema::kIdSlot), std::move(values)});
    }

    const Stories& seen() const { return seen_; }

  private:
    std::vector<const schema::Field*> fields_;
    bool fold_copies_;
    Stories seen_;
};

FacetCounter::FacetCounter(const std::vector<std::string>& names, bool fold_copies, bool remote)
    : fold_copies_(fold_copies), remote_(remote) {
    for (const std::string& name : names) fields_.push_back(&field_named(name));
}

FacetCounter::~FacetCounter() = default;

void FacetCounter::attach(const std::vector<Xapian::Enquire*>& enquires) {
    stories_.clear();
    values_.clear();
    if (fields_.empty()) return;
    for (Xapian::Enquire* enquire : enquires) {
        if (!remote_) {
            stories_.push_back(std::make_unique<StorySpy>(fields_, fold_copies_));
            enquire->add_matchspy(stories_.back().get());
            continue;
        }
        for (const schema::Field* field : fields_) {
            values_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(field->slot));
            enquire->add_matchspy(values_.back().get());
        }
    }
}

std::vector<Facet> FacetCounter::facets(Xapian::doccount sample, Xapian::doccount uncollapsed,
                                        Xapian::doccount stories) const {
    std::vector<Facet> out;
    if (!stories_.empty()) {
        Stories sum;
        const Stories& all = added_up(stories_, sum);
        const bool stopped = sampled(stories_, sample);
        for (size_t i = 0; i < fields_.size(); ++i)
            out.push_back(finish(*fields_[i], all.counts(*fields_[i], i), stopped, all.stories(),
                                 stories, false));
        return out;
    }
    for (size_t i = 0; i < values_.size(); ++i) {
        const schema::Field& field = *fields_[i];
        // Xapian's own counter sees every copy, so its counts are of matches
        // before duplicates fold.
        std::map<std::string, size_t> counts;
        for (auto it = values_[i]->values_begin(); it != values_[i]->values_end(); ++it)
            add(counts, field, *it, it.get_termfreq());
        const size_t total = values_[i]->get_total();
        out.push_back(finish(field, counts, total >= sample, total, uncollapsed, fold_copies_));
    }
    return out;
}

}  // namespace gazette
