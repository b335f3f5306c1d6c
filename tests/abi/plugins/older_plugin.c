/* A plugin from an "older minor" of ABI 1, from before models could be saved: its model
 * vtable ends before save/load and its component before get_extension. The memory after the
 * declared size holds functions that must never be called, so a host that reads past
 * struct_size crashes the test instead of passing it. */
#include "mean_model.h"

static ams_status trap_stream(void* self, const ams_stream* stream) {
  (void)self;
  (void)stream;
  abort();
}

static const void* trap_extension(const char* id) {
  (void)id;
  abort();
}

static const ams_model_vtable model_vtable = {
    (uint32_t)offsetof(ams_model_vtable, save), /* the older, shorter struct */
    AMS_MODEL_REGRESSION, mean_fit, mean_predict, NULL, trap_stream, trap_stream,
    AMS_MAXIMIZE /* past struct_size too: must read as 0 */};

/* A model of ABI 1.0 exactly: its vtable ends before report_direction (added in 1.1). The bytes
 * after struct_size say AMS_MAXIMIZE; a host that read them would prune on the reports of a
 * model that never declared what they mean. */
static const ams_model_vtable v10_vtable = {
    (uint32_t)offsetof(ams_model_vtable, report_direction), AMS_MODEL_REGRESSION, mean_fit,
    mean_predict, NULL, NULL, NULL, AMS_MAXIMIZE};

static const ams_component model_component = {(uint32_t)offsetof(ams_component, get_extension),
                                              AMS_KIND_MODEL,
                                              "abi_older_mean",
                                              "0.9.0",
                                              "Test: mean predictor from an older ABI minor",
                                              mean_create,
                                              mean_destroy,
                                              &model_vtable,
                                              trap_extension};

static const ams_component v10_component = {sizeof(ams_component), AMS_KIND_MODEL,
                                            "abi_v10_mean", "1.0.0",
                                            "Test: mean predictor from ABI 1.0", mean_create,
                                            mean_destroy, &v10_vtable, NULL};

static const ams_component* const components[] = {&model_component, &v10_component};

AMS_PLUGIN_ENTRY {
  static const ams_plugin_entry entry = {sizeof(ams_plugin_entry), AMS_ABI_MAJOR, 0,
                                         "org.amsearch.test.older", "0.9.0", "amsearch tests",
                                         NULL, NULL, 2, components};
  return &entry;
}
