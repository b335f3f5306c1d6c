#include <gtest/gtest.h>

#include "config/duration.hpp"

namespace {

using amcore::parse_duration;

TEST(Duration, Units) {
  EXPECT_EQ(parse_duration("90s"), 90.0);
  EXPECT_EQ(parse_duration("10m"), 600.0);
  EXPECT_EQ(parse_duration("1h30m"), 5400.0);
  EXPECT_EQ(parse_duration("1h 30m 5s"), 5405.0);
  EXPECT_EQ(parse_duration("1.5h"), 5400.0);
  EXPECT_EQ(parse_duration("2d"), 172800.0);
  EXPECT_EQ(parse_duration("0.5s"), 0.5);
}

TEST(Duration, Rejects) {
  EXPECT_FALSE(parse_duration(""));
  EXPECT_FALSE(parse_duration("10"));        // a unit is required in text
  EXPECT_FALSE(parse_duration("10 minutes"));
  EXPECT_FALSE(parse_duration("30m1h"));     // largest unit first
  EXPECT_FALSE(parse_duration("1h1h"));      // each unit once
  EXPECT_FALSE(parse_duration("m"));
  EXPECT_FALSE(parse_duration("1.2.3s"));
  EXPECT_FALSE(parse_duration("-5s"));
}

}  // namespace
