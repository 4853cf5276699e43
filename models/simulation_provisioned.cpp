// Provisioned concurrency: constant levels, schedules and target tracking.
#include <algorithm>
#include <cmath>

#include "models/simulation.hpp"
#include "models/simulation_state.hpp"

namespace ls::models {
namespace {
constexpr std::uint32_t kind_of(EventKind k) { return static_cast<std::uint32_t>(k); }
// Target tracking evaluates one metric period at a time, as Application Auto
// Scaling does with one-minute CloudWatch datapoints.
constexpr sim::Time kMetricPeriod = sim::kMinute;
}  // namespace

void Simulation::schedule_provisioned() {
  for (std::uint32_t f = 0; f < functions_.size(); ++f) {
    const auto& pc = scenario_.functions[f].provisioned;
    if (pc.tracking) {
      set_provisioned(f, pc.min);
      queue_.push(kMetricPeriod, kind_of(EventKind::ProvisionedTick), f);
      continue;
    }
    for (std::uint32_t i = 0; i < pc.schedule.size(); ++i)
      queue_.push(pc.schedule[i].at, kind_of(EventKind::ProvisionedStep), f, i);
  }
}

void Simulation::on_provisioned_step(std::uint32_t f, std::uint32_t step) {
  set_provisioned(f, scenario_.functions[f].provisioned.schedule[step].value);
}

// Allocates or removes provisioned environments to reach `count`. New ones
// are initialised already (no cold start); removed ones go when idle, or as
// soon as the request they serve ends.
void Simulation::set_provisioned(std::size_t f, int count) {
  FunctionState& fs = *functions_[f];
  if (count == fs.provisioned && fs.pc_period != static_cast<std::size_t>(-1)) return;
  auto& envs = envs_.envs();
  for (int i = fs.provisioned; i < count; ++i) {
    const EnvId id = envs_.allocate(static_cast<std::uint32_t>(f), now_, true);
    fs.provisioned_idle.push_back(envs, id);
    set_environments(f, +1);
    if (warm_) result_.functions[f].environments_created++;
  }
  int excess = fs.provisioned - count;
  while (excess > 0 && !fs.provisioned_idle.empty()) {
    const EnvId id = fs.provisioned_idle.front();
    fs.provisioned_idle.remove(envs, id);
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
  fs.provisioned = count;
  pool_.set_provisioned(f, count);
  result_.functions[f].provisioned.set(now_, count);
  if (options_.series_interval > 0) fs.series_provisioned.set(now_, count);
  close_pc_period(f);
  if (count > 0) {
    result_.usage[f].pc_periods.push_back({now_, now_, count});
    fs.pc_period = result_.usage[f].pc_periods.size() - 1;
  }
}

void Simulation::close_pc_period(std::size_t f) {
  FunctionState& fs = *functions_[f];
  if (fs.pc_period == static_cast<std::size_t>(-1)) return;
  result_.usage[f].pc_periods[fs.pc_period].end = now_;
  fs.pc_period = static_cast<std::size_t>(-1);
}

// Target tracking on provisioned-concurrency utilisation: scale out after
// `scale_out_delay` of periods above the target (new environments ready after
// the allocation delay), scale in after `scale_in_delay` of periods below 90 %
// of it — the asymmetry Application Auto Scaling uses to avoid flapping.
void Simulation::on_provisioned_tick(std::uint32_t f) {
  FunctionState& fs = *functions_[f];
  const auto& pc = scenario_.functions[f].provisioned;
  const double area = fs.tracking_busy.integral_seconds(now_);
  const double used = (area - fs.tracking_area) / sim::to_seconds(kMetricPeriod);
  fs.tracking_area = area;
  const double utilization = fs.provisioned > 0 ? used / fs.provisioned : (fs.busy > 0 ? 1.0 : 0.0);
  fs.periods_above = utilization > pc.target_utilization ? fs.periods_above + 1 : 0;
  fs.periods_below = utilization < 0.9 * pc.target_utilization ? fs.periods_below + 1 : 0;
  const int base = std::max(fs.provisioned, 1);
  const int desired = static_cast<int>(std::ceil(base * utilization / pc.target_utilization));
  if (fs.periods_above * kMetricPeriod >= pc.scale_out_delay) {
    const int target = std::min(pc.max, std::max(desired, fs.provisioned + 1));
    if (target > std::max(fs.provisioned, fs.pending_scale_out)) {
      fs.pending_scale_out = target;
      queue_.push(now_ + pc.allocation_delay, kind_of(EventKind::ProvisionedReady), f,
                  static_cast<std::uint32_t>(target));
    }
    fs.periods_above = 0;
  }
  if (fs.periods_below * kMetricPeriod >= pc.scale_in_delay) {
    const int target = std::max(pc.min, desired);
    if (target < fs.provisioned && fs.pending_scale_out == 0) set_provisioned(f, target);
    fs.periods_below = 0;
  }
  queue_.push(now_ + kMetricPeriod, kind_of(EventKind::ProvisionedTick), f);
}

void Simulation::on_provisioned_ready(std::uint32_t f, std::uint32_t count) {
  FunctionState& fs = *functions_[f];
  if (static_cast<int>(count) > fs.provisioned) set_provisioned(f, static_cast<int>(count));
  if (fs.pending_scale_out == static_cast<int>(count)) fs.pending_scale_out = 0;
}

}  // namespace ls::models
