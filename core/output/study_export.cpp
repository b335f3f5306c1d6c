#include "output/study_export.hpp"

#include <cstdlib>
#include <filesystem>

#include "common/errors.hpp"
#include "output/writers.hpp"
#include "storage/stored_space.hpp"
#include "storage/study_storage.hpp"
#include "study/study_outputs.hpp"

namespace fs = std::filesystem;

namespace amcore {

ExportResult export_study(const std::string& database, const std::optional<std::string>& out_dir) {
  const StudyStorage storage = StudyStorage::open_read_only(database);
  const SearchSpace space = stored_space(storage);
  const StudyInfo& info = storage.info();
  const fs::path dir = out_dir ? fs::path(*out_dir) : fs::path(storage.path()).parent_path();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw InputError("cannot create the export folder " + dir.string() + ": " + ec.message());

  ExportResult result;
  result.database = storage.path();
  std::vector<StoredTrial> finished;
  for (StoredTrial& t : storage.trials()) {
    if (t.state == StoredState::Running) {
      ++result.running_trials;
      continue;
    }
    finished.push_back(std::move(t));
  }
  result.finished_trials = finished.size();

  const std::string trials_csv = (dir / kTrialsCsv).string();
  write_trials_csv(trials_csv, space, finished);
  result.files.push_back(trials_csv);

  const bool maximize = info.direction == "maximize";
  if (const StoredTrial* best = best_trial(finished, maximize)) {
    BestSummary summary;
    summary.trial = best;
    summary.metric = storage.meta(kMetaScoreName).value_or(info.metric);
    summary.direction = info.direction;
    if (auto score = storage.meta(kMetaTestScore)) summary.test_score = std::strtod(score->c_str(), nullptr);
    // A model file only means something next to the database it came with.
    if (auto model = storage.meta(kMetaModelFile);
        model && fs::exists(fs::path(storage.path()).parent_path() / *model, ec))
      summary.model_file = out_dir ? (fs::path(storage.path()).parent_path() / *model).string() : *model;
    const std::string best_json_path = (dir / kBestJson).string();
    write_best_json(best_json_path, summary);
    result.files.push_back(best_json_path);
    result.has_best = true;
  }
  return result;
}

}  // namespace amcore
