#include "models/partition.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "models/arrivals.hpp"
#include "models/merged_arrivals.hpp"

namespace ls::models {
namespace {

// Union-find over function indices.
class Components {
 public:
  explicit Components(std::size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), std::uint32_t{0});
  }
  std::uint32_t root(std::uint32_t f) {
    while (parent_[f] != f) f = parent_[f] = parent_[parent_[f]];
    return f;
  }
  void join(std::uint32_t a, std::uint32_t b) {
    a = root(a);
    b = root(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::uint32_t> parent_;
};

// Expected work of each function: its arrivals over the horizon, plus one
// for setting it up (a function without arrivals still costs a little).
std::vector<double> function_loads(const Scenario& scenario) {
  std::vector<double> load(scenario.functions.size(), 1.0);
  for (const ArrivalSource& source : make_arrival_sources(scenario))
    load[scenario.workloads[source.workload].function] +=
        source.generator.expected_count(scenario.horizon);
  return load;
}

int unreserved_capacity(const Scenario& scenario) {
  int reserved = 0;
  for (const auto& f : scenario.functions) reserved += f.reserved_concurrency.value_or(0);
  return std::max(0, scenario.platform.account_concurrency - reserved);
}

}  // namespace

std::optional<std::string> unsplittable_because(const Scenario& scenario) {
  if (scenario.platform.scaling.model == ScalingModel::LegacyBurst)
    return "platform.scaling.model is legacy-burst: one regional burst bucket for every function";
  return std::nullopt;
}

std::vector<std::vector<std::uint32_t>> coupled_groups(const Scenario& scenario) {
  const std::size_t n = scenario.functions.size();
  Components components(n);
  for (std::uint32_t f = 0; f < n; ++f)
    for (const EmitConfig& emit : scenario.functions[f].emits)
      components.join(f, static_cast<std::uint32_t>(emit.target));
  // API Gateway's account throttle is one bucket for every API (models/
  // components/front_door.hpp); function URLs have none.
  std::optional<std::uint32_t> behind_gateway;
  for (const WorkloadConfig& w : scenario.workloads) {
    if (!w.front_door->api_gateway()) continue;
    const auto f = static_cast<std::uint32_t>(w.function);
    if (behind_gateway) components.join(*behind_gateway, f);
    behind_gateway = f;
  }
  std::vector<std::vector<std::uint32_t>> groups;
  std::vector<std::uint32_t> group_of_root(n, UINT32_MAX);
  for (std::uint32_t f = 0; f < n; ++f) {
    const std::uint32_t r = components.root(f);
    if (group_of_root[r] == UINT32_MAX) {
      group_of_root[r] = static_cast<std::uint32_t>(groups.size());
      groups.emplace_back();
    }
    groups[group_of_root[r]].push_back(f);
  }
  return groups;
}

std::vector<std::vector<std::uint32_t>> plan_parts(const Scenario& scenario, unsigned parts) {
  if (parts < 2 || unsplittable_because(scenario)) {
    std::vector<std::uint32_t> all(scenario.functions.size());
    std::iota(all.begin(), all.end(), std::uint32_t{0});
    return {all};
  }
  const std::vector<std::vector<std::uint32_t>> groups = coupled_groups(scenario);
  const std::vector<double> load = function_loads(scenario);
  std::vector<double> group_load(groups.size(), 0.0);
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (std::uint32_t f : groups[g]) group_load[g] += load[f];
  // Largest first (ties: the earlier group), each to the lightest part
  // (ties: the first): a fixed order, so the same scenario splits the same.
  std::vector<std::size_t> order(groups.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return group_load[a] > group_load[b]; });
  std::vector<std::vector<std::uint32_t>> out(parts);
  std::vector<double> part_load(parts, 0.0);
  for (std::size_t g : order) {
    const auto lightest = static_cast<std::size_t>(
        std::min_element(part_load.begin(), part_load.end()) - part_load.begin());
    part_load[lightest] += group_load[g];
    out[lightest].insert(out[lightest].end(), groups[g].begin(), groups[g].end());
  }
  std::erase_if(out, [](const auto& part) { return part.empty(); });
  for (auto& part : out) std::sort(part.begin(), part.end());
  return out;
}

