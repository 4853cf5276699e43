// One replication of a scenario: the event loop of the synchronous
// invocation model (cold starts, keep-alive, the account pool, provisioned
// concurrency, scaling limits, throttling and client retries).
//
// The Simulation owns all its state (no globals), so replications run in
// parallel on separate threads. Models do no I/O: the result is returned.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "models/account_pool.hpp"
#include "models/arrivals.hpp"
#include "models/duration_model.hpp"
#include "models/env_pool.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "models/simulation_multi.hpp"
#include "sim/event_queue.hpp"
#include "sim/heap_event_queue.hpp"

namespace ls::models {

// How one execution ended.
enum class Outcome : std::uint8_t { Succeeded, Failed, TimedOut, InitFailed };

struct RunOptions {
  std::uint64_t replication = 0;
  sim::Time series_interval = 0;  // 0: no time series
  // Called now and then with the simulated time reached (progress bars).
  std::function<void(sim::Time)> progress;
};

class Simulation {
 public:
  Simulation(const Scenario& scenario, RunOptions options);
  ~Simulation();
  RunResult run();

 private:
  struct FunctionState;
  // A request that must outlive an event: a sync request waiting for its
  // client's retry, or an async event from arrival to its terminal state.
  struct Request {
    sim::Time arrival = 0;
    std::uint32_t workload = 0;
    std::uint32_t attempt = 0;    // sync: attempts made; async: invocations made
    std::uint32_t throttles = 0;  // async: throttle backoffs so far
    bool in_use = false;
  };
  static constexpr std::uint32_t kNoRequest = 0xFFFFFFFFu;
  // An environment for one more execution, or why there is none.
  struct Grant {
    EnvId env = kNoEnv;
    bool cold = false;
    ThrottleCause cause = ThrottleCause::AccountLimit;
  };

  void on_arrival(std::uint32_t source);
  bool acquire(std::size_t f, Grant& grant);
  void offer(std::uint32_t workload, sim::Time arrival, std::uint32_t attempt);
  void start(EnvId env, std::uint32_t workload, sim::Time arrival, bool cold,
             std::uint32_t request = kNoRequest);
  void count_throttle(std::size_t f, bool counted, bool first_attempt, ThrottleCause cause);
  void throttle(std::uint32_t workload, sim::Time arrival, std::uint32_t attempt,
                ThrottleCause cause);
  std::uint32_t new_request(sim::Time arrival, std::uint32_t workload);
  void free_request(std::uint32_t slot);
  void on_complete(EnvId env, std::uint32_t gen);
  void release_environment(EnvId env, Outcome outcome);
  // Asynchronous invocation (simulation_async.cpp).
  void offer_async(std::uint32_t slot);
  void complete_async(std::uint32_t slot, bool success);
  void wait_async(std::uint32_t slot, sim::Time delay);
  void on_async_retry(std::uint32_t slot);
  void on_async_expire(std::uint32_t slot);
  void end_async(std::uint32_t slot, bool success);
  void set_async_queue(std::size_t f, int delta);
  // Poll-based event sources (simulation_sources.cpp).
  struct SourceState;
  void init_sources();
  void on_source_arrival(std::uint32_t workload);
  void poll(std::uint32_t workload);
  void poll_queue(std::uint32_t workload);
  void poll_lane(std::uint32_t workload, std::uint32_t lane);
  bool launch_batch(std::uint32_t workload, std::uint32_t batch);
  void on_source_timer(std::uint32_t workload, std::uint32_t lane, std::uint32_t gen);
  void arm_timer(std::uint32_t workload, std::uint32_t lane, sim::Time at);
  void complete_batch(std::uint32_t batch, bool success);
  void complete_queue_batch(std::uint32_t batch, bool success);
  void complete_lane_batch(std::uint32_t batch, bool success);
  void on_batch_visible(std::uint32_t batch, std::uint32_t gen);
  void end_message(std::uint32_t workload, sim::Time arrival, int terminal);
  std::uint64_t source_items_in_flight(std::uint32_t workload) const;
  void set_backlog(std::uint32_t workload, int delta);
  std::uint32_t new_batch(std::uint32_t workload, std::uint32_t lane);
  void free_batch(std::uint32_t batch);
  void on_expire(EnvId env, std::uint32_t gen);
  void on_function_idle(std::size_t function, std::uint32_t gen);
  void on_retry(std::uint32_t slot);
  void on_warmup_end();
  void make_idle(EnvId env);
  void destroy(EnvId env);
  EnvId pick_idle(FunctionState& fs);
  void set_busy(std::size_t f, int delta, bool provisioned);
  void set_environments(std::size_t f, int delta);
  // Provisioned concurrency (simulation_provisioned.cpp).
  void schedule_provisioned();
  void on_provisioned_step(std::uint32_t function, std::uint32_t step);
  void on_provisioned_tick(std::uint32_t function);
  void on_provisioned_ready(std::uint32_t function, std::uint32_t count);
  void set_provisioned(std::size_t f, int count);
  void close_pc_period(std::size_t f);
  // Multi-concurrency compute (simulation_multi.cpp).
  void init_multi();
  void account_multi(std::size_t f);
  void set_multi_busy_vcpus(std::size_t f, int delta);
  void update_instances(std::size_t f);
  std::uint32_t new_multi_env(std::size_t f, bool ready);
  void remove_multi_env(std::uint32_t env);
  void reschedule_multi(std::uint32_t env);
  bool doubling_allows(std::size_t f);
  void record_peak(std::size_t f);
  std::uint32_t pick_multi(std::size_t f) const;
  void offer_multi(std::uint32_t workload, sim::Time arrival, std::uint32_t attempt);
  void admit_multi(std::uint32_t env, sim::Time arrival);
  void on_multi_complete(std::uint32_t env, std::uint32_t gen, std::uint32_t completion_gen);
  void idle_web_env(std::uint32_t env);
  void on_multi_expire(std::uint32_t env, std::uint32_t gen);
  void on_multi_ready(std::uint32_t env, std::uint32_t gen);
  void on_multi_tick(std::uint32_t function);
  void on_multi_io_done(std::uint32_t slot);
  void finish_multi();
  // Time series.
  void on_series_tick();
  void finish();

  const Scenario& scenario_;
  RunOptions options_;
  sim::EventQueue queue_;
  // The next arrival of each arrival source, merged with queue_ by (time,
  // seq): the most frequent events skip the radix heap's redistribution.
  sim::HeapEventQueue arrivals_;
  sim::Time now_ = 0;
  bool warm_ = false;  // past the warm-up
  EnvPool envs_;
  AccountPool pool_;
  std::vector<ArrivalSource> sources_;
  std::vector<sim::Rng> source_rngs_;
  std::vector<std::unique_ptr<FunctionState>> functions_;
  std::vector<Request> requests_;
  std::vector<std::uint32_t> free_requests_;
  std::vector<std::unique_ptr<SourceState>> source_states_;  // by workload; null: none
  struct Batch;
  std::vector<std::unique_ptr<Batch>> batches_;
  std::vector<std::uint32_t> free_batches_;
  std::vector<std::unique_ptr<MultiFunction>> multi_;  // by function; null: on-demand
  std::vector<MultiEnv> menvs_;
  std::vector<std::uint32_t> free_menvs_;
  std::vector<MultiIo> mio_;
  std::vector<std::uint32_t> free_mio_;
  RunResult result_;
  std::uint64_t stale_ = 0;
  sim::Time last_series_tick_ = 0;
};

// Runs one replication.
RunResult simulate(const Scenario& scenario, const RunOptions& options = {});

}  // namespace ls::models
