#include "indexer.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "document.h"
#include "manifest.h"
#include "source.h"
#include "stored.h"
#include "text.h"
#include "walker.h"

namespace gazette {
namespace fs = std::filesystem;
namespace {

// Commit after this many documents (at a file boundary): in Xapian 1.4 bigger
// batches are slower, and each commit bounds what a crash can cost.
constexpr size_t kCommitEvery = 1000;
// Articles parsed to train the stored-data dictionary of a new database.
constexpr size_t kTrainingArticles = 2000;

struct Job {
    const SourceFile* file;
    std::optional<FileRecord> previous;
};

// What a worker made of one file.
struct FileOutcome {
    FileRecord record;
    std::vector<std::pair<std::string, Xapian::Document>> docs;  // (id term, document)
    std::vector<std::string> warnings;
    std::string error;          // the file could not be indexed
    bool same_content = false;  // touched but unchanged: only its record is updated
};

std::vector<Article> parse_source(const SourceFile& file, std::string_view bytes,
                                  const IndexOptions& options, std::vector<std::string>& warnings) {
    const std::string text = to_utf8(bytes);
    const Format format = options.format.value_or(detect_format(content_name(file.relative), text));
    ParseResult parsed = parse_file(format, ParseInput{text, file.relative}, options.parsers);
    for (std::string& w : parsed.warnings) warnings.push_back(file.relative + ": " + w);
    for (size_t i = 0; i < parsed.articles.size(); ++i) {
        Article& a = parsed.articles[i];
        a.path = file.relative;
        if (a.id.empty())
            a.id = parsed.articles.size() == 1 ? file.relative
                                               : fmt::format("{}#{}", file.relative, i + 1);
    }
    return std::move(parsed.articles);
}

FileOutcome process(const Job& job, const IndexOptions& options, Env& env,
                    DocumentBuilder& builder) {
    const SourceFile& file = *job.file;
    FileOutcome out;
    out.record = {file.relative, file.size, file.mtime_ns, 0, 0};
    try {
        std::string bytes = env.read_file(file.path, options.max_file_size);
        out.record.hash = content_hash(bytes);
        out.record.size = bytes.size();
        if (job.previous && job.previous->hash == out.record.hash) {
            out.same_content = true;
            out.record.articles = job.previous->articles;
            return out;
        }
        const std::string content = inflate(file.relative, std::move(bytes), options.max_file_size);
        std::vector<Article> articles = parse_source(file, content, options, out.warnings);
        if (articles.empty()) throw ParseError("no articles found");
        for (const Article& a : articles) out.docs.emplace_back(id_term(a.id), builder.build(a));
        out.record.articles = static_cast<unsigned>(articles.size());
    } catch (const std::exception& e) {
        out.docs.clear();
        out.error = file.relative + ": " + e.what();
    }
    return out;
}

// Parses the first files to train the stored-data dictionary of a new database.
std::string train_dictionary(const std::vector<Job>& jobs, const IndexOptions& options, Env& env) {
    std::vector<Article> samples;
    for (const Job& job : jobs) {
        if (samples.size() >= kTrainingArticles) break;
        try {
            const std::string bytes =
                inflate(job.file->relative, env.read_file(job.file->path, options.max_file_size),
                        options.max_file_size);
            std::vector<std::string> ignored;
            for (Article& a : parse_source(*job.file, bytes, options, ignored))
                samples.push_back(std::move(a));
        } catch (const std::exception&) {
            // The real pass reports it; a sample is just a sample.
        }
    }
    return StoredCodec::train_dictionary(samples);
}

// Runs workers over the jobs and hands their outcomes to `write` in job order,
// holding at most `window` finished files in memory.
template <typename Write>
void run_pipeline(const std::vector<Job>& jobs, const IndexOptions& options, Env& env,
                  const StoredCodec& codec, unsigned threads, Write write) {
    const size_t window = 4 * threads + 4;
    std::vector<std::optional<FileOutcome>> slots(jobs.size());
    std::mutex mutex;
    std::condition_variable changed;
    size_t next_job = 0, next_write = 0;

    auto worker = [&] {
        DocumentBuilder builder(options.weights, codec);
        for (;;) {
            size_t i;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] {
                    return next_job >= jobs.size() || next_job < next_write + window;
                });
                if (next_job >= jobs.size()) return;
                i = next_job++;
            }
            FileOutcome outcome = process(jobs[i], options, env, builder);
            std::lock_guard lock(mutex);
            slots[i] = std::move(outcome);
            changed.notify_all();
        }
    };
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);

    try {
        for (size_t i = 0; i < jobs.size(); ++i) {
            FileOutcome outcome;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return slots[i].has_value(); });
                outcome = std::move(*slots[i]);
                slots[i].reset();
                next_write = i + 1;
                changed.notify_all();
            }
            write(jobs[i], outcome);
        }
    } catch (...) {
        // Let the workers finish quickly, then rethrow: the writer's error wins.
        {
            std::lock_guard lock(mutex);
            next_job = jobs.size();
            changed.notify_all();
        }
        throw;
    }
}

std::map<std::string, FileRecord> load_manifest(const DatabaseSink& sink) {
    std::map<std::string, FileRecord> records;
    for (const std::string& key : sink.metadata_keys(kManifestPrefix))
        if (auto r = decode_record(sink.get_metadata(key))) records.emplace(r->path, *r);
    return records;
}