std::vector<std::vector<std::uint32_t>> plan_blocks(const Scenario& scenario) {
  const std::size_t n = scenario.functions.size();
  if (n <= kMergedBlockFunctions || unsplittable_because(scenario)) return plan_parts(scenario, 1);
  std::vector<std::vector<std::uint32_t>> out(merged_block_of(n - 1) + std::size_t{1});
  for (const std::vector<std::uint32_t>& group : coupled_groups(scenario)) {
    std::vector<std::uint32_t>& part = out[merged_block_of(group.front())];
    part.insert(part.end(), group.begin(), group.end());
  }
  std::erase_if(out, [](const auto& part) { return part.empty(); });
  for (auto& part : out) std::sort(part.begin(), part.end());
  return out;
}

PartIndex::PartIndex(const Scenario& whole) : workload_start(whole.functions.size() + 1, 0) {
  for (const WorkloadConfig& w : whole.workloads) ++workload_start[w.function + 1];
  for (std::size_t f = 0; f < whole.functions.size(); ++f)
    workload_start[f + 1] += workload_start[f];
  workloads.resize(whole.workloads.size());
  std::vector<std::uint32_t> next(workload_start.begin(), workload_start.end() - 1);
  for (std::uint32_t w = 0; w < whole.workloads.size(); ++w)
    workloads[next[whole.workloads[w].function]++] = w;
  for (const FunctionConfig& f : whole.functions) reserved += f.reserved_concurrency.value_or(0);
}

ScenarioPart make_part(const Scenario& whole, const std::vector<std::uint32_t>& functions) {
  return make_part(whole, functions, PartIndex(whole), plan_poisson_merge(whole));
}

ScenarioPart make_part(const Scenario& whole, const std::vector<std::uint32_t>& functions,
                       std::shared_ptr<const PoissonMerge> whole_merge) {
  return make_part(whole, functions, PartIndex(whole), std::move(whole_merge));
}

ScenarioPart make_part(const Scenario& whole, const std::vector<std::uint32_t>& functions,
                       const PartIndex& index, std::shared_ptr<const PoissonMerge> whole_merge) {
  if (!std::is_sorted(functions.begin(), functions.end()))
    throw std::logic_error("make_part: the part's functions are not ascending");
  ScenarioPart part;
  Scenario& s = part.scenario;
  // Everything but the functions, the workloads and what only reports read
  // (resolved_json, the parsed source).
  s.name = whole.name;
  s.file = whole.file;
  s.seed = whole.seed;
  s.horizon = whole.horizon;
  s.warmup = whole.warmup;
  s.replications = whole.replications;
  s.platform = whole.platform;
  s.prices = whole.prices;
  s.plan = whole.plan;

  // The part's functions and workloads in the whole run's order, each
  // looked up by binary search, so a part costs its own size, not the
  // whole scenario's (a fleet of 100,000 functions is ~200 blocks).
  part.functions = functions;
  for (std::uint32_t f : functions)
    part.workloads.insert(part.workloads.end(), index.workloads.begin() + index.workload_start[f],
                          index.workloads.begin() + index.workload_start[f + 1]);
  std::sort(part.workloads.begin(), part.workloads.end());
  constexpr std::uint32_t kOut = UINT32_MAX;
  const auto local = [](const std::vector<std::uint32_t>& ids, std::size_t whole_index) {
    const auto it = std::lower_bound(ids.begin(), ids.end(), whole_index);
    return it != ids.end() && *it == whole_index ? static_cast<std::uint32_t>(it - ids.begin())
                                                 : kOut;
  };
  // Sized up front: grown by doubling, the copies held up to 60 % more
  // than they use (~7 MB for two parts of 20,000 functions).
  s.functions.reserve(functions.size());
  s.workloads.reserve(part.workloads.size());
  int reserved_here = 0;
  for (std::uint32_t f : functions) {
    s.functions.push_back(whole.functions[f]);
    reserved_here += whole.functions[f].reserved_concurrency.value_or(0);
  }
  for (std::uint32_t w : part.workloads) {
    s.workloads.push_back(whole.workloads[w]);
    s.workloads.back().function = local(functions, whole.workloads[w].function);
  }
  for (FunctionConfig& fn : s.functions) {
    for (EmitConfig& emit : fn.emits) {
      emit.target = local(functions, emit.target);
      if (emit.target == kOut)
        throw std::logic_error("make_part: an emits target outside the part");
      emit.workload = local(part.workloads, emit.workload);
    }
  }
  part.reserved_elsewhere = index.reserved - reserved_here;
  part.poisson_merge = std::move(whole_merge);
  return part;
}

