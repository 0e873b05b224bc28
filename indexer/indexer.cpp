#include "indexer.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <system_error>

#include "database.h"
#include "db_files.h"
#include "fresh_build.h"
#include "manifest.h"
#include "pipeline.h"
#include "plan.h"
#include "source.h"
#include "update.h"

namespace gazette {
namespace fs = std::filesystem;
namespace {

// Articles parsed to train the stored-data dictionary of a new database.
constexpr size_t kTrainingArticles = 2000;

// What the live database says about itself.
struct State {
    bool built = false;   // holds a database of this schema version
    int old_version = 0;  // of a database of another version (0: none)
    std::string old_message;
    bool sharded = false;
    schema::Settings settings;
    Sharding sharding;
    RootSet roots;
    std::map<std::string, FileRecord> records;
    std::string dictionary;
};

std::vector<std::pair<std::string, std::string>> metadata_with_prefix(const Xapian::Database& db,
                                                                      std::string_view prefix) {
    std::vector<std::pair<std::string, std::string>> out;
    const std::string p(prefix);
    for (auto k = db.metadata_keys_begin(p); k != db.metadata_keys_end(p); ++k)
        out.emplace_back(*k, db.get_metadata(*k));
    return out;
}

// A database is a folder: a file given as one (a slip, or --db and a path
// swapped), a folder of other files, or a link to nothing (a disk not
// mounted) is refused before anything is read, never read as one or replaced.
void refuse_a_file(const DatabaseFiles& files) {
    const fs::path& live = files.live;
    if (fs::is_symlink(live) && !fs::exists(live))
        throw IndexError(fmt::format(
            "'{}' is a link to {}, which is not there (a disk not mounted?): mount it, or "
            "give --db another path",
            live.string(), fs::read_symlink(live).string()));
    if (fs::exists(live) && !fs::is_directory(live))
        throw IndexError(fmt::format(
            "'{}' is a file, not a database (a database is a folder): give --db another path",
            live.string()));
    if (fs::is_directory(live) && !fs::is_empty(live) && !fs::exists(live / "iamglass") &&
        !is_sharded(files))
        throw IndexError(fmt::format(
            "'{}' is a folder that holds no database: give --db a new path, or the path of a "
            "database",
            live.string()));
}

// What works on a database without indexing into it (and a run given no
// paths) needs one there, or one being built: a mistyped --db is said to be
// missing, and gets no lock file or empty database made for it.
void require_database(const DatabaseFiles& files, const std::string& database) {
    refuse_a_file(files);
    const std::vector<fs::path> all = files.all();
    if (std::none_of(all.begin(), all.end(),
                     [&](const fs::path& p) { return p != files.lock && fs::exists(p); }))
        throw IndexError(no_database_message(database));
}

// Reads the live database's settings, roots and, when asked, file records.
State read_state(const DatabaseFiles& files, bool with_records) {
    refuse_a_file(files);
    State state;
    // An empty folder made for it (mkdir db) is where a new database goes.
    if (!fs::exists(files.live) || fs::is_empty(files.live)) return state;
    state.sharded = is_sharded(files);
    const Xapian::Database db(files.live.string());
    try {
        state.settings =
            schema::read_settings([&](const std::string& key) { return db.get_metadata(key); });
    } catch (const std::runtime_error& e) {
        // No version at all: created, but the first build never finished.
        if (db.get_metadata(schema::kDictionaryKey).empty() && db.get_doccount() == 0) return state;
        state.old_version = 1;
        state.old_message = e.what();
        return state;
    }
    state.built = true;
    state.sharding = Sharding::parse(db.get_metadata(schema::kShardingKey));
    state.dictionary = db.get_metadata(schema::kDictionaryKey);
    state.roots = RootSet::from_metadata(metadata_with_prefix(db, schema::kRootKeyPrefix));
    if (with_records)
        for (const auto& [key, value] : metadata_with_prefix(db, schema::kFileKeyPrefix))
            if (auto r = decode_record(value)) state.records.emplace(r->key, std::move(*r));
    return state;
}

// Why a database can't be written, from the system ("" when it can).
std::string unwritable(const fs::path& path) {
    return ::access(path.c_str(), W_OK) == 0 ? "" : std::strerror(errno);
}

// Every writer takes the one lock beside the database before it touches
// anything, and holds it to the end. When another holds it: wait (saying so
// once) or fail with a message that says what to do.
std::unique_ptr<Lock> take_lock(Env& env, const DatabaseFiles& files, bool wait,
                                IndexObserver& observer) {
    const fs::path folder = files.live.parent_path();
    if (!fs::is_directory(folder))
        throw IndexError(fmt::format("cannot create database '{}': there is no folder {}",
                                     files.live.string(), folder.string()));
    refuse_a_file(files);
    std::unique_ptr<Lock> lock;
    try {
        lock = env.lock(files.lock, false);
        if (!lock) {
            if (!wait)
                throw IndexError(fmt::format(
                    "database '{}' is locked by another indexer; wait for it to finish (or use "
                    "--wait)",
                    files.live.string()));
            observer.warning("waiting for another indexer to finish with " + files.live.string());
            lock = env.lock(files.lock, true);
        }
    } catch (const std::system_error& e) {
        throw IndexError(fmt::format("cannot write to database '{}': {} (its lock file {})",
                                     files.live.string(), e.code().message(), files.lock.string()));
    }
    if (fs::exists(files.live))
        if (const std::string why = unwritable(files.live); !why.empty())
            throw IndexError(
                fmt::format("cannot write to database '{}': {}", files.live.string(), why));
    return lock;
}

// Opens the live database for an update; its own lock can only be held by a
// program that is not gazette-index, as this run holds Gazette's.
std::unique_ptr<DatabaseSink> open_for_update(Env& env, const DatabaseFiles& files) {
    try {
        return env.open_database(files.live.string());
    } catch (const Xapian::DatabaseLockError& e) {
        throw IndexError(fmt::format(
            "database '{}' is held by another program writing to it (not gazette-index): {}",
            files.live.string(), e.get_description()));
    }
}

// Runs work with Xapian's and the file system's errors as IndexErrors naming
// the database.
template <typename Work>
auto with_plain_errors(const std::string& database, Work work) {
    try {
        return work();
    } catch (const Xapian::Error& e) {
        throw IndexError(fmt::format("database '{}': {}", database, e.get_description()));
    } catch (const fs::filesystem_error& e) {
        throw IndexError(e.what());
    } catch (const std::system_error& e) {
        throw IndexError(e.what());
    }
}

// The metadata entry saying the database is being written now.
std::pair<std::string, std::string> updated_now() {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    return {schema::kUpdatedKey, fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now)};
}

// What a database records about itself, but for its file records and
// dictionary: settings, roots (and roots removed) and how it is sharded.
std::vector<std::pair<std::string, std::string>> database_metadata(const schema::Settings& settings,
                                                                   const RootSet& roots,
                                                                   const Sharding& sharding) {
    auto metadata = schema::settings_metadata(settings);
    for (auto& entry : roots.metadata()) metadata.push_back(std::move(entry));
    metadata.emplace_back(schema::kShardingKey, sharding.describe());
    metadata.push_back(updated_now());
    return metadata;
}

// What is at a root's path; nothing when that can't be told (a folder on
// the way can't be read): the root may be there, but not to be walked.
std::optional<FileInfo::Type> found_at(const Root& root, Env& env) {
    try {
        return env.file_info(root.path, true).type;
    } catch (const std::system_error&) {
        return std::nullopt;
    }
}

// Whether a root is there to be walked.
bool present(const Root& root, Env& env) {
    const auto type = found_at(root, env);
    return type && *type != FileInfo::Type::kMissing;
}

// Whether nothing is at a root's path (not merely a path that can't be read).
bool missing(const Root& root, Env& env) {
    return found_at(root, env) == FileInfo::Type::kMissing;
}

// Whether the file at `path` is the one `record` describes: the same file
// (its folder renamed), else the same bytes (copied to another disk).
bool unchanged_at(const fs::path& path, const FileRecord& record, Env& env) {
    try {
        const FileInfo info = env.file_info(path, true);
        if (info.type != FileInfo::Type::kRegular || info.size != record.size) return false;
        if (same_file(record, info)) return true;
        HashedFile file(env.open_file(path));
        return hash_to_end(file) == record.hash;
    } catch (const std::exception&) {
        return false;  // not there to read: no proof of a move
    }
}

class Run {
  public:
    Run(const IndexOptions& options, Env& env, IndexObserver& observer)
        : options_(options), env_(env), observer_(observer), files_(options.database) {}

