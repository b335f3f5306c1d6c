// Lines up the feature columns of new data with the ones a model was trained on, by name.
//
// The csv loader one-hot encodes a categorical column into "column=level" features holding only
// the levels present in the file, so new data rarely has the same one-hot columns as the
// training data: a level absent here is a column of zeros, a level the model never saw sets
// none of the model's columns (like scikit-learn's handle_unknown="ignore"). Plain columns must
// all be present; their order in the file does not matter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace amcore {

struct ColumnMapping {
  // For each trained feature, the index of the new data's feature holding it, or -1 for a
  // one-hot level absent from the new data (zeros).
  std::vector<int64_t> source;
  // Categorical columns to re-read as categorical: the model saw them one-hot encoded but the
  // loader read them as numbers here (levels that look like numbers, `categorical = [...]` in
  // training). Non-empty means the mapping is incomplete until the data is loaded again.
  std::vector<std::string> reload_as_categorical;
  // One-hot features of levels the model never saw ("color=purple"), for a warning.
  std::vector<std::string> unseen_levels;
};

// Throws InputError starting with `data_label` naming every column the model needs that the
// data lacks, and every column the data has that the model was not trained on.
ColumnMapping map_columns(const std::vector<std::string>& trained,
                          const std::vector<std::string>& given, const std::string& data_label);

}  // namespace amcore
