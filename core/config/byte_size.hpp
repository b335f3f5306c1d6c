// Memory sizes in the pipeline file: "512MiB", "2GiB", "1.5G", "800MB", "64k".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace amcore {

// Bytes, or nullopt when `text` is not a size. A number, optional space, then a unit: B, k/K/KB/
// KiB, M/MB/MiB, G/GB/GiB, T/TB/TiB (case-insensitive). Every unit is binary (1 MB = 2^20
// bytes): a limit errs on the generous side, and nobody means 10^6 when limiting a process.
std::optional<int64_t> parse_byte_size(std::string_view text);

}  // namespace amcore
