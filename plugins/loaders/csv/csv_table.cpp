#include "csv_table.hpp"

#include <ams/ams.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "csv_cells.hpp"
#include "csv_error.hpp"
#include "nearest_name.hpp"

namespace ams_csv {

namespace {

enum class ColumnRole { numeric, categorical, target, ignored };

std::string quote(const std::string& s) { return "'" + s + "'"; }

// A label's display name: the text of its first occurrence ("1.0" stays "1.0").
using LabelIndex = std::map<Label, std::string>;

class TableBuilder {
 public:
  TableBuilder(const CsvRecords& records, const TableOptions& options, const std::string& file)
      : rec_(records), opt_(options), file_(file), n_rows_(records.n_rows()),
        n_cols_(records.n_columns) {}

  Table build() {
    name_columns();
    assign_roles();
    read_cells();
    type_feature_columns();
    decide_task();
    check_rows();
    collect_levels();
    fill();
    return std::move(out_);
  }

 private:
  // ---- header ----
  [[noreturn]] void fail_header(const std::string& message) const {
    throw ams::Error(file_ + ":" + std::to_string(rec_.header_line) + ": " + message,
                     AMS_ERR_FORMAT);
  }

  void name_columns() {
    names_ = rec_.header;
    std::map<std::string, int64_t> seen;
    for (int64_t j = 0; j < n_cols_; ++j) {
      auto& name = names_[static_cast<size_t>(j)];
      if (name.empty()) name = "column_" + std::to_string(j + 1);
      auto [it, fresh] = seen.emplace(name, j);
      if (!fresh)
        fail_at(file_, rec_.header_line, j + 1,
                "column name " + quote(name) + " appears twice in the header (columns " +
                    std::to_string(it->second + 1) + " and " + std::to_string(j + 1) +
                    "); column names must be unique");
    }
  }

  bool has_column(const std::string& name) const {
    return std::find(names_.begin(), names_.end(), name) != names_.end();
  }

  int64_t column_named(const std::string& name, const std::string& option) const {
    for (int64_t j = 0; j < n_cols_; ++j)
      if (names_[static_cast<size_t>(j)] == name) return j;
    std::string near = nearest_name(name, names_);
    std::string list;
    for (const auto& n : names_) list += (list.empty() ? "" : ", ") + n;
    fail_header("no column " + quote(name) + " (" + option + " in [data]) in the header" +
                (near.empty() ? "." : "; did you mean " + quote(near) + "?") +
                " The columns are: " + list);
  }

  void assign_roles() {
    roles_.assign(static_cast<size_t>(n_cols_), ColumnRole::numeric);
    if (opt_.target_optional && !has_column(opt_.target)) {
      target_ = -1;
      out_.has_target = false;
    } else {
      target_ = opt_.target.empty() ? n_cols_ - 1 : column_named(opt_.target, "target");
      roles_[static_cast<size_t>(target_)] = ColumnRole::target;
    }
    for (const auto& name : opt_.ignore) {
      int64_t j = column_named(name, "ignore");
      if (j == target_) fail_header("the target column " + quote(name) + " cannot be ignored");
      roles_[static_cast<size_t>(j)] = ColumnRole::ignored;
    }
    for (const auto& name : opt_.categorical) {
      int64_t j = column_named(name, "categorical");
      if (j == target_)
        fail_header("the target column " + quote(name) +
                    " cannot be listed in categorical; set task = \"classification\" instead");
      if (roles_[static_cast<size_t>(j)] == ColumnRole::numeric)
        roles_[static_cast<size_t>(j)] = ColumnRole::categorical;
    }
    for (int64_t j = 0; j < n_cols_; ++j)
      if (roles_[static_cast<size_t>(j)] != ColumnRole::target &&
          roles_[static_cast<size_t>(j)] != ColumnRole::ignored)
        features_.push_back(j);
    if (features_.empty())
      fail_header(target_ < 0 ? std::string("no feature columns: every column is ignored")
                              : "no feature columns: besides the target " +
                                    quote(names_[static_cast<size_t>(target_)]) +
                                    " the header has no column to learn from");
    if (n_rows_ == 0) fail_header("no data rows after the header");
  }

  // ---- cells ----
  void read_cells() {
    cells_.resize(static_cast<size_t>(n_rows_ * n_cols_), Cell{CellKind::missing, 0, {}});
    for (int64_t i = 0; i < n_rows_; ++i)
      for (int64_t j = 0; j < n_cols_; ++j)
        if (roles_[static_cast<size_t>(j)] != ColumnRole::ignored) cell(i, j) = read_cell(rec_.cell(i, j));
  }
  Cell& cell(int64_t i, int64_t j) { return cells_[static_cast<size_t>(i * n_cols_ + j)]; }
  const std::string& name(int64_t j) const { return names_[static_cast<size_t>(j)]; }
  ColumnRole& role(int64_t j) { return roles_[static_cast<size_t>(j)]; }

