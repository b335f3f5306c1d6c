// The standard normal distribution: CDF, upper tail, quantile and truncated sampling, accurate
// far into the tails (TPE kernels and CMA-ES margins both live there).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

namespace tpe {

inline constexpr double kLogSqrt2Pi = 0.91893853320467274178;

inline double normal_cdf(double z) { return 0.5 * std::erfc(-z * M_SQRT1_2); }
inline double normal_upper(double z) { return 0.5 * std::erfc(z * M_SQRT1_2); }

// Quantile: Acklam's rational approximation refined by one Halley step (full double precision).
inline double normal_quantile(double p) {
  if (p <= 0) return -std::numeric_limits<double>::infinity();
  if (p >= 1) return std::numeric_limits<double>::infinity();
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double plow = 0.02425;
  double x;
  if (p < plow) {
    double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - plow) {
    double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // Halley refinement; the error term is taken on the side of the tail that is accurate.
  double e = x <= 0 ? normal_cdf(x) - p : (1 - p) - normal_upper(x);
  double u = e * std::sqrt(2 * M_PI) * std::exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

// A standard normal truncated to [a, b], by inversion of the CDF given a uniform u in [0, 1).
// Works on the lower side of zero, mirroring when the interval lies above it, so that neither
// end falls into the region where the CDF rounds to 1.
inline double truncated_normal(double a, double b, double u) {
  if (a > 0) return -truncated_normal(-b, -a, u);
  double pa = normal_cdf(a), pb = normal_cdf(b);
  double x = normal_quantile(pa + u * (pb - pa));
  if (!std::isfinite(x)) x = 0.5 * (a + b);
  return std::clamp(x, a, b);
}

// Phi(z) for z in [-9, 0] from a table of Phi and its derivative phi every 1/256, by cubic
// Hermite interpolation: absolute error below 1e-12, a few multiply-adds instead of an erfc.
// Used where Phi is subtracted from 1 (the mass a kernel keeps on its support, at least 0.38),
// so absolute accuracy is what counts; multivariate kernels are wide and need two per kernel,
// dimension and ask.
class NormalCdfTable {
 public:
  static double lower(double z) {  // z in [-9, 0]
    static const NormalCdfTable table;
    const double u = (z - kFrom) * kPerUnit;
    const int i = std::clamp(int(u), 0, kCells - 1);
    const double s = u - i, s2 = s * s, s3 = s2 * s;
    const double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2,
                 h11 = s3 - s2;
    const double h = 1.0 / kPerUnit;
    return h00 * table.cdf_[i] + h10 * h * table.pdf_[i] + h01 * table.cdf_[i + 1] +
           h11 * h * table.pdf_[i + 1];
  }

 private:
  static constexpr double kFrom = -9.0;
  static constexpr int kPerUnit = 256, kCells = 9 * kPerUnit;
  NormalCdfTable() {
    for (int i = 0; i <= kCells; ++i) {
      const double z = kFrom + double(i) / kPerUnit;
      cdf_[i] = normal_cdf(z);
      pdf_[i] = std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI);
    }
  }
  double cdf_[kCells + 1], pdf_[kCells + 1];
};

// log(Phi(hi) - Phi(lo)) for lo < hi, without cancellation in either tail.
inline double log_normal_mass(double lo, double hi) {
  double mass = lo > 0 ? normal_upper(lo) - normal_upper(hi) : normal_cdf(hi) - normal_cdf(lo);
  return std::log(std::max(mass, 1e-300));
}

}  // namespace tpe
