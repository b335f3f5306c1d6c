// plugin.hpp — header-only C++ helpers for writing amsearch plugins.
//
// A plugin author writes a small class per component and one AMS_PLUGIN(...) line; this header
// turns the class into the C ABI of ams.h. Every C++ exception is caught at the boundary and
// turned into a status with its message (ams::Error carries a specific status).
//
//   struct MyModel : ams::Model {
//     static constexpr const char* name = "my_model";
//     static constexpr const char* version = "1.0.0";
//     static constexpr const char* summary = "What it does, in one line";
//     static constexpr uint32_t capabilities = AMS_MODEL_CLASSIFICATION | AMS_MODEL_SAVE;
//     explicit MyModel(ams::Context ctx) : ams::Model(ctx) { alpha_ = ctx.get_double("alpha", 1.0); }
//     void fit(const ams::DataView& train, const ams::DataView* valid) override;
//     void predict(const ams::DataView& data, double* out) override;
//     ...
//   };
//   AMS_PLUGIN("org.example.my_model", "1.0.0", "Example Inc.", ams::model<MyModel>())
//
// Only ams.h and the C++ standard library are used; a plugin links nothing of the host.
#pragma once

#include <ams/ams.h>

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace ams {

// The host API handed to this library's init. One per library (plugins are loaded RTLD_LOCAL
// and built with hidden visibility, so each library has its own copy).
inline const ams_host_api*& host_slot() {
  static const ams_host_api* api = nullptr;
  return api;
}
inline const ams_host_api& host() { return *host_slot(); }

// Throw to fail the current call with a given status and message.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ams_status status = AMS_ERROR)
      : std::runtime_error(message), status_(status) {}
  ams_status status() const { return status_; }

 private:
  ams_status status_;
};

// Thrown by Context::option_error after the host has recorded a located message.
class OptionError : public Error {
 public:
  explicit OptionError(const std::string& message) : Error(message, AMS_ERR_INVALID) {}
};

// Thrown (or returned as AMS_STOP) when the host asked a trial to stop.
class Stop : public Error {
 public:
  Stop() : Error("stopped by the host", AMS_STOP) {}
};

// A component object's view of its options, seed, budget and reporting. Cheap to copy.
class Context {
 public:
  Context() = default;
  explicit Context(ams_context* ctx) : ctx_(ctx) {}
  ams_context* raw() const { return ctx_; }

  bool has(const std::string& path) const {
    double d;
    const char* s;
    int64_t n;
    return host().get_double(ctx_, path.c_str(), &d) != AMS_ABSENT ||
           host().get_string(ctx_, path.c_str(), &s) != AMS_ABSENT ||
           host().get_array_size(ctx_, path.c_str(), &n) != AMS_ABSENT;
  }

  std::optional<int64_t> find_int(const std::string& path) const {
    int64_t v = 0;
    return check(host().get_int(ctx_, path.c_str(), &v), path, "an integer") ? std::optional(v)
                                                                             : std::nullopt;
  }
  std::optional<double> find_double(const std::string& path) const {
    double v = 0;
    return check(host().get_double(ctx_, path.c_str(), &v), path, "a number") ? std::optional(v)
                                                                              : std::nullopt;
  }
  std::optional<bool> find_bool(const std::string& path) const {
    int32_t v = 0;
    return check(host().get_bool(ctx_, path.c_str(), &v), path, "true or false")
               ? std::optional(v != 0)
               : std::nullopt;
  }
  std::optional<std::string> find_string(const std::string& path) const {
    const char* v = nullptr;
    return check(host().get_string(ctx_, path.c_str(), &v), path, "a string")
               ? std::optional(std::string(v))
               : std::nullopt;
  }
  std::optional<std::string> find_path(const std::string& path) const {
    const char* v = nullptr;
    return check(host().get_path(ctx_, path.c_str(), &v), path, "a file path")
               ? std::optional(std::string(v))
               : std::nullopt;
  }
  int64_t array_size(const std::string& path) const {
    int64_t v = 0;
    return check(host().get_array_size(ctx_, path.c_str(), &v), path, "an array") ? v : 0;
  }

