#include "output/model_file.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>
#include <unistd.h>

#include "common/errors.hpp"
#include "support/harness.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<char> bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<char>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_bytes(const fs::path& p, const std::vector<char>& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

class ModelFile : public ::testing::Test {
 protected:
  void SetUp() override {
    knn_ = amtest::registry().find(AMS_KIND_MODEL, "knn");
    if (!knn_) GTEST_SKIP() << "knn plugin not built";
    dir_ = fs::temp_directory_path() /
           ("ams_model_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    table_ = amtest::read_csv(amtest::data_path("iris.csv"), "species", AMS_TASK_CLASSIFICATION);

    auto context = std::make_unique<ams_context>();
    context->options.insert("n_neighbors", 3);
    context->label = "model knn";
    model_ = amcore::ModelObject::create(*knn_, std::move(context));
    ASSERT_EQ(model_->fit(table_.view(), nullptr), AMS_OK) << model_->context().take_error();

    metadata_ = amcore::metadata_of(*model_);
    metadata_.task = AMS_TASK_CLASSIFICATION;
    metadata_.n_classes = 3;
    metadata_.class_names = {"setosa", "versicolor", "virginica"};
    metadata_.feature_names = {"a", "b", "c", "d"};
    metadata_.target_name = "species";
    metadata_.params_json = R"({"n_neighbors":3})";
    metadata_.metric = "accuracy";
    metadata_.test_score = 0.97;
    path_ = dir_ / "model.amsmodel";
    amcore::save_model(path_.string(), *model_, metadata_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  template <class F>
  void expect_refused(F&& f, const std::string& needle) {
    try {
      f();
      FAIL() << "expected an InputError mentioning '" << needle << "'";
    } catch (const amcore::InputError& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find(needle), std::string::npos) << m;
      EXPECT_NE(m.find("model.amsmodel"), std::string::npos) << "names the file: " << m;
    }
  }

  const amcore::Component* knn_ = nullptr;
  fs::path dir_, path_;
  amtest::Table table_;
  std::unique_ptr<amcore::ModelObject> model_;
  amcore::ModelMetadata metadata_;
};

TEST_F(ModelFile, RoundTripsMetadataAndPredictions) {
  const auto file = amcore::read_model_file(path_.string());
  const auto& m = file.metadata;
  EXPECT_EQ(m.component, "knn");
  EXPECT_EQ(m.component_version, knn_->version);
  EXPECT_EQ(m.plugin_id, knn_->library->id);
  EXPECT_EQ(m.class_names, metadata_.class_names);
  EXPECT_EQ(m.feature_names, metadata_.feature_names);
  EXPECT_EQ(m.target_name, "species");
  EXPECT_EQ(m.params_json, R"({"n_neighbors":3})");
  EXPECT_DOUBLE_EQ(m.test_score, 0.97);
  EXPECT_NE(m.options_toml.find("n_neighbors = 3"), std::string::npos) << m.options_toml;
  EXPECT_FALSE(file.payload.empty());

  amcore::ModelMetadata loaded_meta;
  auto loaded = amcore::load_model(path_.string(), amtest::registry(), &loaded_meta);
  std::vector<double> before, after;
  ASSERT_EQ(model_->predict(table_.view(), before), AMS_OK);
  ASSERT_EQ(loaded->predict(table_.view(), after), AMS_OK);
  EXPECT_EQ(before, after);
  EXPECT_EQ(loaded_meta.n_classes, 3);
}

TEST_F(ModelFile, AFlippedByteIsRefusedAnywhere) {
  const auto good = bytes_of(path_);
  // One byte in the header, the middle of the payload, and the checksum itself.
  for (size_t at : {size_t{30}, good.size() / 2, good.size() - 1}) {
    auto bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x10);
    write_bytes(path_, bad);
    expect_refused([&] { amcore::read_model_file(path_.string()); }, "corrupted");
  }
}

TEST_F(ModelFile, ATruncatedFileIsRefused) {
  const auto good = bytes_of(path_);
  for (size_t keep : {size_t{10}, size_t{20}, good.size() / 2, good.size() - 1}) {
    write_bytes(path_, std::vector<char>(good.begin(), good.begin() + static_cast<long>(keep)));
    expect_refused([&] { amcore::read_model_file(path_.string()); }, "truncated");
  }
}

TEST_F(ModelFile, ForeignAndNewerFilesAreRefused) {
  auto bad = bytes_of(path_);
  bad[0] = 'X';
  write_bytes(path_, bad);
  expect_refused([&] { amcore::read_model_file(path_.string()); }, "not an amsearch model file");

  bad = bytes_of(path_);
  bad[0] = 'A';
  bad[8] = 2;  // format version 2 (little-endian u32 after the magic)
  write_bytes(path_, bad);
  expect_refused([&] { amcore::read_model_file(path_.string()); }, "newer amsearch (model format 2");

  write_bytes(path_, {'h', 'e', 'l', 'l', 'o'});
  expect_refused([&] { amcore::read_model_file(path_.string()); }, "not an amsearch model file");
  fs::remove(path_);
  expect_refused([&] { amcore::read_model_file(path_.string()); }, "cannot open");
}

TEST_F(ModelFile, TrailingBytesAreRefused) {
  auto bad = bytes_of(path_);
  bad.push_back('!');
  write_bytes(path_, bad);
  expect_refused([&] { amcore::read_model_file(path_.string()); }, "corrupted");
}

}  // namespace
