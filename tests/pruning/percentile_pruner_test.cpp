// The median and percentile rules on hand-made intermediate values whose decisions are known.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>

#include "evaluation/report_steps.hpp"
#include "pruning/percentile_pruner.hpp"

using namespace amcore;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void finish(Pruner& pruner, int64_t trial, const std::vector<double>& values,
            StoredState state = StoredState::Complete) {
  std::vector<int64_t> steps;
  for (size_t i = 0; i < values.size(); ++i) steps.push_back(static_cast<int64_t>(i));
  pruner.record_finished(trial, steps, values, state,
                         state == StoredState::Complete ? values.back() : kNaN);
}

PercentilePruner median(int64_t startup, int64_t warmup) {
  return PercentilePruner(PercentileRule{50, startup, warmup});
}

}  // namespace

TEST(PercentileOf, InterpolatesLikeNumpy) {
  // numpy.percentile([0.3, 0.1, 0.2, 0.5], 25) = 0.175; 50 -> 0.25; ([4, 1, 3], 90) -> 3.8
  EXPECT_NEAR(percentile_of({0.3, 0.1, 0.2, 0.5}, 25), 0.175, 1e-12);
  EXPECT_NEAR(percentile_of({0.3, 0.1, 0.2, 0.5}, 50), 0.25, 1e-12);
  EXPECT_NEAR(percentile_of({4, 1, 3}, 90), 3.8, 1e-12);
  EXPECT_NEAR(percentile_of({kNaN, 2, kNaN}, 50), 2.0, 1e-12);
  EXPECT_TRUE(std::isnan(percentile_of({kNaN}, 50)));
  EXPECT_TRUE(std::isnan(percentile_of({}, 50)));
}

TEST(MedianPruner, StopsATrialWorseThanTheMedianAtTheSameStep) {
  PercentilePruner pruner = median(2, 1);
  finish(pruner, 0, {0.5, 0.4, 0.3, 0.2});
  finish(pruner, 1, {0.7, 0.6, 0.5, 0.4});  // median at step 1: 0.5
  EXPECT_FALSE(pruner.should_stop(2, 0, 0.9));   // warm-up step
  EXPECT_TRUE(pruner.should_stop(2, 1, 0.55));   // best so far 0.55 > 0.5
  EXPECT_FALSE(pruner.should_stop(3, 0, 0.45));
  EXPECT_FALSE(pruner.should_stop(3, 1, 0.6));   // best so far 0.45 <= 0.5
  EXPECT_FALSE(pruner.should_stop(4, 0, 0.8));
  EXPECT_FALSE(pruner.should_stop(4, 1, 0.5));   // equal to the median: kept
  EXPECT_TRUE(pruner.should_stop(4, 2, 0.41));   // median at step 2: 0.4
}

TEST(MedianPruner, WaitsForStartupTrialsAndWarmupSteps) {
  PercentilePruner pruner = median(2, 2);
  finish(pruner, 0, {0.1, 0.1, 0.1});
  EXPECT_FALSE(pruner.should_stop(1, 1, 0.9));  // one completed trial of two
  finish(pruner, 1, {0.1, 0.1, 0.1});
  EXPECT_FALSE(pruner.should_stop(2, 0, 0.9));
  EXPECT_FALSE(pruner.should_stop(2, 1, 0.9));  // step 1 < warmup_steps 2
  EXPECT_TRUE(pruner.should_stop(2, 2, 0.9));
}

TEST(MedianPruner, OnlyCompletedTrialsAreReferences) {
  PercentilePruner pruner = median(1, 0);
  finish(pruner, 0, {0.01, 0.01}, StoredState::Pruned);
  finish(pruner, 1, {0.01}, StoredState::Failed);
  EXPECT_FALSE(pruner.should_stop(2, 1, 0.9));  // no completed trial yet
  finish(pruner, 3, {0.5, 0.5});
  EXPECT_FALSE(pruner.should_stop(4, 1, 0.5));  // the pruned 0.01 does not count
  EXPECT_TRUE(pruner.should_stop(5, 1, 0.6));
}

