#include "db_files.h"

namespace gazette {
namespace fs = std::filesystem;
namespace {

fs::path with_suffix(const fs::path& live, const char* suffix) {
    fs::path out = live;
    out += suffix;
    return out;
}

}  // namespace

DatabaseFiles::DatabaseFiles(const fs::path& location) {
    // "db/" and "db" are one database: without the slash, so suffixes make
    // siblings ("db.lock"), never files inside it ("db/.lock").
    // A link to a database is resolved, so a swap replaces the database,
    // not the link.
    live = fs::weakly_canonical(fs::absolute(location)).lexically_normal();
    if (!live.has_filename()) live = live.parent_path();
    lock = with_suffix(live, ".lock");
    parts = with_suffix(live, ".parts");
    rebuild = with_suffix(live, ".rebuild");
    old = with_suffix(live, ".old");
}

std::vector<fs::path> DatabaseFiles::all() const {
    return {live, lock, parts, rebuild, old};
}

fs::path stub_file(const fs::path& folder) {
    return folder / "XAPIANDB";
}

bool is_sharded(const DatabaseFiles& files) {
    return fs::is_regular_file(stub_file(files.live));
}

void recover(Env& env, const DatabaseFiles& files) {
    if (!fs::exists(files.live) && fs::exists(files.old)) env.rename(files.old, files.live);
    env.remove_all(files.old);
    env.remove_all(files.parts);
    env.remove_all(files.rebuild);
}

void swap_in(Env& env, const fs::path& fresh, const DatabaseFiles& files) {
    if (fs::exists(files.live) && env.exchange(fresh, files.live)) {
        env.remove_all(fresh);  // the old database, now
        return;
    }
    env.remove_all(files.old);
    if (fs::exists(files.live)) env.rename(files.live, files.old);
    env.rename(fresh, files.live);
    env.remove_all(files.old);
}

}  // namespace gazette
