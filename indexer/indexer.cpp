#include "indexer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>  // renameat2
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "document.h"
#include "manifest.h"
#include "parts.h"
#include "queue.h"
#include "source.h"
#include "stored.h"
#include "text.h"
#include "walker.h"

namespace gazette {
namespace fs = std::filesystem;
namespace {

// Commit every this many documents: in Xapian 1.4 bigger batches are slower,
// and each commit bounds what a crash can cost.
constexpr size_t kCommitEvery = 1000;
// Articles handed to a builder at a time (100 measured best); with the queue
// capacities this bounds how many parsed articles and built documents are
// held in memory.
constexpr size_t kBatchArticles = 100;
// Articles parsed to train the stored-data dictionary of a new database.
constexpr size_t kTrainingArticles = 2000;

struct Job {
    const SourceFile* file;
    std::optional<FileRecord> previous;
};

// Part of one file's articles, on their way from the reader to a builder.
struct Batch {
    size_t job;
    size_t first;  // index of its first article in the file
    std::vector<Article> articles;
};

// Built documents (or, with none, just a file record) on their way to the
// single writer of an incremental run.
struct Built {
    size_t job;
    std::vector<std::pair<std::string, Xapian::Document>> docs;  // (id term, document)
};

// What the reader learnt about a file as a whole.
struct FileState {
    FileRecord record;
    size_t batches = 0;  // its articles come in this many batches
    bool same_content = false;
    bool failed = false;
};

std::vector<Article> parse_source(const SourceFile& file, std::string_view bytes,
                                  const IndexOptions& options, std::vector<std::string>& warnings) {
    ParseResult parsed = parse_articles(bytes, file.relative, options.format, options.parsers);
    for (std::string& w : parsed.warnings) warnings.push_back(file.relative + ": " + w);
    return std::move(parsed.articles);
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

std::map<std::string, FileRecord> load_manifest(const DatabaseSink& sink) {
    std::map<std::string, FileRecord> records;
    for (const std::string& key : sink.metadata_keys(kManifestPrefix))
        if (auto r = decode_record(sink.get_metadata(key))) records.emplace(r->path, *r);
    return records;
}

// Opens a database for writing; when another indexer holds it, either waits
// for it (saying so once) or fails with a message that says what to do.
std::unique_ptr<DatabaseSink> open_sink(Env& env, const std::string& path, bool wait,
                                        IndexObserver& observer) {
    for (bool said = false;; said = true) {
        try {
            return env.open_database(path);
        } catch (const Xapian::DatabaseLockError&) {
            if (!wait)
                throw IndexError(fmt::format(
                    "database '{}' is locked by another indexer; wait for it to finish (or use "
                    "--wait)",
                    path));
            if (!said) observer.warning("waiting for another indexer to finish with " + path);
            std::this_thread::sleep_for(std::chrono::milliseconds(250));
        } catch (const Xapian::Error& e) {
            throw IndexError(fmt::format("cannot open database '{}' for writing: {}", path,
                                         e.get_description()));
        }
    }
}

// A swap interrupted between its two renames leaves the old database beside
// the new one: put it back before anything else.
void recover_interrupted_swap(const std::string& database) {
    const fs::path old = database + ".old";
    if (!fs::exists(database) && fs::exists(old)) fs::rename(old, database);
}

// Puts the fresh database in the live one's place. Exchanging the two names
// in one step means a searcher always finds a whole database there; where the
// file system can't exchange, two renames do (see recover_interrupted_swap).
void swap_in(const std::string& fresh, const std::string& database) {
    if (fs::exists(database) &&
        renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, database.c_str(), RENAME_EXCHANGE) == 0) {
        fs::remove_all(fresh);  // the old database, now
        return;
    }
    const fs::path old = database + ".old";
    fs::remove_all(old);
    if (fs::exists(database)) fs::rename(database, old);
    fs::rename(fresh, database);
    fs::remove_all(old);
}

// Where a fresh build keeps its scratch parts and the merged database until
// the swap. An interrupted or failed build leaves them; they go as soon as the
// next run holds the lock, or when the build fails.
std::string parts_folder(const std::string& database) {
    return database + ".parts";
}
std::string rebuild_path(const std::string& database) {
    return database + ".rebuild";
}
void remove_leftovers(const std::string& database) {
    fs::remove_all(parts_folder(database));
    fs::remove_all(rebuild_path(database));
}

// Keeps a second indexer off a sharded database, which has no single Xapian
// database whose lock could do it.
class FileLock {
  public:
    FileLock(const std::string& path, bool wait, IndexObserver& observer)
        : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
        if (fd_ < 0) throw IndexError(fmt::format("cannot create {}: {}", path, strerror(errno)));
        if (flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
        if (!wait) {
            ::close(fd_);
            throw IndexError(fmt::format(
                "database '{}' is locked by another indexer; wait for it to finish (or use "
                "--wait)",
                path.substr(0, path.size() - 5)));
        }
        observer.warning("waiting for another indexer to finish with " + path);
        flock(fd_, LOCK_EX);
    }
    ~FileLock() { ::close(fd_); }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

