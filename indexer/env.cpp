#include "env.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <linux/magic.h>
#include <stdio.h>  // renameat2
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace gazette {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

int64_t nanoseconds(const timespec& t) {
    return static_cast<int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

FileInfo info_of(const struct stat& st) {
    FileInfo info;
    info.size = static_cast<uintmax_t>(st.st_size);
    info.mtime_ns = nanoseconds(st.st_mtim);
    info.ctime_ns = nanoseconds(st.st_ctim);
    info.inode = st.st_ino;
    info.device = st.st_dev;
    if (S_ISREG(st.st_mode)) {
        info.type = FileInfo::Type::kRegular;
    } else if (S_ISDIR(st.st_mode)) {
        info.type = FileInfo::Type::kDirectory;
    } else if (S_ISLNK(st.st_mode)) {
        info.type = FileInfo::Type::kSymlink;
    } else {
        info.type = FileInfo::Type::kOther;
        info.other = S_ISFIFO(st.st_mode)                         ? "a FIFO"
                     : S_ISSOCK(st.st_mode)                       ? "a socket"
                     : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                                                                  : "not a regular file";
    }
    return info;
}

class FdCloser {
  public:
    explicit FdCloser(int fd) : fd_(fd) {}
    ~FdCloser() {
        if (fd_ >= 0) ::close(fd_);
    }
    FdCloser(const FdCloser&) = delete;
    FdCloser& operator=(const FdCloser&) = delete;
    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

  private:
    int fd_;
};

class PosixFile : public InputFile {
  public:
    explicit PosixFile(int fd) : fd_(fd) {}

    size_t read(char* buffer, size_t size) override {
        for (;;) {
            const ssize_t n = ::read(fd_.get(), buffer, size);
            if (n >= 0) return static_cast<size_t>(n);
            if (errno == EINTR) continue;
            if (errno == EAGAIN)
                throw std::runtime_error("would block when read: not an ordinary file");
            throw std::runtime_error(fmt::format("read failed: {}", strerror(errno)));
        }
    }

  private:
    FdCloser fd_;
};

class XapianSink : public DatabaseSink {
  public:
    // Everything happens inside a transaction: Xapian commits pending changes
    // when a database is closed, but cancels an open transaction, so an error
    // half-way through a batch leaves the last commit as it was.
    XapianSink(const std::string& path, bool scratch)
        : db_(path, Xapian::DB_CREATE_OR_OPEN | (scratch ? Xapian::DB_NO_SYNC : 0)) {
        db_.begin_transaction();
    }

    Xapian::docid add(const Xapian::Document& doc) override { return db_.add_document(doc); }
    // Xapian's delete_document(term) deletes while it walks the term's
    // postings, and a flush every XAPIAN_FLUSH_THRESHOLD changes (10,000 by
    // default) rewrites them under the walk: updating a file of more articles
    // than that left some old ones behind or failed with DatabaseCorruptError.
    // So the documents are listed first.
    void delete_all(const std::string& term) override {
        const std::vector<Xapian::docid> docs(db_.postlist_begin(term), db_.postlist_end(term));
        for (const Xapian::docid doc : docs) db_.delete_document(doc);
    }
    void set_metadata(const std::string& key, const std::string& value) override {
        db_.set_metadata(key, value);
    }
    void commit() override {
        db_.commit_transaction();
        db_.begin_transaction();
    }

  private:
    Xapian::WritableDatabase db_;
};

class FileLock : public Lock {
  public:
    explicit FileLock(int fd) : fd_(fd) {}
    ~FileLock() override { ::close(fd_); }

  private:
    int fd_;
};

}  // namespace

FileInfo Env::file_info(const fs::path& path, bool follow_links) {
    struct stat st;
    if ((follow_links ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return {};
        throw_errno(path.string());
    }
    return info_of(st);
}

std::vector<std::string> Env::list_directory(const fs::path& folder) {
    DIR* dir = ::opendir(folder.c_str());
    if (!dir) throw_errno(folder.string());
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* entry = ::readdir(dir)) {
        const std::string_view name = entry->d_name;
        if (name != "." && name != "..") names.emplace_back(name);
        errno = 0;
    }
    const int error = errno;
    ::closedir(dir);
    if (error != 0) throw std::system_error(error, std::generic_category(), folder.string());
    return names;
}

fs::path Env::canonical(const fs::path& path) {
    return fs::canonical(path);
}

std::string Env::special_file_system(const fs::path& path) {
    struct statfs sf;
    if (::statfs(path.c_str(), &sf) != 0) throw_errno(path.string());
    switch (static_cast<unsigned long>(sf.f_type)) {
        case PROC_SUPER_MAGIC:
            return "proc";
        case SYSFS_MAGIC:
            return "sysfs";
        case DEVPTS_SUPER_MAGIC:
            return "devpts";
        case DEBUGFS_MAGIC:
            return "debugfs";
        case TRACEFS_MAGIC:
            return "tracefs";
        case SECURITYFS_MAGIC:
            return "securityfs";
        case CGROUP_SUPER_MAGIC:
        case CGROUP2_SUPER_MAGIC:
            return "cgroup";
        case BPF_FS_MAGIC:
            return "bpf";
        case PSTOREFS_MAGIC:
            return "pstore";
        case EFIVARFS_MAGIC:
            return "efivarfs";
        default:
            return "";
    }
}

std::unique_ptr<InputFile> Env::open_file(const fs::path& path) {
    // O_NONBLOCK: a file that turned into a FIFO since the walk, or a device
    // posing as a file, fails at once instead of holding the run (and its lock).
    FdCloser fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (fd.get() < 0) throw std::runtime_error(fmt::format("cannot open: {}", strerror(errno)));
    struct stat st;
    if (::fstat(fd.get(), &st) != 0)
        throw std::runtime_error(fmt::format("cannot read: {}", strerror(errno)));
    auto file = std::make_unique<PosixFile>(fd.release());
    file->info = info_of(st);
    if (file->info.type != FileInfo::Type::kRegular)
        throw std::runtime_error(file->info.other + ", not a regular file");
    return file;
}

std::unique_ptr<DatabaseSink> Env::open_database(const std::string& path, bool scratch) {
    return std::make_unique<XapianSink>(path, scratch);
}

std::unique_ptr<Lock> Env::lock(const fs::path& path, bool wait) {
    FdCloser fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (fd.get() < 0) throw_errno(path.string());
    while (::flock(fd.get(), LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
        if (errno == EWOULDBLOCK && !wait) return nullptr;
        if (errno != EINTR) throw_errno(path.string());
    }
    return std::make_unique<FileLock>(fd.release());
}

void Env::rename(const fs::path& from, const fs::path& to) {
    fs::rename(from, to);
}

bool Env::exchange(const fs::path& a, const fs::path& b) {
    return renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0;
}

void Env::remove_all(const fs::path& path) {
    fs::remove_all(path);
}

void Env::compact(Xapian::Database in, const fs::path& out) {
    in.compact(out.string(), Xapian::Compactor::FULLER);
}

Env& default_env() {
    static Env env;
    return env;
}

}  // namespace gazette
