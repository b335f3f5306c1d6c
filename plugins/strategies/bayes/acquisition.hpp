// Acquisition functions for minimization, written as values to MAXIMIZE, from the posterior
// mean and standard deviation of the (standardized) objective at a point:
//   logei: log expected improvement over the best observed value, computed in log space the
//          way Ament et al. (2023, "Unexpected improvements to expected improvement") do, so
//          it stays finite and informative where plain EI underflows to 0;
//   ucb:   the lower confidence bound -(mean - sqrt(beta) sd);
//   pi:    log probability of improvement, log Phi(z).
#pragma once

#include "gp.hpp"

#include <string>

namespace amsbayes {

enum class AcquisitionKind { LogEI, UCB, PI };

AcquisitionKind acquisition_from_name(const std::string& name);  // "logei", "ucb", "pi"

// Numerically safe special functions (exposed for tests).
double erfcx(double x);         // exp(x^2) erfc(x)
double log_ndtr(double z);      // log Phi(z)
double log_h(double z);         // log(phi(z) + z Phi(z)), the log of EI's standardized kernel
double d_log_h(double z);       // d/dz log_h = Phi(z) / h(z)

struct Acquisition {
  AcquisitionKind kind = AcquisitionKind::LogEI;
  double best = 0;   // the incumbent (lowest standardized target)
  double beta = 4;   // ucb only

  // Value from the posterior mean and standard deviation; partial derivatives when asked.
  double from_moments(double mean, double sd, double* d_mean = nullptr,
                      double* d_sd = nullptr) const;
  // Value at x under a posterior; gradient w.r.t. x when asked.
  double at(const Posterior& gp, const VectorXd& x, VectorXd* gradient = nullptr) const;
  // Values at the columns of Z.
  VectorXd batch(const Posterior& gp, const MatrixXd& Z) const;
};

}  // namespace amsbayes
