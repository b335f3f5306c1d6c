// mlp: a multilayer perceptron for classification (softmax cross-entropy) and regression
// (squared error), trained by mini-batch sgd / momentum / adam on standardized inputs, with
// dropout, L1/L2 penalties, learning-rate schedules, early stopping, per-epoch reports, trial
// budgets, pruning with fine-tuning, and transfer from a saved model (init_from, freeze).
#include <ams/plugin.hpp>

#include "architecture.hpp"
#include "host_model_file.hpp"
#include "network.hpp"
#include "optimizer.hpp"
#include "payload.hpp"
#include "pruning.hpp"
#include "trainer.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace amsmlp;

double positive(const ams::Context& ctx, const std::string& key, double fallback) {
  const double v = ctx.get_double(key, fallback);
  if (!(v > 0) || !std::isfinite(v)) ctx.option_error(key, "must be a finite number > 0");
  return v;
}

double non_negative(const ams::Context& ctx, const std::string& key, double fallback) {
  const double v = ctx.get_double(key, fallback);
  if (!(v >= 0) || !std::isfinite(v)) ctx.option_error(key, "must be a finite number >= 0");
  return v;
}

// Uniform He (relu, gelu) or Glorot (tanh, sigmoid, output) initialization, biases 0.
Layer init_layer(Eigen::Index fan_in, Eigen::Index fan_out, Activation activation, double dropout,
                 const std::string& scheme, std::mt19937_64& rng) {
  bool he = activation == Activation::relu || activation == Activation::gelu;
  if (scheme == "he") he = true;
  if (scheme == "glorot") he = false;
  double limit = he ? std::sqrt(6.0 / static_cast<double>(fan_in))
                    : std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
  if (!he && activation == Activation::sigmoid) limit *= 4;  // Glorot & Bengio's factor for the logistic
  std::uniform_real_distribution<double> u(-limit, limit);
  Layer layer;
  layer.W.resize(fan_in, fan_out);
  for (Eigen::Index i = 0; i < layer.W.size(); ++i) layer.W.data()[i] = u(rng);
  layer.b = RowVector::Zero(fan_out);
  layer.activation = activation;
  layer.dropout = dropout;
  return layer;
}

class Mlp final : public ams::Model {
 public:
  static constexpr const char* name = "mlp";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Multilayer perceptron (softmax / squared error; sgd, momentum, adam; dropout; pruning; transfer)";
  static constexpr uint32_t capabilities = AMS_MODEL_CLASSIFICATION | AMS_MODEL_REGRESSION | AMS_MODEL_PROBA |
                                           AMS_MODEL_WEIGHTS | AMS_MODEL_SAVE | AMS_MODEL_BUDGET;
  // Each epoch reports an accuracy or R^2 (trainer.hpp score_outputs): higher is better.
  static constexpr int32_t report_direction = AMS_MAXIMIZE;

