// Exit statuses: 2 for bad input with a located message, 3 for plugin failures.
#include <gtest/gtest.h>

#include <regex>

#include "amhost_runner.hpp"

using namespace amtest;

TEST(Errors, UnknownOptionGetsAHint) {
  Result r = run_amhost({example("quickstart/pipeline.toml"), "--trails", "3"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--trails"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean '--trials'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("amhost --help"), std::string::npos) << r.err;
}

TEST(Errors, MissingPipelineArgument) {
  Result r = run_amhost({"validate"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("pipeline"), std::string::npos) << r.err;
}

TEST(Errors, BadPipelineIsLocated) {
  TempDir dir;
  write_text(dir / "pipeline.toml", "[study]\nname = \"x\"\ntrails = 5\n");
  Result r = run_amhost({dir / "pipeline.toml"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(pipeline\.toml:3:\d+: )"))) << r.err;
  EXPECT_NE(r.err.find("trials"), std::string::npos) << r.err;  // the suggestion
}

TEST(Errors, TomlSyntaxErrorIsLocated) {
  TempDir dir;
  write_text(dir / "pipeline.toml", "[study]\nname = \"x\ntrials = 5\n");
  Result r = run_amhost({"validate", dir / "pipeline.toml"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(pipeline\.toml:2:\d+: )"))) << r.err;
}

TEST(Errors, MissingFile) {
  Result r = run_amhost({"/nonexistent/pipeline.toml"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("/nonexistent/pipeline.toml"), std::string::npos) << r.err;
}

TEST(Errors, BadOverride) {
  Result r = run_amhost({"validate", example("quickstart/pipeline.toml"), "--set", "study.trials"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("study.trials"), std::string::npos) << r.err;
  Result negative = run_amhost({"validate", example("quickstart/pipeline.toml"), "--trials", "0"});
  EXPECT_EQ(negative.status, 2);
}

TEST(Errors, MissingPluginIsExit3) {
  TempDir dir;
  std::string text = read_text(example("quickstart/pipeline.toml"));
  text.replace(text.find("plugin = \"knn\""), 14, "plugin = \"knm\"");
  write_text(dir / "pipeline.toml", text);
  Result r = run_amhost({"validate", dir / "pipeline.toml"});
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("knm"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("knn"), std::string::npos) << r.err;  // nearest / available names
  EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(pipeline\.toml:\d+)"))) << r.err;
}

TEST(Errors, BrokenPluginLibraryIsExit3) {
  TempDir dir;
  std::filesystem::create_directories(dir / "plugins");
  write_text(dir / "plugins/ams_broken.so", "not a shared library");
  Result r = run_amhost({"plugins", "--plugin-path", dir / "plugins"});
  EXPECT_EQ(r.status, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("ams_broken.so"), std::string::npos) << r.err;
}

TEST(Errors, BadDataIsExit2) {
  TempDir dir;
  std::string text = read_text(example("quickstart/pipeline.toml"));
  text.replace(text.find("target = \"species\""), 18, "target = \"specie\"");
  write_text(dir / "pipeline.toml", text);
  // ../data/iris.csv relative to the copy does not exist: point at the real file.
  std::string fixed = read_text(dir / "pipeline.toml");
  fixed.replace(fixed.find("../data/iris.csv"), 16, data_file("iris.csv"));
  write_text(dir / "pipeline.toml", fixed);
  Result r = run_amhost({"validate", dir / "pipeline.toml"});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("specie"), std::string::npos) << r.err;
}

TEST(Errors, MetricForTheWrongTask) {
  TempDir dir;
  write_text(dir / "p.toml",
             "[data]\nloader = \"csv\"\npath = \"" + data_file("diabetes.csv") +
                 "\"\ntarget = \"progression\"\ntask = \"regression\"\n[evaluation]\nmetric = "
                 "\"accuracy\"\ncv = { method = \"kfold\", folds = 3 }\n[model]\nplugin = "
                 "\"ridge\"\n[model.space]\nalpha = { float = [0.01, 10.0], log = true }\n");
  Result r = run_amhost({"validate", dir / "p.toml"});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("accuracy"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("regression"), std::string::npos) << r.err;
}