  int64_t get_int(const std::string& path, int64_t fallback) const {
    return find_int(path).value_or(fallback);
  }
  double get_double(const std::string& path, double fallback) const {
    return find_double(path).value_or(fallback);
  }
  bool get_bool(const std::string& path, bool fallback) const {
    return find_bool(path).value_or(fallback);
  }
  std::string get_string(const std::string& path, const std::string& fallback) const {
    return find_string(path).value_or(fallback);
  }

  // An integer option that must lie in [lo, hi].
  int64_t get_int_in(const std::string& path, int64_t fallback, int64_t lo, int64_t hi) const {
    int64_t v = get_int(path, fallback);
    if (v < lo || v > hi)
      option_error(path, "must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                             ", got " + std::to_string(v));
    return v;
  }
  // A number option that must lie in [lo, hi].
  double get_double_in(const std::string& path, double fallback, double lo, double hi) const {
    double v = get_double(path, fallback);
    if (!(v >= lo && v <= hi))
      option_error(path, "must be between " + num(lo) + " and " + num(hi) + ", got " + num(v));
    return v;
  }
  // A string option that must be one of the given choices.
  std::string get_choice(const std::string& path, const std::string& fallback,
                         const std::vector<std::string>& choices) const {
    std::string v = get_string(path, fallback);
    for (const auto& c : choices)
      if (c == v) return v;
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "\"" : ", \"") + c + "\"";
    option_error(path, "must be one of " + list + ", got \"" + v + "\"");
  }

  // Reports a bad option at its location in the pipeline file, then throws.
  [[noreturn]] void option_error(const std::string& path, const std::string& message) const {
    host().option_error(ctx_, path.c_str(), message.c_str());
    throw OptionError(message);
  }

  void log(int32_t level, const std::string& message) const {
    host().log(ctx_, level, message.c_str());
  }
  // Reports an intermediate value; true when the trial should stop.
  bool report(int64_t step, double value) const {
    return host().report(ctx_, step, value) == AMS_STOP;
  }
  bool cancelled() const { return host().is_cancelled(ctx_) != 0; }
  uint64_t seed() const { return host().seed(ctx_); }
  double budget() const { return host().budget(ctx_); }

 private:
  static std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
  }
  bool check(ams_status s, const std::string& path, const char* expected) const {
    if (s == AMS_OK) return true;
    if (s == AMS_ABSENT) return false;
    option_error(path, std::string("must be ") + expected);
  }
  ams_context* ctx_ = nullptr;
};

// A checked, read-only view of an ams_dataset (float64, CPU, row-major X).
class DataView {
 public:
  explicit DataView(const ams_dataset* d) : d_(d) {
    if (!d) throw Error("no data set given", AMS_ERR_INVALID);
    check_tensor(d->X, 2, "X");
    x_ = static_cast<const double*>(d->X.data) + d->X.byte_offset / sizeof(double);
    n_total_ = d->X.shape[0];
    n_features_ = d->X.shape[1];
    if (d->X.strides && (d->X.strides[1] != 1 || d->X.strides[0] != n_features_))
      throw Error("X must be row-major and compact", AMS_ERR_UNSUPPORTED);
    if (d->y.data) {
      check_tensor(d->y, 1, "y");
      y_ = static_cast<const double*>(d->y.data) + d->y.byte_offset / sizeof(double);
    }
    n_rows_ = d->row_index ? d->n_rows : n_total_;
  }

  int64_t n_rows() const { return n_rows_; }
  int64_t n_features() const { return n_features_; }
  int32_t task() const { return d_->task; }
  bool is_classification() const { return d_->task == AMS_TASK_CLASSIFICATION; }
  int32_t n_classes() const { return d_->n_classes; }
  bool has_y() const { return y_ != nullptr; }
  bool has_weights() const { return d_->sample_weight != nullptr; }

