#include "test_functions.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ams_benchmarks {

double branin(const std::vector<double>& x) {
  constexpr double pi = std::numbers::pi;
  const double b = 5.1 / (4 * pi * pi), c = 5 / pi, t = 1 / (8 * pi);
  double u = x[1] - b * x[0] * x[0] + c * x[0] - 6;
  return u * u + 10 * (1 - t) * std::cos(x[0]) + 10;
}

double hartmann6(const std::vector<double>& x) {
  static constexpr double alpha[4] = {1.0, 1.2, 3.0, 3.2};
  static constexpr double A[4][6] = {{10, 3, 17, 3.5, 1.7, 8},
                                     {0.05, 10, 17, 0.1, 8, 14},
                                     {3, 3.5, 1.7, 10, 17, 8},
                                     {17, 8, 0.05, 10, 0.1, 14}};
  static constexpr double P[4][6] = {{1312, 1696, 5569, 124, 8283, 5886},
                                     {2329, 4135, 8307, 3736, 1004, 9991},
                                     {2348, 1451, 3522, 2883, 3047, 6650},
                                     {4047, 8828, 8732, 5743, 1091, 381}};
  double sum = 0;
  for (int i = 0; i < 4; ++i) {
    double inner = 0;
    for (int j = 0; j < 6; ++j) {
      double d = x[static_cast<size_t>(j)] - 1e-4 * P[i][j];
      inner += A[i][j] * d * d;
    }
    sum += alpha[i] * std::exp(-inner);
  }
  return -sum;
}

double rosenbrock(const std::vector<double>& x) {
  double sum = 0;
  for (size_t i = 0; i + 1 < x.size(); ++i) {
    double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
    sum += 100 * a * a + b * b;
  }
  return sum;
}

double ackley(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  double squares = 0, cosines = 0;
  for (double v : x) {
    squares += v * v;
    cosines += std::cos(2 * std::numbers::pi * v);
  }
  double value = -20 * std::exp(-0.2 * std::sqrt(squares / n)) - std::exp(cosines / n) + 20 + std::numbers::e;
  return std::max(value, 0.0);  // exp(1) - exp(1) leaves a rounding residue of ~4e-16 at the optimum
}

double sphere(const std::vector<double>& x) {
  double sum = 0;
  for (double v : x) sum += v * v;
  return sum;
}

double hartmann3(const std::vector<double>& x) {
  static constexpr double alpha[4] = {1.0, 1.2, 3.0, 3.2};
  static constexpr double A[4][3] = {{3, 10, 30}, {0.1, 10, 35}, {3, 10, 30}, {0.1, 10, 35}};
  static constexpr double P[4][3] = {
      {3689, 1170, 2673}, {4699, 4387, 7470}, {1091, 8732, 5547}, {381, 5743, 8828}};
  double sum = 0;
  for (int i = 0; i < 4; ++i) {
    double inner = 0;
    for (int j = 0; j < 3; ++j) {
      double d = x[static_cast<size_t>(j)] - 1e-4 * P[i][j];
      inner += A[i][j] * d * d;
    }
    sum += alpha[i] * std::exp(-inner);
  }
  return -sum;
}

double levy(const std::vector<double>& x) {
  constexpr double pi = std::numbers::pi;
  auto w = [&](size_t i) { return 1 + (x[i] - 1) / 4; };
  const size_t d = x.size();
  double first = std::sin(pi * w(0));
  double sum = first * first;
  for (size_t i = 0; i + 1 < d; ++i) {
    double s = std::sin(pi * w(i) + 1);
    sum += (w(i) - 1) * (w(i) - 1) * (1 + 10 * s * s);
  }
  double last = std::sin(2 * pi * w(d - 1));
  sum += (w(d - 1) - 1) * (w(d - 1) - 1) * (1 + last * last);
  return sum;
}

double rastrigin(const std::vector<double>& x) {
  double sum = 10 * static_cast<double>(x.size());
  for (double v : x) sum += v * v - 10 * std::cos(2 * std::numbers::pi * v);
  return sum;
}

double styblinski_tang(const std::vector<double>& x) {
  double sum = 0;
  for (double v : x) sum += v * v * v * v - 16 * v * v + 5 * v;
  return sum / 2;
}

double mixed_quadratic(const std::vector<double>& x) {
  double sum = 0;
  for (size_t i = 0; i < 3; ++i) sum += (x[i] - mixed::float_target[i]) * (x[i] - mixed::float_target[i]);
  for (size_t j = 0; j < 2; ++j) sum += (x[3 + j] - mixed::int_target[j]) * (x[3 + j] - mixed::int_target[j]);
  return sum + mixed::choice_offset[static_cast<size_t>(x[5])];
}

}  // namespace ams_benchmarks
