#include "data/dataset.hpp"


#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/errors.hpp"
#include "data/tensor.hpp"
#include "host/context.hpp"
#include "registry/registry.hpp"

namespace amcore {

struct Dataset::Impl {
  // Plugin-loaded: the loader object owns the arrays the view points to.
  const Component* loader = nullptr;
  std::unique_ptr<ams_context> context;
  void* loader_object = nullptr;

  // In-memory: this object owns them.
  Arrays arrays;
  int64_t x_shape[2] = {0, 0};
  int64_t y_shape[1] = {0};

  ams_dataset view{};
  std::vector<std::string> class_names, feature_names;
  std::string target_name, source;
  // Pointers handed out in views when the loader gave no names.
  std::vector<const char*> class_name_ptrs, feature_name_ptrs;

  ~Impl() {
    if (loader_object) loader->descriptor.destroy(loader_object);
  }
  void fill_names();
};

namespace {

bool is_f64_cpu(const ams_tensor& t) {
  return t.dtype.code == AMS_DTYPE_FLOAT && t.dtype.bits == 64 && t.dtype.lanes == 1 &&
         t.device.device_type == AMS_DEVICE_CPU;
}

const double* base_of(const ams_tensor& t) {
  return reinterpret_cast<const double*>(static_cast<const char*>(t.data) + t.byte_offset);
}

// Checks what a loader (or a test) handed over, so that every plugin downstream can trust it.
void validate(const ams_dataset& d, const std::string& who) {
  auto fail = [&](const std::string& what) { throw InputError(who + ": " + what); };
  if (!d.X.data || d.X.ndim != 2 || !d.X.shape || !is_f64_cpu(d.X))
    fail("the data set's X is not a 2-D float64 CPU array");
  if (d.X.strides &&
      !(d.X.strides[1] == 1 && d.X.strides[0] == d.X.shape[1]))
    fail("the data set's X is not row-major");
  const int64_t n = d.X.shape[0], p = d.X.shape[1];
  if (d.row_index) fail("a loader must return whole arrays, not a row_index view");
  if (d.n_rows != n)
    fail("n_rows (" + std::to_string(d.n_rows) + ") differs from X's rows (" +
         std::to_string(n) + ")");
  if (n <= 0) fail("the data set has no rows");
  if (p <= 0) fail("the data set has no feature columns");
  if (!d.y.data || d.y.ndim != 1 || !d.y.shape || !is_f64_cpu(d.y) || d.y.shape[0] != n)
    fail("the data set's y is not a 1-D float64 array with one value per row");
  if (d.y.strides && d.y.strides[0] != 1) fail("the data set's y is not contiguous");
  if (d.task != AMS_TASK_CLASSIFICATION && d.task != AMS_TASK_REGRESSION)
    fail("unknown task " + std::to_string(d.task));
  const double* y = base_of(d.y);
  if (d.task == AMS_TASK_CLASSIFICATION) {
    if (d.n_classes < 2)
      fail("classification needs at least 2 classes, the target has " +
           std::to_string(d.n_classes));
    for (int64_t i = 0; i < n; ++i) {
      const double v = y[i];
      if (!(v >= 0 && v < d.n_classes) || v != std::floor(v))
        fail("row " + std::to_string(i) + ": class index " + std::to_string(v) +
             " is not an integer in [0, " + std::to_string(d.n_classes) + ")");
    }
  } else {
    for (int64_t i = 0; i < n; ++i)
      if (!std::isfinite(y[i]))
        fail("row " + std::to_string(i) + ": the target is not a finite number");
  }
  if (d.sample_weight)
    for (int64_t i = 0; i < n; ++i)
      if (!(d.sample_weight[i] >= 0) || !std::isfinite(d.sample_weight[i]))
        fail("row " + std::to_string(i) + ": sample weight must be a finite number >= 0");
}

}  // namespace

Dataset::Dataset(const Registry& registry, const PipelineConfig& config)
    : impl_(std::make_unique<Impl>()) {
  if (!config.data) throw InputError(config.file + ": the pipeline has no [data] table");
  const DataConfig& data = *config.data;
  const Component& loader = registry.get(AMS_KIND_LOADER, data.loader);
  impl_->loader = &loader;
  impl_->context = std::make_unique<ams_context>();
  ams_context& ctx = *impl_->context;
  ctx.options = data.options;
  remember_option_locations(ctx, data.options, data.where);
  ctx.file = config.file;
  ctx.base_dir = config.base_dir;
  ctx.label = "loader " + data.loader;
  ctx.seed = config.study.seed;
  impl_->source = ctx.label;

  auto failure = [&](const std::string& what) -> InputError {
    const auto located = ctx.option_errors();
    std::string message;
    for (const auto& m : located) message += (message.empty() ? "" : "\n") + m;
    const std::string plain = ctx.take_error();
    // option_error also sets the plain error; do not say the same thing twice.
    if (!plain.empty() && std::find(located.begin(), located.end(), plain) == located.end())
      message += (message.empty() ? "" : "\n") + plain;
    if (message.empty()) message = what + " failed without a message";
    if (located.empty()) return InputError(data.where, "[data] " + ctx.label + ": " + message);
    return InputError(message);
  };

  impl_->loader_object = loader.descriptor.create(&ctx);
  if (!impl_->loader_object) throw failure("creating the loader");
  reject_unread_options(ctx);
  if (!loader.loader.load) throw PluginError(ctx.label + ": the component has no load function");
  ams_dataset out{};
  out.struct_size = sizeof(ams_dataset);
  const ams_status status = loader.loader.load(impl_->loader_object, &out);
  if (status != AMS_OK) throw failure("loading the data");
  // The loader may be older (smaller struct): the fields it did not know stay zero.
  impl_->view = out;
  impl_->view.struct_size = sizeof(ams_dataset);
  validate(impl_->view, ctx.label);
  impl_->fill_names();
}

Dataset::Dataset(Arrays arrays) : impl_(std::make_unique<Impl>()) {
  Impl& impl = *impl_;
  impl.arrays = std::move(arrays);
  Arrays& a = impl.arrays;
  if (a.n_rows < 0 || a.n_features < 0 ||
      a.X.size() != static_cast<size_t>(a.n_rows * a.n_features) ||
      a.y.size() != static_cast<size_t>(a.n_rows))
    throw InputError("in-memory data set: X must hold n_rows x n_features values and y n_rows");
  if (!a.sample_weight.empty() && a.sample_weight.size() != static_cast<size_t>(a.n_rows))
    throw InputError("in-memory data set: sample_weight must be empty or hold n_rows values");
  if (!a.class_names.empty() && a.class_names.size() != static_cast<size_t>(a.n_classes))
    throw InputError("in-memory data set: class_names must be empty or hold n_classes names");
  if (!a.feature_names.empty() && a.feature_names.size() != static_cast<size_t>(a.n_features))
    throw InputError("in-memory data set: feature_names must be empty or hold n_features names");
  impl.x_shape[0] = a.n_rows;
  impl.x_shape[1] = a.n_features;
  impl.y_shape[0] = a.n_rows;
  ams_dataset& v = impl.view;
  v.struct_size = sizeof(ams_dataset);
  v.X = float64_tensor(a.X.data(), 2, impl.x_shape);
  v.y = float64_tensor(a.y.data(), 1, impl.y_shape);
  v.sample_weight = a.sample_weight.empty() ? nullptr : a.sample_weight.data();
  v.row_index = nullptr;
  v.n_rows = a.n_rows;
  v.task = a.task;
  v.n_classes = a.task == AMS_TASK_CLASSIFICATION ? a.n_classes : 0;
  impl.class_names = a.class_names;
  impl.feature_names = a.feature_names;
  impl.target_name = a.target_name;
  impl.source = "in-memory";
  validate(v, "in-memory data set");
  impl.fill_names();
}

// Copies the names the view carries (or generates them) and points the view at our copies, so
// every view has names and they live as long as the Dataset.
void Dataset::Impl::fill_names() {
  Impl& impl = *this;
  ams_dataset& v = impl.view;
  const int64_t p = v.X.shape[1];
  if (impl.feature_names.empty()) {
    for (int64_t j = 0; j < p; ++j)
      impl.feature_names.push_back(v.feature_names && v.feature_names[j]
                                       ? std::string(v.feature_names[j])
                                       : std::string("x").append(std::to_string(j)));
  }
  if (v.task == AMS_TASK_CLASSIFICATION && impl.class_names.empty()) {
    for (int32_t c = 0; c < v.n_classes; ++c)
      impl.class_names.push_back(v.class_names && v.class_names[c] ? std::string(v.class_names[c])
                                                                   : std::string("class_").append(std::to_string(c)));
  }
  if (impl.target_name.empty() && v.target_name) impl.target_name = v.target_name;
  for (const auto& s : impl.feature_names) impl.feature_name_ptrs.push_back(s.c_str());
  for (const auto& s : impl.class_names) impl.class_name_ptrs.push_back(s.c_str());
  v.feature_names = impl.feature_name_ptrs.data();
  v.class_names = impl.class_name_ptrs.empty() ? nullptr : impl.class_name_ptrs.data();
  v.target_name = impl.target_name.empty() ? nullptr : impl.target_name.c_str();
}

Dataset::Dataset(Dataset&&) noexcept = default;
Dataset& Dataset::operator=(Dataset&&) noexcept = default;
Dataset::~Dataset() = default;

const ams_dataset& Dataset::all() const { return impl_->view; }

ams_dataset Dataset::view(const std::vector<int64_t>& rows) const {
  ams_dataset v = impl_->view;
  v.row_index = rows.data();
  v.n_rows = static_cast<int64_t>(rows.size());
  return v;
}

int64_t Dataset::n_rows() const { return impl_->view.n_rows; }
int64_t Dataset::n_features() const { return impl_->view.X.shape[1]; }
int32_t Dataset::task() const { return impl_->view.task; }
int32_t Dataset::n_classes() const { return impl_->view.n_classes; }
const std::vector<std::string>& Dataset::class_names() const { return impl_->class_names; }
const std::vector<std::string>& Dataset::feature_names() const { return impl_->feature_names; }
const std::string& Dataset::target_name() const { return impl_->target_name; }
const std::string& Dataset::source() const { return impl_->source; }

double Dataset::target(int64_t row) const { return base_of(impl_->view.y)[row]; }

std::vector<int32_t> Dataset::class_labels() const {
  std::vector<int32_t> labels;
  if (!is_classification()) return labels;
  const double* y = base_of(impl_->view.y);
  labels.resize(static_cast<size_t>(n_rows()));
  for (int64_t i = 0; i < n_rows(); ++i) labels[i] = static_cast<int32_t>(y[i]);
  return labels;
}

std::vector<int64_t> Dataset::row_ids() const {
  std::vector<int64_t> rows(static_cast<size_t>(n_rows()));
  std::iota(rows.begin(), rows.end(), int64_t{0});
  return rows;
}

}  // namespace amcore