  // Index into the underlying X of the i-th row of this view.
  int64_t source_row(int64_t i) const { return d_->row_index ? d_->row_index[i] : i; }
  const double* row(int64_t i) const { return x_ + source_row(i) * n_features_; }
  double x(int64_t i, int64_t j) const { return row(i)[j]; }
  double y(int64_t i) const { return y_[source_row(i)]; }
  double weight(int64_t i) const {
    return d_->sample_weight ? d_->sample_weight[source_row(i)] : 1.0;
  }
  const ams_dataset* raw() const { return d_; }

  // Row-major copy of this view's X (n_rows x n_features), for models that want contiguous data.
  std::vector<double> gather_x() const {
    std::vector<double> out(static_cast<size_t>(n_rows_ * n_features_));
    for (int64_t i = 0; i < n_rows_; ++i)
      std::memcpy(&out[static_cast<size_t>(i * n_features_)], row(i),
                  sizeof(double) * static_cast<size_t>(n_features_));
    return out;
  }
  std::vector<double> gather_y() const {
    std::vector<double> out(static_cast<size_t>(n_rows_));
    for (int64_t i = 0; i < n_rows_; ++i) out[static_cast<size_t>(i)] = y(i);
    return out;
  }
  std::vector<double> gather_weights() const {
    std::vector<double> out(static_cast<size_t>(n_rows_));
    for (int64_t i = 0; i < n_rows_; ++i) out[static_cast<size_t>(i)] = weight(i);
    return out;
  }

 private:
  static void check_tensor(const ams_tensor& t, int ndim, const char* what) {
    if (t.device.device_type != AMS_DEVICE_CPU)
      throw Error(std::string(what) + " must be on the CPU", AMS_ERR_UNSUPPORTED);
    if (t.dtype.code != AMS_DTYPE_FLOAT || t.dtype.bits != 64 || t.dtype.lanes != 1)
      throw Error(std::string(what) + " must be float64", AMS_ERR_UNSUPPORTED);
    if (t.ndim != ndim)
      throw Error(std::string(what) + " must have " + std::to_string(ndim) + " dimensions",
                  AMS_ERR_UNSUPPORTED);
  }
  const ams_dataset* d_;
  const double* x_ = nullptr;
  const double* y_ = nullptr;
  int64_t n_total_ = 0, n_features_ = 0, n_rows_ = 0;
};

// Writes/reads a model's payload through the host's stream.
class Writer {
 public:
  explicit Writer(const ams_stream* s) : s_(s) {}
  void bytes(const void* data, size_t n) {
    if (s_->write(s_->handle, data, n) != AMS_OK) throw Error("write failed", AMS_ERR_IO);
  }
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes(&v, sizeof v);
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    pod<uint64_t>(v.size());
    if (!v.empty()) bytes(v.data(), sizeof(T) * v.size());
  }
  void str(const std::string& v) {
    pod<uint64_t>(v.size());
    bytes(v.data(), v.size());
  }

 private:
  const ams_stream* s_;
};

class Reader {
 public:
  explicit Reader(const ams_stream* s) : s_(s) {}
  void bytes(void* data, size_t n) {
    if (s_->read(s_->handle, data, n) != AMS_OK)
      throw Error("the model file ends early", AMS_ERR_FORMAT);
  }
  template <class T>
  T pod() {
    static_assert(std::is_trivially_copyable_v<T>);
    T v;
    bytes(&v, sizeof v);
    return v;
  }
  template <class T>
  std::vector<T> vec(uint64_t max_elements = (1ull << 34)) {
    uint64_t n = pod<uint64_t>();
    if (n > max_elements) throw Error("the model file is corrupt (array too long)", AMS_ERR_FORMAT);
    std::vector<T> v(static_cast<size_t>(n));
    if (n) bytes(v.data(), sizeof(T) * v.size());
    return v;
  }
  std::string str() {
    uint64_t n = pod<uint64_t>();
    if (n > (1u << 24)) throw Error("the model file is corrupt (string too long)", AMS_ERR_FORMAT);
    std::string v(static_cast<size_t>(n), '\0');
    if (n) bytes(v.data(), v.size());
    return v;
  }

 private:
  const ams_stream* s_;
};

// ---- Base classes: derive, give the static name/version/summary, override. ----