TEST(MedianPruner, NoReferenceAtAStepMeansNoDecision) {
  PercentilePruner pruner = median(1, 0);
  finish(pruner, 0, {0.1, 0.1});
  EXPECT_FALSE(pruner.should_stop(1, 7, 100.0));  // no completed trial reached step 7
}

TEST(MedianPruner, StopsATrialThatReportedOnlyNaN) {
  PercentilePruner pruner = median(1, 1);
  finish(pruner, 0, {0.1, 0.1});
  EXPECT_FALSE(pruner.should_stop(1, 0, kNaN));  // warm-up
  EXPECT_TRUE(pruner.should_stop(1, 1, kNaN));
  EXPECT_FALSE(pruner.should_stop(2, 0, 0.05));
  EXPECT_FALSE(pruner.should_stop(2, 1, kNaN));  // its best so far (0.05) is finite and good
}

TEST(MedianPruner, FinishedTrialsForgetTheirRunningBest) {
  PercentilePruner pruner = median(1, 0);
  finish(pruner, 0, {0.5, 0.5});
  EXPECT_FALSE(pruner.should_stop(1, 0, 0.1));
  finish(pruner, 1, {0.1, 0.9});
  // Trial number 1 again (a resumed number is never reused, but the pruner must not leak
  // state between trials): its best so far starts over.
  EXPECT_TRUE(pruner.should_stop(1, 1, 0.95));  // median at step 1 of {0.5, 0.9}: 0.7
}

TEST(PercentilePruner, KeepsOnlyTrialsWithinThePercentile) {
  PercentilePruner strict(PercentileRule{25, 4, 0});
  PercentilePruner lenient(PercentileRule{50, 4, 0});
  for (Pruner* p : {static_cast<Pruner*>(&strict), static_cast<Pruner*>(&lenient)}) {
    finish(*p, 0, {0.3});
    finish(*p, 1, {0.1});
    finish(*p, 2, {0.2});
    finish(*p, 3, {0.5});
  }
  // 25th percentile 0.175, median 0.25.
  EXPECT_TRUE(strict.should_stop(10, 0, 0.18));
  EXPECT_FALSE(strict.should_stop(11, 0, 0.17));
  EXPECT_FALSE(lenient.should_stop(10, 0, 0.18));
  EXPECT_TRUE(lenient.should_stop(11, 0, 0.26));
}

TEST(MedianPruner, ManyThreadsReportAtOnce) {
  // Four workers run trials side by side; afterwards the pruner still decides as scripted.
  PercentilePruner pruner = median(5, 1);
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&pruner, w] {
      for (int i = 0; i < 50; ++i) {
        const int64_t trial = w * 1000 + i;
        std::vector<int64_t> steps;
        std::vector<double> values;
        for (int64_t step = 0; step < 5; ++step) {
          const double value = 0.5 + 0.01 * static_cast<double>((i * 7 + w) % 10);
          steps.push_back(step);
          values.push_back(value);
          if (pruner.should_stop(trial, step, value)) break;
        }
        const bool pruned = values.size() < 5;
        pruner.record_finished(trial, steps, values,
                               pruned ? StoredState::Pruned : StoredState::Complete,
                               pruned ? kNaN : values.back());
      }
    });
  for (std::thread& t : workers) t.join();
  EXPECT_TRUE(pruner.should_stop(99999, 1, 0.6));    // above every completed value
  EXPECT_FALSE(pruner.should_stop(99998, 1, 0.49));  // below every completed value
}

