#include "pipeline.h"

#include <algorithm>
#include <thread>

#include "source.h"

namespace gazette {
namespace {

// Articles handed to a builder at a time (100 measured best); with the queue
// capacities this bounds how many parsed articles and built documents are
// held in memory.
constexpr size_t kBatchArticles = 100;

}  // namespace

void Reporter::warning(const std::string& message) {
    std::lock_guard lock(mutex_);
    observer_.warning(message);
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
      outcomes_(jobs.size()) {}

std::vector<Article> Pipeline::sample_articles(size_t count) const {
    std::vector<Article> samples;
    for (const Job& job : jobs_) {
        if (samples.size() >= count) break;
        try {
            const std::string bytes =
                inflate(job.key, env_.read_file(job.file.path, settings_.max_file_size).bytes,
                        settings_.max_file_size);
            for (Article& a :
                 parse_articles(bytes, job.key, settings_.format, settings_.parsers).articles)
                samples.push_back(std::move(a));
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

// Reads and parses every job in order, handing articles on in batches. A file
// that fails, or whose content is as recorded, sends `settled` an empty item
// instead, so that every job ends in exactly one way.
void Pipeline::read_all(BoundedQueue<Batch>& batches, BoundedQueue<Built>* settled, bool compare) {
    for (size_t i = 0; i < jobs_.size(); ++i) {
        Outcome& outcome = outcomes_[i];
        std::vector<std::string> warnings;
        std::vector<Article> articles;
        try {
            articles = read(i, compare, warnings);
        } catch (const std::exception& e) {
            warnings.push_back(jobs_[i].key + ": " + e.what());
            outcome.kind = Outcome::Kind::kFailed;
            ++reporter_.failed;
        }
        for (const std::string& w : warnings) reporter_.warning(w);
        ++reporter_.files_read;
        if (outcome.kind == Outcome::Kind::kArticles) {
            outcome.batches = (articles.size() + kBatchArticles - 1) / kBatchArticles;
            if (!push_articles(i, articles, batches)) return;
            continue;
        }
        if (settled && !settled->push({i, {}})) return;
        if (carry_ && outcome.kind == Outcome::Kind::kFailed && jobs_[i].previous &&
            !push_stored(jobs_[i].key, batches))
            return;
    }
    if (carry_)
        for (const FileRecord& r : carry_->records)
            if (!push_stored(r.key, batches)) return;
}

// Hands a file's articles on in batches; false when the run is stopping.
bool Pipeline::push_articles(size_t job, std::vector<Article>& articles,
                             BoundedQueue<Batch>& batches) {
    for (size_t b = 0; b < articles.size(); b += kBatchArticles) {
        const auto first = articles.begin() + static_cast<std::ptrdiff_t>(b);
        const auto last = articles.begin() + static_cast<std::ptrdiff_t>(
                                                 std::min(articles.size(), b + kBatchArticles));
        if (!batches.push({job, {std::make_move_iterator(first), std::make_move_iterator(last)}}))
            return false;
    }
    return true;
}

// Hands on the articles stored in the live database for a file.
bool Pipeline::push_stored(const std::string& key, BoundedQueue<Batch>& batches) {
    const Xapian::Database& db = *carry_->db;
    const std::string term = file_term(key);
    std::vector<Article> articles;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
        articles.push_back(carry_->codec->decode(db.get_document(*p).get_data()));
        if (articles.size() == kBatchArticles) {
            reporter_.carried += articles.size();
            if (!push_articles(kCarried, articles, batches)) return false;
            articles.clear();
        }
    }
    reporter_.carried += articles.size();
    return push_articles(kCarried, articles, batches);
}

std::vector<Article> Pipeline::read(size_t i, bool compare, std::vector<std::string>& warnings) {
    const Job& job = jobs_[i];
    Outcome& outcome = outcomes_[i];
    FileContents contents = env_.read_file(job.file.path, settings_.max_file_size);
    const FileInfo& info = contents.info;
    outcome.record = {
        job.key, info.size, info.mtime_ns, info.ctime_ns, info.inode, content_hash(contents.bytes),
        0};
    reporter_.bytes += contents.bytes.size();
    if (compare && job.previous && job.previous->hash == outcome.record.hash) {
        outcome.kind = Outcome::Kind::kSameContent;
        outcome.record.articles = job.previous->articles;
        return {};
    }
    const std::string text = inflate(job.key, std::move(contents.bytes), settings_.max_file_size);
    ParseResult parsed = parse_articles(text, job.key, settings_.format, settings_.parsers);
    for (const std::string& w : parsed.warnings) warnings.push_back(job.key + ": " + w);
    if (parsed.articles.empty()) throw ParseError("no articles found");
    outcome.record.articles = static_cast<unsigned>(parsed.articles.size());
    outcome.kind = Outcome::Kind::kArticles;
    return std::move(parsed.articles);
}

}  // namespace gazette
