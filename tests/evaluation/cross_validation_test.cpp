#include "evaluation/cross_validation.hpp"

#include <cmath>
#include <thread>

#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "support/harness.hpp"

namespace {

using State = amcore::EvaluationResult::State;

// Iris as an in-memory Dataset (the test helper's CSV reader, not the loader plugin).
amcore::Dataset iris() {
  const auto table = amtest::read_csv(amtest::data_path("iris.csv"), "species",
                                      AMS_TASK_CLASSIFICATION);
  amcore::Dataset::Arrays a;
  a.X = table.X;
  a.y = table.y;
  a.n_rows = table.n_rows;
  a.n_features = table.n_features;
  a.task = table.task;
  a.n_classes = table.n_classes;
  return amcore::Dataset(std::move(a));
}

class CrossValidation : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& registry = amtest::registry();
    knn_ = registry.find(AMS_KIND_MODEL, "knn");
    const amcore::Component* accuracy = registry.find(AMS_KIND_METRIC, "accuracy");
    if (!knn_ || !accuracy) GTEST_SKIP() << "knn or accuracy plugin not built";
    data_ = std::make_unique<amcore::Dataset>(iris());
    metric_ = std::make_unique<amcore::Metric>(*accuracy, toml::table{}, "test.toml", ".");
    const auto rows = data_->row_ids();
    evaluation_.data = data_.get();
    evaluation_.metric = metric_.get();
    evaluation_.splits = amcore::stratified_kfold(rows, data_->class_labels(), 5, true, 7);
    evaluation_.study_seed = 7;
  }

  amcore::TrialRequest knn(int64_t number, int64_t k) {
    amcore::TrialRequest request;
    request.number = number;
    request.model = knn_;
    request.options.insert("n_neighbors", k);
    return request;
  }

  const amcore::Component* knn_ = nullptr;
  std::unique_ptr<amcore::Dataset> data_;
  std::unique_ptr<amcore::Metric> metric_;
  amcore::Evaluation evaluation_;
};

TEST_F(CrossValidation, ScoresEveryFoldAndAveragesThem) {
  std::vector<std::pair<int64_t, double>> reports;
  auto request = knn(0, 5);
  request.report = [&](int64_t step, double value) {
    reports.emplace_back(step, value);
    return AMS_OK;
  };
  const auto result = amcore::cross_validate(evaluation_, request);
  ASSERT_EQ(result.state, State::Complete) << result.error;
  ASSERT_EQ(result.fold_scores.size(), 5u);
  double sum = 0;
  for (double s : result.fold_scores) sum += s;
  EXPECT_DOUBLE_EQ(result.value, sum / 5);
  EXPECT_GT(result.value, 0.9);  // knn on iris
  ASSERT_EQ(reports.size(), 5u);
  EXPECT_EQ(reports.back().first, 4);
  EXPECT_DOUBLE_EQ(reports.back().second, result.value);
  EXPECT_EQ(result.intermediate, reports);
  EXPECT_TRUE(metric_->maximize());
}

TEST_F(CrossValidation, StopFromTheReportHookPrunes) {
  auto request = knn(1, 3);
  request.report = [](int64_t step, double) { return step == 1 ? AMS_STOP : AMS_OK; };
  const auto result = amcore::cross_validate(evaluation_, request);
  EXPECT_EQ(result.state, State::Pruned);
  EXPECT_EQ(result.last_step, 1);
  EXPECT_EQ(result.fold_scores.size(), 2u);
  EXPECT_DOUBLE_EQ(result.value, (result.fold_scores[0] + result.fold_scores[1]) / 2);
  EXPECT_EQ(amcore::abi_state(result.state), AMS_TRIAL_PRUNED);
}

TEST_F(CrossValidation, APluginFailureFailsTheTrialWithItsMessage) {
  amcore::Dataset::Arrays a;
  a.n_rows = 10;
  a.n_features = 1;
  for (int i = 0; i < 10; ++i) {
    a.X.push_back(i);
    a.y.push_back(i % 2);
  }
  a.X[3] = std::nan("");  // knn refuses non-finite inputs in fit
  a.task = AMS_TASK_CLASSIFICATION;
  a.n_classes = 2;
  amcore::Dataset bad(std::move(a));
  amcore::Evaluation evaluation = evaluation_;
  evaluation.data = &bad;
  evaluation.splits = amcore::kfold(bad.row_ids(), 2, false, 1);
  const auto result = amcore::cross_validate(evaluation, knn(2, 1));
  EXPECT_EQ(result.state, State::Failed);
  // Row 3 is validated in fold 0 and trained on in fold 1, where knn refuses it.
  EXPECT_NE(result.error.find("fold 1"), std::string::npos) << result.error;
  EXPECT_EQ(result.fold_scores.size(), 1u);
  EXPECT_NE(result.error.find("finite"), std::string::npos) << result.error;
  EXPECT_TRUE(std::isnan(result.value));
}

