// A fresh build's scratch parts: cut small, merged level by level so a writer
// never holds many, and merged into one database at the end.
#include <xapian.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "document.h"
#include "parts.h"
#include "temp_dir.h"

using namespace gazette;

namespace {

Xapian::Document doc(const std::string& id, const std::string& text) {
    Xapian::Document d;
    d.add_boolean_term(id_term(id));
    d.set_data(text);
    return d;
}

// The data of the one document holding `id`.
std::string data_of(const Xapian::Database& db, const std::string& id) {
    BOOST_TEST_REQUIRE(db.get_termfreq(id_term(id)) == 1u, id);
    return db.get_document(*db.postlist_begin(id_term(id))).get_data();
}

}  // namespace

BOOST_AUTO_TEST_CASE(parts_are_merged_level_by_level_and_stay_few) {
    test::TempDir dir;
    PartWriter writer(default_env(), (dir.path / "w-").string(), {10, 5, 4});
    for (size_t i = 0; i < 1000; ++i)  // 100 parts of 10 documents
        writer.add(doc("n" + std::to_string(i), std::to_string(i)));
    writer.finish();
    // 100 = 1 * 64 + 2 * 16 + 1 * 4: one part of each size, in order.
    std::vector<unsigned> levels;
    for (const auto& part : writer.parts()) levels.push_back(part.level);
    BOOST_TEST(levels == (std::vector<unsigned>{3, 2, 2, 1}), boost::test_tools::per_element());
    const auto on_disk = std::distance(std::filesystem::directory_iterator(dir.path), {});
    BOOST_TEST(on_disk == std::ssize(writer.parts()));  // merged parts are removed

    merge_parts(default_env(), {&writer}, (dir.path / "out").string());
    const Xapian::Database out((dir.path / "out").string());
    BOOST_TEST(out.get_doccount() == 1000u);
    BOOST_TEST(data_of(out, "n0") == "0");
    BOOST_TEST(data_of(out, "n999") == "999");
}

BOOST_AUTO_TEST_CASE(parts_of_several_writers_merge_into_one_database) {
    test::TempDir dir;
    PartWriter first(default_env(), (dir.path / "a-").string(), {10, 5, 4});
    PartWriter second(default_env(), (dir.path / "b-").string(), {10, 5, 4});
    for (size_t i = 0; i < 900; ++i)
        ((i / 10) % 2 ? second : first).add(doc("n" + std::to_string(i), std::to_string(i)));
    first.finish();
    second.finish();
    merge_parts(default_env(), {&first, &second}, (dir.path / "out").string());
    const Xapian::Database out((dir.path / "out").string());
    BOOST_TEST(out.get_doccount() == 900u);
    BOOST_TEST(data_of(out, "n15") == "15");
}

BOOST_AUTO_TEST_CASE(no_parts_merge_into_an_empty_database) {
    test::TempDir dir;
    PartWriter none(default_env(), (dir.path / "a-").string());
    none.finish();
    merge_parts(default_env(), {&none}, (dir.path / "out").string());
    BOOST_TEST(Xapian::Database((dir.path / "out").string()).get_doccount() == 0u);
}
