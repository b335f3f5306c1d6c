// Runs the amhost binary as a subprocess and captures its exit status, stdout and stderr;
// makes temporary folders and pipeline files for the tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace amtest {

struct Result {
  int status = -1;  // exit status, or -1 when the process did not exit normally
  std::string out, err;
};

// amhost with these arguments (no shell involved in their meaning: each is quoted).
Result run_amhost(const std::vector<std::string>& args);


std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);
std::vector<std::string> lines_of(const std::string& text);

// Paths in the source tree.
std::string example(const std::string& relative);  // examples/<relative>
std::string data_file(const std::string& name);     // examples/data/<name>

}  // namespace amtest
