// `amhost predict` end to end: a small study saves a model, then predict applies it to data
// with and without the target, with columns reordered, missing, extra, bad cells, and to a
// damaged model file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "amhost_runner.hpp"

using namespace amtest;

namespace {

// Cells of a line without quoted commas (iris and what these tests write); a CR is dropped.
std::vector<std::string> cells(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

// A CSV as rows of cells, header first.
using Rows = std::vector<std::vector<std::string>>;
Rows read_rows(const std::string& text) {
  Rows rows;
  for (const auto& line : lines_of(text))
    if (!line.empty()) rows.push_back(cells(line));
  return rows;
}
std::string to_text(const Rows& rows) {
  std::string text;
  for (const auto& row : rows) {
    for (size_t j = 0; j < row.size(); ++j) text += (j ? "," : "") + row[j];
    text += "\n";
  }
  return text;
}
// The rows with their columns picked (by index, in this order).
Rows pick(const Rows& rows, const std::vector<size_t>& columns) {
  Rows out;
  for (const auto& row : rows) {
    std::vector<std::string> r;
    for (size_t j : columns) r.push_back(row[j]);
    out.push_back(r);
  }
  return out;
}

// One study for the whole suite: iris, knn and logistic regression, 5 trials.
class PredictIris : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    write_text(*dir_ / "pipeline.toml",
               "[study]\nname = \"predict\"\ntrials = 5\nseed = 3\n\n"
               "[data]\nloader = \"csv\"\npath = \"" + data_file("iris.csv") +
               "\"\ntarget = \"species\"\n\n"
               "[evaluation]\ncv = { method = \"stratified_kfold\", folds = 3 }\n"
               "metric = \"accuracy\"\n\n"
               "[[candidates]]\nplugin = \"knn\"\n[candidates.space]\n"
               "n_neighbors = { int = [3, 15] }\n\n"
               "[[candidates]]\nplugin = \"logistic_regression\"\n[candidates.space]\n"
               "C = { float = [0.1, 100.0], log = true }\n\n"
               "[strategy]\nplugin = \"random\"\n");
    study_ = new Result(run_amhost({*dir_ / "pipeline.toml", "--output", *dir_ / "run", "-q"}));
  }
  static void TearDownTestSuite() {
    delete study_;
    delete dir_;
  }
  void SetUp() override { ASSERT_EQ(study_->status, 0) << study_->out << study_->err; }

  static std::string model() { return *dir_ / "run/model.amsmodel"; }
  static Rows iris() { return read_rows(read_text(data_file("iris.csv"))); }
  std::string write_csv(const std::string& name, const Rows& rows) {
    write_text(scratch_ / name, to_text(rows));
    return scratch_ / name;
  }

  static TempDir* dir_;
  static Result* study_;
  TempDir scratch_;
};
TempDir* PredictIris::dir_ = nullptr;
Result* PredictIris::study_ = nullptr;

TEST_F(PredictIris, PredictsLabelsAndProbabilitiesThatMatchTheTarget) {
  const std::string out = scratch_ / "preds.csv";
  Result r = run_amhost({"predict", "--model", model(), "--data", data_file("iris.csv"), "-o", out});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("accuracy"), std::string::npos) << r.err;

  Rows preds = read_rows(read_text(out));
  Rows truth = iris();
  ASSERT_EQ(preds.size(), truth.size());
  EXPECT_EQ(preds[0], (std::vector<std::string>{"species", "proba_setosa", "proba_versicolor",
                                                "proba_virginica"}));
  size_t right = 0;
  for (size_t i = 1; i < preds.size(); ++i) {
    ASSERT_EQ(preds[i].size(), 4u) << i;
    right += preds[i][0] == truth[i].back();
    double sum = 0, best = -1, of_label = -1;
    for (size_t c = 1; c < 4; ++c) {
      const double p = std::stod(preds[i][c]);
      EXPECT_GE(p, 0.0);
      EXPECT_LE(p, 1.0);
      sum += p;
      best = std::max(best, p);
      if (preds[0][c] == "proba_" + preds[i][0]) of_label = p;
    }
    EXPECT_NEAR(sum, 1.0, 1e-9) << "row " << i;
    EXPECT_NEAR(of_label, best, 1e-12) << "row " << i << ": the label is the most probable class";
  }
  EXPECT_GE(static_cast<double>(right) / static_cast<double>(preds.size() - 1), 0.9);

  // The same to stdout.
  Result to_stdout = run_amhost({"predict", "--model", model(), "--data", data_file("iris.csv")});
  ASSERT_EQ(to_stdout.status, 0) << to_stdout.err;
  EXPECT_EQ(to_stdout.out, read_text(out));
}

TEST_F(PredictIris, DataWithoutTargetOrWithReorderedColumnsGivesTheSamePredictions) {
  Result full = run_amhost({"predict", "--model", model(), "--data", data_file("iris.csv")});
  ASSERT_EQ(full.status, 0) << full.err;

  Result no_target =
      run_amhost({"predict", "--model", model(), "--data", write_csv("x.csv", pick(iris(), {0, 1, 2, 3}))});
  ASSERT_EQ(no_target.status, 0) << no_target.err;
  EXPECT_EQ(no_target.out, full.out);
  EXPECT_EQ(no_target.err.find("accuracy"), std::string::npos) << no_target.err;

  Result reordered = run_amhost(
      {"predict", "--model", model(), "--data", write_csv("r.csv", pick(iris(), {3, 4, 1, 0, 2}))});
  ASSERT_EQ(reordered.status, 0) << reordered.err;
  EXPECT_EQ(reordered.out, full.out);
}

