// target_optional: data to predict, where the target column may be missing.
#include "csv_fixture.hpp"

using namespace csv_test;

TEST_F(CsvFiles, TargetOptionalAbsentTargetMakesEveryColumnAFeature) {
  std::string f = write("new.csv", "a,b,color\n1,2,red\n3,4,blue\n");
  auto r = load(f, "target = 'label'\ntarget_optional = true\ntask = 'classification'\n");
  ASSERT_EQ(r.status, AMS_OK) << r.error;
  EXPECT_EQ(r.rows(), 2);
  EXPECT_EQ(r.feature_names(), (std::vector<std::string>{"a", "b", "color=blue", "color=red"}));
  EXPECT_EQ(r.data.y.data, nullptr);
  EXPECT_EQ(r.data.target_name, nullptr);
  EXPECT_EQ(r.data.task, AMS_TASK_CLASSIFICATION);
  EXPECT_EQ(r.data.n_classes, 0);
  EXPECT_EQ(r.x(1, 0), 3);
  EXPECT_EQ(r.x(1, 2), 1);  // blue
}

TEST_F(CsvFiles, TargetOptionalPresentTargetIsReadAndMayHoldOneClass) {
  std::string f = write("one.csv", "a,label\n1,yes\n2,yes\n");
  auto r = load(f, "target = 'label'\ntarget_optional = true\n");
  ASSERT_EQ(r.status, AMS_OK) << r.error;
  EXPECT_EQ(r.feature_names(), (std::vector<std::string>{"a"}));
  ASSERT_NE(r.data.y.data, nullptr);
  EXPECT_EQ(r.class_names(), (std::vector<std::string>{"yes"}));
  EXPECT_EQ(r.y(1), 0);
  EXPECT_STREQ(r.data.target_name, "label");

  // Without the option a single class is still an error.
  Loaded strict = load(f, "target = 'label'\n");
  EXPECT_NE(strict.status, AMS_OK);
  EXPECT_NE(strict.error.find("single class"), std::string::npos) << strict.error;
}

TEST_F(CsvFiles, TargetOptionalNeedsANamedTarget) {
  std::string f = write("x.csv", "a,b\n1,2\n");
  EXPECT_THROW(load(f, "target_optional = true\n"), std::runtime_error);
}

TEST_F(CsvFiles, TargetOptionalStillChecksNumbers) {
  std::string f = write("bad.csv", "a,b\n1,2\n3,x\n5,6\n");
  expect_error(f, "target = 'label'\ntarget_optional = true\n",
               "{}:3:2: expected a number in column 'b', found 'x'");
}
