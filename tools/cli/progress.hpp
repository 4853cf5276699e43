// Progress of a command's simulations, on stderr, for every command that can
// run long (run, tune, compare, plan, sweep, collect):
// - on a terminal, a line redrawn in place, from about a second in (so short
//   commands stay clean) and erased at the end:
//   "tune: [=========        ]  30.0%  4.5 of 15 runs  2.9 M events/s  elapsed 1.5 s  ETA 3.5 s"
// - when stderr is a pipe or a file, the same without the bar as a line of
//   its own every ~10 s, so logs of long batch jobs show it is alive;
// - nothing with --quiet. JSON and CSV (stdout or files) never see it.
// LAMBDASIM_PROGRESS_DELAY and LAMBDASIM_PROGRESS_INTERVAL (seconds) change
// the delay on a terminal and the interval of piped lines (tests use small
// values).
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "tools/study/runner.hpp"

namespace ls::tools {

// What a progress line says.
struct ProgressState {
  std::string label;          // "tune"
  std::string unit = "runs";  // what done and total count
  double done = 0.0;          // simulations done (fractions of the running ones included)
  double total = 0.0;         // expected in all; 0: unknown
  bool estimated = false;     // total is an estimate (plan's adaptive search): "~" before the ETA
  double horizon_s = 0.0;     // one simulation's horizon: with total 1, shown as simulated time
  double events_per_s = 0.0;
  double elapsed_s = 0.0;
};

// The line; with `bar` (a terminal) a 30-character bar after the label.
std::string progress_line(const ProgressState& state, bool bar);

struct ProgressSettings {
  double delay_s = 1.0;      // terminal: first drawn after this
  double interval_s = 10.0;  // pipe: one line per interval
};
// The defaults, changed by LAMBDASIM_PROGRESS_DELAY / _INTERVAL (seconds >= 0).
ProgressSettings progress_settings_from_env();

class Progress {
 public:
  // Shows nothing unless `enabled` (not --quiet). `clock` returns seconds
  // (steady); tests pass their own.
  Progress(std::string label, bool enabled, std::FILE* out = stderr,
           ProgressSettings settings = progress_settings_from_env(),
           std::function<double()> clock = {});
  ~Progress();  // a terminal line is erased
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  bool enabled() const { return enabled_; }
  bool terminal() const { return terminal_; }
  // The horizon of one simulation, shown as "sim 18 min / 1 h 00 min" when
  // the command runs one simulation.
  void set_horizon(double seconds);
  // What is counted, "runs" unless set ("points" for collect).
  void set_unit(std::string unit);
  // Hooks for RunnerOptions (batch, advanced, expect); none when disabled,
  // so the simulator is not even called back.
  void attach(RunnerOptions& runner);
  // All simulations the command will run, or an estimate (plan); the total
  // never falls below what batches have started. Through attach(), a study
  // revises it (plan, as its search goes), keeping the estimated mark.
  void expect(double simulations, bool estimated);
  void batch(std::size_t simulations);
  void advance(double simulations, std::uint64_t events);
  // A message of its own line (on a terminal, above the progress line).
  void note(std::string_view text);

 private:
  void show(bool force);
  double now() const;
  std::string label_;
  bool enabled_;
  bool terminal_;
  std::FILE* out_;
  ProgressSettings settings_;
  std::function<double()> clock_;
  std::mutex mutex_;
  ProgressState state_;
  double start_ = 0.0;
  double last_shown_ = -1.0;  // < 0: never
  double batches_ = 0.0;      // simulations of all batches started
  std::uint64_t events_ = 0;
  bool on_screen_ = false;  // a terminal line to erase
};

// What a search will cost, said before it starts (plan, sweep): its
// simulations, from a count or an estimate, times one pilot simulation's
// wall time, over the worker threads.
struct Forecast {
  std::size_t simulations = 0;
  std::string what;  // how they are counted: "8 points x 3 replications"
  bool estimated = false;
  double pilot_s = 0.0;  // one simulation
  unsigned threads = 1;
  double seconds() const;
};
// "about 240 simulations (80 configurations x 3 replications), roughly
// 3 min 20 s on 2 threads (one took 1.7 s in a pilot run)".
std::string forecast_text(const Forecast& forecast);
// A forecast past this many seconds is very large: warned about first.
constexpr double kLargeSearchSeconds = 3600;
// The warning, naming what narrows the search; empty when not that large.
std::string large_search_warning(const Forecast& forecast, std::string_view narrow_by);
// Notes the forecast before a search: the warning first when it is very
// large, then `lead` ("searching: ") and the forecast.
void announce_forecast(Progress& progress, const Forecast& forecast, std::string_view lead,
                       std::string_view narrow_by);

}  // namespace ls::tools
