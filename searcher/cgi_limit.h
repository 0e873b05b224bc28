// How many gazette.cgi processes may search at once. A web server starts one
// process per request and lighttpd, for one, has no cap on them: under a crowd
// they pile up until memory and the run queue give out (wrk -c500 ran 418 at
// once). A process must hold one of N slots to search; one that finds none
// answers 503 at once instead of joining the queue.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config_file.h"

namespace gazette::cgi {

struct Limits {
    size_t max_concurrent = 0;      // searches at once; 0: no cap
    std::filesystem::path run_dir;  // where the slot files are
};

// Two searches per core: a search is CPU-bound, so more at once only lengthens
// each one, and two keep a core busy while the other reads from disk.
size_t default_max_concurrent();

// The slot files' folder when none is configured: private to this user, as
// /tmp/gazette.cgi-UID.
std::filesystem::path default_run_dir();

// From the server's environment (GAZETTE_MAX_CONCURRENT, GAZETTE_RUN_DIR), else
// the last "max-concurrent" and "run-dir" of config entries under [cgi] (not at
// the top: those lines are for every tool, and the others have no such
// options), else the defaults. Throws ConfigError for a value that is not a whole
// number from 0 to 100000 or a run-dir that is not absolute, naming where it came from.
Limits read_limits(const std::vector<ConfigEntry>& entries,
                   const std::map<std::string, std::string>& env);

// One of N slots, held until destroyed or until the process dies (an flock'd
// file: the kernel releases it with the process, so a crashed or killed search
// never leaks one).
class Slot {
  public:
    // A free slot among the n files run_dir/slot.0 ... slot.(n-1), or nothing
    // when all n are held. Makes run_dir (mode 0700) when missing. Throws
    // std::runtime_error when the folder can't be used: not a folder, a symlink,
    // someone else's, writable by others, or unwritable.
    static std::optional<Slot> take(const std::filesystem::path& run_dir, size_t n);

    Slot(Slot&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    ~Slot();

  private:
    explicit Slot(int fd) : fd_(fd) {}
    int fd_;
};

}  // namespace gazette::cgi
