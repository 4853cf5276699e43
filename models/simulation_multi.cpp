// Multi-concurrency compute in the event loop (docs/compute.md): Lambda
// Managed Instances and Web Functions. Requests are routed to the least
// loaded environment with room; inside it they share its vCPUs
// (ps_env.hpp). One pending completion event per environment, moved by
// generation-based cancellation whenever its number of requests changes.
#include <algorithm>
#include <cmath>

#include "models/compute.hpp"
#include "models/free_slot.hpp"
#include "models/simulation.hpp"
#include "models/simulation_state.hpp"

namespace ls::models {
namespace {
constexpr std::uint32_t kind_of(EventKind k) { return static_cast<std::uint32_t>(k); }
}  // namespace

void Simulation::init_multi() {
  multi_.resize(functions_.size());
  for (std::uint32_t f = 0; f < functions_.size(); ++f) {
    const FunctionConfig& c = scenario_.functions[f];
    if (c.compute == ComputeKind::OnDemand) continue;
    auto m = std::make_unique<MultiFunction>();
    m->kind = c.compute;
    if (c.compute == ComputeKind::Web) {
      m->capacity = c.web.max_concurrency;
      m->vcpus = c.web.vcpus;
      if (c.web.rate_limit > 0) {
        m->rate_limit = TokenBucket(std::max(1.0, c.web.rate_limit), c.web.rate_limit);
        m->rate_limited = true;
      }
      multi_[f] = std::move(m);
      continue;
    }
    const ManagedInstancesConfig& mi = c.managed;
    m->capacity = mi.max_concurrency;
    m->vcpus = mi.vcpus;
    if (mi.doubling_window > 0 && !mi.manual) {  // a rule of scaling: manual mode does not scale
      const auto periods =
          static_cast<std::size_t>((mi.doubling_window + mi.metric_period - 1) / mi.metric_period);
      m->peak.assign(periods + 1, 0);
      m->peak_period.assign(periods + 1, -1);
    }
    multi_[f] = std::move(m);
    // A published version starts with its environments running.
    const int start = mi.manual ? mi.environments : mi.min_environments;
    for (int i = 0; i < start; ++i) new_multi_env(f, true);
    if (!mi.manual) queue_.push(mi.metric_period, kind_of(EventKind::MultiTick), f);
  }
}

// Integrates the function's billed areas (instances, environments, busy
// vCPUs) up to now; called before any of them changes.
void Simulation::account_multi(std::size_t f) {
  MultiFunction& m = *multi_[f];
  const sim::Time dt = now_ - m.accounted_at;
  FunctionUsage& u = result_.usage[f];
  if (m.kind == ComputeKind::ManagedInstances) {
    m.instance_area.add(u.instance_us, static_cast<std::uint64_t>(m.instances), dt);
  } else {
    m.env_area.add(u.web_env_us, m.envs.size(), dt);
    m.cpu_area.add(u.web_cpu_us, static_cast<std::uint64_t>(m.busy_vcpus), dt);
  }
  m.accounted_at = now_;
}

void Simulation::set_multi_busy_vcpus(std::size_t f, int delta) {
  if (delta == 0) return;
  MultiFunction& m = *multi_[f];
  account_multi(f);
  m.busy_vcpus += delta;
  m.cpu_busy.set(now_, m.busy_vcpus);
}

void Simulation::update_instances(std::size_t f) {
  MultiFunction& m = *multi_[f];
  if (m.kind != ComputeKind::ManagedInstances) return;
  account_multi(f);
  m.instances = instances_of(scenario_.functions[f].managed, static_cast<int>(m.envs.size()));
  result_.functions[f].instances.set(now_, m.instances);
}

std::uint32_t Simulation::new_multi_env(std::size_t f, bool ready) {
  MultiFunction& m = *multi_[f];
  account_multi(f);
  const std::uint32_t id = take_free_slot(menvs_, free_menvs_);
  MultiEnv& e = menvs_[id];
  const std::uint32_t gen = e.gen;
  e = MultiEnv{};
  e.gen = gen;
  e.function = static_cast<std::uint32_t>(f);
  e.alive = true;
  e.ready = ready;
  e.ps = PsEnvironment(m.vcpus);
  e.ps.set_running(now_, ready);
  m.envs.push_back(id);
  (ready ? m.ready : m.launching)++;
  set_environments(f, +1);
  if (warm_) result_.functions[f].environments_created++;
  update_instances(f);
  return id;
}

void Simulation::remove_multi_env(std::uint32_t id) {
  MultiEnv& e = menvs_[id];
  const std::size_t f = e.function;
  MultiFunction& m = *multi_[f];
  account_multi(f);
  m.envs.erase(std::find(m.envs.begin(), m.envs.end(), id));
  (e.ready ? m.ready : m.launching)--;
  e.alive = false;
  ++e.gen;
  free_menvs_.push_back(id);
  set_environments(f, -1);
  if (warm_) result_.functions[f].environments_reclaimed++;
  update_instances(f);
}

// Keeps the environment's one pending completion event at its next
// completion: a new event with a new generation, the old one goes stale.
void Simulation::reschedule_multi(std::uint32_t id) {
  MultiEnv& e = menvs_[id];
  const sim::Time t = e.ps.next_completion();
  if (t == e.completion_at) return;
  ++e.completion_gen;
  e.completion_at = t;
  if (t != sim::kNever)
    queue_.push(t, kind_of(EventKind::MultiComplete), id, e.gen, e.completion_gen);
}

// Managed Instances: concurrency may not exceed twice its peak over the
// doubling window (the previous complete metric periods), nor the capacity
// of the minimum environments, whichever is larger.
bool Simulation::doubling_allows(std::size_t f) {
  MultiFunction& m = *multi_[f];
  if (m.peak.empty()) return true;
  const ManagedInstancesConfig& mi = scenario_.functions[f].managed;
  const std::int64_t period = now_ / mi.metric_period;
  const auto slots = static_cast<std::int64_t>(m.peak.size());
  int peak = 0;
  for (std::int64_t back = 1; back < slots; ++back) {
    const std::int64_t q = period - back;
    const auto slot = static_cast<std::size_t>(((q % slots) + slots) % slots);
    if (q >= 0 && m.peak_period[slot] == q) peak = std::max(peak, m.peak[slot]);
  }
  const long long floor = static_cast<long long>(mi.min_environments) * m.capacity;
  const long long allowed = std::max(floor, 2LL * peak);
  return functions_[f]->busy + 1 <= allowed;
}

void Simulation::record_peak(std::size_t f) {
  MultiFunction& m = *multi_[f];
  if (m.peak.empty()) return;
  const std::int64_t period = now_ / scenario_.functions[f].managed.metric_period;
  const auto slot = static_cast<std::size_t>(period % static_cast<std::int64_t>(m.peak.size()));
  if (m.peak_period[slot] != period) {
    m.peak_period[slot] = period;
    m.peak[slot] = 0;
  }
  m.peak[slot] = std::max(m.peak[slot], functions_[f]->busy);
}

// The environment for one more request: the ready one with the fewest
// requests and room (ties: the oldest in the list), else an initialising
// one with room; kNoEnv when every environment is full.
std::uint32_t Simulation::pick_multi(std::size_t f) const {
  const MultiFunction& m = *multi_[f];
  std::uint32_t best = kNoEnv;
  int best_key = 0;
  for (const std::uint32_t id : m.envs) {
    const MultiEnv& e = menvs_[id];
    const int k = e.load();
    if (e.draining || k >= m.capacity) continue;
    if (m.kind == ComputeKind::ManagedInstances && !e.ready) continue;  // still launching
    const int key = (e.ready ? 0 : 1 << 20) + k;
    if (best == kNoEnv || key < best_key) best = id, best_key = key;
  }
  return best;
}

void Simulation::offer_multi(std::uint32_t workload, sim::Time arrival, std::uint32_t attempt) {
  const std::size_t f = scenario_.workloads[workload].function;
  MultiFunction& m = *multi_[f];
  if (m.rate_limited && !m.rate_limit.take(now_))
    return throttle(workload, arrival, attempt, ThrottleCause::RpsCap);
  if (m.kind == ComputeKind::ManagedInstances && !doubling_allows(f)) {
    m.throttled_in_period++;
    return throttle(workload, arrival, attempt, ThrottleCause::TrafficDoubling);
  }
  std::uint32_t id = pick_multi(f);
  if (id == kNoEnv && m.kind == ComputeKind::Web &&
      static_cast<int>(m.envs.size()) < scenario_.functions[f].web.max_environments) {
    // Scale from zero (or out): a new environment initialises first.
    FunctionState& fs = *functions_[f];
    id = new_multi_env(f, false);
    const sim::Time init = fs.config.init.sample(fs.init_rng);
    menvs_[id].ready_at = now_ + init;
    queue_.push(now_ + init, kind_of(EventKind::MultiReady), id, menvs_[id].gen);
  }
  if (id == kNoEnv) {
    m.throttled_in_period++;
    return throttle(workload, arrival, attempt, ThrottleCause::Capacity);
  }
  admit_multi(id, arrival);
}

void Simulation::admit_multi(std::uint32_t id, sim::Time arrival) {
  MultiEnv& e = menvs_[id];
  const std::size_t f = e.function;
  FunctionState& fs = *functions_[f];
  const bool counted = arrival >= scenario_.warmup;
  const bool cold = !e.ready;
  Outcome outcome = Outcome::Succeeded;
  const DurationModel::Parts parts = fs.duration.sample_parts(fs.duration_rng);
  if (fs.config.error_rate > 0 && fs.error_rng.uniform() < fs.config.error_rate)
    outcome = Outcome::Failed;
  const PsJob job{0.0, arrival, static_cast<std::uint8_t>(outcome), counted, cold};
  if (parts.io > 0) {
    // The I/O wait first: it holds a slot of the environment, no CPU.
    const std::uint32_t slot = take_free_slot(mio_, free_mio_);
    mio_[slot] = MultiIo{id, parts.cpu_vcpu_s, job, true};
    e.io_waiting++;
    // An initialising environment starts the wait when it is ready.
    const sim::Time from = e.ready ? now_ : std::max(now_, e.ready_at);
    queue_.push(from + parts.io, kind_of(EventKind::MultiIoDone), slot);
  } else {
    const int before = e.ps.busy_vcpus();
    e.ps.add(now_, parts.cpu_vcpu_s, job);
    set_multi_busy_vcpus(f, e.ps.busy_vcpus() - before);
    reschedule_multi(id);
  }
  result_.usage[f].requests++;
  set_busy(f, +1, false);
  record_peak(f);
  fs.row.invocations++;
  if (cold) fs.row.cold_starts++;
  if (!counted) return;
  auto& stats = result_.functions[f];
  stats.invocations++;
  if (cold) stats.cold_starts++;
}

void Simulation::on_multi_complete(std::uint32_t id, std::uint32_t gen, std::uint32_t cgen) {
  MultiEnv& e = menvs_[id];
  if (!e.alive || e.gen != gen || e.completion_gen != cgen) {
    ++stale_;
    return;
  }
  e.completion_at = sim::kNever;
  const std::size_t f = e.function;
  const int before = e.ps.busy_vcpus();
  const PsJob job = e.ps.pop(now_);
  set_multi_busy_vcpus(f, e.ps.busy_vcpus() - before);
  set_busy(f, -1, false);
  if (job.counted) {
    // A request that ran past the function's timeout counts as timed out
    // (latency: the timeout); it is not cut off, though: its work keeps its
    // share of the environment until done (docs/compute.md).
    auto& stats = result_.functions[f];
    const sim::Time timeout = scenario_.functions[f].timeout;
    const sim::Time latency = now_ - job.arrival;
    if (latency > timeout)
      stats.timed_out++, stats.attempt_errors++;
    else if (static_cast<Outcome>(job.outcome) == Outcome::Succeeded)
      stats.succeeded++;
    else
      stats.failed++, stats.attempt_errors++;
    stats.latency_ms.add(sim::to_millis(std::min(latency, timeout)));
  }
  reschedule_multi(id);
  if (e.load() > 0) return;
  if (e.draining) return remove_multi_env(id);
  if (multi_[f]->kind == ComputeKind::Web) idle_web_env(id);
}

void Simulation::on_multi_io_done(std::uint32_t slot) {
  const MultiIo io = mio_[slot];
  mio_[slot].in_use = false;
  free_mio_.push_back(slot);
  MultiEnv& e = menvs_[io.env];  // kept alive while it has requests
  e.io_waiting--;
  const int before = e.ps.busy_vcpus();
  e.ps.add(now_, io.work, io.job);
  set_multi_busy_vcpus(e.function, e.ps.busy_vcpus() - before);
  reschedule_multi(io.env);
}

// Web Functions scale to zero: an idle environment goes after the
// platform's keep-alive (one pending expiry per environment, re-armed).
void Simulation::idle_web_env(std::uint32_t id) {
  MultiEnv& e = menvs_[id];
  const auto& keep_alive = scenario_.platform.keep_alive;
  if (keep_alive.never) return;
  e.expire_at =
      sim::add_saturating(now_, keep_alive.dist.sample(functions_[e.function]->keep_alive_rng));
  if (e.expiry_pending) return;
  e.expiry_pending = true;
  queue_.push(e.expire_at, kind_of(EventKind::MultiExpire), id, e.gen);
}

void Simulation::on_multi_expire(std::uint32_t id, std::uint32_t gen) {
  MultiEnv& e = menvs_[id];
  if (!e.alive || e.gen != gen) {
    ++stale_;
    return;
  }
  e.expiry_pending = false;
  if (e.load() > 0) return;  // re-armed when idle again
  if (e.expire_at > now_) {
    e.expiry_pending = true;
    queue_.push(e.expire_at, kind_of(EventKind::MultiExpire), id, e.gen);
    return;
  }
  remove_multi_env(id);
}

void Simulation::on_multi_ready(std::uint32_t id, std::uint32_t gen) {
  MultiEnv& e = menvs_[id];
  if (!e.alive || e.gen != gen) {
    ++stale_;
    return;
  }
  const std::size_t f = e.function;
  MultiFunction& m = *multi_[f];
  e.ready = true;
  m.launching--;
  m.ready++;
  e.ps.set_running(now_, true);
  set_multi_busy_vcpus(f, e.ps.busy_vcpus());
  reschedule_multi(id);
  if (m.kind == ComputeKind::Web && e.load() == 0) idle_web_env(id);
}

// Managed Instances' asynchronous scaling: target tracking on the CPU
// utilisation of the ready environments over the last metric period, with
// throttles (saturation) counting as above target. Scale out after
// scale_out_delay above target, at most scale_out_rate environments per
// period, ready after launch_delay; scale in after scale_in_delay below,
// at most scale_in_rate per period, draining the least loaded ones.
void Simulation::on_multi_tick(std::uint32_t f) {
  MultiFunction& m = *multi_[f];
  const ManagedInstancesConfig& mi = scenario_.functions[f].managed;
  const double area = m.cpu_busy.integral_seconds(now_);
  const double used = (area - m.cpu_area_at_tick) / sim::to_seconds(mi.metric_period);
  m.cpu_area_at_tick = area;
  const double ready_cpus = static_cast<double>(m.ready) * m.vcpus;
  const double u = ready_cpus > 0 ? used / ready_cpus : (functions_[f]->busy > 0 ? 1.0 : 0.0);
  const bool saturated = m.throttled_in_period > 0;
  m.throttled_in_period = 0;
  int active = 0;
  for (const std::uint32_t id : m.envs) active += menvs_[id].draining ? 0 : 1;
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
      const std::uint32_t id = new_multi_env(f, false);
      menvs_[id].ready_at = now_ + mi.launch_delay;
      queue_.push(now_ + mi.launch_delay, kind_of(EventKind::MultiReady), id, menvs_[id].gen);
    }
    m.periods_above = 0;
  }
  if (below && m.periods_below * mi.metric_period >= mi.scale_in_delay) {
    int remove = std::min(mi.scale_in_rate, active - desired);
    while (remove-- > 0) {
      std::uint32_t victim = kNoEnv;
      for (const std::uint32_t id : m.envs) {
        const MultiEnv& e = menvs_[id];
        if (e.draining || !e.ready) continue;
        if (victim == kNoEnv || e.load() < menvs_[victim].load()) victim = id;
      }
      if (victim == kNoEnv) break;
      if (menvs_[victim].load() == 0)
        remove_multi_env(victim);
      else
        menvs_[victim].draining = true;
    }
    m.periods_below = 0;
  }
  queue_.push(now_ + mi.metric_period, kind_of(EventKind::MultiTick), f);
}

void Simulation::finish_multi() {
  for (const MultiEnv& e : menvs_) {
    if (!e.alive) continue;
    for (const PsJob& job : e.ps.jobs())
      if (job.counted) result_.functions[e.function].in_flight_at_end++;
  }
  for (const MultiIo& io : mio_)
    if (io.in_use && io.job.counted) result_.functions[menvs_[io.env].function].in_flight_at_end++;
  for (std::size_t f = 0; f < multi_.size(); ++f)
    if (multi_[f]) account_multi(f);
}

}  // namespace ls::models
