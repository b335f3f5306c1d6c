/*
 * ams.h — the amsearch plugin ABI, version 1.
 *
 * This header is the whole contract between amhost and a plugin library. It is plain C99 and
 * C++ includes it unchanged. A plugin links nothing of the host: everything it may ask of the
 * host goes through the ams_host_api table handed to ams_plugin_entry::init.
 *
 * Naming: every public name starts with ams_ (types, functions) or AMS_ (constants, macros).
 *
 * Rules that hold for every declaration below
 * -------------------------------------------
 * Growth.   Every struct that may grow starts with `uint32_t struct_size`, set by whoever fills
 *           the struct to sizeof(that struct) as it was compiled. A reader copies
 *           min(struct_size, sizeof) bytes into a zeroed struct, so fields a writer did not know
 *           read as 0/NULL and fields a reader does not know are ignored. Fields are only ever
 *           added at the end, and a field added in a minor version may always be 0/NULL.
 *           Larger additions are extensions, queried by id with get_extension().
 * Statuses. Every function that can fail returns an ams_status: AMS_OK (0), a positive signal
 *           (AMS_EXHAUSTED, AMS_NOT_READY, AMS_STOP, AMS_ABSENT), or a negative error. Details
 *           of an error go through host->set_error(ctx, message) before returning. No C++
 *           exception may cross this boundary.
 * Ownership. Whoever allocates frees. Objects made by a component's create() are freed by its
 *           destroy(). Pointers passed into a call (views, strings, structs) are borrowed for the
 *           duration of that call only, unless the function says otherwise. Strings a plugin
 *           returns live as long as the object that returned them. Descriptors (the entry, its
 *           components and vtables) live until deinit().
 * Threads.  Each function names who may call it and from which thread. "Any thread" means the
 *           host may call it concurrently on different objects, never on the same object.
 * Data.     Arrays cross as views with the memory layout of DLPack's DLTensor (declared here,
 *           no dlpack.h needed). ABI v1 hosts pass float64, row-major, on the CPU; a plugin
 *           checks dtype, device and ndim on entry and fails with AMS_ERR_UNSUPPORTED otherwise.
 */
#ifndef AMS_AMS_H
#define AMS_AMS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ----------------------------------------------------------------------------------------- */
/* Versions                                                                                  */
/* ----------------------------------------------------------------------------------------- */

/* The ABI this header describes. A host loads a plugin whose major equals one it supports,
 * whatever its minor. The major is part of the entry symbol's name. */
#define AMS_ABI_MAJOR 1
#define AMS_ABI_MINOR 1

/* ----------------------------------------------------------------------------------------- */
/* Export and entry symbol                                                                   */
/* ----------------------------------------------------------------------------------------- */

#if defined(_WIN32)
#define AMS_EXPORT __declspec(dllexport)
#else
#define AMS_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
#define AMS_EXTERN_C extern "C"
#else
#define AMS_EXTERN_C
#endif

/* The one symbol a plugin library exports. Its name carries the ABI major so a future,
 * incompatible ABI (ams_plugin_entry_v2) can live beside it. */
#define AMS_ENTRY_SYMBOL "ams_plugin_entry_v1"

/* ----------------------------------------------------------------------------------------- */
/* Statuses                                                                                  */
/* ----------------------------------------------------------------------------------------- */

typedef int32_t ams_status;

#define AMS_OK 0
/* Positive: signals, not errors. */
#define AMS_EXHAUSTED 1 /* strategy: nothing left to propose, ever */
#define AMS_NOT_READY 2 /* strategy: nothing to propose until a pending trial is told */
#define AMS_STOP 3      /* report/on_report: the trial should stop now (pruned) */
#define AMS_ABSENT 4    /* option getters: no value at that path */
/* Negative: errors. The message went through host->set_error. */
#define AMS_ERROR -1            /* generic failure */
#define AMS_ERR_INVALID -2      /* a bad argument or option value */
#define AMS_ERR_UNSUPPORTED -3  /* valid, but this component cannot do it (dtype, task, ...) */
#define AMS_ERR_CANCELLED -4    /* the host asked to stop (is_cancelled) and the call gave up */
#define AMS_ERR_NO_MEMORY -5    /* an allocation failed */
#define AMS_ERR_TYPE -6         /* option getters: a value exists but has another type */
#define AMS_ERR_IO -7           /* reading or writing a file or stream failed */
#define AMS_ERR_FORMAT -8       /* input data or a saved model is malformed */

