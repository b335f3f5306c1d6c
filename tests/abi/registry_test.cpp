// The registry's index: lookups, "did you mean", ordering, and the default search path.
#include <cstdlib>
#include <optional>

#include "common/suggest.hpp"
#include "test_support.hpp"

using namespace abi_test;
using amcore::Registry;

namespace {

// Sets an environment variable for the scope of a test, restoring the old value after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST(Registry, GetOfAMissingNameSuggestsTheNearestAndListsTheRest) {
  Registry registry;
  registry.load_library(plugin("abi_c_plugin"));
  registry.load_library(plugin("abi_cpp_plugin"));
  std::string m = plugin_error([&] { registry.get(AMS_KIND_STRATEGY, "abi_c_swep"); });
  EXPECT_TRUE(Contains(m, "no strategy named 'abi_c_swep'; did you mean 'abi_c_sweep'?"));
  EXPECT_TRUE(Contains(m, "Available strategies: abi_c_sweep, abi_cpp_low"));
}

TEST(Registry, GetIgnoresCaseWhenSuggesting) {
  Registry registry;
  registry.load_library(plugin("abi_c_plugin"));
  EXPECT_TRUE(Contains(plugin_error([&] { registry.get(AMS_KIND_METRIC, "ABI_C_MAE"); }),
                       "did you mean 'abi_c_mae'?"));
}

TEST(Registry, GetOfAFarNameListsWithoutGuessing) {
  Registry registry;
  registry.load_library(plugin("abi_c_plugin"));
  std::string m = plugin_error([&] { registry.get(AMS_KIND_STRATEGY, "tpe"); });
  EXPECT_TRUE(Contains(m, "no strategy named 'tpe'. Available strategies: abi_c_sweep"));
  EXPECT_EQ(m.find("did you mean"), std::string::npos);
}

TEST(Registry, GetOfANameOfAnotherKindSaysWhichKind) {
  Registry registry;
  registry.load_library(plugin("abi_c_plugin"));
  registry.load_library(plugin("abi_older"));
  EXPECT_TRUE(Contains(plugin_error([&] { registry.get(AMS_KIND_MODEL, "abi_c_mae"); }),
                       "no model named 'abi_c_mae' ('abi_c_mae' is a metric)"));
}

TEST(Registry, GetWithNoneOfThatKindSaysWhereItLooked) {
  TempDir dir;
  Registry registry;
  registry.load_path({dir.path().string(), dir / "missing"});
  std::string m = plugin_error([&] { registry.get(AMS_KIND_LOADER, "csv"); });
  EXPECT_TRUE(Contains(m, "no loader named 'csv'; no loaders are loaded"));
  EXPECT_TRUE(Contains(m, "searched: " + dir.path().string() + ", " + dir / "missing" +
                              " (missing)"));
  EXPECT_TRUE(Contains(m, "AMHOST_PLUGIN_PATH"));
}

TEST(Registry, ComponentsAreSortedByKindThenName) {
  Registry registry;
  registry.load_library(plugin("abi_c_plugin"));
  registry.load_library(plugin("abi_cpp_plugin"));
  std::vector<std::pair<int32_t, std::string>> got;
  for (const auto* c : registry.components()) got.emplace_back(c->kind, c->name);
  std::vector<std::pair<int32_t, std::string>> want = {{AMS_KIND_STRATEGY, "abi_c_sweep"},
                                                       {AMS_KIND_STRATEGY, "abi_cpp_low"},
                                                       {AMS_KIND_MODEL, "abi_cpp_picky"},
                                                       {AMS_KIND_METRIC, "abi_c_mae"}};
  EXPECT_EQ(got, want);
}

TEST(Registry, KindNames) {
  EXPECT_STREQ(amcore::kind_name(AMS_KIND_STRATEGY), "strategy");
  EXPECT_STREQ(amcore::kind_name(AMS_KIND_MODEL), "model");
  EXPECT_STREQ(amcore::kind_name(AMS_KIND_METRIC), "metric");
  EXPECT_STREQ(amcore::kind_name(AMS_KIND_LOADER), "loader");
  EXPECT_STREQ(amcore::kind_name(AMS_KIND_OBJECTIVE), "objective");
  EXPECT_STREQ(amcore::kind_name(0), "unknown");
}

TEST(Registry, DefaultSearchPathPutsTheEnvironmentFirst) {
  ScopedEnv env("AMHOST_PLUGIN_PATH", "/opt/a::/opt/b:");
  auto path = Registry::default_search_path();
  ASSERT_EQ(path.size(), 3u);
  EXPECT_EQ(path[0], "/opt/a");
  EXPECT_EQ(path[1], "/opt/b");
  // Next to the running program: <bin>/../lib/amhost/plugins.
  fs::path exe = fs::read_symlink("/proc/self/exe");
  EXPECT_EQ(path[2],
            (exe.parent_path().parent_path() / AMS_PLUGIN_RELATIVE_DIR).lexically_normal().string());
}

TEST(Registry, DefaultSearchPathWithoutTheEnvironment) {
  ScopedEnv env("AMHOST_PLUGIN_PATH", nullptr);
  auto path = Registry::default_search_path();
  ASSERT_EQ(path.size(), 1u);
  EXPECT_TRUE(fs::path(path[0]).is_absolute());
  EXPECT_TRUE(Contains(path[0], AMS_PLUGIN_RELATIVE_DIR));
}

TEST(Suggest, NearestNameWithinATypoDistance) {
  std::vector<std::string> names = {"random_forest", "ridge", "lasso", "knn"};
  EXPECT_EQ(amcore::nearest_name("randm_forest", names), "random_forest");
  EXPECT_EQ(amcore::nearest_name("Ridge", names), "ridge");
  EXPECT_EQ(amcore::nearest_name("lass", names), "lasso");
  EXPECT_EQ(amcore::nearest_name("gradient_boosting", names), std::nullopt);
  EXPECT_EQ(amcore::nearest_name("x", std::vector<std::string>{}), std::nullopt);
}
