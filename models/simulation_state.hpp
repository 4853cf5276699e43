// Per-function state of a Simulation (private to simulation*.cpp).
#pragma once

#include <deque>

#include "models/simulation.hpp"

namespace ls::models {

enum class EventKind : std::uint32_t {
  Arrival,
  Complete,
  Expire,
  Retry,
  WarmupEnd,
  ProvisionedStep,
  ProvisionedTick,
  ProvisionedReady,
  SeriesTick,
  AsyncRetry,
  AsyncExpire,
  SourceTimer,   // index: workload, gen: lane, aux: timer generation
  BatchVisible,  // index: batch, gen: batch generation
  // Multi-concurrency compute (simulation_multi.cpp).
  MultiComplete,  // index: environment, gen: its generation, aux: completion generation
  MultiReady,     // index: environment, gen: its generation
  MultiExpire,    // index: environment, gen: its generation
  MultiTick,      // index: function
  MultiIoDone,    // index: slot of a request's I/O wait
  FunctionIdle,   // index: function, gen: its idle generation (platform.function_keep_alive)
};

// env.request: an async event's slot, or a batch's with this bit set.
inline constexpr std::uint32_t kBatchBit = 0x80000000u;

// A message (SQS) or record (stream) of an event source.
struct SourceItem {
  sim::Time arrival = 0;        // sent / written
  sim::Time visible_since = 0;  // SQS: when it (re)appeared in the queue
  std::uint32_t receives = 0;   // SQS: times received
  bool poison = false;          // fails every batch it is in
};

struct Simulation::Batch {
  std::uint32_t workload = 0;
  std::uint32_t lane = 0;  // stream: shard × parallelisation lane
  std::uint32_t gen = 0;
  std::uint32_t attempts = 0;
  bool in_use = false;
  bool running = false;
  bool released = false;  // SQS: visibility timeout passed while running
  sim::Time started = 0;
  std::vector<SourceItem> items;  // capacity kept across reuse
};

struct Simulation::SourceState {
  // SQS: one queue; streams: one lane per shard × parallelisation factor.
  struct Lane {
    std::deque<SourceItem> items;
    std::uint32_t pending_batch = 0xFFFFFFFFu;  // stream: failed batch to retry
    bool busy = false;                          // stream: a batch is running
    std::uint32_t timer_gen = 0;
    bool timer_armed = false;
    sim::Time timer_at = 0;
  };
  std::vector<Lane> lanes;
  sim::Rng rng;
  std::int64_t received = 0;  // items arrived so far (for poison_every)
  int running = 0;            // batches running
  double allowed = 0.0;       // SQS: concurrent batches the pollers may run
  sim::Time allowed_at = 0;
  int backlog = 0;  // items not yet done
};

struct Simulation::FunctionState {
  FunctionState(const Scenario& scenario, std::size_t index, std::uint64_t replication);

  const FunctionConfig& config;
  DurationModel duration;
  sim::Rng duration_rng;
  sim::Rng init_rng;
  sim::Rng error_rng;
  sim::Rng keep_alive_rng;
  sim::Rng lifetime_rng;
  sim::Rng function_idle_rng;
  std::uint32_t idle_gen = 0;  // the pending FunctionIdle event's; bumped when one is armed
  sim::Rng reuse_rng;
  sim::Rng retry_rng;
  sim::Rng async_rng;
  int async_waiting = 0;      // async events between attempts
  IdleList idle;              // on-demand environments
  IdleList provisioned_idle;  // provisioned environments
  int busy = 0;
  int busy_provisioned = 0;
  int alive = 0;
  int provisioned = 0;  // configured (and ready) provisioned environments
  std::size_t pc_period = static_cast<std::size_t>(-1);  // open entry in usage.pc_periods
  // Target tracking.
  sim::LevelStat tracking_busy;  // never reset: utilisation per metric period
  double tracking_area = 0.0;
  int periods_above = 0;
  int periods_below = 0;
  int pending_scale_out = 0;
  // Time series: the current interval.
  SeriesRow row;
  sim::LevelStat series_busy;
  sim::LevelStat series_environments;
  sim::LevelStat series_provisioned;
  sim::LevelStat series_provisioned_busy;
  sim::LevelStat series_async_queue;
};

}  // namespace ls::models
