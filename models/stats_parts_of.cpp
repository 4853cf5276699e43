#include "models/stats_parts_of.hpp"

#include "models/run_result.hpp"

namespace ls::models {

// What each part's counting sites need (models/components/): a part must be
// allocated wherever one of them can run, so each test below is at least as
// wide as the conditions under which its counters move.
std::vector<StatsPartUse> stats_parts_of(const Scenario& scenario) {
  std::vector<StatsPartUse> use(scenario.functions.size());
  for (std::size_t f = 0; f < scenario.functions.size(); ++f) {
    const FunctionConfig& fn = scenario.functions[f];
    StatsPartUse& u = use[f];
    // Provisioned: the scheduled or tracked levels and the environments
    // they add (only those are `provisioned`).
    u.provisioned = fn.provisioned->enabled();
    u.managed = fn.compute == ComputeKind::ManagedInstances;
    u.tenants = fn.tenant_isolation->enabled();
    u.durable = fn.durable->enabled;
    // Emitting counts in the emitter; a stopped event in its target (below).
    if (!fn.emits.empty()) u.recursion = true;
    for (const EmitConfig& e : fn.emits) use[e.target].recursion = true;
  }
  for (const WorkloadConfig& w : scenario.workloads) {
    StatsPartUse& u = use[w.function];
    // The async queue, durable executions (their events are async) and
    // emitted events (which arrive by an async workload of their target).
    if (w.invocation == Invocation::Async) u.async = true;
    if (w.source->type != SourceConfig::Type::None) u.source = true;
    if (w.payload->any()) u.payload = true;
    if (w.front_door->enabled()) u.front_door = true;
  }
  return use;
}

void FunctionStats::allocate(const StatsPartUse& use) {
  if (use.async) async_.allocate();
  if (use.source) source_.allocate();
  if (use.provisioned) provisioned_.allocate();
  if (use.managed) managed_.allocate();
  if (use.payload) payload_.allocate();
  if (use.front_door) front_door_.allocate();
  if (use.tenants) tenants_.allocate();
  if (use.durable) durable_.allocate();
  if (use.recursion) recursion_.allocate();
}

void FunctionStats::settle_histograms() {
  latency_ms.settle();
  if (async_.present()) {
    async().age_success_ms.settle();
    async().age_failure_ms.settle();
  }
  if (source_.present()) {
    source().batch_size.settle();
    source().age_ms.settle();
  }
  if (durable_.present()) durable().end_to_end_s.settle();
}

StatsPartUse FunctionStats::parts() const {
  return {async_.present(),   source_.present(),  provisioned_.present(),
          managed_.present(), payload_.present(), front_door_.present(),
          tenants_.present(), durable_.present(), recursion_.present()};
}

// The parts live apart: the statistics every function holds stay within
// seven cache lines (the hot four, the throttle counters, the parts'
// pointers) where they were nineteen with the parts inline (#20).
static_assert(sizeof(FunctionStats) <= 7 * 64);

}  // namespace ls::models
