// A full disk under the real gazette-index: it stops with exit code 2 and a
// plain "no space left" error naming the database; the database keeps
// everything committed before (a first build leaves none, a --rebuild the old
// one, an update every earlier commit, consistent with its file records);
// and the same command, once there is room, completes it into exactly what a
// clean build makes. The disk is a small tmpfs (tests/small_disk.h): mounted
// as root or in a user namespace, else the suite is skipped, saying why.
#include "crash_support.h"
#include "search.h"
#include "skip.h"
#include "small_disk.h"
#include "test_support.h"

using namespace gazette;
using namespace gazette::test;
namespace fs = std::filesystem;

namespace {

// Bytes in the files of a database folder.
uintmax_t size_of(const fs::path& db) {
    uintmax_t bytes = 0;
    for (const auto& entry : fs::recursive_directory_iterator(db))
        if (entry.is_regular_file()) bytes += entry.file_size();
    return bytes;
}

// Runs gazette-index, capturing what it says. Xapian 1.4 leaks the tables of a
// compaction that fails; LeakSanitizer is told to ignore leaks from inside it.
Output index_into(const TempDir& dir, const fs::path& db, const fs::path& src,
                  const std::string& extra = "") {
    const fs::path suppressions = dir.write("lsan.supp", "leak:libxapian.so\n");
    return run("LSAN_OPTIONS=suppressions=" + quote(suppressions.string()) + " " +
               bin("gazette-index") + " --quiet -j 2 " + extra + " --db " + quote(db.string()) +
               " " + quote(src.string()) + " 2>&1");
}

// What a full disk must get: exit code 2 and a message that says so and
// names the database.
void check_told_no_space(const Output& out, const fs::path& db) {
    BOOST_TEST(out.status == 2, out.out);
    BOOST_TEST(
        out.out.find("no space left for database '" + db.string() + "'") != std::string::npos,
        out.out);
    if (const auto detail = out.out.find("Detail: "); detail != std::string::npos)
        BOOST_TEST_MESSAGE(out.out.substr(detail));
}

void check_completes(const TempDir& dir, const fs::path& db, const fs::path& src,
                     const fs::path& clean, const std::string& extra = "") {
    const Output out = index_into(dir, db, src, extra);
    BOOST_TEST(out.status == 0, out.out);
    BOOST_TEST(out.out.find("failed 0") != std::string::npos, out.out);
    check_same(snapshot(db), snapshot(clean));
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_fresh_build_or_rebuild_on_a_full_disk_keeps_the_old_database_or_none,
                     *needs([] { return tmpfs_refused(); })) {
    TempDir dir;
    write_corpus(dir, 0, 2000);
    const fs::path src = dir.path / "src", clean = dir.path / "clean";
    BOOST_REQUIRE_EQUAL(index_now(clean, src), 0);
    const uintmax_t size = size_of(clean);

    // Room for the database but not for the parts it is made from...
    SmallDisk disk(dir.path / "disk", size);
    const fs::path db = disk.path() / "db";
    check_told_no_space(index_into(dir, db, src), db);
    BOOST_TEST(check_consistent(db) == 0u);
    // ...then for the parts but not for compacting them into the database.
    disk.resize(2 * size);
    check_told_no_space(index_into(dir, db, src), db);
    BOOST_TEST(check_consistent(db) == 0u);
    disk.resize(4 * size);
    check_completes(dir, db, src, clean);

    // A rebuild that fills the disk leaves the finished database as it was.
    disk.resize(disk.used() + size);
    check_told_no_space(index_into(dir, db, src, "--rebuild"), db);
    check_same(snapshot(db), snapshot(clean));
    disk.resize(disk.used() + 4 * size);
    check_completes(dir, db, src, clean, "--rebuild");
}

BOOST_AUTO_TEST_CASE(an_update_on_a_full_disk_keeps_every_commit_and_a_rerun_completes_it,
                     *needs([] { return tmpfs_refused(); })) {
    TempDir dir;
    write_corpus(dir, 0, 3000);
    const fs::path src = dir.path / "src", clean = dir.path / "clean";
    BOOST_REQUIRE_EQUAL(index_now(clean, src), 0);
    const uintmax_t size = size_of(clean);

    SmallDisk disk(dir.path / "disk", 4 * size);
    const fs::path db = disk.path() / "db";
    move_folders(src, dir.path / "later", 10, 30);
    BOOST_REQUIRE_EQUAL(index_now(db, src), 0);
    const Snapshot before = snapshot(db);
    move_folders(dir.path / "later", src, 10, 30);

    // The update adds 2,000 articles, two commits' worth. Room for one and a
    // half times what they add to the database (a commit writes new blocks
    // before it frees old ones) lets the first commit through, not the last.
    disk.resize(disk.used() + 3 * (size - size_of(db)) / 2);
    check_told_no_space(index_into(dir, db, src), db);
    const size_t committed = check_consistent(db);
    BOOST_TEST_MESSAGE(committed << " of 3000 articles committed when the disk filled");
    BOOST_TEST(committed > before.doc_count, "no commit of the update was kept");
    BOOST_TEST(committed < 3000u);
    const Snapshot after = snapshot(db);
    for (const auto& [id, dump] : before.docs)
        BOOST_TEST((after.docs.count(id) == 1 && after.docs.at(id) == dump), id << " was lost");
    try {
        Searcher searcher({db.string()});
        SearchRequest request;
        request.query = "harbor";
        BOOST_TEST(searcher.search(request).total > 0u);
    } catch (const std::exception& e) {
        BOOST_TEST(false, "the database does not open for searching: " << e.what());
    }

    disk.resize(disk.used() + 4 * size);
    check_completes(dir, db, src, clean);
}
