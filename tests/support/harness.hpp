// Test support: load the built plugins, make component objects from TOML option text, and hold
// small data sets in memory. Used by the plugin tests; goes through amcore like amhost does.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <ams/ams.h>

#include "host/context.hpp"
#include "registry/registry.hpp"

namespace amtest {

// Every plugin built into this build tree, loaded once per test process.
amcore::Registry& registry();

// <source>/examples/data/<file>
std::string data_path(const std::string& file);

// A component object and the context it was created with.
struct Object {
  const amcore::Component& component;
  std::unique_ptr<ams_context> context;
  void* self = nullptr;

  Object(const amcore::Component& c, std::unique_ptr<ams_context> ctx, void* s)
      : component(c), context(std::move(ctx)), self(s) {}
  ~Object();
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  // The last message set by the plugin (set_error / option_error); cleared on read.
  std::string error();
};

// Creates a component with options given as TOML text ("alpha = 0.5\nfit_intercept = false").
// Throws std::runtime_error carrying the plugin's message when create fails.
std::unique_ptr<Object> make(int32_t kind, const std::string& name,
                             const std::string& options_toml = "", uint64_t seed = 1);

// An in-memory data set owning its arrays; views point into it and live as long as it does.
struct Table {
  std::vector<double> X, y;
  int64_t n_rows = 0, n_features = 0;
  int32_t task = AMS_TASK_CLASSIFICATION, n_classes = 0;

  ams_dataset view() const;
  ams_dataset view(const std::vector<int64_t>& rows) const;  // rows must outlive the view

 private:
  mutable int64_t x_shape_[2] = {0, 0};
  mutable int64_t y_shape_[1] = {0};
};

// A numeric CSV with a header; target column by name. For classification the labels (strings
// or numbers) become class indices in sorted label order. A test helper, not the csv plugin.
Table read_csv(const std::string& path, const std::string& target, int32_t task);

// Row indices [0, n) split into a train and test part by a seeded shuffle.
void split_rows(int64_t n, double test_fraction, uint64_t seed, std::vector<int64_t>& train,
                std::vector<int64_t>& test);

// Model calls that throw std::runtime_error with the plugin's message on failure.
void fit(Object& model, const ams_dataset& train, const ams_dataset* valid = nullptr);
std::vector<double> predict(Object& model, const ams_dataset& data);
std::vector<double> predict_proba(Object& model, const ams_dataset& data, int32_t n_classes);

// Fraction of equal entries.
double accuracy(const std::vector<double>& truth, const std::vector<double>& predicted);

}  // namespace amtest
