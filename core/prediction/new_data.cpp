#include "prediction/new_data.hpp"

#include "common/errors.hpp"

namespace amcore {

namespace {

// The loader's own messages already say "file:line:column: what"; pass them on as they are.
std::string loader_message(ams_context& context, const std::string& what) {
  std::string message;
  for (const auto& m : context.option_errors()) message += (message.empty() ? "" : "\n") + m;
  const std::string plain = context.take_error();
  if (!plain.empty() && message.find(plain) == std::string::npos)
    message += (message.empty() ? "" : "\n") + plain;
  return message.empty() ? context.label + ": " + what + " failed without a message" : message;
}

}  // namespace

NewData::NewData(const Registry& registry, const toml::table& options)
    : loader_(registry.get(AMS_KIND_LOADER, "csv")),
      context_(std::make_unique<ams_context>()),
      self_(nullptr, loader_.descriptor.destroy) {
  context_->options = options;
  context_->label = "loader csv";
  self_.reset(loader_.descriptor.create(context_.get()));
  if (!self_) throw InputError(loader_message(*context_, "creating the loader"));
  if (!loader_.loader.load) throw PluginError("loader csv: the component has no load function");
  view_.struct_size = sizeof(ams_dataset);
  if (loader_.loader.load(self_.get(), &view_) != AMS_OK)
    throw InputError(loader_message(*context_, "loading the data"));
  view_.struct_size = sizeof(ams_dataset);
  if (!view_.X.data || view_.X.ndim != 2 || view_.X.dtype.code != AMS_DTYPE_FLOAT ||
      view_.X.dtype.bits != 64 || view_.X.strides || view_.n_rows != view_.X.shape[0])
    throw PluginError("loader csv: returned X is not a compact 2-D float64 array");
}

std::vector<std::string> NewData::feature_names() const {
  std::vector<std::string> names;
  for (int64_t j = 0; j < n_features(); ++j)
    names.emplace_back(view_.feature_names && view_.feature_names[j] ? view_.feature_names[j]
                                                                     : "x" + std::to_string(j));
  return names;
}

std::vector<std::string> NewData::class_names() const {
  std::vector<std::string> names;
  if (view_.class_names)
    for (int32_t c = 0; c < view_.n_classes; ++c) names.emplace_back(view_.class_names[c]);
  return names;
}

}  // namespace amcore
