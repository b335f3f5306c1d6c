#include "study/study_outputs.hpp"

#include <filesystem>
#include <sstream>

#include "output/json.hpp"
#include "output/model_file.hpp"
#include "output/writers.hpp"

namespace fs = std::filesystem;

namespace amcore {

namespace {

std::string describe_data(const PipelineConfig& config, const StudySetup& setup) {
  const Dataset& data = *setup.data;
  std::ostringstream text;
  if (config.data) {
    if (const toml::node* path = config.data->options.get("path"); path && path->is_string())
      text << path->value_or(std::string()) << " (" << data.source() << "): ";
    else
      text << data.source() << ": ";
  }
  text << data.n_rows() << " rows, " << data.n_features() << " features";
  if (data.is_classification())
    text << ", " << data.n_classes() << " classes";
  else
    text << ", regression";
  if (!data.target_name().empty()) text << ", target " << data.target_name();
  return text.str();
}

std::string describe_evaluation(const PipelineConfig& config, const StudySetup& setup) {
  const EvaluationConfig& e = config.evaluation;
  std::ostringstream text;
  text << e.cv_method;
  if (e.cv_method == "holdout")
    text << " (validation fraction " << e.holdout_fraction << ")";
  else
    text << ", " << e.folds << " folds";
  if (e.repeats > 1) text << " x " << e.repeats << " repeats";
  text << "; " << setup.train_test.train.size() << " training rows, "
       << setup.train_test.test.size() << " held-out test rows (test fraction "
       << e.test_fraction << ")";
  return text.str();
}

}  // namespace

void finish_study(const PipelineConfig& config, const StudySetup& setup,
                  const StudyInfo& stored_info, StudySummary& summary) {
  const fs::path dir = summary.output_dir;
  const StoredTrial* best = summary.best_trial();
  std::optional<std::string> model_file;

  if (best && !setup.objective_mode()) {
    const int32_t candidate = setup.space.candidate_of(best->values.data());
    TrialRequest request;
    request.number = best->number;
    request.model = setup.models.at(static_cast<size_t>(candidate));
    request.options = setup.space.options_for(best->values.data());
    request.budget = 1.0;  // the refit always gets the full budget
    request.locate = [&setup, &config, candidate](const std::string& path) {
      return locate_parameter(setup.space, candidate, config.candidates, path);
    };
    try {
      Refit refit = refit_and_score(setup.evaluation, request, setup.train_test.train,
                                    setup.train_test.test);
      summary.refit_seconds = refit.duration_s;
      if (!setup.train_test.test.empty()) summary.test_score = refit.test_score;
      if (config.output.save_model) {
        if (refit.model->component().model.capabilities & AMS_MODEL_SAVE) {
          ModelMetadata meta = metadata_of(*refit.model);
          const Dataset& data = *setup.data;
          meta.task = data.task();
          meta.n_classes = data.n_classes();
          meta.class_names = data.class_names();
          meta.feature_names = data.feature_names();
          meta.target_name = data.target_name();
          meta.params_json = best->params_json;
          meta.metric = setup.score_name;
          meta.test_score = summary.test_score.value_or(std::numeric_limits<double>::quiet_NaN());
          save_model((dir / kModelFile).string(), *refit.model, meta);
          model_file = kModelFile;
          summary.model_file = model_file;
          summary.files.push_back((dir / kModelFile).string());
        } else {
          summary.warnings.push_back("model " + refit.model->component().name +
                                     " cannot be saved (no save support): no model file written");
        }
      }
    } catch (const EvaluationError& e) {
      summary.warnings.push_back(std::string("refitting the best configuration failed: ") +
                                 e.what());
    }
  }

  write_trials_csv((dir / kTrialsCsv).string(), setup.space, summary.trials);
  summary.files.push_back((dir / kTrialsCsv).string());
  if (best) {
    BestSummary b;
    b.trial = best;
    b.metric = setup.score_name;
    b.direction = setup.maximize ? "maximize" : "minimize";
    b.test_score = summary.test_score;
    b.model_file = model_file;
    write_best_json((dir / kBestJson).string(), b);
    summary.files.push_back((dir / kBestJson).string());
  }
  write_pipeline_toml((dir / kPipelineToml).string(), config.document);
  summary.files.push_back((dir / kPipelineToml).string());

  ReportInput report;
  report.study = &stored_info;
  report.space = &setup.space;
  report.trials = &summary.trials;
  if (!setup.objective_mode()) {
    report.data_description = describe_data(config, setup);
    report.evaluation_description = describe_evaluation(config, setup);
  } else {
    report.data_description = "objective " + setup.score_name + " (no data)";
  }
  report.strategy = config.strategy.plugin;
  report.test_score = summary.test_score;
  report.model_file = model_file;
  report.wall_time_s = summary.elapsed_seconds;
  write_report_md((dir / kReportMd).string(), report);
  summary.files.push_back((dir / kReportMd).string());
}

}  // namespace amcore
