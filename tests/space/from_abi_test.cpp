// Spaces a plugin describes (objective default spaces) are copied deeply and checked.
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "space/search_space.hpp"

namespace {

using amcore::SearchSpace;

// A plugin-side space whose storage dies before the copy is used.
struct PluginSpace {
  std::vector<std::string> names = {"kind", "gamma", "x"};
  std::vector<std::string> labels = {"linear", "rbf"};
  std::vector<const char*> label_pointers;
  std::vector<double> gamma_parent = {1};
  std::vector<ams_param> params;
  std::vector<const ams_param*> pointers;
  ams_space space{};

  PluginSpace() {
    for (const auto& label : labels) label_pointers.push_back(label.c_str());
    params.resize(3);
    params[0] = ams_param{sizeof(ams_param), names[0].c_str(), AMS_PARAM_CATEGORICAL, 0, 0, 1, 0,
                          2, label_pointers.data(), -1, 0, nullptr};
    params[1] = ams_param{sizeof(ams_param), names[1].c_str(), AMS_PARAM_FLOAT, 1, 1e-4, 1, 0,
                          0, nullptr, 0, 1, gamma_parent.data()};
    params[2] = ams_param{sizeof(ams_param), names[2].c_str(), AMS_PARAM_INT, 0, -5, 5, 0,
                          0, nullptr, -1, 0, nullptr};
    for (const auto& p : params) pointers.push_back(&p);
    space = ams_space{sizeof(ams_space), 3, pointers.data()};
  }
};

TEST(FromAbi, DeepCopy) {
  SearchSpace space;
  {
    PluginSpace plugin;
    space = SearchSpace::from_abi(plugin.space);
    plugin.names.assign(3, "overwritten-and-freed");
    plugin.labels.clear();
  }
  ASSERT_EQ(space.size(), 3);
  EXPECT_EQ(space.name(0), "kind");
  EXPECT_STREQ(space.param(0).choices[1], "rbf");
  EXPECT_EQ(space.param(1).parent, 0);
  EXPECT_EQ(space.param(1).parent_values[0], 1.0);
  EXPECT_EQ(space.param(1).log, 1);
  EXPECT_EQ(space.param(2).step, 1);  // an int's step defaults to 1

  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> linear = {0, nan, 3};
  EXPECT_EQ(space.check(linear.data()), "");
  const toml::table options = space.options_for(linear.data());
  EXPECT_EQ(options.size(), 2u);  // no candidates: the active parameters alone
  EXPECT_EQ(options["kind"].value<std::string>(), "linear");
  EXPECT_EQ(options["x"].value<int64_t>(), 3);
  const std::vector<double> rbf = {1, 0.01, -5};
  EXPECT_EQ(space.options_for(rbf.data())["gamma"].value<double>(), 0.01);
  EXPECT_EQ(space.candidate_of(rbf.data()), 0);
}

TEST(FromAbi, LargerStructsFromNewerPluginsAreRead) {
  // A plugin built against a later 1.x may have a longer ams_param; its tail is ignored.
  struct NewerParam {
    ams_param v1;
    double added_later;
  };
  PluginSpace plugin;
  NewerParam newer{plugin.params[2], 7.0};
  newer.v1.struct_size = sizeof(NewerParam);
  plugin.pointers[2] = &newer.v1;
  const SearchSpace space = SearchSpace::from_abi(plugin.space);
  EXPECT_EQ(space.param(2).struct_size, sizeof(ams_param));
  EXPECT_EQ(space.param(2).high, 5);
}

TEST(FromAbi, RejectsInconsistentSpaces) {
  const auto error_of = [](PluginSpace& plugin) {
    try {
      SearchSpace::from_abi(plugin.space);
    } catch (const amcore::PluginError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  {
    PluginSpace plugin;
    plugin.params[0].parent = 1;
    plugin.params[0].n_parent_values = 1;
    plugin.params[0].parent_values = plugin.gamma_parent.data();
    EXPECT_EQ(error_of(plugin),
              "search space from a plugin: parameter 'kind': its parent must come before it");
  }
  {
    PluginSpace plugin;
    plugin.params[2].name = "kind";
    EXPECT_EQ(error_of(plugin), "search space from a plugin: parameter 'kind' appears twice");
  }
  {
    PluginSpace plugin;
    plugin.params[1].low = 0;  // log scale
    EXPECT_EQ(error_of(plugin),
              "search space from a plugin: parameter 'gamma' is on a log scale but low <= 0");
  }
  {
    PluginSpace plugin;
    plugin.params[0].n_choices = 0;
    EXPECT_EQ(error_of(plugin), "search space from a plugin: parameter 'kind' has no choices");
  }
  {
    PluginSpace plugin;
    plugin.params[2].type = 99;
    EXPECT_EQ(error_of(plugin), "search space from a plugin: parameter 'x' has unknown type 99");
  }
  {
    PluginSpace plugin;
    plugin.params[1].struct_size = offsetof(ams_param, n_choices);
    EXPECT_EQ(error_of(plugin), "search space from a plugin: parameter 1: struct_size " +
                                    std::to_string(offsetof(ams_param, n_choices)) +
                                    " is smaller than ABI 1.0's ams_param");
  }
  {
    PluginSpace plugin;
    plugin.pointers[1] = nullptr;
    EXPECT_EQ(error_of(plugin), "search space from a plugin: parameter 1 is NULL");
  }
}

}  // namespace
