#include "walker.h"

#include <algorithm>
#include <chrono>
#include <system_error>

namespace gazette {
namespace fs = std::filesystem;
namespace {

bool is_hidden_or_backup(const std::string& name) {
    return name.starts_with('.') || name.starts_with('#') || name.ends_with('~') ||
           name.ends_with(".bak") || name.ends_with(".swp") || name.ends_with(".tmp");
}

std::string describe(fs::file_type type) {
    switch (type) {
        case fs::file_type::fifo:
            return "a FIFO, not a regular file";
        case fs::file_type::socket:
            return "a socket, not a regular file";
        case fs::file_type::block:
        case fs::file_type::character:
            return "a device, not a regular file";
        case fs::file_type::not_found:
            return "a dangling link";
        default:
            return "not a regular file";
    }
}

void consider(const fs::path& path, std::string relative, WalkResult& out) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);  // follows links
    if (status.type() != fs::file_type::regular) {
        // A link loop (ELOOP) has no type at all: the system's reason says more.
        const bool unknown = status.type() == fs::file_type::none && ec;
        out.skipped.push_back(path.string() + ": " +
                              (unknown ? ec.message() : describe(status.type())));
        return;
    }
    SourceFile file{path, std::move(relative), fs::file_size(path, ec), 0};
    const auto mtime = fs::last_write_time(path, ec);
    if (ec) {
        out.skipped.push_back(path.string() + ": " + ec.message());
        return;
    }
    file.mtime_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
    out.files.push_back(std::move(file));
}

void walk_directory(const fs::path& root, WalkResult& out) {
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        out.skipped.push_back(root.string() + ": " + ec.message());
        return;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            out.skipped.push_back(it->path().string() + ": " + ec.message());
            break;
        }
        const fs::path& path = it->path();
        if (is_hidden_or_backup(path.filename().string())) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        // Directory links are not followed, so a link loop cannot trap the walk.
        if (it->is_directory(ec)) continue;
        consider(path, path.lexically_relative(root).generic_string(), out);
    }
}

}  // namespace

WalkResult walk(const std::vector<fs::path>& roots) {
    WalkResult out;
    for (const fs::path& root : roots) {
        std::error_code ec;
        if (fs::is_directory(root, ec))
            walk_directory(root, out);
        else
            consider(root, root.filename().string(), out);
    }
    std::sort(out.files.begin(), out.files.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.relative < b.relative; });
    return out;
}

}  // namespace gazette
