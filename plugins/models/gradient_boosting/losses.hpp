// The boosting losses: their starting scores, per-row gradient/hessian pairs and mean values.
// Scores are raw (before the link): K per row for softmax, one otherwise.
#pragma once

#include "hist_tree.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace amsgb {

enum class Loss : int32_t { squared_error = 0, logistic = 1, softmax = 2 };

inline double sigmoid(double z) { return z >= 0 ? 1 / (1 + std::exp(-z)) : std::exp(z) / (1 + std::exp(z)); }

// In-place softmax of k scores.
inline void softmax(const double* z, int32_t k, double* p) {
  const double m = *std::max_element(z, z + k);
  double s = 0;
  for (int32_t c = 0; c < k; ++c) s += (p[c] = std::exp(z[c] - m));
  for (int32_t c = 0; c < k; ++c) p[c] /= s;
}

// The constant model that minimizes the loss: mean, log-odds, log class priors.
inline std::vector<double> baseline(Loss loss, int32_t k, const std::vector<double>& y, const std::vector<double>& w) {
  double sw = 0;
  for (double v : w) sw += v;
  if (loss == Loss::squared_error) {
    double s = 0;
    for (size_t i = 0; i < y.size(); ++i) s += w[i] * y[i];
    return {s / sw};
  }
  std::vector<double> prior(static_cast<size_t>(std::max(k, 2)), 0.0);
  for (size_t i = 0; i < y.size(); ++i) prior[static_cast<size_t>(y[i])] += w[i];
  for (double& p : prior) p = std::clamp(p / sw, 1e-12, 1 - 1e-12);
  if (loss == Loss::logistic) return {std::log(prior[1] / prior[0])};
  std::vector<double> out(static_cast<size_t>(k));
  for (int32_t c = 0; c < k; ++c) out[static_cast<size_t>(c)] = std::log(prior[static_cast<size_t>(c)]);
  return out;
}

// gh[c * n + i]: the pair of row i for output c. raw: n x k scores.
inline void gradients(Loss loss, int32_t k, int64_t n, const double* raw, const double* y, const double* w,
                      GradPair* gh, std::vector<double>& prob) {
  switch (loss) {
    case Loss::squared_error:
      for (int64_t i = 0; i < n; ++i) gh[i] = {w[i] * (raw[i] - y[i]), w[i]};
      break;
    case Loss::logistic:
      for (int64_t i = 0; i < n; ++i) {
        const double p = sigmoid(raw[i]);
        gh[i] = {w[i] * (p - y[i]), w[i] * std::max(p * (1 - p), 1e-16)};
      }
      break;
    case Loss::softmax:
      prob.resize(static_cast<size_t>(k));
      for (int64_t i = 0; i < n; ++i) {
        softmax(raw + i * k, k, prob.data());
        const auto label = static_cast<int32_t>(y[i]);
        for (int32_t c = 0; c < k; ++c) {
          const double p = prob[static_cast<size_t>(c)];
          gh[c * n + i] = {w[i] * (p - (c == label ? 1.0 : 0.0)), w[i] * std::max(p * (1 - p), 1e-16)};
        }
      }
      break;
  }
}

// Weighted mean loss: mean squared error, binary or multiclass log loss.
// The weighted mean loss of rows 0, stride, 2 stride, ... below n.
inline double mean_loss(Loss loss, int32_t k, int64_t n, const double* raw, const double* y, const double* w,
                        int64_t stride = 1) {
  double s = 0, sw = 0;
  std::vector<double> p(static_cast<size_t>(k));
  for (int64_t i = 0; i < n; i += stride) {
    double l = 0;
    switch (loss) {
      case Loss::squared_error: l = (raw[i] - y[i]) * (raw[i] - y[i]); break;
      case Loss::logistic: {
        // log(1 + exp(z)) - y z, computed without overflow.
        const double z = raw[i];
        l = (z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z))) - y[i] * z;
        break;
      }
      case Loss::softmax: {
        const double* z = raw + i * k;
        const double m = *std::max_element(z, z + k);
        double se = 0;
        for (int32_t c = 0; c < k; ++c) se += std::exp(z[c] - m);
        l = m + std::log(se) - z[static_cast<int64_t>(y[i])];
        break;
      }
    }
    s += w[i] * l;
    sw += w[i];
  }
  return sw > 0 ? s / sw : 0.0;
}

}  // namespace amsgb
