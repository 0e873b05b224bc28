// A fresh build's scratch output. Each builder writes its documents into a
// run of small databases ("parts"), merged by Xapian's compaction at the end.
// Small parts keep Xapian's B-trees small while they are written, which makes
// each document cheaper to write, and adding instead of replacing saves a
// lookup per document (docs/benchmarks.md). Like an LSM tree, every few parts
// of one size are merged into one part of the next, so that however large the
// build, a writer holds few parts and the final merge opens few files. An id
// added twice in one build is settled before the final merge: its last article
// stays, as replacing would do.
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

// How parts are cut and merged. Xapian 1.4 writes a document more cheaply into
// a small database, and flushes of a few dozen documents beat bigger ones
// (both measured on the news corpora); compaction opens every input at once.
struct PartLimits {
    size_t documents = 2000;  // per part
    size_t flush_every = 50;  // documents
    size_t fan_in = 16;       // parts merged into one
};

class PartWriter {
  public:
    // Parts are written as `prefix`0, `prefix`1, ... through env (scratch: no fsync).
    PartWriter(Env& env, std::string prefix, PartLimits limits = {});

    // Adds the document of the article at `order`, which must come after the
    // article added before it unless it starts a new batch; `batch` is the order
    // of the first article of its batch.
    void add(const Xapian::Document& doc, ArticleOrder batch);

    // Commits what is pending; call once, after the last add.
    void finish();

    struct Part {
        std::string path;
        size_t sequence;     // order among this writer's parts
        unsigned level = 0;  // merged from fan_in parts of the level below
        // The first document of each batch in this part: (docid, batch order).
        std::vector<std::pair<Xapian::docid, ArticleOrder>> batches;
    };
    const std::vector<Part>& parts() const { return parts_; }

  private:
    void start_part();
    void close_part();
    void merge_full_level();

    Env& env_;
    std::string prefix_;
    PartLimits limits_;
    std::vector<Part> parts_;  // oldest first; the last one is open while sink_ is
    std::unique_ptr<DatabaseSink> sink_;
    size_t in_part_ = 0, unflushed_ = 0, names_ = 0;
};

// Merges the parts of the given writers into a new database at `out`, first
// deleting all but the last article of any id they hold more than once.
void merge_parts(const std::vector<const PartWriter*>& writers, const std::string& out);

}  // namespace gazette
