// State of multi-concurrency compute inside a Simulation (private to
// simulation*.cpp): environments that serve many requests at once by
// processor sharing (ps_env.hpp), per-function routing, Managed Instances'
// scaling and instance count, Web Functions' scale to zero.
#pragma once

#include <cstdint>
#include <vector>

#include "models/account_pool.hpp"
#include "models/ps_env.hpp"
#include "models/scenario.hpp"
#include "sim/stats.hpp"

namespace ls::models {

struct MultiEnv {
  std::uint32_t function = 0;
  std::uint32_t gen = 0;  // bumped when freed: stale events are ignored
  bool alive = false;
  bool ready = false;                 // launched (MI) / initialised (web)
  bool draining = false;              // MI scale-in: takes no new request, goes when empty
  bool expiry_pending = false;        // web: an expiry event of this generation is queued
  sim::Time expire_at = sim::kNever;  // web: idle until then
  sim::Time ready_at = 0;             // when a launching / initialising one serves
  std::uint32_t completion_gen = 0;   // the pending completion event's, bumped to cancel
  sim::Time completion_at = sim::kNever;
  int io_waiting = 0;  // requests in their I/O wait (hold a slot, use no CPU)
  PsEnvironment ps;
  int load() const { return ps.active() + io_waiting; }
};

// A request in its I/O wait, before its CPU work joins the environment.
struct MultiIo {
  std::uint32_t env = 0;
  double work = 0.0;  // vCPU-seconds
  PsJob job;
  bool in_use = false;
};

struct MultiFunction {
  ComputeKind kind = ComputeKind::ManagedInstances;
  int capacity = 1;  // requests per environment
  int vcpus = 1;
  std::vector<std::uint32_t> envs;  // alive environments (ids into the pool)
  int ready = 0;
  int launching = 0;
  int busy_vcpus = 0;       // over ready environments
  sim::LevelStat cpu_busy;  // busy vCPUs, never reset (scaling and billing)
  double cpu_area_at_tick = 0.0;
  std::uint64_t throttled_in_period = 0;  // saturation signal for scaling
  int periods_above = 0;
  int periods_below = 0;
  int instances = 0;
  sim::Time accounted_at = 0;  // usage areas integrated up to here
  MicrosecondArea instance_area, env_area, cpu_area;
  // MI doubling throttle: peak concurrency per metric period, a ring.
  std::vector<int> peak;
  std::vector<std::int64_t> peak_period;
  TokenBucket rate_limit;  // web
  bool rate_limited = false;
};

}  // namespace ls::models
