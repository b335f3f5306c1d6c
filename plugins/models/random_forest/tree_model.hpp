// The model behind random_forest, extra_trees and decision_tree: histogram-binned decision
// trees (see tree_builder.hpp), averaged when there are several. A Flavor sets the name,
// which options exist and their defaults.
#pragma once

#include <ams/plugin.hpp>

#include "forest.hpp"
#include "parallel.hpp"
#include "predictor.hpp"
#include "tree_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace amsrf {


inline constexpr uint32_t kPayloadVersion = 1;

// Shortest readable form of an option value for messages ("0.5", "-1", "1e-09").
inline std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// max_features: a rule, a fraction of the features, or a count.
struct FeatureRule {
  enum Kind { task_default, sqrt_rule, log2_rule, all, fraction, count } kind = task_default;
  double value = 0;

  int32_t resolve(int64_t n_features, bool classification, const ams::Context& ctx) const {
    const auto F = static_cast<double>(n_features);
    double m = 0;
    switch (kind) {
      case task_default: m = classification ? std::floor(std::sqrt(F)) : F; break;
      case sqrt_rule: m = std::floor(std::sqrt(F)); break;
      case log2_rule: m = std::floor(std::log2(F)); break;
      case all: m = F; break;
      case fraction: m = std::floor(value * F); break;
      case count:
        if (value > F)
          ctx.option_error("max_features", "asks for " + std::to_string(static_cast<int64_t>(value)) +
                                               " features but the data has " + std::to_string(n_features) + " features");
        m = value;
        break;
    }
    return static_cast<int32_t>(std::clamp(m, 1.0, std::max(1.0, F)));
  }
};

// What distinguishes the tree models sharing this implementation.
struct Flavor {
  const char* name;
  bool ensemble;           // many trees: n_estimators, bootstrap, n_jobs and the trial budget apply
  bool bootstrap_default;
  bool random_splits;      // extremely randomized thresholds
  FeatureRule::Kind default_features;
};

class TreeModel : public ams::Model {
 public:
  TreeModel(ams::Context ctx, const Flavor& flavor) : ams::Model(ctx), flavor_(flavor), name_(flavor.name) {
    if (flavor.ensemble) {
      n_estimators_ = ctx.get_int_in("n_estimators", 100, 1, 100000);
      bootstrap_ = ctx.get_bool("bootstrap", flavor.bootstrap_default);
      n_jobs_ = ctx.get_int("n_jobs", 1);
      if (n_jobs_ == 0 || n_jobs_ < -1)
        ctx.option_error("n_jobs", "must be -1 (all cores) or a positive number of threads, got " +
                                       std::to_string(n_jobs_));
    } else {
      n_estimators_ = 1;
      bootstrap_ = false;
    }
    // Empty = the task's default (gini or squared_error), decided at fit.
    if (ctx.find_string("criterion"))
      criterion_ = ctx.get_choice("criterion", "", {"gini", "entropy", "log_loss", "squared_error"});
    max_depth_ = ctx.get_int_in("max_depth", 0, 0, 100000);
    min_samples_split_ = ctx.get_int_in("min_samples_split", 2, 2, int64_t{1} << 40);
    min_samples_leaf_ = ctx.get_int_in("min_samples_leaf", 1, 1, int64_t{1} << 40);
    max_bins_ = static_cast<int32_t>(ctx.get_int_in("max_bins", 255, 2, 255));
    class_weight_ = ctx.get_choice("class_weight", "none", {"none", "balanced"});
    max_features_.kind = flavor.default_features;
    parse_max_features(ctx);
  }

