// Helpers for suites that talk to a server on 127.0.0.1: a free port, a
// connection, and whether a program the test needs is installed.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "run_command.h"

namespace gazette::test {

// A port the kernel just handed out, so it is very likely free.
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

// Whether a program is on the PATH (or in /usr/sbin, where lighttpd lives).
inline bool have(const std::string& program) {
    return run("command -v " + program + " >/dev/null 2>&1 || test -x /usr/sbin/" + program)
               .status == 0;
}

}  // namespace gazette::test
