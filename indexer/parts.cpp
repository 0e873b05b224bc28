#include "parts.h"

#include <fmt/format.h>

#include <algorithm>

namespace gazette {

PartWriter::PartWriter(Env& env, std::string prefix, PartLimits limits)
    : env_(env), prefix_(std::move(prefix)), limits_(limits) {}

void PartWriter::start_part() {
    close_part();
    parts_.push_back({fmt::format("{}{}", prefix_, names_++), 0});
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
// part of the next level (and so on up).
void PartWriter::merge_full_level() {
    while (parts_.size() >= limits_.fan_in) {
        const auto first = parts_.end() - static_cast<std::ptrdiff_t>(limits_.fan_in);
        if (!std::all_of(first, parts_.end(),
                         [&](const Part& p) { return p.level == first->level; }))
            return;
        const Part merged{fmt::format("{}{}", prefix_, names_++), first->level + 1};
        Xapian::Database inputs;
        for (auto p = first; p != parts_.end(); ++p) inputs.add_database(Xapian::Database(p->path));
        env_.compact(inputs, merged.path);
        for (auto p = first; p != parts_.end(); ++p) env_.remove_all(p->path);
        parts_.erase(first, parts_.end());
        parts_.push_back(merged);
    }
}

void PartWriter::add(const Xapian::Document& doc) {
    if (!sink_ || in_part_ == limits_.documents) start_part();
    sink_->add(doc);
    ++in_part_;
    if (++unflushed_ == limits_.flush_every) {
        sink_->commit();
        unflushed_ = 0;
    }
}

void PartWriter::finish() {
    close_part();
}

void merge_parts(Env& env, const std::vector<const PartWriter*>& writers, const std::string& out) {
    Xapian::Database all;
    for (const PartWriter* w : writers)
        for (const PartWriter::Part& p : w->parts()) all.add_database(Xapian::Database(p.path));
    if (all.size() == 0) {  // nothing was written: an empty database all the same
        env.open_database(out)->commit();
        return;
    }
    env.compact(all, out);
}

}  // namespace gazette
