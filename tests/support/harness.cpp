#include "support/harness.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

#include "data/tensor.hpp"

namespace amtest {

amcore::Registry& registry() {
  static amcore::Registry* r = [] {
    auto* reg = new amcore::Registry();  // lives until exit: plugins are never unloaded early
    reg->load_path({AMS_TEST_PLUGIN_DIR});
    return reg;
  }();
  return *r;
}

std::string data_path(const std::string& file) {
  return std::string(AMS_TEST_SOURCE_DIR) + "/examples/data/" + file;
}

Object::~Object() {
  if (self) component.descriptor.destroy(self);
}

std::string Object::error() { return context->take_error(); }

std::unique_ptr<Object> make(int32_t kind, const std::string& name,
                             const std::string& options_toml, uint64_t seed) {
  const amcore::Component& c = registry().get(kind, name);
  auto ctx = std::make_unique<ams_context>();
  ctx->options = toml::parse(options_toml, std::string_view("test-options.toml"));
  ctx->file = "test-options.toml";
  ctx->base_dir = AMS_TEST_SOURCE_DIR;
  ctx->label = std::string(amcore::kind_name(kind)) + " " + name;
  ctx->seed = seed;
  void* self = c.descriptor.create(ctx.get());
  if (!self) {
    std::string message = ctx->take_error();
    throw std::runtime_error(message.empty() ? "create failed without a message" : message);
  }
  return std::make_unique<Object>(c, std::move(ctx), self);
}

ams_dataset Table::view() const {
  x_shape_[0] = n_rows;
  x_shape_[1] = n_features;
  y_shape_[0] = n_rows;
  ams_dataset d{};
  d.struct_size = sizeof(ams_dataset);
  d.X = amcore::float64_tensor(X.data(), 2, x_shape_);
  d.y = amcore::float64_tensor(y.empty() ? nullptr : y.data(), 1, y_shape_);
  d.n_rows = n_rows;
  d.task = task;
  d.n_classes = n_classes;
  return d;
}

ams_dataset Table::view(const std::vector<int64_t>& rows) const {
  ams_dataset d = view();
  d.row_index = rows.data();
  d.n_rows = static_cast<int64_t>(rows.size());
  return d;
}

static std::vector<std::string> split_line(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string field;
  while (std::getline(ss, field, ',')) out.push_back(field);
  return out;
}

Table read_csv(const std::string& path, const std::string& target, int32_t task) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  auto header = split_line(line);
  auto it = std::find(header.begin(), header.end(), target);
  if (it == header.end()) throw std::runtime_error("no column " + target + " in " + path);
  size_t target_col = static_cast<size_t>(it - header.begin());

  Table t;
  t.task = task;
  t.n_features = static_cast<int64_t>(header.size()) - 1;
  std::vector<std::string> labels;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    auto fields = split_line(line);
    if (fields.size() != header.size()) throw std::runtime_error("ragged row in " + path);
    for (size_t j = 0; j < fields.size(); ++j)
      if (j != target_col) t.X.push_back(std::stod(fields[j]));
    labels.push_back(fields[target_col]);
    ++t.n_rows;
  }
  if (task == AMS_TASK_REGRESSION) {
    for (const auto& l : labels) t.y.push_back(std::stod(l));
    return t;
  }
  bool numeric = std::all_of(labels.begin(), labels.end(), [](const std::string& s) {
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    return end && *end == '\0' && !s.empty();
  });
  std::vector<std::string> classes = labels;
  if (numeric)
    std::sort(classes.begin(), classes.end(),
              [](const std::string& a, const std::string& b) { return std::stod(a) < std::stod(b); });
  else
    std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  std::map<std::string, double> index;
  for (size_t k = 0; k < classes.size(); ++k) index[classes[k]] = static_cast<double>(k);
  for (const auto& l : labels) t.y.push_back(index[l]);
  t.n_classes = static_cast<int32_t>(classes.size());
  return t;
}

void split_rows(int64_t n, double test_fraction, uint64_t seed, std::vector<int64_t>& train,
                std::vector<int64_t>& test) {
  std::vector<int64_t> rows(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) rows[static_cast<size_t>(i)] = i;
  std::mt19937_64 rng(seed);
  std::shuffle(rows.begin(), rows.end(), rng);
  auto n_test = static_cast<size_t>(static_cast<double>(n) * test_fraction);
  test.assign(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n_test));
  train.assign(rows.begin() + static_cast<std::ptrdiff_t>(n_test), rows.end());
}

static void check(Object& model, ams_status s, const char* what) {
  if (s != AMS_OK)
    throw std::runtime_error(std::string(what) + " failed (status " + std::to_string(s) +
                             "): " + model.error());
}

void fit(Object& model, const ams_dataset& train, const ams_dataset* valid) {
  check(model, model.component.model.fit(model.self, &train, valid), "fit");
}

std::vector<double> predict(Object& model, const ams_dataset& data) {
  std::vector<double> out(static_cast<size_t>(data.n_rows));
  int64_t shape[1] = {data.n_rows};
  ams_tensor t = amcore::float64_tensor(out.data(), 1, shape);
  check(model, model.component.model.predict(model.self, &data, &t), "predict");
  return out;
}

std::vector<double> predict_proba(Object& model, const ams_dataset& data, int32_t n_classes) {
  if (!model.component.model.predict_proba)
    throw std::runtime_error("model has no predict_proba");
  std::vector<double> out(static_cast<size_t>(data.n_rows * n_classes));
  int64_t shape[2] = {data.n_rows, n_classes};
  ams_tensor t = amcore::float64_tensor(out.data(), 2, shape);
  check(model, model.component.model.predict_proba(model.self, &data, &t), "predict_proba");
  return out;
}

double accuracy(const std::vector<double>& truth, const std::vector<double>& predicted) {
  if (truth.empty() || truth.size() != predicted.size()) return 0;
  size_t ok = 0;
  for (size_t i = 0; i < truth.size(); ++i) ok += truth[i] == predicted[i];
  return static_cast<double>(ok) / static_cast<double>(truth.size());
}

}  // namespace amtest
