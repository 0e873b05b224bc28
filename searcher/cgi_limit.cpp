#include "cgi_limit.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace gazette::cgi {
namespace {

constexpr size_t kMostConcurrent = 100000;

size_t read_count(const std::string& text, const std::string& where) {
    size_t n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (error != std::errc() || end != text.data() + text.size() || n > kMostConcurrent)
        throw ConfigError(
            fmt::format("{}: max-concurrent must be a whole number from 0 (no cap) to {}, not '{}'",
                        where, kMostConcurrent, text));
    return n;
}

std::filesystem::path read_dir(const std::string& text, const std::string& where) {
    if (!text.starts_with('/'))
        throw ConfigError(
            fmt::format("{}: run-dir must be an absolute path, not '{}'", where, text));
    return text;
}

std::runtime_error failure(const std::filesystem::path& dir, const std::string& why) {
    return std::runtime_error(
        fmt::format("cannot use {} for the search slots: {}", dir.string(), why));
}

// The folder exists, is ours and no one else can write in it, so no one else can
// plant a slot file (or a link in its place) there.
void check_run_dir(const std::filesystem::path& dir) {
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) throw failure(dir, std::strerror(errno));
    struct stat st {};
    if (lstat(dir.c_str(), &st) != 0) throw failure(dir, std::strerror(errno));
    if (!S_ISDIR(st.st_mode)) throw failure(dir, "not a folder (or a symbolic link)");
    if (st.st_uid != geteuid()) throw failure(dir, "it belongs to another user");
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) throw failure(dir, "others may write in it");
}

}  // namespace

size_t default_max_concurrent() {
    return 2 * std::max(1u, std::thread::hardware_concurrency());
}

std::filesystem::path default_run_dir() {
    return std::filesystem::temp_directory_path() / fmt::format("gazette.cgi-{}", geteuid());
}

Limits read_limits(const std::vector<ConfigEntry>& entries,
                   const std::map<std::string, std::string>& env) {
    Limits limits{default_max_concurrent(), default_run_dir()};
    for (const ConfigEntry& e : entries) {
        if (e.section != "cgi") continue;  // top-level lines are for every tool
        if (e.name == "max-concurrent") limits.max_concurrent = read_count(e.value, e.where());
        if (e.name == "run-dir") limits.run_dir = read_dir(e.value, e.where());
    }
    if (const auto it = env.find("GAZETTE_MAX_CONCURRENT"); it != env.end() && !it->second.empty())
        limits.max_concurrent = read_count(it->second, "GAZETTE_MAX_CONCURRENT");
    if (const auto it = env.find("GAZETTE_RUN_DIR"); it != env.end() && !it->second.empty())
        limits.run_dir = read_dir(it->second, "GAZETTE_RUN_DIR");
    return limits;
}

std::optional<Slot> Slot::take(const std::filesystem::path& run_dir, size_t n) {
    if (n == 0) throw std::invalid_argument("Slot::take needs at least one slot");
    check_run_dir(run_dir);
    // Start at a slot of our own, so that a crowd spreads over the files instead of
    // every process trying slot.0 first.
    const size_t first = static_cast<size_t>(getpid()) % n;
    for (size_t k = 0; k < n; ++k) {
        const auto file = run_dir / fmt::format("slot.{}", (first + k) % n);
        const int fd = open(file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) throw failure(run_dir, std::strerror(errno));
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) return Slot(fd);
        const int error = errno;
        close(fd);
        if (error != EWOULDBLOCK) throw failure(run_dir, std::strerror(error));
    }
    return std::nullopt;
}

Slot::~Slot() {
    if (fd_ >= 0) close(fd_);
}

}  // namespace gazette::cgi
