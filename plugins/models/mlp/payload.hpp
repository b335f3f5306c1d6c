// The saved form of a fitted mlp (payload version 1):
//   u32 version, i32 task, i32 n_features, i32 n_classes,
//   f64[] x_mean, f64[] x_scale, f64 y_mean, f64 y_scale, i32 loss, u32 n_layers,
//   per layer: i32 activation, f64 dropout, i64 rows, i64 cols, f64[] bias, u8 storage,
//     storage 0 (dense): f64[] W column-major
//     storage 1 (CSR of W, rows = fan_in): u32[] row_start, u32[] column, f64[] value
//     a layer with a pruning mask stores its weights as CSR (the zeros are the mask), so an
//     unstructured-pruned model's file shrinks with its sparsity.
// Arrays are Writer::vec (u64 count then elements).
#pragma once

#include <ams/plugin.hpp>

#include "network.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace amsmlp {

constexpr uint32_t kPayloadVersion = 1;

struct Fitted {
  int32_t task = AMS_TASK_CLASSIFICATION;
  int32_t n_features = 0;
  int32_t n_classes = 0;
  RowVector x_mean, x_scale;  // inputs are (x - mean) / scale before the first layer
  double y_mean = 0, y_scale = 1;  // regression outputs are mapped back: y = out * scale + mean
  Network net;
};

namespace detail {

inline std::vector<double> to_vector(const RowVector& v) { return std::vector<double>(v.data(), v.data() + v.size()); }
inline RowVector to_row(const std::vector<double>& v) {
  return Eigen::Map<const RowVector>(v.data(), static_cast<Eigen::Index>(v.size()));
}

}  // namespace detail

inline void write_payload(ams::Writer& w, const Fitted& f) {
  w.pod(kPayloadVersion);
  w.pod(f.task);
  w.pod(f.n_features);
  w.pod(f.n_classes);
  w.vec(detail::to_vector(f.x_mean));
  w.vec(detail::to_vector(f.x_scale));
  w.pod(f.y_mean);
  w.pod(f.y_scale);
  w.pod(static_cast<int32_t>(f.net.loss));
  w.pod(static_cast<uint32_t>(f.net.layers.size()));
  for (const Layer& layer : f.net.layers) {
    w.pod(static_cast<int32_t>(layer.activation));
    w.pod(layer.dropout);
    w.pod(static_cast<int64_t>(layer.W.rows()));
    w.pod(static_cast<int64_t>(layer.W.cols()));
    w.vec(detail::to_vector(layer.b));
    const bool sparse = layer.mask.size() > 0;
    w.pod(static_cast<uint8_t>(sparse ? 1 : 0));
    if (!sparse) {
      w.vec(std::vector<double>(layer.W.data(), layer.W.data() + layer.W.size()));
      continue;
    }
    std::vector<uint32_t> row_start{0}, column;
    std::vector<double> value;
    for (Eigen::Index r = 0; r < layer.W.rows(); ++r) {
      for (Eigen::Index c = 0; c < layer.W.cols(); ++c)
        if (layer.mask(r, c) != 0.0) {
          column.push_back(static_cast<uint32_t>(c));
          value.push_back(layer.W(r, c));
        }
      row_start.push_back(static_cast<uint32_t>(column.size()));
    }
    w.vec(row_start);
    w.vec(column);
    w.vec(value);
  }
}