RunOptions part_options(const RunOptions& whole, const ScenarioPart& part) {
  RunOptions options = whole;
  options.workload_ids = part.workloads;
  options.reserved_elsewhere = part.reserved_elsewhere;
  options.record_account_seconds = true;
  options.poisson_merge = part.poisson_merge;
  return options;
}

std::uint64_t run_events_without_functions(const Scenario& scenario, const RunOptions& options) {
  return run_events_without_functions(scenario, options, PartIndex(scenario),
                                      plan_poisson_merge(scenario));
}

std::uint64_t run_events_without_functions(const Scenario& scenario, const RunOptions& options,
                                           const PartIndex& index,
                                           std::shared_ptr<const PoissonMerge> merge) {
  const ScenarioPart empty = make_part(scenario, {}, index, std::move(merge));
  RunOptions quiet = part_options(options, empty);
  quiet.progress = nullptr;
  return simulate(empty.scenario, quiet).events;
}

// Why the merge equals the whole run when these checks pass. Until the
// first moment the two could differ, the whole run's state is the union of
// the parts' states, so each shared quantity in the whole run is the sum of
// the parts' at that moment, at most the sum of their peaks within the
// second it falls in (account_seconds.hpp; the sum of their peaks over the
// whole run where a part did not record seconds):
// - the unreserved pool: the whole run throttles function f of part p when
//   (in use + 1) exceeds the capacity. If part p admitted it, its in use + 1
//   is at most its peak in that second, so the whole's is at most the sum
//   of those peaks, within the capacity: admitted too. If part p refused,
//   the whole run, with at least as much in use, refuses as well.
// - the account's RPS bucket (capacity C, refilled at C per second, full at
//   0) holds at least C + C·w − N tokens after N takes in any span of w
//   seconds. A span shorter than one second lies within two adjacent whole
//   seconds; a span of w ≥ 1 within ⌊w⌋ + 2 whole seconds, that is
//   ⌈(⌊w⌋ + 2) / 2⌉ pairs of them. With at most C − 1 takes in any pair
//   (the parts' takes added second by second, or the sum of their pair
//   peaks), N ≤ C(1 + w) − 1 for every span, so
//   a token is always there and no start is refused, in the whole run or a
//   part (which takes fewer).
// - held requests: the whole run holds the sum of the parts' counts, at most
//   the sum of their peaks; within the bound, the run never stops for it.
// Everything else a function touches is its own or its group's (one part).
PartPeaks::PartPeaks(const Scenario& whole, std::uint64_t max_held_requests)
    : unreserved_capacity_(unreserved_capacity(whole)),
      rps_cap_(whole.platform.rps_per_concurrency * whole.platform.account_concurrency),
      max_held_requests_(max_held_requests) {}

namespace {
void add_by_second(std::vector<std::uint32_t>& sum, const std::vector<std::uint32_t>& part) {
  if (sum.size() < part.size()) sum.resize(part.size(), 0);
  for (std::size_t s = 0; s < part.size(); ++s) sum[s] += part[s];
}
}  // namespace

void PartPeaks::add(const RunResult& part) {
  const RunResult::AccountPeaks& peaks = part.account_peaks;
  ++parts_;
  held_limit_ |= part.held_limit.has_value();
  sum_.unreserved_concurrency += peaks.unreserved_concurrency;
  sum_.rps_two_seconds += peaks.rps_two_seconds;
  sum_.held_requests += peaks.held_requests;
  by_second_ &= !peaks.unreserved_by_second.empty();
  if (!by_second_) {
    sum_.unreserved_by_second = {};
    sum_.rps_by_second = {};
    return;
  }
  add_by_second(sum_.unreserved_by_second, peaks.unreserved_by_second);
  add_by_second(sum_.rps_by_second, peaks.rps_by_second);
}

