#include "fresh_build.h"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <map>
#include <thread>

#include "parts.h"

namespace gazette {
namespace fs = std::filesystem;

std::string Sharding::shard_of(std::string_view id, std::string_view year) const {
    if (by_year) return year.size() == 4 ? "year" + std::string(year) : "undated";
    if (by_hash > 1) return fmt::format("shard{}", schema::stable_hash(id) % by_hash);
    return "";
}

std::set<std::string> Sharding::always() const {
    if (by_year) return {"undated"};
    std::set<std::string> out;
    for (unsigned s = 0; by_hash > 1 && s < by_hash; ++s) out.insert(fmt::format("shard{}", s));
    return out;
}

std::string Sharding::describe() const {
    if (by_year) return "year";
    return by_hash > 1 ? fmt::format("hash {}", by_hash) : "";
}

Sharding Sharding::parse(std::string_view recorded) {
    Sharding s;
    if (recorded == "year") s.by_year = true;
    if (recorded.starts_with("hash ")) s.by_hash = std::stoul(std::string(recorded.substr(5)));
    return s;
}

namespace {

std::string_view year_of(std::string_view iso_date) {
    return iso_date.substr(0, iso_date.size() >= 4 ? 4 : 0);
}

class Fresh {
  public:
    Fresh(const FreshBuild& build, Pipeline& pipeline, const Plan& plan, Env& env,
          Reporter& reporter, IndexStats& stats)
        : build_(build),
          pipeline_(pipeline),
          plan_(plan),
          env_(env),
          reporter_(reporter),
          stats_(stats),
          writers_(pipeline.threads()) {}

    fs::path run() {
        fs::create_directories(build_.files.parts);
        CarryOver carry{build_.live, build_.live_codec, plan_.kept};
        carry.records.insert(carry.records.end(), plan_.untouched.begin(), plan_.untouched.end());
        if (build_.live)
            pipeline_.carry_over(carry);
        else if (!carry.records.empty())
            throw std::logic_error("articles to carry over, but no database to take them from");
        write_all();
        for (size_t i = 0; i < pipeline_.jobs().size(); ++i) settle(i);
        records_.insert(records_.end(), carry.records.begin(), carry.records.end());
        for (const FileRecord& r : plan_.gone) {
            ++stats_.deleted;
            stats_.articles_deleted += r.articles;
        }
        for (auto& mine : writers_)
            for (auto& [shard, w] : mine) w.finish();
        const fs::path fresh = merge();
        replace_late(fresh);
        env_.remove_all(build_.files.parts);
        return fresh;
    }

  private:
    PartWriter& writer(unsigned k, const std::string& shard) {
        auto it = writers_[k].find(shard);
        if (it == writers_[k].end()) {
            const std::string prefix = (build_.files.parts / fmt::format("w{}-{}-", k, shard));
            it = writers_[k].try_emplace(shard, env_, prefix).first;
        }
        return it->second;
    }

    void write_all() {
        auto builders = pipeline_.make_builders(build_.settings, build_.codec);
        pipeline_.run(
            nullptr, false,
            [&](Batch& batch, unsigned k) {
                for (const Article& a : batch.articles)
                    writer(k, build_.sharding.shard_of(a.id, year_of(a.date)))
                        .add(builders[k]->build(a));
                if (batch.job != kCarried) reporter_.articles += batch.articles.size();
            },
            [&] {
                while (pipeline_.building()) {
                    reporter_.progress(pipeline_.jobs().size());
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
                }
            });
    }

    // Records a file read in this run and counts it; a file that failed to
    // read keeps the articles it had (the reader carried them over).
    void settle(size_t i) {
        const Job& job = pipeline_.jobs()[i];
        const Outcome& outcome = pipeline_.outcome(i);
        if (outcome.kind != Outcome::Kind::kArticles) {
            if (job.previous) records_.push_back(*job.previous);
            return;
        }
        records_.push_back(outcome.record);
        if (outcome.broke_off) return;  // counted as failed
        if (!job.previous) {
            ++stats_.added;
        } else if (job.previous->hash == outcome.record.hash) {
            ++stats_.unchanged;
        } else {
            ++stats_.updated;
            stats_.articles_deleted += job.previous->articles;
        }
        reporter_.indexed(job.key, outcome.record.articles);
    }