namespace {

// A completed trial's reports in the order cross-validation makes them: fold k's epochs, then
// fold k's running mean. epochs[k][e - 1] is epoch e of fold k (already oriented to minimize).
void finish_with_epochs(Pruner& pruner, int64_t trial,
                        const std::vector<std::vector<double>>& epochs,
                        const std::vector<double>& fold_means) {
  std::vector<int64_t> steps;
  std::vector<double> values;
  for (size_t k = 0; k < fold_means.size(); ++k) {
    if (k < epochs.size())
      for (size_t e = 0; e < epochs[k].size(); ++e) {
        steps.push_back(epoch_step(static_cast<int>(k), static_cast<int64_t>(e + 1)));
        values.push_back(epochs[k][e]);
      }
    steps.push_back(static_cast<int64_t>(k));
    values.push_back(fold_means[k]);
  }
  pruner.record_finished(trial, steps, values, StoredState::Complete, fold_means.back());
}

PercentilePruner epoch_median(int64_t startup, int64_t warmup_epochs) {
  PercentileRule rule;
  rule.startup_trials = startup;
  rule.epochs = true;
  rule.warmup_epochs = warmup_epochs;
  return PercentilePruner(rule);
}

}  // namespace

TEST(EpochSteps, NeverCollideWithFoldSteps) {
  EXPECT_EQ(epoch_step(0, 0), AMS_EPOCH_STEP_BASE);
  EXPECT_EQ(epoch_step(3, 17), 4 * AMS_EPOCH_STEP_BASE + 17);
  EXPECT_TRUE(is_epoch_step(epoch_step(0, 0)));
  EXPECT_FALSE(is_epoch_step(4));
  EXPECT_EQ(fold_of_epoch_step(epoch_step(3, 17)), 3);
  EXPECT_EQ(epoch_of_step(epoch_step(3, 17)), 17);
  EXPECT_TRUE(valid_epoch(0));
  EXPECT_FALSE(valid_epoch(-1));
  EXPECT_FALSE(valid_epoch(AMS_EPOCH_STEP_BASE));
}

TEST(EpochSteps, EachCandidateModelHasItsOwnCurvesInThePruner) {
  EXPECT_EQ(pruner_step(0, epoch_step(1, 3)), epoch_step(1, 3));
  EXPECT_EQ(pruner_step(2, 4), 4);  // fold steps are shared by every candidate
  const int64_t moved = pruner_step(2, epoch_step(1, 3));
  EXPECT_NE(moved, epoch_step(1, 3));
  EXPECT_EQ(epoch_of_step(moved), 3);
  EXPECT_NE(fold_of_epoch_step(moved), fold_of_epoch_step(pruner_step(1, epoch_step(1, 3))));
  // So candidate 1's losses are no reference for candidate 0's accuracies at the same epoch.
  PercentilePruner pruner = epoch_median(1, 0);
  pruner.record_finished(0, {pruner_step(1, epoch_step(0, 1))}, {-5.0}, StoredState::Complete,
                         0.1);
  EXPECT_FALSE(pruner.should_stop(1, pruner_step(0, epoch_step(0, 1)), 0.3));
  EXPECT_TRUE(pruner.should_stop(2, pruner_step(1, epoch_step(0, 1)), 0.3));
}

TEST(MedianPrunerEpochs, StopsABadCurveAtTheSameEpochOfTheSameFold) {
  PercentilePruner pruner = epoch_median(2, 1);
  EXPECT_TRUE(pruner.watches_epochs());
  // Losses per epoch (to minimize). Fold 1 is harder: its curves sit higher.
  finish_with_epochs(pruner, 0, {{0.9, 0.5, 0.3}, {0.95, 0.7, 0.6}}, {0.3, 0.45});
  finish_with_epochs(pruner, 1, {{0.9, 0.6, 0.4}, {0.95, 0.8, 0.7}}, {0.4, 0.55});
  // Median at (fold 0, epoch 2): 0.55; at (fold 1, epoch 2): 0.75.
  EXPECT_FALSE(pruner.should_stop(2, epoch_step(0, 1), 0.99));  // epoch 1 <= warmup_epochs
  EXPECT_TRUE(pruner.should_stop(2, epoch_step(0, 2), 0.58));   // best 0.58 > 0.55
  // 0.7 at epoch 2 of fold 1 is fine there (median 0.75), although worse than fold 0's median:
  // epochs are compared within their own fold.
  EXPECT_FALSE(pruner.should_stop(3, epoch_step(1, 2), 0.7));
  EXPECT_TRUE(pruner.should_stop(3, epoch_step(1, 3), 0.71));  // median 0.65, best 0.7
}

