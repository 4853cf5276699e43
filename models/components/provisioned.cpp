#include "models/components/provisioned.hpp"

#include <algorithm>
#include <cmath>

namespace ls::models {
namespace {
// Target tracking evaluates one metric period at a time, as Application Auto
// Scaling does with one-minute CloudWatch datapoints.
constexpr sim::Time kMetricPeriod = sim::kMinute;
}  // namespace

Provisioned::Provisioned(SimContext& ctx, Environments& environments, AccountPool& pool)
    : ctx_(ctx),
      environments_(environments),
      pool_(pool),
      step_kind_(ctx.engine.add_kind<&Provisioned::on_step>(this)),
      step_ready_kind_(ctx.engine.add_kind<&Provisioned::on_step_ready>(this)),
      tick_kind_(ctx.engine.add_kind<&Provisioned::on_tick>(this)),
      ready_kind_(ctx.engine.add_kind<&Provisioned::on_ready>(this)),
      functions_(ctx.scenario.functions.size()) {}

// Before the first arrivals: provisioned environments at time 0 come first.
void Provisioned::start() {
  for (std::uint32_t f = 0; f < functions_.size(); ++f) {
    const auto& pc = *ctx_.scenario.functions[f].provisioned;
    if (pc.tracking) {
      set(f, pc.min);
      ctx_.engine.schedule(kMetricPeriod, tick_kind_, f);
      continue;
    }
    for (std::uint32_t i = 0; i < pc.schedule.size(); ++i)
      ctx_.engine.schedule(pc.schedule[i].at, step_kind_, f, i);
  }
}

// A scheduled change of the PC level. A level at time 0 is in place before
// the simulated period begins. A later increase is an allocation like any
// other: billed from the step (AWS pricing: PC "is calculated from the time
// you enable it on your function until it is disabled"), usable only after
// allocation_delay (lambda-concurrency.html: "you can't access any of those
// environments until Lambda completely finishes allocating them"). A
// decrease is immediate.
void Provisioned::on_step(const sim::Event& ev) {
  const std::uint32_t f = ev.index;
  const auto& pc = *ctx_.scenario.functions[f].provisioned;
  const auto& step = pc.schedule[ev.gen];
  functions_[f].latest_step = ev.gen;
  if (step.at == 0 || step.value <= ctx_.meters.provisioned(f)) return set(f, step.value);
  configure(f, step.value);
  ctx_.engine.schedule(ctx_.now() + pc.allocation_delay, step_ready_kind_, f, ev.gen);
}

void Provisioned::on_step_ready(const sim::Event& ev) {
  if (functions_[ev.index].latest_step != ev.gen) return;  // a later step superseded it
  provide(ev.index, ctx_.scenario.functions[ev.index].provisioned->schedule[ev.gen].value);
}

// Configured and usable at once.
void Provisioned::set(std::size_t f, int count) {
  configure(f, count);
  if (count != ctx_.meters.provisioned(f)) provide(f, count);
}

// The configured level: what the bill follows, from the moment it is set
// (allocation included).
void Provisioned::configure(std::size_t f, int count) {
  PerFunction& pf = functions_[f];
  if (count == pf.configured) return;
  pf.configured = count;
  close_period(f);
  if (count > 0) {
    auto& periods = ctx_.result.usage[f].pc_periods;
    periods.push_back({ctx_.now(), ctx_.now(), count});
    pf.pc_period = periods.size() - 1;
  }
}

// Allocates or removes provisioned environments to reach `count`. New ones
// are initialised already (no cold start); removed ones go when idle, or as
// soon as the request they serve ends.
void Provisioned::provide(std::size_t f, int count) {
  const int current = ctx_.meters.provisioned(f);
  for (int i = current; i < count; ++i) environments_.add_provisioned(f);
  environments_.remove_provisioned(f, current - count);
  pool_.set_provisioned(f, count);
  ctx_.meters.set_provisioned(f, count);
}

void Provisioned::close_period(std::size_t f) {
  PerFunction& pf = functions_[f];
  if (pf.pc_period == static_cast<std::size_t>(-1)) return;
  ctx_.result.usage[f].pc_periods[pf.pc_period].end = ctx_.now();
  pf.pc_period = static_cast<std::size_t>(-1);
}

// Target tracking on provisioned-concurrency utilisation, one datapoint per
// minute with the Average statistic (the time-average of busy provisioned
// environments over the minute / the PC level): scale out after
// `scale_out_delay` of consecutive datapoints above the target (3 minutes:
// AWS provisioned-concurrency.html, "3 data points"), new environments
// billed from the decision and ready after the allocation delay; scale in
// after `scale_in_delay` of datapoints below 90 % of it (15 minutes) — the
// asymmetry Application Auto Scaling uses to avoid flapping.
void Provisioned::on_tick(const sim::Event& ev) {
  const std::uint32_t f = ev.index;
  PerFunction& pf = functions_[f];
  const auto& pc = *ctx_.scenario.functions[f].provisioned;
  const sim::Time now = ctx_.now();
  const int provisioned = ctx_.meters.provisioned(f);
  const double area = ctx_.meters.provisioned_busy_all(f).integral_seconds(now);
  const double used = (area - pf.tracking_area) / sim::to_seconds(kMetricPeriod);
  pf.tracking_area = area;
  const double utilization =
      provisioned > 0 ? used / provisioned : (ctx_.meters.busy(f) > 0 ? 1.0 : 0.0);
  pf.periods_above = utilization > pc.target_utilization ? pf.periods_above + 1 : 0;
  pf.periods_below = utilization < 0.9 * pc.target_utilization ? pf.periods_below + 1 : 0;
  const int base = std::max(provisioned, 1);
  const int desired = static_cast<int>(std::ceil(base * utilization / pc.target_utilization));
  if (pf.periods_above * kMetricPeriod >= pc.scale_out_delay) {
    const int target = std::min(pc.max, std::max(desired, provisioned + 1));
    if (target > std::max(provisioned, pf.pending_scale_out)) {
      pf.pending_scale_out = target;
      configure(f, target);  // billed from now, usable after the allocation delay
      ctx_.engine.schedule(now + pc.allocation_delay, ready_kind_, f,
                           static_cast<std::uint32_t>(target));
    }
    pf.periods_above = 0;
  }
  if (pf.periods_below * kMetricPeriod >= pc.scale_in_delay) {
    const int target = std::max(pc.min, desired);
    if (target < provisioned && pf.pending_scale_out == 0) set(f, target);
    pf.periods_below = 0;
  }
  ctx_.engine.schedule(now + kMetricPeriod, tick_kind_, f);
}

void Provisioned::on_ready(const sim::Event& ev) {
  const std::uint32_t f = ev.index;
  const auto count = static_cast<int>(ev.gen);
  if (count > ctx_.meters.provisioned(f)) provide(f, count);
  if (functions_[f].pending_scale_out == count) functions_[f].pending_scale_out = 0;
}

void Provisioned::finish() {
  for (std::size_t f = 0; f < functions_.size(); ++f) close_period(f);
}

}  // namespace ls::models
