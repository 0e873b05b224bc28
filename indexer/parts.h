// A fresh build's scratch output. Each builder writes its documents into a
// run of small databases ("parts"), merged by Xapian's compaction at the end.
// Small parts keep Xapian's B-trees small while they are written, which makes
// each document cheaper to write, and adding instead of replacing saves a
// lookup per document (docs/benchmarks.md). An id added twice in one build is
// settled before the merge: its last article stays, as replacing would do.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "env.h"

namespace gazette {

// Where an article came in a run: (index of its file, index in the file).
using ArticleOrder = std::pair<size_t, size_t>;

class PartWriter {
  public:
    // Parts are written as `prefix`0, `prefix`1, ... through env (scratch: no fsync).
    PartWriter(Env& env, std::string prefix);

    // Adds the document of the article at `order`, which must come after the
    // article added before it unless it starts a new batch; `batch` is the order
    // of the first article of its batch.
    void add(const Xapian::Document& doc, ArticleOrder batch);

    // Commits what is pending; call once, after the last add.
    void finish();

    struct Part {
        std::string path;
        size_t sequence;  // in this writer
        // The first document of each batch in this part: (docid, batch order).
        std::vector<std::pair<Xapian::docid, ArticleOrder>> batches;
    };
    const std::vector<Part>& parts() const { return parts_; }

  private:
    void start_part();

    Env& env_;
    std::string prefix_;
    std::vector<Part> parts_;
    std::unique_ptr<DatabaseSink> sink_;
    size_t in_part_ = 0, unflushed_ = 0;
};

// Merges the parts of the given writers into a new database at `out`, first
// deleting all but the last article of any id they hold more than once.
void merge_parts(const std::vector<const PartWriter*>& writers, const std::string& out);

}  // namespace gazette
