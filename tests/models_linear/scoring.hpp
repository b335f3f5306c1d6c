// Scores a model on a split and records the score as a test property (visible with
// --gtest_output=xml), so the measured numbers behind the floors are easy to read off.
#pragma once

#include "model_testing.hpp"

namespace modeltest {

inline double scored(amtest::Object& model, const Split& s, const std::string& label) {
  const double score = fit_and_score(model, s);
  ::testing::Test::RecordProperty(label, std::to_string(score));
  return score;
}

}  // namespace modeltest
