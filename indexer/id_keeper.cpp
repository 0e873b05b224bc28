#include "id_keeper.h"

#include <fmt/format.h>

#include <utility>

#include "schema.h"

namespace gazette {
namespace {

std::string again(const Article& a) {
    return fmt::format("the id '{}' comes again further on; only its last article is kept",
                       a.source_id.empty() ? a.id : a.source_id);
}

}  // namespace

void IdKeeper::add(Article a, const std::function<void(std::string)>& warn) {
    if (auto it = held_index_.find(a.id); it != held_index_.end()) {
        warn(again(a));
        held_[it->second] = std::move(a);
        return;
    }
    if (handed_.count(schema::stable_hash(a.id))) {
        warn(again(a));
        std::string id = a.id;
        late_[std::move(id)] = std::move(a);
        return;
    }
    held_index_.emplace(a.id, held_.size());
    held_.push_back(std::move(a));
    if (held_.size() == kBatchArticles) flush();
}

FileRead IdKeeper::finish() {
    flush();
    FileRead read{handed_.size(), {}};
    for (auto& [id, a] : late_) read.late.push_back(std::move(a));
    return read;
}

void IdKeeper::flush() {
    if (held_.empty()) return;
    for (const Article& a : held_) handed_.insert(schema::stable_hash(a.id));
    held_index_.clear();
    sink_.batch(std::exchange(held_, {}));
}

}  // namespace gazette
