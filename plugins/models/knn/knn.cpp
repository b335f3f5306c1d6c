// knn: k-nearest-neighbour classification and regression by brute-force search.
#include <ams/plugin.hpp>

#include "neighbor_search.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace {

using namespace amsknn;

constexpr uint32_t kPayloadVersion = 1;

// Shortest readable form of an option value for messages ("0.5", "-1", "1e-09").
std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

class Knn final : public ams::Model {
 public:
  static constexpr const char* name = "knn";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "k-nearest neighbours (Minkowski distance, uniform or distance weights)";
  static constexpr uint32_t capabilities = AMS_MODEL_CLASSIFICATION | AMS_MODEL_REGRESSION | AMS_MODEL_PROBA |
                                           AMS_MODEL_WEIGHTS | AMS_MODEL_SAVE;

  explicit Knn(ams::Context ctx) : ams::Model(ctx) {
    n_neighbors_ = ctx.get_int_in("n_neighbors", 5, 1, 1000000);
    distance_weights_ = ctx.get_choice("weights", "uniform", {"uniform", "distance"}) == "distance";
    p_ = ctx.get_double("p", 2.0);
    if (!(p_ >= 1) || !std::isfinite(p_))
      ctx.option_error("p", "the Minkowski order must be a finite number >= 1, got " + format_number(p_));
    standardize_ = ctx.get_bool("standardize", true);
  }

  void fit(const ams::DataView& train, const ams::DataView*) override {
    const bool classification = train.is_classification();
    if (!classification && train.task() != AMS_TASK_REGRESSION)
      throw ams::Error("knn: unknown task kind " + std::to_string(train.task()), AMS_ERR_UNSUPPORTED);
    if (!train.has_y()) throw ams::Error("knn needs targets (y) to fit", AMS_ERR_INVALID);
    const int64_t n = train.n_rows(), d = train.n_features();
    if (n < 1) throw ams::Error("knn cannot fit on an empty data set", AMS_ERR_INVALID);
    if (classification && train.n_classes() < 1)
      throw ams::Error("knn: a classification data set needs n_classes >= 1", AMS_ERR_INVALID);

    RowMatrix X(n, d);
    std::vector<double> y(static_cast<size_t>(n)), w(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      const double* r = train.row(i);
      for (int64_t j = 0; j < d; ++j) X(i, j) = r[j];
      y[static_cast<size_t>(i)] = train.y(i);
      w[static_cast<size_t>(i)] = train.weight(i);
      const double v = y[static_cast<size_t>(i)];
      if (classification && (!(v >= 0 && v < train.n_classes()) || v != std::floor(v)))
        throw ams::Error("knn: the target of row " + std::to_string(i) + " is " + std::to_string(v) +
                             ", not a class index in [0, " + std::to_string(train.n_classes()) + ")",
                         AMS_ERR_INVALID);
      if (!std::isfinite(v)) throw ams::Error("knn: the target of row " + std::to_string(i) + " is not finite", AMS_ERR_INVALID);
      if (!(w[static_cast<size_t>(i)] >= 0) || !std::isfinite(w[static_cast<size_t>(i)]))
        throw ams::Error("sample weight of row " + std::to_string(i) + " must be finite and >= 0", AMS_ERR_INVALID);
    }
    if (!X.allFinite())
      throw ams::Error("knn needs finite inputs: X contains NaN or infinity (impute missing values first)",
                       AMS_ERR_INVALID);

    mean_ = Eigen::RowVectorXd::Zero(d);
    scale_ = Eigen::RowVectorXd::Ones(d);
    if (standardize_) {
      mean_ = X.colwise().mean();
      for (int64_t j = 0; j < d; ++j) {
        const double sd = std::sqrt((X.col(j).array() - mean_[j]).square().mean());
        scale_[j] = sd > 1e-12 * std::max(1.0, std::abs(mean_[j])) ? sd : 1.0;  // constant column: leave as is
      }
      X.rowwise() -= mean_;
      X.array().rowwise() /= scale_.array();
    }
    if (n_neighbors_ > n)
      ctx_.log(AMS_LOG_WARNING, "knn: n_neighbors = " + std::to_string(n_neighbors_) + " exceeds the " +
                                    std::to_string(n) + " training rows; using all of them");
    X_ = std::move(X);
    y_ = std::move(y);
    w_ = std::move(w);
    task_ = train.task();
    n_classes_ = classification ? train.n_classes() : 0;
    fitted_ = true;
  }

