// The csv loader on the shipped data sets and on well-formed files with the harder features:
// quoting, BOM and CRLF, delimiters, categorical columns, missing values, label order.
#include "csv_fixture.hpp"

using csv_test::CsvFiles;
using csv_test::load;

TEST(CsvLoader, Iris) {
  auto r = load(amtest::data_path("iris.csv"));
  ASSERT_EQ(r.status, AMS_OK) << r.error;
  EXPECT_EQ(r.rows(), 150);
  EXPECT_EQ(r.cols(), 4);
  EXPECT_EQ(r.data.n_rows, 150);
  EXPECT_EQ(r.data.task, AMS_TASK_CLASSIFICATION);
  EXPECT_EQ(r.class_names(), (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
  EXPECT_EQ(r.feature_names(), (std::vector<std::string>{"sepal_length_cm", "sepal_width_cm",
                                                         "petal_length_cm", "petal_width_cm"}));
  EXPECT_STREQ(r.data.target_name, "species");
  // First and last rows, and totals computed independently (Python's csv module).
  EXPECT_EQ(r.x(0, 0), 5.1);
  EXPECT_EQ(r.x(0, 3), 0.2);
  EXPECT_EQ(r.y(0), 0);
  EXPECT_EQ(r.x(149, 2), 5.1);
  EXPECT_EQ(r.y(149), 2);
  double total = 0;
  std::vector<int> per_class(3);
  for (int64_t i = 0; i < 150; ++i) {
    for (int64_t j = 0; j < 4; ++j) total += r.x(i, j);
    ++per_class[static_cast<size_t>(r.y(i))];
  }
  EXPECT_NEAR(total, 2078.7, 1e-9);
  EXPECT_EQ(per_class, (std::vector<int>{50, 50, 50}));
}

TEST(CsvLoader, DigitsWithNumericClassesInNumericOrder) {
  auto r = load(amtest::data_path("digits.csv"), "target = 'digit'");
  ASSERT_EQ(r.status, AMS_OK) << r.error;
  EXPECT_EQ(r.rows(), 1797);
  EXPECT_EQ(r.cols(), 64);
  EXPECT_EQ(r.data.task, AMS_TASK_CLASSIFICATION);
  EXPECT_EQ(r.class_names(),
            (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}));
  double total = 0;
  std::vector<int> per_class(10);
  for (int64_t i = 0; i < 1797; ++i) {
    for (int64_t j = 0; j < 64; ++j) total += r.x(i, j);
    ++per_class[static_cast<size_t>(r.y(i))];
  }
  EXPECT_EQ(total, 561718.0);
  EXPECT_EQ(per_class, (std::vector<int>{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}));
  EXPECT_EQ(r.x(0, 2), 5);
  EXPECT_EQ(r.x(1796, 2), 10);
  EXPECT_EQ(r.y(1796), 8);
}

TEST(CsvLoader, DiabetesIsRegressionByAuto) {
  auto r = load(amtest::data_path("diabetes.csv"));
  ASSERT_EQ(r.status, AMS_OK) << r.error;
  EXPECT_EQ(r.rows(), 442);
  EXPECT_EQ(r.cols(), 10);
  EXPECT_EQ(r.data.task, AMS_TASK_REGRESSION);
  EXPECT_EQ(r.data.n_classes, 0);
  EXPECT_EQ(r.data.class_names, nullptr);
  EXPECT_EQ(r.y(0), 151);
  EXPECT_DOUBLE_EQ(r.x(0, 8), 4.8598);
  EXPECT_STREQ(r.data.target_name, "progression");
}

TEST_F(CsvFiles, QuotedFieldsBomCrlfAndBlankLines) {
  std::string f = write("q.csv",
                        "\xEF\xBB\xBF" "name,\"size, cm\",label\r\n"
                        "\"a, \"\"quoted\"\"\",1.5,\"two\nlines\"\r\n"
                        "\r\n"
                        "b,2.5,plain\r\n"
                        "\"a, \"\"quoted\"\"\",3,plain\r\n");
  auto r = load(f);
  ASSERT_EQ(r.status, AMS_OK) << r.error;
  EXPECT_EQ(r.rows(), 3);
  EXPECT_EQ(r.feature_names(), (std::vector<std::string>{"name=a, \"quoted\"", "name=b", "size, cm"}));
  EXPECT_EQ(r.class_names(), (std::vector<std::string>{"plain", "two\nlines"}));
  EXPECT_EQ(r.y(0), 1);
  EXPECT_EQ(r.x(0, 0), 1);
  EXPECT_EQ(r.x(1, 1), 1);
  EXPECT_EQ(r.x(2, 2), 3);
}

TEST_F(CsvFiles, DetectsSemicolonTabAndPipe) {
  for (std::string d : {";", "\t", "|"}) {
    std::string f = write("d.csv", "a" + d + "b" + d + "y\n1.5" + d + "2" + d + "0\n3" + d + "4" + d + "1\n");
    auto r = load(f);
    ASSERT_EQ(r.status, AMS_OK) << r.error;
    ASSERT_EQ(r.cols(), 2);
    EXPECT_EQ(r.feature_names()[0], "a");
    EXPECT_EQ(r.x(0, 0), 1.5);
    EXPECT_EQ(r.x(1, 0), 3);
  }
}

TEST_F(CsvFiles, ExplicitDelimiterOption) {
  std::string f = write("t.tsv", "a\tb\ty\n1\t2\t0\n3\t4\t1\n");
  auto r = load(f, "delimiter = '\\t'");
  ASSERT_EQ(r.status, AMS_OK) << r.error;
  EXPECT_EQ(r.cols(), 2);
}

TEST_F(CsvFiles, CategoricalOneHotSortedAndForced) {
  std::string f = write("c.csv",
                        "color,zip,w,y\n"
                        "red,100,1,10\n"
                        "blue,200,2,9\n"
                        "red,100,3,10\n"
                        "green,300,4,2\n");
  auto r = load(f, "categorical = ['zip']\ntask = 'classification'");
  ASSERT_EQ(r.status, AMS_OK) << r.error;
  EXPECT_EQ(r.feature_names(), (std::vector<std::string>{"color=blue", "color=green", "color=red",
                                                         "zip=100", "zip=200", "zip=300", "w"}));
  EXPECT_EQ(r.cols(), 7);
  std::vector<double> row1 = {1, 0, 0, 0, 1, 0, 2};
  for (int64_t j = 0; j < 7; ++j) EXPECT_EQ(r.x(1, j), row1[static_cast<size_t>(j)]) << j;
  // Numeric labels sort numerically: 2 < 9 < 10.
  EXPECT_EQ(r.class_names(), (std::vector<std::string>{"2", "9", "10"}));
  EXPECT_EQ(r.y(0), 2);
  EXPECT_EQ(r.y(3), 0);
}

TEST_F(CsvFiles, TargetInTheMiddleAndIgnoredColumns) {
  std::string f = write("m.csv", "id,y,a,b\n1,0.5,1,2\n2,1.5,3,4\n3,2.25,5,6\n");
  auto r = load(f, "target = 'y'\nignore = ['id']");
  ASSERT_EQ(r.status, AMS_OK) << r.error;
  EXPECT_EQ(r.data.task, AMS_TASK_REGRESSION);
  EXPECT_EQ(r.feature_names(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.y(2), 2.25);
  EXPECT_EQ(r.x(2, 1), 6);
}

TEST_F(CsvFiles, MissingDropAndMean) {
  std::string content =
      "a,c,y\n"
      "1,u,0\n"
      "NA,v,1\n"
      "3,?,0\n"
      "5,u,\n"
      "null,v,1\n"
      "4,u,1\n";
  std::string f = write("n.csv", content);
  auto dropped = load(f, "missing = 'drop'");
  ASSERT_EQ(dropped.status, AMS_OK) << dropped.error;
  EXPECT_EQ(dropped.rows(), 2);  // lines 2 and 7
  EXPECT_EQ(dropped.x(1, 0), 4);

  std::string g = write("n2.csv", "a,c,y\n1,u,0\nNA,v,1\n3,?,0\nnan,u,1\n5,u,1\n");
  auto mean = load(g, "missing = 'mean'");
  ASSERT_EQ(mean.status, AMS_OK) << mean.error;
  EXPECT_EQ(mean.rows(), 5);
  EXPECT_EQ(mean.x(1, 0), 3);  // mean of 1, 3, 5
  EXPECT_EQ(mean.x(3, 0), 3);
  // A missing category gets each level's frequency: u 3 of 4, v 1 of 4.
  EXPECT_EQ(mean.x(2, 1), 0.75);
  EXPECT_EQ(mean.x(2, 2), 0.25);
}

TEST_F(CsvFiles, TaskAutoTreatsManyDistinctIntegersAsRegression) {
  std::string content = "a,y\n";
  for (int i = 0; i < 30; ++i) content += std::to_string(i) + "," + std::to_string(i * 7) + "\n";
  auto r = load(write("r.csv", content));
  ASSERT_EQ(r.status, AMS_OK) << r.error;
  EXPECT_EQ(r.data.task, AMS_TASK_REGRESSION);
  auto c = load(write("r.csv", content), "task = 'classification'");
  ASSERT_EQ(c.status, AMS_OK) << c.error;
  EXPECT_EQ(c.data.n_classes, 30);
}

TEST_F(CsvFiles, OptionErrorsAtCreate) {
  std::string f = write("o.csv", "a,y\n1,0\n2,1\n");
  EXPECT_THROW(load(f, "missing = 'skip'"), std::runtime_error);
  EXPECT_THROW(load(f, "delimiter = ';;'"), std::runtime_error);
  EXPECT_THROW(load(f, "task = 'clustering'"), std::runtime_error);
  EXPECT_THROW(amtest::make(AMS_KIND_LOADER, "csv", "target = 'y'"), std::runtime_error);
  try {
    load(f, "missing = 'skip'");
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("must be one of \"error\", \"drop\", \"mean\", got \"skip\""),
              std::string::npos)
        << e.what();
  }
}
