#include "archives.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <array>

namespace gazette {
namespace {

// What libarchive is handed at a time. Small, so that a guard counting the
// bytes read (BombGuard) looks often.
constexpr size_t kBlockBytes = 16 << 10;
// A single compressed file is guarded by the reader's BombGuard instead.
constexpr uintmax_t kNoSlack = UINTMAX_MAX / 2;

struct Free {
    void operator()(archive* a) const { archive_read_free(a); }
};
using Handle = std::unique_ptr<archive, Free>;

// libarchive pulls the raw bytes through this callback.
struct Source {
    Source(ByteStream& in, uintmax_t bomb_slack) : raw(in), slack(bomb_slack) {}
    ByteStream& raw;
    uintmax_t slack;  // for the bomb guard
    std::array<char, kBlockBytes> block{};
    uintmax_t taken = 0;
    std::string error;
};

la_ssize_t pull(archive* a, void* data, const void** buffer) {
    auto* source = static_cast<Source*>(data);
    try {
        // What was inflated so far, skipped members included (BombGuard's rule).
        const auto inflated = static_cast<uintmax_t>(archive_filter_bytes(a, 0));
        if (archive_filter_count(a) > 1 && inflated > kMaxInflation * source->taken + source->slack)
            throw std::runtime_error(fmt::format(
                "inflates to more than {} times its size (a decompression bomb?)", kMaxInflation));
        *buffer = source->block.data();
        const size_t n = source->raw.read(source->block.data(), kBlockBytes);
        source->taken += n;
        return static_cast<la_ssize_t>(n);
    } catch (const std::exception& e) {
        source->error = e.what();  // libarchive is C: no exception may cross it
        archive_set_error(a, EIO, "%s", e.what());
        return -1;
    }
}

std::string reason(archive* a, const Source& source) {
    if (!source.error.empty()) return source.error;
    const char* what = archive_error_string(a);
    return what ? what : "unreadable archive";
}

Handle open(Source& source, bool archive_formats) {
    Handle a(archive_read_new());
    archive_read_support_filter_all(a.get());
    if (archive_formats) {
        archive_read_support_format_tar(a.get());
        archive_read_support_format_zip(a.get());
    } else {
        archive_read_support_format_raw(a.get());
    }
    if (archive_read_open(a.get(), &source, nullptr, pull, nullptr) != ARCHIVE_OK)
        throw ArchiveError(reason(a.get(), source));
    return a;
}

// The current entry's data.
class EntryData : public ByteStream {
  public:
    EntryData(archive* a, const Source& source) : a_(a), source_(source) {}

    size_t read(char* buffer, size_t size) override {
        const la_ssize_t n = archive_read_data(a_, buffer, size);
        if (n < 0) throw ArchiveError(reason(a_, source_));
        return static_cast<size_t>(n);
    }

  private:
    archive* a_;
    const Source& source_;
};

// A single compressed file: the one entry of libarchive's "raw" format.
class Decompressed : public ByteStream {
  public:
    Decompressed(ByteStream& raw, std::string_view suffix)
        : source_(raw, kNoSlack), suffix_(suffix) {}

    size_t read(char* buffer, size_t size) override {
        if (!a_) start();
        return data_->read(buffer, size);
    }

  private:
    // Opened at the first read, so that errors come where reading fails.
    void start() {
        a_ = open(source_, false);
        archive_entry* entry = nullptr;
        if (archive_read_next_header(a_.get(), &entry) != ARCHIVE_OK)
            throw ArchiveError(reason(a_.get(), source_));
        // "raw" takes any bytes: data without the compression its name says is
        // an error, not text.
        if (archive_filter_count(a_.get()) < 2)
            throw ArchiveError(fmt::format("not {} data", suffix_.substr(1)));
        data_ = std::make_unique<EntryData>(a_.get(), source_);
    }

    Source source_;
    std::string suffix_;
    Handle a_;
    std::unique_ptr<EntryData> data_;
};

}  // namespace

void read_archive(ByteStream& raw, uintmax_t slack, const std::function<void(Member&)>& each) {
    Source source(raw, slack);
    const Handle a = open(source, true);
    EntryData data(a.get(), source);
    for (;;) {
        archive_entry* entry = nullptr;
        const int status = archive_read_next_header(a.get(), &entry);
        if (status == ARCHIVE_EOF) return;
        if (status < ARCHIVE_WARN) throw ArchiveError(reason(a.get(), source));
        if (archive_entry_filetype(entry) != AE_IFREG) continue;
        const char* name = archive_entry_pathname_utf8(entry);
        if (!name) name = archive_entry_pathname(entry);
        Member member{name ? name : "", data};
        each(member);
    }
}

std::unique_ptr<ByteStream> decompressed(ByteStream& raw, std::string_view suffix) {
    return std::make_unique<Decompressed>(raw, suffix);
}

}  // namespace gazette