  void predict(const ams::DataView& data, double* out) override {
    check_input(data);
    const auto neighbors = search(data);
    std::vector<double> votes(static_cast<size_t>(std::max(n_classes_, 1)));
    for (size_t i = 0; i < neighbors.size(); ++i) {
      if (task_ == AMS_TASK_CLASSIFICATION) {
        class_votes(neighbors[i], votes.data());
        out[i] = static_cast<double>(std::max_element(votes.begin(), votes.end()) - votes.begin());
      } else {
        out[i] = weighted_mean(neighbors[i]);
      }
    }
  }

  void predict_proba(const ams::DataView& data, double* out) override {
    check_input(data);
    if (task_ != AMS_TASK_CLASSIFICATION)
      throw ams::Error("knn: predict_proba needs a classification model; this one is a regressor", AMS_ERR_UNSUPPORTED);
    if (data.n_classes() != n_classes_)
      throw ams::Error("knn was fitted with " + std::to_string(n_classes_) + " classes but predict_proba was asked for " +
                           std::to_string(data.n_classes()),
                       AMS_ERR_INVALID);
    const auto neighbors = search(data);
    for (size_t i = 0; i < neighbors.size(); ++i) class_votes(neighbors[i], out + i * static_cast<size_t>(n_classes_));
  }

  void save(ams::Writer& w) const override {
    if (!fitted_) throw ams::Error("knn: save called before fit", AMS_ERR_INVALID);
    w.pod(kPayloadVersion);
    w.pod(task_);
    w.pod(n_classes_);
    w.pod<int64_t>(X_.rows());
    w.pod<int64_t>(X_.cols());
    w.vec(std::vector<double>(mean_.data(), mean_.data() + mean_.size()));
    w.vec(std::vector<double>(scale_.data(), scale_.data() + scale_.size()));
    w.vec(std::vector<double>(X_.data(), X_.data() + X_.size()));
    w.vec(y_);
    w.vec(w_);
  }

  void load(ams::Reader& r) override {
    const auto v = r.pod<uint32_t>();
    if (v != kPayloadVersion)
      throw ams::Error("knn: saved payload version " + std::to_string(v) + " is not supported (this build reads version " +
                           std::to_string(kPayloadVersion) + ")",
                       AMS_ERR_FORMAT);
    const auto task = r.pod<int32_t>();
    const auto k = r.pod<int32_t>();
    const auto n = r.pod<int64_t>(), d = r.pod<int64_t>();
    auto mean = r.vec<double>(), scale = r.vec<double>(), X = r.vec<double>(), y = r.vec<double>(), w = r.vec<double>();
    const bool ok = (task == AMS_TASK_CLASSIFICATION ? k >= 1 : task == AMS_TASK_REGRESSION && k == 0) && n >= 1 &&
                    d >= 0 && mean.size() == static_cast<size_t>(d) && scale.size() == static_cast<size_t>(d) &&
                    X.size() == static_cast<size_t>(n * d) && y.size() == static_cast<size_t>(n) &&
                    w.size() == static_cast<size_t>(n);
    if (!ok) throw ams::Error("knn: the saved model is corrupt (inconsistent shapes)", AMS_ERR_FORMAT);
    if (task == AMS_TASK_CLASSIFICATION)
      for (double c : y)
        if (!(c >= 0 && c < k)) throw ams::Error("knn: the saved model is corrupt (class index)", AMS_ERR_FORMAT);
    task_ = task;
    n_classes_ = k;
    mean_ = Eigen::Map<Eigen::RowVectorXd>(mean.data(), d);
    scale_ = Eigen::Map<Eigen::RowVectorXd>(scale.data(), d);
    X_ = Eigen::Map<RowMatrix>(X.data(), n, d);
    y_ = std::move(y);
    w_ = std::move(w);
    fitted_ = true;
  }

