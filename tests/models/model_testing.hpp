// Shared helpers of the model plugin tests: a fixed train/test split, R^2, and save/load
// through an in-memory stream.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/harness.hpp"

namespace modeltest {

// A data set from examples/data with a fixed 80/20 split.
struct Split {
  amtest::Table table;
  std::vector<int64_t> train_rows, test_rows;
  ams_dataset train() const { return table.view(train_rows); }
  ams_dataset test() const { return table.view(test_rows); }
  std::vector<double> test_y() const {
    std::vector<double> y;
    for (int64_t r : test_rows) y.push_back(table.y[static_cast<size_t>(r)]);
    return y;
  }
};

inline Split load_split(const std::string& file, const std::string& target, int32_t task, uint64_t seed = 7) {
  Split s;
  s.table = amtest::read_csv(amtest::data_path(file), target, task);
  amtest::split_rows(s.table.n_rows, 0.2, seed, s.train_rows, s.test_rows);
  return s;
}

inline Split iris() { return load_split("iris.csv", "species", AMS_TASK_CLASSIFICATION); }
inline Split digits() { return load_split("digits.csv", "digit", AMS_TASK_CLASSIFICATION); }
inline Split diabetes() { return load_split("diabetes.csv", "progression", AMS_TASK_REGRESSION); }

inline double r2(const std::vector<double>& truth, const std::vector<double>& pred) {
  double mean = 0;
  for (double v : truth) mean += v;
  mean /= static_cast<double>(truth.size());
  double sse = 0, sst = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    sse += (truth[i] - pred[i]) * (truth[i] - pred[i]);
    sst += (truth[i] - mean) * (truth[i] - mean);
  }
  return 1 - sse / sst;
}

// Trains a model, scores it on the test part: accuracy or R^2 by task.
inline double fit_and_score(amtest::Object& model, const Split& s) {
  amtest::fit(model, s.train());
  const auto pred = amtest::predict(model, s.test());
  return s.table.task == AMS_TASK_CLASSIFICATION ? amtest::accuracy(s.test_y(), pred) : r2(s.test_y(), pred);
}

struct MemoryStream {
  std::vector<unsigned char> bytes;
  size_t pos = 0;
  ams_stream stream() {
    ams_stream s{};
    s.struct_size = sizeof(ams_stream);
    s.handle = this;
    s.write = [](void* h, const void* data, size_t n) -> ams_status {
      auto* m = static_cast<MemoryStream*>(h);
      const auto* p = static_cast<const unsigned char*>(data);
      m->bytes.insert(m->bytes.end(), p, p + n);
      return AMS_OK;
    };
    s.read = [](void* h, void* data, size_t n) -> ams_status {
      auto* m = static_cast<MemoryStream*>(h);
      if (m->bytes.size() - m->pos < n) return AMS_ERR_IO;
      std::memcpy(data, m->bytes.data() + m->pos, n);
      m->pos += n;
      return AMS_OK;
    };
    return s;
  }
};

inline std::vector<unsigned char> save(amtest::Object& model) {
  MemoryStream m;
  const ams_stream s = m.stream();
  if (model.component.model.save(model.self, &s) != AMS_OK) throw std::runtime_error("save: " + model.error());
  return m.bytes;
}

// Loads bytes into a fresh object of the same component; returns the status and keeps the object.
inline ams_status load(amtest::Object& fresh, const std::vector<unsigned char>& bytes) {
  MemoryStream m;
  m.bytes = bytes;
  const ams_stream s = m.stream();
  return fresh.component.model.load(fresh.self, &s);
}

// The message of a failed create, or "" when create succeeded.
inline std::string create_error(const std::string& model, const std::string& options) {
  try {
    amtest::make(AMS_KIND_MODEL, model, options);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

// The message of a failed fit, or "" when fit succeeded.
inline std::string fit_error(amtest::Object& model, const ams_dataset& data) {
  try {
    amtest::fit(model, data);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

// Fits, saves, loads into a fresh object, and checks both predict the same, bit for bit.
inline void expect_save_load_roundtrip(const std::string& model, const std::string& options, const Split& s,
                                       bool proba) {
  auto a = amtest::make(AMS_KIND_MODEL, model, options);
  amtest::fit(*a, s.train());
  const auto bytes = save(*a);
  auto b = amtest::make(AMS_KIND_MODEL, model, options);
  ASSERT_EQ(load(*b, bytes), AMS_OK) << b->error();
  EXPECT_EQ(amtest::predict(*a, s.test()), amtest::predict(*b, s.test()));
  if (proba) {
    EXPECT_EQ(amtest::predict_proba(*a, s.test(), s.table.n_classes),
              amtest::predict_proba(*b, s.test(), s.table.n_classes));
  }
  // A truncated payload is refused with a message, not read past its end.
  auto c = amtest::make(AMS_KIND_MODEL, model, options);
  std::vector<unsigned char> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bytes.size() / 2));
  EXPECT_LT(load(*c, cut), 0);
  EXPECT_FALSE(c->error().empty());
}

}  // namespace modeltest
