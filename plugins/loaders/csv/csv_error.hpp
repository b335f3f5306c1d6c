// Located errors for CSV input: "file:line:column: message" (column 1-based, as editors count).
#pragma once

#include <ams/plugin.hpp>

#include <cstdint>
#include <string>

namespace ams_csv {

[[noreturn]] inline void fail_at(const std::string& file, int64_t line, int64_t column,
                                 const std::string& message) {
  throw ams::Error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message,
                   AMS_ERR_FORMAT);
}

[[noreturn]] inline void fail_in(const std::string& file, const std::string& message,
                                 ams_status status = AMS_ERR_FORMAT) {
  throw ams::Error(file + ": " + message, status);
}

}  // namespace ams_csv
