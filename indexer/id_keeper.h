// Hands a file's articles on in batches, each id once, as re-indexing would
// keep them: an id seen again replaces its article while that is still held
// here, or else comes back late (FileRead::late in file_reader.h).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "article.h"
#include "file_reader.h"

namespace gazette {

class IdKeeper {
  public:
    explicit IdKeeper(ArticleSink& sink) : sink_(sink) {}

    // Takes an article (named, roots.h); `warn` hears of an id given again.
    void add(Article a, const std::function<void(std::string)>& warn);
    // Hands on what is held; how many ids went, and the late articles.
    FileRead finish();

  private:
    void flush();

    ArticleSink& sink_;
    std::vector<Article> held_;
    std::unordered_map<std::string, size_t> held_index_;
    // Hashes of the ids handed on (a few bytes an article, however big the
    // file); a collision only sends an article the late way, which is as good.
    std::unordered_set<uint64_t> handed_;
    std::unordered_map<std::string, Article> late_;
};

}  // namespace gazette
