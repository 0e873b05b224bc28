// Helpers for suites that talk to a server on 127.0.0.1: a free port, a
// connection, and a server process that is waited for by what it prints,
// never by a sleep.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

extern char** environ;

namespace gazette::test {

// A port the kernel just handed out, so very likely free; a server that finds
// it taken after all fails to start, and start_on_free_port tries another.
inline int free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    close(fd);
    if (!ok) throw std::runtime_error("no free port");
    return ntohs(addr.sin_port);
}

// A socket connected to the port on 127.0.0.1, or -1.
inline int connect_to(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
    close(fd);
    return -1;
}

// Whether something accepts connections on the port.
inline bool accepts(int port) {
    const int fd = connect_to(port);
    if (fd >= 0) close(fd);
    return fd >= 0;
}

inline std::string slurp_log(const std::filesystem::path& log) {
    std::ifstream in(log, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// A server run by a shell command line in a session of its own (so that
// stopping it stops whatever it started), its output in a log file. It is
// ready when its log says so: the constructor waits for that line, or for the
// process to exit, on the process's pidfd; a minute of neither is a failure.
class Daemon {
  public:
    Daemon(const std::string& command, const std::filesystem::path& log, const std::string& ready)
        : log_(log) {
        const std::string line = "exec " + command + " >'" + log.string() + "' 2>&1";
        const char* argv[] = {"sh", "-c", line.c_str(), nullptr};
        posix_spawnattr_t attributes;
        posix_spawnattr_init(&attributes);
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
        const int error =
            posix_spawn(&pid_, "/bin/sh", nullptr, &attributes, const_cast<char**>(argv), environ);
        posix_spawnattr_destroy(&attributes);
        if (error != 0) throw std::runtime_error("cannot start " + command);
        pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
        if (!wait_until_ready(ready)) {
            stop();
            throw std::runtime_error(command + " did not start: " + slurp_log(log_));
        }
    }
    ~Daemon() { stop(); }
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    std::string log() const { return slurp_log(log_); }
    // The process id, which is also the id of its session.
    pid_t pid() const { return pid_; }

    // SIGTERM to its whole session, then waits for it to exit.
    void stop() {
        if (pid_ <= 0) return;
        kill(-pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
        close(pidfd_);
        pid_ = -1;
    }

  private:
    bool wait_until_ready(const std::string& ready) const {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
        pollfd exited{pidfd_, POLLIN, 0};
        while (std::chrono::steady_clock::now() < deadline) {
            if (log().find(ready) != std::string::npos) return true;
            if (poll(&exited, 1, 20) != 0) return log().find(ready) != std::string::npos;
        }
        return false;
    }

    std::filesystem::path log_;
    pid_t pid_ = -1;
    int pidfd_ = -1;
};

// Starts a server on a free port: command(port) is its command line. A port
// another program took in the meantime ("Address already in use") is retried
// with another; any other failure throws with the server's log.
inline std::unique_ptr<Daemon> start_on_free_port(const std::function<std::string(int)>& command,
                                                  const std::filesystem::path& log,
                                                  const std::string& ready, int& port) {
    for (int attempt = 1;; ++attempt) {
        port = free_port();
        try {
            return std::make_unique<Daemon>(command(port), log, ready);
        } catch (const std::runtime_error& e) {
            if (attempt == 5 || std::string(e.what()).find("in use") == std::string::npos) throw;
        }
    }
}

}  // namespace gazette::test
