// The files a study leaves in its output folder, all derived from the storage's trial list:
// trials.csv, best.json, pipeline.toml and report.md. Each file is written to a temporary name
// and renamed, so a reader never sees half a file. Throws InputError naming the file when it
// cannot be written.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "space/search_space.hpp"
#include "storage/study_storage.hpp"

namespace amcore {

// The best finished trial: complete, finite value, best by `maximize`; ties go to the lower
// number. nullptr when there is none.
const StoredTrial* best_trial(const std::vector<StoredTrial>& trials, bool maximize);

// number,state,value,duration_s,<one column per space parameter> — values by
// SearchSpace::format (empty when inactive), RFC 4180 quoting. Running trials are skipped.
void write_trials_csv(const std::string& path, const SearchSpace& space,
                      const std::vector<StoredTrial>& trials);

struct BestSummary {
  const StoredTrial* trial = nullptr;  // required
  std::string metric;
  std::string direction;  // "maximize" / "minimize"
  std::optional<double> test_score;
  std::optional<std::string> model_file;  // as it should appear (usually relative: "model.amsmodel")
};
// {"trial","value","metric","direction","params":{...},"test_score","model_file"}; the last
// two only when present.
void write_best_json(const std::string& path, const BestSummary& best);
std::string best_json(const BestSummary& best);

// The effective pipeline document, as TOML.
void write_pipeline_toml(const std::string& path, const toml::table& document);

struct ReportInput {
  const StudyInfo* study = nullptr;  // required
  const SearchSpace* space = nullptr;  // required
  const std::vector<StoredTrial>* trials = nullptr;  // required
  std::string data_description;  // e.g. "examples/data/iris.csv: 150 rows, 4 features, 3 classes"
  std::string evaluation_description;  // e.g. "stratified_kfold, 5 folds; test fraction 0.2"
  std::string strategy;                // strategy plugin name
  std::optional<double> test_score;
  std::optional<std::string> model_file;
  double wall_time_s = 0;  // 0: unknown
};
// A human summary in Markdown: the study, the data, the best configuration, the test score,
// the top-10 trials, trial counts by state, and durations.
void write_report_md(const std::string& path, const ReportInput& input);
std::string report_md(const ReportInput& input);

// Writes `text` to path atomically (path.tmp then rename). Throws InputError.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace amcore