    IndexStats operator()() {
        const auto start = std::chrono::steady_clock::now();
        if (options_.roots.empty()) require_database(files_, options_.database);
        const std::vector<fs::path> given = resolve_given();
        const auto lock = take_lock(env_, files_, options_.wait, observer_);
        recover(env_, files_);
        state_ = read_state(files_, true);
        check_version();
        roots_ = state_.roots;
        std::vector<RootPart> walk = roots_to_walk(given);

        const Sharding sharding = sharding_wanted();
        const schema::Settings settings = settings_wanted();
        const bool fresh =
            options_.rebuild || !state_.built || state_.sharded || sharding.sharded();
        if (!fresh && !(settings.weights == state_.settings.weights))
            throw IndexError(fmt::format(
                "database '{}' was built with headline weight {} and byline weight {}; new "
                "weights apply to every article, so add --rebuild to change them",
                files_.live.string(), state_.settings.weights.headline,
                state_.settings.weights.byline));
        if (!fresh && settings.language != state_.settings.language)
            throw IndexError(fmt::format(
                "database '{}' is in {}; a new language applies to every article, so add "
                "--rebuild to change it",
                files_.live.string(), state_.settings.language));

        const Plan plan = make_plan(plan_request(walk, fresh), env_);
        report(plan);
        if (plan.roots_failed == plan.roots_walked)
            throw IndexError("nothing could be indexed (see above); the database was not changed");

        const ReadSettings read{options_.format, options_.parsers, options_.max_file_size};
        Reporter reporter(observer_);
        Pipeline pipeline(plan.jobs, read, env_, reporter, options_.threads);
        auto metadata = database_metadata(settings, roots_, sharding);
        if (fresh) {
            write_fresh(pipeline, plan, reporter, metadata, settings, sharding);
        } else {
            const StoredCodec codec(state_.dictionary);
            const auto sink = open_for_update(env_, files_);
            update_in_place(*sink, metadata, settings, codec, pipeline, plan, reporter, stats_);
        }
        stats_.files_read = reporter.files_read;
        stats_.skipped += reporter.skipped_members;
        stats_.failed = reporter.failed;
        stats_.articles_unreadable = reporter.unreadable;
        stats_.articles_written = reporter.articles;
        stats_.bytes = reporter.bytes;
        stats_.unchanged += plan.unchanged.size();
        stats_.articles_stored = Xapian::Database(files_.live.string()).get_doccount();
        stats_.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return stats_;
    }

