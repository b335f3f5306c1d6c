// The space codec: round trips, grid rounding, one-hot blocks, inactive parameters.
#include "space_codec.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace amsbayes {
namespace {

ams_param param(const char* name, int32_t type, double low, double high, double step = 0,
                bool log = false) {
  ams_param p{};
  p.struct_size = sizeof(ams_param);
  p.name = name;
  p.type = type;
  p.low = low;
  p.high = high;
  p.step = step;
  p.log = log;
  p.parent = -1;
  if (type == AMS_PARAM_CATEGORICAL) p.n_choices = static_cast<int32_t>(high) + 1;
  return p;
}

TEST(SpaceCodec, EncodesRoundsAndMasks) {
  static const double when_b[] = {1};
  ams_param kind = param("kind", AMS_PARAM_CATEGORICAL, 0, 2);
  ams_param width = param("width", AMS_PARAM_INT, 1, 64, 0, true);
  ams_param rate = param("rate", AMS_PARAM_FLOAT, 0, 1, 0.25);
  rate.parent = 0;
  rate.n_parent_values = 1;
  rate.parent_values = when_b;
  const ams_param* list[] = {&kind, &width, &rate};
  ams_space space{sizeof(ams_space), 3, list};
  SpaceCodec codec(space);
  EXPECT_EQ(codec.n_features(), 3 + 1 + 1);

  double unit[3] = {0.5, 0.999, 0.55};  // kind = 1 (b): rate is active
  double v[3];
  codec.trial_from_unit(unit, v);
  EXPECT_EQ(v[0], 1);
  EXPECT_EQ(v[1], 64);
  EXPECT_EQ(v[2], 0.5);  // 0.55 of [-0.125, 1.125] = 0.5625 -> grid 0.5
  double f[5];
  codec.features_from_trial(v, f);
  EXPECT_EQ(f[0], 0);
  EXPECT_EQ(f[1], 1);
  EXPECT_EQ(f[2], 0);
  EXPECT_NEAR(f[4], 0.5, 1e-12);  // 0.5 is the centre of its cell

  unit[0] = 0.1;  // kind = 0: rate inactive
  codec.trial_from_unit(unit, v);
  EXPECT_TRUE(std::isnan(v[2]));
  codec.features_from_trial(v, f);
  EXPECT_EQ(f[4], 0.5);

  // Round trip from values through units.
  double back[3] = {0.123, 0.456, 0.789};
  double again[3];
  const double values[3] = {2, 7, std::nan("")};
  codec.unit_from_trial(values, back);
  EXPECT_EQ(back[2], 0.789);  // inactive: untouched
  codec.trial_from_unit(back, again);
  EXPECT_EQ(again[0], 2);
  EXPECT_EQ(again[1], 7);
  EXPECT_TRUE(std::isnan(again[2]));
}

TEST(SpaceCodec, RejectsBadSpacesWithTheParameterName) {
  ams_param bad = param("lr", AMS_PARAM_FLOAT, 0, 1, 0, true);  // log with low = 0
  const ams_param* list[] = {&bad};
  ams_space space{sizeof(ams_space), 1, list};
  try {
    SpaceCodec codec(space);
    FAIL() << "expected an error";
  } catch (const SpaceError& e) {
    EXPECT_NE(std::string(e.what()).find("lr"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("low > 0"), std::string::npos);
  }
  ams_space empty{sizeof(ams_space), 0, nullptr};
  EXPECT_THROW(SpaceCodec{empty}, SpaceError);
  const double values[] = {3};
  ams_param ok = param("k", AMS_PARAM_CATEGORICAL, 0, 2);
  const ams_param* one[] = {&ok};
  ams_space s{sizeof(ams_space), 1, one};
  SpaceCodec codec(s);
  double f[3];
  EXPECT_THROW(codec.features_from_trial(values, f), SpaceError);  // choice 3 of 3
}

}  // namespace
}  // namespace amsbayes
