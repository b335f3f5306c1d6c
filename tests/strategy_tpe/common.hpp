// A float-only search space for the tpe unit tests, built through the C ABI structs as the
// host would pass it.
#pragma once

#include <ams/ams.h>

#include <string>
#include <vector>

#include "space.hpp"

struct FloatSpace {
  std::vector<std::string> names;
  std::vector<ams_param> params;
  std::vector<const ams_param*> pointers;
  ams_space space{};

  // One float parameter per (low, high) pair; step > 0 makes them stepped.
  FloatSpace(const std::vector<std::pair<double, double>>& bounds, double step = 0) {
    params.resize(bounds.size());
    for (size_t i = 0; i < bounds.size(); ++i) {
      names.push_back("x" + std::to_string(i));
      ams_param& p = params[i];
      p = ams_param{};
      p.struct_size = sizeof(ams_param);
      p.type = AMS_PARAM_FLOAT;
      p.low = bounds[i].first;
      p.high = bounds[i].second;
      p.step = step;
      p.parent = -1;
    }
    for (size_t i = 0; i < params.size(); ++i) {
      params[i].name = names[i].c_str();
      pointers.push_back(&params[i]);
    }
    space.struct_size = sizeof(ams_space);
    space.n_params = int32_t(params.size());
    space.params = pointers.data();
  }
  tpe::Space make() const { return tpe::Space(space); }
};