  void fit(const ams::DataView& train, const ams::DataView*) override {
    const bool classification = train.is_classification();
    if (!classification && train.task() != AMS_TASK_REGRESSION)
      throw ams::Error(name_ + ": unknown task kind " + std::to_string(train.task()), AMS_ERR_UNSUPPORTED);
    if (!train.has_y()) throw ams::Error(name_ + " needs targets (y) to fit", AMS_ERR_INVALID);
    const int64_t n = train.n_rows(), d = train.n_features();
    if (n < 1) throw ams::Error(name_ + " cannot fit on an empty data set", AMS_ERR_INVALID);
    if (n >= (int64_t{1} << 31)) throw ams::Error(name_ + " supports at most 2^31 - 1 rows", AMS_ERR_UNSUPPORTED);
    if (d < 1) throw ams::Error(name_ + " needs at least one feature", AMS_ERR_INVALID);

    TreeParams params;
    params.criterion = resolve_criterion(classification);
    params.max_depth = static_cast<int32_t>(max_depth_);
    params.min_samples_split = min_samples_split_;
    params.min_samples_leaf = min_samples_leaf_;
    params.max_features = max_features_.resolve(d, classification, ctx_);
    params.bootstrap = bootstrap_;
    params.random_splits = flavor_.random_splits;

    std::vector<int32_t> cls;
    std::vector<double> y, weight = train.gather_weights();
    Targets targets;
    for (int64_t i = 0; i < n; ++i)
      if (!(weight[static_cast<size_t>(i)] >= 0) || !std::isfinite(weight[static_cast<size_t>(i)]))
        throw ams::Error("sample weight of row " + std::to_string(i) + " must be finite and >= 0", AMS_ERR_INVALID);
    if (classification) {
      const int32_t k = train.n_classes();
      if (k < 1) throw ams::Error(name_ + ": a classification data set needs n_classes >= 1", AMS_ERR_INVALID);
      cls.resize(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) {
        const double v = train.y(i);
        if (!(v >= 0 && v < k) || v != std::floor(v))
          throw ams::Error(name_ + ": the target of row " + std::to_string(i) + " is " + std::to_string(v) +
                               ", not a class index in [0, " + std::to_string(k) + ")", AMS_ERR_INVALID);
        cls[static_cast<size_t>(i)] = static_cast<int32_t>(v);
      }
      if (class_weight_ == "balanced") apply_balanced_weights(cls, k, weight);
      targets.n_classes = k;
      targets.cls = cls.data();
    } else {
      if (class_weight_ != "none")
        ctx_.option_error("class_weight", "applies to classification only; this is a regression task");
      y = train.gather_y();
      for (int64_t i = 0; i < n; ++i)
        if (!std::isfinite(y[static_cast<size_t>(i)]))
          throw ams::Error(name_ + ": the target of row " + std::to_string(i) + " is not finite", AMS_ERR_INVALID);
      targets.y = y.data();
    }
    targets.weight = weight.data();
    double total_weight = 0;
    for (double w : weight) total_weight += w;
    if (!(total_weight > 0)) throw ams::Error(name_ + ": the sample weights sum to zero", AMS_ERR_INVALID);

    BinnedData binned;
    try {
      binned = bin_features(n, d, [&](int64_t i) { return train.row(i); }, max_bins_);
    } catch (const std::invalid_argument& e) {
      throw ams::Error(name_ + ": " + e.what(), AMS_ERR_INVALID);
    }

    // A multi-fidelity trial with budget b grows b * n_estimators trees.
    const double budget = flavor_.ensemble ? std::clamp(ctx_.budget(), 0.0, 1.0) : 1.0;
    const auto n_trees = std::max<int64_t>(1, std::llround(budget * static_cast<double>(n_estimators_)));
    std::vector<Tree> trees(static_cast<size_t>(n_trees));
    const uint64_t seed = ctx_.seed();
    const ams::Context ctx = ctx_;
    parallel_for(n_trees, resolve_threads(n_jobs_), [&] {
      return [&, builder = std::make_shared<TreeBuilder>(binned, targets, params)](int64_t t) {
        if (ctx.cancelled()) throw ams::Error(name_ + ": fit cancelled", AMS_ERR_CANCELLED);
        trees[static_cast<size_t>(t)] = builder->build(stream_seed(seed, static_cast<uint64_t>(t)));
      };
    });

    Forest forest;
    forest.n_features = static_cast<int32_t>(d);
    forest.n_outputs = classification ? targets.n_classes : 1;
    size_t n_nodes = 0, n_values = 0;
    for (const Tree& t : trees) {
      n_nodes += t.nodes.size();
      n_values += t.values.size();
    }
    forest.nodes.reserve(n_nodes);
    forest.values.reserve(n_values);
    for (Tree& t : trees) {
      forest.append(t);
      t = Tree{};  // free as we go: peak memory holds the trees once, not twice
    }
    forest_ = std::move(forest);
    predictor_ = Predictor(forest_);
    task_ = train.task();
    fitted_ = true;
  }

