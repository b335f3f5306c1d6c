// The example strategy (examples/custom_strategy/halton_perturb.c) through the real registry
// and host API: every proposal must be valid for its space, and the search must search.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "host/context.hpp"
#include "registry/registry.hpp"

namespace {

// model: choice of 3; lr: float [1e-4, 1] log; n: int [1, 64] log, only for model 0;
// depth: int [2, 20] step 3, only for models 1 and 2; frac: float [0, 1] step 0.25; flag: bool.
struct Space {
  const char* models[3] = {"a", "b", "c"};
  double model_a[1] = {0};
  double model_bc[2] = {1, 2};
  ams_param model{sizeof(ams_param), "model", AMS_PARAM_CATEGORICAL, 0, 0, 2, 0, 3, models, -1, 0, nullptr};
  ams_param lr{sizeof(ams_param), "lr", AMS_PARAM_FLOAT, 1, 1e-4, 1, 0, 0, nullptr, -1, 0, nullptr};
  ams_param n{sizeof(ams_param), "n", AMS_PARAM_INT, 1, 1, 64, 1, 0, nullptr, 0, 1, model_a};
  ams_param depth{sizeof(ams_param), "depth", AMS_PARAM_INT, 0, 2, 20, 3, 0, nullptr, 0, 2, model_bc};
  ams_param frac{sizeof(ams_param), "frac", AMS_PARAM_FLOAT, 0, 0, 1, 0.25, 0, nullptr, -1, 0, nullptr};
  ams_param flag{sizeof(ams_param), "flag", AMS_PARAM_BOOL, 0, 0, 1, 0, 0, nullptr, -1, 0, nullptr};
  const ams_param* params[6] = {&model, &lr, &n, &depth, &frac, &flag};
  ams_space space{sizeof(ams_space), 6, params};
};

// Smallest (0) at model b, lr 1e-2, depth 11, frac 0.5, flag on.
double loss(const std::vector<double>& v) {
  double l = std::pow(std::log10(v[1]) + 2, 2) + std::pow(v[4] - 0.5, 2) + (v[5] == 1 ? 0 : 0.5);
  if (v[0] == 1) l += std::pow(v[3] - 11, 2) / 100;
  else l += 1;
  return l;
}

class HaltonPerturb : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    registry_ = std::make_unique<amcore::Registry>();
    registry_->load_library(EXAMPLE_PLUGIN);
  }
  static void TearDownTestSuite() { registry_.reset(); }

  // A strategy object with the given options; destroyed at the end of the test.
  void* make(toml::table options, uint64_t seed = 1) {
    auto ctx = std::make_unique<ams_context>();
    ctx->options = std::move(options);
    ctx->seed = seed;
    ctx->file = "pipeline.toml";
    void* self = component().descriptor.create(ctx.get());
    last_ctx_ = ctx.get();
    contexts_.push_back(std::move(ctx));
    if (self) {
      objects_.push_back(self);
      EXPECT_EQ(component().strategy.start(self, &space_.space), AMS_OK);
    }
    return self;
  }
  void TearDown() override {
    for (void* o : objects_) component().descriptor.destroy(o);
  }
  static const amcore::Component& component() {
    return registry_->get(AMS_KIND_STRATEGY, "halton_perturb");
  }
  std::vector<double> ask(void* self, int64_t number, ams_status expect = AMS_OK) {
    std::vector<double> v(6);
    double budget = 0;
    EXPECT_EQ(component().strategy.ask(self, number, v.data(), &budget), expect);
    if (expect == AMS_OK) {
      EXPECT_EQ(budget, 1.0);
    }
    return v;
  }
  void tell(void* self, int64_t number, const std::vector<double>& v, double value) {
    ams_trial_result r{};
    r.struct_size = sizeof r;
    r.trial = {sizeof(ams_trial), number, 6, v.data(), 1.0};
    r.state = AMS_TRIAL_COMPLETE;
    r.value = value;
    r.last_step = -1;
    ASSERT_EQ(component().strategy.tell(self, &r), AMS_OK);
  }

  static std::unique_ptr<amcore::Registry> registry_;
  Space space_;
  std::vector<std::unique_ptr<ams_context>> contexts_;
  std::vector<void*> objects_;
  ams_context* last_ctx_ = nullptr;
};

