// Runs the csv loader plugin on shipped data or on files a test writes into a temp folder.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "support/harness.hpp"

namespace csv_test {

struct Loaded {
  std::unique_ptr<amtest::Object> loader;  // owns everything `data` points to
  ams_dataset data{};
  ams_status status = AMS_OK;
  std::string error;

  int64_t rows() const { return data.X.shape[0]; }
  int64_t cols() const { return data.X.shape[1]; }
  double x(int64_t i, int64_t j) const { return static_cast<const double*>(data.X.data)[i * cols() + j]; }
  double y(int64_t i) const { return static_cast<const double*>(data.y.data)[i]; }
  std::vector<std::string> class_names() const {
    std::vector<std::string> out;
    for (int32_t c = 0; c < data.n_classes; ++c) out.emplace_back(data.class_names[c]);
    return out;
  }
  std::vector<std::string> feature_names() const {
    std::vector<std::string> out;
    for (int64_t j = 0; j < cols(); ++j) out.emplace_back(data.feature_names[j]);
    return out;
  }
};

// Options as TOML text; `path` is added from the argument (a TOML literal string).
inline Loaded load(const std::string& path, const std::string& options = "") {
  Loaded out;
  out.loader = amtest::make(AMS_KIND_LOADER, "csv", "path = '" + path + "'\n" + options);
  out.data.struct_size = sizeof(ams_dataset);
  out.status = out.loader->component.loader.load(out.loader->self, &out.data);
  out.error = out.loader->error();
  return out;
}

// A temp folder for the files a test writes, removed afterwards.
class CsvFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ams_csv_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& content) {
    auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Loads and expects failure with exactly this message ("{}" stands for the file's path).
  void expect_error(const std::string& file, const std::string& options, const std::string& expected,
                    ams_status status = AMS_ERR_FORMAT) {
    Loaded r = load(file, options);
    EXPECT_EQ(r.status, status) << r.error;
    std::string want = expected;
    if (auto at = want.find("{}"); at != std::string::npos) want.replace(at, 2, file);
    EXPECT_EQ(r.error, want);
  }

  std::filesystem::path dir_;
};

}  // namespace csv_test
