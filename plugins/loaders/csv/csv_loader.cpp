// The `csv` loader: reads a delimited text file with a header row into an ams_dataset.
//
// Options ([data] table): path (required, relative to the pipeline file), target (default: the
// last column), task ("auto" | "classification" | "regression"), delimiter (default: detected
// from the header among , ; TAB |), missing ("error" | "drop" | "mean"), categorical (columns to
// one-hot encode even though they hold numbers), ignore (columns to leave out), target_optional
// (data to predict: the named target column may be absent; then y is NULL).
#include <ams/plugin.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "csv_error.hpp"
#include "csv_table.hpp"
#include "csv_tokenizer.hpp"

namespace ams_csv {

namespace {

std::string read_file(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw ams::Error("cannot open " + path + ": " + std::strerror(errno), AMS_ERR_IO);
  std::string text;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f.get())) > 0) text.append(buffer, n);
  if (std::ferror(f.get()))
    throw ams::Error("cannot read " + path + ": " + std::strerror(errno), AMS_ERR_IO);
  return text;
}

std::vector<std::string> string_list(const ams::Context& ctx, const std::string& option) {
  std::vector<std::string> out;
  int64_t n = 0;
  // Asked of the host directly: a string here is a mistake to explain, not a type error.
  ams_status s = ams::host().get_array_size(ctx.raw(), option.c_str(), &n);
  if (s == AMS_ABSENT) return out;
  if (s != AMS_OK) ctx.option_error(option, "must be an array of column names, e.g. [\"a\", \"b\"]");
  for (int64_t i = 0; i < n; ++i) {
    std::string path = option + "[" + std::to_string(i) + "]";
    const char* name = nullptr;
    if (ams::host().get_string(ctx.raw(), path.c_str(), &name) != AMS_OK)
      ctx.option_error(path, "must be a column name (a string)");
    out.emplace_back(name);
  }
  return out;
}

}  // namespace

class CsvLoader : public ams::Loader {
 public:
  static constexpr const char* name = "csv";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Delimited text with a header row; categorical columns one-hot encoded";

  explicit CsvLoader(ams::Context ctx) : ams::Loader(ctx) {
    auto path = ctx.find_path("path");
    if (!path) ctx.option_error("path", "is required: the CSV file to read (relative to the pipeline file)");
    path_ = *path;
    options_.target = ctx.get_string("target", "");
    options_.target_optional = ctx.get_bool("target_optional", false);
    if (options_.target_optional && options_.target.empty())
      ctx.option_error("target_optional", "needs the target column named: target = \"...\"");
    std::string task = ctx.get_choice("task", "auto", {"auto", "classification", "regression"});
    options_.task = task == "classification" ? TaskChoice::classification
                    : task == "regression"   ? TaskChoice::regression
                                             : TaskChoice::automatic;
    std::string missing = ctx.get_choice("missing", "error", {"error", "drop", "mean"});
    options_.missing = missing == "drop" ? MissingPolicy::drop
                       : missing == "mean" ? MissingPolicy::mean
                                           : MissingPolicy::error;
    if (auto d = ctx.find_string("delimiter")) {
      if (*d == "\\t" || *d == "tab" || *d == "\t")
        delimiter_ = '\t';
      else if (d->size() == 1 && (*d)[0] != '"' && (*d)[0] != '\n' && (*d)[0] != '\r')
        delimiter_ = (*d)[0];
      else
        ctx.option_error("delimiter", "must be one character such as \",\", \";\", \"|\" or \"\\t\", got \"" + *d + "\"");
    }
    options_.categorical = string_list(ctx, "categorical");
    options_.ignore = string_list(ctx, "ignore");
  }

  void load(ams_dataset& out) override {
    std::string text = read_file(path_);
    char delimiter = delimiter_ ? delimiter_ : detect_delimiter(text);
    CsvRecords records = tokenize(std::move(text), delimiter, path_);
    table_ = build_table(records, options_, path_);
    for (const auto& note : table_.notes) ctx_.log(AMS_LOG_INFO, path_ + ": " + note);

    x_shape_[0] = table_.n_rows;
    x_shape_[1] = table_.n_features;
    y_shape_[0] = table_.n_rows;
    class_ptrs_.clear();
    for (const auto& s : table_.class_names) class_ptrs_.push_back(s.c_str());
    feature_ptrs_.clear();
    for (const auto& s : table_.feature_names) feature_ptrs_.push_back(s.c_str());

    const uint32_t size = out.struct_size;
    ams_dataset d{};
    d.struct_size = size;
    d.X = tensor(table_.X.data(), 2, x_shape_);
    d.y = tensor(table_.has_target ? table_.y.data() : nullptr, 1, y_shape_);
    d.sample_weight = nullptr;
    d.row_index = nullptr;
    d.n_rows = table_.n_rows;
    d.task = table_.task;
    d.n_classes = table_.n_classes;
    d.class_names = class_ptrs_.empty() ? nullptr : class_ptrs_.data();
    d.feature_names = feature_ptrs_.data();
    d.target_name = table_.has_target ? table_.target_name.c_str() : nullptr;
    // The host may know an older, shorter ams_dataset: write only what it declared.
    std::memcpy(&out, &d, std::min<size_t>(size ? size : sizeof d, sizeof d));
  }

 private:
  static ams_tensor tensor(double* data, int32_t ndim, int64_t* shape) {
    ams_tensor t{};
    t.data = data;
    t.device = {AMS_DEVICE_CPU, 0};
    t.ndim = ndim;
    t.dtype = {AMS_DTYPE_FLOAT, 64, 1};
    t.shape = shape;
    t.strides = nullptr;
    t.byte_offset = 0;
    return t;
  }

  std::string path_;
  char delimiter_ = 0;
  TableOptions options_;
  Table table_;
  int64_t x_shape_[2] = {0, 0};
  int64_t y_shape_[1] = {0};
  std::vector<const char*> class_ptrs_, feature_ptrs_;
};

}  // namespace ams_csv

AMS_PLUGIN("org.amsearch.loaders.csv", "1.0.0", "amsearch", ams::loader<ams_csv::CsvLoader>())