TEST_F(CrossValidation, RefusedOptionsAreBadInput) {
  auto request = knn(3, 5);
  request.options.insert("p", 0.5);  // knn: the Minkowski order must be >= 1
  EXPECT_THROW(amcore::cross_validate(evaluation_, request), amcore::InputError);
}

TEST_F(CrossValidation, ACancelledTrialStopsBeforeTheNextFold) {
  std::atomic<bool> cancelled{true};
  auto request = knn(4, 5);
  request.cancelled = &cancelled;
  const auto result = amcore::cross_validate(evaluation_, request);
  EXPECT_EQ(result.state, State::Cancelled);
  EXPECT_TRUE(result.fold_scores.empty());
}

TEST_F(CrossValidation, ConcurrentEvaluationsMatchSequentialOnes) {
  std::vector<amcore::EvaluationResult> sequential, parallel(4);
  for (int i = 0; i < 4; ++i) sequential.push_back(amcore::cross_validate(evaluation_, knn(i, 1 + 2 * i)));
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] { parallel[i] = amcore::cross_validate(evaluation_, knn(i, 1 + 2 * i)); });
  for (auto& t : threads) t.join();
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(parallel[i].state, State::Complete) << parallel[i].error;
    EXPECT_EQ(parallel[i].fold_scores, sequential[i].fold_scores);
  }
}

TEST_F(CrossValidation, RefitScoresTheHeldOutRowsAndKeepsTheModel) {
  const auto rows = data_->row_ids();
  const auto tt = amcore::train_test_split(rows, data_->class_labels(), 0.2, 3);
  auto refit = amcore::refit_and_score(evaluation_, knn(5, 5), tt.train, tt.test);
  ASSERT_TRUE(refit.model);
  EXPECT_GT(refit.test_score, 0.85);
  EXPECT_LE(refit.test_score, 1.0);
  std::vector<double> predictions;
  const ams_dataset test = data_->view(tt.test);
  EXPECT_EQ(refit.model->predict(test, predictions), AMS_OK);
  EXPECT_EQ(predictions.size(), tt.test.size());
  EXPECT_EQ(amcore::model_seed(7, 5, -1), amcore::model_seed(7, 5, -1));
  EXPECT_NE(amcore::model_seed(7, 5, -1), amcore::model_seed(7, 5, 0));
}

}  // namespace

// A model's own per-epoch reports: stepped apart from the folds, oriented like the metric,
// kept in the result, and able to prune the trial mid-fold.
class EpochReports : public CrossValidation {
 protected:
  void SetUp() override {
    CrossValidation::SetUp();
    if (IsSkipped()) return;
    mlp_ = amtest::registry().find(AMS_KIND_MODEL, "mlp");
    gbt_ = amtest::registry().find(AMS_KIND_MODEL, "gradient_boosting");
    if (!mlp_ || !gbt_) GTEST_SKIP() << "mlp or gradient_boosting plugin not built";
  }

  amcore::TrialRequest mlp(int64_t number, int64_t epochs, const amcore::Component* model) {
    amcore::TrialRequest request;
    request.number = number;
    request.model = model;
    request.options.insert("hidden", toml::array{8});
    request.options.insert("max_epochs", epochs);
    request.options.insert("batch_size", 32);
    return request;
  }

  const amcore::Component* mlp_ = nullptr;
  const amcore::Component* gbt_ = nullptr;
};

