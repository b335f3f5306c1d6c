// Fits one amsearch model on a train CSV and scores it on a test CSV, in a process that does
// nothing else, so that its peak resident memory is the model's (plus the data).
//
//   ams_model_bench PLUGIN_DIR MODEL 'n_estimators = 100, n_jobs = 1' train.csv test.csv classification|regression [SEED]
//
// The CSVs are numeric with a header, the target in the last column (class indices 0..k-1 for
// classification), as bench/models/make_data.py writes them. Prints one line of JSON:
// {"fit_s":..,"predict_s":..,"score":..,"max_rss_kb":..,"base_rss_kb":..}: CPU seconds of the
// fit and of the prediction of the test rows, accuracy or R^2, peak resident memory of the
// process and its peak before reading the data.
#include <sys/resource.h>

#include <ctime>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "data/dataset.hpp"
#include "evaluation/model_object.hpp"
#include "host/context.hpp"
#include "registry/registry.hpp"

namespace {

amcore::Dataset::Arrays read_numeric_csv(const std::string& path, int32_t task) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  amcore::Dataset::Arrays a;
  a.task = task;
  int64_t columns = 1;
  for (char c : line) columns += c == ',';
  a.n_features = columns - 1;
  double max_label = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const char* p = line.c_str();
    for (int64_t j = 0; j < columns; ++j) {
      char* end = nullptr;
      const double v = std::strtod(p, &end);
      if (end == p) throw std::runtime_error(path + ": not a number in row " + std::to_string(a.n_rows + 1));
      (j + 1 < columns ? a.X : a.y).push_back(v);
      p = *end == ',' ? end + 1 : end;
    }
    if (task == AMS_TASK_CLASSIFICATION) max_label = std::max(max_label, a.y.back());
    ++a.n_rows;
  }
  a.n_classes = task == AMS_TASK_CLASSIFICATION ? static_cast<int32_t>(max_label) + 1 : 0;
  return a;
}

// CPU seconds of the whole process (every thread): on a shared machine this measures the work
// done, where wall time would measure the other users too.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7 && argc != 8) {
    std::fprintf(stderr, "usage: %s PLUGIN_DIR MODEL OPTIONS_TOML TRAIN.csv TEST.csv TASK [SEED]\n", argv[0]);
    return 2;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const long base_rss_kb = usage.ru_maxrss;
  try {
    const int32_t task = std::string(argv[6]) == "regression" ? AMS_TASK_REGRESSION
                                                             : AMS_TASK_CLASSIFICATION;
    amcore::Dataset::Arrays train_arrays = read_numeric_csv(argv[4], task);
    amcore::Dataset::Arrays test_arrays = read_numeric_csv(argv[5], task);
    // Both halves must agree on the number of classes even if a rare class misses the test part.
    test_arrays.n_classes = train_arrays.n_classes = std::max(train_arrays.n_classes, test_arrays.n_classes);
    const std::vector<double> truth = test_arrays.y;
    amcore::Dataset train(std::move(train_arrays));
    amcore::Dataset test(std::move(test_arrays));

    amcore::Registry registry;
    registry.load_path({argv[1]});
    const amcore::Component& component = registry.get(AMS_KIND_MODEL, argv[2]);
    auto context = std::make_unique<ams_context>();
    // The options are the body of an inline table: 'n_estimators = 100, n_jobs = 1'.
    context->options = *toml::parse(std::string("options = {") + argv[3] + "}")["options"].as_table();
    context->label = std::string("model ") + argv[2];
    context->seed = argc == 8 ? std::stoull(argv[7]) : 0;
    auto model = amcore::ModelObject::create(component, std::move(context));

    double start = cpu_seconds();
    if (model->fit(train.all(), nullptr) != AMS_OK)
      throw std::runtime_error("fit failed: " + model->context().take_error());
    const double fit_s = cpu_seconds() - start;
    std::vector<double> predicted;
    start = cpu_seconds();
    if (model->predict(test.all(), predicted) != AMS_OK)
      throw std::runtime_error("predict failed: " + model->context().take_error());
    const double predict_s = cpu_seconds() - start;

    double score = 0;
    if (task == AMS_TASK_CLASSIFICATION) {
      for (size_t i = 0; i < truth.size(); ++i) score += predicted[i] == truth[i];
      score /= static_cast<double>(truth.size());
    } else {
      double mean = 0, ss_res = 0, ss_tot = 0;
      for (double v : truth) mean += v / static_cast<double>(truth.size());
      for (size_t i = 0; i < truth.size(); ++i) {
        ss_res += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
        ss_tot += (truth[i] - mean) * (truth[i] - mean);
      }
      score = 1 - ss_res / ss_tot;
    }
    getrusage(RUSAGE_SELF, &usage);
    std::printf("{\"fit_s\": %.6f, \"predict_s\": %.6f, \"score\": %.6f, \"max_rss_kb\": %ld, "
                "\"base_rss_kb\": %ld}\n",
                fit_s, predict_s, score, usage.ru_maxrss, base_rss_kb);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ams_model_bench: %s\n", e.what());
    return 1;
  }
}