  private:
    // The paths given, canonical. A path that is not there may still name a
    // recorded root (an unmounted disk; or a root's name): the plan then
    // reports it. Anything else is reported here, before anything is touched.
    std::vector<fs::path> resolve_given() {
        const State peek = read_state(files_, false);
        std::vector<fs::path> out;
        for (const fs::path& p : options_.roots) {
            try {
                out.push_back(env_.canonical(p));
                continue;
            } catch (const std::system_error& e) {
                const fs::path absolute = fs::absolute(p).lexically_normal();
                if (const Root* r = peek.roots.find_path(absolute)) {
                    out.push_back(r->path);
                    continue;
                }
                if (const Root* r = peek.roots.find_name(p.string())) {
                    out.push_back(r->path);
                    continue;
                }
                if (const std::optional<fs::path> there = nearest_in_a_root(absolute, peek.roots)) {
                    observer_.warning(fmt::format(
                        "{}: {}; updating {} instead, the nearest folder above it in a root",
                        p.string(), e.code().message(), there->string()));
                    out.push_back(*there);
                    continue;
                }
                observer_.warning(fmt::format("{}: {}", p.string(), e.code().message()));
                ++stats_.problems;
            }
        }
        if (!options_.roots.empty() && out.empty())
            throw IndexError("nothing to index: no file or folder given is there");
        return out;
    }

