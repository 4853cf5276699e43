#include "models/components/environments.hpp"

#include <algorithm>

#include "models/billing.hpp"
#include "models/components/time_series.hpp"
#include "models/free_slot.hpp"

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
  for (const FunctionConfig& fn : ctx.scenario.functions)
    functions_.push_back(PerFunction{{},
                                     {},
                                     ctx.stream("reuse", fn.name),
                                     ctx.stream("client-retry", fn.name),
                                     ctx.stream("lifetime", fn.name),
                                     ctx.stream("function-keep-alive", fn.name)});
}

std::uint8_t Environments::add_client(ExecutionClient& client) {
  clients_.push_back(&client);
  return static_cast<std::uint8_t>(clients_.size() - 1);
}

bool Environments::invoke(std::uint32_t workload, sim::Time arrival, std::uint8_t caller,
                          std::uint32_t ticket, ThrottleCause& cause) {
  Grant grant;
  if (!acquire(ctx_.function_of(workload), grant)) {
    cause = grant.cause;
    return false;
  }
  start(grant.env, workload, arrival, grant.cold, caller, ticket);
  return true;
}

// Finds an environment for one more execution of function f: an idle
// provisioned one first, then (within the pool's limits) an idle on-demand
// one, then a new one if the scaling governor allows. On success the pool
// has counted the execution.
bool Environments::acquire(std::size_t f, Grant& grant) {
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
  if (!pf.idle.empty()) {
    pool_.take_rps(f, now);
    grant.env = pick_idle(pf);
    grant.cold = false;
    pool_.ondemand_started(f);
    return true;
  }
  if (!pool_.take_scaling(f, now)) {
    grant.cause = ThrottleCause::ScalingRate;
    return false;
  }
  pool_.take_rps(f, now);
  grant.env = envs_.allocate(static_cast<std::uint32_t>(f), now, false);
  grant.cold = true;
  if (const auto& lifetime = ctx_.scenario.platform.max_environment_lifetime; !lifetime.never)
    envs_[grant.env].retire_at = sim::add_saturating(now, lifetime.dist.sample(pf.lifetime_rng));
  meters_.set_environments(f, +1);
  if (engine_.warm()) ctx_.stats(f).environments_created++;
  pool_.ondemand_started(f);
  return true;
}

EnvId Environments::pick_idle(PerFunction& pf) {
  EnvId env = kNoEnv;
  switch (ctx_.scenario.platform.reuse) {
    case ReusePolicy::MostRecent: env = pf.idle.back(); break;
    case ReusePolicy::LeastRecent: env = pf.idle.front(); break;
    case ReusePolicy::Random:
      env =
          pf.idle.at(envs_.envs(), static_cast<std::uint32_t>(pf.reuse_rng.below(pf.idle.size())));
      break;
  }
  pf.idle.remove(envs_.envs(), env);
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
  if (draws.config.error_rate > 0 && draws.error_rng.uniform() < draws.config.error_rate)
    outcome = Outcome::Failed;
  if (exec >= draws.config.timeout) {
    exec = draws.config.timeout;  // ended (and billed) at the timeout
    outcome = Outcome::TimedOut;
  }
  sim::Time init = 0;
  auto& usage = ctx_.result.usage[f];
  if (cold) {
    init = draws.config.init.sample(draws.init_rng);
    if (init >= platform.init_timeout) {
      init = platform.init_timeout;
      exec = 0;
      outcome = Outcome::InitFailed;
    }
    if (platform.billing.bill_init.value_or(true))
      usage.init_billed_us += billed_us(init, platform.billing.granularity);
  }
  usage.requests++;
  (env.provisioned ? usage.pc_billed_us : usage.ondemand_billed_us) +=
      billed_us(exec, platform.billing.granularity);

  env.state = EnvState::Busy;
  env.request_arrival = arrival;
  env.request_counted = counted;
  env.caller = caller;
  env.request = ticket;
  env.outcome = static_cast<std::uint8_t>(outcome);
  engine_.schedule(engine_.now() + init + exec, complete_kind_, id, env.gen);
  meters_.set_busy(f, +1, env.provisioned);
  ++functions_[f].in_flight;
  SeriesRow& row = ctx_.series.row(f);
  row.invocations++;
  if (cold) row.cold_starts++;
  if (!counted) return;
  auto& stats = ctx_.stats(f);
  stats.invocations++;
  if (ctx_.is_async(workload)) stats.async_attempts++;
  if (env.provisioned) stats.pc_invocations++;
  if (cold) {
    stats.cold_starts++;
    if (meters_.provisioned(f) > 0) stats.cold_starts_with_pc++;
  }
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
    switch (outcome) {
      case Outcome::Succeeded: stats.succeeded++; break;
      case Outcome::Failed: stats.failed++; break;
      case Outcome::TimedOut: stats.timed_out++; break;
      case Outcome::InitFailed:
        stats.failed++;
        stats.init_failures++;
        break;
    }
    stats.latency_ms.add(sim::to_millis(engine_.now() - env.request_arrival));
  }
  release(id, outcome);
  // Only now, with the environment free again: what follows may start new
  // invocations (a poller's next batch), which may reuse it — or allocate
  // environments, which invalidates references into the pool.
  if (ticket != kNoTicket) clients_[caller]->execution_ended(ticket, outcome == Outcome::Succeeded);
}