TEST_F(PredictIris, MissingColumnIsExit2AndNamed) {
  Result r = run_amhost(
      {"predict", "--model", model(), "--data", write_csv("m.csv", pick(iris(), {0, 1, 2, 4}))});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("missing column 'petal_width_cm'"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(PredictIris, ExtraColumnIsExit2AndNamed) {
  Rows rows = iris();
  rows[0].push_back("colour_code");
  for (size_t i = 1; i < rows.size(); ++i) rows[i].push_back(std::to_string(i % 3));
  Result r = run_amhost({"predict", "--model", model(), "--data", write_csv("e.csv", rows)});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("unexpected column 'colour_code'"), std::string::npos) << r.err;
}

TEST_F(PredictIris, NonNumericCellIsExit2WithLineAndColumn) {
  Rows rows = iris();
  rows[7][2] = "n/a-ish";
  const std::string file = write_csv("bad.csv", rows);
  Result r = run_amhost({"predict", "--model", model(), "--data", file});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find(file + ":8:3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("petal_length_cm"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("n/a-ish"), std::string::npos) << r.err;
}

TEST_F(PredictIris, DamagedModelFileIsExit2) {
  std::string bytes = read_text(model());
  ASSERT_GT(bytes.size(), 100u);
  std::string flipped = bytes;
  flipped[bytes.size() / 2] = static_cast<char>(flipped[bytes.size() / 2] ^ 0x5a);
  write_text(scratch_ / "flipped.amsmodel", flipped);
  write_text(scratch_ / "short.amsmodel", bytes.substr(0, bytes.size() / 3));
  write_text(scratch_ / "text.amsmodel", "not a model\n");
  for (const char* name : {"flipped.amsmodel", "short.amsmodel", "text.amsmodel", "absent.amsmodel"}) {
    Result r = run_amhost({"predict", "--model", scratch_ / name, "--data", data_file("iris.csv")});
    EXPECT_EQ(r.status, 2) << name << ": " << r.err;
    EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << name;
  }
}

TEST(PredictCommandLine, NeedsModelAndData) {
  Result no_data = run_amhost({"predict", "--model", "m.amsmodel"});
  EXPECT_EQ(no_data.status, 2);
  EXPECT_NE(no_data.err.find("--data"), std::string::npos) << no_data.err;
  Result no_model = run_amhost({"predict", "--data", "d.csv"});
  EXPECT_EQ(no_model.status, 2);
  EXPECT_NE(no_model.err.find("--model"), std::string::npos) << no_model.err;
  Result stray = run_amhost({"run", "x.toml", "--model", "m.amsmodel"});
  EXPECT_EQ(stray.status, 2);
  EXPECT_NE(stray.err.find("predict"), std::string::npos) << stray.err;
}

// A categorical column: new data holds only some of its levels (absent levels are zero
// columns), or a level never seen (a warning). Predictions on a subset file must equal the
// predictions on the same rows of the full file.
TEST(PredictCategorical, OneHotColumnsMapByName) {
  TempDir dir;
  std::string csv = "x,color,y\n";
  const char* colors[] = {"red", "green", "blue"};
  for (int i = 0; i < 60; ++i) {
    const double x = (i % 10) / 10.0;
    const int c = i % 3;
    csv += std::to_string(x) + "," + colors[c] + "," + std::to_string(2.0 * x + 3.0 * c) + "\n";
  }
  write_text(dir / "train.csv", csv);
  write_text(dir / "pipeline.toml",
             "[study]\ntrials = 2\nseed = 1\n[data]\nloader = \"csv\"\npath = \"train.csv\"\n"
             "target = \"y\"\ntask = \"regression\"\n[evaluation]\ncv = { method = \"kfold\", "
             "folds = 3 }\nmetric = \"rmse\"\n[model]\nplugin = \"ridge\"\n[model.space]\n"
             "alpha = { float = [0.001, 0.01], log = true }\n[strategy]\nplugin = \"random\"\n");
  Result study = run_amhost({dir / "pipeline.toml", "--output", dir / "run", "-q"});
  ASSERT_EQ(study.status, 0) << study.out << study.err;
  const std::string model = dir / "run/model.amsmodel";

  Result full = run_amhost({"predict", "--model", model, "--data", dir / "train.csv"});
  ASSERT_EQ(full.status, 0) << full.err;
  std::vector<std::string> full_lines = lines_of(full.out);
  ASSERT_EQ(full_lines.size(), 61u);
  EXPECT_EQ(full_lines[0], "y");
  EXPECT_NE(full.err.find("r2"), std::string::npos) << full.err;

  // Rows 0 (red) and 2 (blue) only, no target: green is absent.
  write_text(dir / "subset.csv", "color,x\nred,0.000000\nblue,0.200000\n");
  Result subset = run_amhost({"predict", "--model", model, "--data", dir / "subset.csv"});
  ASSERT_EQ(subset.status, 0) << subset.err;
  std::vector<std::string> subset_lines = lines_of(subset.out);
  ASSERT_EQ(subset_lines.size(), 3u);
  EXPECT_EQ(subset_lines[1], full_lines[1]);
  EXPECT_EQ(subset_lines[2], full_lines[3]);
  EXPECT_NEAR(std::stod(subset_lines[2]), 2.0 * 0.2 + 3.0 * 2, 0.1);

  // An unseen level predicts with all of color's columns at zero, and says so.
  write_text(dir / "purple.csv", "x,color\n0.5,purple\n");
  Result purple = run_amhost({"predict", "--model", model, "--data", dir / "purple.csv"});
  ASSERT_EQ(purple.status, 0) << purple.err;
  EXPECT_NE(purple.err.find("color=purple"), std::string::npos) << purple.err;
  EXPECT_EQ(lines_of(purple.out).size(), 2u);
}

}  // namespace