    // For a path that is not there (a folder deleted, then given to be
    // updated): the nearest folder above it that is, canonical, when it
    // lies in a recorded root or is one.
    std::optional<fs::path> nearest_in_a_root(const fs::path& absolute, const RootSet& roots) {
        for (fs::path up = absolute.parent_path(); up.has_relative_path(); up = up.parent_path()) {
            fs::path canonical;
            try {
                if (env_.file_info(up, true).type == FileInfo::Type::kMissing) continue;
                canonical = env_.canonical(up);
            } catch (const std::system_error&) {
                return std::nullopt;  // said by the caller: the path is not there
            }
            if (roots.find_path(canonical) || roots.holding(canonical)) return canonical;
            return std::nullopt;
        }
        return std::nullopt;
    }

    void check_version() {
        if (state_.old_version == 0 || options_.rebuild) return;
        throw IndexError(fmt::format(
            "database '{}': {}. Its articles are named the old way (ids without their root's "
            "name), so it can't be updated: rebuild it with gazette-index --db {} --rebuild "
            "PATH...",
            files_.live.string(), state_.old_message, files_.live.string()));
    }

    // The roots given, new or recorded, and the parts of recorded roots
    // given (a path inside one updates what lies there), with the roots that
    // lie inside them; none given: every recorded root. Paths inside another
    // given become roots only after it ("A/x A" makes A a root and A/x a part
    // of it).
    std::vector<RootPart> roots_to_walk(const std::vector<fs::path>& given) {
        std::vector<RootPart> walk;
        const auto push = [&](const RootPart& part) {
            // A path given twice ("A A/ ./A"), or inside another given, is walked once.
            if (std::none_of(walk.begin(), walk.end(),
                             [&](const RootPart& w) { return w.covers(part); }))
                walk.push_back(part);
        };
        const auto add = [&](const fs::path& p) {
            if (const Root* holder = roots_.holding(p))
                push({*holder, p.lexically_relative(holder->path)});
            else if (const std::optional<Root> from = moved_to(p, given))
                push({follow(*from, p), ""});
            else
                push({roots_.add(p), ""});
        };
        const auto inside_another = [&](const fs::path& p) {
            return std::any_of(given.begin(), given.end(),
                               [&](const fs::path& q) { return p != q && within(p, q); });
        };
        try {
            for (const fs::path& p : given)
                if (!inside_another(p)) add(p);
            for (const fs::path& p : given)
                if (inside_another(p)) add(p);
        } catch (const RootError& e) {
            throw IndexError(e.what());
        }
        // Indexing a folder brings all of it up to date, the roots it holds too.
        for (const Root& r : roots_.roots())
            if (std::any_of(given.begin(), given.end(),
                            [&](const fs::path& p) { return r.path != p && within(r.path, p); }))
                push({r, ""});
        if (options_.roots.empty())
            for (const Root& r : roots_.roots()) walk.push_back({r, ""});
        if (walk.empty())
            throw IndexError(fmt::format(
                "database '{}' records no roots yet: give the files or folders to index",
                files_.live.string()));
        return walk;
    }

    // The recorded root that `path`, not yet a root, is: its folder moved or
    // renamed. The root is gone from its place, and every file of it is at
    // the same place inside `path`, unchanged (held-back files aside). A root
    // given this run is not looked for elsewhere, and a copy with any change
    // is no move: the old root then keeps its articles.
    std::optional<Root> moved_to(const fs::path& path, const std::vector<fs::path>& given) const {
        if (roots_.find_path(path)) return std::nullopt;
        for (const Root& root : roots_.roots()) {
            if (std::find(given.begin(), given.end(), root.path) != given.end() ||
                !missing(root, env_))
                continue;
            size_t files = 0;
            bool all = true;
            for (auto it = state_.records.lower_bound(root.name);
                 all && it != state_.records.end() && it->first.starts_with(root.name); ++it) {
                const auto& [key, record] = *it;
                if (!holds(root, key) || record.held) continue;
                const std::string inside = key.substr(std::min(key.size(), root.name.size() + 1));
                all = unchanged_at(inside.empty() ? path : path / inside, record, env_);
                ++files;
            }
            if (all && files > 0) return root;
        }
        return std::nullopt;
    }