  private:
    int fd_;
};

bool is_sharded(const std::string& database) {
    return fs::is_regular_file(fs::path(database) / "XAPIANDB");
}

// Serialises what threads tell the observer.
class SharedObserver {
  public:
    explicit SharedObserver(IndexObserver& observer) : observer_(observer) {}
    void warning(const std::string& m) {
        std::lock_guard lock(mutex_);
        observer_.warning(m);
    }
    void indexed(const std::string& path, size_t articles) {
        std::lock_guard lock(mutex_);
        observer_.indexed(path, articles);
    }
    void progress(const IndexStats& s, size_t files) {
        std::lock_guard lock(mutex_);
        observer_.progress(s, files);
    }

  private:
    IndexObserver& observer_;
    std::mutex mutex_;
};

class Run {
  public:
    Run(const IndexOptions& options, Env& env, IndexObserver& observer)
        : options_(options),
          env_(env),
          observer_(observer),
          threads_(std::max(
              1u, options.threads ? options.threads : std::thread::hardware_concurrency())) {}

    IndexStats operator()() {
        const auto start = std::chrono::steady_clock::now();
        recover_interrupted_swap(options_.database);
        if (is_sharded_build()) return sharded();
        if (is_sharded(options_.database))
            throw IndexError(
                fmt::format("'{}' is a sharded database: re-index it whole (--shards N or "
                            "--shard-by year), or merge it into one first with --compact",
                            options_.database));
        // Holding the live database keeps a second indexer out for the whole run.
        std::unique_ptr<DatabaseSink> live =
            open_sink(env_, options_.database, options_.wait, observer_);
        remove_leftovers(options_.database);
        std::map<std::string, FileRecord> manifest =
            options_.rebuild ? std::map<std::string, FileRecord>() : load_manifest(*live);
        plan(manifest);

        // A first build or a rebuild writes shards in parallel, compacts them
        // into a new database and swaps it in; later runs change the live one.
        if (options_.rebuild || (live->doc_count() == 0 && manifest.empty())) {
            set_dictionary(train_dictionary(jobs_, options_, env_));
            // Swap while still holding the old database's lock, so that a second
            // indexer can't open it in between and lose its work with it.
            swap_in(build_fresh_or_clean_up(), options_.database);
            live.reset();
        } else {
            set_dictionary(live->get_metadata(schema::kDictionaryKey));
            update(*live, manifest);
        }
        return finished(start);
    }

  private:
    // A sharded database is always built whole: each article goes to the
    // shard its id hashes to, and the shards are listed in a stub file
    // (XAPIANDB) inside the database folder.
    IndexStats sharded() {
        const auto start = std::chrono::steady_clock::now();
        const FileLock lock(options_.database + ".lock", options_.wait, observer_);
        remove_leftovers(options_.database);
        std::map<std::string, FileRecord> none;
        plan(none);
        set_dictionary(train_dictionary(jobs_, options_, env_));
        swap_in(build_fresh_or_clean_up(), options_.database);
        return finished(start);
    }

    IndexStats finished(std::chrono::steady_clock::time_point start) {
        stats_.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        stats_.articles = articles_;
        stats_.failed = failed_;
        return stats_;
    }

    // Files new or changed since the last run become jobs; the rest is counted.
    // What is left in the manifest afterwards are files that are gone.
    void plan(std::map<std::string, FileRecord>& manifest) {
        walked_ = walk(options_.roots);
        stats_.files_seen = walked_.files.size();
        stats_.skipped = walked_.skipped.size();
        for (const std::string& s : walked_.skipped) observer_.warning(s + " (skipped)");
        for (const SourceFile& file : walked_.files) {
            std::optional<FileRecord> previous;
            if (auto it = manifest.find(file.relative); it != manifest.end()) {
                previous = it->second;
                manifest.erase(it);
                if (previous->size == file.size && previous->mtime_ns == file.mtime_ns) {
                    ++stats_.unchanged;
                    continue;
                }
            }
            jobs_.push_back({&file, previous});
        }
        states_.resize(jobs_.size());
    }

