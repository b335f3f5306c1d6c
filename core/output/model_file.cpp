#include "output/model_file.hpp"

#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>

#include "common/errors.hpp"
#include "output/writers.hpp"

namespace amcore {

namespace {

constexpr char kMagic[8] = {'A', 'M', 'S', 'M', 'O', 'D', 'E', 'L'};

constexpr std::array<uint32_t, 256> crc_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t n = 0; n < 256; ++n) {
    uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}

// CRC-32 (IEEE 802.3, as zlib's crc32).
uint32_t crc32(const unsigned char* data, size_t n) {
  static constexpr auto table = crc_table();
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; ++i) c = table[(c ^ data[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

class Writer {
 public:
  void bytes(const void* p, size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<unsigned char>(v >> (8 * i)));
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<unsigned char>(v >> (8 * i)));
  }
  void i32(int32_t v) { u32(static_cast<uint32_t>(v)); }
  void f64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    u64(bits);
  }
  void str(const std::string& s) {
    u32(static_cast<uint32_t>(s.size()));
    bytes(s.data(), s.size());
  }
  void strings(const std::vector<std::string>& v) {
    u32(static_cast<uint32_t>(v.size()));
    for (const auto& s : v) str(s);
  }
  std::vector<unsigned char>& data() { return out_; }

 private:
  std::vector<unsigned char> out_;
};

// Reads a bounded byte range; every overrun is reported as `what` (truncated / malformed).
class Reader {
 public:
  Reader(const unsigned char* data, size_t n, std::string path, std::string problem)
      : data_(data), n_(n), path_(std::move(path)), problem_(std::move(problem)) {}
  void need(size_t k) const {
    if (k > n_ - pos_) throw InputError(path_ + ": " + problem_);
  }
  const unsigned char* take(size_t k) {
    need(k);
    const unsigned char* p = data_ + pos_;
    pos_ += k;
    return p;
  }
  uint32_t u32() {
    const unsigned char* p = take(4);
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(p[i]) << (8 * i);
    return v;
  }
  uint64_t u64() {
    const unsigned char* p = take(8);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
    return v;
  }
  int32_t i32() { return static_cast<int32_t>(u32()); }
  double f64() {
    const uint64_t bits = u64();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  std::string str() {
    const uint32_t len = u32();
    const unsigned char* p = take(len);
    return std::string(reinterpret_cast<const char*>(p), len);
  }
  std::vector<std::string> strings() {
    const uint32_t count = u32();
    need(static_cast<size_t>(count) * 4);  // each string has at least its length
    std::vector<std::string> v;
    v.reserve(count);
    for (uint32_t i = 0; i < count; ++i) v.push_back(str());
    return v;
  }
  size_t pos() const { return pos_; }
  size_t left() const { return n_ - pos_; }

 private:
  const unsigned char* data_;
  size_t n_;
  size_t pos_ = 0;
  std::string path_, problem_;
};

void write_header(Writer& w, const ModelMetadata& m) {
  w.str(m.component);
  w.str(m.component_version);
  w.str(m.plugin_id);
  w.str(m.plugin_version);
  w.i32(m.task);
  w.i32(m.n_classes);
  w.strings(m.class_names);
  w.strings(m.feature_names);
  w.str(m.target_name);
  w.str(m.params_json);
  w.str(m.options_toml);
  w.str(m.metric);
  w.f64(m.test_score);
}

ModelMetadata read_header(Reader& r) {
  ModelMetadata m;
  m.component = r.str();
  m.component_version = r.str();
  m.plugin_id = r.str();
  m.plugin_version = r.str();
  m.task = r.i32();
  m.n_classes = r.i32();
  m.class_names = r.strings();
  m.feature_names = r.strings();
  m.target_name = r.str();
  m.params_json = r.str();
  m.options_toml = r.str();
  m.metric = r.str();
  m.test_score = r.f64();
  return m;
}

ams_status stream_write(void* handle, const void* data, size_t n) {
  try {
    const auto* b = static_cast<const unsigned char*>(data);
    static_cast<std::vector<unsigned char>*>(handle)->insert(
        static_cast<std::vector<unsigned char>*>(handle)->end(), b, b + n);
    return AMS_OK;
  } catch (...) {
    return AMS_ERR_IO;
  }
}

struct PayloadCursor {
  const std::vector<unsigned char>* payload;
  size_t pos = 0;
};

ams_status stream_read(void* handle, void* data, size_t n) {
  auto* cursor = static_cast<PayloadCursor*>(handle);
  if (n > cursor->payload->size() - cursor->pos) return AMS_ERR_IO;
  if (n) std::memcpy(data, cursor->payload->data() + cursor->pos, n);
  cursor->pos += n;
  return AMS_OK;
}

std::string plugin_message(ModelObject& model) {
  std::string m = model.context().take_error();
  return m.empty() ? std::string("no message") : m;
}

}  // namespace

ModelMetadata metadata_of(const ModelObject& model) {
  ModelMetadata m;
  const Component& c = model.component();
  m.component = c.name;
  m.component_version = c.version;
  if (c.library) {
    m.plugin_id = c.library->id;
    m.plugin_version = c.library->version;
  }
  std::ostringstream options;
  options << model.context().options;
  m.options_toml = options.str();
  m.test_score = std::numeric_limits<double>::quiet_NaN();
  return m;
}

void save_model(const std::string& path, ModelObject& model, const ModelMetadata& metadata) {
  const Component& c = model.component();
  if (!(c.model.capabilities & AMS_MODEL_SAVE) || !c.model.save)
    throw EvaluationError("model '" + c.name + "' cannot be saved (it does not implement save); "
                          "set [output] save_model = false to skip saving");
  std::vector<unsigned char> payload;
  ams_stream stream{};
  stream.struct_size = sizeof(ams_stream);
  stream.handle = &payload;
  stream.write = &stream_write;
  stream.read = nullptr;
  const ams_status status = c.model.save(model.self(), &stream);
  if (status != AMS_OK)
    throw EvaluationError(model.context().label + ": save failed: " + plugin_message(model));

  Writer header;
  write_header(header, metadata);
  Writer file;
  file.bytes(kMagic, sizeof kMagic);
  file.u32(kModelFormatVersion);
  file.u64(header.data().size());
  file.bytes(header.data().data(), header.data().size());
  file.u64(payload.size());
  file.bytes(payload.data(), payload.size());
  file.u32(crc32(file.data().data(), file.data().size()));
  const auto& bytes = file.data();
  write_file_atomically(path, std::string(bytes.begin(), bytes.end()));
}

ModelFile read_model_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the model file");
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                         std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError(path + ": cannot read the model file");

