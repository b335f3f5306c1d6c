#include "regression_metrics.hpp"

AMS_PLUGIN("org.amsearch.metrics.regression", "1.0.0", "amsearch",
           ams::metric<ams_metrics::MeanSquaredError>(),
           ams::metric<ams_metrics::RootMeanSquaredError>(),
           ams::metric<ams_metrics::MeanAbsoluteError>(), ams::metric<ams_metrics::R2>())
