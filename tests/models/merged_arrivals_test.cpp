// The merged Poisson stream (models/merged_arrivals.hpp) against independent
// answers: superposition and thinning of Poisson processes say that each
// member's arrivals form a Poisson process of its own rate, so
// - its count over a horizon H is Poisson(rate · H), independent across
//   members: Pearson's statistic Σ (O − E)² / E over n members is
//   approximately χ²(n) (all E ≥ 100 here, where the normal approximation
//   of each term holds);
// - the gaps between one member's arrivals are exponential with its rate
//   (one-sample Kolmogorov–Smirnov).
// Seeds are fixed; thresholds are the 0.001 / 0.999 quantiles (KS at
// α = 0.001), so a correct stream fails on a given seed with probability
// ~1e-3: a failure is a bug, not bad luck. Plus the rule of when the merge
// applies, and what it must keep: bursts, common random numbers across
// variants that differ in non-arrival settings, determinism.
#include "models/merged_arrivals.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "models/simulation.hpp"
#include "scenario_builders.hpp"

namespace ls::models {
namespace {

using sim::Dist;

// n functions with one Poisson workload each; function i's rate is
// base · (1 + i % 7) per second (uneven, so a wrong pick shows).
Scenario fleet(std::size_t n, double base, sim::Time horizon) {
  Scenario s = testing::one_function(base, Dist::fixed(0.001), horizon);
  for (std::size_t i = 1; i < n; ++i) {
    FunctionConfig f = s.functions[0];
    f.name = "fn" + std::to_string(i);
    s.functions.push_back(f);
    WorkloadConfig w = s.workloads[0];
    w.function = i;
    w.arrivals.rate = base * static_cast<double>(1 + i % 7);
    s.workloads.push_back(w);
  }
  return s;
}

double rate_of(const Scenario& s, std::size_t w) { return s.workloads[w].arrivals.rate; }

// Pearson's statistic of observed counts against rate · H.
double pearson(const Scenario& s, const std::vector<double>& observed) {
  const double h = sim::to_seconds(s.horizon);
  double chi2 = 0;
  for (std::size_t w = 0; w < observed.size(); ++w) {
    const double e = rate_of(s, w) * h;
    chi2 += (observed[w] - e) * (observed[w] - e) / e;
  }
  return chi2;
}

void expect_chi_square_fits(double chi2, std::size_t dof) {
  const boost::math::chi_squared dist(static_cast<double>(dof));
  EXPECT_GT(chi2, boost::math::quantile(dist, 0.001));  // too good a fit is a bug too
  EXPECT_LT(chi2, boost::math::quantile(dist, 0.999));
}

TEST(MergedArrivals, AppliesFromOneHundredPoissonWorkloads) {
  EXPECT_EQ(plan_poisson_merge(fleet(kMinMergedPoissonWorkloads - 1, 1, sim::kHour)), nullptr);
  Scenario s = fleet(kMinMergedPoissonWorkloads, 1, sim::kHour);
  ASSERT_NE(plan_poisson_merge(s), nullptr);
  // Only constant-rate Poisson processes with a rate count.
  s.workloads[3].arrivals.process = ArrivalConfig::Process::Constant;
  EXPECT_EQ(plan_poisson_merge(s), nullptr);
  s.workloads[3].arrivals.process = ArrivalConfig::Process::Poisson;
  s.workloads[4].arrivals.rate_scale = 0;
  EXPECT_EQ(plan_poisson_merge(s), nullptr);
  s.workloads.push_back(s.workloads[5]);  // one more: 100 again, workload 4 left out
  const auto plan = plan_poisson_merge(s);
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->blocks.front().workloads.size(), kMinMergedPoissonWorkloads);
  EXPECT_EQ(
      std::count(plan->blocks.front().workloads.begin(), plan->blocks.front().workloads.end(), 4u),
      0);
}

TEST(MergedArrivals, MemberProbabilitiesAreRateOverTotal) {
  const Scenario s = fleet(120, 0.5, sim::kHour);  // one block
  const auto plan = plan_poisson_merge(s);
  ASSERT_NE(plan, nullptr);
  ASSERT_EQ(plan->blocks.size(), 1u);
  double total = 0;
  for (std::size_t w = 0; w < 120; ++w) total += rate_of(s, w);
  EXPECT_NEAR(plan->blocks.front().mean_gap_s, 1.0 / total, 1e-15);
  for (std::uint32_t m = 0; m < 120; ++m)
    EXPECT_NEAR(plan->blocks.front().member_of_arrival.probability(m),
                rate_of(s, plan->blocks.front().workloads[m]) / total, 1e-15);
}

TEST(MergedArrivals, StreamCountsPerMemberArePoissonWithTheirRates) {
  // 120 members (one block), rates 0.1..0.7/s, 2,000 s: expected counts
  // 200..1,400.
  Scenario s = fleet(120, 0.1, 2000 * sim::kSecond);
  const auto plan = plan_poisson_merge(s);
  ASSERT_NE(plan, nullptr);
  ASSERT_EQ(plan->blocks.size(), 1u);
  MergedPoissonStream stream(plan->blocks.front().member_of_arrival,
                             plan->blocks.front().mean_gap_s, sim::Rng(99));
  std::vector<double> count(120, 0);
  sim::Time last = 0;
  for (; stream.front().at < s.horizon; stream.advance()) {
    ASSERT_GE(stream.front().at, last);
    last = stream.front().at;
    count[plan->blocks.front().workloads[stream.front().label]]++;
  }
  expect_chi_square_fits(pearson(s, count), 120);
}

TEST(MergedArrivals, OneMembersGapsAreExponentialWithItsRate) {
  // Member 0 has 1/400 of the total rate: ~5,000 of its gaps in 2 M draws.
  const Scenario s = fleet(100, 1.0, sim::kHour);
  const auto plan = plan_poisson_merge(s);
  ASSERT_NE(plan, nullptr);
  const double rate = rate_of(s, plan->blocks.front().workloads[0]);
  MergedPoissonStream stream(plan->blocks.front().member_of_arrival,
                             plan->blocks.front().mean_gap_s, sim::Rng(5));
  std::vector<double> gaps;
  sim::Time previous = -1;
  for (int i = 0; i < 2'000'000; ++i, stream.advance()) {
    if (stream.front().label != 0) continue;
    if (previous >= 0) gaps.push_back(sim::to_seconds(stream.front().at - previous));
    previous = stream.front().at;
  }
  ASSERT_GT(gaps.size(), 4000u);
  std::sort(gaps.begin(), gaps.end());
  double d = 0;
  const double n = static_cast<double>(gaps.size());
  for (std::size_t i = 0; i < gaps.size(); ++i) {
    const double cdf = 1.0 - std::exp(-rate * gaps[i]);
    d = std::max({d, cdf - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - cdf});
  }
  EXPECT_LT(d, std::sqrt(-std::log(0.001 / 2) / 2) / std::sqrt(n));  // KS, α = 0.001
}

TEST(MergedArrivals, LookAheadIsTheSameSequence) {
  const Scenario s = fleet(100, 1.0, sim::kHour);
  const auto plan = plan_poisson_merge(s);
  MergedPoissonStream a(plan->blocks.front().member_of_arrival, plan->blocks.front().mean_gap_s,
                        sim::Rng(1));
  MergedPoissonStream b(plan->blocks.front().member_of_arrival, plan->blocks.front().mean_gap_s,
                        sim::Rng(1));
  for (int i = 0; i < 1000; ++i) {
    const auto third = a.ahead(3);
    for (int k = 0; k < 3; ++k) b.advance();
    EXPECT_EQ(b.front().at, third.at);
    EXPECT_EQ(b.front().label, third.label);
    for (int k = 0; k < 3; ++k) a.advance();
  }
}

std::vector<double> arrivals_by_function(const RunResult& r) {
  std::vector<double> out;
  for (const FunctionStats& f : r.functions) out.push_back(static_cast<double>(f.arrivals));
  return out;
}

TEST(MergedArrivals, SimulatedArrivalsPerFunctionArePoissonWithTheirRates) {
  const Scenario s = fleet(150, 0.2, 1000 * sim::kSecond);  // E = 200..1,400
  ASSERT_NE(plan_poisson_merge(s), nullptr);
  const RunResult r = simulate(s);
  expect_chi_square_fits(pearson(s, arrivals_by_function(r)), 150);
  EXPECT_EQ(arrivals_by_function(simulate(s)), arrivals_by_function(r));  // deterministic
}

TEST(MergedArrivals, BlocksOf128FunctionsEachHaveTheirStream) {
  // 300 functions: blocks of functions 0–127, 128–255 and 256–299, each
  // member's probability its rate over its block's total.
  static_assert(kMergedBlockFunctions == 128);
  const Scenario s = fleet(300, 0.2, 1000 * sim::kSecond);  // E = 200..1,400
  const auto plan = plan_poisson_merge(s);
  ASSERT_NE(plan, nullptr);
  ASSERT_EQ(plan->blocks.size(), 3u);
  EXPECT_EQ(plan->members(), 300u);
  for (std::uint32_t b = 0; b < 3; ++b) {
    const PoissonMerge::Block& block = plan->blocks[b];
    EXPECT_EQ(block.index, b);
    ASSERT_EQ(block.workloads.size(), b < 2 ? 128u : 44u);
    double total = 0;
    for (std::uint32_t w : block.workloads) {
      EXPECT_EQ(s.workloads[w].function / 128, b);
      EXPECT_EQ(plan->block_of_workload[w], b);
      total += rate_of(s, w);
    }
    EXPECT_NEAR(block.mean_gap_s, 1.0 / total, 1e-15);
    for (std::uint32_t m = 0; m < block.workloads.size(); ++m)
      EXPECT_NEAR(block.member_of_arrival.probability(m), rate_of(s, block.workloads[m]) / total,
                  1e-15);
  }
  EXPECT_EQ(merged_stream_name(0), "poisson-merged");
  EXPECT_EQ(merged_stream_name(2), "poisson-merged-2");
  // Simulated, every function's count is Poisson with its own rate.
  const RunResult r = simulate(s);
  expect_chi_square_fits(pearson(s, arrivals_by_function(r)), 300);
}

TEST(MergedArrivals, ARateChangedInOneBlockLeavesTheOthersArrivals) {
  const Scenario s = fleet(300, 0.05, 600 * sim::kSecond);
  Scenario other = s;
  other.workloads[200].arrivals.rate *= 2;  // block 1
  const auto before = arrivals_by_function(simulate(s));
  const auto after = arrivals_by_function(simulate(other));
  const auto block = [](const std::vector<double>& v, std::size_t from, std::size_t to) {
    return std::vector<double>(v.begin() + static_cast<std::ptrdiff_t>(from),
                               v.begin() + static_cast<std::ptrdiff_t>(to));
  };
  EXPECT_EQ(block(after, 0, 128), block(before, 0, 128));
  EXPECT_EQ(block(after, 256, 300), block(before, 256, 300));
  EXPECT_NE(block(after, 128, 256), block(before, 128, 256));
}

TEST(MergedArrivals, NonArrivalSettingsKeepTheSameArrivals) {
  // Common random numbers: compare and sweep variants that change memory
  // or keep-alive see the very same arrivals.
  const Scenario s = fleet(120, 0.5, 600 * sim::kSecond);
  Scenario other = s;
  for (FunctionConfig& f : other.functions) f.memory_mb = 3008;
  other.platform.keep_alive.never = false;
  other.platform.keep_alive.dist = Dist::fixed(1.0);
  EXPECT_EQ(arrivals_by_function(simulate(other)), arrivals_by_function(simulate(s)));
}

TEST(MergedArrivals, BurstsOfMergedWorkloadsStillArrive) {
  const Scenario s = fleet(120, 0.5, 600 * sim::kSecond);
  Scenario burst = s;
  burst.workloads[7].arrivals.shape.edit().bursts.push_back({10 * sim::kSecond, 50, 0});
  const auto plain = arrivals_by_function(simulate(s));
  auto with_burst = arrivals_by_function(simulate(burst));
  EXPECT_EQ(with_burst[7], plain[7] + 50);  // the merged stream's draws are unchanged
  with_burst[7] = plain[7];
  EXPECT_EQ(with_burst, plain);
}

TEST(MergedArrivals, BelowTheRuleEachWorkloadKeepsItsOwnStream) {
  // Streams are named after functions: unmerged, function 0's arrivals do
  // not depend on how many other functions the scenario has.
  const auto alone = arrivals_by_function(simulate(fleet(1, 0.5, 600 * sim::kSecond)));
  const auto many = arrivals_by_function(
      simulate(fleet(kMinMergedPoissonWorkloads - 1, 0.5, 600 * sim::kSecond)));
  EXPECT_EQ(many[0], alone[0]);
}

}  // namespace
}  // namespace ls::models
