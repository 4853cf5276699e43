#include "tools/cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace ls::tools {

Progress::Progress(sim::Time horizon, bool enabled, std::FILE* out, double delay_s)
    : horizon_(horizon),
      enabled_(enabled && out != nullptr && ::isatty(::fileno(out))),
      delay_s_(delay_s),
      out_(out),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
  if (shown_) {
    std::fputs("\r\033[K", out_);
    std::fflush(out_);
  }
}

std::function<void(sim::Time)> Progress::callback() {
  if (!enabled_) return {};
  return [this](sim::Time now) { update(now); };
}

void Progress::update(sim::Time now) {
  ++calls_;
  const auto t = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(t - start_).count();
  if (elapsed < delay_s_ || (shown_ && std::chrono::duration<double>(t - last_).count() < 0.2))
    return;
  last_ = t;
  shown_ = true;
  const double events = static_cast<double>(calls_ * kEventsPerCallback);
  const std::string line =
      progress_line(sim::to_seconds(now), sim::to_seconds(horizon_), events / elapsed, elapsed);
  fmt::print(out_, "\r{}\033[K", line);
  std::fflush(out_);
}

double progress_delay_from_env() {
  const char* text = std::getenv("LAMBDASIM_PROGRESS_DELAY");
  if (text == nullptr) return 1.0;
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  return end != text && *end == '\0' && v >= 0 ? v : 1.0;
}

std::string progress_line(double sim_s, double horizon_s, double events_per_s, double elapsed_s) {
  const double fraction = horizon_s > 0 ? std::clamp(sim_s / horizon_s, 0.0, 1.0) : 0.0;
  const int width = 30;
  const int filled = static_cast<int>(fraction * width);
  std::string line = fmt::format("[{:=<{}}{: <{}}]", "", filled, "", width - filled);
  line += fmt::format(" {:5.1f}%  sim {:.0f}s / {:.0f}s  {:.1f} M events/s  elapsed {:.1f}s",
                      100 * fraction, sim_s, horizon_s, events_per_s / 1e6, elapsed_s);
  if (fraction > 0) line += fmt::format("  ETA {:.1f}s", elapsed_s * (1 - fraction) / fraction);
  return line;
}

}  // namespace ls::tools
