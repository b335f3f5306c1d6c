// One library, three strategies that share the [0, 1] space encoding, the moves and the trial
// bookkeeping: greedy (hill climbing), gradient (SPSA + Adam) and anneal (simulated annealing).
#include <ams/plugin.hpp>

#include "components.hpp"

AMS_PLUGIN("org.amsearch.strategies.local_search", "1.0.0", "amsearch",
           ams_local::greedy_component(), ams_local::gradient_component(),
           ams_local::anneal_component())
