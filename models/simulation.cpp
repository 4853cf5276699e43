#include "models/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include "models/billing.hpp"
#include "models/free_slot.hpp"
#include "models/simulation_state.hpp"

namespace ls::models {
namespace {

using sim::Time;

constexpr std::uint32_t kind_of(EventKind k) { return static_cast<std::uint32_t>(k); }

sim::Rng stream(const Scenario& s, std::uint64_t replication, const std::string& purpose,
                const std::string& name) {
  return sim::Rng::stream(s.seed, replication, purpose + "/" + name);
}

}  // namespace

Simulation::FunctionState::FunctionState(const Scenario& s, std::size_t index,
                                         std::uint64_t replication)
    : config(s.functions[index]),
      duration(s.platform, s.functions[index]),
      duration_rng(stream(s, replication, "duration", config.name)),
      init_rng(stream(s, replication, "init", config.name)),
      error_rng(stream(s, replication, "errors", config.name)),
      keep_alive_rng(stream(s, replication, "keep-alive", config.name)),
      lifetime_rng(stream(s, replication, "lifetime", config.name)),
      function_idle_rng(stream(s, replication, "function-keep-alive", config.name)),
      reuse_rng(stream(s, replication, "reuse", config.name)),
      retry_rng(stream(s, replication, "client-retry", config.name)),
      async_rng(stream(s, replication, "async", config.name)) {}

Simulation::Simulation(const Scenario& scenario, RunOptions options)
    : scenario_(scenario), options_(std::move(options)), pool_(scenario) {
  const std::size_t n = scenario.functions.size();
  result_.functions.resize(n);
  result_.usage.resize(n);
  result_.series_interval = options_.series_interval;
  for (std::size_t f = 0; f < n; ++f)
    functions_.push_back(std::make_unique<FunctionState>(scenario, f, options_.replication));
  sources_ = make_arrival_sources(scenario);
  // Streams are named after the function and the workload's position among
  // that function's workloads, so adding a workload elsewhere shifts nothing.
  std::vector<std::size_t> per_function(n, 0);
  std::vector<std::size_t> ordinal_of_workload(scenario.workloads.size());
  for (std::size_t w = 0; w < scenario.workloads.size(); ++w)
    ordinal_of_workload[w] = per_function[scenario.workloads[w].function]++;
  for (const auto& source : sources_) {
    const auto& wl = scenario.workloads[source.workload];
    const std::string name = scenario.functions[wl.function].name + "#" +
                             std::to_string(ordinal_of_workload[source.workload]) + "." +
                             std::to_string(source.ordinal);
    source_rngs_.push_back(stream(scenario, options_.replication, "arrivals", name));
  }
}

Simulation::~Simulation() = default;

RunResult Simulation::run() {
  const auto wall_start = std::chrono::steady_clock::now();
  const Time horizon = scenario_.horizon;
  warm_ = scenario_.warmup == 0;
  if (!warm_) queue_.push(scenario_.warmup, kind_of(EventKind::WarmupEnd), 0);
  init_sources();
  schedule_provisioned();  // before arrivals: provisioned environments at time 0 come first
  init_multi();
  for (std::uint32_t s = 0; s < sources_.size(); ++s) {
    const Time t = sources_[s].generator.next(source_rngs_[s]);
    if (t < horizon)
      arrivals_.push(sim::Event{t, queue_.take_seq(), kind_of(EventKind::Arrival), s, 0, 0});
  }
  if (options_.series_interval > 0)
    queue_.push(options_.series_interval, kind_of(EventKind::SeriesTick), 0);

  const std::uint64_t progress_every = 1 << 20;
  std::uint64_t events = 0;
  for (;;) {
    // The earlier of the next arrival and the next queued event, in the
    // exact (time, seq) order of a single queue.
    const bool arrival = !arrivals_.empty() && !queue_.has_before(arrivals_.top());
    if (arrival) {
      if (arrivals_.top().time >= horizon) break;
      now_ = arrivals_.top().time;
      ++events;
      on_arrival(arrivals_.top().index);
      if (options_.progress && events % progress_every == 0) options_.progress(now_);
      continue;
    }
    if (queue_.empty() || queue_.top().time >= horizon) break;
    const sim::Event ev = queue_.pop();
    now_ = ev.time;
    ++events;
    switch (static_cast<EventKind>(ev.kind)) {
      case EventKind::Arrival: break;  // in arrivals_, never in queue_
      case EventKind::Complete: on_complete(ev.index, ev.gen); break;
      case EventKind::Expire: on_expire(ev.index, ev.gen); break;
      case EventKind::FunctionIdle: on_function_idle(ev.index, ev.gen); break;
      case EventKind::Retry: on_retry(ev.index); break;
      case EventKind::WarmupEnd: on_warmup_end(); break;
      case EventKind::ProvisionedStep: on_provisioned_step(ev.index, ev.gen); break;
      case EventKind::ProvisionedTick: on_provisioned_tick(ev.index); break;
      case EventKind::ProvisionedReady: on_provisioned_ready(ev.index, ev.gen); break;
      case EventKind::SeriesTick: on_series_tick(); break;
      case EventKind::AsyncRetry: on_async_retry(ev.index); break;
      case EventKind::AsyncExpire: on_async_expire(ev.index); break;
      case EventKind::SourceTimer: on_source_timer(ev.index, ev.gen, ev.aux); break;
      case EventKind::BatchVisible: on_batch_visible(ev.index, ev.gen); break;
      case EventKind::MultiComplete: on_multi_complete(ev.index, ev.gen, ev.aux); break;
      case EventKind::MultiReady: on_multi_ready(ev.index, ev.gen); break;
      case EventKind::MultiExpire: on_multi_expire(ev.index, ev.gen); break;
      case EventKind::MultiTick: on_multi_tick(ev.index); break;
      case EventKind::MultiIoDone: on_multi_io_done(ev.index); break;
    }
    if (options_.progress && events % progress_every == 0) options_.progress(now_);
  }
  now_ = horizon;
  finish();
  result_.events = events;
  result_.stale_events = stale_;
  result_.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return std::move(result_);
}

// Precondition: source s holds the earliest pending arrival (it is next in
// arrivals_), which this replaces with the source's next one.
void Simulation::on_arrival(std::uint32_t s) {
  auto& source = sources_[s];
  const auto workload = static_cast<std::uint32_t>(source.workload);
  const Time next = source.generator.next(source_rngs_[s]);
  if (next < scenario_.horizon)
    arrivals_.replace_top(
        sim::Event{next, queue_.take_seq(), kind_of(EventKind::Arrival), s, 0, 0});
  else
    arrivals_.pop();
  const auto& wl = scenario_.workloads[workload];
  const std::size_t f = wl.function;
  functions_[f]->row.arrivals++;
  if (now_ >= scenario_.warmup) {
    result_.functions[f].arrivals++;
    if (wl.invocation == Invocation::Async) result_.functions[f].async_events++;
  }
  if (wl.source.type != SourceConfig::Type::None) return on_source_arrival(workload);
  if (wl.invocation == Invocation::Async) return offer_async(new_request(now_, workload));
  offer(workload, now_, 1);
}

// Finds an environment for one more execution of function f: an idle
// provisioned one first, then (within the pool's limits) an idle on-demand
// one, then a new one if the scaling governor allows. On success the pool
// has counted the execution.
bool Simulation::acquire(std::size_t f, Grant& grant) {
  FunctionState& fs = *functions_[f];
  // The RPS cap is asked only once the request could otherwise start, and
  // spent only when it does (AccountPool::may_start_rps).
  const auto rps_throttled = [&] {
    if (pool_.may_start_rps(f, now_)) return false;
    grant.cause = ThrottleCause::RpsCap;
    return true;
  };
  if (!fs.provisioned_idle.empty()) {
    if (rps_throttled()) return false;
    pool_.take_rps(f, now_);
    grant.env = fs.provisioned_idle.back();
    fs.provisioned_idle.remove(envs_.envs(), grant.env);
    grant.cold = false;
    return true;
  }
  if (auto cause = pool_.check_ondemand(f)) {
    grant.cause = *cause;
    return false;
  }
  if (rps_throttled()) return false;
  if (!fs.idle.empty()) {
    pool_.take_rps(f, now_);
    grant.env = pick_idle(fs);
    grant.cold = false;
    pool_.ondemand_started(f);
    return true;
  }
  if (!pool_.take_scaling(f, now_)) {
    grant.cause = ThrottleCause::ScalingRate;
    return false;
  }
  pool_.take_rps(f, now_);
  grant.env = envs_.allocate(static_cast<std::uint32_t>(f), now_, false);
  grant.cold = true;
  if (const auto& lifetime = scenario_.platform.max_environment_lifetime; !lifetime.never) {
    envs_[grant.env].retire_at =
        sim::add_saturating(now_, lifetime.dist.sample(functions_[f]->lifetime_rng));
  }
  set_environments(f, +1);
  if (warm_) result_.functions[f].environments_created++;
  pool_.ondemand_started(f);
  return true;
}

std::uint32_t Simulation::new_request(Time arrival, std::uint32_t workload) {
  const std::uint32_t slot = take_free_slot(requests_, free_requests_);
  requests_[slot] = Request{arrival, workload, 0, 0, true};
  return slot;
}

void Simulation::free_request(std::uint32_t slot) {
  requests_[slot].in_use = false;
  free_requests_.push_back(slot);
}

void Simulation::offer(std::uint32_t workload, Time arrival, std::uint32_t attempt) {
  if (multi_[scenario_.workloads[workload].function])
    return offer_multi(workload, arrival, attempt);  // simulation_multi.cpp
  Grant grant;
  if (!acquire(scenario_.workloads[workload].function, grant))
    return throttle(workload, arrival, attempt, grant.cause);
  start(grant.env, workload, arrival, grant.cold);
}

EnvId Simulation::pick_idle(FunctionState& fs) {
  EnvId env = kNoEnv;
  switch (scenario_.platform.reuse) {
    case ReusePolicy::MostRecent: env = fs.idle.back(); break;
    case ReusePolicy::LeastRecent: env = fs.idle.front(); break;
    case ReusePolicy::Random:
      env =
          fs.idle.at(envs_.envs(), static_cast<std::uint32_t>(fs.reuse_rng.below(fs.idle.size())));
      break;
  }
  fs.idle.remove(envs_.envs(), env);
  return env;
}

void Simulation::start(EnvId id, std::uint32_t workload, Time arrival, bool cold,
                       std::uint32_t request) {
  Env& env = envs_[id];
  const std::size_t f = env.function;
  FunctionState& fs = *functions_[f];
  const auto& platform = scenario_.platform;
  const bool counted = arrival >= scenario_.warmup;
  Time exec = fs.duration.sample(fs.duration_rng);
  Outcome outcome = Outcome::Succeeded;
  if (fs.config.error_rate > 0 && fs.error_rng.uniform() < fs.config.error_rate)
    outcome = Outcome::Failed;
  if (exec >= fs.config.timeout) {
    exec = fs.config.timeout;  // ended (and billed) at the timeout
    outcome = Outcome::TimedOut;
  }
  Time init = 0;
  auto& usage = result_.usage[f];
  if (cold) {
    init = fs.config.init.sample(fs.init_rng);
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
  env.request = request;
  env.outcome = static_cast<std::uint8_t>(outcome);
  queue_.push(now_ + init + exec, kind_of(EventKind::Complete), id, env.gen);
  set_busy(f, +1, env.provisioned);
  fs.row.invocations++;
  if (cold) fs.row.cold_starts++;
  if (!counted) return;
  auto& stats = result_.functions[f];
  stats.invocations++;
  if (scenario_.workloads[workload].invocation == Invocation::Async) stats.async_attempts++;
  if (env.provisioned) stats.pc_invocations++;
  if (cold) {
    stats.cold_starts++;
    if (fs.provisioned > 0) stats.cold_starts_with_pc++;
  }
}

void Simulation::throttle(std::uint32_t workload, Time arrival, std::uint32_t attempt,
                          ThrottleCause cause) {
  const auto& wl = scenario_.workloads[workload];
  FunctionState& fs = *functions_[wl.function];
  const bool counted = arrival >= scenario_.warmup;
  count_throttle(wl.function, counted, attempt == 1, cause);
  const auto& retry = wl.client_retry;
  if (attempt > static_cast<std::uint32_t>(retry.max)) {
    if (counted) result_.functions[wl.function].throttled_final++;
    return;
  }
  // Exponential backoff, base × 2^(attempt−1), with full jitter when asked.
  const int shift = static_cast<int>(std::min<std::uint32_t>(attempt - 1, 30));
  double delay = sim::to_seconds(retry.backoff) * static_cast<double>(1LL << shift);
  if (retry.jitter == ClientRetry::Jitter::Full) delay *= fs.retry_rng.uniform();
  const std::uint32_t slot = new_request(arrival, workload);
  requests_[slot].attempt = attempt;
  queue_.push(sim::add_saturating(now_, sim::from_seconds(delay)), kind_of(EventKind::Retry), slot);
}

void Simulation::count_throttle(std::size_t f, bool counted, bool first_attempt,
                                ThrottleCause cause) {
  functions_[f]->row.throttled++;
  if (!counted) return;
  auto& stats = result_.functions[f];
  stats.throttled++;
  stats.throttled_by[static_cast<std::size_t>(cause)]++;
  if (first_attempt) stats.throttled_first_attempt++;
}

void Simulation::on_retry(std::uint32_t slot) {
  const Request retry = requests_[slot];
  free_request(slot);
  const std::size_t f = scenario_.workloads[retry.workload].function;
  if (retry.arrival >= scenario_.warmup) result_.functions[f].retries++;
  offer(retry.workload, retry.arrival, retry.attempt + 1);
}

void Simulation::on_complete(EnvId id, std::uint32_t gen) {
  Env& env = envs_[id];
  if (env.gen != gen || env.state != EnvState::Busy) {
    ++stale_;
    return;
  }
  const std::size_t f = env.function;
  const auto outcome = static_cast<Outcome>(env.outcome);
  const std::uint32_t request = env.request;
  if (outcome != Outcome::Succeeded && env.request_counted) result_.functions[f].attempt_errors++;
  if (request == kNoRequest && env.request_counted) {
    auto& stats = result_.functions[f];
    switch (outcome) {
      case Outcome::Succeeded: stats.succeeded++; break;
      case Outcome::Failed: stats.failed++; break;
      case Outcome::TimedOut: stats.timed_out++; break;
      case Outcome::InitFailed:
        stats.failed++;
        stats.init_failures++;
        break;
    }
    stats.latency_ms.add(sim::to_millis(now_ - env.request_arrival));
  }
  release_environment(id, outcome);
  // Only now, with the environment free again: what follows may start new
  // invocations (a poller's next batch), which may reuse it — or allocate
  // environments, which invalidates references into the pool.
  if (request == kNoRequest) return;
  if (request & kBatchBit)
    return complete_batch(request & ~kBatchBit, outcome == Outcome::Succeeded);
  complete_async(request, outcome == Outcome::Succeeded);
}

// The environment's execution ended: back to idle (or to its provisioned
// pool), or discarded after a timeout, a failed INIT or its maximum lifetime.
void Simulation::release_environment(EnvId id, Outcome outcome) {
  Env& env = envs_[id];
  const std::size_t f = env.function;
  env.request = kNoRequest;
  set_busy(f, -1, env.provisioned);
  if (!env.provisioned) pool_.ondemand_ended(f);
  // A timeout or a failed INIT resets the environment: the next request
  // on it would be cold, which is the same as discarding it.
  const bool reset = outcome == Outcome::TimedOut || outcome == Outcome::InitFailed;
  if (env.provisioned) {
    if (env.retire_when_done) return destroy(id);
    env.state = EnvState::Idle;
    functions_[f]->provisioned_idle.push_back(envs_.envs(), id);
    return;
  }
  if (reset || now_ >= env.retire_at) return destroy(id);
  make_idle(id);
}

void Simulation::make_idle(EnvId id) {
  Env& env = envs_[id];
  FunctionState& fs = *functions_[env.function];
  const auto& platform = scenario_.platform;
  env.state = EnvState::Idle;
  Time expire = platform.keep_alive.never
                    ? sim::kNever
                    : sim::add_saturating(now_, platform.keep_alive.dist.sample(fs.keep_alive_rng));
  env.expire_at = expire = std::min(expire, env.retire_at);
  fs.idle.push_back(envs_.envs(), id);
  // At most one pending expiry per environment: an environment reused
  // before its expiry moves its deadline, and the queued event re-arms
  // itself when it fires (so pending events grow with environments, not
  // with requests).
  if (expire != sim::kNever && !env.expiry_pending) {
    env.expiry_pending = true;
    queue_.push(expire, kind_of(EventKind::Expire), id, env.gen);
  }
}

void Simulation::on_expire(EnvId id, std::uint32_t gen) {
  Env& env = envs_[id];
  if (env.gen != gen) {
    ++stale_;
    return;
  }
  env.expiry_pending = false;
  if (env.state != EnvState::Idle || env.provisioned) return;  // re-armed when idle again
  if (env.expire_at > now_) {
    env.expiry_pending = true;
    queue_.push(env.expire_at, kind_of(EventKind::Expire), id, env.gen);
    return;
  }
  functions_[env.function]->idle.remove(envs_.envs(), id);
  destroy(id);
}

// No request of the function has been in flight for a draw of
// function_keep_alive: every idle on-demand environment goes.
void Simulation::on_function_idle(std::size_t f, std::uint32_t gen) {
  FunctionState& fs = *functions_[f];
  if (gen != fs.idle_gen || fs.busy > 0) {
    ++stale_;
    return;
  }
  while (!fs.idle.empty()) {
    const EnvId id = fs.idle.front();
    fs.idle.remove(envs_.envs(), id);
    destroy(id);
  }
}

void Simulation::destroy(EnvId id) {
  const std::size_t f = envs_[id].function;
  set_environments(f, -1);
  if (warm_) result_.functions[f].environments_reclaimed++;
  envs_.release(id);
}

void Simulation::set_busy(std::size_t f, int delta, bool provisioned) {
  FunctionState& fs = *functions_[f];
  auto& stats = result_.functions[f];
  fs.busy += delta;
  stats.busy.set(now_, fs.busy);
  if (fs.busy == 0 && !scenario_.platform.function_keep_alive.never) {
    const Time idle = scenario_.platform.function_keep_alive.dist.sample(fs.function_idle_rng);
    queue_.push(sim::add_saturating(now_, idle), kind_of(EventKind::FunctionIdle),
                static_cast<std::uint32_t>(f), ++fs.idle_gen);
  }
  if (options_.series_interval > 0) {
    fs.series_busy.set(now_, fs.busy);
    fs.row.concurrency_max = std::max(fs.row.concurrency_max, static_cast<double>(fs.busy));
  }
  if (!provisioned) return;
  fs.busy_provisioned += delta;
  stats.provisioned_busy.set(now_, fs.busy_provisioned);
  fs.tracking_busy.set(now_, fs.busy_provisioned);
  if (options_.series_interval > 0) fs.series_provisioned_busy.set(now_, fs.busy_provisioned);
}

void Simulation::set_environments(std::size_t f, int delta) {
  FunctionState& fs = *functions_[f];
  fs.alive += delta;
  result_.functions[f].environments.set(now_, fs.alive);
  if (options_.series_interval > 0) fs.series_environments.set(now_, fs.alive);
}

void Simulation::on_warmup_end() {
  warm_ = true;
  for (std::size_t f = 0; f < functions_.size(); ++f) {
    const FunctionState& fs = *functions_[f];
    auto& stats = result_.functions[f];
    stats.busy.reset(now_, fs.busy);
    stats.environments.reset(now_, fs.alive);
    stats.provisioned.reset(now_, fs.provisioned);
    stats.provisioned_busy.reset(now_, fs.busy_provisioned);
    stats.async_queue.reset(now_, fs.async_waiting);
    if (multi_[f]) stats.instances.reset(now_, multi_[f]->instances);
  }
}

void Simulation::on_series_tick() {
  const Time interval = options_.series_interval;
  // Interval k covers [k·interval, (k+1)·interval); the last may be partial.
  const auto index = static_cast<std::uint32_t>((now_ - 1) / interval);
  for (std::size_t f = 0; f < functions_.size(); ++f) {
    FunctionState& fs = *functions_[f];
    SeriesRow row = fs.row;
    row.interval = index;
    row.function = static_cast<std::uint32_t>(f);
    row.concurrency_mean = fs.series_busy.mean(now_);
    row.environments_mean = fs.series_environments.mean(now_);
    row.provisioned_mean = fs.series_provisioned.mean(now_);
    row.provisioned_busy_mean = fs.series_provisioned_busy.mean(now_);
    row.queue_depth_mean = fs.series_async_queue.mean(now_);
    result_.series.push_back(row);
    fs.row = SeriesRow{};
    fs.row.concurrency_max = fs.busy;
    fs.series_busy.reset(now_, fs.busy);
    fs.series_environments.reset(now_, fs.alive);
    fs.series_provisioned.reset(now_, fs.provisioned);
    fs.series_provisioned_busy.reset(now_, fs.busy_provisioned);
    fs.series_async_queue.reset(now_, fs.async_waiting);
  }
  last_series_tick_ = now_;
  const Time next = now_ + interval;
  if (next < scenario_.horizon) queue_.push(next, kind_of(EventKind::SeriesTick), 0);
}

void Simulation::finish() {
  // Requests still in service or waiting for a client retry at the horizon.
  // Async events (executing or waiting) are counted once, by their slot.
  for (const Env& env : envs_.envs())
    if (env.state == EnvState::Busy && env.request_counted && env.request == kNoRequest)
      result_.functions[env.function].in_flight_at_end++;
  for (const Request& request : requests_)
    if (request.in_use && request.arrival >= scenario_.warmup)
      result_.functions[scenario_.workloads[request.workload].function].in_flight_at_end++;
  for (std::uint32_t w = 0; w < source_states_.size(); ++w)
    if (source_states_[w])
      result_.functions[scenario_.workloads[w].function].in_flight_at_end +=
          source_items_in_flight(w);
  for (std::size_t f = 0; f < functions_.size(); ++f) close_pc_period(f);
  finish_multi();
  if (options_.series_interval > 0 && now_ > last_series_tick_) on_series_tick();
}

RunResult simulate(const Scenario& scenario, const RunOptions& options) {
  Simulation simulation(scenario, options);
  return simulation.run();
}

bool conservation_ok(const FunctionStats& s) {
  return s.arrivals == s.succeeded + s.failed + s.timed_out + s.throttled_final + s.dlq +
                           s.dropped + s.in_flight_at_end;
}

}  // namespace ls::models
