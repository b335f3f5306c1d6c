// Warm start ([study] warm_start): the finished trials of earlier studies, told to a new
// study's strategy before its first ask, so it starts from what is already known.
//
// An earlier trial is used when it fits this study's space: each of its active parameters
// exists here under the same name with a value this space accepts (same choice, within
// bounds), and the parameters it leaves out are exactly the ones inactive here. Parameters are
// matched by name, so a space may be reordered, widened, or grown by parameters that the old
// trials leave inactive. The earlier study must score with the same metric and direction:
// values of another metric would mislead the strategy.
//
// Warm-start trials are told with negative numbers (-1, -2, ...), so they never share a
// number with this study's own trials; they are not stored in this study's database, do not
// count towards its trials, and are not candidates for its best trial.
#pragma once

#include <string>
#include <vector>

#include "space/search_space.hpp"
#include "storage/study_storage.hpp"

namespace amcore {

struct WarmStart {
  std::vector<StoredTrial> trials;  // values aligned with this study's space
  std::vector<std::string> notes;   // one per source: what was used, what was left out
};

// Reads every source (a study.db file or an output folder holding one). Throws InputError
// naming the source when it is missing, not a study database, scored another way, or this
// study's own database.
WarmStart load_warm_start(const std::vector<std::string>& sources, const SearchSpace& space,
                          const StudyInfo& study, const std::string& own_database);

// The values of `params_json` ({"name": typed value} of a trial's active parameters) in this
// space, or an empty vector when the trial does not fit it (see above).
std::vector<double> values_in_space(const SearchSpace& space, const std::string& params_json);

}  // namespace amcore
