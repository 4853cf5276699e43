// What the simulation's components share: the narrow interfaces through
// which they talk, and the context every one of them reads and reports into.
//
// A component (environments and the sync path, the async queue, an event
// source, a compute kind, provisioned concurrency, the time series) owns its
// state and registers its event kinds with the engine (sim/engine.hpp) in its
// constructor; models/simulation.cpp builds them and wires them together.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "models/duration_model.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "sim/engine.hpp"
#include "sim/huge_pages.hpp"
#include "sim/rng.hpp"

namespace ls::models {

// How one execution ended.
// ResponseTooLarge: the function succeeded but its response is over the
// limit the client can take (platform.payload), so the request failed.
enum class Outcome : std::uint8_t { Succeeded, Failed, TimedOut, ResponseTooLarge };

// The life cycle every component may take part in; all optional.
class Component {
 public:
  virtual ~Component() = default;
  // Schedules the component's first events (called in assembly order, before
  // the first arrivals: events at the same time keep that order).
  virtual void start() {}
  virtual void warmup_end() {}
  // At the horizon: what is still in flight, open periods.
  virtual void finish() {}
};

// Where a workload's arrivals go: the sync path, the async queue, an event
// source. Each workload goes to the first registered sink that accepts it.
class RequestSink {
 public:
  virtual ~RequestSink() = default;
  virtual bool accepts(const WorkloadConfig& workload) const = 0;
  virtual void arrive(std::uint32_t workload) = 0;  // at the engine's now()
};

// A compute kind other than on-demand environments, serving the synchronous
// requests of the functions it serves: "offer a request".
class Compute {
 public:
  virtual ~Compute() = default;
  virtual bool serves(const FunctionConfig& function) const = 0;
  // Admits one request of `workload` now, or says why not (the sync path
  // then throttles it).
  virtual bool admit(std::uint32_t workload, sim::Time arrival, ThrottleCause& cause) = 0;
};

// Who invoked an execution on an environment and wants to hear when it ends
// (the async queue, an event source's poller): "an execution ended".
class ExecutionClient {
 public:
  virtual ~ExecutionClient() = default;
  virtual void execution_ended(std::uint32_t ticket, bool success) = 0;
  // The same, with how it ended (a client that reports outcomes, such as the
  // front door, overrides it).
  virtual void execution_outcome(std::uint32_t ticket, Outcome outcome) {
    execution_ended(ticket, outcome == Outcome::Succeeded);
  }
};

// A synchronous request's terminal state in its function's statistics.
void count_outcome(FunctionStats& stats, Outcome outcome);

// Per function: what every compute kind draws from when it runs the function.
// What a warm start reads comes first, in the first kHotDrawsBytes (two
// cache lines): the copied config fields, the duration and keep-alive
// streams, and the duration model's first fields (all that a duration that
// is not memory-aware reads). Cold starts and errors read what follows.
struct alignas(64) FunctionDraws {
  FunctionDraws(const Scenario& scenario, std::size_t function, std::uint64_t replication);
  // config's fields that every execution reads, copied here so that a warm
  // start touches none of the config's cache lines (#20; the config is 248
  // bytes now that its rare blocks are boxed, 824 when this was written).
  sim::Time timeout;
  double error_rate;
  sim::Rng duration_rng;
  sim::Rng keep_alive_rng;
  DurationModel duration;
  const FunctionConfig& config;
  sim::Rng init_rng;
  sim::Rng error_rng;
};
// FunctionDraws' leading bytes that a warm start reads (Environments::prefetch).
inline constexpr std::size_t kHotDrawsBytes = 2 * 64;

class Meters;
class TimeSeries;

// Requests a run holds at once (sync requests waiting for a client retry,
// async events from arrival to their end, event-source messages and records
// not yet done): beyond `max` (0: no limit) the run stops and
// RunResult::held_limit says where, so memory stays bounded whatever the
// load (RunOptions::max_held_requests).
struct HeldRequests {
  std::uint64_t max = 0;
  std::uint64_t count = 0;
  std::uint64_t peak = 0;  // most held at once (a split run's check, models/partition.hpp)
};

// What the hot path needs of a workload, packed (a WorkloadConfig is a few
// hundred bytes: at thousands of functions reading one per request is a
// cache miss).
struct WorkloadRoute {
  std::uint32_t function = 0;
  bool async = false;
  // The workload gives request or response sizes (payload.request_kb /
  // response_kb): without them the sync path reads nothing of the
  // (576-byte) workload config per request (#20).
  bool sized = false;
};

// What every component reads and reports into.
struct SimContext {
  const Scenario& scenario;
  const std::vector<WorkloadRoute>& routes;  // by workload
  std::uint64_t replication;
  sim::Engine& engine;
  RunResult& result;
  Meters& meters;
  TimeSeries& series;
  sim::HugePageVector<FunctionDraws>& draws;
  HeldRequests& held;

