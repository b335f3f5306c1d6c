#include "acquisition.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace amsbayes {

namespace {

constexpr double kHalfLog2Pi = 0.91893853320467274;     // log(2 pi) / 2
constexpr double kHalfLogPiOver2 = 0.22579135264472744;  // log(pi / 2) / 2
constexpr double kSqrtHalfPi = 1.2533141373155003;       // sqrt(pi / 2)
constexpr double kInvSqrt2 = 0.70710678118654752;
constexpr double kInvSqrtPi = 0.56418958354775628;

// log(1 - e^x) for x < 0, accurate at both ends (Maechler 2012).
double log1mexp(double x) {
  return x > -0.6931471805599453 ? std::log(-std::expm1(x)) : std::log1p(-std::exp(x));
}

double normal_pdf(double z) { return std::exp(-0.5 * z * z - kHalfLog2Pi); }

}  // namespace

AcquisitionKind acquisition_from_name(const std::string& name) {
  if (name == "logei") return AcquisitionKind::LogEI;
  if (name == "ucb") return AcquisitionKind::UCB;
  if (name == "pi") return AcquisitionKind::PI;
  throw std::invalid_argument("unknown acquisition \"" + name + "\"");
}

double erfcx(double x) {
  if (x < 10) return std::exp(x * x) * std::erfc(x);
  // Asymptotic series 1/(x sqrt(pi)) sum_k (-1)^k (2k-1)!! / (2x^2)^k; its terms shrink
  // below double precision well before they start growing when x >= 10.
  const double t = 1.0 / (2.0 * x * x);
  double term = 1, sum = 1;
  for (int k = 1; k < 12; ++k) {
    term *= -(2.0 * k - 1) * t;
    sum += term;
  }
  return sum * kInvSqrtPi / x;
}

double log_ndtr(double z) {
  if (z > 0) return std::log1p(-0.5 * std::erfc(z * kInvSqrt2));
  if (z > -5) return std::log(0.5 * std::erfc(-z * kInvSqrt2));
  return std::log(0.5 * erfcx(-z * kInvSqrt2)) - 0.5 * z * z;
}

double log_h(double z) {
  if (z > -1) return std::log(normal_pdf(z) + z * 0.5 * std::erfc(-z * kInvSqrt2));
  // h(z) = phi(z) (1 - |z| sqrt(pi/2) erfcx(-z/sqrt2)) for z <= -1; past -1/sqrt(eps) the
  // bracket is 1/z^2 to double precision.
  if (z > -1 / std::sqrt(std::numeric_limits<double>::epsilon()))
    return -0.5 * z * z - kHalfLog2Pi +
           log1mexp(std::log(erfcx(-z * kInvSqrt2) * std::abs(z)) + kHalfLogPiOver2);
  return -0.5 * z * z - kHalfLog2Pi - 2 * std::log(std::abs(z));
}

double d_log_h(double z) {
  if (z > -1) return std::exp(log_ndtr(z) - log_h(z));
  // Phi/h = q / (1 - |z| q) with q = Phi/phi = sqrt(pi/2) erfcx(-z/sqrt2): no huge exponents.
  if (z > -1 / std::sqrt(std::numeric_limits<double>::epsilon())) {
    const double q = kSqrtHalfPi * erfcx(-z * kInvSqrt2);
    return q / std::exp(log1mexp(std::log(q * std::abs(z))));
  }
  return std::abs(z);
}

double Acquisition::from_moments(double mean, double sd, double* d_mean, double* d_sd) const {
  switch (kind) {
    case AcquisitionKind::LogEI: {
      const double z = (best - mean) / sd;
      const double r = d_log_h(z);
      if (d_mean) *d_mean = -r / sd;
      if (d_sd) *d_sd = (1 - r * z) / sd;
      return log_h(z) + std::log(sd);
    }
    case AcquisitionKind::UCB: {
      const double s = std::sqrt(beta);
      if (d_mean) *d_mean = -1;
      if (d_sd) *d_sd = s;
      return -mean + s * sd;
    }
    case AcquisitionKind::PI: {
      const double z = (best - mean) / sd;
      // d/dz log Phi = phi/Phi, through logs to survive the far tail.
      const double r = std::exp(-0.5 * z * z - kHalfLog2Pi - log_ndtr(z));
      if (d_mean) *d_mean = -r / sd;
      if (d_sd) *d_sd = -r * z / sd;
      return log_ndtr(z);
    }
  }
  return 0;
}

double Acquisition::at(const Posterior& gp, const VectorXd& x, VectorXd* gradient) const {
  double mean = 0, variance = 0;
  VectorXd dm, dv;
  gp.predict(x, mean, variance, gradient ? &dm : nullptr, gradient ? &dv : nullptr);
  const double sd = std::sqrt(variance);
  double a_mean = 0, a_sd = 0;
  const double value = from_moments(mean, sd, &a_mean, &a_sd);
  if (gradient) *gradient = a_mean * dm + (a_sd / (2 * sd)) * dv;
  return value;
}

VectorXd Acquisition::batch(const Posterior& gp, const MatrixXd& Z) const {
  VectorXd mean, variance;
  gp.predict_batch(Z, mean, variance);
  VectorXd out(Z.cols());
  for (Eigen::Index i = 0; i < Z.cols(); ++i) out[i] = from_moments(mean[i], std::sqrt(variance[i]));
  return out;
}

}  // namespace amsbayes
