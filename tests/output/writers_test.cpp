#include "output/writers.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include "output/json.hpp"

namespace fs = std::filesystem;

namespace {

using amcore::StoredState;
using amcore::StoredTrial;

// RFC 4180 reader: rows of fields, quotes and doubled quotes honoured.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      any = true;
    } else if (c == '\n') {
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any) {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

amcore::ParamDef param(const std::string& name, amcore::ParamDef::Type type, double low = 0,
                       double high = 0) {
  amcore::ParamDef p;
  p.name = name;
  p.type = type;
  p.low = low;
  p.high = high;
  return p;
}

class Writers : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ams_output_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);

    using T = amcore::ParamDef::Type;
    auto alpha = param("alpha", T::Float, 0.001, 10);
    alpha.log = true;
    auto depth = param("depth", T::Int, 1, 32);
    auto kind = param("kind", T::Choice);
    kind.choices.push_back("a,\"b\"");  // needs CSV quoting and JSON escaping
    kind.choices.push_back(3);
    kind.choices.push_back(true);
    auto flag = param("flag", T::Bool);
    auto extra = param("extra", T::Float, 0, 1);
    extra.when_param = "flag";
    extra.when_values.push_back(true);
    space_ = amcore::SearchSpace::from_params({alpha, depth, kind, flag, extra});

    trials_.push_back(make(0, StoredState::Complete, 0.8, {0.5, 4, 0, 1, 0.25}));
    trials_.push_back(make(1, StoredState::Complete, 0.9, {0.01, 16, 1, 0, std::nan("")}));
    trials_.push_back(make(2, StoredState::Failed, std::nan(""), {1, 2, 2, 0, std::nan("")}));
    trials_.back().error = "model x: fit failed: boom";
    trials_.push_back(make(3, StoredState::Pruned, 0.5, {2, 3, 2, 0, std::nan("")}));
    trials_.push_back(make(4, StoredState::Running, std::nan(""), {2, 3, 2, 0, std::nan("")}));
    trials_.push_back(make(5, StoredState::Complete, 0.9, {0.02, 8, 2, 1, 0.5}));  // tie: 1 wins
  }
  void TearDown() override { fs::remove_all(dir_); }

  StoredTrial make(int64_t number, StoredState state, double value, std::vector<double> values) {
    StoredTrial t;
    t.number = number;
    t.state = state;
    t.value = value;
    t.values = std::move(values);
    t.params_json = amcore::params_json(space_, t.values.data());
    t.duration_s = 0.5 + static_cast<double>(number);
    return t;
  }

  fs::path dir_;
  amcore::SearchSpace space_;
  std::vector<StoredTrial> trials_;
};

TEST_F(Writers, BestTrialFollowsTheDirectionAndBreaksTiesByNumber) {
  ASSERT_NE(amcore::best_trial(trials_, true), nullptr);
  EXPECT_EQ(amcore::best_trial(trials_, true)->number, 1);
  EXPECT_EQ(amcore::best_trial(trials_, false)->number, 0);  // pruned/failed never count
  EXPECT_EQ(amcore::best_trial({}, true), nullptr);
}

TEST_F(Writers, TrialsCsvParsesBack) {
  const auto path = dir_ / "trials.csv";
  amcore::write_trials_csv(path.string(), space_, trials_);
  const auto rows = parse_csv(read(path));
  ASSERT_EQ(rows.size(), 6u);  // header + 5 finished trials (running skipped)
  EXPECT_EQ(rows[0], (std::vector<std::string>{"number", "state", "value", "duration_s", "alpha",
                                               "depth", "kind", "flag", "extra"}));
  for (const auto& r : rows) EXPECT_EQ(r.size(), 9u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"0", "complete", "0.8", "0.500", "0.5", "4",
                                               "a,\"b\"", "true", "0.25"}));
  EXPECT_EQ(rows[2][6], "3");
  EXPECT_EQ(rows[2][8], "");  // inactive
  EXPECT_EQ(rows[3][1], "failed");
  EXPECT_EQ(rows[3][2], "");  // no value
  EXPECT_EQ(rows[4][1], "pruned");
  EXPECT_EQ(rows[5][0], "5");
  EXPECT_FALSE(fs::exists(dir_ / "trials.csv.tmp"));
}