/* ----------------------------------------------------------------------------------------- */
/* Tensors: DLPack's DLTensor layout                                                         */
/* ----------------------------------------------------------------------------------------- */

/* Same values as DLPack's DLDeviceType and DLDataTypeCode. */
#define AMS_DEVICE_CPU 1
#define AMS_DTYPE_INT 0
#define AMS_DTYPE_UINT 1
#define AMS_DTYPE_FLOAT 2

typedef struct ams_device {
  int32_t device_type; /* AMS_DEVICE_CPU in v1 */
  int32_t device_id;   /* 0 on the CPU */
} ams_device;

typedef struct ams_dtype {
  uint8_t code;   /* AMS_DTYPE_FLOAT in v1 */
  uint8_t bits;   /* 64 in v1 */
  uint16_t lanes; /* 1 */
} ams_dtype;

/* Bit-compatible with DLPack's DLTensor. Never carries struct_size: its layout is DLPack's and
 * frozen. Strides are in elements; NULL strides mean compact row-major. */
typedef struct ams_tensor {
  void* data;
  ams_device device;
  int32_t ndim;
  ams_dtype dtype;
  int64_t* shape;
  int64_t* strides;
  uint64_t byte_offset;
} ams_tensor;

/* ----------------------------------------------------------------------------------------- */
/* Data sets                                                                                 */
/* ----------------------------------------------------------------------------------------- */

#define AMS_TASK_CLASSIFICATION 1
#define AMS_TASK_REGRESSION 2

/* A read-only view of a data set, or of some of its rows.
 *
 * X is n_total x n_features, y is n_total (for classification: the class index 0..n_classes-1
 * stored as a double). When row_index is not NULL, the view holds only the rows listed there
 * (n_rows entries, indices into X's rows, may repeat): this is how cross-validation folds are
 * passed without copying. When row_index is NULL, n_rows equals X's row count.
 *
 * Ownership: borrowed for the call it is passed to. A loader's own data set (ams_loader_vtable)
 * lives until the loader object is destroyed. */
typedef struct ams_dataset {
  uint32_t struct_size;
  ams_tensor X;                   /* 2-D, float64: n_total x n_features */
  ams_tensor y;                   /* 1-D, float64: n_total; data may be NULL at predict time */
  const double* sample_weight;    /* n_total entries, or NULL for equal weights */
  const int64_t* row_index;       /* rows of this view, or NULL for all of X */
  int64_t n_rows;                 /* rows in this view */
  int32_t task;                   /* AMS_TASK_* */
  int32_t n_classes;              /* classification: number of classes; regression: 0 */
  const char* const* class_names; /* n_classes names, or NULL */
  const char* const* feature_names; /* n_features names, or NULL */
  const char* target_name;          /* name of the target column, or NULL */
} ams_dataset;

/* ----------------------------------------------------------------------------------------- */
/* Search spaces and trials                                                                  */
/* ----------------------------------------------------------------------------------------- */

#define AMS_PARAM_FLOAT 1
#define AMS_PARAM_INT 2
#define AMS_PARAM_CATEGORICAL 3
#define AMS_PARAM_BOOL 4

/* One dimension of a search space. A trial gives each parameter one double:
 *  FLOAT: a value in [low, high] (a multiple of step above low when step > 0);
 *  INT: an integer in [low, high] (a multiple of step above low when step > 0);
 *  CATEGORICAL: a choice index 0..n_choices-1; BOOL: 0 or 1;
 *  inactive conditional parameter: NaN.
 * A parameter with parent >= 0 is active exactly when its parent is active and the parent's
 * value is one of parent_values (choice indices for a categorical parent, 0/1 for a bool,
 * the value itself for a numeric parent). Parents always come before their children. */
