#include "models/arrivals.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>

#include "sim/dist.hpp"

namespace ls::models {
namespace {

using sim::Time;

// Exponential gap (seconds) for `rate` per second: the ziggurat sampler
// (one draw, no logarithm in ~99 % of calls), not -log(U) / rate.
double exponential_gap(sim::Rng& rng, double rate) {
  return sim::sample_standard_exponential(rng) / rate;
}

// floor(x) plus one more with probability frac(x): an unbiased integer
// version of x >= 0.
std::uint64_t random_round(sim::Rng& rng, double x) {
  const double whole = std::floor(x);
  return static_cast<std::uint64_t>(whole) + (rng.uniform() < x - whole ? 1 : 0);
}

}  // namespace

ArrivalGenerator ArrivalGenerator::process(const ArrivalConfig& config) {
  ArrivalGenerator g;
  g.config_ = &config;
  using P = ArrivalConfig::Process;
  switch (config.process) {
    case P::Poisson:
      g.kind_ = config.rate * config.rate_scale > 0 ? Kind::Poisson : Kind::Empty;
      g.mean_gap_s_ = 1.0 / (config.rate * config.rate_scale);
      break;
    case P::Constant:
      g.kind_ = config.rate * config.rate_scale > 0 ? Kind::Constant : Kind::Empty;
      break;
    case P::Steps: g.kind_ = Kind::Steps; break;
    case P::Diurnal:
      g.kind_ = config.shape->mean * config.rate_scale > 0 ? Kind::Diurnal : Kind::Empty;
      break;
    case P::Trace: g.kind_ = config.shape->trace ? Kind::Trace : Kind::Empty; break;
    case P::TraceCounts:
      g.kind_ = config.per_minute_counts ? Kind::TraceCounts : Kind::Empty;
      break;
    case P::None: g.kind_ = Kind::Empty; break;
  }
  return g;
}

ArrivalGenerator ArrivalGenerator::burst(const ArrivalConfig::Burst& burst) {
  ArrivalGenerator g;
  g.kind_ = burst.count > 0 ? Kind::Burst : Kind::Empty;
  g.burst_ = burst;
  return g;
}

double ArrivalGenerator::rate_at(Time t) const {
  switch (kind_) {
    case Kind::Poisson:
    case Kind::Constant: return config_->rate * scale();
    case Kind::Steps: {
      double rate = 0.0;
      for (const auto& step : config_->shape->steps) {
        if (step.at > t) break;
        rate = step.rate;
      }
      return rate * scale();
    }
    case Kind::Diurnal: {
      const double phase =
          sim::to_seconds(t - config_->shape->phase) / sim::to_seconds(config_->shape->period);
      return config_->shape->mean * scale() *
             (1.0 + config_->shape->amplitude * std::sin(2.0 * std::numbers::pi * phase));
    }
    default: return 0.0;
  }
}

Time ArrivalGenerator::next(sim::Rng& rng) {
  switch (kind_) {
    case Kind::Empty: return sim::kNever;
    case Kind::Poisson:  // the mean gap is precomputed: a multiplication, not a division
      now_ = sim::add_saturating(
          now_, sim::from_seconds(sim::sample_standard_exponential(rng) * mean_gap_s_));
      return now_;
    case Kind::Constant: {
      // Evenly spaced, first at one gap after 0; computed from the index so
      // that rounding does not accumulate.
      ++cursor_;
      now_ = sim::from_seconds(static_cast<double>(cursor_) / rate_at(now_));
      return now_;
    }
    case Kind::Steps: return next_steps(rng);
    case Kind::Diurnal: return next_diurnal(rng);
    case Kind::Trace: {
      if (scale() != 1.0) return next_trace_scaled(rng);
      const auto& times = *config_->shape->trace;
      if (cursor_ >= times.size()) return sim::kNever;
      return now_ = times[cursor_++];
    }
    case Kind::TraceCounts: return next_trace_counts(rng);
    case Kind::Burst: {
      if (static_cast<std::int64_t>(cursor_) >= burst_.count) return sim::kNever;
      const double fraction = static_cast<double>(cursor_++) / static_cast<double>(burst_.count);
      return now_ = burst_.at + static_cast<Time>(fraction * static_cast<double>(burst_.over));
    }
  }
  return sim::kNever;
}

// Piecewise-constant Poisson sampled exactly by inversion: draw a unit-rate
// exponential amount of "work" and spend it across the steps at each step's
// rate (a zero-rate step consumes none).
Time ArrivalGenerator::next_steps(sim::Rng& rng) {
  const auto& steps = config_->shape->steps;
  double work = sim::sample_standard_exponential(rng);
  Time t = now_;
  std::size_t i = cursor_;
  while (i + 1 < steps.size() && steps[i + 1].at <= t) ++i;
  for (;;) {
    if (steps.empty() || t < steps[0].at) {  // before the first step: rate 0
      if (steps.empty()) return now_ = sim::kNever;
      t = steps[0].at;
      i = 0;
      continue;
    }
    const double rate = steps[i].rate * scale();
    const Time end = i + 1 < steps.size() ? steps[i + 1].at : sim::kNever;
    if (rate > 0) {
      const double span = end == sim::kNever ? INFINITY : sim::to_seconds(end - t);
      if (work < rate * span) {
        cursor_ = i;
        return now_ = sim::add_saturating(t, sim::from_seconds(work / rate));
      }
      work -= rate * span;
    }
    if (end == sim::kNever) return now_ = sim::kNever;
    t = end;
    ++i;
  }
}

// Sinusoidal Poisson by thinning (Lewis–Shedler): candidates at the peak rate,
// each kept with probability rate(t) / peak. Exact for any horizon.
Time ArrivalGenerator::next_diurnal(sim::Rng& rng) {
  const double peak = config_->shape->mean * scale() * (1.0 + config_->shape->amplitude);
  for (;;) {
    now_ = sim::add_saturating(now_, sim::from_seconds(exponential_gap(rng, peak)));
    if (now_ == sim::kNever) return now_;
    if (rng.uniform() * peak < rate_at(now_)) return now_;
  }
}

// Each minute's count spread uniformly at random within the minute, emitted
// in order without storing them: the next of n remaining sorted uniforms on
// [p, 1) is p + (1 − p)(1 − U^{1/n}).
Time ArrivalGenerator::next_trace_counts(sim::Rng& rng) {
  const auto& counts = *config_->per_minute_counts;
  if (started_ && minute_left_ == 0) ++cursor_;
  started_ = true;
  while (minute_left_ == 0) {
    if (cursor_ >= counts.size()) return now_ = sim::kNever;
    minute_left_ = counts[cursor_];
    if (scale() != 1.0) {
      minute_left_ = static_cast<std::uint32_t>(
          std::min<std::uint64_t>(random_round(rng, minute_left_ * scale()), UINT32_MAX));
    }
    minute_pos_ = 0.0;
    if (minute_left_ == 0) ++cursor_;
  }
  const double u = rng.uniform_pos();
  minute_pos_ += (1.0 - minute_pos_) * (1.0 - std::pow(u, 1.0 / minute_left_));
  --minute_left_;
  const Time minute_start = static_cast<Time>(cursor_) * sim::kMinute;
  const Time offset = std::min<Time>(sim::kMinute - 1, sim::from_seconds(minute_pos_ * 60.0));
  return now_ = std::max(now_, minute_start + offset);
}

// A trace replayed at rate_scale s: each recorded arrival is emitted
// floor(s) times plus once more with probability frac(s) (s < 1 thins it).
// Copies share the recorded instant.
Time ArrivalGenerator::next_trace_scaled(sim::Rng& rng) {
  const auto& times = *config_->shape->trace;
  while (copies_left_ == 0) {
    if (cursor_ >= times.size()) return sim::kNever;
    now_ = times[cursor_++];
    copies_left_ = random_round(rng, scale());
  }
  --copies_left_;
  return now_;
}

double ArrivalGenerator::expected_count(Time horizon) const {
  if (kind_ != Kind::Burst && kind_ != Kind::Empty && scale() != 1.0) {
    ArrivalGenerator unscaled = *this;
    ArrivalConfig config = *config_;
    config.rate_scale = 1.0;
    unscaled.config_ = &config;
    return unscaled.expected_count(horizon) * scale();
  }
  const double h = sim::to_seconds(horizon);
  switch (kind_) {
    case Kind::Poisson:
    case Kind::Constant: return config_->rate * h;
    case Kind::Diurnal: return config_->shape->mean * h;  // whole periods; approximate otherwise
    case Kind::Steps: {
      double total = 0.0;
      const auto& steps = config_->shape->steps;
      for (std::size_t i = 0; i < steps.size(); ++i) {
        const Time end = i + 1 < steps.size() ? std::min(steps[i + 1].at, horizon) : horizon;
        if (end > steps[i].at) total += steps[i].rate * sim::to_seconds(end - steps[i].at);
      }
      return total;
    }
    case Kind::Trace: {
      double n = 0;
      for (Time t : *config_->shape->trace) n += t < horizon ? 1 : 0;
      return n;
    }
    case Kind::TraceCounts: {
      double n = 0;
      const auto& counts = *config_->per_minute_counts;
      for (std::size_t m = 0; m < counts.size() && static_cast<Time>(m) * sim::kMinute < horizon;
           ++m)
        n += counts[m];
      return n;
    }
    case Kind::Burst: return burst_.at < horizon ? static_cast<double>(burst_.count) : 0.0;
    case Kind::Empty: return 0.0;
  }
  return 0.0;
}

void for_each_arrival_source(const Scenario& scenario,
                             const std::function<void(ArrivalSource&&)>& visit) {
  for (std::size_t w = 0; w < scenario.workloads.size(); ++w) {
    const auto& arrivals = scenario.workloads[w].arrivals;
    visit({w, 0, ArrivalGenerator::process(arrivals)});
    for (std::size_t b = 0; b < arrivals.shape->bursts.size(); ++b) {
      ArrivalConfig::Burst burst = arrivals.shape->bursts[b];
      burst.count = std::llround(static_cast<double>(burst.count) * arrivals.rate_scale);
      visit({w, b + 1, ArrivalGenerator::burst(burst)});
    }
  }
}

std::vector<ArrivalSource> make_arrival_sources(const Scenario& scenario) {
  std::vector<ArrivalSource> sources;
  for_each_arrival_source(scenario,
                          [&](ArrivalSource&& source) { sources.push_back(std::move(source)); });
  return sources;
}

std::optional<Time> replay_end(const Scenario& scenario) {
  std::optional<Time> end;
  for (const WorkloadConfig& w : scenario.workloads) {
    const ArrivalConfig& a = w.arrivals;
    if (!a.shape->bursts.empty()) return std::nullopt;
    Time last = 0;
    if (a.process == ArrivalConfig::Process::Trace) {
      const auto& trace = a.shape->trace;
      if (trace && !trace->empty()) last = trace->back();
    } else if (a.process == ArrivalConfig::Process::TraceCounts) {
      if (a.per_minute_counts) last = static_cast<Time>(a.per_minute_counts->size()) * sim::kMinute;
    } else if (a.process != ArrivalConfig::Process::None) {
      return std::nullopt;
    }
    end = std::max(end.value_or(0), last);
  }
  return end;
}

}  // namespace ls::models
