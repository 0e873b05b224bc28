// One database against the same articles in 4 shards served by 4
// xapian-tcpsrv processes on loopback: the same answers, and a clear error
// (or partial results) when a shard is down.
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "loopback.h"
#include "run_command.h"
#include "skip.h"
#include "temp_dir.h"
#include "test_support.h"

using namespace gazette;
using test::bin;
using test::quote;
using test::run;

namespace {

constexpr const char* kReuters = "data/reuters21578/articles.jsonl.zst";

const std::vector<std::string> kQueries = {"cocoa",           "oil prices",
                                           "bank of england", "wheat exports",
                                           "yen dollar",      "coffee quotas",
                                           "merger",          "opec output",
                                           "interest rates",  "date:1987-03-01..1987-03-31 sugar"};

struct Shards {
    test::TempDir dir;
    std::string one = (dir.path / "one").string(), sharded = (dir.path / "four").string();
    std::string stub = (dir.path / "remote.stub").string();
    std::vector<std::unique_ptr<test::Daemon>> servers{4};
    std::vector<int> ports = std::vector<int>(4);

    Shards() {
        const std::string reuters = test::shared_path(kReuters);
        BOOST_REQUIRE(
            run(bin("gazette-index") + " -q --db " + quote(one) + " " + quote(reuters)).status ==
            0);
        BOOST_REQUIRE(run(bin("gazette-index") + " -q --shards 4 --db " + quote(sharded) + " " +
                          quote(reuters))
                          .status == 0);
        for (int i = 0; i < 4; ++i) serve(i);
    }
    // Serves shard i on a free port, once it says it is listening, and lists
    // the ports in the stub.
    void serve(int i) {
        servers[i] = test::start_on_free_port(
            [&](int port) {
                return "xapian-tcpsrv --interface 127.0.0.1 --port " + std::to_string(port) + " " +
                       quote(sharded + "/shard" + std::to_string(i));
            },
            dir.path / ("shard" + std::to_string(i) + ".log"), "Listening...", ports[i]);
        std::ofstream out(stub);
        for (const int port : ports) out << "remote :127.0.0.1:" << port << "\n";
    }
    // Stops shard server i: once it has exited, its port takes no connection.
    void stop(int i) {
        servers[i]->stop();
        BOOST_REQUIRE_MESSAGE(!test::accepts(ports[i]), "shard " << i << " still answers");
    }

