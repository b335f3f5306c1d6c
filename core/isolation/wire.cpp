#include "isolation/wire.hpp"

#include <cerrno>
#include <cstring>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace amcore::wire {

namespace {
constexpr size_t kHeader = 5;
constexpr uint32_t kMaxPayload = 1u << 30;  // far above any trial; guards a corrupt length
}  // namespace

Encoder& Encoder::raw(const void* data, size_t size) {
  if (size == 0) return *this;  // an empty vector's data() may be null
  bytes_.append(static_cast<const char*>(data), size);
  return *this;
}

Encoder& Encoder::str(const std::string& s) {
  i64(static_cast<int64_t>(s.size()));
  return raw(s.data(), s.size());
}

Encoder& Encoder::f64s(const std::vector<double>& v) {
  i64(static_cast<int64_t>(v.size()));
  return raw(v.data(), v.size() * sizeof(double));
}

Encoder& Encoder::i64s(const std::vector<int64_t>& v) {
  i64(static_cast<int64_t>(v.size()));
  return raw(v.data(), v.size() * sizeof(int64_t));
}

void Decoder::raw(void* out, size_t size) {
  if (bytes_.size() - pos_ < size) throw ProtocolError("truncated message from the peer");
  if (size == 0) return;  // an empty vector's data() may be null, which memcpy forbids
  std::memcpy(out, bytes_.data() + pos_, size);
  pos_ += size;
}

size_t Decoder::count(size_t element_size) {
  const int64_t n = i64();
  if (n < 0 || static_cast<uint64_t>(n) > (bytes_.size() - pos_) / element_size)
    throw ProtocolError("malformed message from the peer (length " + std::to_string(n) + ")");
  return static_cast<size_t>(n);
}

int64_t Decoder::i64() {
  int64_t v;
  raw(&v, sizeof v);
  return v;
}

double Decoder::f64() {
  double v;
  raw(&v, sizeof v);
  return v;
}

std::string Decoder::str() {
  std::string s(count(1), '\0');
  raw(s.data(), s.size());
  return s;
}

std::vector<double> Decoder::f64s() {
  std::vector<double> v(count(sizeof(double)));
  raw(v.data(), v.size() * sizeof(double));
  return v;
}

std::vector<int64_t> Decoder::i64s() {
  std::vector<int64_t> v(count(sizeof(int64_t)));
  raw(v.data(), v.size() * sizeof(int64_t));
  return v;
}

bool send(int fd, Type type, const std::string& payload) {
  std::string frame(kHeader, '\0');
  const uint32_t length = static_cast<uint32_t>(payload.size());
  std::memcpy(frame.data(), &length, 4);
  frame[4] = static_cast<char>(type);
  frame += payload;
  size_t sent = 0;
  while (sent < frame.size()) {
    const ssize_t n = ::send(fd, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    sent += static_cast<size_t>(n);
  }
  return true;
}

bool Reader::take(Message& out) {
  if (buffer_.size() < kHeader) return false;
  uint32_t length;
  std::memcpy(&length, buffer_.data(), 4);
  if (length > kMaxPayload) throw ProtocolError("malformed frame from the peer");
  if (buffer_.size() < kHeader + length) return false;
  out.type = static_cast<Type>(static_cast<uint8_t>(buffer_[4]));
  out.payload = buffer_.substr(kHeader, length);
  buffer_.erase(0, kHeader + length);
  return true;
}

Reader::Status Reader::next(int timeout_ms, Message& out) {
  if (take(out)) return Status::Message;
  for (;;) {
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, timeout_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Status::Closed;
    }
    if (ready == 0) return Status::Timeout;
    char chunk[65536];
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Closed;
    }
    if (n == 0) return Status::Closed;
    buffer_.append(chunk, static_cast<size_t>(n));
    if (take(out)) return Status::Message;
    // A partial frame: keep waiting, but only for what is left of the time (good enough: a
    // frame is written in one go, so its rest follows at once).
  }
}

}  // namespace amcore::wire