  explicit Mlp(ams::Context ctx) : ams::Model(ctx) {
    hidden_ = read_architecture(ctx);
    init_ = ctx.get_choice("init", "auto", {"auto", "he", "glorot"});
    standardize_ = ctx.get_bool("standardize", true);

    const std::string optimizer = ctx.get_choice("optimizer", "adam", {"sgd", "momentum", "adam"});
    auto& opt = settings_.optimizer;
    opt.kind = optimizer == "sgd" ? OptimizerKind::sgd : optimizer == "momentum" ? OptimizerKind::momentum
                                                                                 : OptimizerKind::adam;
    opt.momentum = ctx.get_double_in("momentum", 0.9, 0.0, 0.999999);
    opt.nesterov = ctx.get_bool("nesterov", false);
    if (opt.nesterov && opt.kind != OptimizerKind::momentum)
      ctx.option_error("nesterov", "applies to optimizer = \"momentum\" only");
    opt.beta1 = ctx.get_double_in("beta1", 0.9, 0.0, 0.999999);
    opt.beta2 = ctx.get_double_in("beta2", 0.999, 0.0, 0.99999999);
    opt.epsilon = positive(ctx, "epsilon", 1e-8);

    auto& sched = settings_.schedule;
    sched.learning_rate = positive(ctx, "learning_rate", opt.kind == OptimizerKind::adam ? 1e-3 : 1e-2);
    const std::string schedule = ctx.get_choice("schedule", "constant", {"constant", "step", "cosine"});
    sched.kind = schedule == "step" ? Schedule::step : schedule == "cosine" ? Schedule::cosine : Schedule::constant;
    sched.step_size = static_cast<int>(ctx.get_int_in("step_size", 30, 1, 1000000));
    sched.gamma = ctx.get_double_in("gamma", 0.1, 1e-12, 1.0);
    sched.min_learning_rate = non_negative(ctx, "min_learning_rate", 0.0);
    if (sched.min_learning_rate > sched.learning_rate)
      ctx.option_error("min_learning_rate", "must not exceed learning_rate");

    settings_.penalty.l2 = non_negative(ctx, "alpha", 1e-4);
    settings_.penalty.l1 = non_negative(ctx, "l1", 0.0);
    settings_.batch_size = ctx.get_int_in("batch_size", 200, 1, 1 << 30);
    settings_.shuffle = ctx.get_bool("shuffle", true);
    max_epochs_ = static_cast<int>(ctx.get_int_in("max_epochs", 200, 1, 1000000));
    settings_.early_stopping = ctx.get_bool("early_stopping", false);
    validation_fraction_ = ctx.get_double_in("validation_fraction", 0.1, 0.0, 0.9);
    if (settings_.early_stopping && validation_fraction_ <= 0)
      ctx.option_error("validation_fraction", "must be > 0 with early_stopping (or pass a validation set)");
    settings_.patience = static_cast<int>(ctx.get_int_in("patience", 10, 1, 1000000));
    settings_.tol = non_negative(ctx, "tol", 1e-4);

    prune_ = ctx.get_choice("prune", "none", {"none", "magnitude", "neurons"});
    sparsity_ = ctx.get_double_in("sparsity", 0.5, 0.0, 0.99);
    finetune_epochs_ = static_cast<int>(ctx.get_int_in("finetune_epochs", 10, 0, 1000000));

    if (auto path = ctx.find_path("init_from")) init_from_ = *path;
    freeze_ = static_cast<int>(ctx.get_int_in("freeze", 0, 0, kMaxLayers));
    if (freeze_ > 0 && init_from_.empty())
      ctx.option_error("freeze", "freezes layers of a model given by init_from; set init_from too");
  }

