// The messages between amhost and its trial worker processes (isolation = "process"), over one
// Unix stream socket. Both ends are the same binary on the same machine, so values travel in
// native byte order. A frame is a 4-byte payload length, a 1-byte type, and the payload.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace amcore::wire {

enum class Type : uint8_t {
  // amhost -> worker
  Setup = 1,   // pipeline text, its name, its folder, plugin paths, whether reports matter
  Trial = 2,   // number, values, budget
  Answer = 3,  // the reply to a Report or PruneAsk: stop (1) or go on (0)
  // worker -> amhost
  Ready = 10,        // setup done
  SetupFailed = 11,  // message
  Report = 12,       // number, step, value: the strategy's on_report; waits for an Answer
  PruneAsk = 13,     // number, step, value: the pruner's should_stop; waits for an Answer
  Result = 14,       // the trial's outcome
};

struct Message {
  Type type{};
  std::string payload;
};

// Thrown for a frame that does not decode: a worker that is not ours, or a broken stream.
struct ProtocolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Encoder {
 public:
  Encoder& i64(int64_t v) { return raw(&v, sizeof v); }
  Encoder& f64(double v) { return raw(&v, sizeof v); }
  Encoder& str(const std::string& s);
  Encoder& f64s(const std::vector<double>& v);
  Encoder& i64s(const std::vector<int64_t>& v);
  const std::string& bytes() const { return bytes_; }

 private:
  Encoder& raw(const void* data, size_t size);
  std::string bytes_;
};

class Decoder {
 public:
  explicit Decoder(const std::string& bytes) : bytes_(bytes) {}
  int64_t i64();
  double f64();
  std::string str();
  std::vector<double> f64s();
  std::vector<int64_t> i64s();

 private:
  void raw(void* out, size_t size);
  size_t count(size_t element_size);  // a length prefix, checked against what is left
  const std::string& bytes_;
  size_t pos_ = 0;
};

// Writes a whole frame. False when the peer is gone (never raises SIGPIPE).
bool send(int fd, Type type, const std::string& payload);

// Reads frames from one socket, keeping partial ones between calls.
class Reader {
 public:
  explicit Reader(int fd) : fd_(fd) {}
  enum class Status { Message, Timeout, Closed };
  // Waits at most `timeout_ms` (-1: forever) for the next frame.
  Status next(int timeout_ms, Message& out);

 private:
  bool take(Message& out);
  int fd_;
  std::string buffer_;
};

}  // namespace amcore::wire
