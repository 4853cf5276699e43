// On-demand execution environments and the synchronous path: Lambda's
// default compute. A request takes an idle provisioned environment, else
// (within the account pool's limits) an idle on-demand one, else a new one
// if the scaling governor allows (a cold start); a throttled sync request is
// retried by its client with exponential backoff. An environment that ends
// its execution goes back to idle until its keep-alive expires.
//
// Other components use it through narrow calls: the async queue and the
// event sources invoke() on behalf of their requests and hear back through
// ExecutionClient; provisioned concurrency adds and removes provisioned
// environments; other compute kinds (add_compute) take the synchronous
// requests of their functions.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/account_pool.hpp"
#include "models/components/component.hpp"
#include "models/components/keep_alive.hpp"
#include "models/components/meters.hpp"
#include "models/env_pool.hpp"
#include "models/tenant_draw.hpp"
#include "sim/huge_pages.hpp"

namespace ls::models {

class Environments final : public RequestSink, public Component {
 public:
  static constexpr std::uint32_t kNoTicket = 0xFFFFFFFFu;

  Environments(SimContext& ctx, AccountPool& pool);

  // Synchronous workloads of every function (sent on to add_compute's kinds
  // for the functions they serve).
  bool accepts(const WorkloadConfig& workload) const override;
  void arrive(std::uint32_t workload) override;
  // Function f's synchronous requests go to `compute` when it serves f.
  void add_compute(Compute& compute);

  // A synchronous request of `workload` arriving at `arrival` fits the
  // platform's request size limit; one that does not is counted as
  // rejected (before Lambda runs: no invocation, no charge). `kb`, when
  // given, receives the size drawn (0 when the workload gives none).
  bool sync_request_fits(std::uint32_t workload, sim::Time arrival, double* kb = nullptr);

  // Registers who may invoke(); returns its caller id.
  std::uint8_t add_client(ExecutionClient& client);
  // Runs one execution of `workload` for `caller`'s `ticket` now, or says why
  // not. The caller hears execution_ended(ticket, success) at its end.
  // `tenant`: the request's tenant (tenant isolation; draw_tenant). `cold`,
  // when given, says whether the execution started on a new environment.
  bool invoke(std::uint32_t workload, sim::Time arrival, std::uint8_t caller, std::uint32_t ticket,
              ThrottleCause& cause, std::uint32_t tenant = 0, bool* cold = nullptr);
  // Tenant isolation: the tenant of one new request of function f (0 when
  // the function is not tenant-isolated; then no random number is drawn).
  std::uint32_t draw_tenant(std::size_t f);

  // Provisioned concurrency: one more provisioned environment, ready now.
  void add_provisioned(std::size_t f);
  // Removes `excess` provisioned environments: idle ones now, then busy ones
  // when their execution ends.
  void remove_provisioned(std::size_t f, int excess);

  // SnapStart: the function's new version is ready; its old version's
  // environments go (idle ones now, busy ones when their execution ends)
  // and the next cold starts restore the new snapshot, cache cold again.
  void new_version(std::size_t f);

  // Starts loading function f's state into the cache: a request of f
  // arrives next (a hint only; nothing changes).
  void prefetch(std::size_t f) const;
  // The second step, later in the same event (by then f's idle lists are
  // likely in cache): starts loading the environment that f's next request
  // would reuse, when the reuse policy says which (a hint only).
  void prefetch_reused(std::size_t f) const;

  void warmup_end() override;
  void finish() override;