  void fit(const ams::DataView& train, const ams::DataView* valid) override {
    if (!train.has_y()) throw ams::Error("mlp needs targets (y) to fit", AMS_ERR_INVALID);
    const bool classification = train.task() == AMS_TASK_CLASSIFICATION;
    if (!classification && train.task() != AMS_TASK_REGRESSION)
      throw ams::Error("mlp does classification and regression only", AMS_ERR_UNSUPPORTED);
    const int k = classification ? train.n_classes() : 0;
    if (classification && k < 2)
      throw ams::Error("mlp needs at least two classes, got " + std::to_string(k), AMS_ERR_INVALID);
    const Eigen::Index n = train.n_rows(), d = train.n_features();
    if (n < 1 || d < 1) throw ams::Error("mlp cannot fit on an empty data set", AMS_ERR_INVALID);

    std::optional<Fitted> source;
    if (!init_from_.empty()) source = load_source(d);

    Fitted f;
    f.task = train.task();
    f.n_features = static_cast<int32_t>(d);
    f.n_classes = k;
    RowMatrix X;
    Eigen::VectorXd w;
    std::vector<double> y;
    gather(train, X, y, w);
    const double total = w.sum();
    if (!(total > 0)) throw ams::Error("mlp: the sample weights sum to zero", AMS_ERR_INVALID);

    // The scaler of a transferred model is kept: its first layer expects inputs scaled that way.
    if (source) {
      f.x_mean = source->x_mean;
      f.x_scale = source->x_scale;
    } else {
      fit_scaler(X, w, f.x_mean, f.x_scale);
    }
    if (!classification && standardize_) {
      const Eigen::Map<const Eigen::VectorXd> yv(y.data(), n);
      f.y_mean = w.dot(yv) / total;
      const double sd = std::sqrt(w.dot((yv.array() - f.y_mean).square().matrix()) / total);
      f.y_scale = sd > 0 ? sd : 1.0;
    }
    X.rowwise() -= f.x_mean;
    X.array().rowwise() /= f.x_scale.array();
    Matrix T = targets(y, f);

    std::mt19937_64 rng(ctx_.seed());
    // Hold out a validation part for early stopping unless the host gave one.
    RowMatrix Xv;
    Matrix Tv;
    Eigen::VectorXd wv;
    if (valid) {
      if (valid->n_features() != d || !valid->has_y())
        throw ams::Error("mlp: the validation set must have targets and the training set's features", AMS_ERR_INVALID);
      std::vector<double> yv;
      gather(*valid, Xv, yv, wv);
      Xv.rowwise() -= f.x_mean;
      Xv.array().rowwise() /= f.x_scale.array();
      Tv = targets(yv, f);
    } else if (settings_.early_stopping) {
      const auto held = static_cast<Eigen::Index>(std::llround(validation_fraction_ * static_cast<double>(n)));
      if (held < 1 || held >= n)
        throw ams::Error("mlp: validation_fraction = " + std::to_string(validation_fraction_) + " of " +
                             std::to_string(n) + " rows leaves no validation or no training rows",
                         AMS_ERR_INVALID);
      std::vector<Eigen::Index> order(static_cast<size_t>(n));
      for (Eigen::Index i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
      std::shuffle(order.begin(), order.end(), rng);
      const std::vector<Eigen::Index> v_rows(order.begin(), order.begin() + held);
      std::vector<Eigen::Index> t_rows(order.begin() + held, order.end());
      std::sort(t_rows.begin(), t_rows.end());
      Xv = X(v_rows, Eigen::all);
      Tv = T(v_rows, Eigen::all);
      wv = w(v_rows);
      RowMatrix Xt = X(t_rows, Eigen::all);
      Matrix Tt = T(t_rows, Eigen::all);
      Eigen::VectorXd wt = w(t_rows);
      X.swap(Xt);
      T.swap(Tt);
      w.swap(wt);
    }

    f.net = source ? adapt_source(*source, f, rng) : build(d, f, rng);
    TrainSettings s = settings_;
    s.frozen_layers = static_cast<size_t>(freeze_);
    s.epochs = std::max(1, static_cast<int>(std::lround(ctx_.budget() * max_epochs_)));
    const Batchable data{X, T, w};
    const std::optional<Batchable> monitor =
        Xv.rows() > 0 ? std::optional<Batchable>(Batchable{Xv, Tv, wv}) : std::nullopt;
    const EpochHook hook = [this](int64_t step, double score) { return ctx_.cancelled() || ctx_.report(step, score); };
    const TrainResult r = amsmlp::train(f.net, data, monitor ? &*monitor : nullptr, s, rng, 1, hook);

    if (prune_ != "none" && sparsity_ > 0) {
      if (prune_ == "magnitude")
        prune_magnitude(f.net, sparsity_);
      else
        prune_neurons(f.net, sparsity_);
      if (finetune_epochs_ > 0) {
        TrainSettings fine = s;
        fine.epochs = finetune_epochs_;
        fine.early_stopping = false;
        fine.schedule.kind = Schedule::constant;
        amsmlp::train(f.net, data, monitor ? &*monitor : nullptr, fine, rng, 1 + r.epochs_run, hook);
      }
    }
    fitted_ = std::move(f);
  }

  void predict(const ams::DataView& data, double* out) override {
    const Fitted& f = check_input(data);
    for_each_block(data, [&](Eigen::Index start, const Matrix& o) {
      for (Eigen::Index i = 0; i < o.rows(); ++i) {
        if (f.task == AMS_TASK_CLASSIFICATION) {
          Eigen::Index c;
          o.row(i).maxCoeff(&c);
          out[start + i] = static_cast<double>(c);
        } else {
          out[start + i] = o(i, 0) * f.y_scale + f.y_mean;
        }
      }
    });
  }

  void predict_proba(const ams::DataView& data, double* out) override {
    const Fitted& f = check_input(data);
    if (f.task != AMS_TASK_CLASSIFICATION)
      throw ams::Error("mlp: predict_proba needs a classifier; this model was fitted for regression", AMS_ERR_UNSUPPORTED);
    if (data.n_classes() != f.n_classes)
      throw ams::Error("mlp was fitted with " + std::to_string(f.n_classes) + " classes but predict_proba was asked for " +
                           std::to_string(data.n_classes()),
                       AMS_ERR_INVALID);
    for_each_block(data, [&](Eigen::Index start, const Matrix& o) {
      for (Eigen::Index i = 0; i < o.rows(); ++i)
        for (Eigen::Index c = 0; c < o.cols(); ++c) out[(start + i) * o.cols() + c] = o(i, c);
    });
  }

  void save(ams::Writer& w) const override {
    if (!fitted_) throw ams::Error("mlp: save called before fit", AMS_ERR_INVALID);
    write_payload(w, *fitted_);
  }

  void load(ams::Reader& r) override { fitted_ = read_payload(r); }

 private:
  void gather(const ams::DataView& data, RowMatrix& X, std::vector<double>& y, Eigen::VectorXd& w) const {
    const Eigen::Index n = data.n_rows(), d = data.n_features();
    X.resize(n, d);
    y.resize(static_cast<size_t>(n));
    w.resize(n);
    const bool classification = data.task() == AMS_TASK_CLASSIFICATION;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double* r = data.row(i);
      for (Eigen::Index j = 0; j < d; ++j) X(i, j) = r[j];
      const double v = data.y(i);
      if (classification ? !(v >= 0 && v < data.n_classes() && v == std::floor(v)) : !std::isfinite(v))
        throw ams::Error("mlp: the target of row " + std::to_string(i) + " is " + std::to_string(v) +
                             (classification ? ", not a class index in [0, " + std::to_string(data.n_classes()) + ")"
                                             : ", not a finite number"),
                         AMS_ERR_INVALID);
      y[static_cast<size_t>(i)] = v;
      w[i] = data.weight(i);
      if (!(w[i] >= 0) || !std::isfinite(w[i]))
        throw ams::Error("mlp: the sample weight of row " + std::to_string(i) + " must be finite and >= 0",
                         AMS_ERR_INVALID);
    }
    if (!X.allFinite())
      throw ams::Error("mlp needs finite inputs: X contains NaN or infinity (impute missing values first)",
                       AMS_ERR_INVALID);
  }

