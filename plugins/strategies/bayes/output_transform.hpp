// Output warping: maps the raw objective values to the targets the GP models. A GP with a
// stationary kernel assumes roughly Gaussian, homoscedastic outputs; heavy-tailed objectives
// (a few values orders of magnitude above the rest, e.g. losses that explode off a valley)
// make the standardized targets of all good points nearly equal, so the model cannot tell
// them apart. A monotone warp keeps the order of the values (so "better" stays "better" and
// the incumbent stays the incumbent) while spreading the good region out.
//
//   none:  standardize (zero mean, unit variance).
//   power: standardize, then the Yeo-Johnson power transform whose lambda maximizes the
//          Gaussian likelihood of the transformed values (as in sklearn's PowerTransformer
//          and HEBO, Cowen-Rivers et al. 2022), then standardize again. lambda is capped at 1
//          (the identity): a larger lambda makes the transform convex, which would squeeze
//          the low (good) values together to undo a long tail of good values, the opposite
//          of what a minimizer needs to see.
// (A rank / Gaussian-copula warp was tried as well: it forgets magnitudes, and on every
// benchmark function of bench/strategies it was far worse than both of these.)
#pragma once

#include <Eigen/Core>

#include <string>

namespace amsbayes {

enum class OutputTransform { None, Power };

OutputTransform output_transform_from_name(const std::string& name);  // "none", "power"

// Yeo-Johnson transform of y with parameter lambda (strictly increasing in y for any lambda).
double yeo_johnson(double y, double lambda);
// The lambda in [lambda_min, lambda_max] maximizing the profile log-likelihood of y
// (y should be standardized so the bounds are meaningful).
double yeo_johnson_lambda(const Eigen::VectorXd& y, double lambda_min = -3.0, double lambda_max = 3.0);

// The targets for the GP: the warp of y followed by standardization. Order preserving: for
// every i, j, y[i] < y[j] implies result[i] < result[j] (ties stay tied).
Eigen::VectorXd transform_outputs(const Eigen::VectorXd& y, OutputTransform kind);

}  // namespace amsbayes
