#include "classification_metrics.hpp"

AMS_PLUGIN("org.amsearch.metrics.classification", "1.0.0", "amsearch",
           ams::metric<ams_metrics::Accuracy>(), ams::metric<ams_metrics::BalancedAccuracy>(),
           ams::metric<ams_metrics::F1Macro>(), ams::metric<ams_metrics::LogLoss>(),
           ams::metric<ams_metrics::RocAuc>())
