// Source bytes as streams: a file read piece by piece and hashed as it goes,
// and what a decoder (.zst, .gz, .xz, .bz2) makes of it, so that no file has
// to be held whole in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "env.h"

namespace gazette {

// Bytes read in order.
class ByteStream {
  public:
    virtual ~ByteStream() = default;
    // Reads up to `size` bytes; 0 only at the end. Throws std::runtime_error.
    virtual size_t read(char* buffer, size_t size) = 0;
};

// A file's raw bytes, hashed as they are read: the file record's hash
// (manifest.h) costs no second pass.
class HashedFile : public ByteStream {
  public:
    explicit HashedFile(std::unique_ptr<InputFile> file);
    ~HashedFile() override;
    size_t read(char* buffer, size_t size) override;

    const FileInfo& info() const { return file_->info; }
    uintmax_t bytes_read() const { return bytes_; }
    // Of every byte read so far (all of them, once read to the end).
    uint64_t hash() const;

  private:
    std::unique_ptr<InputFile> file_;
    struct State;
    std::unique_ptr<State> state_;
    uintmax_t bytes_ = 0;
};

// Reads the stream to its end and returns the hash of what it held.
uint64_t hash_to_end(HashedFile& file);

// Bytes held in memory (tests and fuzz targets read through the same path).
class StringStream : public ByteStream {
  public:
    explicit StringStream(std::string bytes) : bytes_(std::move(bytes)) {}
    size_t read(char* buffer, size_t size) override;

  private:
    std::string bytes_;
    size_t at_ = 0;
};

// The rest of a stream, refused past max_bytes with "<too_big> the N byte
// limit" (a file too large, or a small file that inflates to gigabytes).
std::string read_all(ByteStream& in, size_t max_bytes, std::string_view too_big);

// How a file is packed, by its name.
enum class Packing { kPlain, kZstd, kCompressed, kArchive };
// .zst (read with zstd); .gz, .xz, .bz2 (libarchive); .tar, .tar.gz, .tgz,
// .tar.xz, .tar.bz2, .tar.zst, .zip (archives, libarchive).
Packing packing_of(std::string_view name);

// The file name that says what is inside a compressed file:
// "a/b.jsonl.zst" -> "a/b.jsonl", "c.txt.gz" -> "c.txt"; others as they are.
std::string_view content_name(std::string_view name);

// What a compressed file (.zst, .gz, .xz, .bz2) holds, inflated as it is
// read; nothing for other names. `raw` must outlive it. Bad or truncated data
// throws when read.
std::unique_ptr<ByteStream> decoded(std::string_view name, ByteStream& raw);

// Counts what a decoder takes in and gives out, and refuses to go on once it
// has given out more than kMaxInflation times what it took in, plus `slack`:
// a small file that inflates to gigabytes is a bomb, not articles. `taken`
// counts the raw bytes (a file's bytes_read()).
inline constexpr uintmax_t kMaxInflation = 100;
class BombGuard : public ByteStream {
  public:
    BombGuard(ByteStream& decoded, const uintmax_t& taken, uintmax_t slack)
        : decoded_(decoded), taken_(taken), slack_(slack) {}
    size_t read(char* buffer, size_t size) override;

  private:
    ByteStream& decoded_;
    const uintmax_t& taken_;
    uintmax_t slack_, given_ = 0;
};

}  // namespace gazette
