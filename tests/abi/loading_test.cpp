// Well-formed plugins load and work: plain C, C++ through plugin.hpp, and plugins of a newer
// and an older minor ABI whose structs are larger or smaller than the host's.
#include <cmath>
#include <fstream>
#include <vector>

#include "host/context.hpp"
#include "test_support.hpp"

using namespace abi_test;
using amcore::Registry;

namespace {

// A space of one float in [0, 10] and one int, active only when the float is 0.
struct TwoParamSpace {
  double parent_value = 0;
  ams_param x{sizeof(ams_param), "x", AMS_PARAM_FLOAT, 0, 0.0, 10.0, 0.0, 0, nullptr, -1, 0,
              nullptr};
  ams_param n{sizeof(ams_param), "n", AMS_PARAM_INT, 0, 1.0, 5.0, 1.0, 0, nullptr, 0, 1,
              &parent_value};
  const ams_param* params[2] = {&x, &n};
  ams_space space{sizeof(ams_space), 2, params};
};

// Four rows, one feature, targets 1, 2, 3, 6.
struct SmallData {
  std::vector<double> X{0, 1, 2, 3};
  std::vector<double> y{1, 2, 3, 6};
  int64_t x_shape[2] = {4, 1};
  int64_t y_shape[1] = {4};
  ams_dataset view() {
    ams_dataset d{};
    d.struct_size = sizeof d;
    d.X = {X.data(), {AMS_DEVICE_CPU, 0}, 2, {AMS_DTYPE_FLOAT, 64, 1}, x_shape, nullptr, 0};
    d.y = {y.data(), {AMS_DEVICE_CPU, 0}, 1, {AMS_DTYPE_FLOAT, 64, 1}, y_shape, nullptr, 0};
    d.n_rows = 4;
    d.task = AMS_TASK_REGRESSION;
    return d;
  }
};

// A preallocated 1-D float64 output of n values.
struct Output {
  explicit Output(int64_t n) : values(static_cast<size_t>(n)), shape{n} {
    tensor = {values.data(), {AMS_DEVICE_CPU, 0}, 1, {AMS_DTYPE_FLOAT, 64, 1}, shape, nullptr, 0};
  }
  std::vector<double> values;
  int64_t shape[1];
  ams_tensor tensor{};
};

}  // namespace

TEST(Loading, PlainCPluginLoadsAndWorks) {
  Registry registry;
  const auto& lib = registry.load_library(plugin("abi_c_plugin"));
  EXPECT_EQ(lib.id, "org.amsearch.test.c_plugin");
  EXPECT_EQ(lib.version, "1.0.0");
  EXPECT_EQ(lib.vendor, "amsearch tests");
  EXPECT_EQ(lib.abi_major, 1u);
  EXPECT_EQ(lib.path, plugin("abi_c_plugin"));

  const auto& sweep = registry.get(AMS_KIND_STRATEGY, "abi_c_sweep");
  EXPECT_EQ(sweep.library, &lib);
  EXPECT_EQ(sweep.summary, "Test: sweeps numeric parameters evenly");
  EXPECT_EQ(sweep.strategy.on_report, nullptr);

  ams_context ctx;
  ctx.options.insert("max_trials", 2);
  void* self = sweep.descriptor.create(&ctx);
  ASSERT_NE(self, nullptr) << ctx.take_error();
  TwoParamSpace s;
  ASSERT_EQ(sweep.strategy.start(self, &s.space), AMS_OK);
  double values[2];
  double budget = 0;
  ASSERT_EQ(sweep.strategy.ask(self, 0, values, &budget), AMS_OK);
  EXPECT_DOUBLE_EQ(values[0], 10.0 / 3);
  EXPECT_TRUE(std::isnan(values[1]));
  EXPECT_EQ(budget, 1.0);
  ASSERT_EQ(sweep.strategy.ask(self, 1, values, &budget), AMS_OK);
  EXPECT_DOUBLE_EQ(values[0], 20.0 / 3);
  ams_trial_result result{};
  result.struct_size = sizeof result;
  result.state = AMS_TRIAL_COMPLETE;
  EXPECT_EQ(sweep.strategy.tell(self, &result), AMS_OK);
  EXPECT_EQ(sweep.strategy.ask(self, 2, values, &budget), AMS_EXHAUSTED);
  sweep.descriptor.destroy(self);

  const auto& mae = registry.get(AMS_KIND_METRIC, "abi_c_mae");
  EXPECT_EQ(mae.metric.direction, AMS_MINIMIZE);
  EXPECT_EQ(mae.metric.flags, AMS_METRIC_REGRESSION);
  ams_context metric_ctx;
  void* metric = mae.descriptor.create(&metric_ctx);
  double y_true[] = {1, 2, 3}, y_pred[] = {1, 1, 1}, w[] = {1, 1, 2};
  ams_metric_input in{sizeof in, 3, y_true, y_pred, nullptr, nullptr, 0};
  double score = 0;
  ASSERT_EQ(mae.metric.score(metric, &in, &score), AMS_OK);
  EXPECT_DOUBLE_EQ(score, 1.0);
  in.sample_weight = w;
  ASSERT_EQ(mae.metric.score(metric, &in, &score), AMS_OK);
  EXPECT_DOUBLE_EQ(score, 5.0 / 4);
  mae.descriptor.destroy(metric);
}