 private:
  void check_input(const ams::DataView& data) const {
    if (!fitted_) throw ams::Error("knn: predict called before fit", AMS_ERR_INVALID);
    if (data.n_features() != X_.cols())
      throw ams::Error("knn was fitted on " + std::to_string(X_.cols()) + " features but got " +
                           std::to_string(data.n_features()),
                       AMS_ERR_INVALID);
  }

  std::vector<std::vector<Neighbor>> search(const ams::DataView& data) const {
    const int64_t n = data.n_rows(), d = data.n_features();
    RowMatrix Q(n, d);
    for (int64_t i = 0; i < n; ++i) {
      const double* r = data.row(i);
      for (int64_t j = 0; j < d; ++j) Q(i, j) = (r[j] - mean_[j]) / scale_[j];
    }
    return NeighborSearch(X_, p_).query(Q, n_neighbors_);
  }

  // Each neighbour's say: its sample weight, times 1 / distance when weights = "distance".
  // Neighbours at distance zero, if any, outvote all others (the limit of 1 / distance).
  std::vector<double> neighbor_weights(const std::vector<Neighbor>& nb) const {
    std::vector<double> out(nb.size());
    const bool exact_match = distance_weights_ && !nb.empty() && nb.front().distance == 0;
    for (size_t i = 0; i < nb.size(); ++i) {
      double kernel = 1.0;
      if (distance_weights_) kernel = exact_match ? (nb[i].distance == 0 ? 1.0 : 0.0) : 1.0 / nb[i].distance;
      out[i] = kernel * w_[static_cast<size_t>(nb[i].row)];
    }
    return out;
  }

  void class_votes(const std::vector<Neighbor>& nb, double* votes) const {
    std::fill(votes, votes + n_classes_, 0.0);
    const auto weights = neighbor_weights(nb);
    double total = 0;
    for (size_t i = 0; i < nb.size(); ++i) {
      votes[static_cast<int>(y_[static_cast<size_t>(nb[i].row)])] += weights[i];
      total += weights[i];
    }
    if (total > 0) {
      for (int c = 0; c < n_classes_; ++c) votes[c] /= total;
    } else {  // every neighbour has weight zero: fall back to a plain count
      for (const auto& x : nb) votes[static_cast<int>(y_[static_cast<size_t>(x.row)])] += 1.0 / static_cast<double>(nb.size());
    }
  }

  double weighted_mean(const std::vector<Neighbor>& nb) const {
    const auto weights = neighbor_weights(nb);
    double s = 0, total = 0;
    for (size_t i = 0; i < nb.size(); ++i) {
      s += weights[i] * y_[static_cast<size_t>(nb[i].row)];
      total += weights[i];
    }
    if (total > 0) return s / total;
    for (const auto& x : nb) s += y_[static_cast<size_t>(x.row)];
    return s / static_cast<double>(nb.size());
  }

  int64_t n_neighbors_ = 5;
  bool distance_weights_ = false;
  double p_ = 2.0;
  bool standardize_ = true;

  bool fitted_ = false;
  int32_t task_ = 0;
  int32_t n_classes_ = 0;
  Eigen::RowVectorXd mean_, scale_;
  RowMatrix X_;
  std::vector<double> y_, w_;
};

}  // namespace

AMS_PLUGIN("org.amsearch.knn", "1.0.0", "amsearch", ams::model<Knn>())
