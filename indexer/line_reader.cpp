#include "line_reader.h"

#include <array>

namespace gazette {
namespace {

constexpr size_t kChunkBytes = 64 << 10;

}  // namespace

LineReader::LineReader(std::string head, ByteStream& in, size_t max_line)
    : buffer_(std::move(head)), in_(in), max_line_(max_line) {}

bool LineReader::next(std::string_view& line, bool& too_long) {
    too_long = false;
    for (;;) {
        const size_t nl = buffer_.find('\n', scanned_);
        if (nl != std::string::npos) {
            line = std::string_view(buffer_).substr(start_, nl - start_);
            too_long = too_long || line.size() > max_line_;
            start_ = scanned_ = nl + 1;
            ++number_;
            return true;
        }
        scanned_ = buffer_.size();
        if (scanned_ - start_ > max_line_) {
            too_long = true;  // drop what is held; keep dropping to the newline
            buffer_.clear();
            start_ = scanned_ = 0;
        }
        if (!fill()) {
            if (start_ == buffer_.size() && !too_long) return false;
            line = std::string_view(buffer_).substr(start_);
            start_ = scanned_ = buffer_.size();
            ++number_;
            return true;
        }
    }
}

// Reads another chunk, first dropping the lines already given.
bool LineReader::fill() {
    if (start_ > 0) {
        buffer_.erase(0, start_);
        scanned_ -= start_;
        start_ = 0;
    }
    std::array<char, kChunkBytes> chunk;
    const size_t n = in_.read(chunk.data(), chunk.size());
    buffer_.append(chunk.data(), n);
    return n > 0;
}

}  // namespace gazette
