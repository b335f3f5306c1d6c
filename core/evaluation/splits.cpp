#include "evaluation/splits.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

#include "common/errors.hpp"

namespace amcore {

namespace {

// An unbiased draw in [0, bound) by rejection (Lemire's "nearly divisionless" is not needed
// here: shuffles are tiny compared with model fitting).
uint64_t draw_below(std::mt19937_64& rng, uint64_t bound) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t x;
  do {
    x = rng();
  } while (x >= limit);
  return x % bound;
}

template <class T>
void shuffle_in_place(std::vector<T>& items, std::mt19937_64& rng) {
  for (size_t i = items.size(); i > 1; --i) {
    const size_t j = static_cast<size_t>(draw_below(rng, i));
    std::swap(items[i - 1], items[j]);
  }
}

std::string class_label(int32_t label, const std::vector<std::string>& names) {
  if (label >= 0 && static_cast<size_t>(label) < names.size()) return "class '" + names[label] + "'";
  return "class " + std::to_string(label);
}

void check_labels(const std::vector<int64_t>& rows, const std::vector<int32_t>& labels) {
  if (labels.size() != rows.size())
    throw InputError("internal: " + std::to_string(labels.size()) + " labels for " +
                     std::to_string(rows.size()) + " rows");
  for (int32_t label : labels)
    if (label < 0) throw InputError("internal: negative class label " + std::to_string(label));
}

// Positions (into rows) of each class's members, classes in ascending label order.
std::map<int32_t, std::vector<size_t>> members_by_class(const std::vector<int32_t>& labels) {
  std::map<int32_t, std::vector<size_t>> members;
  for (size_t i = 0; i < labels.size(); ++i) members[labels[i]].push_back(i);
  return members;
}

void check_folds(size_t n_rows, int folds) {
  if (folds < 2)
    throw InputError("cross-validation needs at least 2 folds, got " + std::to_string(folds));
  if (static_cast<size_t>(folds) > n_rows)
    throw InputError("cannot make " + std::to_string(folds) + " folds from " +
                     std::to_string(n_rows) + " rows: use at most " + std::to_string(n_rows) +
                     " folds");
}

// Turns a fold assignment (fold of each position of rows) into sorted splits.
std::vector<Split> splits_from_assignment(const std::vector<int64_t>& rows,
                                          const std::vector<int>& fold_of, int folds, int repeat) {
  std::vector<Split> splits(static_cast<size_t>(folds));
  for (int f = 0; f < folds; ++f) {
    splits[f].repeat = repeat;
    splits[f].fold = f;
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    for (int f = 0; f < folds; ++f) {
      if (fold_of[i] == f)
        splits[f].valid.push_back(rows[i]);
      else
        splits[f].train.push_back(rows[i]);
    }
  }
  for (auto& s : splits) {
    std::sort(s.train.begin(), s.train.end());
    std::sort(s.valid.begin(), s.valid.end());
  }
  return splits;
}

std::vector<int> kfold_assignment(size_t n, int folds, bool shuffle, uint64_t seed) {
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  if (shuffle) {
    std::mt19937_64 rng(seed);
    shuffle_in_place(order, rng);
  }
  // Like scikit-learn: the first n % folds folds get one more row.
  std::vector<int> fold_of(n);
  size_t pos = 0;
  for (int f = 0; f < folds; ++f) {
    const size_t size = n / folds + (static_cast<size_t>(f) < n % folds ? 1 : 0);
    for (size_t k = 0; k < size; ++k) fold_of[order[pos++]] = f;
  }
  return fold_of;
}

std::vector<int> stratified_assignment(const std::vector<int32_t>& labels, int folds,
                                       bool shuffle, uint64_t seed,
                                       const std::vector<std::string>& class_names) {
  const auto members = members_by_class(labels);
  for (const auto& [label, rows] : members)
    if (rows.size() < static_cast<size_t>(folds))
      throw InputError(class_label(label, class_names) + " has only " +
                       std::to_string(rows.size()) + " row" + (rows.size() == 1 ? "" : "s") +
                       ", fewer than the " + std::to_string(folds) +
                       " folds of stratified cross-validation: use at most " +
                       std::to_string(rows.size()) +
                       " folds, a non-stratified method (kfold), or more data");

  // scikit-learn's allocation: deal the label-sorted rows round-robin over the folds, so
  // fold f gets the members at positions f, f+k, f+2k, ... of the sorted order. This spreads
  // each class evenly and keeps fold sizes within one of each other.
  std::vector<int32_t> sorted(labels);
  std::sort(sorted.begin(), sorted.end());
  std::map<int32_t, std::vector<size_t>> per_fold_count;  // label -> count per fold
  for (const auto& entry : members) per_fold_count[entry.first].assign(folds, 0);
  for (size_t i = 0; i < sorted.size(); ++i) per_fold_count[sorted[i]][i % folds] += 1;

  std::mt19937_64 rng(seed);
  std::vector<int> fold_of(labels.size(), -1);
  for (const auto& [label, positions] : members) {
    std::vector<int> folds_for_class;
    folds_for_class.reserve(positions.size());
    const auto& counts = per_fold_count[label];
    for (int f = 0; f < folds; ++f) folds_for_class.insert(folds_for_class.end(), counts[f], f);
    if (shuffle) shuffle_in_place(folds_for_class, rng);
    for (size_t k = 0; k < positions.size(); ++k) fold_of[positions[k]] = folds_for_class[k];
  }
  return fold_of;
}

// Number of validation/test members of each class: largest-remainder rounding of
// count * n_take / n so that the total is exactly n_take.
std::map<int32_t, size_t> stratified_take(const std::map<int32_t, std::vector<size_t>>& members,
                                          size_t n, size_t n_take) {
  std::map<int32_t, size_t> take;
  std::vector<std::pair<double, int32_t>> remainders;
  size_t assigned = 0;
  for (const auto& [label, rows] : members) {
    const double exact = static_cast<double>(rows.size()) * static_cast<double>(n_take) /
                         static_cast<double>(n);
    const size_t whole = static_cast<size_t>(std::floor(exact));
    take[label] = whole;
    assigned += whole;
    remainders.emplace_back(exact - static_cast<double>(whole), label);
  }
  // Larger remainders first; ties to the larger class, then the lower label (deterministic).
  std::sort(remainders.begin(), remainders.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    const size_t na = members.at(a.second).size(), nb = members.at(b.second).size();
    if (na != nb) return na > nb;
    return a.second < b.second;
  });
  for (size_t k = 0; assigned < n_take && k < remainders.size(); ++k) {
    auto& t = take[remainders[k].second];
    // Keep at least one member of each class on the other side.
    if (t + 1 < members.at(remainders[k].second).size()) {
      ++t;
      ++assigned;
    }
  }
  return take;
}

