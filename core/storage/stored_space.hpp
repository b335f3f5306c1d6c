// The search space a study was stored with, rebuilt from its space_json, so that tools that
// have only the database (amhost export) show parameters as the study did.
#pragma once

#include "space/search_space.hpp"
#include "storage/study_storage.hpp"

namespace amcore {

// Throws InputError naming the database when the stored space cannot be read.
SearchSpace stored_space(const StudyStorage& storage);

}  // namespace amcore
