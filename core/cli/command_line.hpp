// The amhost command line, parsed into plain values. Parsing only: the commands live in
// commands.hpp and do their work through libamcore.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/pipeline.hpp"

namespace amcore {

struct CommandLine {
  enum class Command { Run, Validate, Plugins, Predict, Export, Help, Version };
  Command command = Command::Help;
  std::string pipeline;
  std::string database;  // export: a study.db or an output folder
  std::vector<Override> overrides;  // --set, then --trials/--parallel/--seed
  std::vector<std::string> plugin_paths;
  std::optional<std::string> output_dir;  // run: output folder; predict: predictions file;
                                          // export: the folder to write to
  std::string model_file;                 // predict
  std::string data_file;                  // predict
  bool quiet = false;
  bool json = false;
  bool resume = false;
  bool overwrite = false;
};

// Throws InputError for an unknown option (with the nearest known one), a missing or extra
// argument, or a malformed value.
CommandLine parse_command_line(int argc, const char* const* argv);

std::string usage_text();
std::string version_text();

}  // namespace amcore