    // The root `from`, moved to `path`, recorded there under its own name,
    // so that its articles keep their ids and nothing is read again.
    Root follow(const Root& from, const fs::path& path) {
        observer_.warning(fmt::format(
            "root '{}' moved from {} to {} (every one of its files is there, unchanged): it is "
            "indexed there under the same name, and its articles keep their ids",
            from.name, from.path.string(), path.string()));
        return roots_.move(from.name, path);
    }

    // The database's settings, but for what the options change.
    schema::Settings settings_wanted() const {
        schema::Settings s = state_.built ? state_.settings : schema::Settings{};
        s.version = schema::kVersion;
        s.weights.headline = options_.headline_weight.value_or(s.weights.headline);
        s.weights.byline = options_.byline_weight.value_or(s.weights.byline);
        s.language = options_.language.value_or(s.language);
        return s;
    }

    Sharding sharding_wanted() const {
        if (options_.shard_by_year) return {0, true};
        if (options_.shards > 0) return {options_.shards, false};
        return state_.sharding;
    }

    PlanRequest plan_request(const std::vector<RootPart>& walk, bool fresh) const {
        PlanRequest request;
        request.walk = walk;
        request.records = state_.records;
        request.rules.excluded = files_.all();
        for (const Root& r : roots_.roots()) request.rules.roots.push_back(r.path);
        request.rules.follow_symlinks = options_.follow_symlinks;
        request.rules.exclude = options_.exclude;
        request.rules.include = options_.include;
        request.read_all = fresh;
        request.keep_missing = options_.keep_missing;
        request.allow_mass_delete = options_.allow_mass_delete;
        return request;
    }

    void report(const Plan& plan) {
        for (const Skipped& s : plan.skipped) {
            if (s.expected)
                observer_.skipped(s.path, s.reason);
            else
                observer_.warning(s.path + ": " + s.reason + " (skipped)");
        }
        for (const std::string& p : plan.problems) observer_.warning(p);
        stats_.roots = plan.roots_walked;
        stats_.files_seen = plan.files_seen;
        stats_.skipped = plan.skipped.size();
        stats_.problems += plan.problems.size();
        stats_.kept = plan.kept.size();
    }

    // Builds a new database (carrying over the articles of files not read)
    // and swaps it in, still holding the lock so that no other writer can
    // slip in between.
    void write_fresh(Pipeline& pipeline, const Plan& plan, Reporter& reporter,
                     std::vector<std::pair<std::string, std::string>> metadata,
                     const schema::Settings& settings, const Sharding& sharding) {
        const std::string dictionary =
            StoredCodec::train_dictionary(pipeline.sample_articles(kTrainingArticles));
        metadata.emplace_back(schema::kDictionaryKey, dictionary);
        const StoredCodec codec(dictionary);
        std::optional<Xapian::Database> live;
        std::optional<StoredCodec> live_codec;
        if (state_.built) {  // what is not read again comes from there
            live.emplace(files_.live.string());
            live_codec.emplace(state_.dictionary);
        }
        const FreshBuild build{files_,
                               sharding,
                               settings,
                               codec,
                               std::move(metadata),
                               live ? &*live : nullptr,
                               live_codec ? &*live_codec : nullptr};
        const fs::path fresh = build_fresh(build, pipeline, plan, env_, reporter, stats_);
        live.reset();
        swap_in(env_, fresh, files_);
    }

    const IndexOptions& options_;
    Env& env_;
    IndexObserver& observer_;
    const DatabaseFiles files_;
    State state_;
    RootSet roots_;
    IndexStats stats_;
};

// Why --forget can't take `name`, and what to do instead: a path inside a
// root (`holder`) is part of it (its files go when they are deleted and the
// root is indexed again); anything else is listed by --roots.
std::string no_root_message(const std::string& database, const std::string& name,
                            const Root* holder) {
    if (holder)
        return fmt::format(
            "{} lies inside the root '{}' ({}), and --forget takes whole roots: to drop its "
            "articles, delete or move it, then run gazette-index --db {} {}",
            name, holder->name, holder->path.string(), database, holder->name);
    return fmt::format("database '{}' has no root '{}' (gazette-index --db {} --roots lists them)",
                       database, name, database);
}

}  // namespace

IndexStats index_files(const IndexOptions& options, Env& env, IndexObserver& observer) {
    return with_plain_errors(options.database, [&] { return Run(options, env, observer)(); });
}

