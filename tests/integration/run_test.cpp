// `amhost run`: the files a study leaves, the overrides, objectives, parallel trials, failed
// trials, resume.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include <toml++/toml.h>

#include "amhost_runner.hpp"

using namespace amtest;

namespace {

std::string flaky_pipeline(const std::string& extra = "") {
  return "[study]\nname = \"flaky\"\ntrials = 12\nseed = 5\n" + extra +
         "\n[data]\nloader = \"csv\"\npath = \"" + data_file("iris.csv") +
         "\"\ntarget = \"species\"\n\n[evaluation]\ncv = { method = \"kfold\", folds = 3 }\n"
         "metric = \"accuracy\"\n\n[model]\nplugin = \"flaky_model\"\nfixed = { fail_below = 0.5 }\n"
         "[model.space]\nx = { float = [0.0, 1.0] }\n";
}

// Cells of one CSV line without quoted commas (what these tests write).
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  for (char c : line) {
    if (c == ',') {
      out.push_back(cell);
      cell.clear();
    } else {
      cell += c;
    }
  }
  out.push_back(cell);
  return out;
}

}  // namespace

TEST(Run, QuickstartLeavesEveryOutput) {
  TempDir out;
  Result r = run_amhost({example("quickstart/pipeline.toml"), "--output", out / "run"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;

  // trials.csv: a header with the parameter columns, one row per trial.
  std::vector<std::string> rows = lines_of(read_text(out / "run/trials.csv"));
  ASSERT_EQ(rows.size(), 31u);
  std::vector<std::string> header = cells(rows[0]);
  ASSERT_GE(header.size(), 4u);
  EXPECT_EQ(header[0], "number");
  EXPECT_EQ(header[1], "state");
  EXPECT_EQ(header[2], "value");
  for (const char* column : {"model", "knn.n_neighbors", "logistic_regression.C",
                             "random_forest.n_estimators"})
    EXPECT_NE(std::find(header.begin(), header.end(), column), header.end()) << column;
  std::set<std::string> numbers;
  for (size_t i = 1; i < rows.size(); ++i) {
    std::vector<std::string> row = cells(rows[i]);
    ASSERT_EQ(row.size(), header.size()) << rows[i];
    EXPECT_EQ(row[1], "complete") << rows[i];
    double accuracy = std::stod(row[2]);
    EXPECT_GE(accuracy, 0.0);
    EXPECT_LE(accuracy, 1.0);
    numbers.insert(row[0]);
  }
  EXPECT_EQ(numbers.size(), 30u);

  // best.json: the keys and their types.
  std::string best = read_text(out / "run/best.json");
  EXPECT_TRUE(std::regex_search(best, std::regex(R"("trial":\s*\d+)"))) << best;
  EXPECT_TRUE(std::regex_search(best, std::regex(R"("value":\s*0\.\d+)"))) << best;
  EXPECT_TRUE(std::regex_search(best, std::regex(R"("metric":\s*"accuracy")"))) << best;
  EXPECT_TRUE(std::regex_search(best, std::regex(R"("direction":\s*"maximize")"))) << best;
  EXPECT_TRUE(std::regex_search(best, std::regex(R"("params":\s*\{"model":\s*"[a-z_]+")"))) << best;
  EXPECT_TRUE(std::regex_search(best, std::regex(R"("test_score":\s*[01](\.\d+)?)"))) << best;
  EXPECT_TRUE(std::regex_search(best, std::regex(R"("model_file":\s*"model\.amsmodel")"))) << best;

  // pipeline.toml: the effective pipeline, readable as TOML.
  toml::table pipeline = toml::parse_file((out / "run/pipeline.toml"));
  EXPECT_EQ(pipeline["study"]["name"].value_or(std::string()), "quickstart");
  EXPECT_EQ(pipeline["study"]["trials"].value_or(int64_t{0}), 30);

  // The model file and the report.
  std::string model = read_text(out / "run/model.amsmodel");
  ASSERT_GT(model.size(), 8u);
  EXPECT_EQ(model.substr(0, 8), "AMSMODEL");
  std::string report = read_text(out / "run/report.md");
  EXPECT_NE(report.find("quickstart"), std::string::npos);
  EXPECT_NE(report.find("accuracy"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(out / "run/study.db"));

  // The console: one line per trial (not a terminal), the best trials and the test score.
  EXPECT_NE(r.out.find("trial   29"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("held-out test accuracy"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("best trials"), std::string::npos) << r.out;
}

TEST(Run, QuietPrintsOnlyTheSummary) {
  TempDir out;
  Result r = run_amhost({example("quickstart/pipeline.toml"), "-o", out / "run", "--quiet",
                         "--trials", "4"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find("trial    0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("4 trials in"), std::string::npos) << r.out;
}

TEST(Run, OverridesApply) {
  TempDir out;
  Result r = run_amhost({example("quickstart/pipeline.toml"), "-o", out / "run", "--set",
                         "study.trials=5", "--set", "evaluation.metric=\"balanced_accuracy\"",
                         "--set", "evaluation.test_fraction=0.3", "-q"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(lines_of(read_text(out / "run/trials.csv")).size(), 6u);
  std::string best = read_text(out / "run/best.json");
  EXPECT_NE(best.find("\"balanced_accuracy\""), std::string::npos) << best;
  toml::table pipeline = toml::parse_file((out / "run/pipeline.toml"));
  EXPECT_EQ(pipeline["evaluation"]["test_fraction"].value_or(0.0), 0.3);
  EXPECT_NE(r.out.find("(45 rows)"), std::string::npos) << r.out;  // 30% of 150 held out
}

TEST(Run, SameSeedSameTrials) {
  TempDir out;
  for (const char* run : {"a", "b"})
    ASSERT_EQ(run_amhost({example("quickstart/pipeline.toml"), "-o", out / run, "-q", "-n", "8",
                          "--seed", "11"})
                  .status,
              0);
  std::vector<std::string> a = lines_of(read_text(out / "a/trials.csv"));
  std::vector<std::string> b = lines_of(read_text(out / "b/trials.csv"));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 1; i < a.size(); ++i) {
    std::vector<std::string> ra = cells(a[i]), rb = cells(b[i]);
    ra.erase(ra.begin() + 3);  // duration differs
    rb.erase(rb.begin() + 3);
    EXPECT_EQ(ra, rb);
  }
}

TEST(Run, ParallelTrials) {
  TempDir out;
  Result r = run_amhost(
      {example("quickstart/pipeline.toml"), "-o", out / "run", "-q", "-j", "2", "-n", "10"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::string> rows = lines_of(read_text(out / "run/trials.csv"));
  ASSERT_EQ(rows.size(), 11u);
  std::set<std::string> numbers;
  for (size_t i = 1; i < rows.size(); ++i) {
    numbers.insert(cells(rows[i])[0]);
    EXPECT_EQ(cells(rows[i])[1], "complete");
  }
  EXPECT_EQ(numbers, (std::set<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}));
}

TEST(Run, ObjectivePipeline) {
  TempDir out;
  Result r = run_amhost({example("objective/pipeline.toml"), "-o", out / "run", "-n", "40", "-q"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(lines_of(read_text(out / "run/trials.csv")).size(), 41u);
  std::string best = read_text(out / "run/best.json");
  std::smatch value;
  ASSERT_TRUE(std::regex_search(best, value, std::regex(R"("value":\s*([0-9.eE+-]+))"))) << best;
  EXPECT_GE(std::stod(value[1]), 0.397887 - 1e-6);  // Branin's global minimum
  EXPECT_EQ(best.find("test_score"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(out / "run/model.amsmodel"));
  EXPECT_NE(r.out.find("known optimum 0.397887"), std::string::npos) << r.out;
}

TEST(Run, ObjectiveDefaultSpace) {
  TempDir dir;
  write_text(dir / "p.toml",
             "[study]\ntrials = 10\n[objective]\nplugin = \"hartmann6\"\n[strategy]\nplugin = "
             "\"random\"\n");
  Result r = run_amhost({dir / "p.toml", "-o", dir / "run", "-q"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::string> header = cells(lines_of(read_text(dir / "run/trials.csv"))[0]);
  EXPECT_EQ(header.size(), 4u + 6u);  // six dimensions
}

TEST(Run, FailedTrialsAreRecordedAndTheStudyGoesOn) {
  TempDir dir;
  write_text(dir / "p.toml", flaky_pipeline());
  Result r = run_amhost({dir / "p.toml", "-o", dir / "run", "--plugin-path",
                         AMS_TEST_EXTRA_PLUGIN_DIR});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::vector<std::string> rows = lines_of(read_text(dir / "run/trials.csv"));
  ASSERT_EQ(rows.size(), 13u);
  int failed = 0, complete = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    std::vector<std::string> row = cells(rows[i]);
    double x = std::stod(row.back());
    if (row[1] == "failed") {
      ++failed;
      EXPECT_LT(x, 0.5) << rows[i];
      EXPECT_EQ(row[2], "") << rows[i];
    } else {
      ++complete;
      EXPECT_EQ(row[1], "complete");
      EXPECT_GE(x, 0.5) << rows[i];
    }
  }
  EXPECT_GT(failed, 0);
  EXPECT_GT(complete, 0);
  EXPECT_NE(r.out.find("is below 0.5"), std::string::npos) << r.out;  // the plugin's message
}

TEST(Run, NoCompletedTrialIsAFailure) {
  TempDir dir;
  write_text(dir / "p.toml", flaky_pipeline());
  Result r = run_amhost({dir / "p.toml", "-o", dir / "run", "-P", AMS_TEST_EXTRA_PLUGIN_DIR,
                         "--set", "model.fixed.fail_below=2.0", "-q"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("no trial completed"), std::string::npos) << r.err;
  EXPECT_EQ(lines_of(read_text(dir / "run/trials.csv")).size(), 13u);  // still recorded
}

TEST(Run, AStoredStudyIsNotOverwrittenUnlessAsked) {
  TempDir out;
  const std::string pipeline = example("quickstart/pipeline.toml");
  ASSERT_EQ(run_amhost({pipeline, "-o", out / "run", "-q", "-n", "3"}).status, 0);
  Result again = run_amhost({pipeline, "-o", out / "run", "-q", "-n", "3"});
  EXPECT_EQ(again.status, 2) << again.err;
  EXPECT_NE(again.err.find("--resume"), std::string::npos) << again.err;

  // --resume continues the numbering up to the new trial count.
  Result resumed = run_amhost({pipeline, "-o", out / "run", "-q", "-n", "5", "--resume"});
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  std::vector<std::string> rows = lines_of(read_text(out / "run/trials.csv"));
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(cells(rows.back())[0], "4");

  Result fresh = run_amhost({pipeline, "-o", out / "run", "-q", "-n", "2", "--overwrite"});
  ASSERT_EQ(fresh.status, 0) << fresh.err;
  EXPECT_EQ(lines_of(read_text(out / "run/trials.csv")).size(), 3u);
}