  void predict(const ams::DataView& data, double* out) override {
    check_input(data);
    const int32_t k = forest_.n_outputs;
    for_blocks(data, [&](int64_t first, int64_t m, const double* mean) {
      for (int64_t i = 0; i < m; ++i) {
        const double* p = mean + i * k;
        out[first + i] = task_ == AMS_TASK_CLASSIFICATION ? static_cast<double>(std::max_element(p, p + k) - p) : p[0];
      }
    });
  }

  void predict_proba(const ams::DataView& data, double* out) override {
    check_input(data);
    if (task_ != AMS_TASK_CLASSIFICATION)
      throw ams::Error(name_ + ": predict_proba needs a classification model; this one is a regressor",
                       AMS_ERR_UNSUPPORTED);
    if (data.n_classes() != forest_.n_outputs)
      throw ams::Error(name_ + " was fitted with " + std::to_string(forest_.n_outputs) +
                           " classes but predict_proba was asked for " + std::to_string(data.n_classes()),
                       AMS_ERR_INVALID);
    const int32_t k = forest_.n_outputs;
    for_blocks(data, [&](int64_t first, int64_t m, const double* mean) {
      std::copy_n(mean, m * k, out + first * k);
    });
  }

  void save(ams::Writer& w) const override {
    if (!fitted_) throw ams::Error(name_ + ": save called before fit", AMS_ERR_INVALID);
    w.pod(kPayloadVersion);
    w.pod(task_);
    w.pod(forest_.n_features);
    w.pod(forest_.n_outputs);
    w.vec(forest_.roots);
    w.vec(forest_.nodes);
    w.vec(forest_.values);
  }

  void load(ams::Reader& r) override {
    const auto v = r.pod<uint32_t>();
    if (v != kPayloadVersion)
      throw ams::Error(name_ + ": saved payload version " + std::to_string(v) +
                           " is not supported (this build reads version " + std::to_string(kPayloadVersion) + ")",
                       AMS_ERR_FORMAT);
    Forest f;
    const auto task = r.pod<int32_t>();
    f.n_features = r.pod<int32_t>();
    f.n_outputs = r.pod<int32_t>();
    f.roots = r.vec<int32_t>();
    f.nodes = r.vec<Node>();
    f.values = r.vec<double>();
    validate(task, f);
    forest_ = std::move(f);
    predictor_ = Predictor(forest_);
    task_ = task;
    fitted_ = true;
  }

 private:
  void parse_max_features(const ams::Context& ctx) {
    const char* text = nullptr;
    const ams_status s = ams::host().get_string(ctx.raw(), "max_features", &text);
    if (s == AMS_ABSENT) return;
    if (s == AMS_OK) {
      const std::string rule = text;
      if (rule == "sqrt") max_features_.kind = FeatureRule::sqrt_rule;
      else if (rule == "log2") max_features_.kind = FeatureRule::log2_rule;
      else if (rule == "all") max_features_.kind = FeatureRule::all;
      else
        ctx.option_error("max_features", "must be \"sqrt\", \"log2\", \"all\", a fraction in (0, 1] or a "
                                         "whole number of features >= 2, got \"" + rule + "\"");
      return;
    }
    const double v = ctx.get_double("max_features", 0);
    if (v > 0 && v <= 1) {
      max_features_ = {FeatureRule::fraction, v};
    } else if (v >= 2 && v == std::floor(v) && v < 1e9) {
      max_features_ = {FeatureRule::count, v};
    } else {
      ctx.option_error("max_features", "must be \"sqrt\", \"log2\", \"all\", a fraction in (0, 1] or a "
                                       "whole number of features >= 2, got " + format_number(v));
    }
  }

  Criterion resolve_criterion(bool classification) const {
    if (classification) {
      if (criterion_.empty() || criterion_ == "gini") return Criterion::gini;
      if (criterion_ == "entropy" || criterion_ == "log_loss") return Criterion::entropy;
      ctx_.option_error("criterion", "\"" + criterion_ + "\" is for regression; use \"gini\" or \"entropy\" "
                                     "for this classification task");
    }
    if (criterion_.empty() || criterion_ == "squared_error") return Criterion::squared_error;
    ctx_.option_error("criterion", "\"" + criterion_ + "\" is for classification; use \"squared_error\" "
                                   "for this regression task");
  }