  // A column is categorical when listed in `categorical`, or when text is at least as common as
  // numbers in it. A mostly numeric column with a stray word is a typo, reported as such, rather
  // than silently one-hot encoding thousands of numbers.
  void type_feature_columns() {
    for (int64_t j : features_) {
      int64_t numbers = 0, texts = 0;
      for (int64_t i = 0; i < n_rows_; ++i) {
        CellKind k = cell(i, j).kind;
        numbers += k == CellKind::number;
        texts += k == CellKind::text;
      }
      if (numbers + texts == 0)
        fail_header("column " + quote(name(j)) + " has no value in any row; drop it from the file "
                    "or list it in ignore = [...] in [data]");
      if (role(j) == ColumnRole::numeric && texts >= numbers) role(j) = ColumnRole::categorical;
    }
  }

  void decide_task() {
    const int64_t t = target_;
    if (t < 0) {  // no target to look at: the task is what the options say
      out_.task = opt_.task == TaskChoice::classification ? AMS_TASK_CLASSIFICATION : AMS_TASK_REGRESSION;
      return;
    }
    bool any_text = false, all_integers = true;
    std::set<double> distinct;
    for (int64_t i = 0; i < n_rows_; ++i) {
      const Cell& c = cell(i, t);
      if (c.kind == CellKind::text) any_text = true;
      if (c.kind != CellKind::number) continue;
      if (c.number != std::floor(c.number)) all_integers = false;
      if (distinct.size() <= auto_max_classes) distinct.insert(c.number);
    }
    switch (opt_.task) {
      case TaskChoice::classification: out_.task = AMS_TASK_CLASSIFICATION; break;
      case TaskChoice::regression: out_.task = AMS_TASK_REGRESSION; break;
      case TaskChoice::automatic:
        if (any_text) {
          out_.task = AMS_TASK_CLASSIFICATION;
          out_.notes.push_back("task = \"auto\": classification, the target " + quote(name(t)) +
                               " holds text labels");
        } else if (all_integers && distinct.size() <= auto_max_classes) {
          out_.task = AMS_TASK_CLASSIFICATION;
          out_.notes.push_back("task = \"auto\": classification, the target " + quote(name(t)) +
                               " holds " + std::to_string(distinct.size()) +
                               " distinct integers (set task = \"regression\" if they are amounts)");
        } else {
          out_.task = AMS_TASK_REGRESSION;
          out_.notes.push_back("task = \"auto\": regression, the target " + quote(name(t)) +
                               " holds numbers that are not a few integer classes");
        }
    }
  }

  // ---- rows, in file order so the first problem reported is the first in the file ----
  void check_rows() {
    keep_.assign(static_cast<size_t>(n_rows_), 1);
    int64_t dropped = 0;
    for (int64_t i = 0; i < n_rows_; ++i) {
      const int64_t line = rec_.lines[static_cast<size_t>(i)];
      for (int64_t j = 0; j < n_cols_; ++j) {
        ColumnRole r = role(j);
        if (r == ColumnRole::ignored) continue;
        const Cell& c = cell(i, j);
        if (c.kind == CellKind::missing) {
          if (opt_.missing == MissingPolicy::drop) {
            keep_[static_cast<size_t>(i)] = 0;
          } else if (r == ColumnRole::target && opt_.missing == MissingPolicy::mean) {
            fail_at(file_, line, j + 1,
                    "missing value in the target column " + quote(name(j)) +
                        "; a target cannot be imputed: set missing = \"drop\" in [data]");
          } else if (opt_.missing == MissingPolicy::error) {
            fail_at(file_, line, j + 1,
                    "missing value in column " + quote(name(j)) +
                        "; set missing = \"drop\" or \"mean\" in [data]");
          }
          continue;
        }
        if (c.kind != CellKind::text) continue;
        if (r == ColumnRole::numeric)
          fail_at(file_, line, j + 1,
                  "expected a number in column " + quote(name(j)) + ", found " +
                      quote(std::string(c.text)));
        if (r == ColumnRole::target && out_.task == AMS_TASK_REGRESSION)
          fail_at(file_, line, j + 1,
                  "expected a number in the target column " + quote(name(j)) + " (task = \"" +
                      (opt_.task == TaskChoice::regression ? "regression" : "auto") + "\"), found " +
                      quote(std::string(c.text)));
      }
      dropped += !keep_[static_cast<size_t>(i)];
    }
    if (dropped == n_rows_)
      fail_in(file_, "no rows left: every one of the " + std::to_string(n_rows_) +
                         " rows has a missing value (missing = \"drop\")");
    if (dropped)
      out_.notes.push_back("missing = \"drop\": dropped " + std::to_string(dropped) + " of " +
                           std::to_string(n_rows_) + " rows with a missing value");
  }

  bool kept(int64_t i) const { return keep_[static_cast<size_t>(i)] != 0; }

