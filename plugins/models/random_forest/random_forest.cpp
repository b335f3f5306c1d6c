// The tree model library: random_forest (bagged trees), extra_trees (extremely randomized
// trees) and decision_tree (one CART tree), all grown by tree_builder.hpp.
#include <ams/plugin.hpp>

#include "tree_model.hpp"

namespace {

using amsrf::FeatureRule;
using amsrf::Flavor;
using amsrf::TreeModel;

constexpr uint32_t kEnsembleCapabilities = AMS_MODEL_CLASSIFICATION | AMS_MODEL_REGRESSION | AMS_MODEL_PROBA |
                                           AMS_MODEL_WEIGHTS | AMS_MODEL_BUDGET | AMS_MODEL_SAVE;

class RandomForest final : public TreeModel {
 public:
  static constexpr const char* name = "random_forest";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Random forest of histogram-binned decision trees (classification and regression)";
  static constexpr uint32_t capabilities = kEnsembleCapabilities;
  explicit RandomForest(ams::Context ctx)
      : TreeModel(ctx, Flavor{name, true, true, false, FeatureRule::task_default}) {}
};

class ExtraTrees final : public TreeModel {
 public:
  static constexpr const char* name = "extra_trees";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Extremely randomized trees: random thresholds, no bootstrap by default (classification and regression)";
  static constexpr uint32_t capabilities = kEnsembleCapabilities;
  explicit ExtraTrees(ams::Context ctx)
      : TreeModel(ctx, Flavor{name, true, false, true, FeatureRule::task_default}) {}
};

class DecisionTree final : public TreeModel {
 public:
  static constexpr const char* name = "decision_tree";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "One CART decision tree (gini/entropy classification, squared-error regression)";
  static constexpr uint32_t capabilities = AMS_MODEL_CLASSIFICATION | AMS_MODEL_REGRESSION | AMS_MODEL_PROBA |
                                           AMS_MODEL_WEIGHTS | AMS_MODEL_SAVE;
  explicit DecisionTree(ams::Context ctx) : TreeModel(ctx, Flavor{name, false, false, false, FeatureRule::all}) {}
};

}  // namespace

AMS_PLUGIN("org.amsearch.random_forest", "1.1.0", "amsearch", ams::model<RandomForest>(), ams::model<ExtraTrees>(),
           ams::model<DecisionTree>())
