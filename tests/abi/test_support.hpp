// Shared helpers of the ABI tests: where the test plugins are, temporary folders, and
// assertions on error messages.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <random>
#include <string>

#include "registry/registry.hpp"
#include "support/temp_dir.hpp"

namespace abi_test {

namespace fs = std::filesystem;

// A test plugin built by tests/abi/plugins, e.g. plugin("abi_c_plugin").
inline std::string plugin(const std::string& name) {
  return (fs::path(ABI_TEST_PLUGIN_DIR) / (name + ".so")).string();
}

// A fresh folder removed at the end of the test.
using amtest::TempDir;

// The message of the PluginError `action` throws; fails the test when it throws nothing or
// something else.
inline std::string plugin_error(const std::function<void()>& action) {
  try {
    action();
  } catch (const amcore::PluginError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected a PluginError, got another exception: " << e.what();
    return {};
  }
  ADD_FAILURE() << "expected a PluginError, nothing was thrown";
  return {};
}

inline ::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\"\n  does not contain \"" << part
                                       << "\"";
}

}  // namespace abi_test
