// Acquisition functions: log-EI against the direct formula where that is stable, finite and
// asymptotically right where the direct one underflows, and gradients against differences.
#include "acquisition.hpp"
#include "gp.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace amsbayes {
namespace {

double direct_h(double z) {
  const double phi = std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI);
  const double Phi = 0.5 * std::erfc(-z / std::sqrt(2.0));
  return phi + z * Phi;
}

TEST(LogEI, MatchesTheDirectFormulaWhereItIsStable) {
  for (double z = -8; z <= 8; z += 0.05) {
    const double expected = std::log(direct_h(z));
    EXPECT_NEAR(log_h(z), expected, 1e-9 * std::max(1.0, std::abs(expected))) << "z=" << z;
  }
}

TEST(LogEI, StaysFiniteAndAsymptoticInTheFarTail) {
  // The direct formula underflows to log(0) = -inf here.
  EXPECT_EQ(std::log(direct_h(-40)), -std::numeric_limits<double>::infinity());
  double previous = log_h(-1);
  for (double z : {-5.0, -20.0, -40.0, -100.0, -1e3, -1e5, -1e7, -1e9, -1e150}) {
    const double v = log_h(z);
    ASSERT_TRUE(std::isfinite(v)) << "z=" << z;
    EXPECT_LT(v, previous) << "log h must fall as z falls, z=" << z;
    previous = v;
    // h(z) ~ phi(z) / z^2 as z -> -inf.
    const double asymptote = -0.5 * z * z - 0.5 * std::log(2 * M_PI) - 2 * std::log(-z);
    if (z <= -40) {
      EXPECT_NEAR(v / asymptote, 1.0, 1e-3) << "z=" << z;
    }
  }
  // Continuity across the branch points.
  EXPECT_NEAR(log_h(-1 - 1e-12), log_h(-1 + 1e-12), 1e-9);
  const double cut = -1 / std::sqrt(std::numeric_limits<double>::epsilon());
  EXPECT_NEAR(log_h(cut * (1 + 1e-9)) / log_h(cut * (1 - 1e-9)), 1.0, 1e-6);
}

TEST(LogEI, DerivativeMatchesFiniteDifferencesIncludingTheTail) {
  for (double z : {5.0, 1.0, 0.0, -0.5, -0.999, -1.001, -3.0, -10.0, -30.0, -200.0}) {
    const double h = 1e-6 * std::max(1.0, std::abs(z));
    const double fd = (log_h(z + h) - log_h(z - h)) / (2 * h);
    EXPECT_NEAR(d_log_h(z), fd, 1e-5 * std::max(1.0, std::abs(fd))) << "z=" << z;
  }
}

TEST(SpecialFunctions, ErfcxAndLogNdtr) {
  for (double x = 0; x < 9.99; x += 0.37)
    EXPECT_NEAR(erfcx(x), std::exp(x * x) * std::erfc(x), 1e-12 * erfcx(x)) << x;
  // The asymptotic branch joins the direct one.
  EXPECT_NEAR(erfcx(10 - 1e-9) / erfcx(10 + 1e-9), 1.0, 1e-9);
  EXPECT_NEAR(erfcx(1e6) * 1e6 * std::sqrt(M_PI), 1.0, 1e-11);
  for (double z = -30; z < 8; z += 0.5) {
    const double direct = std::log(0.5 * std::erfc(-z / std::sqrt(2.0)));
    EXPECT_NEAR(log_ndtr(z), direct, 1e-10 * std::max(1.0, std::abs(direct))) << z;
  }
  EXPECT_TRUE(std::isfinite(log_ndtr(-1e4)));
}

TEST(Acquisition, GradientsWithRespectToTheInputMatchFiniteDifferences) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int D = 4, n = 25;
  MatrixXd X(D, n);
  VectorXd y(n);
  for (int j = 0; j < n; ++j) {
    for (int d = 0; d < D; ++d) X(d, j) = u(rng);
    y[j] = std::sin(4 * X(0, j)) + X(2, j) * X(3, j) - X(1, j);
  }
  VectorXd theta(D + 2);
  theta << -1.2, -0.8, -1.0, -0.5, 0.0, std::log(1e-4);
  Posterior gp(theta);
  gp.reset(X, y);
  for (AcquisitionKind kind : {AcquisitionKind::LogEI, AcquisitionKind::UCB, AcquisitionKind::PI}) {
    Acquisition a;
    a.kind = kind;
    a.best = y.minCoeff();
    for (int probe = 0; probe < 6; ++probe) {
      VectorXd x(D);
      for (int d = 0; d < D; ++d) x[d] = u(rng);
      VectorXd g;
      a.at(gp, x, &g);
      for (int d = 0; d < D; ++d) {
        const double h = 1e-6;
        VectorXd xp = x, xm = x;
        xp[d] += h;
        xm[d] -= h;
        const double fd = (a.at(gp, xp) - a.at(gp, xm)) / (2 * h);
        EXPECT_NEAR(g[d], fd, 1e-4 * std::max(1.0, std::abs(fd)))
            << "kind=" << int(kind) << " d=" << d;
      }
    }
  }
}

TEST(Acquisition, LogEIRanksPointsLikeEIWhereEIIsRepresentable) {
  Acquisition a;
  a.best = 0;
  // Higher mean (worse) or, below the incumbent, more certainty means less improvement.
  EXPECT_GT(a.from_moments(-1, 0.5), a.from_moments(0, 0.5));
  EXPECT_GT(a.from_moments(1, 1.0), a.from_moments(1, 0.5));
  EXPECT_NEAR(std::exp(a.from_moments(0.3, 0.7)), 0.7 * direct_h(-0.3 / 0.7), 1e-12);
  // Far from any hope of improvement it still orders points (plain EI would say 0 == 0).
  EXPECT_GT(a.from_moments(50, 1.0), a.from_moments(60, 1.0));
  EXPECT_TRUE(std::isfinite(a.from_moments(60, 1.0)));
}

}  // namespace
}  // namespace amsbayes
