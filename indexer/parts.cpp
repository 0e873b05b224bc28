#include "parts.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>

#include "schema.h"

namespace gazette {
namespace {

// A document's place among everything a build added: batches in article
// order, then, within one batch (one writer), parts and docids in order.
using Rank = std::tuple<ArticleOrder, size_t, Xapian::docid>;

Rank rank_of(const PartWriter::Part& part, Xapian::docid docid) {
    const auto& b = part.batches;
    const auto it = std::upper_bound(b.begin(), b.end(), docid,
                                     [](Xapian::docid d, const auto& s) { return d < s.first; });
    return {std::prev(it)->second, part.sequence, docid};
}

// The parts as one database (read-only: a snapshot of them as they are now).
Xapian::Database combined(const std::vector<const PartWriter::Part*>& parts) {
    Xapian::Database all;
    for (const PartWriter::Part* p : parts) all.add_database(Xapian::Database(p->path));
    return all;
}

// Deletes all but the last-added document of every id held more than once;
// says whether it deleted any.
bool drop_repeated_ids(const std::vector<const PartWriter::Part*>& parts,
                       const Xapian::Database& all) {
    const size_t n = parts.size();
    std::map<size_t, std::vector<Xapian::docid>> doomed;  // part -> its docids to delete
    const std::string prefix(schema::kId);
    for (auto t = all.allterms_begin(prefix); t != all.allterms_end(prefix); ++t) {
        if (t.get_termfreq() < 2) continue;
        std::vector<std::pair<Rank, std::pair<size_t, Xapian::docid>>> copies;
        for (auto d = all.postlist_begin(*t); d != all.postlist_end(*t); ++d) {
            // A combined database interleaves its members' docids.
            const size_t part = (*d - 1) % n;
            const Xapian::docid local = (*d - 1) / n + 1;
            copies.push_back({rank_of(*parts[part], local), {part, local}});
        }
        std::sort(copies.begin(), copies.end());
        copies.pop_back();  // the last one stays
        for (const auto& [rank, where] : copies) doomed[where.first].push_back(where.second);
    }
    for (const auto& [part, docids] : doomed) {
        Xapian::WritableDatabase db(parts[part]->path, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
        for (Xapian::docid d : docids) db.delete_document(d);
        db.commit();
    }
    return !doomed.empty();
}

}  // namespace

PartWriter::PartWriter(Env& env, std::string prefix, PartLimits limits)
    : env_(env), prefix_(std::move(prefix)), limits_(limits) {}

void PartWriter::start_part() {
    close_part();
    const size_t name = names_++;
    parts_.push_back({fmt::format("{}{}", prefix_, name), name, 0, {}});
    sink_ = env_.open_database(parts_.back().path, true);
    in_part_ = unflushed_ = 0;
}

void PartWriter::close_part() {
    if (!sink_) return;
    sink_->commit();
    sink_.reset();
    merge_full_level();
}

// When the newest fan_in parts are all of one level, merges them into one
// part of the next level (and so on up). Compaction keeps their documents in
// order, one part after the other, so batch positions carry over with offsets.
void PartWriter::merge_full_level() {
    while (parts_.size() >= limits_.fan_in) {
        const auto first = parts_.end() - static_cast<std::ptrdiff_t>(limits_.fan_in);
        if (!std::all_of(first, parts_.end(),
                         [&](const Part& p) { return p.level == first->level; }))
            return;
        Part merged{fmt::format("{}{}", prefix_, names_++), first->sequence, first->level + 1, {}};
        Xapian::Database inputs;
        Xapian::docid offset = 0;
        for (auto p = first; p != parts_.end(); ++p) {
            const Xapian::Database part(p->path);
            inputs.add_database(part);
            for (const auto& [docid, order] : p->batches)
                merged.batches.emplace_back(docid + offset, order);
            offset += part.get_lastdocid();
        }
        inputs.compact(merged.path);
        for (auto p = first; p != parts_.end(); ++p) std::filesystem::remove_all(p->path);
        parts_.erase(first, parts_.end());
        parts_.push_back(std::move(merged));
    }
}

void PartWriter::add(const Xapian::Document& doc, ArticleOrder batch) {
    if (!sink_ || in_part_ == limits_.documents) start_part();
    const Xapian::docid docid = sink_->add(doc);
    auto& batches = parts_.back().batches;
    if (batches.empty() || batches.back().second != batch) batches.emplace_back(docid, batch);
    ++in_part_;
    if (++unflushed_ == limits_.flush_every) {
        sink_->commit();
        unflushed_ = 0;
    }
}

void PartWriter::finish() {
    close_part();
}

void merge_parts(const std::vector<const PartWriter*>& writers, const std::string& out) {
    std::vector<const PartWriter::Part*> parts;
    for (const PartWriter* w : writers)
        for (const PartWriter::Part& p : w->parts()) parts.push_back(&p);
    if (parts.empty()) {  // nothing was written: an empty database all the same
        Xapian::WritableDatabase(out, Xapian::DB_CREATE).commit();
        return;
    }
    Xapian::Database all = combined(parts);
    if (drop_repeated_ids(parts, all)) all = combined(parts);  // see the deletions
    all.compact(out, Xapian::Compactor::FULLER);
}

}  // namespace gazette