    void set_dictionary(const std::string& dictionary) {
        codec_ = std::make_unique<StoredCodec>(dictionary);
        schema::Settings settings;
        settings.weights = options_.weights;
        metadata_ = schema::settings_metadata(settings);
        metadata_.emplace_back(schema::kDictionaryKey, dictionary);
    }

    // Reads and parses every job in order, handing articles on in batches.
    // Files that fail, or were touched without changing, send `settled` an
    // empty batch instead, so that every job ends in exactly one way.
    void read_all(BoundedQueue<Batch>& batches, BoundedQueue<Built>* settled) {
        for (size_t i = 0; i < jobs_.size(); ++i) {
            FileState& state = states_[i];
            std::vector<std::string> warnings;
            std::vector<Article> articles;
            try {
                articles = read_job(jobs_[i], state, warnings);
            } catch (const std::exception& e) {
                warnings.push_back(jobs_[i].file->relative + ": " + e.what());
                state.failed = true;
                ++failed_;
            }
            for (const std::string& w : warnings) shared_->warning(w);
            ++files_read_;
            if (state.failed || state.same_content) {
                if (settled && !settled->push({i, {}})) return;
                continue;
            }
            state.batches = (articles.size() + kBatchArticles - 1) / kBatchArticles;
            for (size_t b = 0; b < articles.size(); b += kBatchArticles) {
                const auto first = articles.begin() + b;
                const auto last = articles.begin() + std::min(articles.size(), b + kBatchArticles);
                if (!batches.push(
                        {i, b, {std::make_move_iterator(first), std::make_move_iterator(last)}}))
                    return;
            }
        }
    }

    std::vector<Article> read_job(const Job& job, FileState& state,
                                  std::vector<std::string>& warnings) {
        state.record = {job.file->relative, job.file->size, job.file->mtime_ns, 0, 0};
        std::string bytes = env_.read_file(job.file->path, options_.max_file_size);
        state.record.hash = content_hash(bytes);
        state.record.size = bytes.size();
        bytes_ += bytes.size();
        if (job.previous && job.previous->hash == state.record.hash) {
            state.same_content = true;
            state.record.articles = job.previous->articles;
            return {};
        }
        const std::string content =
            inflate(job.file->relative, std::move(bytes), options_.max_file_size);
        std::vector<Article> articles = parse_source(*job.file, content, options_, warnings);
        if (articles.empty()) throw ParseError("no articles found");
        state.record.articles = static_cast<unsigned>(articles.size());
        return articles;
    }

    // Runs the reader and one builder per thread, each builder calling
    // build(batch, its index), while this thread runs `main_loop`. The first
    // failure anywhere stops every stage and is rethrown here.
    template <typename Build, typename MainLoop>
    void run_stages(BoundedQueue<Batch>& batches, BoundedQueue<Built>* settled, Build build,
                    MainLoop main_loop) {
        std::exception_ptr failure;
        std::mutex failure_mutex;
        auto guarded = [&](auto body) {
            try {
                body();
            } catch (...) {
                std::lock_guard lock(failure_mutex);
                if (!failure) failure = std::current_exception();
                batches.abort();
                if (settled) settled->abort();
            }
        };
        {
            std::vector<std::jthread> threads;
            for (unsigned k = 0; k < threads_; ++k)
                threads.emplace_back([&, k] {
                    guarded([&] {
                        while (auto batch = batches.pop()) build(*batch, k);
                    });
                    --builders_running_;
                });
            threads.emplace_back([&] {
                guarded([&] { read_all(batches, settled); });
                batches.close();
            });
            guarded(main_loop);
        }
        if (failure) std::rethrow_exception(failure);
    }

    std::vector<std::unique_ptr<DocumentBuilder>> make_builders() const {
        std::vector<std::unique_ptr<DocumentBuilder>> builders;
        for (unsigned k = 0; k < threads_; ++k)
            builders.push_back(std::make_unique<DocumentBuilder>(options_.weights, *codec_));
        return builders;
    }

    IndexStats progress_snapshot() const {
        IndexStats s = stats_;
        s.articles = articles_;
        s.bytes = bytes_;
        s.added = files_read_ - failed_;
        s.failed = failed_;
        return s;
    }

