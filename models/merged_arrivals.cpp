#include "models/merged_arrivals.hpp"

#include <map>
#include <numeric>
#include <string>
#include <utility>

#include "sim/dist.hpp"
#include "sim/prefetch.hpp"

namespace ls::models {

bool mergeable_poisson(const WorkloadConfig& workload) {
  const ArrivalConfig& a = workload.arrivals;
  return a.process == ArrivalConfig::Process::Poisson && a.rate * a.rate_scale > 0;
}

std::string merged_stream_name(std::uint32_t block) {
  return block == 0 ? "poisson-merged" : "poisson-merged-" + std::to_string(block);
}

std::size_t PoissonMerge::members() const {
  std::size_t n = 0;
  for (const Block& block : blocks) n += block.workloads.size();
  return n;
}

std::shared_ptr<const PoissonMerge> plan_poisson_merge(const Scenario& scenario,
                                                       std::size_t min_workloads) {
  // Members by block, in workload order within each.
  std::map<std::uint32_t, std::pair<std::vector<std::uint32_t>, std::vector<double>>> by_block;
  std::size_t members = 0;
  for (std::uint32_t w = 0; w < scenario.workloads.size(); ++w) {
    const WorkloadConfig& workload = scenario.workloads[w];
    if (!mergeable_poisson(workload)) continue;
    auto& [workloads, rates] = by_block[merged_block_of(workload.function)];
    workloads.push_back(w);
    rates.push_back(workload.arrivals.rate * workload.arrivals.rate_scale);
    ++members;
  }
  if (members < min_workloads || members == 0) return nullptr;
  auto plan = std::make_shared<PoissonMerge>();
  plan->blocks.reserve(by_block.size());
  plan->block_of_workload.assign(scenario.workloads.size(), PoissonMerge::kNotMerged);
  for (auto& [index, members_and_rates] : by_block) {
    auto& [workloads, rates] = members_and_rates;
    for (std::uint32_t w : workloads)
      plan->block_of_workload[w] = static_cast<std::uint32_t>(plan->blocks.size());
    PoissonMerge::Block& block = plan->blocks.emplace_back();
    block.index = index;
    block.member_of_arrival = sim::AliasTable(rates);
    block.mean_gap_s = 1.0 / std::accumulate(rates.begin(), rates.end(), 0.0);
    block.workloads = std::move(workloads);
  }
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
