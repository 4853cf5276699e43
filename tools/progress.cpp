#include "tools/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace ls::tools {

Progress::Progress(sim::Time horizon, bool enabled)
    : horizon_(horizon),
      enabled_(enabled && ::isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
  if (shown_) std::fputs("\r\033[K", stderr);
}

std::function<void(sim::Time)> Progress::callback() {
  if (!enabled_) return {};
  return [this](sim::Time now) { update(now); };
}

void Progress::update(sim::Time now) {
  const auto t = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(t - start_).count();
  if (elapsed < 1.0 || std::chrono::duration<double>(t - last_).count() < 0.2) return;
  last_ = t;
  shown_ = true;
  const double fraction = horizon_ > 0 ? sim::to_seconds(now) / sim::to_seconds(horizon_) : 0;
  const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  const int width = 30;
  const int filled = static_cast<int>(fraction * width);
  fmt::print(stderr, "\r[{:=<{}}{: <{}}] {:5.1f}%  sim {:.0f}s  elapsed {:.1f}s  ETA {:.1f}s\033[K",
             "", filled, "", width - filled, 100 * fraction, sim::to_seconds(now), elapsed, eta);
  std::fflush(stderr);
}

}  // namespace ls::tools