// The environment's execution ended: back to idle (or to its provisioned
// pool), or discarded after a timeout, a failed INIT or its maximum lifetime.
void Environments::release(EnvId id, Outcome outcome) {
  Env& env = envs_[id];
  const std::size_t f = env.function;
  env.request = kNoTicket;
  meters_.set_busy(f, -1, env.provisioned);
  if (!env.provisioned) pool_.ondemand_ended(f);
  if (--functions_[f].in_flight == 0) function_went_idle(f);
  // A timeout or a failed INIT resets the environment: the next request
  // on it would be cold, which is the same as discarding it.
  const bool reset = outcome == Outcome::TimedOut || outcome == Outcome::InitFailed;
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
  functions_[env.function].idle.push_back(envs_.envs(), id);
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
  functions_[env.function].idle.remove(envs_.envs(), id);
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
}

void Environments::destroy(EnvId id) {
  const std::size_t f = envs_[id].function;
  meters_.set_environments(f, -1);
  if (engine_.warm()) ctx_.stats(f).environments_reclaimed++;
  envs_.release(id);
}

void Environments::add_provisioned(std::size_t f) {
  const EnvId id = envs_.allocate(static_cast<std::uint32_t>(f), engine_.now(), true);
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
         workload.source.type == SourceConfig::Type::None;
}

void Environments::arrive(std::uint32_t workload) { offer(workload, engine_.now(), 1); }

void Environments::add_compute(Compute& compute) {
  for (std::size_t f = 0; f < functions_.size(); ++f)
    if (compute.serves(ctx_.scenario.functions[f])) functions_[f].compute = &compute;
}

void Environments::offer(std::uint32_t workload, sim::Time arrival, std::uint32_t attempt) {
  const std::size_t f = ctx_.function_of(workload);
  ThrottleCause cause = ThrottleCause::AccountLimit;
  if (Compute* compute = functions_[f].compute) {
    if (!compute->admit(workload, arrival, cause)) throttle(workload, arrival, attempt, cause);
    return;
  }
  Grant grant;
  if (!acquire(f, grant)) return throttle(workload, arrival, attempt, grant.cause);
  start(grant.env, workload, arrival, grant.cold, 0, kNoTicket);
}

void Environments::throttle(std::uint32_t workload, sim::Time arrival, std::uint32_t attempt,
                            ThrottleCause cause) {
  const auto& wl = ctx_.scenario.workloads[workload];
  const bool counted = ctx_.counted(arrival);
  meters_.count_throttle(wl.function, counted, attempt == 1, cause);
  const auto& retry = wl.client_retry;
  if (attempt > static_cast<std::uint32_t>(retry.max)) {
    if (counted) ctx_.stats(wl.function).throttled_final++;
    return;
  }
  // Exponential backoff, base × 2^(attempt−1), with full jitter when asked.
  const int shift = static_cast<int>(std::min<std::uint32_t>(attempt - 1, 30));
  double delay = sim::to_seconds(retry.backoff) * static_cast<double>(1LL << shift);
  if (retry.jitter == ClientRetry::Jitter::Full)
    delay *= functions_[wl.function].retry_rng.uniform();
  const std::uint32_t slot = take_free_slot(retries_, free_retries_);
  retries_[slot] = Retry{arrival, workload, attempt, true};
  ctx_.hold(workload);
  engine_.schedule(sim::add_saturating(engine_.now(), sim::from_seconds(delay)), retry_kind_, slot);
}

void Environments::on_retry(const sim::Event& ev) {
  const Retry retry = retries_[ev.index];
  retries_[ev.index].in_use = false;
  free_retries_.push_back(ev.index);
  ctx_.release_held();
  if (ctx_.counted(retry.arrival)) ctx_.stats(ctx_.function_of(retry.workload)).retries++;
  offer(retry.workload, retry.arrival, retry.attempt + 1);
}

}  // namespace ls::models
