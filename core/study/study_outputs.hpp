// The end of a study: the best configuration refit on the whole training part and scored on
// the held-out test part, the model saved, and the files of the output folder written.
#pragma once

#include <string>

#include "storage/study_storage.hpp"
#include "study/setup.hpp"
#include "study/study.hpp"

namespace amcore {

// Fills summary.test_score / refit_seconds / files / warnings. A refit or save that fails is a
// warning (the search itself is kept); a file that cannot be written is an InputError.
void finish_study(const PipelineConfig& config, const StudySetup& setup,
                  const StudyInfo& stored_info, StudySummary& summary);

// File names inside the output folder.
inline constexpr const char* kTrialsCsv = "trials.csv";
inline constexpr const char* kBestJson = "best.json";
inline constexpr const char* kPipelineToml = "pipeline.toml";
inline constexpr const char* kReportMd = "report.md";
inline constexpr const char* kModelFile = "model.amsmodel";

// Keys of StudyStorage::set_meta written at the end of a study.
inline constexpr const char* kMetaTestScore = "test_score";  // shortest round-trip number
inline constexpr const char* kMetaModelFile = "model_file";  // relative to the output folder
inline constexpr const char* kMetaScoreName = "score_name";  // metric or objective name

}  // namespace amcore