inline Fitted read_payload(ams::Reader& r) {
  auto corrupt = [](const std::string& what) {
    return ams::Error("mlp: the saved model is corrupt (" + what + ")", AMS_ERR_FORMAT);
  };
  const auto version = r.pod<uint32_t>();
  if (version != kPayloadVersion)
    throw ams::Error("mlp: saved payload version " + std::to_string(version) +
                         " is not supported (this build reads version " + std::to_string(kPayloadVersion) + ")",
                     AMS_ERR_FORMAT);
  Fitted f;
  f.task = r.pod<int32_t>();
  f.n_features = r.pod<int32_t>();
  f.n_classes = r.pod<int32_t>();
  if (f.task != AMS_TASK_CLASSIFICATION && f.task != AMS_TASK_REGRESSION) throw corrupt("unknown task");
  if (f.n_features < 1) throw corrupt("no features");
  f.x_mean = detail::to_row(r.vec<double>(1u << 26));
  f.x_scale = detail::to_row(r.vec<double>(1u << 26));
  if (f.x_mean.size() != f.n_features || f.x_scale.size() != f.n_features) throw corrupt("scaler size");
  f.y_mean = r.pod<double>();
  f.y_scale = r.pod<double>();
  const auto loss = r.pod<int32_t>();
  if (loss != 0 && loss != 1) throw corrupt("unknown loss");
  f.net.loss = static_cast<Loss>(loss);
  const auto n_layers = r.pod<uint32_t>();
  if (n_layers < 1 || n_layers > 4096) throw corrupt("layer count");
  Eigen::Index fan_in = f.n_features;
  for (uint32_t l = 0; l < n_layers; ++l) {
    Layer layer;
    const auto activation = r.pod<int32_t>();
    if (activation < 0 || activation > 4) throw corrupt("unknown activation");
    layer.activation = static_cast<Activation>(activation);
    layer.dropout = r.pod<double>();
    const auto rows = r.pod<int64_t>(), cols = r.pod<int64_t>();
    if (rows != fan_in || cols < 1 || cols > (1 << 24)) throw corrupt("layer shape");
    layer.b = detail::to_row(r.vec<double>(static_cast<uint64_t>(cols)));
    if (layer.b.size() != cols) throw corrupt("bias size");
    const auto storage = r.pod<uint8_t>();
    if (storage == 0) {
      const auto w = r.vec<double>(static_cast<uint64_t>(rows * cols));
      if (static_cast<int64_t>(w.size()) != rows * cols) throw corrupt("weight count");
      layer.W = Eigen::Map<const Matrix>(w.data(), rows, cols);
    } else if (storage == 1) {
      const auto row_start = r.vec<uint32_t>(static_cast<uint64_t>(rows + 1));
      const auto column = r.vec<uint32_t>(static_cast<uint64_t>(rows * cols));
      const auto value = r.vec<double>(static_cast<uint64_t>(rows * cols));
      if (static_cast<int64_t>(row_start.size()) != rows + 1 || row_start.front() != 0 ||
          row_start.back() != column.size() || column.size() != value.size())
        throw corrupt("sparse layout");
      layer.W = Matrix::Zero(rows, cols);
      layer.mask = Matrix::Zero(rows, cols);
      for (int64_t i = 0; i < rows; ++i) {
        const uint32_t a = row_start[static_cast<size_t>(i)], b = row_start[static_cast<size_t>(i) + 1];
        if (a > b || b > column.size()) throw corrupt("sparse row range");
        for (uint32_t k = a; k < b; ++k) {
          if (column[k] >= cols) throw corrupt("sparse column");
          layer.W(i, column[k]) = value[k];
          layer.mask(i, column[k]) = 1.0;
        }
      }
    } else {
      throw corrupt("unknown weight storage");
    }
    fan_in = cols;
    f.net.layers.push_back(std::move(layer));
  }
  const Eigen::Index expected_outputs =
      f.task == AMS_TASK_CLASSIFICATION ? f.n_classes : 1;
  if (f.net.n_outputs() != expected_outputs) throw corrupt("output size");
  return f;
}

// An ams_stream over bytes in memory, for reading a payload taken out of a model file.
class MemoryReadStream {
 public:
  explicit MemoryReadStream(const std::vector<unsigned char>& bytes) : bytes_(bytes) {
    stream_.struct_size = sizeof(ams_stream);
    stream_.handle = this;
    stream_.read = [](void* h, void* data, size_t n) -> ams_status {
      auto* self = static_cast<MemoryReadStream*>(h);
      if (self->bytes_.size() - self->pos_ < n) return AMS_ERR_IO;
      std::memcpy(data, self->bytes_.data() + self->pos_, n);
      self->pos_ += n;
      return AMS_OK;
    };
  }
  const ams_stream* stream() const { return &stream_; }

 private:
  const std::vector<unsigned char>& bytes_;
  size_t pos_ = 0;
  ams_stream stream_{};
};

}  // namespace amsmlp
