#include "evaluation/splits.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include <gtest/gtest.h>

#include "common/errors.hpp"

namespace {

using amcore::Split;

std::vector<int64_t> iota_rows(int64_t n, int64_t offset = 0) {
  std::vector<int64_t> rows(static_cast<size_t>(n));
  std::iota(rows.begin(), rows.end(), offset);
  return rows;
}

// Three unbalanced classes: 50 / 30 / 13 rows, interleaved.
std::vector<int32_t> unbalanced_labels(std::vector<int64_t>& rows) {
  std::vector<int32_t> labels;
  rows.clear();
  int counts[3] = {50, 30, 13};
  int64_t row = 100;  // rows need not start at 0
  for (int k = 0; labels.size() < 93; ++k)
    for (int c = 0; c < 3; ++c)
      if (counts[c] > 0) {
        --counts[c];
        labels.push_back(c);
        rows.push_back(row++);
      }
  return labels;
}

// Each split: train and valid disjoint, together exactly `rows`, both sorted.
void expect_partition(const Split& s, const std::vector<int64_t>& rows) {
  EXPECT_TRUE(std::is_sorted(s.train.begin(), s.train.end()));
  EXPECT_TRUE(std::is_sorted(s.valid.begin(), s.valid.end()));
  std::vector<int64_t> both;
  std::set_intersection(s.train.begin(), s.train.end(), s.valid.begin(), s.valid.end(),
                        std::back_inserter(both));
  EXPECT_TRUE(both.empty()) << "a row is both trained on and validated";
  std::vector<int64_t> all(s.train);
  all.insert(all.end(), s.valid.begin(), s.valid.end());
  std::sort(all.begin(), all.end());
  std::vector<int64_t> expected(rows);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(all, expected);
}

// Within one repeat every row is validated exactly once.
void expect_each_row_validated_once(const std::vector<Split>& splits, int repeat,
                                    const std::vector<int64_t>& rows) {
  std::map<int64_t, int> seen;
  for (const auto& s : splits)
    if (s.repeat == repeat)
      for (int64_t r : s.valid) seen[r] += 1;
  ASSERT_EQ(seen.size(), rows.size());
  for (int64_t r : rows) EXPECT_EQ(seen[r], 1) << "row " << r;
}

std::map<int32_t, int> class_counts(const std::vector<int64_t>& part,
                                    const std::vector<int64_t>& rows,
                                    const std::vector<int32_t>& labels) {
  std::map<int64_t, int32_t> label_of;
  for (size_t i = 0; i < rows.size(); ++i) label_of[rows[i]] = labels[i];
  std::map<int32_t, int> counts;
  for (int64_t r : part) counts[label_of.at(r)] += 1;
  return counts;
}

TEST(KFold, PartitionsRowsIntoBalancedFolds) {
  const auto rows = iota_rows(23, 7);
  const auto splits = amcore::kfold(rows, 5, true, 42);
  ASSERT_EQ(splits.size(), 5u);
  for (const auto& s : splits) {
    expect_partition(s, rows);
    EXPECT_TRUE(s.valid.size() == 4 || s.valid.size() == 5) << s.valid.size();
  }
  expect_each_row_validated_once(splits, 0, rows);
}

TEST(KFold, WithoutShuffleFoldsAreConsecutiveRuns) {
  const auto rows = iota_rows(10);
  const auto splits = amcore::kfold(rows, 3, false, 1);
  EXPECT_EQ(splits[0].valid, (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(splits[1].valid, (std::vector<int64_t>{4, 5, 6}));
  EXPECT_EQ(splits[2].valid, (std::vector<int64_t>{7, 8, 9}));
}

TEST(KFold, SameSeedSameFoldsOtherSeedOtherFolds) {
  const auto rows = iota_rows(50);
  const auto a = amcore::kfold(rows, 5, true, 3);
  const auto b = amcore::kfold(rows, 5, true, 3);
  const auto c = amcore::kfold(rows, 5, true, 4);
  for (size_t f = 0; f < a.size(); ++f) EXPECT_EQ(a[f].valid, b[f].valid);
  bool any_different = false;
  for (size_t f = 0; f < a.size(); ++f) any_different |= a[f].valid != c[f].valid;
  EXPECT_TRUE(any_different);
}

TEST(KFold, RefusesMoreFoldsThanRowsAndFewerThanTwo) {
  const auto rows = iota_rows(4);
  try {
    amcore::kfold(rows, 5, true, 1);
    FAIL() << "expected an InputError";
  } catch (const amcore::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("5 folds from 4 rows"), std::string::npos) << e.what();
  }
  EXPECT_THROW(amcore::kfold(rows, 1, true, 1), amcore::InputError);
}

TEST(StratifiedKFold, KeepsClassProportionsInEveryFold) {
  std::vector<int64_t> rows;
  const auto labels = unbalanced_labels(rows);
  for (bool shuffle : {false, true}) {
    const auto splits = amcore::stratified_kfold(rows, labels, 5, shuffle, 9);
    ASSERT_EQ(splits.size(), 5u);
    expect_each_row_validated_once(splits, 0, rows);
    for (const auto& s : splits) {
      expect_partition(s, rows);
      const auto counts = class_counts(s.valid, rows, labels);
      // 50/5 = 10 exactly; 30/5 = 6 exactly; 13/5 = 2.6 -> 2 or 3.
      EXPECT_EQ(counts.at(0), 10);
      EXPECT_EQ(counts.at(1), 6);
      EXPECT_TRUE(counts.at(2) == 2 || counts.at(2) == 3) << counts.at(2);
      EXPECT_TRUE(s.valid.size() == 18 || s.valid.size() == 19) << s.valid.size();
    }
  }
}

TEST(StratifiedKFold, NamesTheClassThatIsTooSmall) {
  std::vector<int64_t> rows = iota_rows(12);
  std::vector<int32_t> labels{0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2};
  try {
    amcore::stratified_kfold(rows, labels, 3, true, 1, {"cat", "dog", "emu"});
    FAIL() << "expected an InputError";
  } catch (const amcore::InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("'emu'"), std::string::npos) << m;
    EXPECT_NE(m.find("only 2 rows"), std::string::npos) << m;
    EXPECT_NE(m.find("3 folds"), std::string::npos) << m;
  }
}

TEST(RepeatedStratifiedKFold, EveryRepeatIsAPartitionAndRepeatsDiffer) {
  std::vector<int64_t> rows;
  const auto labels = unbalanced_labels(rows);
  const auto splits = amcore::repeated_stratified_kfold(rows, labels, 4, 3, 5);
  ASSERT_EQ(splits.size(), 12u);
  for (int r = 0; r < 3; ++r) expect_each_row_validated_once(splits, r, rows);
  for (const auto& s : splits) expect_partition(s, rows);
  EXPECT_NE(splits[0].valid, splits[4].valid);
  EXPECT_NE(splits[4].valid, splits[8].valid);
  const auto again = amcore::repeated_stratified_kfold(rows, labels, 4, 3, 5);
  for (size_t k = 0; k < splits.size(); ++k) EXPECT_EQ(splits[k].valid, again[k].valid);
}

TEST(RepeatedKFold, EveryRepeatIsAPartition) {
  const auto rows = iota_rows(31);
  const auto splits = amcore::repeated_kfold(rows, 3, 2, 8);
  ASSERT_EQ(splits.size(), 6u);
  for (int r = 0; r < 2; ++r) expect_each_row_validated_once(splits, r, rows);
  EXPECT_EQ(splits[3].repeat, 1);
  EXPECT_EQ(splits[3].fold, 0);
  EXPECT_THROW(amcore::repeated_kfold(rows, 3, 0, 8), amcore::InputError);
}

TEST(TrainTestSplit, StratifiedDisjointAndDeterministic) {
  std::vector<int64_t> rows;
  const auto labels = unbalanced_labels(rows);
  const auto tt = amcore::train_test_split(rows, labels, 0.2, 11);
  Split as_split{tt.train, tt.test, 0, 0};
  expect_partition(as_split, rows);
  EXPECT_EQ(tt.test.size(), 19u);  // ceil(0.2 * 93)
  const auto counts = class_counts(tt.test, rows, labels);
  EXPECT_EQ(counts.at(0), 10);
  EXPECT_EQ(counts.at(1), 6);
  EXPECT_EQ(counts.at(2), 3);  // 2.6 rounds up: the largest remainder
  const auto again = amcore::train_test_split(rows, labels, 0.2, 11);
  EXPECT_EQ(again.test, tt.test);
  const auto other = amcore::train_test_split(rows, labels, 0.2, 12);
  EXPECT_NE(other.test, tt.test);
}

TEST(TrainTestSplit, ZeroFractionKeepsEverythingForTraining) {
  const auto rows = iota_rows(10);
  const auto tt = amcore::train_test_split(rows, {}, 0.0, 1);
  EXPECT_EQ(tt.train, rows);
  EXPECT_TRUE(tt.test.empty());
}

TEST(TrainTestSplit, RefusesAClassWithOneRowAndBadFractions) {
  const auto rows = iota_rows(6);
  try {
    amcore::train_test_split(rows, {0, 0, 0, 1, 1, 2}, 0.3, 1);
    FAIL() << "expected an InputError";
  } catch (const amcore::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("class 2 has only 1 row"), std::string::npos) << e.what();
  }
  EXPECT_THROW(amcore::train_test_split(rows, {}, 1.0, 1), amcore::InputError);
  EXPECT_THROW(amcore::train_test_split(rows, {}, -0.1, 1), amcore::InputError);
  EXPECT_THROW(amcore::train_test_split(iota_rows(2), {}, 0.9, 1), amcore::InputError);
}