    // An id given again late in a file gets its last article in place of
    // its first (FileRead::late), in whichever shard each of them went to.
    void replace_late(const fs::path& fresh) {
        std::vector<const Article*> late;
        for (size_t i = 0; i < pipeline_.jobs().size(); ++i)
            for (const Article& a : pipeline_.outcome(i).late) late.push_back(&a);
        if (late.empty()) return;
        std::map<std::string, std::unique_ptr<DatabaseSink>> shards;
        if (!build_.sharding.sharded())
            shards[""] = env_.open_database(fresh.string());
        else
            for (const auto& entry : fs::directory_iterator(fresh))
                if (entry.is_directory())
                    shards[entry.path().filename()] = env_.open_database(entry.path().string());
        DocumentBuilder builder(build_.settings, build_.codec);
        for (const Article* a : late) {
            for (auto& [name, sink] : shards) sink->delete_all(id_term(a->id));
            shards.at(build_.sharding.shard_of(a->id, year_of(a->date)))->add(builder.build(*a));
        }
        for (auto& [name, sink] : shards) sink->commit();
    }

    std::vector<const PartWriter*> writers_of(const std::string& shard) const {
        std::vector<const PartWriter*> out;
        for (const auto& mine : writers_)
            if (auto it = mine.find(shard); it != mine.end()) out.push_back(&it->second);
        return out;
    }

    // One database, or one per shard under a stub file listing them.
    fs::path merge() {
        const fs::path& fresh = build_.files.rebuild;
        if (!build_.sharding.sharded()) {
            merge_parts(env_, writers_of(""), fresh.string());
            finish_shard(fresh, true);
            return fresh;
        }
        std::set<std::string> shards = build_.sharding.always();
        for (const auto& mine : writers_)
            for (const auto& [shard, w] : mine) shards.insert(shard);
        fs::create_directories(fresh);
        std::ofstream stub(stub_file(fresh));
        for (const std::string& shard : shards) {
            merge_parts(env_, writers_of(shard), (fresh / shard).string());
            finish_shard(fresh / shard, shard == *shards.begin());
            stub << "auto " << shard << '\n';
        }
        stub.close();
        if (!stub) throw std::runtime_error("cannot write " + stub_file(fresh).string());
        return fresh;
    }

    // Every shard carries the settings and dictionary; the file records go
    // into the first, as they describe the whole.
    void finish_shard(const fs::path& path, bool with_records) {
        const auto sink = env_.open_database(path.string());
        for (const auto& [key, value] : build_.metadata) sink->set_metadata(key, value);
        if (with_records)
            for (const FileRecord& r : records_)
                sink->set_metadata(record_key(r.key), encode_record(r));
        sink->commit();
    }

    const FreshBuild& build_;
    Pipeline& pipeline_;
    const Plan& plan_;
    Env& env_;
    Reporter& reporter_;
    IndexStats& stats_;
    // Each builder's writers, by shard name.
    std::vector<std::map<std::string, PartWriter>> writers_;
    std::vector<FileRecord> records_;
};

}  // namespace

fs::path build_fresh(const FreshBuild& build, Pipeline& pipeline, const Plan& plan, Env& env,
                     Reporter& reporter, IndexStats& stats) {
    try {
        return Fresh(build, pipeline, plan, env, reporter, stats).run();
    } catch (...) {
        // Nothing of a failed build is left to fill the disk.
        std::error_code ignored;
        fs::remove_all(build.files.parts, ignored);
        fs::remove_all(build.files.rebuild, ignored);
        throw;
    }
}

}  // namespace gazette
