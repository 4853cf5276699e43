// Per-function state of a Simulation (private to simulation*.cpp).
#pragma once

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
};

enum class Outcome : std::uint8_t { Succeeded, Failed, TimedOut, InitFailed };

struct Simulation::FunctionState {
  FunctionState(const Scenario& scenario, std::size_t index, std::uint64_t replication);

  const FunctionConfig& config;
  DurationModel duration;
  sim::Rng duration_rng;
  sim::Rng init_rng;
  sim::Rng error_rng;
  sim::Rng keep_alive_rng;
  sim::Rng reuse_rng;
  sim::Rng retry_rng;
  sim::Rng async_rng;
  int async_waiting = 0;  // async events between attempts
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