TEST_F(Writers, BestJsonParsesBackWithTypes) {
  const auto path = dir_ / "best.json";
  amcore::BestSummary best{amcore::best_trial(trials_, true), "accuracy", "maximize", 0.93,
                           std::string("model \"best\".amsmodel")};
  amcore::write_best_json(path.string(), best);
  const std::string text = read(path);
  boost::property_tree::ptree tree;
  std::istringstream in(text);
  ASSERT_NO_THROW(boost::property_tree::read_json(in, tree)) << text;
  EXPECT_EQ(tree.get<int>("trial"), 1);
  EXPECT_DOUBLE_EQ(tree.get<double>("value"), 0.9);
  EXPECT_EQ(tree.get<std::string>("metric"), "accuracy");
  EXPECT_EQ(tree.get<std::string>("direction"), "maximize");
  EXPECT_DOUBLE_EQ(tree.get<double>("test_score"), 0.93);
  EXPECT_EQ(tree.get<std::string>("model_file"), "model \"best\".amsmodel");
  EXPECT_DOUBLE_EQ(tree.get<double>("params.alpha"), 0.01);
  EXPECT_EQ(tree.get<int>("params.depth"), 16);
  EXPECT_FALSE(tree.get_child("params").count("extra"));  // inactive: absent
  // Types survive: the choice 3 is a number, the bool a boolean, the string a string.
  EXPECT_NE(text.find("\"kind\":3"), std::string::npos) << text;
  EXPECT_NE(text.find("\"flag\":false"), std::string::npos) << text;
  EXPECT_EQ(amcore::params_json(space_, trials_[0].values.data()),
            R"({"alpha":0.5,"depth":4,"kind":"a,\"b\"","flag":true,"extra":0.25})");

  amcore::BestSummary bare{amcore::best_trial(trials_, true), "accuracy", "maximize", {}, {}};
  const std::string without = amcore::best_json(bare);
  EXPECT_EQ(without.find("test_score"), std::string::npos);
  EXPECT_EQ(without.find("model_file"), std::string::npos);
}

TEST_F(Writers, JsonEscapesEverythingThatNeedsIt) {
  EXPECT_EQ(amcore::json_string("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
  EXPECT_EQ(amcore::json_number(std::nan("")), "null");
  EXPECT_EQ(amcore::json_number(INFINITY), "null");
  EXPECT_EQ(amcore::json_number(0.1), "0.1");
  EXPECT_EQ(std::stod(amcore::json_number(1.0 / 3.0)), 1.0 / 3.0);
  const std::string space = amcore::space_json(space_);
  boost::property_tree::ptree tree;
  std::istringstream in(space);
  ASSERT_NO_THROW(boost::property_tree::read_json(in, tree)) << space;
  EXPECT_NE(space.find("\"parent\":\"flag\""), std::string::npos) << space;
}

TEST_F(Writers, PipelineTomlParsesBack) {
  const auto doc = toml::parse("[study]\nname = \"x\"\ntrials = 5\n[model.space]\na = { float = [0, 1] }\n");
  const auto path = dir_ / "pipeline.toml";
  amcore::write_pipeline_toml(path.string(), doc);
  const auto back = toml::parse_file(path.string());
  EXPECT_EQ(back["study"]["trials"].value<int64_t>(), 5);
  EXPECT_EQ(back["study"]["name"].value<std::string>(), "x");
}

TEST_F(Writers, ReportSummarisesTheStudy) {
  amcore::StudyInfo info;
  info.name = "iris-knn";
  info.direction = "maximize";
  info.metric = "accuracy";
  info.seed = 3;
  amcore::ReportInput input;
  input.study = &info;
  input.space = &space_;
  input.trials = &trials_;
  input.data_description = "iris.csv: 150 rows";
  input.strategy = "tpe";
  input.test_score = 0.95;
  input.model_file = "model.amsmodel";
  const auto path = dir_ / "report.md";
  amcore::write_report_md(path.string(), input);
  const std::string md = read(path);
  EXPECT_NE(md.find("# Study iris-knn"), std::string::npos);
  EXPECT_NE(md.find("Trial 1: accuracy = 0.9"), std::string::npos) << md;
  EXPECT_NE(md.find("| complete | 3 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| failed | 1 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| pruned | 1 |"), std::string::npos) << md;
  EXPECT_NE(md.find("0.95"), std::string::npos);
  EXPECT_NE(md.find("| kind | 3 |"), std::string::npos) << md;
  // Top table: best first, the tie 5 after 1, then 0.
  const auto r1 = md.find("| 1 | 1 |"), r2 = md.find("| 2 | 5 |"), r3 = md.find("| 3 | 0 |");
  EXPECT_NE(r1, std::string::npos) << md;
  EXPECT_LT(r1, r2);
  EXPECT_LT(r2, r3);

  std::vector<StoredTrial> none{trials_[2]};
  input.trials = &none;
  EXPECT_NE(amcore::report_md(input).find("No trial completed; first failure (trial 2): model x"),
            std::string::npos);
}

TEST_F(Writers, UnwritablePathIsBadInput) {
  EXPECT_THROW(amcore::write_trials_csv((dir_ / "missing" / "t.csv").string(), space_, trials_),
               amcore::InputError);
}

}  // namespace
