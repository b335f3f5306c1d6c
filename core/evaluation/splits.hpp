// Seeded train/test and cross-validation splits: pure functions over row indices and labels.
//
// Messages name a class by class_names[label] when given, else "class <label>".
//
// Reproducibility: every shuffle is a Fisher-Yates shuffle driven by std::mt19937_64 (whose
// output sequence the C++ standard fixes) with unbiased bounded draws done here (not
// std::uniform_int_distribution, which differs between standard libraries). So one seed gives
// the same splits with every compiler and platform.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/pipeline.hpp"

namespace amcore {

// One cross-validation split. Both parts are indices into the data set's rows (what a
// row_index view takes), sorted ascending.
struct Split {
  std::vector<int64_t> train;
  std::vector<int64_t> valid;
  int repeat = 0;  // which repetition (repeated methods), else 0
  int fold = 0;    // which fold within the repetition
};

// The held-out test part, scored once for the refit best model, and the rest for the search.
struct TrainTest {
  std::vector<int64_t> train;  // sorted ascending
  std::vector<int64_t> test;   // sorted ascending; empty when test_fraction is 0
};

// `rows` are the candidate row indices; `labels`, when given (non-empty), are the class index of
// each entry of `rows` (same length) and make the split stratified: every class keeps its share
// in both parts (largest-remainder rounding). Throws InputError for a fraction outside [0, 1),
// a test part that would be empty or take every row, or (stratified) a class with fewer than 2
// members (it cannot appear in both parts).
TrainTest train_test_split(const std::vector<int64_t>& rows, const std::vector<int32_t>& labels,
                           double test_fraction, uint64_t seed,
                           const std::vector<std::string>& class_names = {});

// One train/validation split with `fraction` of the rows in validation; stratified when labels
// are given. Without shuffle the last rows (of each class) are the validation part.
std::vector<Split> holdout(const std::vector<int64_t>& rows, const std::vector<int32_t>& labels,
                           double fraction, bool shuffle, uint64_t seed,
                           const std::vector<std::string>& class_names = {});

// k folds of sizes differing by at most one (like scikit-learn's KFold): every row is in
// exactly one validation part. Without shuffle the folds are consecutive runs of `rows`.
// Throws InputError when folds < 2 or folds > rows.
std::vector<Split> kfold(const std::vector<int64_t>& rows, int folds, bool shuffle, uint64_t seed);

// Like scikit-learn's StratifiedKFold: the members of each class are dealt evenly over the
// folds, so every fold keeps the class proportions (within one row) and fold sizes differ by at
// most one. Throws InputError naming the class and its count when a class has fewer members
// than folds, or when folds < 2 or folds > rows.
std::vector<Split> stratified_kfold(const std::vector<int64_t>& rows,
                                    const std::vector<int32_t>& labels, int folds, bool shuffle,
                                    uint64_t seed,
                                    const std::vector<std::string>& class_names = {});

// `repeats` k-fold partitions, each shuffled with its own seed derived from `seed`
// (repetitions always shuffle: unshuffled repeats would be identical).
std::vector<Split> repeated_kfold(const std::vector<int64_t>& rows, int folds, int repeats,
                                  uint64_t seed);
std::vector<Split> repeated_stratified_kfold(const std::vector<int64_t>& rows,
                                             const std::vector<int32_t>& labels, int folds,
                                             int repeats, uint64_t seed,
                                             const std::vector<std::string>& class_names = {});

// The splits the [evaluation] table asks for (cv_method, folds, repeats, holdout_fraction,
// shuffle). `labels` may be empty for regression; the stratified methods then throw
// InputError (they need classes), located at config.where.
std::vector<Split> make_splits(const EvaluationConfig& config, const std::vector<int64_t>& rows,
                               const std::vector<int32_t>& labels, uint64_t seed,
                               const std::vector<std::string>& class_names = {});

// A reproducible seed for a sub-task, mixing (seed, a, b) with SplitMix64 so that nearby inputs
// give unrelated outputs. Used for fold splits (seed, 0, 0), each trial's folds (seed, trial,
// fold) and repeats.
uint64_t derive_seed(uint64_t seed, uint64_t a, uint64_t b = 0);

}  // namespace amcore
