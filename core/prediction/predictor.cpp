#include "prediction/predictor.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "common/errors.hpp"
#include "data/tensor.hpp"
#include "prediction/column_mapping.hpp"
#include "prediction/new_data.hpp"

namespace amcore {

namespace {

toml::table loader_options(const std::string& data_path, const ModelMetadata& model,
                           const std::vector<std::string>& categorical) {
  toml::table options;
  options.insert("path", std::filesystem::absolute(data_path).string());
  options.insert("target", model.target_name);
  options.insert("target_optional", true);
  options.insert("task", model.task == AMS_TASK_CLASSIFICATION ? "classification" : "regression");
  if (!categorical.empty()) {
    toml::array columns;
    for (const auto& c : categorical) columns.push_back(c);
    options.insert("categorical", std::move(columns));
  }
  return options;
}

// The model's feature matrix: the data's columns in the model's order, zeros for one-hot
// levels the data does not have.
std::vector<double> model_matrix(const NewData& data, const ColumnMapping& mapping) {
  const int64_t n = data.n_rows(), p_in = data.n_features();
  const auto p = static_cast<int64_t>(mapping.source.size());
  const double* X = static_cast<const double*>(data.data().X.data);
  std::vector<double> out(static_cast<size_t>(n * p), 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < p; ++j)
      if (const int64_t from = mapping.source[static_cast<size_t>(j)]; from >= 0)
        out[static_cast<size_t>(i * p + j)] = X[i * p_in + from];
  return out;
}

std::string fixed(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", v);
  return buffer;
}

// The predictions against the target column of the data, when it has one.
std::optional<std::string> score_against_target(const NewData& data, const Predictions& p) {
  if (!data.has_target()) return std::nullopt;
  const double* y = static_cast<const double*>(data.data().y.data);
  const std::string rows = " on " + std::to_string(p.n_rows) + " rows of '" + p.model.target_name + "'";
  if (p.model.task == AMS_TASK_CLASSIFICATION) {
    // The file's classes are numbered by the labels it holds: compare by name.
    const std::vector<std::string> file_classes = data.class_names();
    int64_t right = 0;
    for (int64_t i = 0; i < p.n_rows; ++i) {
      const auto truth = static_cast<size_t>(y[i]);
      const auto predicted = static_cast<size_t>(p.values[static_cast<size_t>(i)]);
      right += truth < file_classes.size() && predicted < p.model.class_names.size() &&
               file_classes[truth] == p.model.class_names[predicted];
    }
    return "accuracy " + fixed(static_cast<double>(right) / static_cast<double>(p.n_rows)) + rows;
  }
  double mean = 0, ss_res = 0, ss_tot = 0;
  for (int64_t i = 0; i < p.n_rows; ++i) mean += y[i] / static_cast<double>(p.n_rows);
  for (int64_t i = 0; i < p.n_rows; ++i) {
    const double e = y[i] - p.values[static_cast<size_t>(i)];
    ss_res += e * e;
    ss_tot += (y[i] - mean) * (y[i] - mean);
  }
  std::string text = "rmse " + fixed(std::sqrt(ss_res / static_cast<double>(p.n_rows)));
  if (ss_tot > 0) text += ", r2 " + fixed(1 - ss_res / ss_tot);
  return text + rows;
}

void write_cell(std::ostream& out, const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    out << text;
    return;
  }
  out << '"';
  for (char c : text) out << (c == '"' ? "\"\"" : std::string(1, c));
  out << '"';
}

void write_number(std::ostream& out, double v) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);  // shortest round trip
  out.write(buffer, result.ptr - buffer);
}

}  // namespace