  void fit_scaler(const RowMatrix& X, const Eigen::VectorXd& w, RowVector& mean, RowVector& scale) const {
    const Eigen::Index d = X.cols();
    mean = RowVector::Zero(d);
    scale = RowVector::Ones(d);
    if (!standardize_) return;
    const double total = w.sum();
    mean = (w.transpose() * X) / total;
    for (Eigen::Index j = 0; j < d; ++j) {
      const double sd = std::sqrt((w.array() * (X.col(j).array() - mean[j]).square()).sum() / total);
      scale[j] = sd > 1e-12 * std::max(1.0, std::abs(mean[j])) ? sd : 1.0;  // constant columns stay as they are
    }
  }

  // One-hot classes, or (standardized) regression targets.
  static Matrix targets(const std::vector<double>& y, const Fitted& f) {
    const auto n = static_cast<Eigen::Index>(y.size());
    if (f.task == AMS_TASK_CLASSIFICATION) {
      Matrix T = Matrix::Zero(n, f.n_classes);
      for (Eigen::Index i = 0; i < n; ++i) T(i, static_cast<Eigen::Index>(y[static_cast<size_t>(i)])) = 1.0;
      return T;
    }
    Matrix T(n, 1);
    for (Eigen::Index i = 0; i < n; ++i) T(i, 0) = (y[static_cast<size_t>(i)] - f.y_mean) / f.y_scale;
    return T;
  }

  Eigen::Index output_size(const Fitted& f) const { return f.task == AMS_TASK_CLASSIFICATION ? f.n_classes : 1; }

