// Article -> Xapian::Document, by the schema: terms with positions, field
// boosts, boolean filter terms, sortable values and the stored article.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "article.h"
#include "schema.h"
#include "stored.h"

namespace gazette {

class DocumentBuilder {
  public:
    // Weights and language from the database's settings.
    DocumentBuilder(const schema::Settings& settings, const StoredCodec& codec);

    // Not thread-safe: use one builder per thread.
    Xapian::Document build(const Article& article);

  private:
    schema::Weights weights_;
    const StoredCodec& codec_;
    Xapian::Stem stem_;
    Xapian::TermGenerator terms_;
};

// The unique term of an article id, used to replace it on re-indexing.
std::string id_term(std::string_view id);

// Equal for copies of one story (same normalised headline, near-identical
// text); "" when there is no headline to go by.
std::string duplicate_signature(const Article& article);

// The term shared by all articles from one source file.
std::string file_term(std::string_view relative_path);

}  // namespace gazette