 private:
  // Tenant isolation's state of one function (absent when it is off).
  struct Tenants {
    std::vector<IdleList> idle;       // one idle list per tenant, instead of PerFunction's
    std::vector<std::uint32_t> envs;  // each tenant's live environments
    std::vector<bool> seen;           // tenants that have had a request
    std::uint32_t with_environments = 0;
    TenantDraw draw;
    sim::Rng rng;
  };
  // The fields every request reads come first, in one cache line (#20).
  struct alignas(64) PerFunction {
    IdleList idle;               // on-demand environments
    IdleList provisioned_idle;   // provisioned environments
    Compute* compute = nullptr;  // null: on-demand environments
    int in_flight = 0;           // executions running on this component's environments
    std::uint32_t idle_gen = 0;  // of the pending function-idle event; bumped when one is armed
    std::unique_ptr<Tenants> tenants;  // tenant isolation; null when off
    sim::Rng reuse_rng{};
    sim::Rng retry_rng{};
    sim::Rng lifetime_rng{};       // max_environment_lifetime, per new environment
    sim::Rng function_idle_rng{};  // function_keep_alive, per idle stretch
    sim::Rng payload_rng{};        // sync request and response sizes
    // SnapStart: restores of the current version (its cache warms after
    // cache_warm_after of them) and the restore latency draws.
    std::uint64_t restores = 0;
    sim::Rng restore_rng{0};
  };
  // An environment for one more execution, or why there is none.
  struct Grant {
    EnvId env = kNoEnv;
    bool cold = false;
    ThrottleCause cause = ThrottleCause::AccountLimit;
  };
  // A sync request waiting for its client's retry.
  struct Retry {
    sim::Time arrival = 0;
    std::uint32_t workload = 0;
    std::uint32_t attempt = 0;  // attempts made
    bool in_use = false;
    std::uint32_t tenant = 0;  // tenant isolation
  };

  // The sync path.
  void offer(std::uint32_t workload, sim::Time arrival, std::uint32_t attempt,
             std::uint32_t tenant);
  void throttle(std::uint32_t workload, sim::Time arrival, std::uint32_t attempt,
                ThrottleCause cause, std::uint32_t tenant);
  void on_retry(const sim::Event& event);
  // The environments.
  bool acquire(std::size_t f, Grant& grant, std::uint32_t tenant);
  EnvId pick_idle(PerFunction& pf, IdleList& idle);
  // The idle list a request of `tenant` reuses from, and an environment of
  // `tenant` returns to (tenant isolation: the tenant's own).
  IdleList& idle_of(PerFunction& pf, std::uint32_t tenant) {
    return pf.tenants ? pf.tenants->idle[tenant] : pf.idle;
  }
  // Tenant isolation: tenant's live environments changed by `delta`.
  void count_tenant_environment(std::size_t f, std::uint32_t tenant, int delta);
  void start(EnvId env, std::uint32_t workload, sim::Time arrival, bool cold, std::uint8_t caller,
             std::uint32_t ticket);
  // SnapStart's cold start: restore latency + after-restore hooks (`hook`).
  sim::Time restore(std::size_t f, sim::Time& hook);
  // Savings plans: billed µs by the hour the execution started in.
  void add_hourly(FunctionUsage& usage, std::uint64_t exec_us, std::uint64_t init_us,
                  bool provisioned);
  // The response of a successful execution of a synchronous `workload`:
  // too large for the client, or a success, maybe streamed (which
  // lengthens `exec` by the capped part, `streamed_kb`, billed per GB).
  Outcome respond(std::uint32_t workload, PerFunction& pf, sim::Time& exec, double& streamed_kb);
  void on_complete(const sim::Event& event);
  void release(EnvId env, Outcome outcome);
  void make_idle(EnvId env);
  void on_expire(const sim::Event& event);
  // platform.function_keep_alive: the function's last execution ended now.
  void function_went_idle(std::size_t f);
  void on_function_idle(const sim::Event& event);
  void destroy(EnvId env);

  SimContext ctx_;  // a copy: one indirection less on every access
  AccountPool& pool_;
  sim::Engine& engine_;
  Meters& meters_;
  EnvPool envs_;
  sim::HugePageVector<PerFunction> functions_;
  std::vector<ExecutionClient*> clients_;  // [0]: none, the sync path itself
  std::vector<Retry> retries_;
  std::vector<std::uint32_t> free_retries_;
  std::uint32_t complete_kind_;
  std::uint32_t expire_kind_;
  std::uint32_t retry_kind_;
  std::uint32_t function_idle_kind_;
  KeepAliveTimer keep_alive_;
  bool hourly_ = false;  // a savings plan needs usage by the hour
};

}  // namespace ls::models
