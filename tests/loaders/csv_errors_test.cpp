// Malformed CSV files: each error names the file, line and column and says what to do.
#include "csv_fixture.hpp"

using csv_test::CsvFiles;

namespace {
// 5 numeric rows so that a stray word is a typo, not a categorical column.
const std::string kHeader = "a,b,c,label\n";
const std::string kRows = "1,2,3,x\n4,5,6,y\n7,8,9,x\n1,1,1,y\n";
}  // namespace

TEST_F(CsvFiles, NotANumber) {
  auto f = write("e.csv", kHeader + kRows + "1,2,abc,x\n");
  expect_error(f, "", "{}:6:3: expected a number in column 'c', found 'abc'");
}

TEST_F(CsvFiles, InfinityIsNotANumber) {
  auto f = write("e.csv", kHeader + "inf,2,3,x\n" + kRows);
  expect_error(f, "", "{}:2:1: expected a number in column 'a', found 'inf'");
}

TEST_F(CsvFiles, TooManyFields) {
  auto f = write("e.csv", kHeader + "1,2,3,x\n1,2,3,4,y\n" + kRows);
  expect_error(f, "", "{}:3:5: row has 5 fields, the header has 4 (quote a field that contains ',')");
}

TEST_F(CsvFiles, TooFewFields) {
  auto f = write("e.csv", kHeader + kRows + "1,2,x\n");
  expect_error(f, "", "{}:6:4: row has 3 fields, the header has 4");
}

TEST_F(CsvFiles, UnterminatedQuote) {
  auto f = write("e.csv", kHeader + kRows + "1,\"2,3,x\n4,5,6,y\n");
  expect_error(f, "",
               "{}:6:2: unterminated quoted field: the '\"' opened here is never closed (close "
               "it, and write a '\"' inside a quoted field as '\"\"')");
}

TEST_F(CsvFiles, TextAfterClosingQuote) {
  auto f = write("e.csv", kHeader + "1,\"2\"x,3,x\n" + kRows);
  expect_error(f, "",
               "{}:2:2: unexpected 'x' after the closing quote of a quoted field (write a '\"' "
               "inside a quoted field as '\"\"')");
}

TEST_F(CsvFiles, LineNumbersCountNewlinesInsideQuotes) {
  auto f = write("e.csv", "a,b,label\n1,2,\"multi\nline\"\n3,4,y\n5,oops,x\n1,1,x\n2,2,y\n");
  expect_error(f, "", "{}:5:2: expected a number in column 'b', found 'oops'");
}

TEST_F(CsvFiles, MissingFile) {
  expect_error(path("nope.csv"), "", "cannot open {}: No such file or directory", AMS_ERR_IO);
}

TEST_F(CsvFiles, EmptyFile) {
  auto f = write("e.csv", "");
  expect_error(f, "",
               "{}: the file is empty; expected a header line with the column names, then one row "
               "per sample");
  auto g = write("blank.csv", "\n\r\n  \n");
  expect_error(g, "",
               "{}: the file is empty; expected a header line with the column names, then one row "
               "per sample");
}

TEST_F(CsvFiles, HeaderWithoutRows) {
  auto f = write("e.csv", kHeader);
  expect_error(f, "", "{}:1: no data rows after the header");
}

TEST_F(CsvFiles, TargetNotFoundSuggestsNearest) {
  auto f = write("e.csv", kHeader + kRows);
  expect_error(f, "target = 'lable'",
               "{}:1: no column 'lable' (target in [data]) in the header; did you mean 'label'? "
               "The columns are: a, b, c, label");
}

TEST_F(CsvFiles, IgnoredColumnNotFound) {
  auto f = write("e.csv", kHeader + kRows);
  expect_error(f, "ignore = ['zzz_unknown']",
               "{}:1: no column 'zzz_unknown' (ignore in [data]) in the header. The columns are: "
               "a, b, c, label");
}

TEST_F(CsvFiles, SingleClass) {
  auto f = write("e.csv", kHeader + "1,2,3,x\n4,5,6,x\n");
  expect_error(f, "",
               "{}: the target column 'label' holds a single class ('x'); classification needs at "
               "least two (is the target or the task right?)");
}

TEST_F(CsvFiles, MissingValueUnderError) {
  auto f = write("e.csv", kHeader + kRows + "1,NA,3,x\n");
  expect_error(f, "", "{}:6:2: missing value in column 'b'; set missing = \"drop\" or \"mean\" in [data]");
  auto g = write("g.csv", kHeader + "1,,3,x\n" + kRows);
  expect_error(g, "", "{}:2:2: missing value in column 'b'; set missing = \"drop\" or \"mean\" in [data]");
}

TEST_F(CsvFiles, MissingTargetCannotBeImputed) {
  auto f = write("e.csv", kHeader + kRows + "1,2,3,\n");
  expect_error(f, "missing = 'mean'",
               "{}:6:4: missing value in the target column 'label'; a target cannot be imputed: "
               "set missing = \"drop\" in [data]");
}

TEST_F(CsvFiles, TextTargetUnderRegression) {
  auto f = write("e.csv", "a,y\n1,2.5\n2,high\n3,4\n");
  expect_error(f, "task = 'regression'",
               "{}:3:2: expected a number in the target column 'y' (task = \"regression\"), found 'high'");
}

TEST_F(CsvFiles, DuplicateColumnNames) {
  auto f = write("e.csv", "a,b,a,label\n" + kRows);
  expect_error(f, "",
               "{}:1:3: column name 'a' appears twice in the header (columns 1 and 3); column names "
               "must be unique");
}

TEST_F(CsvFiles, EveryRowDropped) {
  auto f = write("e.csv", "a,b,label\n1,,x\n,2,y\n");
  expect_error(f, "missing = 'drop'",
               "{}: no rows left: every one of the 2 rows has a missing value (missing = \"drop\")");
}

TEST_F(CsvFiles, ColumnWithoutValues) {
  auto f = write("e.csv", "a,b,label\n1,,x\n2,,y\n");
  expect_error(f, "missing = 'mean'",
               "{}:1: column 'b' has no value in any row; drop it from the file or list it in "
               "ignore = [...] in [data]");
}
