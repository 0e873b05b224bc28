#include "source.h"

#include <fmt/format.h>
#include <zstd.h>

#include <memory>
#include <stdexcept>

namespace gazette {
namespace {

constexpr std::string_view kZstdSuffix = ".zst";

struct DStreamDeleter {
    void operator()(ZSTD_DStream* s) const { ZSTD_freeDStream(s); }
};

}  // namespace

std::string zstd_decompress(std::string_view compressed, size_t max_bytes) {
    std::unique_ptr<ZSTD_DStream, DStreamDeleter> stream(ZSTD_createDStream());
    ZSTD_initDStream(stream.get());
    std::string out;
    std::string chunk(ZSTD_DStreamOutSize(), '\0');
    ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
    for (;;) {
        ZSTD_outBuffer buffer{chunk.data(), chunk.size(), 0};
        const size_t left = ZSTD_decompressStream(stream.get(), &buffer, &in);
        if (ZSTD_isError(left))
            throw std::runtime_error(fmt::format("bad zstd data: {}", ZSTD_getErrorName(left)));
        out.append(chunk.data(), buffer.pos);
        if (out.size() > max_bytes)
            throw std::runtime_error(
                fmt::format("inflates past the {} byte limit (a decompression bomb?)", max_bytes));
        // A full output buffer may mean the decoder holds more: go round again.
        if (in.pos == in.size && buffer.pos < buffer.size) {
            if (left != 0) throw std::runtime_error("truncated zstd data");
            return out;
        }
    }
}

std::string inflate(std::string_view name, std::string bytes, size_t max_bytes) {
    if (name.ends_with(kZstdSuffix)) return zstd_decompress(bytes, max_bytes);
    return bytes;
}

std::string_view content_name(std::string_view name) {
    if (name.ends_with(kZstdSuffix)) name.remove_suffix(kZstdSuffix.size());
    return name;
}

}  // namespace gazette