  if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    throw InputError(path + ": not an amsearch model file (it does not start with AMSMODEL)");
  const std::string truncated =
      "the model file is truncated (" + std::to_string(bytes.size()) +
      " bytes): it was not written completely; save the model again";
  Reader r(bytes.data(), bytes.size(), path, truncated);
  r.take(sizeof kMagic);
  const uint32_t version = r.u32();
  if (version > kModelFormatVersion)
    throw InputError(path + ": written by a newer amsearch (model format " +
                     std::to_string(version) + "; this build reads up to format " +
                     std::to_string(kModelFormatVersion) + "): use a newer amhost");
  if (version == 0) throw InputError(path + ": malformed model file (format version 0)");
  const uint64_t header_len = r.u64();
  const unsigned char* header_bytes = r.take(static_cast<size_t>(header_len));
  const uint64_t payload_len = r.u64();
  const unsigned char* payload_bytes = r.take(static_cast<size_t>(payload_len));
  const size_t checked = r.pos();
  const uint32_t stored_crc = r.u32();
  if (r.left() != 0)
    throw InputError(path + ": the model file is corrupted (" + std::to_string(r.left()) +
                     " unexpected bytes after the checksum)");
  if (crc32(bytes.data(), checked) != stored_crc)
    throw InputError(path + ": the model file is corrupted (checksum mismatch): save the model "
                     "again");

  Reader h(header_bytes, static_cast<size_t>(header_len), path,
           "malformed model file (its header is inconsistent)");
  ModelFile file;
  file.metadata = read_header(h);
  if (h.left() != 0 && version == kModelFormatVersion)
    throw InputError(path + ": malformed model file (header has unexpected bytes)");
  file.payload.assign(payload_bytes, payload_bytes + payload_len);
  return file;
}

std::unique_ptr<ModelObject> load_model(const std::string& path, const Registry& registry,
                                        ModelMetadata* metadata_out) {
  ModelFile file = read_model_file(path);
  const ModelMetadata& m = file.metadata;
  const Component* component = registry.find(AMS_KIND_MODEL, m.component);
  if (!component)
    throw PluginError(path + ": needs the model component '" + m.component + "' (plugin " +
                      m.plugin_id + " " + m.plugin_version +
                      "), which is not installed: add its folder to the plugin path");
  if (component->library && !m.plugin_id.empty() && component->library->id != m.plugin_id)
    throw PluginError(path + ": was saved by model '" + m.component + "' of plugin " +
                      m.plugin_id + ", but the installed '" + m.component + "' comes from " +
                      component->library->id + " (" + component->library->path + ")");
  auto context = std::make_unique<ams_context>();
  try {
    context->options = toml::parse(m.options_toml, std::string_view(path));
  } catch (const toml::parse_error& e) {
    throw InputError(path + ": malformed model file (options: " + std::string(e.description()) +
                     ")");
  }
  context->file = path;
  context->label = "model " + m.component;
  auto model = ModelObject::create(*component, std::move(context));
  if (!(component->model.capabilities & AMS_MODEL_SAVE) || !component->model.load)
    throw EvaluationError(path + ": model '" + m.component + "' cannot load saved models");
  PayloadCursor cursor{&file.payload, 0};
  ams_stream stream{};
  stream.struct_size = sizeof(ams_stream);
  stream.handle = &cursor;
  stream.write = nullptr;
  stream.read = &stream_read;
  const ams_status status = component->model.load(model->self(), &stream);
  if (status != AMS_OK)
    throw EvaluationError(path + ": model '" + m.component + "' could not load it: " +
                          plugin_message(*model));
  if (metadata_out) *metadata_out = m;
  return model;
}

}  // namespace amcore
