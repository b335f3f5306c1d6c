// New data to predict, read through the csv loader plugin the way a study reads its data, but
// with the target column optional (target_optional) since new data usually lacks it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <ams/ams.h>
#include <toml++/toml.h>

#include "host/context.hpp"
#include "registry/registry.hpp"

namespace amcore {

class NewData {
 public:
  // options: the loader's options (path, target, ...). Throws InputError with the loader's
  // located message ("file:line:column: ...") when the file cannot be read, PluginError when
  // there is no csv loader.
  NewData(const Registry& registry, const toml::table& options);
  NewData(const NewData&) = delete;
  NewData& operator=(const NewData&) = delete;

  // The loader's arrays; y.data is NULL when the file has no target column.
  const ams_dataset& data() const { return view_; }
  int64_t n_rows() const { return view_.n_rows; }
  int64_t n_features() const { return view_.X.shape[1]; }
  std::vector<std::string> feature_names() const;
  std::vector<std::string> class_names() const;  // of the target column, when present
  bool has_target() const { return view_.y.data != nullptr; }

 private:
  const Component& loader_;
  std::unique_ptr<ams_context> context_;
  // Destroyed through the plugin even when the constructor throws after creating it.
  std::unique_ptr<void, void (*)(void*)> self_;
  ams_dataset view_{};
};

}  // namespace amcore
