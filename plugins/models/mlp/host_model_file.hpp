// Reads the payload out of a model file saved by amhost (.amsmodel), for `init_from`.
//
// A plugin cannot link the host, so this duplicates the minimum of the envelope documented in
// core/output/model_file.hpp (format version 1) and MUST follow it if that layout changes:
//   "AMSMODEL", u32 format version, u64 header length, header (starts with the component name
//   as u32 length + bytes), u64 payload length, payload, u32 CRC-32 (IEEE) of all bytes before.
// All integers little-endian. A file that is only an mlp payload is not accepted: the envelope
// says which component wrote it, which is how a wrong file is refused with a clear message.
#pragma once

#include <ams/plugin.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace amsmlp {

constexpr uint32_t kHostModelFormatVersion = 1;

struct HostModelFile {
  std::string component;
  std::vector<unsigned char> payload;
};

namespace detail {

inline uint32_t crc32(const unsigned char* data, size_t n) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; ++i) c = table[(c ^ data[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

inline uint64_t read_le(const std::vector<unsigned char>& b, size_t& pos, int bytes, const std::string& path) {
  if (b.size() - pos < static_cast<size_t>(bytes))
    throw ams::Error("init_from: " + path + " is truncated (not a complete amsearch model file)", AMS_ERR_FORMAT);
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(b[pos + static_cast<size_t>(i)]) << (8 * i);
  pos += static_cast<size_t>(bytes);
  return v;
}

}  // namespace detail

inline HostModelFile read_host_model_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ams::Error("init_from: cannot open " + path, AMS_ERR_IO);
  const std::vector<unsigned char> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static constexpr char kMagic[8] = {'A', 'M', 'S', 'M', 'O', 'D', 'E', 'L'};
  if (b.size() < 8 || std::memcmp(b.data(), kMagic, 8) != 0)
    throw ams::Error("init_from: " + path + " is not an amsearch model file (it does not start with AMSMODEL)",
                     AMS_ERR_FORMAT);
  size_t pos = 8;
  const auto version = static_cast<uint32_t>(detail::read_le(b, pos, 4, path));
  if (version != kHostModelFormatVersion)
    throw ams::Error("init_from: " + path + " has model format " + std::to_string(version) +
                         "; this mlp reads format " + std::to_string(kHostModelFormatVersion),
                     AMS_ERR_FORMAT);
  const uint64_t header_len = detail::read_le(b, pos, 8, path);
  if (header_len > b.size() - pos) throw ams::Error("init_from: " + path + " is truncated", AMS_ERR_FORMAT);
  const size_t header_start = pos;
  const auto name_len = static_cast<size_t>(detail::read_le(b, pos, 4, path));
  if (name_len > header_len - 4) throw ams::Error("init_from: " + path + " has a malformed header", AMS_ERR_FORMAT);
  HostModelFile f;
  f.component.assign(reinterpret_cast<const char*>(b.data() + pos), name_len);
  pos = header_start + static_cast<size_t>(header_len);
  const uint64_t payload_len = detail::read_le(b, pos, 8, path);
  if (payload_len > b.size() - pos || b.size() - pos - static_cast<size_t>(payload_len) != 4)
    throw ams::Error("init_from: " + path + " is truncated or has trailing bytes", AMS_ERR_FORMAT);
  f.payload.assign(b.begin() + static_cast<std::ptrdiff_t>(pos),
                   b.begin() + static_cast<std::ptrdiff_t>(pos + static_cast<size_t>(payload_len)));
  pos += static_cast<size_t>(payload_len);
  const size_t checked = pos;
  const auto stored_crc = static_cast<uint32_t>(detail::read_le(b, pos, 4, path));
  if (detail::crc32(b.data(), checked) != stored_crc)
    throw ams::Error("init_from: " + path + " is corrupted (checksum mismatch)", AMS_ERR_FORMAT);
  return f;
}

}  // namespace amsmlp
