#include "tools/study/calibrate_estimate.hpp"

#include <algorithm>
#include <cmath>

#include "tools/study/calibrate_readers.hpp"

namespace ls::tools::calibrate {

namespace {
// Routing decisions with an environment ending this close to the arrival
// are ambiguous (was it idle yet?) and not scored: log times are taken
// outside the platform and differ by tens of milliseconds.
constexpr double kAmbiguous_s = 0.25;
constexpr std::size_t kMaxCandidates = ReuseTally::kMaxK;
}  // namespace

Calibrator::Calibrator(EstimateOptions options) : options_(options) {}

void Calibrator::resolve_decisions(double now) {
  while (!pending_.empty() && pending_.front().at < now - options_.decision_horizon_s) {
    Decision& d = pending_.front();
    std::vector<Candidate> alive;
    for (std::size_t i = 0; i < d.envs.size(); ++i) {
      // The chosen one (first) is alive; another is if it served a later request.
      if (i == 0 || envs_[d.envs[i]].last_arrival > d.at) alive.push_back(d.candidates[i]);
    }
    reuse_.add(alive);
    pending_.pop_front();
  }
}

// A new environment started at `now`: every idle environment not yet
// disproved is (provisionally) dead by now.
void Calibrator::mark_idle_dead(double now) {
  for (auto it = by_end_.rbegin(); it != by_end_.rend(); ++it) {
    if (it->first >= now) continue;  // busy
    Env& e = envs_[it->second];
    if (e.dead_at < e.last_end) e.dead_at = now;
  }
}

void Calibrator::add(const LogRecord& r) {
  const double init_s = std::isnan(r.init_ms) ? 0.0 : r.init_ms / 1000.0;
  const double end = r.arrival + init_s + r.duration_ms / 1000.0;
  Observed& o = observed_;
  if (!any_) {
    o.start_unix = r.arrival;
    o.billed_in_100ms = true;
    any_ = true;
  }
  last_arrival_ = r.arrival;
  ++o.requests;
  o.end_unix = std::max(o.end_unix, end);
  const auto minute = static_cast<std::size_t>(std::max(0.0, (r.arrival - o.start_unix) / 60.0));
  if (o.per_minute.size() <= minute) o.per_minute.resize(minute + 1, 0);
  ++o.per_minute[minute];
  // Concurrency: requests in flight at this arrival, this one included.
  while (!ends_.empty() && ends_.top() <= r.arrival) ends_.pop();
  ends_.push(end);
  o.concurrency_peak = std::max<std::uint64_t>(o.concurrency_peak, ends_.size());
  // The function's own numbers.
  duration_.add(r.duration_ms / 1000.0);
  latency_ms_.add(r.duration_ms + init_s * 1000.0);
  if (r.cold) {
    ++o.cold_starts;
    if (std::isnan(r.init_ms))
      ++init_unknown_;
    else
      init_.add(r.init_ms / 1000.0);
  }
  ++memory_sizes_[std::llround(r.memory_mb)];
  if (!std::isnan(r.max_memory_mb)) max_memory_.add(r.max_memory_mb);
  const double billed_ms = std::isnan(r.billed_ms) ? std::ceil(r.duration_ms) : r.billed_ms;
  if (std::fmod(billed_ms, 100.0) != 0.0) o.billed_in_100ms = false;
  o.billed_us += static_cast<std::uint64_t>(std::llround(billed_ms * 1000.0));
  o.billed_gb_s += billed_ms / 1000.0 * r.memory_mb / 1024.0;
  if (r.env.empty()) return;

  // The environment's lifecycle.
  resolve_decisions(r.arrival);
  while (!by_end_.empty() && by_end_.begin()->first < r.arrival - options_.decision_horizon_s)
    by_end_.erase(by_end_.begin());
  const auto [it, inserted] = env_index_.emplace(r.env, static_cast<std::uint32_t>(envs_.size()));
  const std::uint32_t id = it->second;
  if (inserted) {
    if (r.cold) {
      mark_idle_dead(r.arrival);
    } else {
      ++o.inherited;
    }
    envs_.push_back(Env{r.arrival, r.arrival, end, -1.0, -1.0, 1});
    by_end_.emplace(end, id);
    return;
  }
  Env& e = envs_[id];
  const double gap = r.arrival - e.last_end;
  if (gap > 0.0) {
    if (e.dead_at >= e.last_end) {  // a new environment started while this one was idle
      ++reuse_.new_while_idle_alive;
      e.dead_at = -1.0;
    }
    e.outranked_at = -1.0;
    idle_.alive(gap);
    // The routing decision: which idle environments could have taken it.
    Decision d;
    d.at = r.arrival;
    d.envs.push_back(id);
    d.candidates.push_back({e.last_end, e.created, true});
    bool ambiguous = false;
    for (auto c = by_end_.rbegin(); c != by_end_.rend(); ++c) {
      if (c->second == id) continue;
      if (std::abs(c->first - r.arrival) <= kAmbiguous_s) ambiguous = true;
      if (c->first >= r.arrival) continue;
      Env& other = envs_[c->second];
      if (c->first > e.last_end && other.outranked_at < other.last_end)
        other.outranked_at = r.arrival;
      d.envs.push_back(c->second);
      d.candidates.push_back({c->first, envs_[c->second].created, false});
    }
    if (ambiguous || d.envs.size() > kMaxCandidates) {
      ++reuse_.not_recorded;
    } else if (d.envs.size() >= 2) {
      if (pending_.size() >= options_.max_pending_decisions)
        ++reuse_.not_recorded;
      else
        pending_.push_back(std::move(d));
    }
  }
  by_end_.erase({e.last_end, id});
  e.last_end = std::max(e.last_end, end);
  e.last_arrival = r.arrival;
  ++e.requests;
  by_end_.emplace(e.last_end, id);
}

Estimates Calibrator::finish() {
  Estimates out;
  resolve_decisions(1e300);
  Observed& o = observed_;
  o.environments = envs_.size();
  out.duration = duration_.fit();
  out.init = init_.fit();
  out.init_unknown = init_unknown_;
  out.memory_sizes = memory_sizes_.size();
  std::uint64_t best = 0;
  for (const auto& [mb, n] : memory_sizes_) {
    if (n > best) {
      best = n;
      out.memory_mb = static_cast<double>(mb);
    }
  }
  out.max_memory_used_p99_mb = max_memory_.count() ? max_memory_.quantile(0.99) : 0.0;
  out.max_memory_used_max_mb = max_memory_.count() ? max_memory_.max() : 0.0;
  o.latency_p50_ms = latency_ms_.quantile(0.5);
  o.latency_p99_ms = latency_ms_.quantile(0.99);

  // Idle reclaim: the alive gaps were streamed; the dead ones are each
  // environment's last idle gap if a new environment started after it. A
  // retirement for age (a death after a short gap) is an upper bound at a
  // gap where the many reused gaps outweigh it: it barely moves F there, so
  // all deaths enter the estimate.
  // When the reuse rule is most-recent, an idle environment passed over
  // for a less recently used one is gone too (the first such time).
  out.reuse = score_reuse(reuse_);
  if (out.reuse.best == "most-recent") {
    for (auto& e : envs_) {
      if (e.outranked_at >= e.last_end && (e.dead_at < e.last_end || e.outranked_at < e.dead_at))
        e.dead_at = e.outranked_at;
    }
  }
  std::vector<std::size_t> dead;
  IdleObservations obs = idle_;
  for (std::size_t i = 0; i < envs_.size(); ++i) {
    if (envs_[i].dead_at < envs_[i].last_end) continue;
    dead.push_back(i);
    obs.dead(envs_[i].dead_at - envs_[i].last_end);
  }
  out.reclaim = estimate_reclaim(obs, options_.bootstrap_samples, options_.seed);
  // Deaths after a gap shorter than the reclaim time's 10th percentile:
  // retired (lifetime), not reclaimed for idleness.
  const double cut = std::isfinite(out.reclaim.q10_s) ? out.reclaim.q10_s : 0.0;

  // Lifetime: ages at the last request of the retired environments whose
  // death is known to within 1 % of the longest span (a new or other
  // environment took over that soon after the last request; the age is
  // then a tight lower bound of the lifetime).
  LifetimeEstimate& life = out.lifetime;
  std::vector<double> ages;
  double env_hours = 0.0;
  for (const auto& e : envs_) {
    life.longest_span_s = std::max(life.longest_span_s, e.last_end - e.created);
    env_hours += (e.last_end - e.created) / 3600.0;
  }
  const double tight = std::min(cut, 0.01 * life.longest_span_s);
  for (std::size_t i : dead) {
    const Env& e = envs_[i];
    if (e.dead_at - e.last_end < tight) ages.push_back(e.last_end - e.created);
  }
  life.retired = ages.size();
  std::vector<double> cluster;
  for (double a : ages)
    if (a >= life.longest_span_s / 2) cluster.push_back(a);
  life.at_max_age = cluster.size();
  life.early = life.retired - life.at_max_age;
  life.early_per_env_hour = env_hours > 0 ? static_cast<double>(life.early) / env_hours : 0.0;
  if (!cluster.empty()) {
    double sum = 0.0, sq = 0.0;
    for (double a : cluster) sum += a;
    life.mean_s = sum / static_cast<double>(cluster.size());
    for (double a : cluster) sq += (a - life.mean_s) * (a - life.mean_s);
    life.sd_s = cluster.size() > 1 ? std::sqrt(sq / static_cast<double>(cluster.size() - 1)) : 0.0;
    life.min_s = *std::min_element(cluster.begin(), cluster.end());
    life.max_s = *std::max_element(cluster.begin(), cluster.end());
    const double half = 1.96 * life.sd_s / std::sqrt(static_cast<double>(cluster.size()));
    life.mean_ci95 = {life.mean_s - half, life.mean_s + half};
  }

  // Environments over time: each alive from its first arrival to its last
  // end plus the median reclaim time (or until proven gone), in the window.
  const double tau = std::isfinite(out.reclaim.median_s) ? out.reclaim.median_s : 0.0;
  double area = 0.0;
  o.series_interval_s = 60.0 * std::max(1.0, std::ceil(o.window_s() / 240.0 / 60.0));
  const double dt = o.series_interval_s;
  o.environments_series.assign(
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(o.window_s() / dt))), 0.0);
  for (const auto& e : envs_) {
    double until = e.last_end + tau;
    if (e.dead_at >= e.last_end) until = std::min(until, e.dead_at);
    until = std::min(until, o.end_unix);
    const double from = std::max(e.created, o.start_unix);
    if (until <= from) continue;
    area += until - from;
    // Spread [from, until) over the series' intervals.
    for (auto i = static_cast<std::size_t>((from - o.start_unix) / dt);
         i < o.environments_series.size(); ++i) {
      const double lo = o.start_unix + static_cast<double>(i) * dt;
      const double hi = std::min(lo + dt, o.end_unix);  // the last interval is shorter
      if (lo >= until) break;
      if (hi > lo)
        o.environments_series[i] += (std::min(hi, until) - std::max(lo, from)) / (hi - lo);
    }
  }
  o.environments_mean = o.window_s() > 0 ? area / o.window_s() : 0.0;
  out.observed = o;
  return out;
}

Estimates estimate_from_logs(LogStream& logs, const EstimateOptions& options,
                             const std::function<void(const LogRecord&)>& also) {
  Calibrator calibrator(options);
  LogRecord r;
  while (logs.next(r)) {
    calibrator.add(r);
    if (also) also(r);
  }
  return calibrator.finish();
}

}  // namespace ls::tools::calibrate