// Second by second, the whole run's unreserved concurrency in use at any
// moment of second s is the sum of the parts' at that moment, at most the
// sum of their peaks within s; its tokens taken in s are exactly the sum of
// the parts' (merge_parts says until when the two runs agree).
int PartPeaks::unreserved_bound() const {
  if (!by_second_) return sum_.unreserved_concurrency;
  const auto& v = sum_.unreserved_by_second;
  return v.empty() ? 0 : static_cast<int>(*std::max_element(v.begin(), v.end()));
}

std::uint64_t PartPeaks::rps_bound() const {
  if (!by_second_) return sum_.rps_two_seconds;
  const auto& v = sum_.rps_by_second;
  std::uint64_t most = 0;
  for (std::size_t s = 0; s < v.size(); ++s)
    most = std::max<std::uint64_t>(most, std::uint64_t{v[s]} + (s + 1 < v.size() ? v[s + 1] : 0));
  return most;
}

std::string PartPeaks::may_have_bound() const {
  if (held_limit_) return "a part stopped at the held-requests bound";
  if (const int unreserved = unreserved_bound(); unreserved > unreserved_capacity_)
    return fmt::format(
        "the {} part(s) simulated so far use up to {} unreserved concurrency at once "
        "(added second by second), over the {} the account leaves unreserved: the account "
        "limit may bind, which no part sees alone",
        parts_, unreserved, unreserved_capacity_);
  if (const std::uint64_t rps = rps_bound(); static_cast<double>(rps) > rps_cap_ - 1)
    return fmt::format(
        "the {} part(s) simulated so far start up to {} executions within two seconds, near "
        "the account's RPS cap of {:g}/s: it may bind, which no part sees alone",
        parts_, rps, rps_cap_);
  if (max_held_requests_ > 0 && sum_.held_requests > max_held_requests_)
    return fmt::format("the parts held up to {} requests at once, over the bound of {}",
                       sum_.held_requests, max_held_requests_);
  return "";
}

MergedRun merge_parts(const Scenario& whole,
                      const std::vector<std::vector<std::uint32_t>>& part_functions,
                      std::vector<RunResult> results, std::uint64_t events_without_functions,
                      std::uint64_t max_held_requests) {
  PartPeaks peaks(whole, max_held_requests);
  for (const RunResult& r : results) peaks.add(r);
  return merge_parts(whole, part_functions, std::move(results), events_without_functions, peaks);
}

MergedRun merge_parts(const Scenario& whole,
                      const std::vector<std::vector<std::uint32_t>>& part_functions,
                      std::vector<RunResult> results, std::uint64_t events_without_functions,
                      const PartPeaks& peaks) {
  if (results.size() != part_functions.size())
    throw std::invalid_argument("merge_parts: one result per part expected");
  MergedRun merged;
  merged.not_merged_because = peaks.may_have_bound();
  if (!merged.not_merged_because.empty()) return merged;

  RunResult& out = merged.result.emplace();
  out.functions.resize(whole.functions.size());
  out.usage.resize(whole.functions.size());
  out.account_peaks = {peaks.unreserved_bound(), peaks.rps_bound(), peaks.held_bound(), {}, {}};
  for (std::size_t p = 0; p < part_functions.size(); ++p) {
    RunResult& r = results[p];
    const std::vector<std::uint32_t>& ids = part_functions[p];
    if (r.functions.size() != ids.size() || r.usage.size() != ids.size())
      throw std::invalid_argument("merge_parts: a part's result does not match its functions");
    for (std::size_t i = 0; i < ids.size(); ++i) {
      out.functions[ids[i]] = std::move(r.functions[i]);
      out.usage[ids[i]] = std::move(r.usage[i]);
    }
    for (SeriesRow& row : r.series) {
      row.function = ids[row.function];
      out.series.push_back(row);
    }
    out.series_interval = r.series_interval;
    out.events += r.events;
    out.stale_events += r.stale_events;
    out.wall_seconds = std::max(out.wall_seconds, r.wall_seconds);
    r = RunResult{};  // its statistics moved out, their storage freed now
  }
  // The whole run writes each interval's rows in function order.
  std::sort(out.series.begin(), out.series.end(), [](const SeriesRow& a, const SeriesRow& b) {
    return std::tie(a.interval, a.function) < std::tie(b.interval, b.function);
  });
  out.events -= (part_functions.size() - 1) * events_without_functions;
  return merged;
}

}  // namespace ls::models
