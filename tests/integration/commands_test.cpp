// `amhost validate`, `amhost plugins`, --help, --version.
#include <gtest/gtest.h>

#include <regex>

#include "amhost_runner.hpp"

using namespace amtest;

TEST(Commands, ValidateChecksWithoutRunningTrials) {
  TempDir out;
  Result r = run_amhost({"validate", example("quickstart/pipeline.toml"), "-o", out / "run"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("valid"), std::string::npos);
  EXPECT_NE(r.out.find("150 rows x 4 features"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("random_forest, logistic_regression, knn"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(out / "run/trials.csv"));
  EXPECT_FALSE(std::filesystem::exists(out / "run/study.db"));
}

TEST(Commands, ValidateReportsAnUnknownStrategyOption) {
  TempDir dir;
  std::string text = read_text(example("quickstart/pipeline.toml"));
  text.replace(text.find("plugin = \"random\""), 17, "plugin = \"random\"\nsed = 3");
  text.replace(text.find("../data/"), 8, std::string(AMS_TEST_SOURCE_DIR) + "/examples/data/");
  write_text(dir / "p.toml", text);
  Result r = run_amhost({"validate", dir / "p.toml"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("'sed'"), std::string::npos) << r.err;
  EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(p\.toml:\d+:\d+: )"))) << r.err;
}

TEST(Commands, ValidateReportsAnUnknownModelOption) {
  TempDir dir;
  std::string text = read_text(example("digits_rf/pipeline.toml"));
  text.replace(text.find("fixed = { n_jobs = 1 }"), 22, "fixed = { n_jobs = 1, n_estimator = 3 }");
  text.replace(text.find("../data/"), 8, std::string(AMS_TEST_SOURCE_DIR) + "/examples/data/");
  write_text(dir / "p.toml", text);
  Result r = run_amhost({"validate", dir / "p.toml"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("n_estimator"), std::string::npos) << r.err;
}

TEST(Commands, ValidateOpensTheWarmStartSources) {
  // A finished study to warm-start from, then a pipeline naming it and one naming a folder
  // that holds no study: validate reports what the first would use and refuses the second.
  TempDir dir;
  std::string text = read_text(example("quickstart/pipeline.toml"));
  text.replace(text.find("../data/"), 8, std::string(AMS_TEST_SOURCE_DIR) + "/examples/data/");
  write_text(dir / "first.toml", text);
  Result first = run_amhost({dir / "first.toml", "--trials", "4", "-o", dir / "first", "-q"});
  ASSERT_EQ(first.status, 0) << first.err;

  std::string warm = text;
  warm.replace(warm.find("seed = 42"), 9, "seed = 42\nwarm_start = [\"" + (dir / "first") + "\"]");
  write_text(dir / "warm.toml", warm);
  Result ok = run_amhost({"validate", dir / "warm.toml", "-o", dir / "second"});
  ASSERT_EQ(ok.status, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("warm start from " + (dir / "first")), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("4 of 4 finished trials fit this space"), std::string::npos) << ok.out;
  EXPECT_FALSE(std::filesystem::exists(dir / "second/study.db"));

  std::string missing = text;
  missing.replace(missing.find("seed = 42"), 9,
                  "seed = 42\nwarm_start = [\"" + (dir / "nothing-here") + "\"]");
  write_text(dir / "missing.toml", missing);
  Result bad = run_amhost({"validate", dir / "missing.toml", "-o", dir / "third"});
  EXPECT_EQ(bad.status, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("warm_start"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("nothing-here"), std::string::npos) << bad.err;
}

TEST(Commands, PluginsListsComponents) {
  Result r = run_amhost({"plugins"});
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* name : {"random_forest", "logistic_regression", "knn", "accuracy", "csv",
                           "random", "branin"})
    EXPECT_NE(r.out.find(name), std::string::npos) << name;
  EXPECT_NE(r.out.find("ABI 1.1"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("flaky_model"), std::string::npos);  // not in the default path
}

TEST(Commands, PluginsJson) {
  Result r = run_amhost({"plugins", "--json", "--plugin-path", AMS_TEST_EXTRA_PLUGIN_DIR});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.front(), '{');
  EXPECT_TRUE(std::regex_search(
      r.out, std::regex(R"(\{"kind": "model", "name": "flaky_model", "version": "1\.0\.0")")))
      << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"("id": "org\.amsearch\.tests\.flaky_model")")));
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"("abi": "1\.1")")));
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"("file": "[^"]+ams_test_flaky_model\.so")")));
}

TEST(Commands, HelpAndVersion) {
  Result help = run_amhost({"--help"});
  EXPECT_EQ(help.status, 0);
  for (const char* text : {"Usage:", "validate", "plugins", "--set", "--output", "--trials",
                           "--parallel", "--seed", "--plugin-path", "--quiet", "Exit status"})
    EXPECT_NE(help.out.find(text), std::string::npos) << text;
  Result version = run_amhost({"--version"});
  EXPECT_EQ(version.status, 0);
  EXPECT_TRUE(std::regex_search(version.out, std::regex(R"(^amhost \d+\.\d+\.\d+ \(plugin ABI 1\.\d+\))")))
      << version.out;
}
