// The descriptor checks on plain in-memory structs: the growth rule and every refusal that
// needs no real library to provoke.
#include "registry/descriptors.hpp"
#include "test_support.hpp"

using namespace abi_test;
namespace d = amcore::descriptors;

namespace {

int token;
void* create(ams_context*) { return &token; }
void destroy(void*) {}
ams_status score(void*, const ams_metric_input*, double* out) {
  *out = 0;
  return AMS_OK;
}
ams_status load(void*, ams_dataset*) { return AMS_OK; }

// One library's worth of descriptors, valid until a test breaks one field.
struct Plugin {
  ams_metric_vtable metric{sizeof(ams_metric_vtable), AMS_MAXIMIZE, 0, score};
  ams_loader_vtable loader{sizeof(ams_loader_vtable), load};
  ams_objective_vtable objective{sizeof(ams_objective_vtable), AMS_MINIMIZE, nullptr, nullptr,
                                 nullptr};
  ams_component a{sizeof(ams_component), AMS_KIND_METRIC, "m", "1", "s", create, destroy,
                  &metric, nullptr};
  ams_component b{sizeof(ams_component), AMS_KIND_LOADER, "l", "1", "s", create, destroy,
                  &loader, nullptr};
  const ams_component* list[2] = {&a, &b};
  ams_plugin_entry entry{sizeof(ams_plugin_entry), AMS_ABI_MAJOR, AMS_ABI_MINOR, "id", "1", "v",
                         nullptr, nullptr, 2, list};

  std::string refusal() {
    return plugin_error([&] { d::read_components(d::read_entry(&entry, "p.so"), "p.so"); });
  }
};

}  // namespace

TEST(Descriptors, CopySizedZeroFillsWhatAnOlderWriterLacked) {
  struct Older {
    uint32_t struct_size;
    int32_t a;
  } older{sizeof(Older), 7};
  struct Current {
    uint32_t struct_size;
    int32_t a;
    int32_t b;
    void* c;
  };
  Current c = d::copy_sized<Current>(&older);
  EXPECT_EQ(c.struct_size, sizeof(Older));
  EXPECT_EQ(c.a, 7);
  EXPECT_EQ(c.b, 0);
  EXPECT_EQ(c.c, nullptr);
}

TEST(Descriptors, CopySizedIgnoresANewerWritersTail) {
  struct Newer {
    uint32_t struct_size;
    int32_t a;
    int64_t tail;
  } newer{sizeof(Newer), 5, -1};
  struct Current {
    uint32_t struct_size;
    int32_t a;
  };
  Current c = d::copy_sized<Current>(&newer);
  EXPECT_EQ(c.a, 5);
  EXPECT_EQ(c.struct_size, sizeof(Newer));
}

TEST(Descriptors, AValidPluginPasses) {
  Plugin p;
  auto components = d::read_components(d::read_entry(&p.entry, "p.so"), "p.so");
  ASSERT_EQ(components.size(), 2u);
  EXPECT_EQ(components[0].name, "m");
  EXPECT_EQ(components[0].metric.score, &score);
  EXPECT_EQ(components[1].loader.load, &load);
}

TEST(Descriptors, EntryTooSmallToHoldItsVersion) {
  Plugin p;
  p.entry.struct_size = 4;
  EXPECT_TRUE(Contains(p.refusal(), "p.so: its ams_plugin_entry has struct_size 4, too small"));
}

TEST(Descriptors, EntryTooSmallForTheComponentList) {
  Plugin p;
  p.entry.struct_size = offsetof(ams_plugin_entry, n_components);
  EXPECT_TRUE(Contains(p.refusal(), "smaller than any ABI 1.x entry"));
}

TEST(Descriptors, NoComponents) {
  Plugin p;
  p.entry.n_components = 0;
  EXPECT_TRUE(Contains(p.refusal(), "p.so: the plugin declares no components"));
}

TEST(Descriptors, NullComponentArray) {
  Plugin p;
  p.entry.components = nullptr;
  EXPECT_TRUE(Contains(p.refusal(), "declares 2 components but its components array is NULL"));
}

TEST(Descriptors, NullComponentPointer) {
  Plugin p;
  p.list[1] = nullptr;
  EXPECT_TRUE(Contains(p.refusal(), "p.so: component #1 is NULL"));
}

TEST(Descriptors, ComponentTooSmall) {
  Plugin p;
  p.b.struct_size = offsetof(ams_component, vtable);
  EXPECT_TRUE(Contains(p.refusal(), "component #1 has struct_size"));
}

TEST(Descriptors, NullAndInvalidNames) {
  Plugin p;
  p.a.name = nullptr;
  EXPECT_TRUE(Contains(p.refusal(), "component #0 ((no name)) has a NULL name"));
  p.a.name = "two words";
  EXPECT_TRUE(Contains(p.refusal(), "component #0 ('two words') has an invalid name"));
  p.a.name = "";
  EXPECT_TRUE(Contains(p.refusal(), "has an invalid name"));
}

TEST(Descriptors, NullDestroyAndNullVtable) {
  Plugin p;
  p.b.destroy = nullptr;
  EXPECT_TRUE(Contains(p.refusal(), "component #1 ('l', loader) has a NULL destroy function"));
  p.b.destroy = destroy;
  p.b.vtable = nullptr;
  EXPECT_TRUE(Contains(p.refusal(), "component #1 ('l', loader) has a NULL vtable"));
}

TEST(Descriptors, MetricWithoutADirection) {
  Plugin p;
  p.metric.direction = 0;
  EXPECT_TRUE(Contains(p.refusal(), "its ams_metric_vtable has direction 0"));
}

TEST(Descriptors, ObjectiveWithoutEvaluate) {
  Plugin p;
  p.b.kind = AMS_KIND_OBJECTIVE;
  p.b.vtable = &p.objective;
  EXPECT_TRUE(Contains(p.refusal(), "its ams_objective_vtable lacks the required function evaluate"));
}

TEST(Descriptors, ModelWithoutFitAndPredictNamesBoth) {
  Plugin p;
  ams_model_vtable model{sizeof(ams_model_vtable), 0, nullptr, nullptr, nullptr, nullptr, nullptr, 0};
  p.b.kind = AMS_KIND_MODEL;
  p.b.vtable = &model;
  EXPECT_TRUE(Contains(p.refusal(), "lacks the required functions fit, predict"));
}

TEST(Descriptors, UnknownKindIsSkippedOnlyFromANewerMinor) {
  Plugin p;
  p.b.kind = 9;
  EXPECT_TRUE(Contains(p.refusal(), "has unknown kind 9"));
  p.entry.abi_minor = AMS_ABI_MINOR + 1;
  auto components = d::read_components(d::read_entry(&p.entry, "p.so"), "p.so");
  ASSERT_EQ(components.size(), 1u);
  EXPECT_EQ(components[0].name, "m");
}

TEST(Descriptors, SameNameDifferentKindsIsFine) {
  Plugin p;
  p.b.name = "m";
  EXPECT_EQ(d::read_components(d::read_entry(&p.entry, "p.so"), "p.so").size(), 2u);
}

TEST(Descriptors, ComponentNames) {
  EXPECT_TRUE(d::valid_component_name("random_forest"));
  EXPECT_TRUE(d::valid_component_name("vendor.model-2"));
  EXPECT_FALSE(d::valid_component_name("a/b"));
  EXPECT_FALSE(d::valid_component_name(nullptr));
}
