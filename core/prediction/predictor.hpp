// `amhost predict`: a saved model applied to new data. Loads the model file, reads the data
// through the csv loader, lines its columns up with the model's by name (column_mapping.hpp)
// and predicts: class labels and, when the model has them, class probabilities; or values.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "output/model_file.hpp"
#include "registry/registry.hpp"

namespace amcore {

struct Predictions {
  ModelMetadata model;
  int64_t n_rows = 0;
  std::vector<double> values;         // per row: class index (classification) or value
  std::vector<double> probabilities;  // n_rows x n_classes row-major; empty when unsupported
  std::vector<std::string> warnings;  // e.g. category levels the model never saw
  // When the data held the target column: how the predictions score against it, e.g.
  // "accuracy 0.9667 on 150 rows of 'species'".
  std::optional<std::string> score;
};

// Throws InputError (bad or corrupted model file, unreadable data, a non-numeric cell with its
// line and column, missing or unexpected columns), PluginError (the model's plugin is not
// installed), EvaluationError (the model failed to load or predict).
Predictions predict_file(const Registry& registry, const std::string& model_path,
                         const std::string& data_path);

// CSV: a header, then one line per row: the predicted label (or value) under the target's
// name, then one probability column per class, "proba_<class>".
void write_predictions_csv(std::ostream& out, const Predictions& predictions);

}  // namespace amcore
