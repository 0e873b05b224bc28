#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include "temp_dir.h"
#include "walker.h"

using namespace gazette;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> relatives(const WalkResult& r) {
    std::vector<std::string> out;
    for (const SourceFile& f : r.files) out.push_back(f.relative);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(files_found_recursively_in_stable_order) {
    test::TempDir d;
    d.write("b/2.txt", "x");
    d.write("a.txt", "x");
    d.write("b/1.txt", "x");
    BOOST_TEST(relatives(walk({d.path})) ==
               (std::vector<std::string>{"a.txt", "b/1.txt", "b/2.txt"}));
}

BOOST_AUTO_TEST_CASE(hidden_and_backup_files_skipped) {
    test::TempDir d;
    d.write("keep.txt", "x");
    d.write(".hidden.txt", "x");
    d.write(".git/config", "x");
    d.write("draft.txt~", "x");
    d.write("#autosave#", "x");
    d.write("notes.swp", "x");
    BOOST_TEST(relatives(walk({d.path})) == (std::vector<std::string>{"keep.txt"}));
}

BOOST_AUTO_TEST_CASE(fifo_and_dangling_link_skipped_with_reason) {
    test::TempDir d;
    d.write("ok.txt", "x");
    BOOST_REQUIRE(mkfifo((d.path / "pipe").c_str(), 0600) == 0);
    fs::create_symlink(d.path / "missing", d.path / "dangling");
    const WalkResult r = walk({d.path});
    BOOST_TEST(relatives(r) == (std::vector<std::string>{"ok.txt"}));
    BOOST_TEST(r.skipped.size() == 2u);
}

BOOST_AUTO_TEST_CASE(symlink_loop_does_not_trap_the_walk) {
    test::TempDir d;
    d.write("sub/ok.txt", "x");
    fs::create_directory_symlink(d.path, d.path / "sub" / "loop");
    BOOST_TEST(relatives(walk({d.path})) == (std::vector<std::string>{"sub/ok.txt"}));
}

BOOST_AUTO_TEST_CASE(file_root_named_by_its_file_name) {
    test::TempDir d;
    const auto file = d.write("deep/story.txt", "x");
    BOOST_TEST(relatives(walk({file})) == (std::vector<std::string>{"story.txt"}));
}
