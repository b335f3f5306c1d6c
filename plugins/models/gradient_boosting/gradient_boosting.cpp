// gradient_boosting: histogram-based gradient boosted trees (squared error, logistic, softmax)
// with leaf-wise or depth-wise growth, row/column subsampling and early stopping.
#include <ams/feature_bins.hpp>
#include <ams/plugin.hpp>
#include <ams/splitmix64.hpp>

#include "booster.hpp"
#include "hist_tree.hpp"
#include "losses.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

namespace {

using namespace amsgb;
using ams::stream_seed;
using ams::bins::bin_features;
using ams::bins::bin_of;
using ams::bins::BinnedData;
using Rng = ams::SplitMix64;

constexpr uint32_t kPayloadVersion = 1;

// The rows the trees learn from and, for early stopping, the rows that judge them.
struct Part {
  int64_t n = 0;
  std::vector<uint8_t> codes;  // row-major bin codes (validation rows)
  std::vector<double> y, w;
};

class GradientBoosting final : public ams::Model {
 public:
  static constexpr const char* name = "gradient_boosting";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Histogram gradient boosted trees (squared error, logistic, softmax) with early stopping";
  static constexpr uint32_t capabilities = AMS_MODEL_CLASSIFICATION | AMS_MODEL_REGRESSION | AMS_MODEL_PROBA |
                                           AMS_MODEL_WEIGHTS | AMS_MODEL_BUDGET | AMS_MODEL_SAVE;
  // Each round reports a mean loss (validation, else training): lower is better.
  static constexpr int32_t report_direction = AMS_MINIMIZE;

  explicit GradientBoosting(ams::Context ctx) : ams::Model(ctx) {
    if (ctx.has("n_estimators") && ctx.has("max_iter"))
      ctx.option_error("max_iter", "is another name for n_estimators; give only one of them");
    n_estimators_ = ctx.has("max_iter") ? ctx.get_int_in("max_iter", 100, 1, 1000000)
                                        : ctx.get_int_in("n_estimators", 100, 1, 1000000);
    loss_name_ = ctx.get_choice("loss", "auto", {"auto", "squared_error", "log_loss"});
    params_.learning_rate = ctx.get_double_in("learning_rate", 0.1, 1e-12, 10.0);
    params_.max_leaves = static_cast<int32_t>(ctx.get_int_in("max_leaves", 31, 0, 1 << 20));
    if (params_.max_leaves == 1) ctx.option_error("max_leaves", "must be 0 (no limit) or at least 2, got 1");
    params_.max_depth = static_cast<int32_t>(ctx.get_int_in("max_depth", 0, 0, 1000));
    params_.depthwise = ctx.get_choice("grow_policy", "leafwise", {"leafwise", "depthwise"}) == "depthwise";
    params_.min_samples_leaf = ctx.get_int_in("min_samples_leaf", 20, 1, int64_t{1} << 40);
    params_.min_child_weight = ctx.get_double_in("min_child_weight", 1e-3, 0.0, 1e300);
    params_.lambda = ctx.get_double_in("l2_regularization", 0.0, 0.0, 1e300);
    params_.min_split_gain = ctx.get_double_in("min_split_gain", 0.0, 0.0, 1e300);
    subsample_ = ctx.get_double_in("subsample", 1.0, 1e-9, 1.0);
    colsample_ = ctx.get_double_in("colsample_bytree", 1.0, 1e-9, 1.0);
    max_bins_ = static_cast<int32_t>(ctx.get_int_in("max_bins", 255, 2, 255));
    parse_early_stopping(ctx);
    validation_fraction_ = ctx.get_double("validation_fraction", 0.1);
    if (!(validation_fraction_ > 0 && validation_fraction_ < 1))
      ctx.option_error("validation_fraction", "must be strictly between 0 and 1, got " + num(validation_fraction_));
    n_iter_no_change_ = ctx.get_int_in("n_iter_no_change", 10, 1, 1000000);
    tol_ = ctx.get_double_in("tol", 1e-7, 0.0, 1e300);
  }

