#include "facets.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

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

// Sees every match and counts each story once. Copies of a story (documents
// with one duplicate signature) count as the copy with the smallest id, so the
// counts are the same however the database is sharded or the matches ordered.
class FacetCounter::StorySpy : public Xapian::MatchSpy {
  public:
    StorySpy(std::vector<const schema::Field*> fields, bool fold_copies)
        : fields_(std::move(fields)), fold_copies_(fold_copies), direct_(fields_.size()) {}

    void operator()(const Xapian::Document& doc, double) override {
        ++seen;
        std::vector<std::string> values;
        for (const schema::Field* field : fields_) values.push_back(doc.get_value(field->slot));
        const std::string key = fold_copies_ ? doc.get_value(schema::kCollapseSlot) : "";
        if (key.empty()) {
            for (size_t i = 0; i < fields_.size(); ++i) add(direct_[i], *fields_[i], values[i], 1);
            ++stories;
            return;
        }
        std::string id = doc.get_value(schema::kIdSlot);
        const auto [it, first] = copies_.try_emplace(key);
        if (first) ++stories;
        if (first || id < it->second.id) it->second = {std::move(id), std::move(values)};
    }

    // Counts of field i over the stories seen.
    std::map<std::string, size_t> counts(size_t i) const {
        std::map<std::string, size_t> out = direct_[i];
        for (const auto& [key, story] : copies_) add(out, *fields_[i], story.values[i], 1);
        return out;
    }

    size_t seen = 0, stories = 0;

  private:
    struct Story {
        std::string id;
        std::vector<std::string> values;  // of each field
    };
    std::vector<const schema::Field*> fields_;
    bool fold_copies_;
    std::vector<std::map<std::string, size_t>> direct_;  // of stories without copies
    std::unordered_map<std::string, Story> copies_;      // by duplicate signature
};

FacetCounter::FacetCounter(const std::vector<std::string>& names, bool fold_copies, bool remote)
    : fold_copies_(fold_copies), remote_(remote) {
    for (const std::string& name : names) fields_.push_back(&field_named(name));
}

FacetCounter::~FacetCounter() = default;

void FacetCounter::attach(Xapian::Enquire& enquire) {
    stories_.reset();
    values_.clear();
    if (fields_.empty()) return;
    if (!remote_) {
        stories_ = std::make_unique<StorySpy>(fields_, fold_copies_);
        enquire.add_matchspy(stories_.get());
        return;
    }
    for (const schema::Field* field : fields_) {
        values_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(field->slot));
        enquire.add_matchspy(values_.back().get());
    }
}

std::vector<Facet> FacetCounter::facets(Xapian::doccount sample, const Xapian::MSet& mset,
                                        Xapian::doccount stories) const {
    std::vector<Facet> out;
    for (size_t i = 0; i < fields_.size(); ++i) {
        const schema::Field& field = *fields_[i];
        if (stories_) {
            out.push_back(finish(field, stories_->counts(i), stories_->seen >= sample,
                                 stories_->stories, stories, false));
            continue;
        }
        // Xapian's own counter sees every copy, so its counts are of matches
        // before duplicates fold.
        std::map<std::string, size_t> counts;
        for (auto it = values_[i]->values_begin(); it != values_[i]->values_end(); ++it)
            add(counts, field, *it, it.get_termfreq());
        const size_t total = values_[i]->get_total();
        out.push_back(finish(field, counts, total >= sample, total,
                             mset.get_uncollapsed_matches_estimated(), fold_copies_));
    }
    return out;
}

}  // namespace gazette
