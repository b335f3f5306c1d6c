// `amhost plugins`: every component of every library found, as a table or JSON.
#pragma once

#include <string>
#include <vector>

#include "registry/registry.hpp"

namespace amcore {

std::string plugins_table(const Registry& registry, const std::vector<std::string>& search_path);
std::string plugins_json(const Registry& registry, const std::vector<std::string>& search_path);

}  // namespace amcore
