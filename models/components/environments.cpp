#include "models/components/environments.hpp"

#include <algorithm>
#include <cmath>

#include "models/billing.hpp"
#include "models/components/client_retry.hpp"
#include "models/components/payload.hpp"
#include "models/components/time_series.hpp"
#include "models/free_slot.hpp"
#include "sim/prefetch.hpp"

namespace ls::models {

Environments::Environments(SimContext& ctx, AccountPool& pool)
    : ctx_(ctx),
      pool_(pool),
      engine_(ctx.engine),
      meters_(ctx.meters),
      clients_(1, nullptr),
      complete_kind_(ctx.engine.add_kind<&Environments::on_complete>(this)),
      expire_kind_(ctx.engine.add_kind<&Environments::on_expire>(this)),
      retry_kind_(ctx.engine.add_kind<&Environments::on_retry>(this)),
      function_idle_kind_(ctx.engine.add_kind<&Environments::on_function_idle>(this)),
      keep_alive_(ctx.scenario.platform, ctx.engine, expire_kind_) {
  functions_.resize(ctx.scenario.functions.size());
  for (std::size_t f = 0; f < functions_.size(); ++f) {
    const std::string& name = ctx.scenario.functions[f].name;
    PerFunction& pf = functions_[f];
    pf.reuse_rng = ctx.stream("reuse", name);
    pf.retry_rng = ctx.stream("client-retry", name);
    pf.lifetime_rng = ctx.stream("lifetime", name);
    pf.function_idle_rng = ctx.stream("function-keep-alive", name);
    pf.payload_rng = ctx.stream("payload", name);
  }
  for (std::size_t f = 0; f < functions_.size(); ++f)
    if (ctx.scenario.functions[f].snapstart->enabled)
      functions_[f].restore_rng = ctx.stream("snapstart-restore", ctx.scenario.functions[f].name);
  hourly_ = ctx.scenario.platform.billing.savings_plan.enabled();
  for (std::size_t f = 0; f < functions_.size(); ++f) {
    const TenantIsolation& isolation = *ctx.scenario.functions[f].tenant_isolation;
    if (!isolation.enabled()) continue;
    PerFunction& pf = functions_[f];
    const auto k = static_cast<std::size_t>(isolation.tenants);
    pf.tenants = std::make_unique<Tenants>();
    pf.tenants->idle.resize(k);
    pf.tenants->envs.assign(k, 0);
    pf.tenants->seen.assign(k, false);
    pf.tenants->draw = TenantDraw(isolation);
    pf.tenants->rng = ctx.stream("tenant", ctx.scenario.functions[f].name);
  }
}

void Environments::prefetch(std::size_t f) const {
  const PerFunction& pf = functions_[f];
  sim::prefetch_line(&pf);  // the fields every request reads
  pool_.prefetch(f);
  const FunctionDraws& draws = ctx_.draws[f];
  sim::prefetch(draws, kHotDrawsBytes);                  // a warm start's draws
  sim::prefetch(ctx_.result.usage[f], sim::kCacheLine);  // what a warm start writes
  meters_.prefetch(f);
}

void Environments::prefetch_reused(std::size_t f) const {
  const PerFunction& pf = functions_[f];
  EnvId env = pf.provisioned_idle.back();
  if (env == kNoEnv && !pf.tenants) {
    switch (ctx_.scenario.platform.reuse) {
      case ReusePolicy::MostRecent: env = pf.idle.back(); break;
      case ReusePolicy::LeastRecent: env = pf.idle.front(); break;
      case ReusePolicy::Random: break;  // not known before the draw
    }
  }
  if (env != kNoEnv) sim::prefetch(envs_[env]);
}

std::uint32_t Environments::draw_tenant(std::size_t f) {
  PerFunction& pf = functions_[f];
  return pf.tenants ? pf.tenants->draw.draw(pf.tenants->rng) : 0;
}

void Environments::count_tenant_environment(std::size_t f, std::uint32_t tenant, int delta) {
  Tenants& t = *functions_[f].tenants;
  std::uint32_t& envs = t.envs[tenant];
  if (delta > 0 && envs++ == 0) ++t.with_environments;
  if (delta < 0 && --envs == 0) --t.with_environments;
  ctx_.stats(f).tenants().with_environments.set(engine_.now(), t.with_environments);
}

void Environments::warmup_end() {
  for (std::size_t f = 0; f < functions_.size(); ++f)
    if (const auto& tenants = functions_[f].tenants)
      ctx_.stats(f).tenants().with_environments.reset(engine_.now(), tenants->with_environments);
}

std::uint8_t Environments::add_client(ExecutionClient& client) {
  clients_.push_back(&client);
  return static_cast<std::uint8_t>(clients_.size() - 1);
}

bool Environments::invoke(std::uint32_t workload, sim::Time arrival, std::uint8_t caller,
                          std::uint32_t ticket, ThrottleCause& cause, std::uint32_t tenant,
                          bool* cold) {
  Grant grant;
  if (!acquire(ctx_.function_of(workload), grant, tenant)) {
    cause = grant.cause;
    return false;
  }
  if (cold != nullptr) *cold = grant.cold;
  start(grant.env, workload, arrival, grant.cold, caller, ticket);
  return true;
}

// Finds an environment for one more execution of function f: an idle
// provisioned one first, then (within the pool's limits) an idle on-demand
// one, then a new one if the scaling governor allows. On success the pool
// has counted the execution. Under tenant isolation only `tenant`'s idle
// environments may serve it, and a new one is the tenant's.
bool Environments::acquire(std::size_t f, Grant& grant, std::uint32_t tenant) {
  PerFunction& pf = functions_[f];
  const sim::Time now = engine_.now();
  // The RPS cap is asked only once the request could otherwise start, and
  // spent only when it does (AccountPool::may_start_rps).
  const auto rps_throttled = [&] {
    if (pool_.may_start_rps(f, now)) return false;
    grant.cause = ThrottleCause::RpsCap;
    return true;
  };
  if (!pf.provisioned_idle.empty()) {
    if (rps_throttled()) return false;
    pool_.take_rps(f, now);
    grant.env = pf.provisioned_idle.back();
    pf.provisioned_idle.remove(envs_.envs(), grant.env);
    grant.cold = false;
    return true;
  }
  if (auto cause = pool_.check_ondemand(f)) {
    grant.cause = *cause;
    return false;
  }
  if (rps_throttled()) return false;
  if (IdleList& idle = idle_of(pf, tenant); !idle.empty()) {
    pool_.take_rps(f, now);
    grant.env = pick_idle(pf, idle);
    grant.cold = false;
    pool_.ondemand_started(f);
    return true;
  }
  if (!pool_.take_scaling(f, now)) {
    grant.cause = ThrottleCause::ScalingRate;
    return false;
  }
  pool_.take_rps(f, now);
  grant.env = envs_.allocate(static_cast<std::uint32_t>(f), false);
  grant.cold = true;
  if (const auto& lifetime = ctx_.scenario.platform.max_environment_lifetime; !lifetime.never)
    envs_[grant.env].retire_at = sim::add_saturating(now, lifetime.dist.sample(pf.lifetime_rng));
  meters_.set_environments(f, +1);
  if (engine_.warm()) ctx_.stats(f).environments_created++;
  if (pf.tenants) {
    envs_[grant.env].tenant = tenant;
    count_tenant_environment(f, tenant, +1);
    ctx_.result.usage[f].tenant_environments++;
  }
  pool_.ondemand_started(f);
  return true;
}

EnvId Environments::pick_idle(PerFunction& pf, IdleList& idle) {
  EnvId env = kNoEnv;
  switch (ctx_.scenario.platform.reuse) {
    case ReusePolicy::MostRecent: env = idle.back(); break;
    case ReusePolicy::LeastRecent: env = idle.front(); break;
    case ReusePolicy::Random:
      env = idle.at(envs_.envs(), static_cast<std::uint32_t>(pf.reuse_rng.below(idle.size())));
      break;
  }
  idle.remove(envs_.envs(), env);
  return env;
}

void Environments::start(EnvId id, std::uint32_t workload, sim::Time arrival, bool cold,
                         std::uint8_t caller, std::uint32_t ticket) {
  Env& env = envs_[id];
  const std::size_t f = env.function;
  FunctionDraws& draws = ctx_.draws[f];
  const auto& platform = ctx_.scenario.platform;
  const bool counted = ctx_.counted(arrival);
  sim::Time exec = draws.duration.sample(draws.duration_rng);
  Outcome outcome = Outcome::Succeeded;
  if (draws.error_rate > 0 && draws.error_rng.uniform() < draws.error_rate)
    outcome = Outcome::Failed;
  sim::Time init = 0;
  bool suppressed_init = false;
  sim::Time hook = 0;  // SnapStart's after-restore hooks: billed with the execution
  std::uint64_t init_us = 0;
  auto& usage = ctx_.result.usage[f];
  if (cold) {
    const bool snapstart = draws.config.snapstart->enabled;
    init = snapstart ? restore(f, hook) : draws.config.init.sample(draws.init_rng);
    if (snapstart && init >= platform.init_timeout) {
      // A restore (with its hooks) past the limit fails the invocation
      // (SnapStartTimeoutException): the handler never runs.
      init = platform.init_timeout;
      exec = 0;
      hook = 0;
      outcome = Outcome::Failed;
    } else if (init >= platform.init_timeout) {
      // A suppressed init (AWS lambda-runtime-environment.html): INIT is
      // stopped at init_timeout, then re-run at the first invocation under
      // the function's timeout, and the REPORT (billed) duration holds the
      // re-run INIT + the handler. The re-run takes as long as this attempt
      // would have (one draw: the same code initialising).
      suppressed_init = true;
      exec += init;
      init = platform.init_timeout;
    }
    // The stopped attempt is billed as an INIT phase too: AWS does not say;
    // the Lambda Web Adapter docs say Lambda "bills for the init time". A
    // restore is not INIT: its price is the restore charge (billing.cpp).
    if (!snapstart && platform.billing.bill_init.value_or(true)) {
      init_us = billed_us(init, platform.billing.granularity);
      usage.init_billed_us += init_us;
    }
  }
  if (exec >= draws.timeout) {
    exec = draws.timeout;  // ended (and billed) at the timeout
    outcome = Outcome::TimedOut;
  }
  if (outcome == Outcome::Succeeded) {
    const sim::Time computed = exec;
    double streamed_kb = 0;
    outcome = respond(workload, functions_[f], exec, streamed_kb);
    if (exec >= draws.timeout) {
      // Still streaming at the timeout: what was written by then is billed.
      streamed_kb *=
          static_cast<double>(draws.timeout - computed) / static_cast<double>(exec - computed);
      exec = draws.timeout;
      outcome = Outcome::TimedOut;
    }
    // Only when there is one: a response that is not streamed (most) then
    // touches no other cache line of the usage than its first.
    if (streamed_kb > 0)
      usage.streamed_bytes += static_cast<std::uint64_t>(std::llround(streamed_kb * 1024.0));
  }
  usage.requests++;
  const std::uint64_t exec_us = billed_us(exec + hook, platform.billing.granularity);
  (env.provisioned ? usage.pc_billed_us : usage.ondemand_billed_us) += exec_us;
  if (hourly_) add_hourly(usage, exec_us, init_us, env.provisioned);

  env.state = EnvState::Busy;
  env.request_arrival = arrival;
  env.request_counted = counted;
  env.caller = caller;
  env.request = ticket;
  env.outcome = static_cast<std::uint8_t>(outcome);
  const sim::Time end = engine_.now() + init + exec;
  engine_.schedule(end, complete_kind_, id, env.gen);
  // A sync request's latency is known now: start loading the bucket that
  // on_complete will count it in (at fleet scale, a cache miss per request).
  if (ticket == kNoTicket && counted)
    ctx_.stats(f).latency_ms.prefetch(sim::to_millis(end - arrival));
  meters_.set_busy(f, +1, env.provisioned);
  ++functions_[f].in_flight;
  FunctionStats* counted_in = ctx_.record_invocation(f, cold, counted);
  if (!counted_in) return;
  FunctionStats& stats = *counted_in;
  if (auto& tenants = functions_[f].tenants; tenants && !tenants->seen[env.tenant]) {
    tenants->seen[env.tenant] = true;
    stats.tenants().active++;
  }
  if (ctx_.is_async(workload)) stats.async().attempts++;
  if (env.provisioned) stats.pc_invocations++;
  if (cold && meters_.provisioned(f) > 0) stats.cold_starts_with_pc++;
  if (cold && suppressed_init) stats.suppressed_inits++;
}

sim::Time Environments::restore(std::size_t f, sim::Time& hook) {
  PerFunction& pf = functions_[f];
  const SnapStartConfig& snap = *ctx_.draws[f].config.snapstart;
  const Dist& latency = pf.restores < static_cast<std::uint64_t>(snap.cache_warm_after)
                            ? snap.restore_cold_cache
                            : snap.restore;
  ++pf.restores;
  ctx_.result.usage[f].snapstart_restores++;
  const sim::Time restored = latency.sample(pf.restore_rng);
  hook = snap.after_restore.sample(pf.restore_rng);
  return restored + hook;
}

void Environments::add_hourly(FunctionUsage& usage, std::uint64_t exec_us, std::uint64_t init_us,
                              bool provisioned) {
  const auto hour = static_cast<std::size_t>(engine_.now() / sim::kHour);
  if (usage.hourly.size() <= hour) usage.hourly.resize(hour + 1);
  FunctionUsage::Hour& h = usage.hourly[hour];
  (provisioned ? h.pc_billed_us : h.ondemand_billed_us) += exec_us;
  h.init_billed_us += init_us;
}

void Environments::on_complete(const sim::Event& ev) {
  const EnvId id = ev.index;
  Env& env = envs_[id];
  if (env.gen != ev.gen || env.state != EnvState::Busy) {
    engine_.count_stale();
    return;
  }
  const std::size_t f = env.function;
  const auto outcome = static_cast<Outcome>(env.outcome);
  const std::uint8_t caller = env.caller;
  const std::uint32_t ticket = env.request;
  if (outcome != Outcome::Succeeded && env.request_counted) ctx_.stats(f).attempt_errors++;
  if (ticket == kNoTicket && env.request_counted) {  // a sync request's outcome
    auto& stats = ctx_.stats(f);
    count_outcome(stats, outcome);
    stats.latency_ms.add(sim::to_millis(engine_.now() - env.request_arrival));
  }
  release(id, outcome);
  // Only now, with the environment free again: what follows may start new
  // invocations (a poller's next batch), which may reuse it — or allocate
  // environments, which invalidates references into the pool.
  if (ticket != kNoTicket) clients_[caller]->execution_outcome(ticket, outcome);
}

// A streamed response goes out at full speed for its first
// stream_uncapped_kb, then at stream_kb_per_s: the function runs (and is
// billed) until the last byte is written; the part beyond the first
// stream_uncapped_kb is also billed per GB (AWS: "The first 6 MB ... has
// uncapped bandwidth. After this initial burst, Lambda streams your response
// at a maximum rate of 2 MBps"; "You can stream the first 6 MB per request at
// no cost"). Through a REST API the gateway's own cap (its first 10 MB
// uncapped, then 2 MB/s: response-transfer-mode.html) never binds: Lambda's
// stream is already at 2 MB/s from 6 MB on.
Outcome Environments::respond(std::uint32_t workload, PerFunction& pf, sim::Time& exec,
                              double& streamed_kb) {
  if (!ctx_.is_sized(workload)) return Outcome::Succeeded;
  const WorkloadConfig& wl = ctx_.scenario.workloads[workload];
  if (!wl.payload->response_kb || wl.invocation != Invocation::Sync ||
      wl.source->type != SourceConfig::Type::None)
    return Outcome::Succeeded;
  const PayloadLimits& limits = ctx_.scenario.platform.payload;
  const double kb = draw_kb(*wl.payload->response_kb, pf.payload_rng);
  if (!wl.payload->stream)
    return kb > limits.sync_response_kb ? Outcome::ResponseTooLarge : Outcome::Succeeded;
  if (kb > limits.streamed_response_kb) return Outcome::ResponseTooLarge;
  // Through a REST API, each started 10 MB of the response bills one more
  // request (the first was counted when the gateway passed it on).
  if (wl.front_door->type == FrontDoorConfig::Type::RestApi && kb > kRestStreamMeteringKb)
    ctx_.result.usage[wl.function].rest_api_requests +=
        static_cast<std::uint64_t>(std::ceil(kb / kRestStreamMeteringKb)) - 1;
  const double capped = kb - limits.stream_uncapped_kb;
  if (capped > 0) {
    exec = sim::add_saturating(exec, sim::from_seconds(capped / limits.stream_kb_per_s));
    streamed_kb = capped;
  }
  return Outcome::Succeeded;
}

// The environment's execution ended: back to idle (or to its provisioned
// pool), or discarded after a timeout or at its maximum lifetime.
void Environments::release(EnvId id, Outcome outcome) {
  Env& env = envs_[id];
  const std::size_t f = env.function;
  env.request = kNoTicket;
  meters_.set_busy(f, -1, env.provisioned);
  if (!env.provisioned) pool_.ondemand_ended(f);
  if (--functions_[f].in_flight == 0) function_went_idle(f);
  // A timeout resets the environment: the next request on it would be
  // cold, which is the same as discarding it.
  const bool reset = outcome == Outcome::TimedOut;
  if (env.provisioned) {
    if (env.retire_when_done) return destroy(id);
    env.state = EnvState::Idle;
    functions_[f].provisioned_idle.push_back(envs_.envs(), id);
    return;
  }
  if (reset || engine_.now() >= env.retire_at) return destroy(id);
  make_idle(id);
}

void Environments::make_idle(EnvId id) {
  Env& env = envs_[id];
  env.state = EnvState::Idle;
  idle_of(functions_[env.function], env.tenant).push_back(envs_.envs(), id);
  keep_alive_.idle(env.expiry, ctx_.draws[env.function].keep_alive_rng, env.retire_at, id, env.gen);
}

void Environments::on_expire(const sim::Event& ev) {
  const EnvId id = ev.index;
  Env& env = envs_[id];
  if (env.gen != ev.gen) {
    engine_.count_stale();
    return;
  }
  // Provisioned environments are not reclaimed for idleness.
  const bool idle = env.state == EnvState::Idle && !env.provisioned;
  if (!keep_alive_.expired(env.expiry, idle, id, env.gen)) return;
  idle_of(functions_[env.function], env.tenant).remove(envs_.envs(), id);
  destroy(id);
}

void Environments::function_went_idle(std::size_t f) {
  const KeepAlive& after = ctx_.scenario.platform.function_keep_alive;
  if (after.never) return;
  PerFunction& pf = functions_[f];
  engine_.schedule(sim::add_saturating(engine_.now(), after.dist.sample(pf.function_idle_rng)),
                   function_idle_kind_, static_cast<std::uint32_t>(f), ++pf.idle_gen);
}

// No execution of the function has run for a draw of function_keep_alive:
// every idle on-demand environment goes (an execution since, or a newer
// idle stretch, makes the event stale).
void Environments::on_function_idle(const sim::Event& ev) {
  PerFunction& pf = functions_[ev.index];
  if (ev.gen != pf.idle_gen || pf.in_flight > 0) {
    engine_.count_stale();
    return;
  }
  while (!pf.idle.empty()) {
    const EnvId id = pf.idle.front();
    pf.idle.remove(envs_.envs(), id);
    destroy(id);
  }
  if (!pf.tenants) return;
  for (IdleList& idle : pf.tenants->idle) {
    while (!idle.empty()) {
      const EnvId id = idle.front();
      idle.remove(envs_.envs(), id);
      destroy(id);
    }
  }
}

void Environments::destroy(EnvId id) {
  const std::size_t f = envs_[id].function;
  meters_.set_environments(f, -1);
  if (functions_[f].tenants) count_tenant_environment(f, envs_[id].tenant, -1);
  if (engine_.warm()) ctx_.stats(f).environments_reclaimed++;
  envs_.release(id);
}

void Environments::new_version(std::size_t f) {
  PerFunction& pf = functions_[f];
  pf.restores = 0;
  while (!pf.idle.empty()) {
    const EnvId id = pf.idle.front();
    pf.idle.remove(envs_.envs(), id);
    destroy(id);
  }
  // Busy ones are discarded by release() when their execution ends.
  const sim::Time now = engine_.now();
  for (Env& env : envs_.envs())
    if (env.function == f && env.state == EnvState::Busy && !env.provisioned)
      env.retire_at = std::min(env.retire_at, now);
}

void Environments::add_provisioned(std::size_t f) {
  const EnvId id = envs_.allocate(static_cast<std::uint32_t>(f), true);
  functions_[f].provisioned_idle.push_back(envs_.envs(), id);
  meters_.set_environments(f, +1);
  if (engine_.warm()) ctx_.stats(f).environments_created++;
}

void Environments::remove_provisioned(std::size_t f, int excess) {
  auto& envs = envs_.envs();
  IdleList& idle = functions_[f].provisioned_idle;
  while (excess > 0 && !idle.empty()) {
    const EnvId id = idle.front();
    idle.remove(envs, id);
    destroy(id);
    --excess;
  }
  for (std::size_t id = 0; excess > 0 && id < envs.size(); ++id) {
    Env& env = envs[id];
    if (env.function == f && env.provisioned && env.state == EnvState::Busy &&
        !env.retire_when_done) {
      env.retire_when_done = true;
      --excess;
    }
  }
}

// Sync requests still in service or waiting for a client retry at the
// horizon (the callers count their own).
void Environments::finish() {
  for (const Env& env : envs_.envs())
    if (env.state == EnvState::Busy && env.request_counted && env.request == kNoTicket)
      ctx_.stats(env.function).in_flight_at_end++;
  for (const Retry& retry : retries_)
    if (retry.in_use && ctx_.counted(retry.arrival))
      ctx_.stats(ctx_.function_of(retry.workload)).in_flight_at_end++;
}

// The sync path: a request is offered to its function's compute; a
// throttled one is retried by its client. (One translation unit with the
// environments: offer, acquire, start and release inline into each other.)
bool Environments::accepts(const WorkloadConfig& workload) const {
  return workload.invocation == Invocation::Sync &&
         workload.source->type == SourceConfig::Type::None;
}

void Environments::arrive(std::uint32_t workload) {
  offer(workload, engine_.now(), 1, draw_tenant(ctx_.function_of(workload)));
}

void Environments::add_compute(Compute& compute) {
  for (std::size_t f = 0; f < functions_.size(); ++f)
    if (compute.serves(ctx_.scenario.functions[f])) functions_[f].compute = &compute;
}

bool Environments::sync_request_fits(std::uint32_t workload, sim::Time arrival, double* kb) {
  if (kb != nullptr) *kb = 0;
  if (!ctx_.is_sized(workload)) return true;  // no sizes: the workload config is not read
  const auto& size = ctx_.scenario.workloads[workload].payload->request_kb;
  if (!size) return true;
  const std::size_t f = ctx_.function_of(workload);
  const double drawn = draw_kb(*size, functions_[f].payload_rng);
  if (kb != nullptr) *kb = drawn;
  if (drawn <= ctx_.scenario.platform.payload.sync_request_kb) return true;
  if (ctx_.counted(arrival)) ctx_.stats(f).payload().rejected++;
  return false;
}

void Environments::offer(std::uint32_t workload, sim::Time arrival, std::uint32_t attempt,
                         std::uint32_t tenant) {
  // The request's size is checked once, before its first attempt.
  if (attempt == 1 && !sync_request_fits(workload, arrival)) return;
  const std::size_t f = ctx_.function_of(workload);
  ThrottleCause cause = ThrottleCause::AccountLimit;
  if (Compute* compute = functions_[f].compute) {
    if (!compute->admit(workload, arrival, cause))
      throttle(workload, arrival, attempt, cause, tenant);
    return;
  }
  Grant grant;
  if (!acquire(f, grant, tenant)) return throttle(workload, arrival, attempt, grant.cause, tenant);
  start(grant.env, workload, arrival, grant.cold, 0, kNoTicket);
}

void Environments::throttle(std::uint32_t workload, sim::Time arrival, std::uint32_t attempt,
                            ThrottleCause cause, std::uint32_t tenant) {
  const auto& wl = ctx_.scenario.workloads[workload];
  const bool counted = ctx_.counted(arrival);
  meters_.count_throttle(wl.function, counted, attempt == 1, cause);
  const auto& retry = wl.client_retry;
  if (attempt > static_cast<std::uint32_t>(retry.max)) {
    if (counted) ctx_.stats(wl.function).throttled_final++;
    return;
  }
  const double delay = client_backoff_s(retry, attempt, functions_[wl.function].retry_rng);
  const std::uint32_t slot = take_free_slot(retries_, free_retries_);
  retries_[slot] = Retry{arrival, workload, attempt, true, tenant};
  ctx_.hold(workload);
  engine_.schedule(sim::add_saturating(engine_.now(), sim::from_seconds(delay)), retry_kind_, slot);
}

void Environments::on_retry(const sim::Event& ev) {
  const Retry retry = retries_[ev.index];
  retries_[ev.index].in_use = false;
  free_retries_.push_back(ev.index);
  ctx_.release_held();
  if (ctx_.counted(retry.arrival)) ctx_.stats(ctx_.function_of(retry.workload)).retries++;
  offer(retry.workload, retry.arrival, retry.attempt + 1, retry.tenant);
}

}  // namespace ls::models
