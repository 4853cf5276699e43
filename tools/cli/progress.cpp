#include "tools/cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "tools/io/number_text.hpp"

namespace ls::tools {
namespace {

double seconds_from_env(const char* name, double fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr) return fallback;
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  return end != text && *end == '\0' && v >= 0 ? v : fallback;
}

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

ProgressSettings progress_settings_from_env() {
  ProgressSettings s;
  s.delay_s = seconds_from_env("LAMBDASIM_PROGRESS_DELAY", s.delay_s);
  s.interval_s = seconds_from_env("LAMBDASIM_PROGRESS_INTERVAL", s.interval_s);
  return s;
}

std::string progress_line(const ProgressState& s, bool bar) {
  const double fraction = s.total > 0 ? std::clamp(s.done / s.total, 0.0, 1.0) : 0.0;
  std::string line = s.label + ":";
  if (bar) {
    const int width = 30;
    const int filled = static_cast<int>(fraction * width);
    line += fmt::format(" [{:=<{}}{: <{}}]", "", filled, "", width - filled);
  }
  if (s.total > 0) line += fmt::format(" {:5.1f}%", 100 * fraction);
  if (s.total == 1 && s.horizon_s > 0) {
    line += fmt::format("  sim {} / {}", duration_text(fraction * s.horizon_s),
                        duration_text(s.horizon_s));
  } else if (s.total > 0) {
    line += fmt::format("  {} of {}{} {}", grouped_number(s.done, s.unit == "runs" ? 1 : 0),
                        s.estimated ? "~" : "", grouped_number(s.total), s.unit);
  } else {
    line += fmt::format("  {} {}", grouped_number(s.done, s.unit == "runs" ? 1 : 0), s.unit);
  }
  if (s.events_per_s > 0) line += fmt::format("  {:.1f} M events/s", s.events_per_s / 1e6);
  line += fmt::format("  elapsed {}", duration_text(s.elapsed_s));
  if (fraction > 0 && fraction < 1)
    line += fmt::format("  ETA {}{}", s.estimated ? "~" : "",
                        duration_text(s.elapsed_s * (1 - fraction) / fraction));
  return line;
}

double Forecast::seconds() const {
  return static_cast<double>(simulations) * pilot_s / std::max(1u, threads);
}

std::string forecast_text(const Forecast& f) {
  return fmt::format(
      "{}{} simulation{} ({}), roughly {} on {} thread{} (one took {} in a pilot run)",
      f.estimated ? "about " : "", grouped_number(static_cast<double>(f.simulations)),
      f.simulations == 1 ? "" : "s", f.what, duration_text(f.seconds()), f.threads,
      f.threads == 1 ? "" : "s", duration_text(f.pilot_s));
}

std::string large_search_warning(const Forecast& f, std::string_view narrow_by) {
  if (f.seconds() <= kLargeSearchSeconds) return {};
  return fmt::format("warning: a very large search (roughly {}); to shorten it, {}",
                     duration_text(f.seconds()), narrow_by);
}

Progress::Progress(std::string label, bool enabled, std::FILE* out, ProgressSettings settings,
                   std::function<double()> clock)
    : label_(std::move(label)),
      enabled_(enabled && out != nullptr),
      terminal_(enabled_ && ::isatty(::fileno(out)) != 0),
      out_(out),
      settings_(settings),
      clock_(clock ? std::move(clock) : steady_seconds) {
  state_.label = label_;
  start_ = now();
}

Progress::~Progress() {
  if (on_screen_) {
    std::fputs("\r\033[K", out_);
    std::fflush(out_);
  }
}

double Progress::now() const { return clock_(); }

void Progress::set_horizon(double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  state_.horizon_s = seconds;
}

void Progress::set_unit(std::string unit) {
  std::lock_guard<std::mutex> lock(mutex_);
  state_.unit = std::move(unit);
}

void Progress::attach(RunnerOptions& runner) {
  if (!enabled_) return;
  runner.batch = [this](std::size_t n) { batch(n); };
  runner.advanced = [this](double share, std::uint64_t events) { advance(share, events); };
  runner.note = [this](const std::string& text) { note(text); };
  runner.expect = [this](std::size_t n) {
    bool estimated = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      estimated = state_.estimated;
    }
    expect(static_cast<double>(n), estimated);
  };
}

void Progress::expect(double simulations, bool estimated) {
  std::lock_guard<std::mutex> lock(mutex_);
  state_.total = std::max(simulations, batches_);
  state_.estimated = estimated;
}

void Progress::batch(std::size_t simulations) {
  std::lock_guard<std::mutex> lock(mutex_);
  batches_ += static_cast<double>(simulations);
  // Past an estimate, the total is what has started (the ETA then covers
  // the running batch only, and says so with "~").
  state_.total = std::max(state_.total, batches_);
}

void Progress::advance(double simulations, std::uint64_t events) {
  std::lock_guard<std::mutex> lock(mutex_);
  state_.done += simulations;
  events_ += events;
  show(false);
}

void Progress::note(std::string_view text) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (on_screen_) std::fputs("\r\033[K", out_);
  fmt::print(out_, "{}: {}\n", label_, text);
  on_screen_ = false;
  if (terminal_ && last_shown_ >= 0) show(true);
  std::fflush(out_);
}

// Called with the mutex held.
void Progress::show(bool force) {
  if (!enabled_) return;
  const double t = now();
  const double elapsed = t - start_;
  if (terminal_) {
    if (!force && (elapsed < settings_.delay_s || (last_shown_ >= 0 && t - last_shown_ < 0.2)))
      return;
  } else if (!force) {
    const double since = last_shown_ >= 0 ? t - last_shown_ : elapsed;
    if (since < settings_.interval_s) return;
  }
  last_shown_ = t;
  state_.elapsed_s = elapsed;
  state_.events_per_s = elapsed > 0 ? static_cast<double>(events_) / elapsed : 0.0;
  const std::string line = progress_line(state_, terminal_);
  if (terminal_) {
    fmt::print(out_, "\r{}\033[K", line);
    on_screen_ = true;
  } else {
    fmt::print(out_, "{}\n", line);
  }
  std::fflush(out_);
}

void announce_forecast(Progress& progress, const Forecast& forecast, std::string_view lead,
                       std::string_view narrow_by) {
  const std::string warning = large_search_warning(forecast, narrow_by);
  if (!warning.empty()) progress.note(warning);
  progress.note(std::string(lead) + forecast_text(forecast));
}

}  // namespace ls::tools