  // ---- categories, classes and means over the rows kept ----
  void collect_levels() {
    for (int64_t j : features_) {
      if (role(j) == ColumnRole::categorical) {
        LabelIndex levels;
        for (int64_t i = 0; i < n_rows_; ++i)
          if (kept(i) && cell(i, j).kind != CellKind::missing)
            levels.emplace(Label::of(cell(i, j)), std::string(cell(i, j).text));
        levels_[j] = std::move(levels);
      } else {
        double sum = 0;
        int64_t count = 0;
        for (int64_t i = 0; i < n_rows_; ++i)
          if (kept(i) && cell(i, j).kind == CellKind::number) {
            sum += cell(i, j).number;
            ++count;
          }
        means_[j] = count ? sum / static_cast<double>(count) : 0.0;
      }
    }
    if (out_.task != AMS_TASK_CLASSIFICATION || target_ < 0) return;
    for (int64_t i = 0; i < n_rows_; ++i)
      if (kept(i)) classes_.emplace(Label::of(cell(i, target_)), std::string(cell(i, target_).text));
    if (classes_.size() < 2 && !opt_.target_optional)
      fail_in(file_, "the target column " + quote(name(target_)) + " holds a single class (" +
                         quote(classes_.begin()->second) +
                         "); classification needs at least two (is the target or the task right?)");
  }

  static int64_t index_of(const LabelIndex& index, const Label& label) {
    return std::distance(index.begin(), index.find(label));
  }

  void fill() {
    if (target_ >= 0) out_.target_name = name(target_);
    // Feature layout: file order, a categorical column expanded in place into its levels.
    std::map<int64_t, int64_t> first_feature;
    for (int64_t j : features_) {
      first_feature[j] = static_cast<int64_t>(out_.feature_names.size());
      if (role(j) == ColumnRole::categorical)
        for (const auto& [label, text] : levels_[j]) out_.feature_names.push_back(name(j) + "=" + text);
      else
        out_.feature_names.push_back(name(j));
    }
    const auto width = static_cast<int64_t>(out_.feature_names.size());
    out_.n_features = width;
    for (int64_t i = 0; i < n_rows_; ++i) out_.n_rows += kept(i);
    out_.X.assign(static_cast<size_t>(out_.n_rows * width), 0.0);
    out_.y.reserve(static_cast<size_t>(out_.n_rows));

    // Mean imputation of a categorical column fills each indicator with the level's frequency.
    std::map<int64_t, std::vector<double>> frequencies;
    int64_t imputed = 0;
    for (int64_t j : features_) {
      if (role(j) != ColumnRole::categorical) continue;
      std::vector<double> f(levels_[j].size());
      double total = 0;
      for (int64_t i = 0; i < n_rows_; ++i)
        if (kept(i) && cell(i, j).kind != CellKind::missing) {
          f[static_cast<size_t>(index_of(levels_[j], Label::of(cell(i, j))))] += 1;
          total += 1;
        }
      for (double& v : f) v /= total;
      frequencies[j] = std::move(f);
    }

    int64_t row = 0;
    for (int64_t i = 0; i < n_rows_; ++i) {
      if (!kept(i)) continue;
      double* x = &out_.X[static_cast<size_t>(row * width)];
      for (int64_t j : features_) {
        const Cell& c = cell(i, j);
        int64_t at = first_feature[j];
        if (role(j) == ColumnRole::categorical) {
          if (c.kind == CellKind::missing) {
            const auto& f = frequencies[j];
            for (size_t k = 0; k < f.size(); ++k) x[at + static_cast<int64_t>(k)] = f[k];
            ++imputed;
          } else {
            x[at + index_of(levels_[j], Label::of(c))] = 1.0;
          }
        } else if (c.kind == CellKind::missing) {
          x[at] = means_[j];
          ++imputed;
        } else {
          x[at] = c.number;
        }
      }
      ++row;
      if (target_ < 0) continue;
      const Cell& t = cell(i, target_);
      out_.y.push_back(out_.task == AMS_TASK_CLASSIFICATION
                           ? static_cast<double>(index_of(classes_, Label::of(t)))
                           : t.number);
    }
    if (imputed)
      out_.notes.push_back("missing = \"mean\": imputed " + std::to_string(imputed) + " missing values");
    for (const auto& [label, text] : classes_) out_.class_names.push_back(text);
    out_.n_classes = static_cast<int32_t>(out_.class_names.size());
  }

  const CsvRecords& rec_;
  const TableOptions& opt_;
  const std::string& file_;
  const int64_t n_rows_, n_cols_;
  std::vector<std::string> names_;
  std::vector<ColumnRole> roles_;
  std::vector<int64_t> features_;
  int64_t target_ = 0;
  std::vector<Cell> cells_;
  std::vector<char> keep_;
  std::map<int64_t, LabelIndex> levels_;
  std::map<int64_t, double> means_;
  LabelIndex classes_;
  Table out_;
};

}  // namespace

Table build_table(const CsvRecords& records, const TableOptions& options, const std::string& file) {
  return TableBuilder(records, options, file).build();
}

}  // namespace ams_csv
