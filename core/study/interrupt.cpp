#include "study/interrupt.hpp"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include <unistd.h>

namespace amcore {

namespace {

std::atomic<int> interrupts{0};
struct sigaction previous {};

extern "C" void on_sigint(int) {
  // Only async-signal-safe calls here.
  if (interrupts.fetch_add(1) == 0) {
    const char msg[] =
        "\namhost: interrupted: finishing the running trials (Ctrl-C again to quit now)\n";
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
  } else {
    const char msg[] = "\namhost: interrupted again: quitting\n";
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    std::_Exit(130);
  }
}

}  // namespace

InterruptGuard::InterruptGuard() {
  struct sigaction action {};
  action.sa_handler = &on_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &previous);
}

InterruptGuard::~InterruptGuard() { sigaction(SIGINT, &previous, nullptr); }

bool interrupt_requested() { return interrupts.load() > 0; }
void request_interrupt() { interrupts.fetch_add(1); }
void clear_interrupt() { interrupts.store(0); }

}  // namespace amcore