// Splits rows into (kept, taken) with `fraction` of them taken; stratified when labels given.
std::pair<std::vector<int64_t>, std::vector<int64_t>> fraction_split(
    const std::vector<int64_t>& rows, const std::vector<int32_t>& labels, double fraction,
    bool shuffle, uint64_t seed, const std::vector<std::string>& class_names, const char* what) {
  if (!(fraction > 0 && fraction < 1))
    throw InputError(std::string(what) + " must be in (0, 1), got " + std::to_string(fraction));
  const size_t n = rows.size();
  const size_t n_take = static_cast<size_t>(std::ceil(fraction * static_cast<double>(n)));
  if (n_take == 0 || n_take >= n)
    throw InputError(std::string(what) + " " + std::to_string(fraction) + " of " +
                     std::to_string(n) + " rows leaves " +
                     (n_take == 0 ? "no row to hold out" : "no row to train on") +
                     ": change the fraction or use more data");
  std::mt19937_64 rng(seed);
  std::vector<size_t> taken_positions;
  if (labels.empty()) {
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    if (shuffle) shuffle_in_place(order, rng);
    taken_positions.assign(order.end() - static_cast<std::ptrdiff_t>(n_take), order.end());
  } else {
    check_labels(rows, labels);
    auto members = members_by_class(labels);
    for (const auto& [label, positions] : members)
      if (positions.size() < 2)
        throw InputError(class_label(label, class_names) + " has only " +
                         std::to_string(positions.size()) +
                         " row: a stratified split needs at least 2 rows of each class (one "
                         "for each part); remove the class or add rows");
    const auto take = stratified_take(members, n, n_take);
    for (auto& [label, positions] : members) {
      if (shuffle) shuffle_in_place(positions, rng);
      const size_t t = take.at(label);
      taken_positions.insert(taken_positions.end(),
                             positions.end() - static_cast<std::ptrdiff_t>(t), positions.end());
    }
  }
  std::vector<char> is_taken(n, 0);
  for (size_t p : taken_positions) is_taken[p] = 1;
  std::pair<std::vector<int64_t>, std::vector<int64_t>> parts;
  for (size_t i = 0; i < n; ++i) (is_taken[i] ? parts.second : parts.first).push_back(rows[i]);
  std::sort(parts.first.begin(), parts.first.end());
  std::sort(parts.second.begin(), parts.second.end());
  return parts;
}

}  // namespace