typedef struct ams_param {
  uint32_t struct_size;
  const char* name;   /* unique in the space, e.g. "random_forest.max_depth" */
  int32_t type;       /* AMS_PARAM_* */
  int32_t log;        /* nonzero: sample on a log scale (FLOAT/INT with low > 0) */
  double low;         /* FLOAT/INT: lower bound; CATEGORICAL: 0; BOOL: 0 */
  double high;        /* FLOAT/INT: upper bound; CATEGORICAL: n_choices-1; BOOL: 1 */
  double step;        /* FLOAT/INT: 0 for none; INT default 1 */
  int32_t n_choices;  /* CATEGORICAL only */
  const char* const* choices;   /* CATEGORICAL: labels, for display */
  int32_t parent;               /* index of the parent parameter, or -1 */
  int32_t n_parent_values;
  const double* parent_values;  /* values of the parent under which this one is active */
} ams_param;

typedef struct ams_space {
  uint32_t struct_size;
  int32_t n_params;
  const ams_param* const* params; /* n_params pointers, parents before children */
} ams_space;

/* What the host proposes to evaluate. */
typedef struct ams_trial {
  uint32_t struct_size;
  int64_t number;        /* 0, 1, 2, ... in the order trials were asked; told trials of
                          * earlier studies ([study] warm_start) have -1, -2, ... */
  int32_t n_params;
  const double* values;  /* n_params values aligned with the space; NaN = inactive */
  double budget;         /* fidelity in (0, 1]; 1 = full evaluation */
} ams_trial;

#define AMS_TRIAL_COMPLETE 1
#define AMS_TRIAL_PRUNED 2
#define AMS_TRIAL_FAILED 3

/* A finished trial, as told to a strategy. The value is always to be MINIMIZED: the host
 * negates the values of metrics that are maximized, so a strategy never needs a direction. */
typedef struct ams_trial_result {
  uint32_t struct_size;
  ams_trial trial;
  int32_t state;          /* AMS_TRIAL_* */
  double value;           /* COMPLETE: the loss; PRUNED: the last reported loss, or NaN */
  int64_t last_step;      /* PRUNED: the step it stopped at; otherwise -1 */
  int32_t n_intermediate; /* intermediate values reported, oriented like value: fold steps,
                           * and a model's epoch steps (see AMS_EPOCH_STEP_BASE) */
  const double* intermediate_values;
  const int64_t* intermediate_steps;
} ams_trial_result;

/* ----------------------------------------------------------------------------------------- */
/* The host API                                                                              */
/* ----------------------------------------------------------------------------------------- */

/* Opaque, owned by the host. A context carries one component object's options (a table from
 * the pipeline file), its seed, its error slot, and for a trial its budget, reports and
 * cancellation flag. The host passes it to create() and it lives as long as that object. */
typedef struct ams_context ams_context;

#define AMS_LOG_DEBUG 0
#define AMS_LOG_INFO 1
#define AMS_LOG_WARNING 2
#define AMS_LOG_ERROR 3

/* Functions the host offers to plugins. Handed to ams_plugin_entry::init; valid until deinit.
 * Unless noted, every function may be called from any thread, with the context of an object
 * the calling thread currently works on.
 *
 * Option paths: "name", "table.name", "list[2]", "layers[2].units". A getter returns AMS_OK
 * and writes *out, AMS_ABSENT when nothing is at the path (leaving *out untouched, so a caller
 * can preset a default), or AMS_ERR_TYPE when a value of another type is there. Integers are
 * accepted where a double is asked; a double with an integral value where an integer is. */
