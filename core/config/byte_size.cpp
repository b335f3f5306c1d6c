#include "config/byte_size.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace amcore {

std::optional<int64_t> parse_byte_size(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  const size_t start = pos;
  while (pos < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[pos])) || text[pos] == '.'))
    ++pos;
  if (pos == start) return std::nullopt;
  const std::string number(text.substr(start, pos - start));
  double amount = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), amount);
  if (error != std::errc() || end != number.data() + number.size()) return std::nullopt;
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  std::string unit;
  for (; pos < text.size(); ++pos) {
    if (std::isspace(static_cast<unsigned char>(text[pos]))) break;
    unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[pos])));
  }
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  if (pos != text.size()) return std::nullopt;
  double scale = 0;
  if (unit == "b" || unit.empty()) scale = 1;
  for (const auto& [prefix, factor] :
       {std::pair{'k', 1024.0}, {'m', 1024.0 * 1024}, {'g', 1024.0 * 1024 * 1024},
        {'t', 1024.0 * 1024 * 1024 * 1024}})
    if (unit == std::string(1, prefix) || unit == std::string(1, prefix) + "b" ||
        unit == std::string(1, prefix) + "ib")
      scale = factor;
  if (scale == 0) return std::nullopt;
  const double bytes = amount * scale;
  if (!std::isfinite(bytes) || bytes >= 9.2e18) return std::nullopt;
  return static_cast<int64_t>(bytes);
}

}  // namespace amcore
