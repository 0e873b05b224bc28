// How gazette-index talks while it works: warnings on stderr, a live progress
// line on a terminal (nothing in a pipe), and the summary at the end.
#pragma once

#include <chrono>
#include <cstdio>

#include "indexer.h"

namespace gazette {

enum class Verbosity { kQuiet, kNormal, kVerbose };

class ConsoleReporter : public IndexObserver {
  public:
    ConsoleReporter(std::FILE* out, Verbosity verbosity, bool live);
    void warning(const std::string& message) override;
    void skipped(const std::string& path, const std::string& reason) override;
    void indexed(const std::string& key, size_t articles) override;
    void progress(const IndexStats& so_far, size_t files_to_do) override;
    // The final line, printed whatever the verbosity.
    void summary(const IndexStats& stats);

  private:
    void clear_line();

    std::FILE* out_;
    Verbosity verbosity_;
    bool live_;
    bool line_shown_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace gazette