  void fit(const ams::DataView& train, const ams::DataView* valid) override {
    const bool classification = train.is_classification();
    if (!classification && train.task() != AMS_TASK_REGRESSION)
      throw ams::Error("gradient_boosting: unknown task kind " + std::to_string(train.task()), AMS_ERR_UNSUPPORTED);
    if (!train.has_y()) throw ams::Error("gradient_boosting needs targets (y) to fit", AMS_ERR_INVALID);
    const int64_t n = train.n_rows(), d = train.n_features();
    if (n < 1) throw ams::Error("gradient_boosting cannot fit on an empty data set", AMS_ERR_INVALID);
    if (n >= (int64_t{1} << 31)) throw ams::Error("gradient_boosting supports at most 2^31 - 1 rows", AMS_ERR_UNSUPPORTED);
    if (d < 1) throw ams::Error("gradient_boosting needs at least one feature", AMS_ERR_INVALID);
    if (valid && valid->n_features() != d)
      throw ams::Error("gradient_boosting: the validation set has " + std::to_string(valid->n_features()) +
                           " features but the training set has " + std::to_string(d), AMS_ERR_INVALID);

    Booster b;
    b.n_features = static_cast<int32_t>(d);
    b.n_classes = classification ? train.n_classes() : 0;
    if (classification) {
      if (loss_name_ == "squared_error")
        ctx_.option_error("loss", "\"squared_error\" is for regression; use \"log_loss\" for this classification task");
      if (b.n_classes < 2)
        throw ams::Error("gradient_boosting: classification needs at least 2 classes, the data set declares " +
                             std::to_string(b.n_classes), AMS_ERR_INVALID);
      b.loss = b.n_classes == 2 ? Loss::logistic : Loss::softmax;
      b.n_outputs = b.n_classes == 2 ? 1 : b.n_classes;
    } else {
      if (loss_name_ == "log_loss")
        ctx_.option_error("loss", "\"log_loss\" is for classification; use \"squared_error\" for this regression task");
      b.loss = Loss::squared_error;
      b.n_outputs = 1;
    }
    const int32_t K = b.n_outputs;

    // Targets and weights, checked.
    std::vector<double> y = train.gather_y(), w = train.gather_weights();
    check_targets(y, w, b.n_classes, "row");

    // Which rows train and which judge: the given validation set, a held-out part, or none.
    const bool have_valid = valid && valid->has_y() && valid->n_rows() > 0;
    const bool stop_early = early_stopping_ == 1 || (early_stopping_ == 2 && (have_valid || n > 10000));
    std::vector<int32_t> train_rows, valid_rows;
    if (stop_early && !have_valid) {
      hold_out(y, b.n_classes, train_rows, valid_rows);
    } else {
      train_rows.resize(static_cast<size_t>(n));
      std::iota(train_rows.begin(), train_rows.end(), 0);
    }

    Part tr;
    tr.n = static_cast<int64_t>(train_rows.size());
    for (int32_t r : train_rows) {
      tr.y.push_back(y[static_cast<size_t>(r)]);
      tr.w.push_back(w[static_cast<size_t>(r)]);
    }
    double sw = 0;
    for (double v : tr.w) sw += v;
    if (!(sw > 0)) throw ams::Error("gradient_boosting: the sample weights of the training rows sum to zero", AMS_ERR_INVALID);

    BinnedData binned;
    try {
      binned = bin_features(
          tr.n, d, [&](int64_t i) { return train.row(train_rows[static_cast<size_t>(i)]); }, max_bins_);
    } catch (const std::invalid_argument& e) {
      throw ams::Error(std::string("gradient_boosting: ") + e.what(), AMS_ERR_INVALID);
    }
    BinnedRows rows;
    rows.n_rows = tr.n;
    rows.n_features = static_cast<int32_t>(d);
    rows.codes = binned.codes.data();
    const auto& edges = binned.edges;

    Part va;
    if (stop_early) {
      auto add = [&](const double* x, double yv, double wv) {
        for (int64_t f = 0; f < d; ++f) {
          if (!std::isfinite(x[f]))
            throw ams::Error("gradient_boosting: the validation set has a missing or infinite value in feature " +
                                 std::to_string(f), AMS_ERR_INVALID);
          va.codes.push_back(bin_of(edges[static_cast<size_t>(f)], x[f]));
        }
        va.y.push_back(yv);
        va.w.push_back(wv);
      };
      if (have_valid) {
        for (int64_t i = 0; i < valid->n_rows(); ++i) add(valid->row(i), valid->y(i), valid->weight(i));
        check_targets(va.y, va.w, b.n_classes, "validation row");
      } else {
        for (int32_t r : valid_rows) add(train.row(r), y[static_cast<size_t>(r)], w[static_cast<size_t>(r)]);
      }
      va.n = static_cast<int64_t>(va.y.size());
    }

    b.baseline = baseline(b.loss, b.n_classes, tr.y, tr.w);
    std::vector<double> raw(static_cast<size_t>(tr.n * K)), vraw(static_cast<size_t>(va.n * K));
    for (int64_t i = 0; i < tr.n; ++i) std::copy(b.baseline.begin(), b.baseline.end(), raw.begin() + i * K);
    for (int64_t i = 0; i < va.n; ++i) std::copy(b.baseline.begin(), b.baseline.end(), vraw.begin() + i * K);

    // A multi-fidelity trial with budget b boosts b * n_estimators rounds.
    const double budget = std::clamp(ctx_.budget(), 0.0, 1.0);
    const auto rounds = std::max<int64_t>(1, std::llround(budget * static_cast<double>(n_estimators_)));
    const auto n_cols = static_cast<int32_t>(
        std::clamp<double>(std::round(colsample_ * static_cast<double>(d)), 1.0, static_cast<double>(d)));
    const auto n_sub = std::max<int64_t>(1, std::llround(subsample_ * static_cast<double>(tr.n)));

    TreeGrower grower(rows, edges, params_);
    std::vector<GradPair> gh(static_cast<size_t>(tr.n * K));
    std::vector<double> prob;
    std::vector<int32_t> in_bag(static_cast<size_t>(tr.n)), all_rows(static_cast<size_t>(tr.n));
    std::iota(all_rows.begin(), all_rows.end(), 0);
    std::vector<int32_t> all_features(static_cast<size_t>(d)), features;
    std::iota(all_features.begin(), all_features.end(), 0);
    std::vector<char> updated(static_cast<size_t>(tr.n));
    Rng rng(ctx_.seed());

    const int64_t report_stride = std::max<int64_t>(1, (tr.n + 9999) / 10000);
    double best_loss = std::numeric_limits<double>::infinity();
    int64_t best_round = 0, stale = 0;
    for (int64_t round = 0; round < rounds; ++round) {
      if (ctx_.cancelled()) throw ams::Error("gradient_boosting: fit cancelled", AMS_ERR_CANCELLED);
      gradients(b.loss, K, tr.n, raw.data(), tr.y.data(), tr.w.data(), gh.data(), prob);
      const std::vector<int32_t>& bag = n_sub < tr.n ? draw_rows(rng, tr.n, n_sub, in_bag) : all_rows;
      for (int32_t k = 0; k < K; ++k) {
        const std::vector<int32_t>& feats = n_cols < d ? draw_features(rng, d, n_cols, features) : all_features;
        const std::vector<TreeNode> tree = grower.grow(gh.data() + k * tr.n, bag, feats);
        b.append(tree);
        // In-bag rows get their leaf from the grower; the rest walk the tree.
        if (n_sub < tr.n) std::fill(updated.begin(), updated.end(), 0);
        for (const auto& leaf : grower.leaves()) {
          const double v = tree[static_cast<size_t>(leaf.node)].value;
          for (int64_t i = leaf.begin; i < leaf.end; ++i) {
            const int32_t r = grower.rows()[static_cast<size_t>(i)];
            raw[static_cast<size_t>(r * K + k)] += v;
            if (n_sub < tr.n) updated[static_cast<size_t>(r)] = 1;
          }
        }
        if (n_sub < tr.n)
          for (int64_t i = 0; i < tr.n; ++i)
            if (!updated[static_cast<size_t>(i)])
              raw[static_cast<size_t>(i * K + k)] += tree[static_cast<size_t>(leaf_of(tree, rows.codes + i, tr.n))].value;
        for (int64_t i = 0; i < va.n; ++i)
          vraw[static_cast<size_t>(i * K + k)] += tree[static_cast<size_t>(leaf_of(tree, &va.codes[static_cast<size_t>(i * d)], 1))].value;
      }

      // The validation loss when there is a validation part, else the training loss; on a
      // large training set, the loss of every stride-th row (about 10,000 rows, as
      // scikit-learn scores its training loss on a 10,000-row subsample): a report per round
      // must not cost a logarithm per row per round.
      const double loss = stop_early ? mean_loss(b.loss, K, va.n, vraw.data(), va.y.data(), va.w.data())
                                     : mean_loss(b.loss, K, tr.n, raw.data(), tr.y.data(), tr.w.data(), report_stride);
      if (ctx_.report(round + 1, loss)) throw ams::Stop();
      if (!stop_early) continue;
      if (loss < best_loss - tol_) {
        best_loss = loss;
        best_round = round;
        stale = 0;
      } else if (++stale >= n_iter_no_change_) {
        break;
      }
    }
    // With early stopping the model keeps the rounds up to its best validation loss.
    if (stop_early) b.truncate(best_round + 1);
    booster_ = std::move(b);
    task_ = train.task();
    fitted_ = true;
  }