  // scikit-learn's "balanced": class c weighs n / (classes present * rows of class c).
  static void apply_balanced_weights(const std::vector<int32_t>& cls, int32_t k, std::vector<double>& weight) {
    std::vector<double> count(static_cast<size_t>(k), 0.0);
    for (int32_t c : cls) count[static_cast<size_t>(c)] += 1;
    const auto present = static_cast<double>(std::count_if(count.begin(), count.end(), [](double c) { return c > 0; }));
    for (size_t i = 0; i < cls.size(); ++i)
      weight[i] *= static_cast<double>(cls.size()) / (present * count[static_cast<size_t>(cls[i])]);
  }

  void check_input(const ams::DataView& data) const {
    if (!fitted_) throw ams::Error(name_ + ": predict called before fit", AMS_ERR_INVALID);
    if (data.n_features() != forest_.n_features)
      throw ams::Error(name_ + " was fitted on " + std::to_string(forest_.n_features) + " features but got " +
                           std::to_string(data.n_features()),
                       AMS_ERR_INVALID);
  }

  // Blocks of rows on n_jobs threads: fn(first, m, mean) with the mean leaf outputs of rows
  // [first, first + m), n_outputs per row. A block walks each tree while it is in cache.
  template <class Fn>
  void for_blocks(const ams::DataView& data, Fn fn) const {
    constexpr int64_t block = 1024;
    const int64_t n = data.n_rows();
    const int32_t k = predictor_.n_outputs();
    parallel_for((n + block - 1) / block, resolve_threads(n_jobs_), [&] {
      return [&, buf = std::vector<double>(static_cast<size_t>(block * k))](int64_t b) mutable {
        const int64_t first = b * block, m = std::min(block, n - first);
        predictor_.mean_outputs(m, [&](int64_t i) { return data.row(first + i); }, buf.data());
        fn(first, m, buf.data());
      };
    });
  }

  // A loaded forest must be safe to walk: children after their parent, indices in range, one parent each.
  void validate(int32_t task, const Forest& f) const {
    auto corrupt = [this](const std::string& what) {
      throw ams::Error(name_ + ": the saved model is corrupt (" + what + ")", AMS_ERR_FORMAT);
    };
    if (task != AMS_TASK_CLASSIFICATION && task != AMS_TASK_REGRESSION) corrupt("task");
    if (f.n_features < 1 || f.n_outputs < 1) corrupt("shape");
    if (task == AMS_TASK_REGRESSION && f.n_outputs != 1) corrupt("outputs");
    if (f.roots.empty()) corrupt("no trees");
    const auto n_nodes = static_cast<int64_t>(f.nodes.size());
    for (int32_t r : f.roots)
      if (r < 0 || r >= n_nodes) corrupt("root index");
    // Each node has at most one parent and roots have none, so the trees are trees (the
    // prediction layout copies them node by node).
    std::vector<char> has_parent(static_cast<size_t>(n_nodes), 0);
    for (int32_t r : f.roots) has_parent[static_cast<size_t>(r)] = 1;
    for (int64_t i = 0; i < n_nodes; ++i) {
      const Node& n = f.nodes[static_cast<size_t>(i)];
      if (n.feature >= 0) {
        if (n.feature >= f.n_features || n.left <= i || n.right <= i || n.left >= n_nodes || n.right >= n_nodes ||
            n.left == n.right || has_parent[static_cast<size_t>(n.left)] || has_parent[static_cast<size_t>(n.right)])
          corrupt("node " + std::to_string(i));
        has_parent[static_cast<size_t>(n.left)] = has_parent[static_cast<size_t>(n.right)] = 1;
      } else if (n.value < 0 || static_cast<int64_t>(n.value) + f.n_outputs > static_cast<int64_t>(f.values.size())) {
        corrupt("leaf " + std::to_string(i));
      }
    }
  }

  Flavor flavor_;
  std::string name_;
  int64_t n_estimators_ = 100;
  std::string criterion_;
  int64_t max_depth_ = 0;
  int64_t min_samples_split_ = 2;
  int64_t min_samples_leaf_ = 1;
  int32_t max_bins_ = 255;
  bool bootstrap_ = true;
  std::string class_weight_ = "none";
  int64_t n_jobs_ = 1;
  FeatureRule max_features_;

  bool fitted_ = false;
  int32_t task_ = 0;
  Forest forest_;        // what is saved
  Predictor predictor_;  // the same trees, laid out for prediction
};

}  // namespace amsrf
