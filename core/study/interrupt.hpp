// Ctrl-C during a study: the first SIGINT asks the study to stop asking for trials and let the
// running ones finish (outputs are still written); the second ends the process at once.
#pragma once

namespace amcore {

class InterruptGuard {
 public:
  InterruptGuard();   // installs the handler
  ~InterruptGuard();  // restores the previous one
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
};

// True once SIGINT arrived while a guard was installed (or request_interrupt was called).
bool interrupt_requested();
// The same as a first Ctrl-C, for embedding and tests.
void request_interrupt();
void clear_interrupt();

}  // namespace amcore