  void predict(const ams::DataView& data, double* out) override {
    check_input(data);
    for_blocks(data, [&](int64_t i, const double* s) {
      if (task_ == AMS_TASK_REGRESSION) out[i] = s[0];
      else if (booster_.loss == Loss::logistic) out[i] = s[0] > 0 ? 1.0 : 0.0;
      else out[i] = static_cast<double>(std::max_element(s, s + booster_.n_outputs) - s);
    });
  }

  void predict_proba(const ams::DataView& data, double* out) override {
    check_input(data);
    if (task_ != AMS_TASK_CLASSIFICATION)
      throw ams::Error("gradient_boosting: predict_proba needs a classification model; this one is a regressor",
                       AMS_ERR_UNSUPPORTED);
    const int32_t k = booster_.n_classes;
    if (data.n_classes() != k)
      throw ams::Error("gradient_boosting was fitted with " + std::to_string(k) +
                           " classes but predict_proba was asked for " + std::to_string(data.n_classes()),
                       AMS_ERR_INVALID);
    for_blocks(data, [&](int64_t i, const double* s) {
      if (booster_.loss == Loss::logistic) {
        const double p = sigmoid(s[0]);
        out[i * 2] = 1 - p;
        out[i * 2 + 1] = p;
      } else {
        softmax(s, k, out + i * k);
      }
    });
  }

