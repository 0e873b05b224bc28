#include "watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <map>
#include <system_error>

#include "db_files.h"
#include "walker.h"

namespace gazette {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// What makes a folder worth another run: a file written and closed, moved in
// or out, deleted or touched (chmod, touch -r); a folder made, gone or moved.
constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ATTRIB |
                             IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// The roots' folders under inotify, and which events are worth a run.
class Watcher {
  public:
    explicit Watcher(std::vector<fs::path> never) : never_(std::move(never)) {
        fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (fd_ < 0) throw_errno("inotify");
    }
    ~Watcher() { ::close(fd_); }
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    int fd() const { return fd_; }
    size_t folders() const { return folders_.size(); }

    // Watches a root: every folder in it, or, for a root that is a file, the
    // folder it is in (for that name only). Again after each run, to catch
    // folders made before their parent's watch saw them.
    void add_root(const fs::path& root) {
        std::error_code ec;
        if (fs::is_directory(root, ec))
            add_tree(root);
        else if (fs::exists(root, ec))
            add(root.parent_path(), root.filename().string());
    }

    // Reads what happened; true when something worth a run did.
    bool read_events() {
        bool changed = false;
        alignas(inotify_event) std::array<char, 64 << 10> buffer;
        for (;;) {
            const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN) return changed;
            if (n <= 0) throw_errno("inotify");
            for (ssize_t at = 0; at < n;) {
                const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
                changed = handle(*event) || changed;
                at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
            }
        }
    }

  private:
    struct Folder {
        fs::path path;
        std::string only;  // for a root that is a file: its name
    };

    void add(const fs::path& folder, const std::string& only = "") {
        const int wd = inotify_add_watch(fd_, folder.c_str(), kEvents);
        if (wd >= 0) folders_[wd] = {folder, only};  // a folder gone since is no matter
    }

    void add_tree(const fs::path& folder) {
        if (never(folder)) return;
        add(folder);
        std::error_code ec;
        for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator();
             it.increment(ec))
            if (it->is_directory(ec) && !it->is_symlink(ec) &&
                hidden_or_backup(it->path().filename().string()).empty())
                add_tree(it->path());
    }

    bool never(const fs::path& path) const {
        return std::any_of(never_.begin(), never_.end(),
                           [&](const fs::path& p) { return within(path, p); });
    }

    bool handle(const inotify_event& event) {
        if (event.mask & IN_Q_OVERFLOW) return true;  // events lost: look at everything
        const auto it = folders_.find(event.wd);
        if (it == folders_.end()) return false;
        if (event.mask & IN_IGNORED) {
            folders_.erase(it);
            return false;
        }
        const std::string name = event.len ? event.name : "";
        if (!it->second.only.empty() && name != it->second.only) return false;
        if (!name.empty() && !hidden_or_backup(name).empty()) return false;
        const fs::path path = name.empty() ? it->second.path : it->second.path / name;
        if (never(path)) return false;  // the database's own writes
        if ((event.mask & IN_ISDIR) && (event.mask & (IN_CREATE | IN_MOVED_TO))) add_tree(path);
        return !(event.mask & IN_CREATE) || (event.mask & IN_ISDIR);  // files: once closed
    }

    int fd_;
    std::vector<fs::path> never_;
    std::map<int, Folder> folders_;  // by watch descriptor
};

// The roots a run walks: those given, else every root recorded.
std::vector<fs::path> roots_of(const IndexOptions& options, Env& env) {
    std::vector<fs::path> out;
    for (const fs::path& p : options.roots) {
        try {
            out.push_back(env.canonical(p));
        } catch (const std::exception&) {
            // Missing now: the runs say so; it is watched once it is back.
        }
    }
    if (options.roots.empty())
        for (const RootSummary& r : list_roots(options.database, env)) out.push_back(r.root.path);
    return out;
}

}  // namespace

void watch(IndexOptions options, std::chrono::milliseconds debounce, int stop_fd, Env& env,
           IndexObserver& observer, WatchObserver& watch_observer) {
    options.wait = true;
    Watcher watcher(DatabaseFiles(options.database).all());
    const auto rescan = [&] {
        const std::vector<fs::path> roots = roots_of(options, env);
        for (const fs::path& root : roots) watcher.add_root(root);
        watch_observer.watching(watcher.folders(), roots.size());
    };
    // Watching starts before the first run, so nothing written during it is missed.
    for (const fs::path& root : roots_of(options, env)) watcher.add_root(root);
    watch_observer.ran(index_files(options, env, observer));
    rescan();

    // The first and last changes not yet indexed, when there are some.
    bool pending = false;
    Clock::time_point first, last;
    const auto due = [&] { return std::min(last + debounce, first + 5 * debounce); };
    for (;;) {
        int timeout = -1;
        if (pending)
            timeout = static_cast<int>(std::max<int64_t>(
                0, std::chrono::ceil<std::chrono::milliseconds>(due() - Clock::now()).count()));
        std::array<pollfd, 2> fds = {{{stop_fd, POLLIN, 0}, {watcher.fd(), POLLIN, 0}}};
        if (::poll(fds.data(), fds.size(), timeout) < 0) {
            if (errno == EINTR) continue;
            throw_errno("poll");
        }
        if (fds[0].revents) return;
        if (fds[1].revents && watcher.read_events()) {
            last = Clock::now();
            if (!pending) first = last;
            pending = true;
        }
        if (!pending || Clock::now() < due()) continue;
        pending = false;
        try {
            watch_observer.ran(index_files(options, env, observer));
        } catch (const IndexError& e) {
            watch_observer.failed(e.what());
        }
        rescan();
    }
}

}  // namespace gazette
