// The time series (run --interval): per function and interval, counters and
// the time-weighted means of the levels that Meters moves. A tick event
// closes each interval; finish() closes the last, partial one.
#pragma once

#include <algorithm>
#include <vector>

#include "models/run_result.hpp"
#include "sim/engine.hpp"
#include "sim/stats.hpp"

namespace ls::models {

class Meters;

class TimeSeries {
 public:
  // interval 0: no series (the counters of row() are kept all the same).
  TimeSeries(sim::Engine& engine, RunResult& result, const Meters& meters, std::size_t functions,
             sim::Time interval);

  bool enabled() const { return interval_ > 0; }
  // The current interval's counters of function f (without a series, one
  // row that is never read: no per-function state, and the hot path's
  // counters stay in one cache line whatever the number of functions).
  SeriesRow& row(std::size_t f) {
    if (!enabled()) return discarded_;
    catch_up();
    return functions_[f].row;
  }

  // Level changes (from Meters); inline: called on every start and completion.
  void busy(std::size_t f, int level) {
    if (!enabled()) return;
    catch_up();
    PerFunction& p = functions_[f];
    p.busy.set(engine_.now(), level);
    p.row.concurrency_max = std::max(p.row.concurrency_max, static_cast<double>(level));
  }
  void provisioned_busy(std::size_t f, int level) {
    if (!enabled()) return;
    catch_up();
    functions_[f].provisioned_busy.set(engine_.now(), level);
  }
  void environments(std::size_t f, int level) {
    if (!enabled()) return;
    catch_up();
    functions_[f].environments.set(engine_.now(), level);
  }
  void provisioned(std::size_t f, int level) {
    if (!enabled()) return;
    catch_up();
    functions_[f].provisioned.set(engine_.now(), level);
  }
  void async_queue(std::size_t f, int level) {
    if (!enabled()) return;
    catch_up();
    functions_[f].async_queue.set(engine_.now(), level);
  }

  void start();   // the first tick
  void finish();  // the last, partial interval

 private:
  struct PerFunction {
    SeriesRow row;
    sim::LevelStat busy;
    sim::LevelStat environments;
    sim::LevelStat provisioned;
    sim::LevelStat provisioned_busy;
    sim::LevelStat async_queue;
  };
  void on_tick(const sim::Event& event);
  // An event at the instant an interval ends belongs to the next interval,
  // whether it runs before or after the tick event at that instant (events
  // at one instant run in the order they were scheduled: a trace's arrival
  // at 600 s, scheduled at the start, ran before the tick scheduled at
  // 540 s and was counted in [540 s, 600 s)). So whatever records at or
  // after the end first closes the interval.
  void catch_up() {
    if (engine_.now() >= last_tick_ + interval_) [[unlikely]]
      close(last_tick_ + interval_);
  }
  void close(sim::Time end);  // closes the interval ending at `end`

  sim::Engine& engine_;
  RunResult& result_;
  const Meters& meters_;
  sim::Time interval_;
  std::uint32_t tick_kind_;
  std::vector<PerFunction> functions_;  // empty without a series
  SeriesRow discarded_;
  sim::Time last_tick_ = 0;  // the end of the last interval closed (the open one's start)
};

}  // namespace ls::models
