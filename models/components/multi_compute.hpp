// Multi-concurrency compute (docs/compute.md): Lambda Managed Instances and
// Web Functions. Environments serve many requests at once by processor
// sharing (ps_env.hpp); requests are routed to the least loaded environment
// with room; Managed Instances scale on CPU utilisation and bill instances,
// Web Functions scale from and to zero and bill environments and active CPU.
// One pending completion event per environment, moved by generation-based
// cancellation whenever its number of requests changes.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <vector>

#include "models/account_pool.hpp"
#include "models/components/component.hpp"
#include "models/components/keep_alive.hpp"
#include "models/components/meters.hpp"
#include "models/env_pool.hpp"
#include "models/ps_env.hpp"
#include "sim/stats.hpp"

namespace ls::models {

class MultiCompute final : public Component, public Compute {
 public:
  explicit MultiCompute(SimContext& ctx);

  bool serves(const FunctionConfig& function) const override;
  bool admit(std::uint32_t workload, sim::Time arrival, ThrottleCause& cause) override;
  void start() override;
  void warmup_end() override;
  void finish() override;

 private:
  struct Env {
    std::uint32_t function = 0;
    std::uint32_t gen = 0;  // bumped when freed: stale events are ignored
    bool alive = false;
    bool ready = false;                // launched (MI) / initialised (web)
    bool draining = false;             // MI scale-in: takes no new request, goes when empty
    IdleExpiry expiry;                 // web: idle until then
    sim::Time ready_at = 0;            // when a launching / initialising one serves
    std::uint32_t completion_gen = 0;  // the pending completion event's, bumped to cancel
    sim::Time completion_at = sim::kNever;
    int io_waiting = 0;     // requests in their I/O wait (hold a slot, use no CPU)
    std::uint64_t seq = 0;  // creation order within its function (route ties)
    bool routable = false;  // filed in its function's `routable` set, under routed_key
    int routed_key = 0;
    PsEnvironment ps;
    int load() const { return ps.active() + io_waiting; }
  };
  // A request in its I/O wait, before its CPU work joins the environment.
  struct Io {
    std::uint32_t env = 0;
    double work = 0.0;  // vCPU-seconds
    PsJob job;
    bool in_use = false;
  };
  // An environment that may take one more request, in the order pick()
  // prefers them: ready before initialising, then the fewest requests, then
  // the oldest.
  struct Candidate {
    int key = 0;            // (ready ? 0 : 1 << 20) + requests
    std::uint64_t seq = 0;  // Env::seq
    std::uint32_t env = 0;
    auto operator<=>(const Candidate&) const = default;
  };
  struct Function {
    ComputeKind kind = ComputeKind::ManagedInstances;
    int capacity = 1;  // requests per environment
    int vcpus = 1;
    std::vector<std::uint32_t> envs;  // alive environments (ids into envs_), oldest first
    // The environments with room, kept in step with every change of their
    // load, readiness or draining (route()): picking one is O(log n), not
    // a scan of a fleet that may hold thousands.
    std::set<Candidate> routable;
    std::uint64_t next_seq = 0;
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

  void account(std::size_t f);
  void set_busy_vcpus(std::size_t f, int delta);
  void update_instances(std::size_t f);
  std::uint32_t new_env(std::size_t f, bool ready);
  void remove_env(std::uint32_t env);
  void reschedule(std::uint32_t env);
  bool doubling_allows(std::size_t f);
  void record_peak(std::size_t f);
  std::uint32_t pick(std::size_t f) const;
  void route(std::uint32_t env);  // files env in (or out of) its function's `routable`
  void admit_to(std::uint32_t env, sim::Time arrival);
  void idle_web_env(std::uint32_t env);
  void on_complete(const sim::Event& event);
  void on_ready(const sim::Event& event);
  void on_expire(const sim::Event& event);
  void on_tick(const sim::Event& event);
  void on_io_done(const sim::Event& event);

  SimContext ctx_;  // a copy: one indirection less on every access
  Meters& meters_;
  std::uint32_t complete_kind_;
  std::uint32_t ready_kind_;
  std::uint32_t expire_kind_;
  std::uint32_t tick_kind_;
  std::uint32_t io_done_kind_;
  KeepAliveTimer keep_alive_;
  std::vector<std::unique_ptr<Function>> functions_;  // null: not served here
  std::vector<Env> envs_;
  std::vector<std::uint32_t> free_envs_;
  std::vector<Io> io_;
  std::vector<std::uint32_t> free_io_;
};

}  // namespace ls::models
