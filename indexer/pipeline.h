// Reading and building on threads. One reader reads and parses the plan's
// files in order, each as a stream (file_reader.h), and hands their articles
// on in batches through a bounded queue, so memory stays bounded whatever
// the corpus or the file; one builder a thread turns articles into
// documents. The first failure anywhere stops every stage and is rethrown to
// the caller.
#pragma once

#include <xapian.h>

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "document.h"
#include "file_reader.h"
#include "indexer.h"
#include "plan.h"
#include "queue.h"

namespace gazette {

// What reading one file came to; final once the reader is done with it.
struct Outcome {
    enum class Kind { kPending, kFailed, kSameContent, kArticles };
    Kind kind = Kind::kPending;
    FileRecord record;   // the file as read
    size_t batches = 0;  // its articles came in this many batches
    // It failed after some batches had gone (a big file cut off): those
    // stand, and its record makes the next run read it again.
    bool broke_off = false;
    // Articles that replace those of their ids once the batches are written
    // (FileRead::late).
    std::vector<Article> late;
};

// Part of one file's articles, on their way from the reader to a builder.
struct Batch {
    size_t job;  // kCarried: articles carried over
    std::vector<Article> articles;
};
inline constexpr size_t kCarried = static_cast<size_t>(-1);

// Articles a fresh build takes from the live database instead of from files:
// those of files not read in this run, and of files that fail to read. Their
// stored text is whole, so they are built again exactly as they were (with
// the new dictionary and weights), which is far cheaper than copying
// documents between databases.
struct CarryOver {
    const Xapian::Database* db = nullptr;
    const StoredCodec* codec = nullptr;
    std::vector<FileRecord> records;  // files not read at all
};

// Built documents on their way to a single writer; or, with `end`, word
// from the reader that it is done with the file: once that and all of the
// file's batches have come, the file can be settled.
struct Built {
    size_t job;
    std::vector<Xapian::Document> docs;
    bool end = false;
};

// The observer, safe to call from any thread, with the run's counters.
class Reporter {
  public:
    explicit Reporter(IndexObserver& observer) : observer_(observer) {}
    void warning(const std::string& message);
    void skipped(const std::string& key, const std::string& reason);
    void indexed(const std::string& key, size_t articles);
    void progress(size_t files_to_do);

    std::atomic<size_t> files_read = 0, failed = 0, articles = 0, carried = 0, skipped_members = 0,
                        unreadable = 0;
    std::atomic<uintmax_t> bytes = 0;
    uintmax_t bytes_to_read = 0;  // by the plan

  private:
    IndexObserver& observer_;
    std::mutex mutex_;
};

class Pipeline {
  public:
    // `jobs` must outlive the pipeline.
    Pipeline(const std::vector<Job>& jobs, const ReadSettings& settings, Env& env,
             Reporter& reporter, unsigned threads);

    unsigned threads() const { return threads_; }
    const std::vector<Job>& jobs() const { return jobs_; }
    const Outcome& outcome(size_t job) const { return outcomes_[job]; }

    // Parses the first files' articles: a sample to train the stored-data
    // dictionary of a new database on.
    std::vector<Article> sample_articles(size_t count) const;

    // After the files, the reader hands on the articles of `carry`, and
    // those of every file that fails to read and had some.
    void carry_over(const CarryOver& carry) { carry_ = &carry; }

    // One document builder per thread.
    std::vector<std::unique_ptr<DocumentBuilder>> make_builders(const schema::Settings& settings,
                                                                const StoredCodec& codec) const;

    // Runs the reader and one builder per thread, each builder calling
    // build(batch, its index), while this thread runs main_loop. The end of
    // each file is announced on `settled`, when given. Files whose content
    // is as recorded are not parsed when compare_content is set.
    template <typename Build, typename MainLoop>
    void run(BoundedQueue<Built>* settled, bool compare_content, Build build, MainLoop main_loop);

    // Whether builders are still at work (for a main loop that waits).
    bool building() const { return builders_running_ > 0; }

  private:
    void read_all(BoundedQueue<Batch>& batches, BoundedQueue<Built>* settled, bool compare);
    bool read(size_t job, bool compare, BoundedQueue<Batch>& batches);
    bool push_stored(const std::string& key, BoundedQueue<Batch>& batches);
    void guarded(const std::function<void()>& body, BoundedQueue<Batch>& batches,
                 BoundedQueue<Built>* settled);

    const std::vector<Job>& jobs_;
    const ReadSettings& settings_;
    Env& env_;
    Reporter& reporter_;
    const CarryOver* carry_ = nullptr;
    const unsigned threads_;
    std::vector<Outcome> outcomes_;
    std::atomic<unsigned> builders_running_ = 0;
    std::exception_ptr failure_;
    std::mutex failure_mutex_;
};

template <typename Build, typename MainLoop>
void Pipeline::run(BoundedQueue<Built>* settled, bool compare_content, Build build,
                   MainLoop main_loop) {
    BoundedQueue<Batch> batches(2 * threads_);
    builders_running_ = threads_;
    {
        std::vector<std::jthread> threads;
        for (unsigned k = 0; k < threads_; ++k)
            threads.emplace_back([&, k] {
                guarded(
                    [&] {
                        while (auto batch = batches.pop()) build(*batch, k);
                    },
                    batches, settled);
                --builders_running_;
            });
        threads.emplace_back([&] {
            guarded([&] { read_all(batches, settled, compare_content); }, batches, settled);
            batches.close();
        });
        guarded(main_loop, batches, settled);
    }
    if (failure_) std::rethrow_exception(failure_);
}

}  // namespace gazette