  void save(ams::Writer& w) const override {
    if (!fitted_) throw ams::Error("gradient_boosting: save called before fit", AMS_ERR_INVALID);
    w.pod(kPayloadVersion);
    w.pod(task_);
    w.pod(booster_.n_features);
    w.pod(booster_.n_outputs);
    w.pod(booster_.n_classes);
    w.pod(static_cast<int32_t>(booster_.loss));
    w.vec(booster_.baseline);
    w.vec(booster_.roots);
    w.vec(booster_.nodes);
  }

  void load(ams::Reader& r) override {
    const auto v = r.pod<uint32_t>();
    if (v != kPayloadVersion)
      throw ams::Error("gradient_boosting: saved payload version " + std::to_string(v) +
                           " is not supported (this build reads version " + std::to_string(kPayloadVersion) + ")",
                       AMS_ERR_FORMAT);
    Booster b;
    const auto task = r.pod<int32_t>();
    b.n_features = r.pod<int32_t>();
    b.n_outputs = r.pod<int32_t>();
    b.n_classes = r.pod<int32_t>();
    const auto loss = r.pod<int32_t>();
    b.baseline = r.vec<double>();
    b.roots = r.vec<int32_t>();
    b.nodes = r.vec<TreeNode>();
    std::string problem = b.check();
    const bool regression = task == AMS_TASK_REGRESSION && loss == 0 && b.n_classes == 0 && b.n_outputs == 1;
    const bool binary = task == AMS_TASK_CLASSIFICATION && loss == 1 && b.n_classes == 2 && b.n_outputs == 1;
    const bool multi = task == AMS_TASK_CLASSIFICATION && loss == 2 && b.n_classes > 2 && b.n_outputs == b.n_classes;
    if (problem.empty() && !(regression || binary || multi)) problem = "task and loss";
    if (!problem.empty()) throw ams::Error("gradient_boosting: the saved model is corrupt (" + problem + ")", AMS_ERR_FORMAT);
    b.loss = static_cast<Loss>(loss);
    booster_ = std::move(b);
    task_ = task;
    fitted_ = true;
  }

 private:
  static std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
  }

  // early_stopping: "auto" (on with a validation set or more than 10000 rows), true or false.
  void parse_early_stopping(const ams::Context& ctx) {
    const char* text = nullptr;
    const ams_status s = ams::host().get_string(ctx.raw(), "early_stopping", &text);
    if (s == AMS_ABSENT) return;
    if (s == AMS_OK) {
      if (std::string(text) != "auto")
        ctx.option_error("early_stopping", "must be \"auto\", true or false, got \"" + std::string(text) + "\"");
      return;
    }
    early_stopping_ = ctx.get_bool("early_stopping", false) ? 1 : 0;
  }

  static void check_targets(const std::vector<double>& y, const std::vector<double>& w, int32_t n_classes,
                            const char* what) {
    for (size_t i = 0; i < y.size(); ++i) {
      if (!(w[i] >= 0) || !std::isfinite(w[i]))
        throw ams::Error(std::string("gradient_boosting: the sample weight of ") + what + " " + std::to_string(i) +
                             " must be finite and >= 0", AMS_ERR_INVALID);
      const double v = y[i];
      if (n_classes > 0 ? !(v >= 0 && v < n_classes && v == std::floor(v)) : !std::isfinite(v))
        throw ams::Error(std::string("gradient_boosting: the target of ") + what + " " + std::to_string(i) + " is " +
                             std::to_string(v) +
                             (n_classes > 0 ? ", not a class index in [0, " + std::to_string(n_classes) + ")"
                                            : ", not a finite number"),
                         AMS_ERR_INVALID);
    }
  }

