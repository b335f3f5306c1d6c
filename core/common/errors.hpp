// Errors that end a run, each mapped to one amhost exit status.
#pragma once

#include <stdexcept>
#include <string>

namespace amcore {

// Where something is in an input file. line/column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  // "file:line:column", "file:line" or "file" depending on what is known.
  std::string str() const;
};

// Bad input: a pipeline file, a command-line option, a data file. Exit status 2.
// what() is the full message, already prefixed with its location when one is known.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
  InputError(const SourceLocation& where, const std::string& message)
      : std::runtime_error(where.str() + ": " + message) {}
};

// A plugin could not be loaded or is inconsistent. Exit status 3.
class PluginError : public std::runtime_error {
 public:
  explicit PluginError(const std::string& message) : std::runtime_error(message) {}
};

// Exit statuses of amhost.
enum ExitStatus : int { kExitOk = 0, kExitFailure = 1, kExitBadInput = 2, kExitPluginError = 3 };

}  // namespace amcore
