// Turns tokenized CSV records into a numeric data set: picks the target, decides the task,
// types each feature column (numeric or categorical), handles missing values, one-hot encodes
// categorical columns and numbers the classes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "csv_tokenizer.hpp"

namespace ams_csv {

enum class TaskChoice { automatic, classification, regression };
enum class MissingPolicy { error, drop, mean };

struct TableOptions {
  std::string target;  // empty: the last column
  // Data to predict: the named target column may be absent (then every column is a feature and
  // the table has no y), and when present it may hold a single class.
  bool target_optional = false;
  TaskChoice task = TaskChoice::automatic;
  MissingPolicy missing = MissingPolicy::error;
  std::vector<std::string> categorical;  // columns one-hot encoded even if they hold numbers
  std::vector<std::string> ignore;       // columns left out
};

// Auto task: a numeric target is a class label when all its values are integers and there are
// at most this many distinct values.
constexpr size_t auto_max_classes = 20;

struct Table {
  int64_t n_rows = 0, n_features = 0;
  std::vector<double> X;  // row-major n_rows x n_features
  std::vector<double> y;
  int32_t task = 0;  // AMS_TASK_*
  int32_t n_classes = 0;
  std::vector<std::string> class_names, feature_names;
  std::string target_name;  // empty when the target is absent (target_optional)
  bool has_target = true;
  std::vector<std::string> notes;  // decisions worth logging (task chosen, rows dropped, ...)
};

// Throws ams::Error with "file:line:column: ..." messages for bad cells.
Table build_table(const CsvRecords& records, const TableOptions& options, const std::string& file);

}  // namespace ams_csv
