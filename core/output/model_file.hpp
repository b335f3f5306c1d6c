// The saved model file (.amsmodel): the plugin's own payload wrapped in a versioned,
// checksummed envelope that says what made it and what it expects.
//
// Layout (all integers little-endian):
//   "AMSMODEL"                 8 bytes magic
//   u32 format version         kModelFormatVersion
//   u64 header length, header  the metadata fields below, each a u32-length-prefixed string or
//                              a fixed-width integer, in the order of ModelMetadata
//   u64 payload length, payload  what the model's save() wrote
//   u32 CRC-32 (IEEE)          of every byte before it
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "evaluation/model_object.hpp"
#include "registry/registry.hpp"

namespace amcore {

inline constexpr uint32_t kModelFormatVersion = 1;

struct ModelMetadata {
  std::string component;          // model component name
  std::string component_version;
  std::string plugin_id;          // library id, e.g. "org.amsearch.random_forest"
  std::string plugin_version;
  int32_t task = 0;               // AMS_TASK_*
  int32_t n_classes = 0;
  std::vector<std::string> class_names;
  std::vector<std::string> feature_names;
  std::string target_name;
  std::string params_json;        // the trial's parameters
  std::string options_toml;       // every option the object was created with (to recreate it)
  std::string metric;             // metric name and score, for information
  double test_score = 0;          // NaN when unknown
};

// The metadata of a model object: component, plugin and options from the object; the rest is
// left for the caller to fill.
ModelMetadata metadata_of(const ModelObject& model);

// Saves a fitted model to path (written to path.tmp then renamed). Throws EvaluationError when
// the model cannot save (no AMS_MODEL_SAVE capability, or its save failed: plugin message), or
// InputError when the file cannot be written.
void save_model(const std::string& path, ModelObject& model, const ModelMetadata& metadata);

// A model file read and verified, not yet handed to a plugin.
struct ModelFile {
  ModelMetadata metadata;
  std::vector<unsigned char> payload;
};
// Reads and checks a model file. Throws InputError naming the file when it is missing,
// unreadable, not a model file (magic), of a newer format, truncated, corrupted (checksum) or
// malformed.
ModelFile read_model_file(const std::string& path);

// Reads a model file and recreates the fitted model: finds its component in the registry
// (PluginError when missing, or when the installed component comes from another plugin id),
// creates an object with the saved options and seed 0, and calls its load(). Throws
// EvaluationError with the plugin's message when load fails.
std::unique_ptr<ModelObject> load_model(const std::string& path, const Registry& registry,
                                        ModelMetadata* metadata_out = nullptr);

}  // namespace amcore