typedef struct ams_host_api {
  uint32_t struct_size;
  uint32_t abi_major; /* of the host */
  uint32_t abi_minor;

  ams_status (*get_int)(const ams_context* ctx, const char* path, int64_t* out);
  ams_status (*get_double)(const ams_context* ctx, const char* path, double* out);
  ams_status (*get_bool)(const ams_context* ctx, const char* path, int32_t* out);
  /* The string lives as long as ctx. */
  ams_status (*get_string)(const ams_context* ctx, const char* path, const char** out);
  /* Number of elements of an array at path. */
  ams_status (*get_array_size)(const ams_context* ctx, const char* path, int64_t* out);
  /* A string option naming a file, resolved against the pipeline file's folder. The string
   * lives as long as ctx. */
  ams_status (*get_path)(const ams_context* ctx, const char* path, const char** out);

  /* Reports a bad option value. The host prints it with the option's location in the
   * pipeline file (file:line:column) and fails the run as bad input. Returns AMS_ERR_INVALID
   * so a plugin can write `return host->option_error(ctx, "alpha", "must be > 0");`. */
  ams_status (*option_error)(ams_context* ctx, const char* path, const char* message);
  /* Sets the message of the error the current call is about to return. Copied. */
  void (*set_error)(ams_context* ctx, const char* message);
  void (*log)(const ams_context* ctx, int32_t level, const char* message);

  /* A trial reports an intermediate value at a step. Returns AMS_STOP when the trial should
   * be pruned: the plugin should then return AMS_STOP from fit/evaluate as soon as it can.
   * Otherwise AMS_OK.
   *  - An objective reports its own steps (e.g. epochs), values oriented like its direction.
   *  - A model reports from fit, once per epoch / boosting round, its step counted by itself
   *    (in [0, AMS_EPOCH_STEP_BASE)) and a value in the orientation its vtable declares in
   *    report_direction (since 1.1; a model that declares none is not pruned on its reports,
   *    as the host cannot tell better from worse). The host cannot stop a model that never
   *    reports, except between folds. */
  ams_status (*report)(ams_context* ctx, int64_t step, double value);
  /* Nonzero when the host wants the current work abandoned (time limit, Ctrl-C). */
  int32_t (*is_cancelled)(const ams_context* ctx);
  /* The seed this object should use; different objects get different, reproducible seeds. */
  uint64_t (*seed)(const ams_context* ctx);
  /* The fidelity of the current trial in (0, 1]; 1 when the trial has no budget. */
  double (*budget)(const ams_context* ctx);
} ams_host_api;

/* ----------------------------------------------------------------------------------------- */
/* Components                                                                                */
/* ----------------------------------------------------------------------------------------- */

#define AMS_KIND_STRATEGY 1
#define AMS_KIND_MODEL 2
#define AMS_KIND_METRIC 3
#define AMS_KIND_LOADER 4
#define AMS_KIND_OBJECTIVE 5

/* Strategy: proposes trials (ask) and learns from their results (tell).
 * Thread rules: the host calls a strategy object from one thread at a time. Several trials
 * may be in flight at once: the host may ask again before telling earlier trials. */
typedef struct ams_strategy_vtable {
  uint32_t struct_size;
  /* Required, called once right after create. The space lives as long as the object. */
  ams_status (*start)(void* self, const ams_space* space);
  /* Required. Writes space->n_params values (NaN for inactive parameters) and the budget
   * (leave *budget at 1 for a full evaluation). Returns AMS_OK, AMS_NOT_READY (ask again after
   * the next tell) or AMS_EXHAUSTED (no more trials, ever). */
  ams_status (*ask)(void* self, int64_t number, double* values, double* budget);
  /* Required. Told once per finished trial, including trials this object never asked
   * (resume, warm start): a strategy must accept those. Warm-start trials come before the
   * first ask and have negative numbers, so they never share one with this study's trials. */
  ams_status (*tell)(void* self, const ams_trial_result* result);
  /* Optional (NULL = never stops trials): an intermediate value of a running trial, oriented
   * like the told values (to minimize). Returns AMS_STOP to prune it, else AMS_OK. */
  ams_status (*on_report)(void* self, int64_t number, int64_t step, double value);
} ams_strategy_vtable;

