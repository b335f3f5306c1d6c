// What a CSV cell holds: a number, a missing value, or text; and how labels sort.
#pragma once

#include <string>
#include <string_view>

namespace ams_csv {

enum class CellKind { number, missing, text };

struct Cell {
  CellKind kind;
  double number = 0;      // when kind == number
  std::string_view text;  // trimmed of spaces
};

// Missing: empty, or NA, N/A, NaN, null, None, ? (any case). A number: what strtod accepts in
// decimal (optional sign, exponent), finite; "inf" is text.
Cell read_cell(std::string_view raw);

// A class label or category value. Numbers sort numerically before text; text sorts bytewise.
// Numbers compare by value, so "1" and "1.0" are the same label.
struct Label {
  bool numeric = false;
  double number = 0;
  std::string text;

  static Label of(const Cell& cell);
  bool operator<(const Label& other) const {
    if (numeric != other.numeric) return numeric;
    return numeric ? number < other.number : text < other.text;
  }
};

}  // namespace ams_csv