uint64_t derive_seed(uint64_t seed, uint64_t a, uint64_t b) {
  // SplitMix64's finalizer applied after folding in each input.
  auto mix = [](uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  return mix(mix(mix(seed) ^ a) ^ b);
}

TrainTest train_test_split(const std::vector<int64_t>& rows, const std::vector<int32_t>& labels,
                           double test_fraction, uint64_t seed,
                           const std::vector<std::string>& class_names) {
  if (test_fraction == 0) return TrainTest{rows, {}};
  if (!(test_fraction > 0 && test_fraction < 1))
    throw InputError("test_fraction must be in [0, 1), got " + std::to_string(test_fraction));
  auto parts = fraction_split(rows, labels, test_fraction, /*shuffle=*/true, seed, class_names,
                              "test_fraction");
  return TrainTest{std::move(parts.first), std::move(parts.second)};
}

std::vector<Split> holdout(const std::vector<int64_t>& rows, const std::vector<int32_t>& labels,
                           double fraction, bool shuffle, uint64_t seed,
                           const std::vector<std::string>& class_names) {
  auto parts = fraction_split(rows, labels, fraction, shuffle, seed, class_names,
                              "holdout fraction");
  Split split;
  split.train = std::move(parts.first);
  split.valid = std::move(parts.second);
  return {std::move(split)};
}

std::vector<Split> kfold(const std::vector<int64_t>& rows, int folds, bool shuffle,
                         uint64_t seed) {
  check_folds(rows.size(), folds);
  return splits_from_assignment(rows, kfold_assignment(rows.size(), folds, shuffle, seed), folds,
                                0);
}

std::vector<Split> stratified_kfold(const std::vector<int64_t>& rows,
                                    const std::vector<int32_t>& labels, int folds, bool shuffle,
                                    uint64_t seed, const std::vector<std::string>& class_names) {
  check_folds(rows.size(), folds);
  check_labels(rows, labels);
  return splits_from_assignment(
      rows, stratified_assignment(labels, folds, shuffle, seed, class_names), folds, 0);
}

namespace {
void check_repeats(int repeats) {
  if (repeats < 1)
    throw InputError("repeats must be at least 1, got " + std::to_string(repeats));
}
}  // namespace

std::vector<Split> repeated_kfold(const std::vector<int64_t>& rows, int folds, int repeats,
                                  uint64_t seed) {
  check_folds(rows.size(), folds);
  check_repeats(repeats);
  std::vector<Split> all;
  for (int r = 0; r < repeats; ++r) {
    auto fold_of = kfold_assignment(rows.size(), folds, true, derive_seed(seed, 0x5eed, r));
    auto part = splits_from_assignment(rows, fold_of, folds, r);
    std::move(part.begin(), part.end(), std::back_inserter(all));
  }
  return all;
}

std::vector<Split> repeated_stratified_kfold(const std::vector<int64_t>& rows,
                                             const std::vector<int32_t>& labels, int folds,
                                             int repeats, uint64_t seed,
                                             const std::vector<std::string>& class_names) {
  check_folds(rows.size(), folds);
  check_labels(rows, labels);
  check_repeats(repeats);
  std::vector<Split> all;
  for (int r = 0; r < repeats; ++r) {
    auto fold_of =
        stratified_assignment(labels, folds, true, derive_seed(seed, 0x5eed, r), class_names);
    auto part = splits_from_assignment(rows, fold_of, folds, r);
    std::move(part.begin(), part.end(), std::back_inserter(all));
  }
  return all;
}

std::vector<Split> make_splits(const EvaluationConfig& config, const std::vector<int64_t>& rows,
                               const std::vector<int32_t>& labels, uint64_t seed,
                               const std::vector<std::string>& class_names) {
  const std::string& method = config.cv_method;
  const bool stratified = method == "stratified_kfold" || method == "repeated_stratified_kfold";
  try {
    if (stratified && labels.empty())
      throw InputError("cv method \"" + method +
                       "\" needs class labels: it is for classification; use \"kfold\" or "
                       "\"repeated_kfold\" for regression");
    if (method == "holdout")
      return holdout(rows, labels, config.holdout_fraction, config.shuffle, seed, class_names);
    if (method == "kfold") return kfold(rows, config.folds, config.shuffle, seed);
    if (method == "stratified_kfold")
      return stratified_kfold(rows, labels, config.folds, config.shuffle, seed, class_names);
    if (method == "repeated_kfold") return repeated_kfold(rows, config.folds, config.repeats, seed);
    if (method == "repeated_stratified_kfold")
      return repeated_stratified_kfold(rows, labels, config.folds, config.repeats, seed,
                                       class_names);
    throw InputError("unknown cv method \"" + method +
                     "\": expected holdout, kfold, stratified_kfold, repeated_kfold or "
                     "repeated_stratified_kfold");
  } catch (const InputError& e) {
    if (config.where.file.empty()) throw;
    throw InputError(config.where, std::string("[evaluation] ") + e.what());
  }
}

}  // namespace amcore
