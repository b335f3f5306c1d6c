// bayes: Gaussian-process Bayesian optimization (Matern-5/2 ARD GP, MAP hyperparameters,
// log-EI / UCB / PI maximized by screening + L-BFGS refinement). See README.md for options
// and the modelling choices (inactive parameters, failed trials, pending trials).
#pragma once

#include "acquisition.hpp"
#include "acquisition_optimizer.hpp"
#include "designs.hpp"
#include "gp.hpp"
#include "gp_fit.hpp"
#include "output_transform.hpp"
#include "space_codec.hpp"

#include <ams/plugin.hpp>

#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace amsbayes {

class BayesStrategy : public ams::Strategy {
 public:
  static constexpr const char* name = "bayes";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Gaussian-process Bayesian optimization (Matern-5/2 ARD, log-EI/UCB/PI)";

  explicit BayesStrategy(ams::Context ctx);

  void start(const ams_space& space) override;
  ams_status ask(int64_t number, double* values, double* budget) override;
  void tell(const ams_trial_result& result) override;

 private:
  struct Observation {
    std::vector<double> values;
    std::vector<double> unit;
    VectorXd features;
    double value;  // NaN: the trial failed
  };
  struct Pending {
    VectorXd features;
  };
  enum class Liar { Mean, Min, Max };

  bool in_startup() const;
  ams_status ask_startup(std::vector<double>& values);
  ams_status ask_model(std::vector<double>& values);
  // Indices of the observations the GP sees, and their raw targets.
  void model_data(std::vector<size_t>& points, std::vector<double>& targets) const;
  void update_posterior(const std::vector<size_t>& points, const VectorXd& y);
  int refit_period(size_t n) const;
  bool taken(const VectorXd& features) const;
  std::vector<double> random_unit();

  // Options.
  AcquisitionKind acquisition_;
  OutputTransform output_transform_;
  double beta_;
  int64_t startup_option_;  // 0 = max(5, d + 1)
  int64_t refit_every_;     // 0 = automatic
  int64_t fit_max_points_;
  bool impute_failed_;
  Liar liar_;
  FitOptions fit_options_;
  OptimizerOptions optimizer_options_;
  HyperPrior prior_;

  std::unique_ptr<SpaceCodec> codec_;
  std::unique_ptr<AcquisitionOptimizer> optimizer_;
  std::mt19937_64 rng_;
  int64_t startup_trials_ = 0;
  std::vector<std::vector<double>> design_;
  size_t design_next_ = 0;

  std::vector<Observation> observations_;
  std::map<int64_t, Pending> pending_;

  VectorXd theta_;            // last fitted hyperparameters (empty before the first fit)
  size_t fitted_at_ = 0;      // model points at the last fit
  Posterior posterior_;
  std::vector<size_t> posterior_points_;
};

}  // namespace amsbayes
