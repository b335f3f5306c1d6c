#include "csv_cells.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace ams_csv {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

bool is_missing_marker(std::string_view s) {
  if (s.empty()) return true;
  static constexpr std::array<std::string_view, 6> markers = {"na", "n/a", "nan", "null", "none", "?"};
  for (auto m : markers)
    if (equals_ignoring_case(s, m)) return true;
  return false;
}

}  // namespace

Cell read_cell(std::string_view raw) {
  std::string_view s = raw;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (is_missing_marker(s)) return {CellKind::missing, 0, s};
  std::string_view digits = s;
  if (digits.size() > 1 && digits.front() == '+') digits.remove_prefix(1);  // from_chars rejects '+'
  double value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc() && end == digits.data() + digits.size() && std::isfinite(value))
    return {CellKind::number, value, s};
  return {CellKind::text, 0, s};
}

Label Label::of(const Cell& cell) {
  Label l;
  l.numeric = cell.kind == CellKind::number;
  l.number = cell.number;
  l.text = std::string(cell.text);
  return l;
}

}  // namespace ams_csv