std::unique_ptr<amcore::Registry> HaltonPerturb::registry_;

bool on_grid(double v, double low, double step) {
  double k = (v - low) / step;
  return std::fabs(k - std::round(k)) < 1e-9;
}

}  // namespace

TEST_F(HaltonPerturb, EveryProposalFitsTheSpaceAndTheSearchImproves) {
  void* s = make(toml::table{{"max_trials", 150}, {"startup_trials", 20}});
  ASSERT_NE(s, nullptr);
  double best_startup = INFINITY, best = INFINITY;
  for (int64_t t = 0; t < 150; ++t) {
    auto v = ask(s, t);
    ASSERT_TRUE(v[0] == 0 || v[0] == 1 || v[0] == 2) << v[0];
    ASSERT_TRUE(v[1] >= 1e-4 && v[1] <= 1) << v[1];
    if (v[0] == 0) {
      ASSERT_TRUE(v[2] >= 1 && v[2] <= 64 && v[2] == std::round(v[2])) << v[2];
      ASSERT_TRUE(std::isnan(v[3])) << "depth is inactive for model a";
    } else {
      ASSERT_TRUE(std::isnan(v[2])) << "n is inactive for models b and c";
      ASSERT_TRUE(v[3] >= 2 && v[3] <= 20 && on_grid(v[3], 2, 3)) << v[3];
    }
    ASSERT_TRUE(v[4] >= 0 && v[4] <= 1 && on_grid(v[4], 0, 0.25)) << v[4];
    ASSERT_TRUE(v[5] == 0 || v[5] == 1) << v[5];
    double l = loss(v);
    if (t < 20) best_startup = std::min(best_startup, l);
    best = std::min(best, l);
    tell(s, t, v, l);
  }
  ask(s, 150, AMS_EXHAUSTED);
  EXPECT_LT(best, best_startup) << "the local search improves on the design";
  EXPECT_LT(best, 0.02);
}

TEST_F(HaltonPerturb, TheDesignFollowsTheLogScale) {
  void* s = make(toml::table{{"startup_trials", 1000}});
  int below = 0, small_n = 0, n_count = 0;
  for (int64_t t = 0; t < 200; ++t) {
    auto v = ask(s, t);
    below += v[1] < 1e-2;  // half of a log-uniform [1e-4, 1], a hundredth of a uniform one
    if (v[0] == 0) {
      ++n_count;
      small_n += v[2] <= 8;  // about half of a log-uniform [1, 64]
    }
  }
  EXPECT_GT(below, 80);
  EXPECT_LT(below, 120);
  ASSERT_GT(n_count, 40);
  EXPECT_GT(small_n, n_count * 3 / 10);
  EXPECT_LT(small_n, n_count * 7 / 10);
}

TEST_F(HaltonPerturb, TheSeedDecidesTheProposals) {
  void* a = make({}, 7);
  void* b = make({}, 7);
  void* c = make({}, 8);
  auto va = ask(a, 0), vb = ask(b, 0), vc = ask(c, 0);
  EXPECT_EQ(va[1], vb[1]);
  EXPECT_NE(va[1], vc[1]);
}

TEST_F(HaltonPerturb, AcceptsResultsOfTrialsItNeverAsked) {
  void* s = make(toml::table{{"startup_trials", 1}, {"radius", 0.05}});
  std::vector<double> warm = {1, 0.01, NAN, 11, 0.5, 1};
  tell(s, 0, warm, -5.0);
  int same = 0;
  for (int64_t t = 1; t <= 20; ++t) {
    auto v = ask(s, t);
    same += v[0] == 1 && v[3] == 11 && v[5] == 1;
  }
  EXPECT_GT(same, 5) << "proposals stay around the told incumbent";
}

TEST_F(HaltonPerturb, BadOptionsAreReportedByName) {
  EXPECT_EQ(make(toml::table{{"radius", 2.0}, {"patience", 0}}), nullptr);
  auto errors = last_ctx_->option_errors();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("option 'radius' must be a number in (0, 1]"), std::string::npos)
      << errors[0];
  EXPECT_NE(errors[1].find("option 'patience' must be an integer >= 1"), std::string::npos)
      << errors[1];
  EXPECT_EQ(make(toml::table{{"max_trials", "many"}}), nullptr);
}