TEST(Loading, PlainCPluginReportsBadOptionsThroughTheHost) {
  Registry registry;
  registry.load_library(plugin("abi_c_plugin"));
  const auto& sweep = registry.get(AMS_KIND_STRATEGY, "abi_c_sweep");
  ams_context ctx;
  ctx.file = "pipeline.toml";
  ctx.options.insert("max_trials", "lots");
  EXPECT_EQ(sweep.descriptor.create(&ctx), nullptr);
  auto errors = ctx.option_errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(Contains(errors[0], "max_trials"));
  EXPECT_TRUE(Contains(errors[0], "must be a positive integer"));
}

TEST(Loading, InitRunsOnceAndDeinitWhenTheRegistryEnds) {
  std::string during, after;
  testing::internal::CaptureStderr();
  {
    Registry registry;
    registry.load_library(plugin("abi_c_plugin"));
    registry.load_library(plugin("abi_c_plugin"));
    during = testing::internal::GetCapturedStderr();
    testing::internal::CaptureStderr();
  }
  after = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(Contains(during, "abi_c_plugin: init"));
  EXPECT_EQ(during.find("abi_c_plugin: init"), during.rfind("abi_c_plugin: init"));
  EXPECT_EQ(during.find("deinit"), std::string::npos);
  EXPECT_TRUE(Contains(after, "abi_c_plugin: deinit"));
}

TEST(Loading, CppPluginTurnsExceptionsIntoStatusesWithMessages) {
  Registry registry;
  const auto& lib = registry.load_library(plugin("abi_cpp_plugin"));
  EXPECT_EQ(lib.id, "org.amsearch.test.cpp_plugin");

  const auto& low = registry.get(AMS_KIND_STRATEGY, "abi_cpp_low");
  ams_context sctx;
  void* strategy = low.descriptor.create(&sctx);
  ASSERT_NE(strategy, nullptr);
  TwoParamSpace s;
  double values[2], budget = 0;
  ASSERT_EQ(low.strategy.start(strategy, &s.space), AMS_OK);
  ASSERT_EQ(low.strategy.ask(strategy, 0, values, &budget), AMS_OK);
  EXPECT_EQ(values[0], 0.0);
  EXPECT_TRUE(std::isnan(values[1]));
  EXPECT_EQ(low.strategy.ask(strategy, 1, values, &budget), AMS_EXHAUSTED);
  low.descriptor.destroy(strategy);

  const auto& picky = registry.get(AMS_KIND_MODEL, "abi_cpp_picky");
  EXPECT_EQ(picky.model.capabilities, AMS_MODEL_REGRESSION);
  EXPECT_EQ(picky.model.save, nullptr);
  ams_context mctx;
  void* model = picky.descriptor.create(&mctx);
  ASSERT_NE(model, nullptr);
  SmallData data;
  ams_dataset train = data.view();
  EXPECT_EQ(picky.model.fit(model, &train, nullptr), AMS_ERR_UNSUPPORTED);
  EXPECT_EQ(mctx.take_error(), "cannot learn from 4 rows");
  picky.descriptor.destroy(model);
}

TEST(Loading, NewerMinorWithLargerStructsLoadsAndIgnoresTheTail) {
  Registry registry;
  const auto& lib = registry.load_library(plugin("abi_future"));
  EXPECT_EQ(lib.abi_minor, static_cast<uint32_t>(AMS_ABI_MINOR + 1));
  EXPECT_GT(lib.entry.struct_size, sizeof(ams_plugin_entry));

  const auto& mean = registry.get(AMS_KIND_MODEL, "abi_future_mean");
  EXPECT_GT(mean.descriptor.struct_size, sizeof(ams_component));
  EXPECT_GT(mean.model.struct_size, sizeof(ams_model_vtable));
  EXPECT_EQ(mean.model.capabilities, AMS_MODEL_REGRESSION | AMS_MODEL_WEIGHTS);
  EXPECT_EQ(mean.model.save, nullptr);
  EXPECT_EQ(mean.model.report_direction, AMS_MINIMIZE);  // a field the host knows (1.1)

  // The component of a kind this host does not know is skipped, not fatal.
  EXPECT_EQ(registry.components().size(), 1u);

  ams_context ctx;
  void* model = mean.descriptor.create(&ctx);
  ASSERT_NE(model, nullptr);
  SmallData data;
  ams_dataset train = data.view();
  double weights[] = {1, 1, 1, 3};
  train.sample_weight = weights;
  ASSERT_EQ(mean.model.fit(model, &train, nullptr), AMS_OK);
  Output out(4);
  ASSERT_EQ(mean.model.predict(model, &train, &out.tensor), AMS_OK);
  EXPECT_DOUBLE_EQ(out.values[0], (1 + 2 + 3 + 18) / 6.0);
  mean.descriptor.destroy(model);
}

