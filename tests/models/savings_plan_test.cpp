// Compute Savings Plans: one hour against the rule written out, and whole
// bills of hand-made hourly usage profiles computed by hand (an hour over
// the commitment, one under it, one without usage).
#include "models/savings_plan.hpp"

#include <gtest/gtest.h>

#include <string>

#include "models/billing.hpp"
#include "models/config/price_table_file.hpp"
#include "models/simulation.hpp"
#include "scenario_builders.hpp"
#include "tests/models/bundled_data.hpp"

namespace ls::models {
using testing::kDataDir;
using testing::kSourceDir;
using testing::us_east_1;

namespace {

constexpr double kExact = 1e-12;  // dollars: long double noise is far below

// $5 of commitment at 20 % off buys $6.25 of on-demand usage.
TEST(SavingsPlanHour, UsageAboveTheCommitment) {
  const SavingsPlanHour h = apply_savings_plan_hour(10.0L, 5.0L, 0.2);
  EXPECT_NEAR(static_cast<double>(h.covered_ondemand_usd), 6.25, kExact);
  EXPECT_NEAR(static_cast<double>(h.used_usd), 5.0, kExact);
  EXPECT_NEAR(static_cast<double>(h.unused_usd), 0.0, kExact);
}

// $3 of usage costs $2.40 at the plan rate: $2.60 of the $5 is unused.
TEST(SavingsPlanHour, UsageBelowTheCommitment) {
  const SavingsPlanHour h = apply_savings_plan_hour(3.0L, 5.0L, 0.2);
  EXPECT_NEAR(static_cast<double>(h.covered_ondemand_usd), 3.0, kExact);
  EXPECT_NEAR(static_cast<double>(h.used_usd), 2.4, kExact);
  EXPECT_NEAR(static_cast<double>(h.unused_usd), 2.6, kExact);
}

TEST(SavingsPlanHour, NoUsageLeavesAllUnused) {
  const SavingsPlanHour h = apply_savings_plan_hour(0.0L, 5.0L, 0.12);
  EXPECT_EQ(h.covered_ondemand_usd, 0.0L);
  EXPECT_NEAR(static_cast<double>(h.unused_usd), 5.0, kExact);
}

Scenario with_plan(double commitment, double discount) {
  Scenario s;
  FunctionConfig f;
  f.name = "api";
  f.memory_mb = 1024;
  s.functions.push_back(f);
  s.platform.billing.savings_plan.commitment_usd_per_hour = commitment;
  s.platform.billing.savings_plan.discount = discount;
  return s;
}

// A 1 GB x86 function, 3 hours, $0.05/h at 12 % off (us-east-1 tier-1
// rate r = $0.0000166667 per GB-s; the hour buys 0.05 / 0.88 =
// $0.0568181818... of on-demand usage):
//   hour 0: 6,000 GB-s = $0.1000002 eligible -> covered $0.0568181818
//   hour 1: 1,200 GB-s = $0.02000004         -> covered $0.02000004,
//           used $0.0176000352, unused $0.0323999648
//   hour 2: nothing                          -> unused $0.05
//   fee $0.15; covered $0.0768182218; duration 7,200 GB-s = $0.12000024
//   total = 0.12000024 + 0.15 - 0.0768182218 = $0.1931820182
TEST(SavingsPlanBill, HourByHourWithUnusedCommitment) {
  FunctionUsage u;
  u.ondemand_billed_us = 7'200'000'000ULL;
  u.hourly = {{6'000'000'000ULL, 0, 0}, {1'200'000'000ULL, 0, 0}};
  const Bill bill = compute_bill(with_plan(0.05, 0.12), {u}, us_east_1(), 3 * sim::kHour);
  const double covered = 0.05 / 0.88 + 0.02000004;
  EXPECT_NEAR(bill.total.duration, 0.12000024, kExact);
  EXPECT_NEAR(bill.total.savings_plan_fee, 0.15, kExact);
  EXPECT_NEAR(bill.total.savings_plan_covered, -covered, kExact);
  EXPECT_NEAR(bill.total.total, 0.12000024 + 0.15 - covered, kExact);
  EXPECT_NEAR(bill.total.quantity.savings_plan_hours, 3.0, kExact);
  const SavingsPlanUse& sp = bill.savings_plan;
  EXPECT_NEAR(sp.unused_usd, 0.0323999648 + 0.05, kExact);
  EXPECT_NEAR(sp.used_usd, 0.05 + 0.0176000352, kExact);
  EXPECT_NEAR(sp.eligible_ondemand_usd, 0.12000024, kExact);
  EXPECT_EQ(sp.hours_with_unused, 2.0);
}

// Requests are not covered, and provisioned concurrency is, split by the
// hour it was allocated in: PC 1 (1 GB) from 0.5 h to 1.5 h = 3,600 GB-s x
// $0.0000041667 = $0.01500012, half in each hour; $0.005/h at 12 % buys
// $0.0056818182 of on-demand usage per hour, less than $0.00750006.
TEST(SavingsPlanBill, ProvisionedConcurrencySplitByHourRequestsNotCovered) {
  FunctionUsage u;
  u.requests = 1'000'000;
  u.pc_periods.push_back({sim::kHour / 2, 3 * sim::kHour / 2, 1});
  Scenario s = with_plan(0.005, 0.12);
  const Bill bill = compute_bill(s, {u}, us_east_1(), 2 * sim::kHour);
  EXPECT_NEAR(bill.total.provisioned_allocated, 0.01500012, kExact);
  EXPECT_NEAR(bill.total.requests, 0.20, kExact);
  EXPECT_NEAR(bill.total.savings_plan_covered, -2 * 0.005 / 0.88, kExact);
  EXPECT_NEAR(bill.total.total, 0.20 + 0.01500012 + 0.01 - 2 * 0.005 / 0.88, kExact);
}

// A partial last hour pays that fraction of the commitment: 90 minutes of
// $0.10/h without usage = $0.15, all unused.
TEST(SavingsPlanBill, PartialLastHour) {
  const Bill bill =
      compute_bill(with_plan(0.10, 0.12), {FunctionUsage{}}, us_east_1(), 90 * sim::kMinute);
  EXPECT_NEAR(bill.total.savings_plan_fee, 0.15, kExact);
  EXPECT_NEAR(bill.savings_plan.unused_usd, 0.15, kExact);
}

// The price table's discount applies when the scenario sets none.
TEST(SavingsPlanBill, DiscountFromThePriceTable) {
  Scenario s = with_plan(1.0, 0.0);
  s.platform.billing.savings_plan.discount.reset();
  const Bill bill = compute_bill(s, {FunctionUsage{}}, us_east_1(), sim::kHour);
  EXPECT_DOUBLE_EQ(bill.savings_plan.discount, 0.12);
}

// The simulator counts billed time in the hour each execution starts: with
// a plan, the hourly totals add up to the run's totals.
TEST(SavingsPlanSimulation, HourlyUsageAddsUpToTheTotals) {
  Scenario s = testing::one_function(20.0, Dist::exponential(0.2), 3 * sim::kHour);
  s.functions[0].init = Dist::fixed(0.3);
  s.platform.keep_alive.never = false;
  s.platform.keep_alive.dist = Dist::fixed(60.0);
  s.platform.billing.savings_plan.commitment_usd_per_hour = 0.01;
  const RunResult r = simulate(s, {});
  const FunctionUsage& u = r.usage[0];
  ASSERT_EQ(u.hourly.size(), 3u);
  std::uint64_t od = 0, init = 0;
  for (const auto& h : u.hourly) {
    od += h.ondemand_billed_us;
    init += h.init_billed_us;
    EXPECT_GT(h.ondemand_billed_us, 0u);
  }
  EXPECT_EQ(od, u.ondemand_billed_us);
  EXPECT_EQ(init, u.init_billed_us);
  EXPECT_GT(init, 0u);
}

}  // namespace
}  // namespace ls::models
