// The fold-aware Wilcoxon rule on hand-made fold scores whose decisions are known.
#include <gtest/gtest.h>

#include <limits>
#include <numeric>

#include "pruning/signed_rank_test.hpp"
#include "pruning/wilcoxon_pruner.hpp"

using namespace amcore;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void finish(Pruner& pruner, int64_t trial, const std::vector<double>& folds,
            StoredState state = StoredState::Complete) {
  std::vector<int64_t> steps(folds.size());
  std::iota(steps.begin(), steps.end(), int64_t{0});
  const double mean = std::accumulate(folds.begin(), folds.end(), 0.0) / folds.size();
  pruner.record_finished(trial, steps, folds, state,
                         state == StoredState::Complete ? mean : kNaN);
}

// Index of the first step at which the pruner stops the trial, or -1.
int64_t stops_at(Pruner& pruner, int64_t trial, const std::vector<double>& folds) {
  for (size_t k = 0; k < folds.size(); ++k)
    if (pruner.should_stop(trial, static_cast<int64_t>(k), folds[k])) return static_cast<int64_t>(k);
  return -1;
}

const std::vector<double> kBest = {0.10, 0.12, 0.11, 0.13, 0.09, 0.10};

}  // namespace

TEST(WilcoxonPruner, StopsOnceEnoughFoldsAreWorse) {
  WilcoxonPruner pruner(WilcoxonRule{0.1, 1, 2});
  finish(pruner, 0, kBest);
  // Worse on every fold: p = 1/2^n, below 0.1 from n = 4 (0.0625); n = 3 gives 0.125.
  EXPECT_EQ(stops_at(pruner, 1, {0.11, 0.15, 0.12, 0.14, 0.10, 0.11}), 3);
}

TEST(WilcoxonPruner, KeepsATrialThatIsNotClearlyWorse) {
  WilcoxonPruner pruner(WilcoxonRule{0.1, 1, 2});
  finish(pruner, 0, kBest);
  EXPECT_EQ(stops_at(pruner, 1, {0.11, 0.11, 0.12, 0.12, 0.10, 0.09}), -1);
  EXPECT_EQ(stops_at(pruner, 2, kBest), -1);  // ties everywhere: p = 0.5
}

TEST(WilcoxonPruner, KeepsATrialWhoseMeanIsNotWorse) {
  // Five small losses and one large win: p = 14/64 < 0.3, but the mean is better.
  const std::vector<double> diffs = {0.01, 0.02, 0.03, 0.04, 0.05, -1.0};
  ASSERT_NEAR(signed_rank_greater(diffs).p_value, 14.0 / 64, 1e-12);
  std::vector<double> trial(kBest.size());
  for (size_t i = 0; i < trial.size(); ++i) trial[i] = kBest[i] + diffs[i];
  WilcoxonPruner pruner(WilcoxonRule{0.3, 1, 6});
  finish(pruner, 0, kBest);
  EXPECT_EQ(stops_at(pruner, 1, trial), -1);

  // The same with a tiny win instead: p = 2/64 and the mean is worse.
  trial.back() = kBest.back() - 0.001;
  EXPECT_EQ(stops_at(pruner, 2, trial), 5);
}

TEST(WilcoxonPruner, WaitsForMinStepsAndStartupTrials) {
  WilcoxonPruner pruner(WilcoxonRule{0.5, 2, 3});
  finish(pruner, 0, kBest);
  const std::vector<double> worse = {0.2, 0.2, 0.2, 0.2, 0.2, 0.2};
  EXPECT_EQ(stops_at(pruner, 1, worse), -1);  // one completed trial of two
  finish(pruner, 2, {0.3, 0.3, 0.3, 0.3, 0.3, 0.3});
  // p after 1, 2, 3 folds: 0.5, 0.25, 0.125; min_steps = 3 holds back the first two.
  EXPECT_EQ(stops_at(pruner, 3, worse), 2);
}

TEST(WilcoxonPruner, ComparesWithTheBestCompletedTrialOnly) {
  WilcoxonPruner pruner(WilcoxonRule{0.1, 1, 2});
  finish(pruner, 0, {0.5, 0.5, 0.5, 0.5, 0.5});
  // A pruned trial with excellent folds is no reference.
  finish(pruner, 1, {0.01, 0.01}, StoredState::Pruned);
  const std::vector<double> middling = {0.3, 0.31, 0.32, 0.33, 0.34};
  EXPECT_EQ(stops_at(pruner, 2, middling), -1);
  // A better completed trial becomes the reference.
  finish(pruner, 3, {0.1, 0.1, 0.1, 0.1, 0.1});
  EXPECT_EQ(stops_at(pruner, 4, middling), 3);
  // A worse one does not replace it.
  finish(pruner, 5, {0.9, 0.9, 0.9, 0.9, 0.9});
  EXPECT_EQ(stops_at(pruner, 6, middling), 3);
}

TEST(WilcoxonPruner, StopsANaNFold) {
  WilcoxonPruner pruner(WilcoxonRule{0.1, 1, 2});
  finish(pruner, 0, kBest);
  EXPECT_EQ(stops_at(pruner, 1, {0.05, kNaN, 0.05}), 1);
}

TEST(WilcoxonPruner, AsksForPerFoldScores) {
  WilcoxonPruner pruner(WilcoxonRule{});
  EXPECT_EQ(pruner.values(), Pruner::Values::PerStep);
}