std::unique_ptr<DatabaseSink> open_sink(Env& env, const std::string& path) {
    try {
        return env.open_database(path);
    } catch (const Xapian::DatabaseLockError&) {
        throw IndexError(fmt::format(
            "database '{}' is locked by another indexer; wait for it to finish (or use --wait)",
            path));
    } catch (const Xapian::Error& e) {
        throw IndexError(
            fmt::format("cannot open database '{}' for writing: {}", path, e.get_description()));
    }
}

// A rebuild interrupted between its two renames leaves the old database beside
// the new one: put it back before anything else.
void recover_interrupted_swap(const std::string& database) {
    const fs::path old = database + ".old";
    if (!fs::exists(database) && fs::exists(old)) fs::rename(old, database);
}

void swap_in_rebuilt(const std::string& rebuilt, const std::string& database) {
    const fs::path old = database + ".old";
    fs::remove_all(old);
    if (fs::exists(database)) fs::rename(database, old);
    fs::rename(rebuilt, database);
    fs::remove_all(old);
}

class Run {
  public:
    Run(const IndexOptions& options, Env& env, IndexObserver& observer)
        : options_(options), env_(env), observer_(observer) {}

    IndexStats operator()() {
        const auto start = std::chrono::steady_clock::now();
        recover_interrupted_swap(options_.database);
        // The lock on the live database keeps a second indexer out, rebuild or not.
        std::unique_ptr<DatabaseSink> live = open_sink(env_, options_.database);
        const std::string target =
            options_.rebuild ? options_.database + ".rebuild" : options_.database;
        if (options_.rebuild) fs::remove_all(target);
        {
            std::unique_ptr<DatabaseSink> rebuilt =
                options_.rebuild ? open_sink(env_, target) : nullptr;
            DatabaseSink& sink = rebuilt ? *rebuilt : *live;
            index_into(sink);
            sink.commit();
        }
        if (options_.rebuild) {
            live.reset();
            swap_in_rebuilt(target, options_.database);
        }
        stats_.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return stats_;
    }

  private:
    void index_into(DatabaseSink& sink) {
        schema::Settings settings = schema::read_settings(
            [&](const std::string& key) { return sink.get_metadata(key); }, true);
        settings.weights = options_.weights;
        for (const auto& [key, value] : schema::settings_metadata(settings))
            sink.set_metadata(key, value);

        WalkResult walked = walk(options_.roots);
        stats_.files_seen = walked.files.size();
        stats_.skipped = walked.skipped.size();
        for (const std::string& s : walked.skipped) observer_.warning(s + " (skipped)");

        std::map<std::string, FileRecord> manifest = load_manifest(sink);
        std::vector<Job> jobs;
        for (const SourceFile& file : walked.files) {
            auto it = manifest.find(file.relative);
            std::optional<FileRecord> previous;
            if (it != manifest.end()) {
                previous = it->second;
                manifest.erase(it);
                if (previous->size == file.size && previous->mtime_ns == file.mtime_ns) {
                    ++stats_.unchanged;
                    continue;
                }
            }
            jobs.push_back({&file, previous});
        }

        std::string dictionary = sink.get_metadata(schema::kDictionaryKey);
        if (dictionary.empty() && sink.doc_count() == 0 && !jobs.empty()) {
            dictionary = train_dictionary(jobs, options_, env_);
            sink.set_metadata(schema::kDictionaryKey, dictionary);
        }
        const StoredCodec codec(dictionary);

        const unsigned threads =
            std::max(1u, options_.threads ? options_.threads : std::thread::hardware_concurrency());
        size_t pending = 0;
        run_pipeline(jobs, options_, env_, codec,
                     std::min<size_t>(threads, std::max<size_t>(jobs.size(), 1)),
                     [&](const Job& job, FileOutcome& outcome) {
                         pending += write_file(sink, job, outcome);
                         if (pending >= kCommitEvery) {
                             sink.commit();
                             pending = 0;
                         }
                         observer_.progress(stats_, jobs.size());
                     });

        if (!options_.keep_missing)
            for (const auto& [path, record] : manifest) {
                sink.delete_all(file_term(path));
                sink.set_metadata(manifest_key(path), "");
                ++stats_.deleted;
            }
    }

    // Applies one file's outcome; returns the number of documents written.
    size_t write_file(DatabaseSink& sink, const Job& job, FileOutcome& outcome) {
        for (const std::string& w : outcome.warnings) observer_.warning(w);
        if (!outcome.error.empty()) {
            // Its articles from an earlier run stay: a bad new version loses nothing.
            observer_.warning(outcome.error);
            ++stats_.failed;
            return 0;
        }
        stats_.bytes += outcome.record.size;
        if (!outcome.same_content) {
            if (job.previous) sink.delete_all(file_term(job.file->relative));
            for (const auto& [term, doc] : outcome.docs) sink.replace(term, doc);
        }
        sink.set_metadata(manifest_key(outcome.record.path), encode_record(outcome.record));
        if (outcome.same_content) {
            ++stats_.unchanged;
            return 0;
        }
        ++(job.previous ? stats_.updated : stats_.added);
        observer_.indexed(job.file->relative, outcome.docs.size());
        stats_.articles += outcome.docs.size();
        return outcome.docs.size();
    }

    const IndexOptions& options_;
    Env& env_;
    IndexObserver& observer_;
    IndexStats stats_;
};

}  // namespace

IndexStats index_files(const IndexOptions& options, Env& env, IndexObserver& observer) {
    try {
        return Run(options, env, observer)();
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("database '{}': {}", options.database, e.get_description()));
    } catch (const fs::filesystem_error& e) {
        throw IndexError(e.what());
    }
}

}  // namespace gazette