TEST_F(EpochReports, ArriveAtEpochStepsBetweenTheFoldReports) {
  EXPECT_EQ(mlp_->model.report_direction, AMS_MAXIMIZE);
  std::vector<std::pair<int64_t, double>> epochs, all;
  auto request = mlp(10, 6, mlp_);
  request.model_report = [&](int64_t step, double value) {
    epochs.emplace_back(step, value);
    all.emplace_back(step, value);
    return AMS_OK;
  };
  request.report = [&](int64_t step, double value) {
    all.emplace_back(step, value);
    return AMS_OK;
  };
  const auto result = amcore::cross_validate(evaluation_, request);
  ASSERT_EQ(result.state, State::Complete) << result.error;
  ASSERT_EQ(epochs.size(), 30u);  // 5 folds x 6 epochs, the mlp counting epochs from 1
  for (int k = 0; k < 5; ++k)
    for (int e = 1; e <= 6; ++e) {
      const auto& [step, value] = epochs[static_cast<size_t>(k * 6 + e - 1)];
      EXPECT_EQ(step, amcore::epoch_step(k, e));
      EXPECT_TRUE(value >= 0 && value <= 1) << value;  // an accuracy, as the metric: not negated
    }
  // The result keeps both kinds in the order they were made: fold k's epochs, then fold k.
  EXPECT_EQ(result.intermediate, all);
  ASSERT_EQ(result.intermediate.size(), 35u);
  EXPECT_EQ(result.intermediate[6].first, 0);
  EXPECT_EQ(result.intermediate.back().first, 4);
  EXPECT_DOUBLE_EQ(result.intermediate.back().second, result.value);
}

TEST_F(EpochReports, StopAtAnEpochPrunesTheTrialMidFold) {
  auto request = mlp(11, 6, mlp_);
  const int64_t stop_at = amcore::epoch_step(1, 3);
  int after_stop = 0;
  request.model_report = [&](int64_t step, double) {
    if (step > stop_at) ++after_stop;
    return step == stop_at ? AMS_STOP : AMS_OK;
  };
  const auto result = amcore::cross_validate(evaluation_, request);
  EXPECT_EQ(result.state, State::Pruned);
  EXPECT_EQ(result.last_step, stop_at);
  EXPECT_EQ(after_stop, 0);               // the mlp stopped training at once
  EXPECT_EQ(result.fold_scores.size(), 1u);  // fold 1 never finished
  ASSERT_EQ(result.intermediate.size(), 6u + 1u + 3u);
  EXPECT_EQ(result.intermediate.back().first, stop_at);
  EXPECT_DOUBLE_EQ(result.value, result.intermediate.back().second);
  EXPECT_EQ(result.error, "pruned at epoch 3 of fold 1");
}

TEST_F(EpochReports, ALossIsNegatedForAMaximizedMetric) {
  // gradient_boosting reports a log loss per round (declared AMS_MINIMIZE); accuracy is
  // maximized, so the values arrive negated: higher is better, as for the metric.
  EXPECT_EQ(gbt_->model.report_direction, AMS_MINIMIZE);
  amcore::TrialRequest request;
  request.number = 12;
  request.model = gbt_;
  request.options.insert("n_estimators", 4);
  request.options.insert("min_samples_leaf", 5);
  std::vector<std::pair<int64_t, double>> epochs;
  request.model_report = [&](int64_t step, double value) {
    epochs.emplace_back(step, value);
    return AMS_OK;
  };
  const auto result = amcore::cross_validate(evaluation_, request);
  ASSERT_EQ(result.state, State::Complete) << result.error;
  ASSERT_EQ(epochs.size(), 20u);
  EXPECT_EQ(epochs[0].first, amcore::epoch_step(0, 1));
  for (const auto& [step, value] : epochs) EXPECT_LT(value, 0) << step;
  // Boosting lowers the training loss round after round: the negated values rise.
  EXPECT_GT(epochs[3].second, epochs[0].second);
}

TEST_F(EpochReports, AModelWithoutReportDirectionIsNotHeard) {
  // The mlp as an ABI 1.0 plugin would be seen: it reports, but never said what its values
  // mean, so nothing reaches the hook and nothing can stop it mid-fold.
  amcore::Component undeclared = *mlp_;
  undeclared.model.report_direction = 0;
  auto request = mlp(13, 4, &undeclared);
  int heard = 0;
  request.model_report = [&](int64_t, double) {
    ++heard;
    return AMS_STOP;
  };
  const auto result = amcore::cross_validate(evaluation_, request);
  EXPECT_EQ(result.state, State::Complete) << result.error;
  EXPECT_EQ(heard, 0);
  EXPECT_EQ(result.intermediate.size(), 5u);
}

TEST_F(EpochReports, WithoutTheHookOnlyFoldsAreKept) {
  const auto result = amcore::cross_validate(evaluation_, mlp(14, 4, mlp_));
  ASSERT_EQ(result.state, State::Complete) << result.error;
  ASSERT_EQ(result.intermediate.size(), 5u);
  for (size_t k = 0; k < 5; ++k) EXPECT_EQ(result.intermediate[k].first, static_cast<int64_t>(k));
}
