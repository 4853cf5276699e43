// A progress line on stderr for long runs: simulated time reached, events/s
// and ETA. Shown only when stderr is a terminal and --quiet is off, and only
// after the run has taken about a second, so short runs and pipes stay clean.
#pragma once

#include <chrono>
#include <functional>

#include "sim/time.hpp"

namespace ls::tools {

class Progress {
 public:
  Progress(sim::Time horizon, bool enabled);
  ~Progress();  // clears the line
  // A callback for RunOptions::progress (called from one thread).
  std::function<void(sim::Time)> callback();

 private:
  void update(sim::Time now);
  sim::Time horizon_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace ls::tools
