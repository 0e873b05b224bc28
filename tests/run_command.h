// Runs the real binaries from end-to-end tests and captures what they print.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace gazette::test {

struct Output {
    int status = -1;  // exit code
    std::string out;  // stdout (stderr is appended when asked)
};

inline std::string bin(const std::string& name) {
    return std::string(GAZETTE_BIN_DIR) + "/" + name;
}

// Runs a shell command line; add "2>&1" to capture stderr too.
inline Output run(const std::string& command) {
    Output result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::array<char, 4096> buffer;
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        result.out.append(buffer.data(), n);
    const int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

// Quotes one shell word.
inline std::string quote(const std::string& word) {
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace gazette::test
