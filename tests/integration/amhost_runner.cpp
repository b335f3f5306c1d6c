#include "amhost_runner.hpp"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace amtest {

namespace {

std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'')
      quoted.append("'\\''");
    else
      quoted.push_back(c);
  }
  quoted.push_back('\'');
  return quoted;
}

}  // namespace

Result run_amhost(const std::vector<std::string>& args) {
  TempDir capture;
  std::string command = shell_quote(AMS_TEST_AMHOST);
  for (const std::string& a : args) command.append(" ").append(shell_quote(a));
  command.append(" > ").append(shell_quote(capture / "out"));
  command.append(" 2> ").append(shell_quote(capture / "err"));
  command.append(" < /dev/null");
  int raw = std::system(command.c_str());
  Result r;
  r.status = (raw != -1 && WIFEXITED(raw)) ? WEXITSTATUS(raw) : -1;
  r.out = read_text(capture / "out");
  r.err = read_text(capture / "err");
  return r;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string example(const std::string& relative) {
  return std::string(AMS_TEST_SOURCE_DIR) + "/examples/" + relative;
}

std::string data_file(const std::string& name) { return example("data/" + name); }

}  // namespace amtest
