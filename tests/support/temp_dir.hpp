// A fresh, empty folder under the system temp folder for one test, removed with everything in
// it by the destructor. Header-only, so tests that do not link amtest_support can use it too.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace amtest {

class TempDir {
 public:
  // The folder's name starts with prefix, then the process id, a per-process counter and a
  // random number, so parallel test processes never share one.
  explicit TempDir(const std::string& prefix = "amsearch-test") {
    static std::atomic<int> counter{0};
    std::random_device seed;
    path_ = std::filesystem::temp_directory_path() /
            (prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" +
             std::to_string(seed() % 1000000));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace amtest
