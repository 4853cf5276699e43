// A progress line on stderr for long runs: simulated time reached, events/s
// and ETA. Shown only when stderr is a terminal and --quiet is off, and only
// after the run has taken about a second (LAMBDASIM_PROGRESS_DELAY seconds,
// default 1), so short runs and pipes stay clean (and JSON/CSV written to
// stdout or files never see it).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "sim/time.hpp"

namespace ls::tools {

class Progress {
 public:
  // Events the simulator runs between two progress callbacks (the cadence of
  // models::RunOptions::progress in models/simulation.cpp; a test pins it).
  static constexpr std::uint64_t kEventsPerCallback = std::uint64_t{1} << 20;

  // Draws on `out` only when `enabled` and `out` is a terminal, from
  // `delay_s` seconds after construction on.
  Progress(sim::Time horizon, bool enabled, std::FILE* out = stderr, double delay_s = 1.0);
  ~Progress();  // clears the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  bool active() const { return enabled_; }
  // A callback for RunOptions::progress (called from one thread); empty when
  // the bar is off, so the simulator does not even call it.
  std::function<void(sim::Time)> callback();

 private:
  void update(sim::Time now);
  sim::Time horizon_;
  bool enabled_;
  double delay_s_;
  std::FILE* out_;
  bool shown_ = false;
  std::uint64_t calls_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

// The text of the progress line (no carriage return), e.g.
// "[=========                     ]  30.0%  sim 1080s / 3600s  2.1 M events/s
// elapsed 1.5s  ETA 3.5s".
std::string progress_line(double sim_s, double horizon_s, double events_per_s, double elapsed_s);

// LAMBDASIM_PROGRESS_DELAY as seconds (>= 0), else 1.
double progress_delay_from_env();

}  // namespace ls::tools