    test::Output search(const std::string& db, const std::string& query,
                        const std::string& extra = "") const {
        return run(bin("gazette-search") + " --format json -n 20 --facets section,year " + extra +
                   " --db " + quote(db) + " " + quote(query) + " 2>&1");
    }
};

// Every case serves shards of Reuters.
boost::unit_test::precondition needs_tcpsrv() {
    return test::needs([] {
        const std::string program = test::programs({"xapian-tcpsrv"})();
        return program.empty() ? test::shared_data({kReuters})() : program;
    });
}

// Built once: indexing Reuters twice under the sanitizers takes a while.
Shards& shards() {
    static Shards instance;
    return instance;
}

std::vector<std::string> ids(const nlohmann::json& j) {
    std::vector<std::string> out;
    for (const auto& h : j["hits"]) out.push_back(h["id"]);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(remote_shards_rank_and_count_facets_like_one_database, *needs_tcpsrv()) {
    const Shards& s = shards();
    for (const std::string& q : kQueries) {
        const auto local = s.search(s.one, q), remote = s.search(s.stub, q),
                   folder = s.search(s.sharded, q);
        BOOST_REQUIRE_MESSAGE(local.status == 0 && remote.status == 0 && folder.status == 0,
                              q << ": " << remote.out);
        const auto a = nlohmann::json::parse(local.out), b = nlohmann::json::parse(remote.out),
                   c = nlohmann::json::parse(folder.out);
        BOOST_TEST(!ids(a).empty(), q);
        BOOST_TEST(ids(a) == ids(b), q);
        BOOST_TEST(ids(a) == ids(c), q);
        BOOST_TEST(a["facets"] == c["facets"], q);
        // Remote shards can only run Xapian's own counter, which counts every
        // copy of a story: their facets say so.
        BOOST_TEST(!a.contains("facets_count_copies"), q);
        BOOST_TEST(b["facets_count_copies"] == true, q);
    }
}

BOOST_AUTO_TEST_CASE(shards_count_the_timeline_like_one_database, *needs_tcpsrv()) {
    const Shards& s = shards();
    const auto sum = [](const nlohmann::json& j) {
        size_t n = j["timeline_undated"].get<size_t>();
        for (const auto& period : j["timeline"]) n += period["count"].get<size_t>();
        return n;
    };
    const auto periods = [](const nlohmann::json& j) {
        std::vector<std::string> out;
        for (const auto& period : j["timeline"]) out.push_back(period["period"]);
        return out;
    };
    for (const std::string& q : kQueries) {
        const auto json = [&](const std::string& db, const std::string& extra) {
            return nlohmann::json::parse(s.search(db, q, "--timeline " + extra).out);
        };
        const auto one = json(s.one, ""), folder = json(s.sharded, "");
        BOOST_TEST(!one["timeline"].empty(), q);
        BOOST_TEST(one["timeline"] == folder["timeline"], q);
        BOOST_TEST(one["timeline_undated"] == folder["timeline_undated"], q);
        // Remote shards run Xapian's own counter, which counts every copy, as
        // their facets do, and say so. It also sees a few documents twice
        // (their facets count more than the matches too): the periods are the
        // same, the counts never fewer, and marked approximate when more.
        BOOST_TEST(json(s.stub, "")["timeline_counts_copies"] == true, q);
        const auto all = json(s.one, "--no-collapse"), remote = json(s.stub, "--no-collapse");
        BOOST_TEST(periods(all) == periods(remote), q);
        // How many more varies from run to run (128 matches counted 137 to 143).
        BOOST_TEST(sum(remote) >= sum(all), q << ": " << sum(remote) << " against " << sum(all));
        if (sum(remote) != sum(all)) BOOST_TEST(remote["timeline_approximate"] == true, q);
        BOOST_TEST(!remote.contains("timeline_counts_copies"), q);
    }
}

// With duplicates folded, Xapian's total is an estimate that differs between
// local and remote shards; without folding it is exact, and equal.
BOOST_AUTO_TEST_CASE(remote_shards_give_the_same_totals, *needs_tcpsrv()) {
    const Shards& s = shards();
    for (const std::string& q : kQueries) {
        const auto a = nlohmann::json::parse(s.search(s.one, q, "--no-collapse").out);
        const auto b = nlohmann::json::parse(s.search(s.stub, q, "--no-collapse").out);
        BOOST_TEST(a["total"] == b["total"], q);
    }
}

BOOST_AUTO_TEST_CASE(several_db_values_and_tcp_addresses_search_as_one, *needs_tcpsrv()) {
    const Shards& s = shards();
    std::string locations;
    for (int i = 0; i < 4; ++i) {
        const std::string shard = s.sharded + "/shard" + std::to_string(i);
        locations +=
            " --db " + quote(i % 2 ? shard : "tcp://127.0.0.1:" + std::to_string(s.ports[i]));
    }
    for (const std::string& q : kQueries) {
        const auto one = nlohmann::json::parse(s.search(s.one, q).out);
        const auto r = run(bin("gazette-search") + " --format json -n 20 --facets section,year" +
                           locations + " " + quote(q) + " 2>&1");
        BOOST_REQUIRE_MESSAGE(r.status == 0, q << ": " << r.out);
        BOOST_TEST(ids(nlohmann::json::parse(r.out)) == ids(one), q);
    }
}

// scripts/serve-shards, as a user runs it: a server per shard and one stub.
BOOST_AUTO_TEST_CASE(serve_shards_serves_every_shard_behind_one_stub, *needs_tcpsrv()) {
    const Shards& s = shards();
    const std::string stub = (s.dir.path / "served.stub").string();
    int base = 0;
    const auto served = test::start_on_free_port(
        [&](int port) {
            return GAZETTE_SOURCE_DIR "/scripts/serve-shards " + quote(s.sharded) + " " +
                   std::to_string(port) + " " + quote(stub);
        },
        s.dir.path / "serve-shards.log", "Serving 4 shards", base);
    BOOST_TEST(test::read_file(stub).find("remote :127.0.0.1:" + std::to_string(base + 3)) !=
               std::string::npos);
    for (const std::string& q : kQueries)
        BOOST_TEST(ids(nlohmann::json::parse(s.search(stub, q).out)) ==
                       ids(nlohmann::json::parse(s.search(s.one, q).out)),
                   q);
}

BOOST_AUTO_TEST_CASE(sharded_database_records_its_root, *needs_tcpsrv()) {
    const Shards& s = shards();
    const auto r = run(bin("gazette-index") + " --db " + quote(s.sharded) + " --roots 2>&1");
    BOOST_TEST(r.status == 0);
    BOOST_TEST(r.out.find("21578") != std::string::npos, r.out);
}

// gazette-search --batch - with pipes to its input and from its output (one
// JSON line an answer) and its errors to a file.
class Batch {
  public:
    Batch(const std::string& stub, const std::string& extra, const std::string& errors) {
        int in[2], out[2];
        BOOST_REQUIRE(pipe(in) == 0 && pipe(out) == 0);
        const std::string command = bin("gazette-search") + " --format json --batch - " + extra +
                                    " --db " + quote(stub) + " 2>" + quote(errors);
        pid_ = fork();
        if (pid_ == 0) {
            dup2(in[0], STDIN_FILENO);
            dup2(out[1], STDOUT_FILENO);
            for (int fd : {in[0], in[1], out[0], out[1]}) close(fd);
            execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        close(in[0]);
        close(out[1]);
        to_ = fdopen(in[1], "w");
        from_ = fdopen(out[0], "r");
    }
    ~Batch() {
        if (to_) fclose(to_);
        if (from_) fclose(from_);
    }
    // Sends one query and reads its answer.
    nlohmann::json ask(const std::string& qid, const std::string& query) {
        fprintf(to_, "%s\t%s\n", qid.c_str(), query.c_str());
        fflush(to_);
        char* line = nullptr;
        size_t size = 0;
        const bool got = getline(&line, &size, from_) > 0;
        const std::string answer = got ? line : "";
        free(line);
        return got ? nlohmann::json::parse(answer) : nlohmann::json();
    }
    // Closes its input and returns its exit code (-signal when killed).
    int finish() {
        fclose(to_);
        to_ = nullptr;
        int status = 0;
        waitpid(pid_, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }

  private:
    pid_t pid_;
    FILE* to_ = nullptr;
    FILE* from_ = nullptr;
};

BOOST_AUTO_TEST_CASE(a_shard_dying_mid_batch_is_an_error_not_a_crash, *needs_tcpsrv()) {
    Shards& s = shards();
    const std::string errors = (s.dir.path / "batch.err").string();
    Batch batch(s.stub, "", errors);
    BOOST_TEST(!batch.ask("1", "cocoa")["hits"].empty());
    s.stop(1);
    batch.ask("2", "oil prices");
    BOOST_TEST(batch.finish() == 2);  // not 134: no uncaught Xapian::NetworkError
    const std::string said = test::read_file(errors);
    BOOST_TEST(said.find("database failed") != std::string::npos, said);
    BOOST_TEST(said.find("terminate called") == std::string::npos, said);
    s.serve(1);
}

BOOST_AUTO_TEST_CASE(allow_partial_keeps_a_batch_going_when_a_shard_dies, *needs_tcpsrv()) {
    Shards& s = shards();
    const std::string errors = (s.dir.path / "batch.err").string();
    Batch batch(s.stub, "--allow-partial", errors);
    const auto whole = batch.ask("1", "cocoa");
    BOOST_TEST(!whole.contains("partial"));
    s.stop(3);
    const auto partial = batch.ask("2", "cocoa");
    BOOST_TEST(partial["partial"] == true);
    BOOST_TEST(!partial["hits"].empty());
    BOOST_TEST(partial["total"].get<int>() < whole["total"].get<int>());
    BOOST_TEST(batch.ask("3", "oil prices")["partial"] == true);
    BOOST_TEST(batch.finish() == 1);  // partial results
    const std::string said = test::read_file(errors);
    BOOST_TEST(said.find("query 2: partial results") != std::string::npos, said);
    s.serve(3);
}

BOOST_AUTO_TEST_CASE(shard_down_is_named_or_left_out_with_allow_partial, *needs_tcpsrv()) {
    Shards& s = shards();
    s.stop(2);
    const auto down = s.search(s.stub, "cocoa");
    BOOST_TEST(down.status == 2);
    BOOST_TEST(down.out.find("127.0.0.1:" + std::to_string(s.ports[2])) != std::string::npos,
               down.out);
    const auto partial = s.search(s.stub, "cocoa", "--allow-partial");
    BOOST_REQUIRE_EQUAL(partial.status, 1);  // partial results
    const auto j = nlohmann::json::parse(partial.out.substr(partial.out.find('{')));
    BOOST_TEST(j["partial"] == true);
    BOOST_TEST(!j["hits"].empty());
    s.serve(2);
}
