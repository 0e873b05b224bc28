// Read replicas on loopback with Xapian's own replication (scripts/replicate:
// xapian-replicate-server and xapian-replicate): a replica answers every search
// exactly as its master, after the first copy and after each kind of update.
#include <boost/test/unit_test.hpp>
#include <memory>

#include "loopback.h"
#include "run_command.h"
#include "skip.h"
#include "temp_dir.h"

using namespace gazette;
using test::bin;
using test::quote;
using test::run;

namespace {

const std::vector<std::string> kQueries = {"harbor", "lighthouse", "desalination plant",
                                           "council budget", "zanzibar clove"};

// A master database of corpus/ (written with changesets when asked), served for
// replication on a free port, and a replica folder.
class Replication {
  public:
    explicit Replication(bool changesets) : changesets_(changesets) {
        std::filesystem::create_directories(dir_.path / "in" / "corpus");
        std::filesystem::copy(GAZETTE_SOURCE_DIR "/corpus", dir_.path / "in" / "corpus",
                              std::filesystem::copy_options::recursive);
        std::filesystem::create_directory(dir_.path / "master");
        index();
        server_ = test::start_on_free_port(
            [&](int port) {
                return GAZETTE_SOURCE_DIR "/scripts/replicate serve " +
                       quote((dir_.path / "master").string()) + " " + std::to_string(port);
            },
            dir_.path / "server.log", "Serving", port_);
    }

    // gazette-index on the master, as cron would run it.
    void index(const std::string& options = "") const {
        const auto r =
            run(std::string("env ") + (changesets_ ? "XAPIAN_MAX_CHANGESETS=10 " : "") +
                bin("gazette-index") + " --quiet " + options + " --db " + quote(master()) + " " +
                quote((dir_.path / "in" / "corpus").string()) + " 2>&1");
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.out);
    }

    void add_article() const {
        dir_.write("in/corpus/2024-06-zanzibar-cloves.txt",
                   "Zanzibar Clove Harvest Falls for a Third Year\nBy Amina Said\n2024-06-02\n\n"
                   "The zanzibar clove harvest fell again this season, growers said.\n");
    }

    // scripts/replicate pull, once; what xapian-replicate reported.
    std::string pull() const {
        const auto r =
            run(GAZETTE_SOURCE_DIR "/scripts/replicate pull 127.0.0.1:" + std::to_string(port_) +
                " news " + quote(replica()) + " 2>&1");
        BOOST_REQUIRE_MESSAGE(r.status == 0, r.out);
        return r.out;
    }

    std::string master() const { return (dir_.path / "master" / "news").string(); }
    std::string replica() const { return (dir_.path / "replica").string(); }

  private:
    test::TempDir dir_;
    bool changesets_;
    int port_ = 0;
    std::unique_ptr<test::Daemon> server_;
};

// As typed: before an update, its words find nothing, not their corrections.
std::string search(const std::string& db, const std::string& query) {
    const auto r = run(bin("gazette-search") +
                       " --no-correct --format json -n 50 --facets section,year --db " + quote(db) +
                       " " + quote(query) + " 2>&1");
    BOOST_REQUIRE_MESSAGE(r.status == 0, r.out);
    return r.out;
}

void check_same_answers(const Replication& r) {
    for (const auto& query : kQueries)
        BOOST_TEST(search(r.replica(), query) == search(r.master(), query), query);
}

boost::unit_test::precondition needs_replication_tools() {
    return test::needs(test::programs({"xapian-replicate", "xapian-replicate-server"}));
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_replica_answers_as_its_master, *needs_replication_tools()) {
    const Replication r(true);
    BOOST_TEST(r.pull().find("Update complete: 1 copies") != std::string::npos);
    check_same_answers(r);
    BOOST_TEST(search(r.replica(), "harbor").find("\"hits\":[{") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_update_reaches_the_replica_as_a_changeset, *needs_replication_tools()) {
    const Replication r(true);
    r.pull();
    r.add_article();
    r.index();
    BOOST_TEST(search(r.replica(), "zanzibar clove").find("\"total\":0") != std::string::npos);
    const std::string report = r.pull();
    BOOST_TEST(report.find("Update complete: 0 copies") != std::string::npos, report);
    BOOST_TEST(report.find(" 0 changesets") == std::string::npos, report);
    check_same_answers(r);
    BOOST_TEST(search(r.replica(), "zanzibar clove").find("zanzibar-cloves") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(without_changesets_an_update_is_a_full_copy, *needs_replication_tools()) {
    const Replication r(false);
    r.pull();
    r.add_article();
    r.index();
    const std::string report = r.pull();
    BOOST_TEST(report.find("Update complete: 1 copies") != std::string::npos, report);
    check_same_answers(r);
    BOOST_TEST(search(r.replica(), "zanzibar clove").find("zanzibar-cloves") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_rebuilt_master_reaches_the_replica_as_a_full_copy,
                     *needs_replication_tools()) {
    const Replication r(true);
    r.pull();
    r.add_article();
    r.index("--rebuild");
    const std::string report = r.pull();
    BOOST_TEST(report.find("Update complete: 1 copies") != std::string::npos, report);
    check_same_answers(r);
}
