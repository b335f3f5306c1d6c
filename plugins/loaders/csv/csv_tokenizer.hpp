// Splits CSV text into records and fields (RFC 4180: quoted fields may hold delimiters, doubled
// quotes and newlines). Tolerates a UTF-8 byte order mark, CRLF or LF line ends, and blank lines
// (skipped). Fields are string_views into the text, which is unescaped in place.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ams_csv {

struct CsvRecords {
  // The file's bytes, quoted fields unescaped in place. On the heap so the views below stay
  // valid when the records are moved.
  std::unique_ptr<std::string> text;
  std::vector<std::string> header;     // column names, trimmed
  int64_t header_line = 1;
  int64_t n_columns = 0;
  std::vector<std::string_view> cells; // n_rows x n_columns, row-major, not trimmed
  std::vector<int64_t> lines;          // the line each data row starts on (1-based)

  int64_t n_rows() const { return static_cast<int64_t>(lines.size()); }
  std::string_view cell(int64_t row, int64_t column) const {
    return cells[static_cast<size_t>(row * n_columns + column)];
  }
};

// The delimiter the header line uses most among , ; TAB | (ties in that order; ',' if none).
char detect_delimiter(std::string_view text);

// Tokenizes text (taken over). `file` names it in errors. Throws ams::Error with a located
// message for an unterminated quote, text after a closing quote, a row whose field count differs
// from the header's, or an empty file.
CsvRecords tokenize(std::string text, char delimiter, const std::string& file);

}  // namespace ams_csv