Predictions predict_file(const Registry& registry, const std::string& model_path,
                         const std::string& data_path) {
  Predictions p;
  std::unique_ptr<ModelObject> model = load_model(model_path, registry, &p.model);
  const ModelMetadata& md = p.model;
  if (md.target_name.empty())
    throw InputError(model_path + ": the model file does not name its target column, so the "
                     "data's feature columns cannot be told from it");
  if (md.task == AMS_TASK_CLASSIFICATION &&
      md.class_names.size() != static_cast<size_t>(md.n_classes))
    throw InputError(model_path + ": the model has " + std::to_string(md.n_classes) +
                     " classes but names " + std::to_string(md.class_names.size()));

  auto data = std::make_unique<NewData>(registry, loader_options(data_path, md, {}));
  ColumnMapping mapping = map_columns(md.feature_names, data->feature_names(), data_path);
  if (!mapping.reload_as_categorical.empty()) {
    data = std::make_unique<NewData>(
        registry, loader_options(data_path, md, mapping.reload_as_categorical));
    mapping = map_columns(md.feature_names, data->feature_names(), data_path);
  }
  for (const auto& level : mapping.unseen_levels)
    p.warnings.push_back(data_path + ": the model never saw " + level +
                         " in training; rows with it get zeros in that column's one-hot features");

  p.n_rows = data->n_rows();
  const std::vector<double> X = model_matrix(*data, mapping);
  int64_t x_shape[2] = {p.n_rows, static_cast<int64_t>(md.feature_names.size())};
  int64_t y_shape[1] = {p.n_rows};
  std::vector<const char*> feature_ptrs, class_ptrs;
  for (const auto& s : md.feature_names) feature_ptrs.push_back(s.c_str());
  for (const auto& s : md.class_names) class_ptrs.push_back(s.c_str());
  ams_dataset view{};
  view.struct_size = sizeof(ams_dataset);
  view.X = float64_tensor(X.data(), 2, x_shape);
  view.y = float64_tensor(nullptr, 1, y_shape);  // no target at predict time
  view.n_rows = p.n_rows;
  view.task = md.task;
  view.n_classes = md.task == AMS_TASK_CLASSIFICATION ? md.n_classes : 0;
  view.class_names = class_ptrs.empty() ? nullptr : class_ptrs.data();
  view.feature_names = feature_ptrs.data();
  view.target_name = md.target_name.c_str();

  if (model->predict(view, p.values) != AMS_OK)
    throw EvaluationError(model_path + ": model " + md.component + " failed to predict: " +
                          model->context().take_error());
  if (md.task == AMS_TASK_CLASSIFICATION) {
    for (int64_t i = 0; i < p.n_rows; ++i) {
      const double c = p.values[static_cast<size_t>(i)];
      if (!(c >= 0 && c < md.n_classes) || c != std::floor(c))
        throw EvaluationError("model " + md.component + " predicted class index " +
                              std::to_string(c) + " for row " + std::to_string(i + 1) +
                              ", not one of its " + std::to_string(md.n_classes) + " classes");
    }
    const ams_status s = model->predict_proba(view, md.n_classes, p.probabilities);
    if (s == AMS_ERR_UNSUPPORTED) {
      model->context().take_error();
      p.probabilities.clear();
    } else if (s != AMS_OK) {
      throw EvaluationError(model_path + ": model " + md.component +
                            " failed to predict probabilities: " + model->context().take_error());
    }
  }
  p.score = score_against_target(*data, p);
  return p;
}

void write_predictions_csv(std::ostream& out, const Predictions& p) {
  const ModelMetadata& md = p.model;
  const bool classification = md.task == AMS_TASK_CLASSIFICATION;
  const bool proba = classification && !p.probabilities.empty();
  write_cell(out, md.target_name);
  if (proba)
    for (const auto& name : md.class_names) {
      out << ',';
      write_cell(out, "proba_" + name);
    }
  out << '\n';
  const auto k = static_cast<size_t>(md.n_classes);
  for (int64_t i = 0; i < p.n_rows; ++i) {
    const auto row = static_cast<size_t>(i);
    if (classification)
      write_cell(out, md.class_names[static_cast<size_t>(p.values[row])]);
    else
      write_number(out, p.values[row]);
    if (proba)
      for (size_t c = 0; c < k; ++c) {
        out << ',';
        write_number(out, p.probabilities[row * k + c]);
      }
    out << '\n';
  }
}

}  // namespace amcore
