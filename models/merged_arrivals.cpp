#include "models/merged_arrivals.hpp"

#include "sim/dist.hpp"

namespace ls::models {

bool mergeable_poisson(const WorkloadConfig& workload) {
  const ArrivalConfig& a = workload.arrivals;
  return a.process == ArrivalConfig::Process::Poisson && a.rate * a.rate_scale > 0;
}

std::shared_ptr<const PoissonMerge> plan_poisson_merge(const Scenario& scenario,
                                                       std::size_t min_workloads) {
  std::vector<std::uint32_t> members;
  std::vector<double> rates;
  double total = 0.0;
  for (std::uint32_t w = 0; w < scenario.workloads.size(); ++w) {
    const WorkloadConfig& workload = scenario.workloads[w];
    if (!mergeable_poisson(workload)) continue;
    members.push_back(w);
    rates.push_back(workload.arrivals.rate * workload.arrivals.rate_scale);
    total += rates.back();
  }
  if (members.size() < min_workloads || members.empty()) return nullptr;
  auto plan = std::make_shared<PoissonMerge>();
  plan->workloads = std::move(members);
  plan->member_of_arrival = sim::AliasTable(rates);
  plan->mean_gap_s = 1.0 / total;
  return plan;
}

MergedPoissonStream::MergedPoissonStream(const PoissonMerge& plan, sim::Rng rng)
    : plan_(&plan), rng_(rng) {
  for (Arrival& a : ring_) a = draw();
}

MergedPoissonStream::Arrival MergedPoissonStream::draw() {
  // As ArrivalGenerator's Poisson: the gap rounded to the nanosecond and
  // added to the previous arrival's time, saturating at kNever.
  last_ = sim::add_saturating(
      last_, sim::from_seconds(sim::sample_standard_exponential(rng_) * plan_->mean_gap_s));
  return {last_, plan_->member_of_arrival.pick(rng_)};
}

}  // namespace ls::models
