// First-order optimizers over a Network's weights and biases (sgd, momentum with optional
// Nesterov look-ahead, adam) and the learning-rate schedules (constant, step, cosine).
#pragma once

#include "network.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace amsmlp {

enum class OptimizerKind { sgd, momentum, adam };
enum class Schedule { constant, step, cosine };

struct OptimizerSettings {
  OptimizerKind kind = OptimizerKind::adam;
  double momentum = 0.9;
  bool nesterov = false;
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
};

struct ScheduleSettings {
  Schedule kind = Schedule::constant;
  double learning_rate = 1e-3;
  int step_size = 30;       // step: epochs between decays
  double gamma = 0.1;       // step: decay factor
  double min_learning_rate = 0;  // cosine: the rate reached at the last epoch
};

// The learning rate of epoch (0-based) out of total epochs.
inline double learning_rate_at(const ScheduleSettings& s, int epoch, int total_epochs) {
  switch (s.kind) {
    case Schedule::constant: return s.learning_rate;
    case Schedule::step: return s.learning_rate * std::pow(s.gamma, epoch / s.step_size);
    case Schedule::cosine: {
      const double progress = total_epochs > 1 ? static_cast<double>(epoch) / (total_epochs - 1) : 1.0;
      return s.min_learning_rate +
             0.5 * (s.learning_rate - s.min_learning_rate) * (1 + std::cos(3.14159265358979323846 * progress));
    }
  }
  return s.learning_rate;
}

class Optimizer {
 public:
  Optimizer(const OptimizerSettings& settings, const Network& net) : s_(settings) {
    for (const Layer& layer : net.layers) {
      mW_.push_back(Matrix::Zero(layer.W.rows(), layer.W.cols()));
      mb_.push_back(RowVector::Zero(layer.b.size()));
      if (s_.kind == OptimizerKind::adam) {
        vW_.push_back(Matrix::Zero(layer.W.rows(), layer.W.cols()));
        vb_.push_back(RowVector::Zero(layer.b.size()));
      }
    }
  }

  // One update of layers [first_trainable, end) from their gradients; masked weights stay 0.
  void step(Network& net, const Gradients& g, double lr, size_t first_trainable) {
    ++t_;
    for (size_t l = first_trainable; l < net.layers.size(); ++l) {
      Layer& layer = net.layers[l];
      if (s_.kind == OptimizerKind::adam) {
        update_adam(layer.W, g.dW[l], mW_[l], vW_[l], lr);
        update_adam(layer.b, g.db[l], mb_[l], vb_[l], lr);
      } else {
        update_sgd(layer.W, g.dW[l], mW_[l], lr);
        update_sgd(layer.b, g.db[l], mb_[l], lr);
      }
      if (layer.mask.size()) layer.W.array() *= layer.mask.array();
    }
  }

 private:
  template <class P, class G, class S>
  void update_sgd(P& p, const G& grad, S& velocity, double lr) const {
    if (s_.kind == OptimizerKind::sgd) {
      p -= lr * grad;
      return;
    }
    velocity = s_.momentum * velocity - lr * grad;
    if (s_.nesterov)
      p += s_.momentum * velocity - lr * grad;
    else
      p += velocity;
  }

  template <class P, class G, class S>
  void update_adam(P& p, const G& grad, S& m, S& v, double lr) const {
    m = s_.beta1 * m + (1 - s_.beta1) * grad;
    v = s_.beta2 * v + (1 - s_.beta2) * grad.cwiseAbs2();
    const double step = lr * std::sqrt(1 - std::pow(s_.beta2, t_)) / (1 - std::pow(s_.beta1, t_));
    p.array() -= step * m.array() / (v.array().sqrt() + s_.epsilon);
  }

  OptimizerSettings s_;
  std::vector<Matrix> mW_, vW_;
  std::vector<RowVector> mb_, vb_;
  int64_t t_ = 0;
};

}  // namespace amsmlp
