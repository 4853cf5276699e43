// The levels every component moves (busy and alive environments, provisioned
// environments, async events waiting) and the throttle counter, per
// function: each change goes to the run's statistics and to the time series
// in one place. Inline: the sync path moves `busy` twice per request.
#pragma once

#include <algorithm>
#include <vector>

#include "models/components/component.hpp"
#include "models/components/time_series.hpp"
#include "sim/huge_pages.hpp"
#include "sim/prefetch.hpp"
#include "sim/stats.hpp"

namespace ls::models {

class Meters {
 public:
  Meters(std::size_t functions, sim::Engine& engine, RunResult& result, TimeSeries& series)
      : levels_(functions), engine_(engine), result_(result), series_(series) {}

  void set_busy(std::size_t f, int delta, bool provisioned) {
    Levels& l = levels_[f];
    auto& stats = result_.functions[f];
    const sim::Time now = engine_.now();
    l.busy += delta;
    stats.busy.set(now, l.busy);
    series_.busy(f, l.busy);
    if (!provisioned) return;
    l.busy_provisioned += delta;
    stats.provisioned().busy.set(now, l.busy_provisioned);
    l.provisioned_busy_all.set(now, l.busy_provisioned);
    series_.provisioned_busy(f, l.busy_provisioned);
  }
  void set_environments(std::size_t f, int delta) {
    Levels& l = levels_[f];
    l.alive += delta;
    result_.functions[f].environments.set(engine_.now(), l.alive);
    series_.environments(f, l.alive);
  }
  void set_provisioned(std::size_t f, int count) {
    levels_[f].provisioned = count;
    result_.functions[f].provisioned().allocated.set(engine_.now(), count);
    series_.provisioned(f, count);
  }
  void set_async_queue(std::size_t f, int delta) {
    Levels& l = levels_[f];
    l.async_waiting += delta;
    result_.functions[f].async().queue.set(engine_.now(), l.async_waiting);
    series_.async_queue(f, l.async_waiting);
  }
  // A throttled attempt (first_attempt: of a request's first try).
  void count_throttle(std::size_t f, bool counted, bool first_attempt, ThrottleCause cause) {
    series_.row(f).throttled++;
    if (!counted) return;
    auto& stats = result_.functions[f];
    stats.throttled++;
    stats.throttled_by[static_cast<std::size_t>(cause)]++;
    if (first_attempt) stats.throttled_first_attempt++;
  }

  // A hint: function f's levels are needed soon (sim/prefetch.hpp).
  void prefetch(std::size_t f) const { sim::prefetch(levels_[f]); }
  int busy(std::size_t f) const { return levels_[f].busy; }
  int busy_provisioned(std::size_t f) const { return levels_[f].busy_provisioned; }
  int alive(std::size_t f) const { return levels_[f].alive; }
  int provisioned(std::size_t f) const { return levels_[f].provisioned; }
  int async_waiting(std::size_t f) const { return levels_[f].async_waiting; }
  // Busy provisioned environments since the start, never reset (target
  // tracking reads its utilisation per metric period).
  const sim::LevelStat& provisioned_busy_all(std::size_t f) const {
    return levels_[f].provisioned_busy_all;
  }

  // The run's statistics start observing at the end of the warm-up.
  void warmup_end() {
    const sim::Time now = engine_.now();
    for (std::size_t f = 0; f < levels_.size(); ++f) {
      const Levels& l = levels_[f];
      auto& stats = result_.functions[f];
      stats.busy.reset(now, l.busy);
      stats.environments.reset(now, l.alive);
      // A function's parts exist where its configuration can use them
      // (models/stats_parts_of.hpp); absent, they read as zeros.
      const StatsPartUse parts = stats.parts();
      if (parts.provisioned) {
        stats.provisioned().allocated.reset(now, l.provisioned);
        stats.provisioned().busy.reset(now, l.busy_provisioned);
      }
      if (parts.async) stats.async().queue.reset(now, l.async_waiting);
    }
  }

 private:
  struct Levels {
    int busy = 0;
    int busy_provisioned = 0;
    int alive = 0;
    int provisioned = 0;  // configured (and ready) provisioned environments
    int async_waiting = 0;
    sim::LevelStat provisioned_busy_all;
  };
  sim::HugePageVector<Levels> levels_;
  sim::Engine& engine_;
  RunResult& result_;
  TimeSeries& series_;
};

}  // namespace ls::models
