// Clean interrupts: SIGINT and SIGTERM set a flag instead of killing the
// process. Simulations stop at their next event boundary (RunOptions::stop),
// the runner and the output writers then throw Interrupted, temporary files
// are removed, and main() says on stderr what was and was not written and
// exits 128 + the signal (130 for SIGINT, 143 for SIGTERM). A second signal
// while stopping kills the process the usual way.
#pragma once

#include <atomic>
#include <exception>
#include <string>

namespace ls::tools {

// Installs the handlers (once; idempotent).
void install_interrupt_handlers();

// The flag the handlers set: true once a signal arrived.
const std::atomic<bool>& stop_requested();
// The signal received (SIGINT, SIGTERM), 0 if none.
int stop_signal();
// Throws Interrupted when a signal has arrived.
void throw_if_interrupted();

// Test hook: acts as if `signal` had arrived.
void request_stop(int signal);

class Interrupted : public std::exception {
 public:
  explicit Interrupted(int signal) : signal_(signal) {}
  int signal() const { return signal_; }
  int exit_code() const { return 128 + signal_; }
  const char* what() const noexcept override { return "interrupted"; }

 private:
  int signal_;
};

// "SIGINT" / "SIGTERM" / "signal N".
std::string signal_name(int signal);

// What main() does with Interrupted: removes the output folders left empty,
// says on stderr which files were written whole (and that nothing else was),
// and returns the exit code (128 + signal).
int report_interrupted(const Interrupted& interrupted);

}  // namespace ls::tools
