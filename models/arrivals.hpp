// Arrival processes: one generator per arrival source (a workload's main
// process, and each of its bursts, is a source). A generator yields arrival
// times in increasing order from its own random stream, one at a time, so
// memory does not grow with the number of requests.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "models/scenario.hpp"
#include "sim/rng.hpp"

namespace ls::models {

class ArrivalGenerator {
 public:
  // The main process of `config` (its bursts are separate: see make_sources);
  // config.rate_scale multiplies its rates, or thins / repeats a trace.
  static ArrivalGenerator process(const ArrivalConfig& config);
  // `count` arrivals evenly spread over [at, at + over) (all at `at` if over = 0).
  static ArrivalGenerator burst(const ArrivalConfig::Burst& burst);

  // The next arrival time strictly after the previous one returned (or equal,
  // for bursts and traces), or sim::kNever when the process has ended.
  sim::Time next(sim::Rng& rng);

  // Expected number of arrivals in [0, horizon) (for tests and progress).
  double expected_count(sim::Time horizon) const;

 private:
  enum class Kind { Poisson, Constant, Steps, Diurnal, Trace, TraceCounts, Burst, Empty };
  double rate_at(sim::Time t) const;
  sim::Time next_steps(sim::Rng& rng);
  sim::Time next_diurnal(sim::Rng& rng);
  sim::Time next_trace_counts(sim::Rng& rng);
  sim::Time next_trace_scaled(sim::Rng& rng);
  double scale() const { return config_->rate_scale; }

  Kind kind_ = Kind::Empty;
  const ArrivalConfig* config_ = nullptr;  // owned by the Scenario, which outlives runs
  ArrivalConfig::Burst burst_{};
  sim::Time now_ = 0;        // time of the last arrival returned
  double mean_gap_s_ = 0.0;  // poisson: 1 / rate
  std::size_t cursor_ = 0;   // trace index / step index / burst arrivals emitted / minute
  // per-minute counts: how many of the current minute are still to come and
  // where the last one fell (fraction of the minute), for sorted uniforms.
  std::uint32_t minute_left_ = 0;
  // trace with rate_scale != 1: copies of the current timestamp still to emit.
  std::uint64_t copies_left_ = 0;
  double minute_pos_ = 0.0;
  bool started_ = false;
};

// A workload's arrival sources: its main process then each burst (burst
// counts times the workload's rate_scale, rounded to the nearest integer).
struct ArrivalSource {
  std::size_t workload = 0;
  std::size_t ordinal = 0;  // 0: main process; k: k-th burst
  ArrivalGenerator generator;
};
std::vector<ArrivalSource> make_arrival_sources(const Scenario& scenario);
// Calls `visit(source)` for each source make_arrival_sources would list, in
// its order, one at a time (a fleet's 100,000 generators are not held at
// once by a caller that only reads each, such as the run limits' count).
void for_each_arrival_source(const Scenario& scenario,
                             const std::function<void(ArrivalSource&&)>& visit);

// When the traffic of a replay ends: the latest end of its traces (a
// timestamp trace's last arrival, the end of a per-minute count's last
// minute) when every workload's arrivals are a trace; nullopt when any
// workload has a process that goes on (or a burst), as its traffic may not end.
std::optional<Time> replay_end(const Scenario& scenario);

}  // namespace ls::models
