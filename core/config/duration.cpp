#include "config/duration.hpp"

#include <cctype>
#include <charconv>
#include <string>

namespace amcore {

std::optional<double> parse_duration(std::string_view text) {
  struct Unit {
    char symbol;
    double seconds;
  };
  static constexpr Unit kUnits[] = {{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}};
  size_t pos = 0, next_unit = 0;
  double total = 0;
  bool any = false;
  auto skip_space = [&] {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  };
  skip_space();
  while (pos < text.size()) {
    const size_t start = pos;
    while (pos < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[pos])) || text[pos] == '.'))
      ++pos;
    if (pos == start || pos == text.size()) return std::nullopt;
    double amount = 0;
    const std::string number(text.substr(start, pos - start));
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), amount);
    if (error != std::errc() || end != number.data() + number.size()) return std::nullopt;
    const char symbol = static_cast<char>(std::tolower(static_cast<unsigned char>(text[pos])));
    while (next_unit < std::size(kUnits) && kUnits[next_unit].symbol != symbol) ++next_unit;
    if (next_unit == std::size(kUnits)) return std::nullopt;  // unknown or out of order
    total += amount * kUnits[next_unit].seconds;
    ++next_unit;
    ++pos;
    any = true;
    skip_space();
  }
  if (!any) return std::nullopt;
  return total;
}

}  // namespace amcore
