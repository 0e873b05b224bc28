// Source file contents: transparent .zst with a cap on what it inflates to.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gazette {

// Inflates a zstd stream, refusing output past max_bytes (a small file that
// inflates to gigabytes is a bomb, not an article). Throws std::runtime_error.
std::string zstd_decompress(std::string_view compressed, size_t max_bytes);

// A file's bytes as its name says they should be read: decompressed when the
// name ends in .zst, as they are otherwise.
std::string inflate(std::string_view name, std::string bytes, size_t max_bytes);

// The file name that says what is inside: "a/b.jsonl.zst" -> "a/b.jsonl".
std::string_view content_name(std::string_view name);

}  // namespace gazette