void compact_database(const std::string& database, bool wait, Env& env, IndexObserver& observer) {
    with_plain_errors(database, [&] {
        const DatabaseFiles files(database);
        require_database(files, database);
        const auto lock = take_lock(env, files, wait, observer);
        recover(env, files);
        require_database(files, database);  // an interrupted first build leaves none
        try {
            env.compact(Xapian::Database(files.live.string()), files.rebuild);
            // One database now: later runs update it in place.
            const auto sink = env.open_database(files.rebuild.string());
            sink->set_metadata(schema::kShardingKey, "");
            const auto [key, value] = updated_now();
            sink->set_metadata(key, value);
            sink->commit();
        } catch (...) {
            std::error_code ignored;  // the error that matters is on its way
            fs::remove_all(files.rebuild, ignored);
            throw;
        }
        swap_in(env, files.rebuild, files);
        return 0;
    });
}

size_t forget_roots(const std::string& database, const std::vector<std::string>& names, bool wait,
                    Env& env, IndexObserver& observer) {
    return with_plain_errors(database, [&] {
        const DatabaseFiles files(database);
        require_database(files, database);
        const auto lock = take_lock(env, files, wait, observer);
        recover(env, files);
        require_database(files, database);  // an interrupted first build leaves none
        State state = read_state(files, true);
        if (!state.built)
            throw IndexError("no Gazette database of this version at '" + database + "'");
        size_t articles = 0;
        std::vector<FileRecord> forgotten;
        for (const std::string& name : names) {
            std::error_code ec;
            const fs::path canonical = fs::weakly_canonical(fs::absolute(name), ec);
            const Root* root = state.roots.find_name(name);
            if (!root && !ec) root = state.roots.find_path(canonical);
            if (!root)
                throw IndexError(
                    no_root_message(database, name, ec ? nullptr : state.roots.holding(canonical)));
            for (auto it = state.records.begin(); it != state.records.end();) {
                if (!holds(*root, it->first)) {
                    ++it;
                    continue;
                }
                articles += it->second.articles;
                forgotten.push_back(it->second);
                it = state.records.erase(it);
            }
            state.roots.remove(std::string(root->name));
        }
        if (state.sharded) {
            // Shards can only be written whole: rebuild them from what stays.
            Reporter reporter(observer);
            const std::vector<Job> none;
            const ReadSettings read;
            Pipeline pipeline(none, read, env, reporter, 1);
            Plan plan;
            for (const auto& [key, r] : state.records) plan.untouched.push_back(r);
            auto metadata = database_metadata(state.settings, state.roots, state.sharding);
            metadata.emplace_back(schema::kDictionaryKey, state.dictionary);
            const StoredCodec codec(state.dictionary);
            const Xapian::Database live(files.live.string());
            const FreshBuild build{
                files, state.sharding, state.settings, codec, std::move(metadata), &live, &codec};
            IndexStats ignored;
            swap_in(env, build_fresh(build, pipeline, plan, env, reporter, ignored), files);
            return articles;
        }
        const auto sink = open_for_update(env, files);
        for (const FileRecord& r : forgotten) {
            sink->delete_all(file_term(r.key));
            sink->set_metadata(record_key(r.key), "");
        }
        for (const auto& [key, value] : state.roots.metadata()) sink->set_metadata(key, value);
        const auto [key, value] = updated_now();
        sink->set_metadata(key, value);
        sink->commit();
        return articles;
    });
}

std::vector<RootSummary> list_roots(const std::string& database, Env& env) {
    return with_plain_errors(database, [&] {
        const DatabaseFiles files(database);
        require_database(files, database);
        const State state = read_state(files, true);
        if (state.old_version)
            throw IndexError(fmt::format("database '{}': {}", database, state.old_message));
        std::vector<RootSummary> out;
        for (const Root& root : state.roots.roots()) {
            RootSummary summary{root};
            for (const auto& [key, record] : state.records)
                if (holds(root, key)) {
                    ++summary.files;
                    summary.articles += record.articles;
                    if (record.held) summary.held += record.articles;
                }
            summary.present = present(root, env);
            out.push_back(summary);
        }
        return out;
    });
}

}  // namespace gazette
