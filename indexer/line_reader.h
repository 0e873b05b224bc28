// The lines of a stream, one at a time in bounded memory: how big JSONL,
// mbox and SGML files are split into articles (file_reader.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "source.h"

namespace gazette {

class LineReader {
  public:
    // Lines of `head` (what was read already) and then of `in`. A line
    // longer than max_line is passed over, and said to be.
    LineReader(std::string head, ByteStream& in, size_t max_line);

    // The next line without its '\n' (valid until the next call), and
    // whether it was too long (its text then dropped); false at the end.
    bool next(std::string_view& line, bool& too_long);
    // Of the last line, from 1.
    size_t number() const { return number_; }

  private:
    bool fill();

    std::string buffer_;
    ByteStream& in_;
    size_t max_line_;
    size_t start_ = 0, scanned_ = 0, number_ = 0;
};

}  // namespace gazette
