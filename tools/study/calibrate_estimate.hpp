// `lambdasim calibrate`'s estimates from a stream of requests in arrival
// order (calibrate_readers.hpp's LogStream): what the function did
// (traffic, durations, INIT, memory, the bill's quantities) and how the
// platform treated it (the lifecycle of its environments). Memory holds one
// entry per environment and the requests of the last few hours of routing
// decisions, never the whole log. docs/calibrate.md has the method.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <queue>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "tools/study/calibrate_fit.hpp"
#include "tools/study/calibrate_lifecycle.hpp"
#include "tools/study/calibrate_log_record.hpp"

namespace ls::tools::calibrate {

struct LifetimeEstimate {
  // Environments that disappeared after an idle gap shorter than the 10th
  // percentile of the reclaim time and than 1 % of the longest span:
  // retired for their age, not reclaimed for idleness, at a known age.
  std::uint64_t retired = 0;
  // Those of the upper cluster (age at the last request >= half the
  // oldest): the maximum lifetime's observations (lower bounds each).
  std::uint64_t at_max_age = 0;
  double mean_s = 0.0, sd_s = 0.0, min_s = 0.0, max_s = 0.0;
  Interval mean_ci95;
  // The others, retired young: per environment-hour.
  std::uint64_t early = 0;
  double early_per_env_hour = 0.0;
  double longest_span_s = 0.0;  // first arrival to last end, any environment
  bool identified() const { return at_max_age >= 3; }
};

struct Observed {
  double start_unix = 0.0;  // first arrival
  double end_unix = 0.0;    // last request's end
  double window_s() const { return end_unix - start_unix; }
  std::uint64_t requests = 0;
  std::uint64_t cold_starts = 0;
  std::uint64_t environments = 0;
  std::uint64_t inherited = 0;     // environments whose first request here was warm
  double environments_mean = 0.0;  // alive from arrival to last end + median reclaim time
  std::uint64_t concurrency_peak = 0;
  double latency_p50_ms = 0.0;  // duration + INIT of a cold start
  double latency_p99_ms = 0.0;
  double billed_gb_s = 0.0;
  std::uint64_t billed_us = 0;   // sum of billed durations
  bool billed_in_100ms = false;  // every billed duration a multiple of 100 ms (before 2020-12)
  std::vector<std::uint32_t> per_minute;  // arrivals per minute from start_unix
  // Environments alive (as environments_mean counts them), mean per
  // interval from start_unix: about 240 points, whole minutes.
  double series_interval_s = 60.0;
  std::vector<double> environments_series;
};

struct Estimates {
  Observed observed;
  LognormalFit duration;
  LognormalFit init;
  std::uint64_t init_unknown = 0;  // cold starts whose log has no INIT duration
  double memory_mb = 0.0;          // the most common memory size
  std::uint64_t memory_sizes = 0;  // distinct memory sizes seen
  double max_memory_used_p99_mb = 0.0;
  double max_memory_used_max_mb = 0.0;
  ReclaimEstimate reclaim;
  LifetimeEstimate lifetime;
  ReuseEstimate reuse;
};

struct EstimateOptions {
  int bootstrap_samples = 200;
  std::uint64_t seed = 1;
  // A routing decision is resolved (which idle environments were alive)
  // this long after it was taken; idle environments older than this are
  // not candidates.
  double decision_horizon_s = 3 * 3600.0;
  std::size_t max_pending_decisions = 100000;  // about 10 MB
};

class Calibrator {
 public:
  explicit Calibrator(EstimateOptions options = {});
  // Requests in arrival order (ties in any order).
  void add(const LogRecord& record);
  Estimates finish();

 private:
  struct Env {
    double created = 0.0;  // first arrival
    double last_arrival = 0.0;
    double last_end = 0.0;
    double dead_at = -1.0;  // first new environment after last_end (provisional)
    // First warm start after last_end that went to a less recently used
    // environment: gone, if the platform reuses the most recent one.
    double outranked_at = -1.0;
    std::uint64_t requests = 0;
  };
  struct Decision {
    double at = 0.0;
    std::vector<std::uint32_t> envs;  // the chosen one first
    std::vector<Candidate> candidates;
  };
  void resolve_decisions(double now);
  void mark_idle_dead(double now);

  EstimateOptions options_;
  Observed observed_;
  LognormalFitter duration_, init_;
  std::uint64_t init_unknown_ = 0;
  std::map<long long, std::uint64_t> memory_sizes_;
  sim::LogHistogram max_memory_{1e-3, 1e6};
  sim::LogHistogram latency_ms_;
  std::unordered_map<std::string, std::uint32_t> env_index_;
  std::vector<Env> envs_;
  std::set<std::pair<double, std::uint32_t>> by_end_;  // (last_end, env), recent ones
  std::priority_queue<double, std::vector<double>, std::greater<>> ends_;  // in flight
  std::deque<Decision> pending_;
  ReuseTally reuse_;
  IdleObservations idle_;
  bool any_ = false;
  double last_arrival_ = 0.0;
};

class LogStream;
// Every request of `logs` through a Calibrator; `also` (if set) sees each
// request too, in arrival order (e.g. to write the arrivals file).
Estimates estimate_from_logs(LogStream& logs, const EstimateOptions& options,
                             const std::function<void(const LogRecord&)>& also = {});

}  // namespace ls::tools::calibrate