  Network build(Eigen::Index d, const Fitted& f, std::mt19937_64& rng) const {
    Network net;
    net.loss = f.task == AMS_TASK_CLASSIFICATION ? Loss::softmax_cross_entropy : Loss::squared_error;
    Eigen::Index fan_in = d;
    for (const HiddenLayerSpec& h : hidden_) {
      net.layers.push_back(init_layer(fan_in, h.units, h.activation, h.dropout, init_, rng));
      fan_in = h.units;
    }
    net.layers.push_back(init_layer(fan_in, output_size(f), Activation::identity, 0.0, init_, rng));
    return net;
  }

  Fitted load_source(Eigen::Index d) const {
    const HostModelFile file = read_host_model_file(init_from_);
    if (file.component != name)
      throw ams::Error("init_from: " + init_from_ + " holds a '" + file.component + "' model; mlp can only start from an mlp",
                       AMS_ERR_INVALID);
    MemoryReadStream stream(file.payload);
    ams::Reader reader(stream.stream());
    Fitted source = read_payload(reader);
    if (source.n_features != d)
      throw ams::Error("init_from: " + init_from_ + " was trained on " + std::to_string(source.n_features) +
                           " features but this data set has " + std::to_string(d),
                       AMS_ERR_INVALID);
    if (freeze_ >= static_cast<int>(source.net.layers.size()))
      throw ams::Error("freeze = " + std::to_string(freeze_) + " but the network of " + init_from_ + " has " +
                           std::to_string(source.net.layers.size()) + " layers (the output layer always trains)",
                       AMS_ERR_INVALID);
    return source;
  }

  // The source network with a new output layer when the outputs (class count, task) differ.
  Network adapt_source(const Fitted& source, const Fitted& f, std::mt19937_64& rng) const {
    Network net = source.net;
    const Loss loss = f.task == AMS_TASK_CLASSIFICATION ? Loss::softmax_cross_entropy : Loss::squared_error;
    if (net.loss != loss || net.n_outputs() != output_size(f)) {
      const Eigen::Index fan_in = net.layers.back().W.rows();
      net.layers.back() = init_layer(fan_in, output_size(f), Activation::identity, 0.0, init_, rng);
      net.loss = loss;
      ctx_.log(AMS_LOG_INFO, "mlp: init_from " + init_from_ + ": output layer rebuilt for " +
                                 std::to_string(output_size(f)) + " outputs");
    }
    return net;
  }

  const Fitted& check_input(const ams::DataView& data) const {
    if (!fitted_) throw ams::Error("mlp: predict called before fit", AMS_ERR_INVALID);
    if (data.n_features() != fitted_->n_features)
      throw ams::Error("mlp was fitted on " + std::to_string(fitted_->n_features) + " features but got " +
                           std::to_string(data.n_features()),
                       AMS_ERR_INVALID);
    return *fitted_;
  }

  // Runs the network over blocks of rows; fn(first row, outputs of the block).
  template <class Fn>
  void for_each_block(const ams::DataView& data, Fn&& fn) const {
    const Fitted& f = *fitted_;
    constexpr Eigen::Index kBlock = 1024;
    const Eigen::Index n = data.n_rows(), d = f.n_features;
    RowMatrix X;
    for (Eigen::Index start = 0; start < n; start += kBlock) {
      const Eigen::Index m = std::min(kBlock, n - start);
      X.resize(m, d);
      for (Eigen::Index i = 0; i < m; ++i) X.row(i) = Eigen::Map<const RowVector>(data.row(start + i), d);
      X.rowwise() -= f.x_mean;
      X.array().rowwise() /= f.x_scale.array();
      fn(start, forward(f.net, X));
    }
  }

  std::vector<HiddenLayerSpec> hidden_;
  std::string init_ = "auto";
  bool standardize_ = true;
  TrainSettings settings_;
  int max_epochs_ = 200;
  double validation_fraction_ = 0.1;
  std::string prune_ = "none";
  double sparsity_ = 0.5;
  int finetune_epochs_ = 10;
  std::string init_from_;
  int freeze_ = 0;

  std::optional<Fitted> fitted_;
};

}  // namespace

AMS_PLUGIN("org.amsearch.mlp", "1.0.0", "amsearch", ams::model<Mlp>())