TEST(MedianPrunerEpochs, BestSoFarIsPerFoldCurve) {
  PercentilePruner pruner = epoch_median(1, 0);
  finish_with_epochs(pruner, 0, {{0.5, 0.4}, {0.5, 0.4}}, {0.2, 0.2});
  // A great fold-0 curve does not carry over to fold 1's epochs, nor to the fold steps.
  EXPECT_FALSE(pruner.should_stop(1, epoch_step(0, 1), 0.1));
  EXPECT_FALSE(pruner.should_stop(1, epoch_step(0, 2), 0.1));
  EXPECT_FALSE(pruner.should_stop(1, 0, 0.2));
  EXPECT_TRUE(pruner.should_stop(1, epoch_step(1, 1), 0.6));  // its fold-1 best: 0.6 > 0.5
  // And the fold steps keep their own best: 0.25 > 0.2 at fold 1 ...
  PercentilePruner again = epoch_median(1, 0);
  finish_with_epochs(again, 0, {{0.5}, {0.5}}, {0.2, 0.2});
  EXPECT_FALSE(again.should_stop(1, epoch_step(0, 1), 0.1));  // an epoch value below 0.2
  EXPECT_FALSE(again.should_stop(1, 0, 0.3));  // warm-up step 0 of the folds (warmup_steps 1)
  EXPECT_TRUE(again.should_stop(1, 1, 0.25));  // ... not rescued by the 0.1 epoch report
}

TEST(MedianPrunerEpochs, WarmupEpochsAndStartupTrials) {
  PercentilePruner pruner = epoch_median(2, 3);
  finish_with_epochs(pruner, 0, {{0.5, 0.5, 0.5, 0.5, 0.5}}, {0.5});
  EXPECT_FALSE(pruner.should_stop(1, epoch_step(0, 5), 0.9));  // one completed of two
  finish_with_epochs(pruner, 1, {{0.5, 0.5, 0.5, 0.5, 0.5}}, {0.5});
  EXPECT_FALSE(pruner.should_stop(2, epoch_step(0, 3), 0.9));  // epoch 3 <= warmup_epochs 3
  EXPECT_TRUE(pruner.should_stop(2, epoch_step(0, 4), 0.9));
  // An epoch no completed trial reached has no reference: kept.
  EXPECT_FALSE(pruner.should_stop(3, epoch_step(0, 9), 0.9));
}

TEST(MedianPrunerEpochs, PrunedAndFailedTrialsAreNoReference) {
  PercentilePruner pruner = epoch_median(1, 0);
  finish_with_epochs(pruner, 0, {{0.5}}, {0.5});
  pruner.record_finished(1, {epoch_step(0, 1)}, {0.01}, StoredState::Pruned, kNaN);
  EXPECT_TRUE(pruner.should_stop(2, epoch_step(0, 1), 0.6));  // median of {0.5} only
}

TEST(MedianPrunerEpochs, WithoutEpochsAnEpochStepIsJustAnotherStep) {
  // The rule without epochs never hears epoch steps from cross-validation; an objective's own
  // large steps keep the old meaning: one curve, warmup_steps.
  PercentilePruner pruner = median(1, 0);
  EXPECT_FALSE(pruner.watches_epochs());
  pruner.record_finished(0, {0, epoch_step(0, 1)}, {0.5, 0.5}, StoredState::Complete, 0.5);
  EXPECT_FALSE(pruner.should_stop(1, 0, 0.1));
  EXPECT_FALSE(pruner.should_stop(1, epoch_step(0, 1), 0.9));  // best so far 0.1 (one curve)
}
