#include "tools/io/interrupt.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstdio>

#include "tools/io/atomic_file.hpp"

namespace ls::tools {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "the handler may only touch lock-free atomics");

extern "C" void on_signal(int signal) {
  // Async-signal-safe: two lock-free stores. SA_RESETHAND has restored the
  // default action, so a second Ctrl-C ends the process at once.
  g_signal.store(signal, std::memory_order_relaxed);
  g_stop.store(true, std::memory_order_release);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // not SA_RESTART: a blocking read/sleep returns early
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

const std::atomic<bool>& stop_requested() { return g_stop; }

int stop_signal() { return g_signal.load(std::memory_order_relaxed); }

void throw_if_interrupted() {
  if (g_stop.load(std::memory_order_acquire)) throw Interrupted(stop_signal());
}

void request_stop(int signal) { on_signal(signal); }

std::string signal_name(int signal) {
  if (signal == SIGINT) return "SIGINT";
  if (signal == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(signal);
}

int report_interrupted(const Interrupted& interrupted) {
  remove_empty_output_directories();
  const std::vector<std::string> written = files_written();
  std::string files;
  for (const auto& f : written) files += (files.empty() ? "" : ", ") + f;
  if (written.empty()) {
    fmt::print(stderr, "\nlambdasim: interrupted by {}: no output was written\n",
               signal_name(interrupted.signal()));
  } else {
    fmt::print(stderr,
               "\nlambdasim: interrupted by {}: written whole: {}; nothing else was written (no "
               "partial or temporary files)\n",
               signal_name(interrupted.signal()), files);
  }
  return interrupted.exit_code();
}

}  // namespace ls::tools
