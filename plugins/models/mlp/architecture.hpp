// Reads the hidden layers from the options, in one of two forms:
//   hidden = [64, 32]                       (+ activation, dropout; activation_k, dropout_k)
//   n_layers = 2, units_1 = 64, units_2 = 32 (+ activation_k, dropout_k per layer)
// The second form exists for conditional search spaces, where units_k is only active when
// n_layers >= k. Per-layer keys beyond n_layers are read and ignored, so a fixed units_3 next
// to a searched n_layers is not an error.
#pragma once

#include <ams/plugin.hpp>

#include "network.hpp"

#include <string>
#include <vector>

namespace amsmlp {

struct HiddenLayerSpec {
  int units = 100;
  Activation activation = Activation::relu;
  double dropout = 0;
};

constexpr int kMaxLayers = 64;

inline Activation read_activation(const ams::Context& ctx, const std::string& key, const std::string& fallback) {
  return *parse_activation(ctx.get_choice(key, fallback, {"relu", "tanh", "gelu", "sigmoid"}));
}

inline double read_dropout(const ams::Context& ctx, const std::string& key, double fallback) {
  const double p = ctx.get_double(key, fallback);
  if (!(p >= 0 && p < 1)) ctx.option_error(key, "must be in [0, 1) (the probability of dropping a unit)");
  return p;
}

inline std::vector<HiddenLayerSpec> read_architecture(const ams::Context& ctx) {
  const std::string default_activation = ctx.get_choice("activation", "relu", {"relu", "tanh", "gelu", "sigmoid"});
  const double default_dropout = read_dropout(ctx, "dropout", 0.0);
  const int default_units = static_cast<int>(ctx.get_int_in("units", 100, 1, 1 << 20));
  // Read every per-layer key up front so none is reported as unknown.
  std::vector<HiddenLayerSpec> per_layer(kMaxLayers);
  for (int k = 1; k <= kMaxLayers; ++k) {
    const std::string s = std::to_string(k);
    HiddenLayerSpec& spec = per_layer[static_cast<size_t>(k - 1)];
    spec.units = static_cast<int>(ctx.get_int_in("units_" + s, default_units, 1, 1 << 20));
    spec.activation = read_activation(ctx, "activation_" + s, default_activation);
    spec.dropout = read_dropout(ctx, "dropout_" + s, default_dropout);
  }
  const bool has_hidden = ctx.has("hidden"), has_n_layers = ctx.has("n_layers");
  if (has_hidden && has_n_layers)
    ctx.option_error("n_layers", "give either hidden = [units, ...] or n_layers with units_1..units_k, not both");
  if (has_n_layers) {
    const auto n = static_cast<int>(ctx.get_int_in("n_layers", 1, 0, kMaxLayers));
    return std::vector<HiddenLayerSpec>(per_layer.begin(), per_layer.begin() + n);
  }
  if (!has_hidden) return {per_layer.front()};
  const int64_t n = ctx.array_size("hidden");
  if (n > kMaxLayers) ctx.option_error("hidden", "at most " + std::to_string(kMaxLayers) + " hidden layers");
  std::vector<HiddenLayerSpec> layers;
  for (int64_t i = 0; i < n; ++i) {
    const std::string key = "hidden[" + std::to_string(i) + "]";
    const auto units = ctx.find_int(key);
    if (!units || *units < 1 || *units > (1 << 20))
      ctx.option_error(key, "each entry of hidden must be an integer number of units in [1, 1048576]");
    HiddenLayerSpec spec = per_layer[static_cast<size_t>(i)];
    spec.units = static_cast<int>(*units);
    layers.push_back(spec);
  }
  return layers;
}

}  // namespace amsmlp