  sim::Time now() const { return engine.now(); }
  // One more request held by a component; stops the run when over the
  // limit (after the current event).
  void hold(std::uint32_t workload) {
    held.peak = std::max(held.peak, ++held.count);
    if (held.count > held.max && held.max > 0 && !result.held_limit) {
      result.held_limit = RunResult::HeldLimit{engine.now(), workload};
      engine.halt();
    }
  }
  void release_held() { --held.count; }
  // Statistics count requests that arrived after the warm-up.
  bool counted(sim::Time arrival) const { return arrival >= scenario.warmup; }
  FunctionStats& stats(std::size_t function) { return result.functions[function]; }
  // An execution started (cold: INIT first): counted in the time series
  // always, in the statistics when the request is `counted`. Returns the
  // statistics, for the caller's own counters, or nullptr when not counted.
  FunctionStats* record_invocation(std::size_t function, bool cold, bool counted);
  std::uint32_t function_of(std::uint32_t workload) const { return routes[workload].function; }
  bool is_async(std::uint32_t workload) const { return routes[workload].async; }
  bool is_sized(std::uint32_t workload) const { return routes[workload].sized; }
  // Workload w's index in the whole scenario, which names its random
  // streams: a part of a split run (models/partition.hpp) numbers its
  // workloads from 0 but must draw what the whole run draws.
  const std::vector<std::uint32_t>* workload_ids = nullptr;  // null: w itself
  std::uint32_t workload_id(std::uint32_t w) const { return workload_ids ? (*workload_ids)[w] : w; }
  // The random stream `purpose`/`name` of this replication.
  sim::Rng stream(const std::string& purpose, const std::string& name) const {
    return sim::Rng::stream(scenario.seed, replication, {purpose, "/", name});
  }
};

// One random stream per function, `purpose`/<function name>, made when a
// function first draws from it. A stream depends only on the seed, the
// replication and its name, so when it is made does not change its draws;
// and a fleet's functions that never use a feature (async events, most of
// them) do not pay for seeding its stream (~450 instructions each: a
// fleet's fixed cost, issue #20).
class LazyStreams {
 public:
  LazyStreams(const SimContext& ctx, std::string purpose)
      : scenario_(&ctx.scenario),
        replication_(ctx.replication),
        purpose_(std::move(purpose)),
        rngs_(ctx.scenario.functions.size()),
        made_(ctx.scenario.functions.size(), false) {}
  sim::Rng& operator[](std::size_t function) {
    if (!made_[function]) {
      rngs_[function] = sim::Rng::stream(scenario_->seed, replication_,
                                         {purpose_, "/", scenario_->functions[function].name});
      made_[function] = true;
    }
    return rngs_[function];
  }

 private:
  const Scenario* scenario_;
  std::uint64_t replication_;
  std::string purpose_;
  std::vector<sim::Rng> rngs_;
  std::vector<bool> made_;
};

}  // namespace ls::models
