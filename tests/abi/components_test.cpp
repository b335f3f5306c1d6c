// Libraries the registry must refuse, each with a message that names the file and says what
// is wrong and what to do.
#include <fstream>

#include "test_support.hpp"

using namespace abi_test;
using amcore::Registry;

namespace {

// Loads one broken test plugin into a fresh registry and returns the refusal.
std::string refusal(const std::string& name) {
  Registry registry;
  std::string message = plugin_error([&] { registry.load_library(plugin(name)); });
  EXPECT_TRUE(registry.libraries().empty());
  EXPECT_TRUE(registry.components().empty());
  EXPECT_TRUE(Contains(message, plugin(name) + ": ")) << "the message must name the file";
  return message;
}

}  // namespace

TEST(Refusal, AbiMajor2InTheEntryNamesBothVersions) {
  std::string m = refusal("abi_broken_abi2");
  EXPECT_TRUE(Contains(m, "built for ABI 2.x, this amhost supports ABI 1.x (1.1)"));
  EXPECT_TRUE(Contains(m, "rebuild the plugin against amsdk 1.x"));
}

TEST(Refusal, EntrySymbolOfAnotherMajorNamesBothVersions) {
  std::string m = refusal("abi_broken_v2_symbol");
  EXPECT_TRUE(Contains(m, "built for ABI 2.x (it exports ams_plugin_entry_v2)"));
  EXPECT_TRUE(Contains(m, "this amhost supports ABI 1.x (1.1)"));
}

TEST(Refusal, EntryReturningNull) {
  EXPECT_TRUE(Contains(refusal("abi_broken_null_entry"), "ams_plugin_entry_v1() returned NULL"));
}

TEST(Refusal, LibraryWithoutEntrySymbol) {
  EXPECT_TRUE(Contains(refusal("abi_broken_no_entry"),
                       "does not export ams_plugin_entry_v1; is it an amsearch plugin built "
                       "against the SDK?"));
}

TEST(Refusal, TextFileNamedLikeALibrary) {
  TempDir dir;
  { std::ofstream(dir / "x.so") << "this is a text file, not a library\n"; }
  Registry registry;
  std::string m = plugin_error([&] { registry.load_library(dir / "x.so"); });
  EXPECT_TRUE(Contains(m, dir / "x.so" + ": not a loadable shared library ("));
  EXPECT_EQ(m.find("boost"), std::string::npos) << m;
  EXPECT_EQ(m.find("Bad file descriptor"), std::string::npos) << m;
  // The same refusal stops a folder scan, naming the offending file.
  std::string m2 = plugin_error([&] { registry.load_path({dir.path().string()}); });
  EXPECT_TRUE(Contains(m2, "x.so: not a loadable shared library"));
}

TEST(Refusal, MissingFile) {
  Registry registry;
  std::string m = plugin_error([&] { registry.load_library("/nonexistent/plugin.so"); });
  EXPECT_TRUE(Contains(m, "/nonexistent/plugin.so: no such plugin library"));
}

TEST(Refusal, EntryWithStructSizeZero) {
  EXPECT_TRUE(Contains(refusal("abi_broken_entry_size0"),
                       "its ams_plugin_entry has struct_size 0; the plugin must set "
                       "struct_size = sizeof(ams_plugin_entry)"));
}

TEST(Refusal, ComponentWithNullCreate) {
  EXPECT_TRUE(Contains(refusal("abi_broken_null_create"),
                       "component #0 ('abi_broken', strategy) has a NULL create function"));
}

TEST(Refusal, StrategyWithoutTell) {
  EXPECT_TRUE(Contains(refusal("abi_broken_missing_tell"),
                       "component #0 ('abi_broken', strategy): its ams_strategy_vtable lacks the "
                       "required function tell"));
}

TEST(Refusal, VtableTooSmallForItsRequiredFunctions) {
  std::string m = refusal("abi_broken_small_vtable");
  EXPECT_TRUE(Contains(m, "its ams_strategy_vtable has struct_size 8, too small"));
  EXPECT_TRUE(Contains(m, "set struct_size = sizeof(ams_strategy_vtable)"));
}

TEST(Refusal, UnknownKindFromTheSameMinor) {
  EXPECT_TRUE(Contains(refusal("abi_broken_unknown_kind"),
                       "component #0 ('abi_broken') has unknown kind 42"));
}

TEST(Refusal, SameNameTwiceInOneLibrary) {
  EXPECT_TRUE(Contains(refusal("abi_broken_twice"),
                       "components #0 and #1 are both the strategy 'abi_broken'"));
}

TEST(Refusal, InitReturningAnError) {
  Registry registry;
  testing::internal::CaptureStderr();
  std::string m = plugin_error([&] { registry.load_library(plugin("abi_broken_init_fails")); });
  std::string log = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(Contains(m, plugin("abi_broken_init_fails") +
                              ": the plugin refused to load: its init returned -3 "
                              "(AMS_ERR_UNSUPPORTED)"));
  EXPECT_TRUE(Contains(log, "lacks the frobnicator")) << "the plugin's own log line explains why";
  EXPECT_TRUE(registry.components().empty());
}

TEST(Refusal, SameNameInTwoLibrariesNamesBothFiles) {
  Registry registry;
  registry.load_library(plugin("abi_dup_a"));
  std::string m = plugin_error([&] { registry.load_library(plugin("abi_dup_b")); });
  EXPECT_TRUE(Contains(m, "the metric 'abi_dup_metric' is defined twice: by " +
                              plugin("abi_dup_a") + " and by " + plugin("abi_dup_b")));
  EXPECT_TRUE(Contains(m, "remove one of the two libraries from the plugin path"));
  // The first definition stays; the refused library registered nothing.
  ASSERT_EQ(registry.libraries().size(), 1u);
  EXPECT_EQ(registry.get(AMS_KIND_METRIC, "abi_dup_metric").library->path, plugin("abi_dup_a"));
}

TEST(Refusal, RefusedLibraryLeavesTheRegistryUsable) {
  Registry registry;
  registry.load_library(plugin("abi_c_plugin"));
  plugin_error([&] { registry.load_library(plugin("abi_broken_null_create")); });
  plugin_error([&] { registry.load_library(plugin("abi_broken_twice")); });
  EXPECT_EQ(registry.libraries().size(), 1u);
  EXPECT_EQ(registry.components().size(), 2u);
  EXPECT_EQ(registry.find(AMS_KIND_STRATEGY, "abi_broken"), nullptr);
}
