// A small disk for tests that fill one or make one read-only: a tmpfs of a
// chosen size, mounted by root, or, where mounting is refused (not root, a
// container without CAP_SYS_ADMIN), inside a user and mount namespace of this
// test process's own, where it is allowed. Without either, tmpfs_refused()
// says why, for a precondition (tests/skip.h).
#pragma once

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include "temp_dir.h"

namespace gazette::test {

inline void mount_tmpfs(const std::filesystem::path& where, unsigned long flags,
                        const std::string& options) {
    if (::mount("tmpfs", where.c_str(), "tmpfs", flags, options.c_str()) != 0)
        throw std::system_error(errno, std::generic_category(),
                                "mount -t tmpfs -o " + options + " on " + where.string());
}

// Makes this process root of a user namespace with a mount namespace of its
// own (it must still be single-threaded): mounts it makes are its own and
// its children's, and vanish with them.
inline void enter_user_namespace() {
    const uid_t uid = getuid();
    const gid_t gid = getgid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
        throw std::system_error(errno, std::generic_category(),
                                "unshare(CLONE_NEWUSER | CLONE_NEWNS)");
    std::ofstream("/proc/self/setgroups") << "deny";
    std::ofstream("/proc/self/uid_map") << "0 " << uid << " 1";
    std::ofstream("/proc/self/gid_map") << "0 " << gid << " 1";
}

// "" when a tmpfs can be mounted here, else why not. A test process that
// runs other programs as another user (setpriv) can't use the namespace:
// user_namespace = false keeps it out.
inline std::string tmpfs_refused(bool user_namespace = true) {
    const TempDir dir;
    try {
        try {
            mount_tmpfs(dir.path, 0, "size=1m");
        } catch (const std::system_error& e) {
            if (!user_namespace || e.code() != std::errc::operation_not_permitted) throw;
            enter_user_namespace();
            mount_tmpfs(dir.path, 0, "size=1m");
        }
    } catch (const std::system_error& e) {
        return std::string("a small tmpfs is needed and can't be mounted here: ") + e.what();
    }
    umount2(dir.path.c_str(), MNT_DETACH);
    return "";
}

// A tmpfs of a chosen size on a folder of its own, unmounted when done.
class SmallDisk {
  public:
    SmallDisk(const std::filesystem::path& where, uintmax_t bytes) : path_(where) {
        std::filesystem::create_directories(path_);
        mount_tmpfs(path_, 0, size(bytes));
    }
    ~SmallDisk() { umount2(path_.c_str(), MNT_DETACH); }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

    // Grows or shrinks it, keeping what is on it.
    void resize(uintmax_t bytes) { mount_tmpfs(path_, MS_REMOUNT, size(bytes)); }
    void make_read_only() { mount_tmpfs(path_, MS_REMOUNT | MS_RDONLY, ""); }

    uintmax_t used() const {
        struct statvfs s {};
        if (statvfs(path_.c_str(), &s) != 0) throw std::runtime_error("statvfs " + path_.string());
        return (s.f_blocks - s.f_bfree) * s.f_frsize;
    }

    const std::filesystem::path& path() const { return path_; }

  private:
    static std::string size(uintmax_t bytes) {
        return "size=" + std::to_string(bytes / 1024 + 1) + "k";
    }

    std::filesystem::path path_;
};

}  // namespace gazette::test
