#include "progress.h"

#include <fmt/format.h>

#include "text.h"

namespace gazette {

ConsoleReporter::ConsoleReporter(std::FILE* out, Verbosity verbosity, bool live)
    : out_(out),
      verbosity_(verbosity),
      live_(live && verbosity != Verbosity::kQuiet),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void ConsoleReporter::clear_line() {
    if (line_shown_) fmt::print(out_, "\r\033[K");
    line_shown_ = false;
}

// Warnings print at every verbosity: a file that failed must never pass unseen.
void ConsoleReporter::warning(const std::string& message) {
    clear_line();
    fmt::print(out_, "warning: {}\n", one_line(message));
}

void ConsoleReporter::skipped(const std::string& path, const std::string& reason) {
    if (verbosity_ != Verbosity::kVerbose) return;
    clear_line();
    fmt::print(out_, "skipped {} ({})\n", one_line(path), reason);
}

void ConsoleReporter::indexed(const std::string& key, size_t articles) {
    if (verbosity_ != Verbosity::kVerbose) return;
    clear_line();
    fmt::print(out_, "indexed {} ({} article{})\n", one_line(key), articles,
               articles == 1 ? "" : "s");
}

void ConsoleReporter::progress(const IndexStats& s, size_t files_to_do) {
    const auto now = std::chrono::steady_clock::now();
    const size_t done = s.added;  // files read so far
    if (!live_ || (now - last_ < std::chrono::milliseconds(200) && done < files_to_do)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    // By bytes, not files: one big file is most of some runs.
    const double rate = seconds > 0 ? static_cast<double>(s.bytes) / seconds : 0;
    const double left =
        s.bytes_to_read > s.bytes ? static_cast<double>(s.bytes_to_read - s.bytes) : 0;
    const double eta = rate > 0 ? left / rate : 0;
    fmt::print(
        out_, "\r\033[Kfiles {}/{}  articles {}  {:.1f}/{:.1f} MB  {:.0f} articles/s  ETA {}:{:02}",
        done, files_to_do, s.articles_written, s.bytes / 1e6, s.bytes_to_read / 1e6,
        seconds > 0 ? s.articles_written / seconds : 0, static_cast<int>(eta) / 60,
        static_cast<int>(eta) % 60);
    std::fflush(out_);
    line_shown_ = true;
}

void ConsoleReporter::summary(const IndexStats& s) {
    clear_line();
    std::string files = fmt::format("added {}, updated {}, deleted {}, unchanged {}, failed {}",
                                    s.added, s.updated, s.deleted, s.unchanged, s.failed);
    if (s.kept > 0) files += fmt::format(", kept {}", s.kept);
    if (s.skipped > 0) files += fmt::format(", skipped {}", s.skipped);
    std::string articles = fmt::format("{} stored, {} written, {} deleted", s.articles_stored,
                                       s.articles_written, s.articles_deleted);
    if (s.articles_unreadable > 0)
        articles += fmt::format(", {} unreadable", s.articles_unreadable);
    fmt::print(out_, "files: {}. articles: {}. {:.1f} MB read in {:.2f} s ({:.0f} articles/s)\n",
               files, articles, s.bytes / 1e6, s.seconds,
               s.seconds > 0 ? s.articles_written / s.seconds : 0);
}

}  // namespace gazette