class Component {
 public:
  explicit Component(Context ctx) : ctx_(ctx) {}
  virtual ~Component() = default;
  const Context& context() const { return ctx_; }

 protected:
  Context ctx_;
};

class Strategy : public Component {
 public:
  using Component::Component;
  // The space lives as long as this object.
  virtual void start(const ams_space& space) = 0;
  // Returns AMS_OK after filling values (and budget), AMS_NOT_READY or AMS_EXHAUSTED.
  virtual ams_status ask(int64_t number, double* values, double* budget) = 0;
  virtual void tell(const ams_trial_result& result) = 0;
  // Return true to prune the trial. Override only if the strategy stops trials.
  virtual bool on_report(int64_t /*number*/, int64_t /*step*/, double /*value*/) { return false; }
  static constexpr bool has_on_report = false;
};

class Model : public Component {
 public:
  using Component::Component;
  // The orientation of the values fit reports through context().report (ams.h,
  // ams_model_vtable.report_direction): AMS_MAXIMIZE or AMS_MINIMIZE. A model that reports
  // per epoch declares it (static constexpr int32_t report_direction = AMS_MINIMIZE;) so the
  // host can stop a bad trial mid-fold; 0 leaves its reports unused for pruning.
  static constexpr int32_t report_direction = 0;
  virtual void fit(const DataView& train, const DataView* valid) = 0;
  virtual void predict(const DataView& data, double* out) = 0;
  // out: n_rows x n_classes, row-major.
  virtual void predict_proba(const DataView& /*data*/, double* /*out*/) {
    throw Error("this model does not predict probabilities", AMS_ERR_UNSUPPORTED);
  }
  virtual void save(Writer& /*w*/) const {
    throw Error("this model cannot be saved", AMS_ERR_UNSUPPORTED);
  }
  virtual void load(Reader& /*r*/) {
    throw Error("this model cannot be loaded", AMS_ERR_UNSUPPORTED);
  }
};

class Metric : public Component {
 public:
  using Component::Component;
  virtual double score(const ams_metric_input& in) const = 0;
};

class Loader : public Component {
 public:
  using Component::Component;
  // Fill out; everything it points to must be owned by this object.
  virtual void load(ams_dataset& out) = 0;
};

class Objective : public Component {
 public:
  using Component::Component;
  virtual double evaluate(const Context& trial_ctx, const ams_trial& trial) = 0;
  // The default space, or nullptr. Must live as long as this object.
  virtual const ams_space* default_space() { return nullptr; }
  virtual std::optional<double> optimum() const { return std::nullopt; }
};

// ---- Boundary: C thunks that catch everything ----

