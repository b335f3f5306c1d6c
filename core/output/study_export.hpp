// amhost export: trials.csv and best.json written again from a study database, at any time
// (while the study runs, after it was killed, or to another folder).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace amcore {

struct ExportResult {
  std::string database;            // the study.db read
  std::vector<std::string> files;  // written, as paths
  size_t finished_trials = 0;
  size_t running_trials = 0;       // left out of trials.csv
  bool has_best = false;           // false: no complete trial, so no best.json
};

// Reads `database` (a study.db or an output folder holding one) read-only and writes
// trials.csv and best.json into `out_dir` (default: the database's folder). Throws InputError
// for a missing, foreign, corrupted or newer database, or a folder that cannot be written.
ExportResult export_study(const std::string& database, const std::optional<std::string>& out_dir);

}  // namespace amcore