TEST(Holdout, StratifiedFractionAndUnshuffledTail) {
  std::vector<int64_t> rows;
  const auto labels = unbalanced_labels(rows);
  const auto split = amcore::holdout(rows, labels, 0.25, true, 3);
  ASSERT_EQ(split.size(), 1u);
  expect_partition(split[0], rows);
  EXPECT_EQ(split[0].valid.size(), 24u);  // ceil(0.25 * 93)
  const auto plain = amcore::holdout(iota_rows(10), {}, 0.3, false, 3);
  EXPECT_EQ(plain[0].valid, (std::vector<int64_t>{7, 8, 9}));
}

TEST(MakeSplits, DispatchesOnTheMethodAndLocatesErrors) {
  amcore::EvaluationConfig config;
  config.cv_method = "kfold";
  config.folds = 4;
  const auto rows = iota_rows(20);
  EXPECT_EQ(amcore::make_splits(config, rows, {}, 1).size(), 4u);
  config.cv_method = "repeated_kfold";
  config.repeats = 2;
  EXPECT_EQ(amcore::make_splits(config, rows, {}, 1).size(), 8u);

  config.cv_method = "stratified_kfold";
  config.where = {"pipe.toml", 12, 3};
  try {
    amcore::make_splits(config, rows, {}, 1);
    FAIL() << "expected an InputError";
  } catch (const amcore::InputError& e) {
    const std::string m = e.what();
    EXPECT_EQ(m.rfind("pipe.toml:12:3: ", 0), 0u) << m;
    EXPECT_NE(m.find("kfold"), std::string::npos) << m;
  }
  config.cv_method = "leave_one_out";
  EXPECT_THROW(amcore::make_splits(config, rows, {}, 1), amcore::InputError);
}

TEST(DeriveSeed, MixesEveryInput) {
  std::set<uint64_t> seeds;
  for (uint64_t s = 0; s < 4; ++s)
    for (uint64_t a = 0; a < 4; ++a)
      for (uint64_t b = 0; b < 4; ++b) seeds.insert(amcore::derive_seed(s, a, b));
  EXPECT_EQ(seeds.size(), 64u);
  EXPECT_EQ(amcore::derive_seed(1, 2, 3), amcore::derive_seed(1, 2, 3));
}

}  // namespace