namespace detail {

inline ams_status fail(ams_context* ctx, const char* message, ams_status status) {
  if (ctx && host_slot()) host().set_error(ctx, message);
  return status;
}

template <class F>
ams_status guarded(ams_context* ctx, F&& f) {
  try {
    return f();
  } catch (const OptionError&) {
    return AMS_ERR_INVALID;  // the host already has the located message
  } catch (const Stop&) {
    return AMS_STOP;
  } catch (const Error& e) {
    return fail(ctx, e.what(), e.status());
  } catch (const std::bad_alloc&) {
    return fail(ctx, "out of memory", AMS_ERR_NO_MEMORY);
  } catch (const std::exception& e) {
    return fail(ctx, e.what(), AMS_ERROR);
  } catch (...) {
    return fail(ctx, "unknown C++ exception", AMS_ERROR);
  }
}

template <class T>
ams_context* ctx_of(void* self) {
  return static_cast<T*>(self)->context().raw();
}

template <class T>
void* create(ams_context* ctx) {
  void* result = nullptr;
  guarded(ctx, [&] {
    result = new T(Context(ctx));
    return AMS_OK;
  });
  return result;
}

template <class T>
void destroy(void* self) {
  delete static_cast<T*>(self);
}

inline int64_t tensor_elements(const ams_tensor* t) {
  int64_t n = 1;
  for (int32_t i = 0; i < t->ndim; ++i) n *= t->shape[i];
  return n;
}

inline double* out_buffer(ams_tensor* out, int64_t expected) {
  if (!out || out->dtype.code != AMS_DTYPE_FLOAT || out->dtype.bits != 64 ||
      tensor_elements(out) != expected)
    throw Error("output tensor must be float64 with the expected shape", AMS_ERR_INVALID);
  return static_cast<double*>(out->data) + out->byte_offset / sizeof(double);
}

template <class T>
struct StrategyThunks {
  static ams_status start(void* self, const ams_space* space) {
    return guarded(ctx_of<T>(self), [&] {
      static_cast<T*>(self)->start(*space);
      return AMS_OK;
    });
  }
  static ams_status ask(void* self, int64_t number, double* values, double* budget) {
    return guarded(ctx_of<T>(self),
                   [&] { return static_cast<T*>(self)->ask(number, values, budget); });
  }
  static ams_status tell(void* self, const ams_trial_result* r) {
    return guarded(ctx_of<T>(self), [&] {
      static_cast<T*>(self)->tell(*r);
      return AMS_OK;
    });
  }
  static ams_status on_report(void* self, int64_t number, int64_t step, double value) {
    return guarded(ctx_of<T>(self), [&] {
      return static_cast<T*>(self)->on_report(number, step, value) ? AMS_STOP : AMS_OK;
    });
  }
  static const ams_strategy_vtable* vtable() {
    static const ams_strategy_vtable v = {sizeof(ams_strategy_vtable), &start, &ask, &tell,
                                          T::has_on_report ? &on_report : nullptr};
    return &v;
  }
};

template <class T>
struct ModelThunks {
  static ams_status fit(void* self, const ams_dataset* train, const ams_dataset* valid) {
    return guarded(ctx_of<T>(self), [&] {
      DataView t(train);
      if (valid) {
        DataView v(valid);
        static_cast<T*>(self)->fit(t, &v);
      } else {
        static_cast<T*>(self)->fit(t, nullptr);
      }
      return AMS_OK;
    });
  }
  static ams_status predict(void* self, const ams_dataset* data, ams_tensor* out) {
    return guarded(ctx_of<T>(self), [&] {
      DataView d(data);
      static_cast<T*>(self)->predict(d, out_buffer(out, d.n_rows()));
      return AMS_OK;
    });
  }
  static ams_status predict_proba(void* self, const ams_dataset* data, ams_tensor* out) {
    return guarded(ctx_of<T>(self), [&] {
      DataView d(data);
      static_cast<T*>(self)->predict_proba(d, out_buffer(out, d.n_rows() * d.n_classes()));
      return AMS_OK;
    });
  }
  static ams_status save(void* self, const ams_stream* s) {
    return guarded(ctx_of<T>(self), [&] {
      Writer w(s);
      static_cast<const T*>(self)->save(w);
      return AMS_OK;
    });
  }
  static ams_status load(void* self, const ams_stream* s) {
    return guarded(ctx_of<T>(self), [&] {
      Reader r(s);
      static_cast<T*>(self)->load(r);
      return AMS_OK;
    });
  }
  static const ams_model_vtable* vtable() {
    constexpr uint32_t caps = T::capabilities;
    static const ams_model_vtable v = {
        sizeof(ams_model_vtable), caps, &fit, &predict,
        (caps & AMS_MODEL_PROBA) ? &predict_proba : nullptr,
        (caps & AMS_MODEL_SAVE) ? &save : nullptr, (caps & AMS_MODEL_SAVE) ? &load : nullptr,
        T::report_direction};
    static_assert(T::report_direction == 0 || T::report_direction == AMS_MAXIMIZE ||
                      T::report_direction == AMS_MINIMIZE,
                  "report_direction must be 0, AMS_MAXIMIZE or AMS_MINIMIZE");
    return &v;
  }
};

template <class T>
struct MetricThunks {
  static ams_status score(void* self, const ams_metric_input* in, double* out) {
    return guarded(ctx_of<T>(self), [&] {
      *out = static_cast<const T*>(self)->score(*in);
      return AMS_OK;
    });
  }
  static const ams_metric_vtable* vtable() {
    static const ams_metric_vtable v = {sizeof(ams_metric_vtable), T::direction, T::flags,
                                        &score};
    return &v;
  }
};

template <class T>
struct LoaderThunks {
  static ams_status load(void* self, ams_dataset* out) {
    return guarded(ctx_of<T>(self), [&] {
      static_cast<T*>(self)->load(*out);
      return AMS_OK;
    });
  }
  static const ams_loader_vtable* vtable() {
    static const ams_loader_vtable v = {sizeof(ams_loader_vtable), &load};
    return &v;
  }
};

template <class T>
struct ObjectiveThunks {
  static ams_status evaluate(void* self, ams_context* trial_ctx, const ams_trial* trial,
                             double* out) {
    // Errors of a trial belong to the trial's context, not the objective's.
    return guarded(trial_ctx, [&] {
      *out = static_cast<T*>(self)->evaluate(Context(trial_ctx), *trial);
      return AMS_OK;
    });
  }
  static ams_status default_space(void* self, const ams_space** out) {
    return guarded(ctx_of<T>(self), [&] {
      *out = static_cast<T*>(self)->default_space();
      return *out ? AMS_OK : AMS_ABSENT;
    });
  }
  static ams_status optimum(void* self, double* out) {
    return guarded(ctx_of<T>(self), [&] {
      auto v = static_cast<const T*>(self)->optimum();
      if (!v) return AMS_ABSENT;
      *out = *v;
      return AMS_OK;
    });
  }
  static const ams_objective_vtable* vtable() {
    static const ams_objective_vtable v = {sizeof(ams_objective_vtable), T::direction,
                                           &evaluate, &default_space, &optimum};
    return &v;
  }
};

template <class T>
const ams_component* describe(int32_t kind, const void* vtable) {
  static const ams_component c = {sizeof(ams_component), kind, T::name, T::version, T::summary,
                                  &create<T>, &destroy<T>, vtable, nullptr};
  return &c;
}

}  // namespace detail

