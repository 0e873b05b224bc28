// The stored form of an Article in a document's data: a format byte, then the
// fields length-prefixed and compressed with zstd. Xapian already
// zlib-compresses document data, which does little for records of a few KB;
// a zstd dictionary trained on the corpus itself and kept in the database's
// metadata is what makes small, similar records compress well.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "article.h"

namespace gazette {

class StoredCodec {
  public:
    // An empty dictionary means plain zstd.
    explicit StoredCodec(std::string dictionary = {});
    ~StoredCodec();
    StoredCodec(const StoredCodec&) = delete;
    StoredCodec& operator=(const StoredCodec&) = delete;

    // Both are safe to call from several threads at once.
    std::string encode(const Article& article) const;
    // Throws std::runtime_error on data this codec cannot read.
    Article decode(std::string_view data) const;

    const std::string& dictionary() const { return dictionary_; }

    // Trains a dictionary on sample articles; returns "" when there are too few
    // to train on (plain zstd is then used).
    static std::string train_dictionary(const std::vector<Article>& samples);

  private:
    struct Dictionaries;
    std::string dictionary_;
    std::unique_ptr<Dictionaries> dicts_;
};

}  // namespace gazette
