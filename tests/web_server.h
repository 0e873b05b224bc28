// What the suites that serve the page share: corpus/ indexed into a scratch
// database, and scripts/serve (lighttpd + gazette.cgi) over a database on a
// free port, waited for by its "Serving" line.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "loopback.h"
#include "run_command.h"
#include "temp_dir.h"

namespace gazette::test {

// Indexes corpus/ into the database `db`; throws with the indexer's output.
inline void index_corpus(const std::string& db) {
    const auto index = run(bin("gazette-index") + " --quiet --db " + quote(db) + " " +
                           quote(GAZETTE_SOURCE_DIR "/corpus") + " 2>&1");
    if (index.status != 0) throw std::runtime_error("indexing failed: " + index.out);
}

// scripts/serve on a free port over `db`, with the binaries of bin_dir and
// extra environment settings ("NAME=value ..."); stopped when it goes.
class WebServer {
  public:
    explicit WebServer(const std::string& db, const std::string& settings = "",
                       const std::string& bin_dir = GAZETTE_BIN_DIR) {
        serve_ = start_on_free_port(
            [&](int port) {
                return "env GAZETTE_BIN=" + quote(bin_dir) + " GAZETTE_DB=" + quote(db) + " " +
                       settings + " " GAZETTE_SOURCE_DIR "/scripts/serve " + std::to_string(port);
            },
            log_dir_.path / "serve.log", "Serving", port_);
    }
    int port() const { return port_; }
    pid_t pid() const { return serve_->pid(); }
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }

  private:
    TempDir log_dir_;
    int port_ = 0;
    std::unique_ptr<Daemon> serve_;
};

}  // namespace gazette::test
