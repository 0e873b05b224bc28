// A fresh build's scratch output. Each builder writes its documents into a
// run of small databases ("parts"), merged by Xapian's compaction at the end.
// Small parts keep Xapian's B-trees small while they are written, which makes
// each document cheaper to write, and adding instead of replacing saves a
// lookup per document (docs/benchmarks.md); ids are unique by construction
// (roots.h), so nothing needs replacing. Like an LSM tree, every few parts of
// one size are merged into one part of the next, so that however large the
// build, a writer holds few parts and the final merge opens few files.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "env.h"

namespace gazette {

// How parts are cut and merged. Xapian 1.4 writes a document more cheaply into
// a small database, and flushes of a hundred documents beat bigger ones; but
// compaction keeps each part's posting chunks, so every part a word is in
// costs a chunk (docs/benchmarks.md: 4,000 here against 2,000 takes 2% off
// the database at the same pace). Compaction opens every input at once.
struct PartLimits {
    size_t documents = 4000;   // per part
    size_t flush_every = 100;  // documents
    size_t fan_in = 16;        // parts merged into one
};

class PartWriter {
  public:
    // Parts are written as `prefix`0, `prefix`1, ... through env (scratch: no fsync).
    PartWriter(Env& env, std::string prefix, PartLimits limits = {});

    void add(const Xapian::Document& doc);
    // Commits what is pending; call once, after the last add.
    void finish();

    struct Part {
        std::string path;
        unsigned level = 0;  // merged from fan_in parts of the level below
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

// Merges the parts of the given writers into a new database at `out` (an
// empty one when there are none).
void merge_parts(Env& env, const std::vector<const PartWriter*>& writers, const std::string& out);

}  // namespace gazette
