// The median and percentile rules on hand-made intermediate values whose decisions are known.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>

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
