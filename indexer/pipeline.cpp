#include "pipeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "source.h"

namespace gazette {
namespace {

// Thrown through the reader when the run is stopping (or a sample is full).
struct Stopping {};

// A file's articles on their way to the builders, with what the reader says.
class JobSink : public ArticleSink {
  public:
    JobSink(size_t job, BoundedQueue<Batch>* batches, Reporter& reporter)
        : job_(job), batches_(batches), reporter_(reporter) {}

    void batch(std::vector<Article> articles) override {
        const size_t n = articles.size();
        if (!batches_->push({job_, std::move(articles)})) throw Stopping{};
        ++batches;
        this->articles += n;
        count_bytes();
    }
    void warning(const std::string& message) override { reporter_.warning(message); }
    void skipped(const std::string& key, const std::string& reason) override {
        reporter_.skipped(key, reason);
    }

    // The file being read, whose bytes count towards the progress line.
    void reading(const HashedFile* file) {
        file_ = file;
        counted_ = 0;
    }
    void count_bytes() {
        if (!file_) return;
        reporter_.bytes += file_->bytes_read() - counted_;
        counted_ = file_->bytes_read();
    }

    size_t batches = 0, articles = 0;

  private:
    size_t job_;
    BoundedQueue<Batch>* batches_;
    Reporter& reporter_;
    const HashedFile* file_ = nullptr;
    uintmax_t counted_ = 0;
};

// The first articles of the files, for a sample.
class SampleSink : public ArticleSink {
  public:
    SampleSink(std::vector<Article>& out, size_t count) : out_(out), count_(count) {}
    void batch(std::vector<Article> articles) override {
        for (Article& a : articles) out_.push_back(std::move(a));
        if (out_.size() >= count_) throw Stopping{};
    }
    void warning(const std::string&) override {}  // the real pass reports it
    void skipped(const std::string&, const std::string&) override {}

  private:
    std::vector<Article>& out_;
    size_t count_;
};

FileRecord record_of(const std::string& key, const HashedFile& file, size_t articles) {
    const FileInfo& info = file.info();
    return {key,
            info.size,
            info.mtime_ns,
            info.ctime_ns,
            info.inode,
            file.hash(),
            static_cast<unsigned>(articles)};
}

}  // namespace

void Reporter::warning(const std::string& message) {
    std::lock_guard lock(mutex_);
    observer_.warning(message);
}

void Reporter::skipped(const std::string& key, const std::string& reason) {
    ++skipped_members;
    std::lock_guard lock(mutex_);
    observer_.skipped(key, reason);
}

void Reporter::indexed(const std::string& key, size_t count) {
    std::lock_guard lock(mutex_);
    observer_.indexed(key, count);
}

void Reporter::progress(size_t files_to_do) {
    IndexStats s;
    s.added = files_read;
    s.failed = failed;
    s.articles_written = articles;
    s.bytes = bytes;
    s.bytes_to_read = bytes_to_read;
    std::lock_guard lock(mutex_);
    observer_.progress(s, files_to_do);
}

Pipeline::Pipeline(const std::vector<Job>& jobs, const ReadSettings& settings, Env& env,
                   Reporter& reporter, unsigned threads)
    : jobs_(jobs),
      settings_(settings),
      env_(env),
      reporter_(reporter),
      threads_(std::max(1u, threads ? threads : std::thread::hardware_concurrency())),
      outcomes_(jobs.size()) {
    for (const Job& job : jobs) reporter_.bytes_to_read += job.file.info.size;
}

std::vector<Article> Pipeline::sample_articles(size_t count) const {
    std::vector<Article> samples;
    SampleSink sink(samples, count);
    for (const Job& job : jobs_) {
        try {
            HashedFile file(env_.open_file(job.file.path));
            read_articles(file, job.key, settings_, sink);
        } catch (const Stopping&) {
            break;
        } catch (const std::exception&) {
            // The real pass reports it; a sample is just a sample.
        }
    }
    return samples;
}

std::vector<std::unique_ptr<DocumentBuilder>> Pipeline::make_builders(
    const schema::Settings& settings, const StoredCodec& codec) const {
    std::vector<std::unique_ptr<DocumentBuilder>> builders;
    for (unsigned k = 0; k < threads_; ++k)
        builders.push_back(std::make_unique<DocumentBuilder>(settings, codec));
    return builders;
}

void Pipeline::guarded(const std::function<void()>& body, BoundedQueue<Batch>& batches,
                       BoundedQueue<Built>* settled) {
    try {
        body();
    } catch (...) {
        std::lock_guard lock(failure_mutex_);
        if (!failure_) failure_ = std::current_exception();
        batches.abort();
        if (settled) settled->abort();
    }
}

// Reads every job in order, handing articles on in batches as they are
// parsed, and tells `settled` when each file is done, so that every job ends
// in exactly one way.
void Pipeline::read_all(BoundedQueue<Batch>& batches, BoundedQueue<Built>* settled, bool compare) {
    for (size_t i = 0; i < jobs_.size(); ++i) {
        if (!read(i, compare, batches)) return;
        ++reporter_.files_read;
        if (settled && !settled->push({i, {}, true})) return;
        if (carry_ && outcomes_[i].kind == Outcome::Kind::kFailed && jobs_[i].previous &&
            !push_stored(jobs_[i].key, batches))
            return;
    }
    if (carry_)
        for (const FileRecord& r : carry_->records)
            if (!push_stored(r.key, batches)) return;
}

// Hands on the articles stored in the live database for a file; false when
// the run is stopping.
bool Pipeline::push_stored(const std::string& key, BoundedQueue<Batch>& batches) {
    const Xapian::Database& db = *carry_->db;
    const std::string term = file_term(key);
    std::vector<Article> articles;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
        articles.push_back(carry_->codec->decode(db.get_document(*p).get_data()));
        if (articles.size() == kBatchArticles) {
            reporter_.carried += articles.size();
            if (!batches.push({kCarried, std::exchange(articles, {})})) return false;
        }
    }
    reporter_.carried += articles.size();
    return articles.empty() || batches.push({kCarried, std::move(articles)});
}