  // Holds out validation_fraction of the rows (of each class, for classification), seeded.
  void hold_out(const std::vector<double>& y, int32_t n_classes, std::vector<int32_t>& train_rows,
                std::vector<int32_t>& valid_rows) const {
    Rng rng(stream_seed(ctx_.seed(), 0xB0057));
    const int32_t groups = std::max(1, n_classes);
    std::vector<std::vector<int32_t>> by_group(static_cast<size_t>(groups));
    for (size_t i = 0; i < y.size(); ++i)
      by_group[n_classes > 0 ? static_cast<size_t>(y[i]) : 0].push_back(static_cast<int32_t>(i));
    for (auto& g : by_group) {
      for (size_t i = g.size(); i > 1; --i) std::swap(g[i - 1], g[rng.below(i)]);
      const auto n_valid = static_cast<size_t>(std::floor(validation_fraction_ * static_cast<double>(g.size())));
      valid_rows.insert(valid_rows.end(), g.begin(), g.begin() + static_cast<std::ptrdiff_t>(n_valid));
      train_rows.insert(train_rows.end(), g.begin() + static_cast<std::ptrdiff_t>(n_valid), g.end());
    }
    if (valid_rows.empty() || train_rows.empty())
      throw ams::Error("gradient_boosting: too few rows (" + std::to_string(y.size()) + ") to hold out a validation "
                       "part of validation_fraction = " + num(validation_fraction_) +
                       "; set early_stopping = false or pass a validation set", AMS_ERR_INVALID);
    std::sort(train_rows.begin(), train_rows.end());
    std::sort(valid_rows.begin(), valid_rows.end());
  }

  // m of the n rows without replacement, ascending.
  static const std::vector<int32_t>& draw_rows(Rng& rng, int64_t n, int64_t m, std::vector<int32_t>& pool) {
    pool.resize(static_cast<size_t>(n));
    std::iota(pool.begin(), pool.end(), 0);
    for (int64_t i = 0; i < m; ++i)
      std::swap(pool[static_cast<size_t>(i)], pool[static_cast<size_t>(i) + rng.below(static_cast<uint64_t>(n - i))]);
    pool.resize(static_cast<size_t>(m));
    std::sort(pool.begin(), pool.end());
    return pool;
  }
  static const std::vector<int32_t>& draw_features(Rng& rng, int64_t d, int32_t m, std::vector<int32_t>& out) {
    return draw_rows(rng, d, m, out);
  }

  // fn(i, raw scores of row i) for every row, the scores computed 256 rows at a time.
  template <class Fn>
  void for_blocks(const ams::DataView& data, Fn fn) const {
    constexpr int64_t block = 256;
    const int64_t n = data.n_rows(), K = booster_.n_outputs;
    std::vector<double> s(static_cast<size_t>(block * K));
    for (int64_t first = 0; first < n; first += block) {
      const int64_t m = std::min(block, n - first);
      booster_.raw_scores_rows(m, [&](int64_t i) { return data.row(first + i); }, s.data());
      for (int64_t i = 0; i < m; ++i) fn(first + i, &s[static_cast<size_t>(i * K)]);
    }
  }

  void check_input(const ams::DataView& data) const {
    if (!fitted_) throw ams::Error("gradient_boosting: predict called before fit", AMS_ERR_INVALID);
    if (data.n_features() != booster_.n_features)
      throw ams::Error("gradient_boosting was fitted on " + std::to_string(booster_.n_features) +
                           " features but got " + std::to_string(data.n_features()),
                       AMS_ERR_INVALID);
  }

  int64_t n_estimators_ = 100;
  std::string loss_name_ = "auto";
  GrowParams params_;
  double subsample_ = 1, colsample_ = 1;
  int32_t max_bins_ = 255;
  int32_t early_stopping_ = 2;  // 0 off, 1 on, 2 auto
  double validation_fraction_ = 0.1;
  int64_t n_iter_no_change_ = 10;
  double tol_ = 1e-7;

  bool fitted_ = false;
  int32_t task_ = 0;
  Booster booster_;
};

}  // namespace

AMS_PLUGIN("org.amsearch.gradient_boosting", "1.0.0", "amsearch", ams::model<GradientBoosting>())
