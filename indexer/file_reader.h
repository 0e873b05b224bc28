// Reads one source file as a stream of articles, so that memory stays bounded
// whatever its size: it inflates compressed files (.zst, .gz, .xz, .bz2),
// opens archives (each member a file of its own, keyed `file!member`), and
// splits files that hold many articles (JSONL, mbox, Reuters SGML) so that
// each article is parsed alone; other formats (and JSON arrays) are read
// whole. The size cap applies to each article of a split file, and to each
// file read whole. Articles are named by the id rule of roots.h and handed on
// in batches as they are read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "article.h"
#include "format.h"
#include "source.h"

namespace gazette {

struct ReadSettings {
    std::optional<Format> format;  // nothing: detect per file
    ParserSettings parsers;
    size_t max_file_size = 64u << 20;  // per article, or per file read whole
};

// Where a file's articles go as they are read.
class ArticleSink {
  public:
    virtual ~ArticleSink() = default;
    // Up to kBatchArticles articles, each of an id not handed on before.
    virtual void batch(std::vector<Article> articles) = 0;
    // "KEY: why", "KEY!member: line N: why".
    virtual void warning(const std::string& message) = 0;
    // An archive member left alone by design (hidden, a backup).
    virtual void skipped(const std::string& key, const std::string& reason) = 0;
};

// Articles handed on at a time (100 measured best for the builders).
inline constexpr size_t kBatchArticles = 100;

struct FileRead {
    size_t articles = 0;  // distinct ids handed on
    // An id given again after its first article was handed on keeps its last
    // article, as re-indexing would; that one can't be taken back from a
    // batch, so it comes here, to replace the first once the batches are
    // written.
    std::vector<Article> late;
    // Articles it holds that could not be read: lines, messages, stories or
    // archive members that were skipped, each with a warning.
    size_t unreadable = 0;
};

// Reads the file `key` (its key, roots.h, which ends with its name) from
// `raw`. Throws ParseError or std::runtime_error when it holds nothing to
// index, or breaks off (the batches handed on before stay handed on).
FileRead read_articles(ByteStream& raw, const std::string& key, const ReadSettings& settings,
                       ArticleSink& sink);

}  // namespace gazette
