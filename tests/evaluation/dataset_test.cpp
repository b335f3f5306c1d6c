#include "data/dataset.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "support/harness.hpp"

namespace {

amcore::Dataset::Arrays small_classification() {
  amcore::Dataset::Arrays a;
  a.n_rows = 4;
  a.n_features = 2;
  a.X = {0, 1, 2, 3, 4, 5, 6, 7};
  a.y = {0, 1, 1, 0};
  a.task = AMS_TASK_CLASSIFICATION;
  a.n_classes = 2;
  return a;
}

TEST(Dataset, InMemoryViewsShareTheArrays) {
  amcore::Dataset data(small_classification());
  EXPECT_EQ(data.n_rows(), 4);
  EXPECT_EQ(data.n_features(), 2);
  EXPECT_TRUE(data.is_classification());
  EXPECT_EQ(data.feature_names(), (std::vector<std::string>{"x0", "x1"}));
  EXPECT_EQ(data.class_names(), (std::vector<std::string>{"class_0", "class_1"}));
  EXPECT_EQ(data.class_labels(), (std::vector<int32_t>{0, 1, 1, 0}));

  const std::vector<int64_t> rows{3, 1};
  const ams_dataset view = data.view(rows);
  EXPECT_EQ(view.row_index, rows.data());  // no copy of the rows
  EXPECT_EQ(view.n_rows, 2);
  EXPECT_EQ(view.X.data, data.all().X.data);  // no copy of the data
  EXPECT_EQ(view.X.shape[0], 4);
  EXPECT_STREQ(view.feature_names[1], "x1");
  EXPECT_EQ(data.all().row_index, nullptr);
}

TEST(Dataset, RefusesInconsistentArrays) {
  auto a = small_classification();
  a.X.pop_back();
  EXPECT_THROW(amcore::Dataset{a}, amcore::InputError);
  a = small_classification();
  a.y[2] = 2;  // class index out of range
  try {
    amcore::Dataset bad(a);
    FAIL() << "expected an InputError";
  } catch (const amcore::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("row 2"), std::string::npos) << e.what();
  }
  a = small_classification();
  a.task = AMS_TASK_REGRESSION;
  a.y[0] = std::nan("");
  EXPECT_THROW(amcore::Dataset{a}, amcore::InputError);
}

amcore::PipelineConfig csv_pipeline(const std::string& options_toml) {
  amcore::PipelineConfig config;
  config.file = "test.toml";
  config.base_dir = std::string(AMS_TEST_SOURCE_DIR) + "/examples/data";
  amcore::DataConfig data;
  data.loader = "csv";
  data.options = toml::parse(options_toml);
  config.data = data;
  return config;
}

TEST(Dataset, LoadsThroughTheCsvLoader) {
  auto& registry = amtest::registry();
  if (!registry.find(AMS_KIND_LOADER, "csv")) GTEST_SKIP() << "csv loader not built";
  amcore::Dataset data(
      registry, csv_pipeline("path = \"iris.csv\"\ntarget = \"species\"\ntask = \"classification\""));
  EXPECT_EQ(data.n_rows(), 150);
  EXPECT_EQ(data.n_features(), 4);
  EXPECT_EQ(data.n_classes(), 3);
  EXPECT_EQ(data.feature_names()[0], "sepal_length_cm");
  EXPECT_EQ(data.class_names().size(), 3u);
  EXPECT_EQ(data.source(), "loader csv");
}

TEST(Dataset, ALoaderFailureIsBadInputWithThePluginsMessage) {
  auto& registry = amtest::registry();
  if (!registry.find(AMS_KIND_LOADER, "csv")) GTEST_SKIP() << "csv loader not built";
  try {
    amcore::Dataset data(registry, csv_pipeline("path = \"no_such_file.csv\""));
    FAIL() << "expected an InputError";
  } catch (const amcore::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_file.csv"), std::string::npos) << e.what();
  }
}

}  // namespace
