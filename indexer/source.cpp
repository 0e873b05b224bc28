#include "source.h"

#include <fmt/format.h>
#include <xxhash.h>
#include <zstd.h>

#include <array>
#include <cstring>
#include <stdexcept>

#include "archives.h"
#include "text.h"

namespace gazette {
namespace {

constexpr std::string_view kZstdSuffix = ".zst";
constexpr std::array<std::string_view, 3> kCompressedSuffixes = {".gz", ".xz", ".bz2"};
constexpr std::array<std::string_view, 9> kArchiveSuffixes = {
    ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tar.zst", ".zip"};

// A zstd stream inflated as it is read.
class ZstdStream : public ByteStream {
  public:
    explicit ZstdStream(ByteStream& raw)
        : raw_(raw), stream_(ZSTD_createDStream()), buffer_(ZSTD_DStreamInSize(), '\0') {
        ZSTD_initDStream(stream_.get());
    }

    size_t read(char* out, size_t size) override {
        for (;;) {
            if (in_.pos == in_.size && !eof_) {
                in_ = {buffer_.data(), raw_.read(buffer_.data(), buffer_.size()), 0};
                eof_ = in_.size == 0;
            }
            ZSTD_outBuffer o{out, size, 0};
            const size_t taken = in_.pos;
            const size_t left = ZSTD_decompressStream(stream_.get(), &o, &in_);
            if (ZSTD_isError(left))
                throw std::runtime_error(fmt::format("bad zstd data: {}", ZSTD_getErrorName(left)));
            if (o.pos > 0 || in_.pos > taken) frame_done_ = left == 0;
            if (o.pos > 0) return o.pos;
            if (eof_ && in_.pos == in_.size) {
                if (!frame_done_) throw std::runtime_error("truncated zstd data");
                return 0;
            }
        }
    }

  private:
    struct Free {
        void operator()(ZSTD_DStream* s) const { ZSTD_freeDStream(s); }
    };
    ByteStream& raw_;
    std::unique_ptr<ZSTD_DStream, Free> stream_;
    std::string buffer_;
    ZSTD_inBuffer in_{nullptr, 0, 0};
    bool eof_ = false;
    bool frame_done_ = false;  // the last frame read is whole
};

bool ends_with_any(std::string_view name, const auto& suffixes) {
    const std::string lowered = to_lower_ascii(name);
    for (std::string_view s : suffixes)
        if (lowered.ends_with(s)) return true;
    return false;
}

}  // namespace

struct HashedFile::State {
    XXH3_state_t* xxh = XXH3_createState();
    ~State() { XXH3_freeState(xxh); }
};

HashedFile::HashedFile(std::unique_ptr<InputFile> file)
    : file_(std::move(file)), state_(std::make_unique<State>()) {
    XXH3_64bits_reset(state_->xxh);
}

HashedFile::~HashedFile() = default;

size_t HashedFile::read(char* buffer, size_t size) {
    const size_t n = file_->read(buffer, size);
    XXH3_64bits_update(state_->xxh, buffer, n);
    bytes_ += n;
    return n;
}

uint64_t HashedFile::hash() const {
    return XXH3_64bits_digest(state_->xxh);
}

uint64_t hash_to_end(HashedFile& file) {
    std::array<char, 1 << 16> buffer;
    while (file.read(buffer.data(), buffer.size()) > 0) {
    }
    return file.hash();
}

size_t StringStream::read(char* buffer, size_t size) {
    const size_t n = std::min(size, bytes_.size() - at_);
    std::memcpy(buffer, bytes_.data() + at_, n);
    at_ += n;
    return n;
}

std::string read_all(ByteStream& in, size_t max_bytes, std::string_view too_big) {
    std::string out;
    std::array<char, 1 << 16> buffer;
    while (const size_t n = in.read(buffer.data(), buffer.size())) {
        out.append(buffer.data(), n);
        if (out.size() > max_bytes) throw std::runtime_error(std::string(too_big));
    }
    return out;
}

size_t BombGuard::read(char* buffer, size_t size) {
    const size_t n = decoded_.read(buffer, size);
    given_ += n;
    if (given_ > kMaxInflation * taken_ + slack_)
        throw std::runtime_error(fmt::format(
            "inflates to more than {} times its size (a decompression bomb?)", kMaxInflation));
    return n;
}

Packing packing_of(std::string_view name) {
    if (ends_with_any(name, kArchiveSuffixes)) return Packing::kArchive;
    if (ends_with_any(name, std::array{kZstdSuffix})) return Packing::kZstd;
    if (ends_with_any(name, kCompressedSuffixes)) return Packing::kCompressed;
    return Packing::kPlain;
}

std::string_view content_name(std::string_view name) {
    switch (packing_of(name)) {
        case Packing::kZstd:
        case Packing::kCompressed:
            return name.substr(0, name.rfind('.'));
        default:
            return name;
    }
}

std::unique_ptr<ByteStream> decoded(std::string_view name, ByteStream& raw) {
    switch (packing_of(name)) {
        case Packing::kZstd:
            return std::make_unique<ZstdStream>(raw);
        case Packing::kCompressed:
            return decompressed(raw, name.substr(name.rfind('.')));
        default:
            return nullptr;
    }
}

}  // namespace gazette
