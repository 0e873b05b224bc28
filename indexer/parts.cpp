#include "parts.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>

#include "schema.h"

namespace gazette {
namespace {

// Documents per part, and per flush within a part. Xapian 1.4 writes a
// document more cheaply into a small database, and flushes of a few dozen
// documents beat bigger ones (both measured on the news corpora).
constexpr size_t kPartDocs = 2000;
constexpr size_t kFlushEvery = 50;

// A document's place among everything a build added: batches in article
// order, then, within one batch (one writer), parts and docids in order.
using Rank = std::tuple<ArticleOrder, size_t, Xapian::docid>;

Rank rank_of(const PartWriter::Part& part, Xapian::docid docid) {
    const auto& b = part.batches;
    const auto it = std::upper_bound(b.begin(), b.end(), docid,
                                     [](Xapian::docid d, const auto& s) { return d < s.first; });
    return {std::prev(it)->second, part.sequence, docid};
}

// Deletes all but the last-added document of every id held more than once.
void drop_repeated_ids(const std::vector<const PartWriter::Part*>& parts) {
    Xapian::Database all;
    for (const PartWriter::Part* p : parts) all.add_database(Xapian::Database(p->path));
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
}

}  // namespace

PartWriter::PartWriter(Env& env, std::string prefix) : env_(env), prefix_(std::move(prefix)) {}

void PartWriter::start_part() {
    if (sink_) sink_->commit();
    parts_.push_back({fmt::format("{}{}", prefix_, parts_.size()), parts_.size(), {}});
    std::filesystem::remove_all(parts_.back().path);  // left by an interrupted run
    sink_ = env_.open_database(parts_.back().path, true);
    in_part_ = unflushed_ = 0;
}

void PartWriter::add(const Xapian::Document& doc, ArticleOrder batch) {
    if (!sink_ || in_part_ == kPartDocs) start_part();
    const Xapian::docid docid = sink_->add(doc);
    auto& batches = parts_.back().batches;
    if (batches.empty() || batches.back().second != batch) batches.emplace_back(docid, batch);
    ++in_part_;
    if (++unflushed_ == kFlushEvery) {
        sink_->commit();
        unflushed_ = 0;
    }
}

void PartWriter::finish() {
    if (sink_) sink_->commit();
    sink_.reset();
}

void merge_parts(const std::vector<const PartWriter*>& writers, const std::string& out) {
    std::vector<const PartWriter::Part*> parts;
    for (const PartWriter* w : writers)
        for (const PartWriter::Part& p : w->parts()) parts.push_back(&p);
    if (parts.empty()) {  // nothing was written: an empty database all the same
        Xapian::WritableDatabase(out, Xapian::DB_CREATE).commit();
        return;
    }
    drop_repeated_ids(parts);
    Xapian::Database all;
    for (const PartWriter::Part* p : parts) all.add_database(Xapian::Database(p->path));
    all.compact(out, Xapian::Compactor::FULLER);
}

}  // namespace gazette