TEST(Loading, OlderMinorWithSmallerModelVtableReadsMissingFieldsAsNull) {
  Registry registry;
  registry.load_library(plugin("abi_older"));
  const auto& mean = registry.get(AMS_KIND_MODEL, "abi_older_mean");
  EXPECT_EQ(mean.model.struct_size, offsetof(ams_model_vtable, save));
  // The plugin's memory past struct_size holds functions that abort: they must not be seen.
  EXPECT_EQ(mean.model.save, nullptr);
  EXPECT_EQ(mean.model.load, nullptr);
  EXPECT_EQ(mean.model.report_direction, 0);
  EXPECT_EQ(mean.descriptor.get_extension, nullptr);
  ASSERT_NE(mean.model.fit, nullptr);

  ams_context ctx;
  void* model = mean.descriptor.create(&ctx);
  SmallData data;
  ams_dataset train = data.view();
  int64_t rows[] = {3, 3, 0};  // a fold: rows by index, may repeat
  train.row_index = rows;
  train.n_rows = 3;
  ASSERT_EQ(mean.model.fit(model, &train, nullptr), AMS_OK);
  Output out(3);
  ASSERT_EQ(mean.model.predict(model, &train, &out.tensor), AMS_OK);
  EXPECT_DOUBLE_EQ(out.values[2], (6 + 6 + 1) / 3.0);
  mean.descriptor.destroy(model);
}

TEST(Loading, AbiOneZeroModelVtableHasNoReportDirection) {
  // ABI 1.1 added report_direction at the end of ams_model_vtable. A 1.0 model's vtable stops
  // before it: the host reads 0 (undeclared) whatever lies beyond, and the model still works.
  Registry registry;
  registry.load_library(plugin("abi_older"));
  const auto& mean = registry.get(AMS_KIND_MODEL, "abi_v10_mean");
  EXPECT_EQ(mean.model.struct_size, offsetof(ams_model_vtable, report_direction));
  EXPECT_EQ(mean.model.report_direction, 0);
  ams_context ctx;
  void* model = mean.descriptor.create(&ctx);
  SmallData data;
  ams_dataset train = data.view();
  ASSERT_EQ(mean.model.fit(model, &train, nullptr), AMS_OK);
  Output out(4);
  ASSERT_EQ(mean.model.predict(model, &train, &out.tensor), AMS_OK);
  EXPECT_DOUBLE_EQ(out.values[0], (1 + 2 + 3 + 6) / 4.0);
  mean.descriptor.destroy(model);
}

TEST(Loading, FolderLoadsEverySoInSortedOrderAndSkipsTheRest) {
  TempDir dir;
  fs::create_symlink(plugin("abi_c_plugin"), dir / "b_plugin.so");
  fs::create_symlink(plugin("abi_cpp_plugin"), dir / "a_plugin.so");
  fs::create_directories(dir / "nested");
  fs::create_symlink(plugin("abi_older"), dir / "nested/older.so");  // folders are not recursed
  { std::ofstream(dir / "README.txt") << "not a plugin\n"; }

  Registry registry;
  registry.load_path({dir.path().string(), dir / "missing-folder"});
  auto libs = registry.libraries();
  ASSERT_EQ(libs.size(), 2u);
  EXPECT_EQ(libs[0]->id, "org.amsearch.test.cpp_plugin");
  EXPECT_EQ(libs[1]->id, "org.amsearch.test.c_plugin");
  EXPECT_EQ(registry.find(AMS_KIND_MODEL, "abi_older_mean"), nullptr);
}

TEST(Loading, AFileInThePathLoadsThatFile) {
  Registry registry;
  registry.load_path({plugin("abi_older")});
  ASSERT_EQ(registry.libraries().size(), 1u);
  EXPECT_NE(registry.find(AMS_KIND_MODEL, "abi_older_mean"), nullptr);
}

TEST(Loading, OneLibraryReachedByTwoPathsLoadsOnce) {
  TempDir dir;
  fs::create_symlink(plugin("abi_c_plugin"), dir / "link.so");
  Registry registry;
  const auto& first = registry.load_library(plugin("abi_c_plugin"));
  const auto& second = registry.load_library(dir / "link.so");
  std::string dotted = (fs::path(ABI_TEST_PLUGIN_DIR) / ".." /
                        fs::path(ABI_TEST_PLUGIN_DIR).filename() / "abi_c_plugin.so")
                           .string();
  const auto& third = registry.load_library(dotted);
  EXPECT_EQ(&first, &second);
  EXPECT_EQ(&first, &third);
  registry.load_path({dir.path().string(), ABI_TEST_PLUGIN_DIR "/abi_c_plugin.so"});
  EXPECT_EQ(registry.libraries().size(), 1u);
}
