/* A plugin from a "newer minor" of ABI 1: every struct it hands over is larger than the host's,
 * with fields this host has never heard of at the end, and it has one component of a kind a
 * later minor added. The host must read the prefix it knows, ignore the tail, and skip the
 * unknown kind. */
#include "mean_model.h"

/* What ABI 1.(minor+1) might have grown: the host's struct first, new fields after. */
typedef struct future_model_vtable {
  ams_model_vtable v1_0;
  ams_status (*partial_fit)(void* self, const ams_dataset* batch);
  uint64_t future_flags;
} future_model_vtable;

typedef struct future_component {
  ams_component v1_0;
  const char* homepage;
  uint32_t future_flags;
} future_component;

typedef struct future_entry {
  ams_plugin_entry v1_0;
  const char* license;
  const void* future_table;
} future_entry;

static ams_status never_called(void* self, const ams_dataset* batch) {
  (void)self;
  (void)batch;
  abort();
}

static const future_model_vtable model_vtable = {
    {sizeof(future_model_vtable), AMS_MODEL_REGRESSION | AMS_MODEL_WEIGHTS, mean_fit,
     mean_predict, NULL, NULL, NULL, AMS_MINIMIZE},
    never_called,
    ~(uint64_t)0};

static const future_component model_component = {
    {sizeof(future_component), AMS_KIND_MODEL, "abi_future_mean", "1.1.0",
     "Test: mean predictor from a newer ABI minor", mean_create, mean_destroy, &model_vtable,
     NULL},
    "https://example.org",
    7u};

/* A kind this host does not know (a later minor's "pruner", say). */
static const future_component pruner_component = {
    {sizeof(future_component), 42, "abi_future_pruner", "1.1.0", "Test: a kind from the future",
     mean_create, mean_destroy, &model_vtable, NULL},
    NULL,
    0u};

static const ams_component* const components[] = {&pruner_component.v1_0, &model_component.v1_0};

AMS_PLUGIN_ENTRY {
  static const future_entry entry = {
      {sizeof(future_entry), AMS_ABI_MAJOR, AMS_ABI_MINOR + 1, "org.amsearch.test.future",
       "1.1.0", "amsearch tests", NULL, NULL, 2, components},
      "MIT",
      NULL};
  return &entry.v1_0;
}
