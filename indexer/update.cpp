#include "update.h"

namespace gazette {
namespace {

// Commit every this many documents: in Xapian 1.4 bigger batches are slower,
// and each commit bounds what a crash can cost. A commit waits until no file
// is half written, so that the records committed account for every article;
// a big file can't make it wait past kCommitAtMost (its articles then come
// before its record, and the next run deletes them by its file term before
// it reads the file again).
constexpr size_t kCommitEvery = 1000;
constexpr size_t kCommitAtMost = 5000;

class Update {
  public:
    Update(DatabaseSink& sink, Pipeline& pipeline, Reporter& reporter, IndexStats& stats,
           DocumentBuilder& builder)
        : sink_(sink),
          pipeline_(pipeline),
          reporter_(reporter),
          stats_(stats),
          builder_(builder),
          written_(pipeline.jobs().size(), 0),
          ended_(pipeline.jobs().size(), false) {}

    // Writes what the builders hand over until every job is settled: a file
    // is, once the reader is done with it and all its batches are written.
    void write_all(BoundedQueue<Built>& built) {
        const size_t jobs = pipeline_.jobs().size();
        for (size_t finished = 0; finished < jobs;) {
            std::optional<Built> item = built.pop();
            if (!item) return;  // aborted
            const size_t i = item->job;
            if (item->end) {
                ended_[i] = true;
            } else {
                if (written_[i] == 0) ++half_written_;
                write(i, item->docs);
                ++written_[i];
            }
            if (ended_[i] && written_[i] == pipeline_.outcome(i).batches) {
                if (written_[i] > 0) --half_written_;
                settle(i);
                ++finished;
            }
            if (pending_ >= kCommitEvery && (half_written_ == 0 || pending_ >= kCommitAtMost)) {
                sink_.commit();
                pending_ = 0;
            }
            reporter_.progress(jobs);
        }
    }

    void delete_gone(const std::vector<FileRecord>& gone) {
        for (const FileRecord& r : gone) {
            sink_.delete_all(file_term(r.key));
            sink_.set_metadata(record_key(r.key), "");
            ++stats_.deleted;
            stats_.articles_deleted += r.articles;
        }
    }

  private:
    void write(size_t i, const std::vector<Xapian::Document>& docs) {
        const Job& job = pipeline_.jobs()[i];
        // Even a file with no record may have articles: a run killed between
        // a commit and the record's would otherwise leave them twice.
        if (written_[i] == 0) {
            sink_.delete_all(file_term(job.key));
            if (job.previous) stats_.articles_deleted += job.previous->articles;
        }
        for (const Xapian::Document& doc : docs) sink_.add(doc);
        reporter_.articles += docs.size();
        pending_ += docs.size();
    }

    // Records a finished file and counts it; a file that failed keeps its
    // old record and articles. An id given again late in the file gets its
    // last article now, in place of the first.
    void settle(size_t i) {
        const Job& job = pipeline_.jobs()[i];
        const Outcome& outcome = pipeline_.outcome(i);
        if (outcome.kind == Outcome::Kind::kFailed) {
            if (job.previous) ++stats_.kept;
            return;
        }
        for (const Article& a : outcome.late) {
            sink_.delete_all(id_term(a.id));
            sink_.add(builder_.build(a));
            ++pending_;
        }
        sink_.set_metadata(record_key(job.key), encode_record(outcome.record));
        if (outcome.kind == Outcome::Kind::kSameContent) {
            ++stats_.unchanged;
            return;
        }
        if (outcome.broke_off) return;  // counted as failed
        ++(job.previous ? stats_.updated : stats_.added);
        reporter_.indexed(job.key, outcome.record.articles);
    }

    DatabaseSink& sink_;
    Pipeline& pipeline_;
    Reporter& reporter_;
    IndexStats& stats_;
    DocumentBuilder& builder_;     // for late articles
    std::vector<size_t> written_;  // batches written, by job
    std::vector<bool> ended_;      // read to the end, by job
    size_t pending_ = 0;           // documents since the last commit
    size_t half_written_ = 0;      // files with some batches written, not yet settled
};

}  // namespace

void update_in_place(DatabaseSink& sink,
                     const std::vector<std::pair<std::string, std::string>>& metadata,
                     const schema::Settings& settings, const StoredCodec& codec, Pipeline& pipeline,
                     const Plan& plan, Reporter& reporter, IndexStats& stats) {
    for (const auto& [key, value] : metadata) sink.set_metadata(key, value);
    for (const FileRecord& r : plan.marks) sink.set_metadata(record_key(r.key), encode_record(r));
    DocumentBuilder late_builder(settings, codec);
    Update update(sink, pipeline, reporter, stats, late_builder);
    auto builders = pipeline.make_builders(settings, codec);
    BoundedQueue<Built> built(2 * pipeline.threads());
    pipeline.run(
        &built, true,
        [&](Batch& batch, unsigned k) {
            Built out{batch.job, {}};
            for (const Article& a : batch.articles) out.docs.push_back(builders[k]->build(a));
            built.push(std::move(out));
        },
        [&] { update.write_all(built); });
    update.delete_gone(plan.gone);
    sink.commit();
}

}  // namespace gazette