/* Model capability flags. */
#define AMS_MODEL_CLASSIFICATION (1u << 0)
#define AMS_MODEL_REGRESSION (1u << 1)
#define AMS_MODEL_PROBA (1u << 2)      /* predict_proba is implemented */
#define AMS_MODEL_WEIGHTS (1u << 3)    /* sample_weight is honoured */
#define AMS_MODEL_BUDGET (1u << 4)     /* the trial budget scales its work */
#define AMS_MODEL_SAVE (1u << 5)       /* save/load are implemented */

/* A byte stream for save/load. The host wraps what a model writes in its own versioned,
 * checksummed file format; a model writes only its own payload. */
typedef struct ams_stream {
  uint32_t struct_size;
  void* handle;
  /* Writes n bytes, AMS_OK or AMS_ERR_IO. */
  ams_status (*write)(void* handle, const void* data, size_t n);
  /* Reads exactly n bytes, AMS_OK, or AMS_ERR_IO when fewer are left. */
  ams_status (*read)(void* handle, void* data, size_t n);
} ams_stream;

/* Model: learns from a data set and predicts. The host creates one model object per trial
 * (its context holds the fixed options and the trial's parameters) and may run many objects
 * on different threads at once; each object is called from one thread at a time. */
typedef struct ams_model_vtable {
  uint32_t struct_size;
  uint32_t capabilities; /* AMS_MODEL_* */
  /* Required. Learns from train. valid, when not NULL, is a separate part the model may use
   * for early stopping. May call host->report per epoch (see report_direction); returns
   * AMS_STOP if told to stop. */
  ams_status (*fit)(void* self, const ams_dataset* train, const ams_dataset* valid);
  /* Required. Writes data->n_rows predictions into out (1-D float64, preallocated): for
   * classification the class index, for regression the value. */
  ams_status (*predict)(void* self, const ams_dataset* data, ams_tensor* out);
  /* Optional. Writes n_rows x n_classes class probabilities into out (2-D, preallocated). */
  ams_status (*predict_proba)(void* self, const ams_dataset* data, ams_tensor* out);
  /* Optional. Writes the fitted state / reads it back into a freshly created object. */
  ams_status (*save)(void* self, const ams_stream* stream);
  ams_status (*load)(void* self, const ams_stream* stream);
  /* Since 1.1. The orientation of the values fit reports through host->report: AMS_MAXIMIZE
   * (e.g. a validation accuracy) or AMS_MINIMIZE (e.g. a validation loss). 0 (what a 1.0
   * plugin reads as): undeclared, and the host does not prune on the model's reports. The
   * model does not know the study's metric; the host compares a trial's report at (fold,
   * epoch) only with other trials' reports at the same fold and epoch. */
  int32_t report_direction;
} ams_model_vtable;

/* Steps of a model's reports as the host records them (study.db, ams_trial_result): a report
 * of epoch e (the model's own step) during fold k of cross-validation has step
 * (k + 1) * AMS_EPOCH_STEP_BASE + e, so it never collides with the fold steps 0, 1, 2, ...
 * of the running means. Its value is oriented like the metric (negated in what a strategy is
 * told, as every value). A strategy's on_report hears only the fold steps. */
#define AMS_EPOCH_STEP_BASE 1000000000LL

#define AMS_MAXIMIZE 1
#define AMS_MINIMIZE 2

#define AMS_METRIC_CLASSIFICATION (1u << 0)
#define AMS_METRIC_REGRESSION (1u << 1)
#define AMS_METRIC_NEEDS_PROBA (1u << 2)

/* What a metric scores. y_pred holds class indices or values; proba, when the metric needs it,
 * holds n x n_classes probabilities. */
typedef struct ams_metric_input {
  uint32_t struct_size;
  int64_t n;
  const double* y_true;
  const double* y_pred;
  const double* proba;          /* row-major n x n_classes, or NULL */
  const double* sample_weight;  /* n, or NULL */
  int32_t n_classes;
} ams_metric_input;