    // A build that fails leaves nothing behind to fill the disk.
    std::string build_fresh_or_clean_up() {
        try {
            return build_fresh();
        } catch (...) {
            remove_leftovers(options_.database);
            throw;
        }
    }

    // First build or rebuild: each builder writes parts of its own (per shard,
    // with --shards), merged by compaction into one new database beside the
    // live one (or one per shard, under a stub). Returns its path.
    std::string build_fresh() {
        SharedObserver shared(observer_);
        shared_ = &shared;
        const std::string scratch = parts_folder(options_.database);
        fs::create_directories(scratch);
        // Each builder's writers, by the name of the shard they write for.
        std::vector<std::map<std::string, PartWriter>> writers(threads_);
        auto writer = [&](unsigned k, const std::string& shard) -> PartWriter& {
            auto it = writers[k].find(shard);
            if (it == writers[k].end())
                it = writers[k]
                         .try_emplace(shard, env_, fmt::format("{}/w{}-{}-", scratch, k, shard))
                         .first;
            return it->second;
        };
        auto builders = make_builders();
        BoundedQueue<Batch> batches(2 * threads_);
        builders_running_ = threads_;
        run_stages(
            batches, nullptr,
            [&](Batch& batch, unsigned k) {
                for (const Article& a : batch.articles)
                    writer(k, shard_of(a)).add(builders[k]->build(a), {batch.job, batch.first});
                articles_ += batch.articles.size();
            },
            [&] {
                while (builders_running_ > 0) {
                    shared.progress(progress_snapshot(), jobs_.size());
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
                }
            });
        std::set<std::string> shards = all_shards();
        for (auto& mine : writers)
            for (auto& [shard, w] : mine) {
                w.finish();
                shards.insert(shard);
            }
        auto shard_writers = [&](const std::string& shard) {
            std::vector<const PartWriter*> out;
            for (auto& mine : writers)
                if (auto it = mine.find(shard); it != mine.end()) out.push_back(&it->second);
            return out;
        };

        const std::string fresh = rebuild_path(options_.database);
        if (is_sharded_build()) {
            fs::create_directories(fresh);
            std::ofstream stub(fs::path(fresh) / "XAPIANDB");
            for (const std::string& shard : shards) {
                const std::string path = (fs::path(fresh) / shard).string();
                merge_parts(shard_writers(shard), path);
                finish_part(path, shard == *shards.begin());
                stub << "auto " << shard << '\n';
            }
        } else {
            merge_parts(shard_writers(""), fresh);
            finish_part(fresh, true);
        }
        fs::remove_all(scratch);
        shared_ = nullptr;
        return fresh;
    }

    bool is_sharded_build() const { return options_.shards > 1 || options_.shard_by_year; }

    // The shard an article goes to: by hash of its id (the same shard every
    // time), by year, or "" when the database is not sharded.
    std::string shard_of(const Article& a) const {
        if (options_.shard_by_year)
            return a.date.size() >= 4 ? "year" + a.date.substr(0, 4) : "undated";
        if (options_.shards > 1)
            return fmt::format("shard{}", schema::stable_hash(a.id) % options_.shards);
        return "";
    }

    // Shards that exist even with no articles: all N when sharding by hash,
    // and at least one when by year.
    std::set<std::string> all_shards() const {
        std::set<std::string> out;
        if (options_.shard_by_year) return {"undated"};
        for (unsigned s = 0; options_.shards > 1 && s < options_.shards; ++s)
            out.insert(fmt::format("shard{}", s));
        return out;
    }

    // Every part carries the settings and dictionary; the file records go
    // into one, as they describe the whole.
    void finish_part(const std::string& path, bool with_records) {
        Xapian::WritableDatabase out(path, Xapian::DB_OPEN);
        for (const auto& [key, value] : metadata_) out.set_metadata(key, value);
        if (with_records)
            for (size_t i = 0; i < jobs_.size(); ++i) settle(out, i);
        out.commit();
    }

    // Records a finished job and counts it; failed jobs keep their old record.
    template <typename Db>
    void settle(Db& db, size_t i) {
        const FileState& state = states_[i];
        if (state.failed) return;
        db.set_metadata(manifest_key(state.record.path), encode_record(state.record));
        stats_.bytes += state.record.size;
        if (state.same_content) {
            ++stats_.unchanged;
            return;
        }
        ++(jobs_[i].previous ? stats_.updated : stats_.added);
        shared_->indexed(state.record.path, state.record.articles);
    }

