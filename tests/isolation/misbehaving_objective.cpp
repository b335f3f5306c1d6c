// A test-only objective that misbehaves on request: its trial option `action` chooses what the
// trial does. Proves that each way a plugin can go wrong fails only its own trial.
//   ok       returns x
//   sleep    sleeps 20 ms, then returns x (a trial that takes a while)
//   jitter   sleeps 0-12 ms depending on x, then returns (x - 0.3)^2: parallel trials finish
//            out of order
//   throw    throws an exception (the SDK turns it into an error status)
//   nan      returns NaN
//   segfault writes to an unmapped address
//   abort    calls abort()
//   exit     calls _exit(7)
//   hang     loops forever and ignores is_cancelled
//   patient  sleeps until is_cancelled, then stops cooperatively
//   allocate allocates and touches memory without bound
#include <ams/plugin.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <thread>
#include <vector>

#include <unistd.h>

namespace {

struct MisbehavingObjective : ams::Objective {
  static constexpr const char* name = "misbehave";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Test objective: crashes, hangs or leaks on request";
  static constexpr int32_t direction = AMS_MINIMIZE;

  explicit MisbehavingObjective(ams::Context ctx) : ams::Objective(ctx) {}

  double evaluate(const ams::Context& trial, const ams_trial&) override {
    const std::string action = trial.get_string("action", "ok");
    const double x = trial.get_double("x", 1.0);
    if (action == "ok") return x;
    if (action == "sleep") {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return x;
    }
    if (action == "jitter") {
      const double fraction = std::fmod(x * 7919.0, 1.0);
      std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int>(fraction * 12000)));
      return (x - 0.3) * (x - 0.3);
    }
    if (action == "throw") throw std::runtime_error("misbehave: thrown on purpose");
    if (action == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (action == "segfault") {
      // A wild write into the unmapped first page, not through a null pointer: UBSan reports
      // a null store itself and exits with status 1 before any signal is raised.
      volatile int* wild = reinterpret_cast<volatile int*>(std::uintptr_t{64});
      *wild = 1;
    }
    if (action == "abort") std::abort();
    if (action == "exit") _exit(7);
    if (action == "hang")
      for (;;) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (action == "patient") {
      while (!trial.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      throw ams::Stop();
    }
    if (action == "allocate") {
      std::vector<char*> blocks;
      for (;;) {
        const size_t size = 16u << 20;
        char* block = static_cast<char*>(std::malloc(size));
        if (!block) throw std::bad_alloc();
        std::memset(block, 1, size);  // resident, not just reserved
        blocks.push_back(block);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    }
    throw ams::Error("misbehave: unknown action '" + action + "'");
  }
};

}  // namespace

AMS_PLUGIN("org.amsearch.tests.misbehave", "1.0.0", "amsearch tests",
           ams::objective<MisbehavingObjective>())
