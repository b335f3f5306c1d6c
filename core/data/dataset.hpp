// The data set of a study: loaded once through a loader plugin, then shared read-only by every
// trial and thread. Folds are row_index views into it, never copies.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <ams/ams.h>

#include "config/pipeline.hpp"

namespace amcore {

class Registry;

class Dataset {
 public:
  // Loads the data set through the loader component named by config.data->loader, whose
  // options are the whole [data] table. Throws InputError with the loader's own message when
  // loading fails, or when what it returned is inconsistent (dtype, shape, labels out of range).
  // Throws PluginError when no such loader exists. The loader object (which owns the arrays)
  // lives as long as this Dataset.
  Dataset(const Registry& registry, const PipelineConfig& config);

  // A data set owning the arrays given (tests, embedded data). X is row-major
  // n_rows x n_features; for classification y holds class indices 0..n_classes-1.
  // sample_weight is empty (equal weights) or n_rows long. Throws InputError when inconsistent.
  struct Arrays {
    std::vector<double> X, y, sample_weight;
    int64_t n_rows = 0, n_features = 0;
    int32_t task = AMS_TASK_REGRESSION;
    int32_t n_classes = 0;
    std::vector<std::string> class_names;    // empty or n_classes names
    std::vector<std::string> feature_names;  // empty or n_features names
    std::string target_name;
  };
  explicit Dataset(Arrays arrays);

  Dataset(Dataset&&) noexcept;
  Dataset& operator=(Dataset&&) noexcept;
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;
  ~Dataset();

  // The view of every row. Valid as long as this object.
  const ams_dataset& all() const;
  // A zero-copy view of some rows (indices into all rows, may repeat). The view points into
  // `rows`: the vector must outlive the view and must not be resized while it is used.
  ams_dataset view(const std::vector<int64_t>& rows) const;

  int64_t n_rows() const;
  int64_t n_features() const;
  int32_t task() const;       // AMS_TASK_*
  int32_t n_classes() const;  // 0 for regression
  bool is_classification() const { return task() == AMS_TASK_CLASSIFICATION; }
  // Names; generated ("class_0", "x0") when the loader gave none.
  const std::vector<std::string>& class_names() const;
  const std::vector<std::string>& feature_names() const;
  const std::string& target_name() const;  // "" when unknown
  // Labels of every row as class indices (classification) — for stratified splits.
  std::vector<int32_t> class_labels() const;
  // Target of row i.
  double target(int64_t row) const;
  // Rows 0..n_rows-1.
  std::vector<int64_t> row_ids() const;
  // "loader csv" when loaded through a plugin, "in-memory" otherwise; for reports.
  const std::string& source() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace amcore