    // Later runs: builders hand documents to this thread, the single writer.
    // A file's old articles go before its first new one is written, and its
    // record after its last, so a crash between commits leaves the file
    // looking changed and the next run redoes it.
    void update(DatabaseSink& sink, const std::map<std::string, FileRecord>& gone) {
        SharedObserver shared(observer_);
        shared_ = &shared;
        for (const auto& [key, value] : metadata_) sink.set_metadata(key, value);
        auto builders = make_builders();
        BoundedQueue<Batch> batches(2 * threads_);
        BoundedQueue<Built> built(2 * threads_);
        builders_running_ = threads_;
        run_stages(
            batches, &built,
            [&](Batch& batch, unsigned k) {
                Built out{batch.job, {}};
                for (const Article& a : batch.articles)
                    out.docs.emplace_back(id_term(a.id), builders[k]->build(a));
                built.push(std::move(out));
            },
            [&] { write_all(sink, built, shared); });
        if (!options_.keep_missing)
            for (const auto& [path, record] : gone) {
                sink.delete_all(file_term(path));
                sink.set_metadata(manifest_key(path), "");
                ++stats_.deleted;
            }
        sink.commit();
        shared_ = nullptr;
    }

    void write_all(DatabaseSink& sink, BoundedQueue<Built>& built, SharedObserver& shared) {
        std::vector<size_t> written(jobs_.size(), 0);
        size_t finished = 0, pending = 0;
        while (finished < jobs_.size()) {
            std::optional<Built> item = built.pop();
            if (!item) return;  // aborted
            const size_t i = item->job;
            if (!item->docs.empty()) {
                if (written[i] == 0 && jobs_[i].previous)
                    sink.delete_all(file_term(jobs_[i].file->relative));
                for (const auto& [term, doc] : item->docs) sink.replace(term, doc);
                articles_ += item->docs.size();
                pending += item->docs.size();
            }
            if (item->docs.empty() || ++written[i] == states_[i].batches) {
                settle(sink, i);
                ++finished;
            }
            if (pending >= kCommitEvery) {
                sink.commit();
                pending = 0;
            }
            shared.progress(progress_snapshot(), jobs_.size());
        }
    }

    const IndexOptions& options_;
    Env& env_;
    IndexObserver& observer_;
    SharedObserver* shared_ = nullptr;
    IndexStats stats_;
    WalkResult walked_;
    std::vector<Job> jobs_;
    std::vector<FileState> states_;
    std::unique_ptr<StoredCodec> codec_;
    std::vector<std::pair<std::string, std::string>> metadata_;
    const unsigned threads_;  // builders
    std::atomic<size_t> articles_ = 0, bytes_ = 0, files_read_ = 0, failed_ = 0;
    std::atomic<unsigned> builders_running_ = 0;
};

}  // namespace

namespace {

template <typename Work>
auto with_plain_errors(const std::string& database, Work work) {
    try {
        return work();
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("database '{}': {}", database, e.get_description()));
    } catch (const fs::filesystem_error& e) {
        throw IndexError(e.what());
    }
}

// Compacts everything at `database` (one database, or all the shards its stub
// lists) into a new database beside it, then swaps that in.
void compact_and_swap(const std::string& database) {
    const std::string fresh = rebuild_path(database);
    fs::remove_all(fresh);
    try {
        Xapian::Database(database).compact(fresh, Xapian::Compactor::FULLER);
    } catch (...) {
        fs::remove_all(fresh);
        throw;
    }
    swap_in(fresh, database);
}

}  // namespace

IndexStats index_files(const IndexOptions& options, Env& env, IndexObserver& observer) {
    return with_plain_errors(options.database, [&] { return Run(options, env, observer)(); });
}

void compact_database(const std::string& database, bool wait, Env& env, IndexObserver& observer) {
    with_plain_errors(database, [&] {
        recover_interrupted_swap(database);
        if (!fs::exists(database)) throw IndexError("no database at '" + database + "'");
        if (is_sharded(database)) {
            const FileLock lock(database + ".lock", wait, observer);
            compact_and_swap(database);
        } else {
            const std::unique_ptr<DatabaseSink> live = open_sink(env, database, wait, observer);
            compact_and_swap(database);
        }
        return 0;
    });
}

}  // namespace gazette
