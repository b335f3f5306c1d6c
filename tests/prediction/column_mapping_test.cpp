#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "prediction/column_mapping.hpp"

using amcore::ColumnMapping;
using amcore::InputError;
using amcore::map_columns;
using Names = std::vector<std::string>;

namespace {

std::string error_of(const Names& trained, const Names& given) {
  try {
    map_columns(trained, given, "new.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ColumnMapping, SameColumnsMapOneToOne) {
  ColumnMapping m = map_columns({"a", "b", "c"}, {"a", "b", "c"}, "new.csv");
  EXPECT_EQ(m.source, (std::vector<int64_t>{0, 1, 2}));
  EXPECT_TRUE(m.reload_as_categorical.empty());
  EXPECT_TRUE(m.unseen_levels.empty());
}

TEST(ColumnMapping, ReorderedColumnsMapByName) {
  ColumnMapping m = map_columns({"a", "b", "c"}, {"c", "a", "b"}, "new.csv");
  EXPECT_EQ(m.source, (std::vector<int64_t>{1, 2, 0}));
}

TEST(ColumnMapping, AbsentOneHotLevelsAreZerosAndUnseenOnesAreReported) {
  ColumnMapping m = map_columns({"x", "color=blue", "color=green", "color=red"},
                                {"x", "color=purple", "color=red"}, "new.csv");
  EXPECT_EQ(m.source, (std::vector<int64_t>{0, -1, -1, 2}));
  EXPECT_EQ(m.unseen_levels, (Names{"color=purple"}));
}

TEST(ColumnMapping, MissingColumnIsNamed) {
  const std::string e = error_of({"a", "b", "color=red", "color=blue"}, {"a"});
  EXPECT_NE(e.find("new.csv"), std::string::npos) << e;
  EXPECT_NE(e.find("missing columns 'b', 'color'"), std::string::npos) << e;
}

TEST(ColumnMapping, UnexpectedColumnIsNamed) {
  const std::string e = error_of({"a", "b"}, {"a", "b", "zzz", "kind=x"});
  EXPECT_NE(e.find("unexpected columns 'zzz', 'kind'"), std::string::npos) << e;
  EXPECT_EQ(e.find("missing"), std::string::npos) << e;
}

TEST(ColumnMapping, TextWhereTheModelHadNumbers) {
  const std::string e = error_of({"a", "b"}, {"a", "b=oops"});
  EXPECT_NE(e.find("column 'b' holds text (e.g. 'oops')"), std::string::npos) << e;
  EXPECT_EQ(e.find("unexpected"), std::string::npos) << e;
}

TEST(ColumnMapping, NumericLookingCategoryAsksForAReload) {
  ColumnMapping m = map_columns({"a", "zip=10001", "zip=20002"}, {"a", "zip"}, "new.csv");
  EXPECT_EQ(m.reload_as_categorical, (Names{"zip"}));
}

TEST(ColumnMapping, ColumnWhoseNameHoldsAnEqualsSignMatchesExactly) {
  ColumnMapping m = map_columns({"a=b", "c"}, {"c", "a=b"}, "new.csv");
  EXPECT_EQ(m.source, (std::vector<int64_t>{1, 0}));
  EXPECT_TRUE(m.unseen_levels.empty());
}