// Component descriptors, for AMS_PLUGIN(...).
template <class T>
const ams_component* strategy() {
  return detail::describe<T>(AMS_KIND_STRATEGY, detail::StrategyThunks<T>::vtable());
}
template <class T>
const ams_component* model() {
  return detail::describe<T>(AMS_KIND_MODEL, detail::ModelThunks<T>::vtable());
}
template <class T>
const ams_component* metric() {
  return detail::describe<T>(AMS_KIND_METRIC, detail::MetricThunks<T>::vtable());
}
template <class T>
const ams_component* loader() {
  return detail::describe<T>(AMS_KIND_LOADER, detail::LoaderThunks<T>::vtable());
}
template <class T>
const ams_component* objective() {
  return detail::describe<T>(AMS_KIND_OBJECTIVE, detail::ObjectiveThunks<T>::vtable());
}

}  // namespace ams

// Defines the library's entry symbol. The arguments after the vendor are component
// descriptors: ams::model<MyModel>(), ams::metric<MyMetric>(), ...
#define AMS_PLUGIN(ID, VERSION, VENDOR, ...)                                                  \
  static ams_status ams_cpp_plugin_init(const ams_host_api* host, const char*) {              \
    ams::host_slot() = host;                                                                  \
    return AMS_OK;                                                                            \
  }                                                                                           \
  AMS_PLUGIN_ENTRY {                                                                          \
    static const ams_component* const components[] = {__VA_ARGS__};                           \
    static const ams_plugin_entry entry = {                                                   \
        sizeof(ams_plugin_entry),                                                             \
        AMS_ABI_MAJOR,                                                                        \
        AMS_ABI_MINOR,                                                                        \
        ID,                                                                                   \
        VERSION,                                                                              \
        VENDOR,                                                                               \
        &ams_cpp_plugin_init,                                                                 \
        nullptr,                                                                              \
        static_cast<uint32_t>(sizeof(components) / sizeof(components[0])),                    \
        components};                                                                          \
    return &entry;                                                                            \
  }
