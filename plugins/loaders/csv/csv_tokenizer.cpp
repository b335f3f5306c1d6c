#include "csv_tokenizer.hpp"

#include <algorithm>
#include <array>

#include "csv_error.hpp"

namespace ams_csv {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

size_t skip_bom(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

// One pass over the text; writes unescaped quoted fields back into the same buffer (never longer
// than their source) so every field is a view into `text`.
class Tokenizer {
 public:
  Tokenizer(std::string& text, char delimiter, const std::string& file)
      : s_(text), delim_(delimiter), file_(file), pos_(skip_bom(text)) {}

  // Reads the next record into fields; false at the end of the text. Blank lines are skipped.
  bool next(std::vector<std::string_view>& fields, int64_t& start_line) {
    while (pos_ < s_.size()) {
      fields.clear();
      start_line = line_;
      bool any_quoted = false;
      for (;;) {
        bool quoted = false;
        fields.push_back(field(quoted, static_cast<int64_t>(fields.size()) + 1));
        any_quoted |= quoted;
        if (pos_ >= s_.size()) break;
        char c = s_[pos_];
        if (c == delim_) {
          ++pos_;
          continue;
        }
        end_of_line();
        break;
      }
      if (fields.size() == 1 && !any_quoted && trim(fields[0]).empty()) continue;  // blank line
      return true;
    }
    return false;
  }

 private:
  bool at_line_end() const { return s_[pos_] == '\n' || s_[pos_] == '\r'; }
  void end_of_line() {
    if (s_[pos_] == '\r') ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '\n') ++pos_;
    ++line_;
  }

  std::string_view field(bool& quoted, int64_t column) {
    size_t start = pos_;
    size_t p = pos_;
    // Spaces before an opening quote are tolerated (`a, "b"`), unless they are the delimiter.
    while (p < s_.size() && (s_[p] == ' ' || (s_[p] == '\t' && delim_ != '\t'))) ++p;
    if (p < s_.size() && s_[p] == '"') {
      quoted = true;
      return quoted_field(p, column);
    }
    while (pos_ < s_.size() && s_[pos_] != delim_ && !at_line_end()) ++pos_;
    return std::string_view(s_).substr(start, pos_ - start);
  }

  std::string_view quoted_field(size_t quote, int64_t column) {
    const int64_t open_line = line_;
    size_t read = quote + 1, write = quote;
    for (;;) {
      if (read >= s_.size())
        fail_at(file_, open_line, column,
                "unterminated quoted field: the '\"' opened here is never closed (close it, and "
                "write a '\"' inside a quoted field as '\"\"')");
      char c = s_[read];
      if (c == '"') {
        if (read + 1 < s_.size() && s_[read + 1] == '"') {
          s_[write++] = '"';
          read += 2;
          continue;
        }
        ++read;
        break;
      }
      if (c == '\n') ++line_;
      s_[write++] = c;
      ++read;
    }
    while (read < s_.size() && (s_[read] == ' ' || (s_[read] == '\t' && delim_ != '\t'))) ++read;
    pos_ = read;
    if (pos_ < s_.size() && s_[pos_] != delim_ && !at_line_end())
      fail_at(file_, line_, column,
              std::string("unexpected '") + s_[pos_] +
                  "' after the closing quote of a quoted field (write a '\"' inside a quoted "
                  "field as '\"\"')");
    return std::string_view(s_).substr(quote, write - quote);
  }

  std::string& s_;
  const char delim_;
  const std::string& file_;
  size_t pos_;
  int64_t line_ = 1;
};

}  // namespace

char detect_delimiter(std::string_view text) {
  constexpr std::array<char, 4> candidates = {',', ';', '\t', '|'};
  std::array<int, 4> counts{};
  bool in_quotes = false;
  for (size_t i = skip_bom(text); i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') in_quotes = !in_quotes;
    if (in_quotes) continue;
    if (c == '\n' || c == '\r') break;
    for (size_t k = 0; k < candidates.size(); ++k) counts[k] += c == candidates[k];
  }
  size_t best = 0;
  for (size_t k = 1; k < candidates.size(); ++k)
    if (counts[k] > counts[best]) best = k;
  return candidates[best];
}

CsvRecords tokenize(std::string text, char delimiter, const std::string& file) {
  CsvRecords out;
  out.text = std::make_unique<std::string>(std::move(text));
  Tokenizer tok(*out.text, delimiter, file);
  std::vector<std::string_view> fields;
  int64_t line = 0;
  if (!tok.next(fields, line))
    fail_in(file, "the file is empty; expected a header line with the column names, then one "
                  "row per sample");
  out.header_line = line;
  out.n_columns = static_cast<int64_t>(fields.size());
  for (auto f : fields) out.header.emplace_back(trim(f));
  // digits.csv-sized files: reserve from a guess of one row per 4 bytes per column at most.
  out.cells.reserve(out.text->size() / 4);
  while (tok.next(fields, line)) {
    auto n = static_cast<int64_t>(fields.size());
    if (n != out.n_columns) {
      std::string hint = n > out.n_columns
                             ? std::string(" (quote a field that contains '") + delimiter + "')"
                             : "";
      fail_at(file, line, std::min(n, out.n_columns) + 1,
              "row has " + std::to_string(n) + (n == 1 ? " field" : " fields") + ", the header has " +
                  std::to_string(out.n_columns) + hint);
    }
    out.cells.insert(out.cells.end(), fields.begin(), fields.end());
    out.lines.push_back(line);
  }
  return out;
}

}  // namespace ams_csv
