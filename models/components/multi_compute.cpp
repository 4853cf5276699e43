#include "models/components/multi_compute.hpp"

#include <algorithm>
#include <cmath>

#include "models/components/time_series.hpp"
#include "models/compute.hpp"
#include "models/free_slot.hpp"

namespace ls::models {

MultiCompute::MultiCompute(SimContext& ctx)
    : ctx_(ctx),
      meters_(ctx.meters),
      complete_kind_(ctx.engine.add_kind<&MultiCompute::on_complete>(this)),
      ready_kind_(ctx.engine.add_kind<&MultiCompute::on_ready>(this)),
      expire_kind_(ctx.engine.add_kind<&MultiCompute::on_expire>(this)),
      tick_kind_(ctx.engine.add_kind<&MultiCompute::on_tick>(this)),
      io_done_kind_(ctx.engine.add_kind<&MultiCompute::on_io_done>(this)),
      keep_alive_(ctx.scenario.platform, ctx.engine, expire_kind_) {
  for (const FunctionConfig& c : ctx.scenario.functions) {
    functions_.emplace_back();
    if (!serves(c)) continue;
    auto m = std::make_unique<Function>();
    m->kind = c.compute;
    if (c.compute == ComputeKind::Web) {
      m->capacity = c.web->max_concurrency;
      m->vcpus = c.web->vcpus;
      if (c.web->rate_limit > 0) {
        m->rate_limit = TokenBucket(std::max(1.0, c.web->rate_limit), c.web->rate_limit);
        m->rate_limited = true;
      }
    } else {
      const ManagedInstancesConfig& mi = *c.managed;
      m->capacity = mi.max_concurrency;
      m->vcpus = mi.vcpus;
      if (mi.doubling_window > 0 && !mi.manual) {  // a rule of scaling: manual mode does not scale
        const auto periods = static_cast<std::size_t>((mi.doubling_window + mi.metric_period - 1) /
                                                      mi.metric_period);
        m->peak.assign(periods + 1, 0);
        m->peak_period.assign(periods + 1, -1);
      }
    }
    functions_.back() = std::move(m);
  }
}

bool MultiCompute::serves(const FunctionConfig& function) const {
  return function.compute == ComputeKind::ManagedInstances || function.compute == ComputeKind::Web;
}

// A published Managed Instances version starts with its environments running.
void MultiCompute::start() {
  for (std::uint32_t f = 0; f < functions_.size(); ++f) {
    if (!functions_[f] || functions_[f]->kind != ComputeKind::ManagedInstances) continue;
    const ManagedInstancesConfig& mi = *ctx_.scenario.functions[f].managed;
    const int start = mi.manual ? mi.environments : mi.min_environments;
    for (int i = 0; i < start; ++i) new_env(f, true);
    if (!mi.manual) ctx_.engine.schedule(mi.metric_period, tick_kind_, f);
  }
}

void MultiCompute::warmup_end() {
  for (std::size_t f = 0; f < functions_.size(); ++f)
    if (functions_[f] && functions_[f]->kind == ComputeKind::ManagedInstances)
      ctx_.stats(f).managed().instances.reset(ctx_.now(), functions_[f]->instances);
}

// Integrates the function's billed areas (instances, environments, busy
// vCPUs) up to now; called before any of them changes.
void MultiCompute::account(std::size_t f) {
  Function& m = *functions_[f];
  const sim::Time dt = ctx_.now() - m.accounted_at;
  FunctionUsage& u = ctx_.result.usage[f];
  if (m.kind == ComputeKind::ManagedInstances) {
    m.instance_area.add(u.instance_us, static_cast<std::uint64_t>(m.instances), dt);
  } else {
    m.env_area.add(u.web_env_us, m.envs.size(), dt);
    m.cpu_area.add(u.web_cpu_us, static_cast<std::uint64_t>(m.busy_vcpus), dt);
  }
  m.accounted_at = ctx_.now();
}

void MultiCompute::set_busy_vcpus(std::size_t f, int delta) {
  if (delta == 0) return;
  Function& m = *functions_[f];
  account(f);
  m.busy_vcpus += delta;
  m.cpu_busy.set(ctx_.now(), m.busy_vcpus);
}

void MultiCompute::update_instances(std::size_t f) {
  Function& m = *functions_[f];
  if (m.kind != ComputeKind::ManagedInstances) return;
  account(f);
  m.instances = instances_of(*ctx_.scenario.functions[f].managed, static_cast<int>(m.envs.size()));
  ctx_.stats(f).managed().instances.set(ctx_.now(), m.instances);
}

std::uint32_t MultiCompute::new_env(std::size_t f, bool ready) {
  Function& m = *functions_[f];
  account(f);
  const std::uint32_t id = take_free_slot(envs_, free_envs_);
  Env& e = envs_[id];
  const std::uint32_t gen = e.gen;
  e = Env{};
  e.gen = gen;
  e.function = static_cast<std::uint32_t>(f);
  e.alive = true;
  e.ready = ready;
  e.ps = PsEnvironment(m.vcpus);
  e.ps.set_running(ctx_.now(), ready);
  e.seq = m.next_seq++;
  m.envs.push_back(id);
  route(id);
  (ready ? m.ready : m.launching)++;
  meters_.set_environments(f, +1);
  if (ctx_.engine.warm()) ctx_.stats(f).environments_created++;
  update_instances(f);
  return id;
}

void MultiCompute::remove_env(std::uint32_t id) {
  Env& e = envs_[id];
  const std::size_t f = e.function;
  Function& m = *functions_[f];
  account(f);
  m.envs.erase(std::find(m.envs.begin(), m.envs.end(), id));
  (e.ready ? m.ready : m.launching)--;
  e.alive = false;
  route(id);
  ++e.gen;
  free_envs_.push_back(id);
  meters_.set_environments(f, -1);
  if (ctx_.engine.warm()) ctx_.stats(f).environments_reclaimed++;
  update_instances(f);
}

// Keeps the environment's one pending completion event at its next
// completion: a new event with a new generation, the old one goes stale.
void MultiCompute::reschedule(std::uint32_t id) {
  Env& e = envs_[id];
  const sim::Time t = e.ps.next_completion();
  if (t == e.completion_at) return;
  ++e.completion_gen;
  e.completion_at = t;
  if (t != sim::kNever) ctx_.engine.schedule(t, complete_kind_, id, e.gen, e.completion_gen);
}

// Managed Instances: concurrency may not exceed twice its peak over the
// doubling window (the previous complete metric periods), nor the capacity
// of the minimum environments (at least one), whichever is larger. (With
// min_environments 0 the floor was 0 and twice a peak of 0 is 0: every
// request was throttled for doubling while those throttles scaled the
// fleet out and billed it; one environment's worth lets traffic start and
// double from there.)
bool MultiCompute::doubling_allows(std::size_t f) {
  Function& m = *functions_[f];
  if (m.peak.empty()) return true;
  const ManagedInstancesConfig& mi = *ctx_.scenario.functions[f].managed;
  const std::int64_t period = ctx_.now() / mi.metric_period;
  const auto slots = static_cast<std::int64_t>(m.peak.size());
  int peak = 0;
  for (std::int64_t back = 1; back < slots; ++back) {
    const std::int64_t q = period - back;
    const auto slot = static_cast<std::size_t>(((q % slots) + slots) % slots);
    if (q >= 0 && m.peak_period[slot] == q) peak = std::max(peak, m.peak[slot]);
  }
  const long long floor = static_cast<long long>(std::max(mi.min_environments, 1)) * m.capacity;
  const long long allowed = std::max(floor, 2LL * peak);
  return meters_.busy(f) + 1 <= allowed;
}

void MultiCompute::record_peak(std::size_t f) {
  Function& m = *functions_[f];
  if (m.peak.empty()) return;
  const std::int64_t period = ctx_.now() / ctx_.scenario.functions[f].managed->metric_period;
  const auto slot = static_cast<std::size_t>(period % static_cast<std::int64_t>(m.peak.size()));
  if (m.peak_period[slot] != period) {
    m.peak_period[slot] = period;
    m.peak[slot] = 0;
  }
  m.peak[slot] = std::max(m.peak[slot], meters_.busy(f));
}

// The environment for one more request: the ready one with the fewest
// requests and room (ties: the oldest), else an initialising one with room
// (Web Functions; Managed Instances route to ready ones only); kNoEnv when
// every environment is full.
std::uint32_t MultiCompute::pick(std::size_t f) const {
  const Function& m = *functions_[f];
  return m.routable.empty() ? kNoEnv : m.routable.begin()->env;
}

// Called after anything pick() looks at changed: the environment's load,
// readiness, draining or life. The set's node is reused (extract, insert).
void MultiCompute::route(std::uint32_t id) {
  Env& e = envs_[id];
  Function& m = *functions_[e.function];
  const int load = e.load();
  const bool eligible = e.alive && !e.draining && load < m.capacity &&
                        (m.kind != ComputeKind::ManagedInstances || e.ready);
  const int key = (e.ready ? 0 : 1 << 20) + load;
  if (e.routable == eligible && (!eligible || key == e.routed_key)) return;
  if (e.routable) {
    auto node = m.routable.extract(Candidate{e.routed_key, e.seq, id});
    if (eligible) {
      node.value().key = key;
      m.routable.insert(std::move(node));
    }
  } else {
    m.routable.insert(Candidate{key, e.seq, id});
  }
  e.routable = eligible;
  e.routed_key = key;
}

bool MultiCompute::admit(std::uint32_t workload, sim::Time arrival, ThrottleCause& cause) {
  const std::size_t f = ctx_.function_of(workload);
  Function& m = *functions_[f];
  const sim::Time now = ctx_.now();
  if (m.rate_limited && !m.rate_limit.take(now)) {
    cause = ThrottleCause::RpsCap;
    return false;
  }
  if (m.kind == ComputeKind::ManagedInstances && !doubling_allows(f)) {
    m.throttled_in_period++;
    cause = ThrottleCause::TrafficDoubling;
    return false;
  }
  std::uint32_t id = pick(f);
  if (id == kNoEnv && m.kind == ComputeKind::Web &&
      static_cast<int>(m.envs.size()) < ctx_.scenario.functions[f].web->max_environments) {
    // Scale from zero (or out): a new environment initialises first.
    FunctionDraws& draws = ctx_.draws[f];
    id = new_env(f, false);
    const sim::Time init = draws.config.init.sample(draws.init_rng);
    envs_[id].ready_at = now + init;
    ctx_.engine.schedule(now + init, ready_kind_, id, envs_[id].gen);
  }
  if (id == kNoEnv) {
    m.throttled_in_period++;
    cause = ThrottleCause::Capacity;
    return false;
  }
  admit_to(id, arrival);
  return true;
}

void MultiCompute::admit_to(std::uint32_t id, sim::Time arrival) {
  Env& e = envs_[id];
  const std::size_t f = e.function;
  FunctionDraws& draws = ctx_.draws[f];
  const sim::Time now = ctx_.now();
  const bool counted = ctx_.counted(arrival);
  const bool cold = !e.ready;
  Outcome outcome = Outcome::Succeeded;
  const DurationModel::Parts parts = draws.duration.sample_parts(draws.duration_rng);
  if (draws.error_rate > 0 && draws.error_rng.uniform() < draws.error_rate)
    outcome = Outcome::Failed;
  const PsJob job{0.0, arrival, static_cast<std::uint8_t>(outcome), counted, cold};
  if (parts.io > 0) {
    // The I/O wait first: it holds a slot of the environment, no CPU.
    const std::uint32_t slot = take_free_slot(io_, free_io_);
    io_[slot] = Io{id, parts.cpu_vcpu_s, job, true};
    e.io_waiting++;
    // An initialising environment starts the wait when it is ready.
    const sim::Time from = e.ready ? now : std::max(now, e.ready_at);
    ctx_.engine.schedule(from + parts.io, io_done_kind_, slot);
  } else {
    const int before = e.ps.busy_vcpus();
    e.ps.add(now, parts.cpu_vcpu_s, job);
    set_busy_vcpus(f, e.ps.busy_vcpus() - before);
    reschedule(id);
  }
  route(id);
  ctx_.result.usage[f].requests++;
  meters_.set_busy(f, +1, false);
  record_peak(f);
  ctx_.record_invocation(f, cold, counted);
}

void MultiCompute::on_complete(const sim::Event& ev) {
  const std::uint32_t id = ev.index;
  Env& e = envs_[id];
  if (!e.alive || e.gen != ev.gen || e.completion_gen != ev.aux) {
    ctx_.engine.count_stale();
    return;
  }
  const sim::Time now = ctx_.now();
  e.completion_at = sim::kNever;
  const std::size_t f = e.function;
  const int before = e.ps.busy_vcpus();
  const PsJob job = e.ps.pop(now);
  set_busy_vcpus(f, e.ps.busy_vcpus() - before);
  meters_.set_busy(f, -1, false);
  route(id);
  if (job.counted) {
    // A request that ran past the function's timeout counts as timed out
    // (latency: the timeout); it is not cut off, though: its work keeps its
    // share of the environment until done (docs/compute.md).
    auto& stats = ctx_.stats(f);
    const sim::Time timeout = ctx_.scenario.functions[f].timeout;
    const sim::Time latency = now - job.arrival;
    if (latency > timeout)
      stats.timed_out++, stats.attempt_errors++;
    else if (static_cast<Outcome>(job.outcome) == Outcome::Succeeded)
      stats.succeeded++;
    else
      stats.failed++, stats.attempt_errors++;
    stats.latency_ms.add(sim::to_millis(std::min(latency, timeout)));
  }
  reschedule(id);
  if (e.load() > 0) return;
  if (e.draining) return remove_env(id);
  if (functions_[f]->kind == ComputeKind::Web) idle_web_env(id);
}

void MultiCompute::on_io_done(const sim::Event& ev) {
  const Io io = io_[ev.index];
  io_[ev.index].in_use = false;
  free_io_.push_back(ev.index);
  Env& e = envs_[io.env];  // kept alive while it has requests
  e.io_waiting--;          // and one more in `ps`: the load, so its routing, is unchanged
  const int before = e.ps.busy_vcpus();
  e.ps.add(ctx_.now(), io.work, io.job);
  set_busy_vcpus(e.function, e.ps.busy_vcpus() - before);
  reschedule(io.env);
}

// Web Functions scale to zero: an idle environment goes after the
// platform's keep-alive (no maximum lifetime).
void MultiCompute::idle_web_env(std::uint32_t id) {
  Env& e = envs_[id];
  keep_alive_.idle(e.expiry, ctx_.draws[e.function].keep_alive_rng, sim::kNever, id, e.gen);
}

void MultiCompute::on_expire(const sim::Event& ev) {
  const std::uint32_t id = ev.index;
  Env& e = envs_[id];
  if (!e.alive || e.gen != ev.gen) {
    ctx_.engine.count_stale();
    return;
  }
  if (keep_alive_.expired(e.expiry, e.load() == 0, id, e.gen)) remove_env(id);
}

void MultiCompute::on_ready(const sim::Event& ev) {
  const std::uint32_t id = ev.index;
  Env& e = envs_[id];
  if (!e.alive || e.gen != ev.gen) {
    ctx_.engine.count_stale();
    return;
  }
  const std::size_t f = e.function;
  Function& m = *functions_[f];
  e.ready = true;
  m.launching--;
  m.ready++;
  e.ps.set_running(ctx_.now(), true);
  set_busy_vcpus(f, e.ps.busy_vcpus());
  reschedule(id);
  route(id);
  if (m.kind == ComputeKind::Web && e.load() == 0) idle_web_env(id);
}

// Managed Instances' asynchronous scaling: target tracking on the CPU
// utilisation of the ready environments over the last metric period, with
// throttles (saturation) counting as above target. Scale out after
// scale_out_delay above target, at most scale_out_rate environments per
// period, ready after launch_delay; scale in after scale_in_delay below,
// at most scale_in_rate per period, draining the least loaded ones.
void MultiCompute::on_tick(const sim::Event& ev) {
  const std::uint32_t f = ev.index;
  Function& m = *functions_[f];
  const ManagedInstancesConfig& mi = *ctx_.scenario.functions[f].managed;
  const sim::Time now = ctx_.now();
  const double area = m.cpu_busy.integral_seconds(now);
  const double used = (area - m.cpu_area_at_tick) / sim::to_seconds(mi.metric_period);
  m.cpu_area_at_tick = area;
  const double ready_cpus = static_cast<double>(m.ready) * m.vcpus;
  const double u = ready_cpus > 0 ? used / ready_cpus : (meters_.busy(f) > 0 ? 1.0 : 0.0);
  const bool saturated = m.throttled_in_period > 0;
  m.throttled_in_period = 0;
  int active = 0;
  for (const std::uint32_t id : m.envs) active += envs_[id].draining ? 0 : 1;
  int desired = static_cast<int>(std::ceil(m.ready * u / mi.target_utilization - 1e-9));
  if (saturated) desired = std::max(desired, active + 1);
  desired = std::clamp(desired, mi.min_environments, mi.max_environments);
  const bool above = (u > mi.target_utilization || saturated) && desired > active;
  const bool below = !saturated && desired < active && m.launching == 0;
  m.periods_above = above ? m.periods_above + 1 : 0;
  m.periods_below = below ? m.periods_below + 1 : 0;
  if (above && m.periods_above * mi.metric_period >= mi.scale_out_delay) {
    const int add = std::min(mi.scale_out_rate, desired - active);
    for (int i = 0; i < add; ++i) {
      const std::uint32_t id = new_env(f, false);
      envs_[id].ready_at = now + mi.launch_delay;
      ctx_.engine.schedule(now + mi.launch_delay, ready_kind_, id, envs_[id].gen);
    }
    m.periods_above = 0;
  }
  if (below && m.periods_below * mi.metric_period >= mi.scale_in_delay) {
    int remove = std::min(mi.scale_in_rate, active - desired);
    while (remove-- > 0) {
      std::uint32_t victim = kNoEnv;
      for (const std::uint32_t id : m.envs) {
        const Env& e = envs_[id];
        if (e.draining || !e.ready) continue;
        if (victim == kNoEnv || e.load() < envs_[victim].load()) victim = id;
      }
      if (victim == kNoEnv) break;
      if (envs_[victim].load() == 0) {
        remove_env(victim);
      } else {
        envs_[victim].draining = true;
        route(victim);
      }
    }
    m.periods_below = 0;
  }
  ctx_.engine.schedule(now + mi.metric_period, tick_kind_, f);
}

// Requests in service or in their I/O wait at the horizon; the billed areas
// integrated to the end.
void MultiCompute::finish() {
  for (const Env& e : envs_) {
    if (!e.alive) continue;
    for (const PsJob& job : e.ps.jobs())
      if (job.counted) ctx_.stats(e.function).in_flight_at_end++;
  }
  for (const Io& io : io_)
    if (io.in_use && io.job.counted) ctx_.stats(envs_[io.env].function).in_flight_at_end++;
  for (std::size_t f = 0; f < functions_.size(); ++f)
    if (functions_[f]) account(f);
}

}  // namespace ls::models