/* Metric. Stateless: the host may call score on one object from several threads at once. */
typedef struct ams_metric_vtable {
  uint32_t struct_size;
  int32_t direction; /* AMS_MAXIMIZE or AMS_MINIMIZE */
  uint32_t flags;    /* AMS_METRIC_* */
  ams_status (*score)(void* self, const ams_metric_input* input, double* out);
} ams_metric_vtable;

/* Loader: reads a data set described by its options (the pipeline's [data] table).
 * Called from the main thread, once. */
typedef struct ams_loader_vtable {
  uint32_t struct_size;
  /* Fills *out (whose struct_size the host set). Everything out points to is owned by the
   * loader object and lives until it is destroyed. */
  ams_status (*load)(void* self, ams_dataset* out);
} ams_loader_vtable;

/* Objective: a black-box function of the parameters (benchmark function, simulator, external
 * program), used instead of data + model + metric. The host may call evaluate on one object
 * from several threads at once, each call with its own trial context. */
typedef struct ams_objective_vtable {
  uint32_t struct_size;
  int32_t direction; /* AMS_MAXIMIZE or AMS_MINIMIZE */
  /* Required. trial_ctx holds the trial's parameters as options by name and serves report,
   * is_cancelled, seed and budget for this trial. */
  ams_status (*evaluate)(void* self, ams_context* trial_ctx, const ams_trial* trial,
                         double* out_value);
  /* Optional. The space to search when the pipeline gives none. Lives as long as the object. */
  ams_status (*default_space)(void* self, const ams_space** out);
  /* Optional. The known best value, for regret; AMS_ABSENT when unknown. */
  ams_status (*optimum)(void* self, double* out);
} ams_objective_vtable;

/* Describes one component of a plugin library. */
typedef struct ams_component {
  uint32_t struct_size;
  int32_t kind;          /* AMS_KIND_* */
  const char* name;      /* unique among components of its kind, e.g. "random_forest" */
  const char* version;   /* of this component, e.g. "1.2.0" */
  const char* summary;   /* one line for `amhost plugins` */
  /* Required. Makes an object configured by ctx's options. On failure returns NULL after
   * host->set_error / host->option_error. Thread: any. */
  void* (*create)(ams_context* ctx);
  /* Required. Frees an object made by create. Thread: any, once per object. */
  void (*destroy)(void* self);
  /* Required. Points to the kind's vtable (ams_strategy_vtable, ams_model_vtable, ...). */
  const void* vtable;
  /* Optional. An extension by id ("ams.<name>/<rev>"), or NULL when unsupported. */
  const void* (*get_extension)(const char* id);
} ams_component;

/* The entry of a plugin library, returned by its ams_plugin_entry_v1(). */
typedef struct ams_plugin_entry {
  uint32_t struct_size;
  uint32_t abi_major; /* AMS_ABI_MAJOR the plugin was built against */
  uint32_t abi_minor;
  const char* id;      /* reverse-domain id, e.g. "org.amsearch.random_forest" */
  const char* version; /* of the library */
  const char* vendor;
  /* Optional. Called once, from the main thread, before any component is used. The host API
   * lives until deinit. plugin_path is the library's file. Nonzero = refuse to load. */
  ams_status (*init)(const ams_host_api* host, const char* plugin_path);
  /* Optional. Called once, from the main thread, after every object is destroyed. */
  void (*deinit)(void);
  uint32_t n_components;
  const ams_component* const* components; /* valid from after init until deinit */
} ams_plugin_entry;

typedef const ams_plugin_entry* (*ams_plugin_entry_fn)(void);

/* Declares the entry symbol; a plugin defines it:
 *   AMS_PLUGIN_ENTRY { static const ams_plugin_entry entry = {...}; return &entry; } */
#define AMS_PLUGIN_ENTRY \
  AMS_EXTERN_C AMS_EXPORT const ams_plugin_entry* ams_plugin_entry_v1(void)

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* AMS_AMS_H */
