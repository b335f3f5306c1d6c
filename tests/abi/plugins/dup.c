/* Built twice (abi_dup_a, abi_dup_b): two different libraries that both define the metric
 * "abi_dup_metric". */
#include <ams/ams.h>

static int token;
static void* create(ams_context* ctx) {
  (void)ctx;
  return &token;
}
static void destroy(void* self) { (void)self; }
static ams_status score(void* self, const ams_metric_input* in, double* out) {
  (void)self;
  *out = (double)in->n;
  return AMS_OK;
}
static const ams_metric_vtable vtable = {sizeof(ams_metric_vtable), AMS_MAXIMIZE,
                                         AMS_METRIC_CLASSIFICATION, score};
static const ams_component component = {sizeof(ams_component), AMS_KIND_METRIC, "abi_dup_metric",
                                        "1.0.0", "Test: duplicated name", create, destroy,
                                        &vtable, NULL};
static const ams_component* const components[] = {&component};

AMS_PLUGIN_ENTRY {
  static const ams_plugin_entry entry = {sizeof(ams_plugin_entry), AMS_ABI_MAJOR, AMS_ABI_MINOR,
                                         "org.amsearch.test.dup", "1.0.0", "amsearch tests",
                                         NULL, NULL, 1, components};
  return &entry;
}
