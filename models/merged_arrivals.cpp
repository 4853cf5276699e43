#include "models/merged_arrivals.hpp"

#include <utility>

#include "sim/dist.hpp"
#include "sim/prefetch.hpp"

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

MergedPoissonStream::MergedPoissonStream(sim::AliasTable table, double mean_gap_s, sim::Rng rng)
    : table_(std::move(table)), mean_gap_s_(mean_gap_s), rng_(rng) {
  for (Slot& slot : ring_) slot = draw();
  for (std::size_t k = 0; k < kKnown; ++k) label(ring_[k]);
}

MergedPoissonStream::Slot MergedPoissonStream::draw() {
  // As ArrivalGenerator's Poisson: the gap rounded to the nanosecond and
  // added to the previous arrival's time, saturating at kNever. Then the
  // table's column and coin, in AliasTable::pick's order.
  Slot slot;
  last_ = sim::add_saturating(
      last_, sim::from_seconds(sim::sample_standard_exponential(rng_) * mean_gap_s_));
  slot.arrival.at = last_;
  slot.column = static_cast<std::uint32_t>(table_.column(rng_));
  slot.coin = rng_.uniform();
  sim::prefetch_line(table_.entry_address(slot.column));
  return slot;
}

}  // namespace ls::models
