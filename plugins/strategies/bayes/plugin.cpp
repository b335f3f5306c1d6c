// The bayes plugin library: one strategy component.
#include "bayes_strategy.hpp"

AMS_PLUGIN("org.amsearch.bayes", "1.0.0", "amsearch", ams::strategy<amsbayes::BayesStrategy>())