// Reads one file into its outcome; false when the run is stopping. A file
// whose size and hash are as recorded is not parsed (when comparing): it is
// hashed first, and read again only when it did change.
bool Pipeline::read(size_t i, bool compare, BoundedQueue<Batch>& batches) {
    const Job& job = jobs_[i];
    Outcome& outcome = outcomes_[i];
    JobSink sink(i, &batches, reporter_);
    std::unique_ptr<HashedFile> file;
    try {
        file = std::make_unique<HashedFile>(env_.open_file(job.file.path));
        if (compare && job.previous && job.previous->size == file->info().size &&
            job.previous->mtime_ns != kReadAgain) {
            if (hash_to_end(*file) == job.previous->hash) {
                outcome.kind = Outcome::Kind::kSameContent;
                outcome.record = record_of(job.key, *file, job.previous->articles);
                return true;
            }
            file = std::make_unique<HashedFile>(env_.open_file(job.file.path));
        }
        sink.reading(file.get());
        FileRead read = read_articles(*file, job.key, settings_, sink);
        hash_to_end(*file);  // what an archive leaves unread counts too
        sink.count_bytes();
        outcome.kind = Outcome::Kind::kArticles;
        outcome.record = record_of(job.key, *file, read.articles);
        outcome.late = std::move(read.late);
        reporter_.unreadable += read.unreadable;
    } catch (const Stopping&) {
        return false;
    } catch (const std::exception& e) {
        ++reporter_.failed;
        if (sink.batches == 0) {
            reporter_.warning(job.key + ": " + e.what());
            outcome.kind = Outcome::Kind::kFailed;
        } else {
            reporter_.warning(fmt::format(
                "{}: {}; the {} articles before that are indexed, and the file will be read "
                "again by the next run",
                job.key, e.what(), sink.articles));
            outcome.kind = Outcome::Kind::kArticles;
            outcome.broke_off = true;
            outcome.record = record_of(job.key, *file, sink.articles);
            outcome.record.mtime_ns = kReadAgain;
        }
    }
    outcome.batches = sink.batches;
    return true;
}

}  // namespace gazette
