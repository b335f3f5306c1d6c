// ams_tensor views of host-owned float64 arrays: the only kind ABI v1 hosts pass.
#pragma once

#include <cstdint>

#include <ams/ams.h>

namespace amcore {

// A compact row-major float64 view on the CPU. `shape` (ndim entries) must outlive the view.
inline ams_tensor float64_tensor(const double* data, int32_t ndim, int64_t* shape) {
  ams_tensor t{};
  t.data = const_cast<double*>(data);  // views are read-only by contract unless an output
  t.device = {AMS_DEVICE_CPU, 0};
  t.ndim = ndim;
  t.dtype = {AMS_DTYPE_FLOAT, 64, 1};
  t.shape = shape;
  t.strides = nullptr;
  t.byte_offset = 0;
  return t;
}

}  // namespace amcore
