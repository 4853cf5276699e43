#include "models/components/snapstart.hpp"

#include "models/billing.hpp"

namespace ls::models {

SnapStartVersions::SnapStartVersions(SimContext& ctx, Environments& environments)
    : ctx_(ctx),
      environments_(environments),
      publish_kind_(ctx.engine.add_kind<&SnapStartVersions::on_publish>(this)),
      ready_kind_(ctx.engine.add_kind<&SnapStartVersions::on_ready>(this)) {
  // Drawn only for SnapStart functions (their versions' snapshot runs).
  for (const FunctionConfig& fn : ctx.scenario.functions)
    snapshot_rngs_.push_back(fn.snapstart->enabled ? ctx.stream("snapstart-snapshot", fn.name)
                                                   : sim::Rng{});
}

// The first version was published before the run: its snapshot is cached
// from time 0.
void SnapStartVersions::start() {
  const auto& functions = ctx_.scenario.functions;
  for (std::uint32_t f = 0; f < functions.size(); ++f) {
    const SnapStartConfig& snap = *functions[f].snapstart;
    if (!snap.enabled) continue;
    ctx_.result.usage[f].snapshot_periods.push_back({0, sim::kNever});
    for (std::uint32_t v = 0; v < snap.versions.size(); ++v)
      ctx_.engine.schedule(snap.versions[v], publish_kind_, f, v + 1);
  }
}

// A new version: Lambda runs INIT to make its snapshot (billed at the INIT
// rate when the runtime pays for SnapStart and the table bills INIT).
void SnapStartVersions::on_publish(const sim::Event& ev) {
  const std::size_t f = ev.index;
  const FunctionConfig& fn = ctx_.scenario.functions[f];
  const sim::Time init = fn.init.sample(snapshot_rngs_[f]);
  const BillingConfig& billing = ctx_.scenario.platform.billing;
  if (fn.snapstart->charged() && billing.bill_init.value_or(true))
    ctx_.result.usage[f].init_billed_us += billed_us(init, billing.granularity);
  ctx_.engine.schedule(
      sim::add_saturating(ctx_.now(), sim::add_saturating(init, fn.snapstart->snapshot_overhead)),
      ready_kind_, ev.index, ev.gen);
}

void SnapStartVersions::on_ready(const sim::Event& ev) {
  const std::size_t f = ev.index;
  auto& periods = ctx_.result.usage[f].snapshot_periods;
  periods.back().end = ctx_.now();
  periods.push_back({ctx_.now(), sim::kNever});
  environments_.new_version(f);
}

}  // namespace ls::models
