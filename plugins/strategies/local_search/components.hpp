// The three local-search strategies of this library, each defined in its own *_strategy.cpp.
#pragma once

#include <ams/ams.h>

namespace ams_local {

const ams_component* greedy_component();
const ams_component* gradient_component();
const ams_component* anneal_component();

}  // namespace ams_local
