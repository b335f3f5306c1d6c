/* One well-formed strategy plugin, built once per defect: each build (see CMakeLists.txt)
 * defines one DEFECT_* macro that breaks exactly one thing the host must refuse. */
#include <ams/ams.h>

#include <stdlib.h>

/* Each defect leaves some of the well-formed parts unused. */
#define MAYBE_UNUSED __attribute__((unused))

static int token;
MAYBE_UNUSED static void* create(ams_context* ctx) {
  (void)ctx;
  return &token;
}
static void destroy(void* self) { (void)self; }
static ams_status start(void* self, const ams_space* space) {
  (void)self;
  (void)space;
  return AMS_OK;
}
static ams_status ask(void* self, int64_t number, double* values, double* budget) {
  (void)self;
  (void)number;
  (void)values;
  (void)budget;
  return AMS_EXHAUSTED;
}
MAYBE_UNUSED static ams_status tell(void* self, const ams_trial_result* result) {
  (void)self;
  (void)result;
  return AMS_OK;
}

#if defined(DEFECT_SMALL_VTABLE)
#define VTABLE_SIZE 8u
#else
#define VTABLE_SIZE ((uint32_t)sizeof(ams_strategy_vtable))
#endif

#if defined(DEFECT_MISSING_TELL)
#define TELL NULL
#else
#define TELL tell
#endif

static const ams_strategy_vtable vtable = {VTABLE_SIZE, start, ask, TELL, NULL};

#if defined(DEFECT_NULL_CREATE)
#define CREATE NULL
#else
#define CREATE create
#endif

#if defined(DEFECT_UNKNOWN_KIND)
#define KIND 42
#else
#define KIND AMS_KIND_STRATEGY
#endif

static const ams_component component = {sizeof(ams_component), KIND, "abi_broken", "1.0.0",
                                        "Test: one defect per build", CREATE, destroy, &vtable,
                                        NULL};

#if defined(DEFECT_TWICE)
static const ams_component* const components[] = {&component, &component};
#else
static const ams_component* const components[] = {&component};
#endif

#if defined(DEFECT_INIT_FAILS)
static ams_status init(const ams_host_api* host, const char* path) {
  (void)path;
  host->log(NULL, AMS_LOG_ERROR, "abi_broken: this machine lacks the frobnicator");
  return AMS_ERR_UNSUPPORTED;
}
#define INIT init
#else
#define INIT NULL
#endif

#if defined(DEFECT_ABI2)
#define MAJOR 2u
#else
#define MAJOR AMS_ABI_MAJOR
#endif

#if defined(DEFECT_ENTRY_SIZE0)
#define ENTRY_SIZE 0u
#else
#define ENTRY_SIZE ((uint32_t)sizeof(ams_plugin_entry))
#endif

MAYBE_UNUSED static const ams_plugin_entry entry = {ENTRY_SIZE, MAJOR, AMS_ABI_MINOR, "org.amsearch.test.broken",
                                       "1.0.0", "amsearch tests", INIT, NULL,
                                       (uint32_t)(sizeof components / sizeof components[0]),
                                       components};

#if defined(DEFECT_NO_ENTRY)
/* An ordinary shared library: exports something, but not the entry. */
AMS_EXPORT const ams_plugin_entry* not_the_entry(void) { return &entry; }
#elif defined(DEFECT_V2_SYMBOL)
/* What a plugin of a future, incompatible ABI 2 exports instead. */
AMS_EXPORT const void* ams_plugin_entry_v2(void) { return &entry; }
#elif defined(DEFECT_NULL_ENTRY)
AMS_PLUGIN_ENTRY { return NULL; }
#else
AMS_PLUGIN_ENTRY { return &entry; }
#endif
