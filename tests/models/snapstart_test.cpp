// SnapStart: the bill against AWS's own pricing-page example and hand
// counts, and the simulated behaviour against derivations on scenarios
// whose every draw is fixed (so each expected figure follows exactly).
#include <gtest/gtest.h>

#include <cmath>
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

double cents(double usd) { return std::round(usd * 100.0) / 100.0; }

Scenario snapstart_function(SnapStartRuntime runtime) {
  Scenario s;
  FunctionConfig f;
  f.name = "telemetry";
  f.memory_mb = 1024;
  f.snapstart.edit().enabled = true;
  f.snapstart.edit().runtime = runtime;
  s.functions.push_back(f);
  return s;
}

// aws.amazon.com/lambda/pricing, "SnapStart Pricing", the telemetry
// example: 1 GB, one version active for 24 h x 31 days = 2,678,400 s,
// 7.44 M requests of 2 s, 1 % of them restored (74,400).
//   cache    2,678,400 GB-s x $0.0000015046 = $4.03
//   restore     74,400 GB   x $0.0001397998 = $10.40 (the page: "$10.4")
//   requests 7.44 M x $0.20/M = $1.49; compute 14.88 M GB-s x $0.0000166667 = $248.00
TEST(SnapStartBill, AwsPricingPageExample) {
  const sim::Time month = 31 * 24 * sim::kHour;
  FunctionUsage u;
  u.requests = 7'440'000;
  u.ondemand_billed_us = 7'440'000ULL * 2'000'000ULL;
  u.snapstart_restores = 74'400;
  u.snapshot_periods.push_back({0, sim::kNever});
  const Bill bill =
      compute_bill(snapstart_function(SnapStartRuntime::Python), {u}, us_east_1(), month);
  const CostBreakdown& c = bill.total;
  EXPECT_DOUBLE_EQ(c.quantity.snapstart_cache_gb_s, 2'678'400.0);
  EXPECT_DOUBLE_EQ(c.quantity.snapstart_restore_gb, 74'400.0);
  EXPECT_EQ(cents(c.snapstart_cache), 4.03);
  EXPECT_EQ(cents(c.snapstart_restore), 10.40);
  EXPECT_EQ(cents(c.requests), 1.49);
  EXPECT_EQ(cents(c.duration), 248.00);
  EXPECT_EQ(cents(c.total), cents(1.488 + 248.0000496 + 4.02992064 + 10.40110512));
}

// Java SnapStart has no cache or restore charge ("SnapStart pricing does
// not apply to supported Java managed runtimes"): the same usage bills $0 on
// both lines.
TEST(SnapStartBill, JavaPaysNoSnapStartCharges) {
  FunctionUsage u;
  u.requests = 1000;
  u.snapstart_restores = 1000;
  u.snapshot_periods.push_back({0, sim::kNever});
  const Bill bill =
      compute_bill(snapstart_function(SnapStartRuntime::Java), {u}, us_east_1(), sim::kDay);
  EXPECT_EQ(bill.total.snapstart_cache, 0.0);
  EXPECT_EQ(bill.total.snapstart_restore, 0.0);
}

// The cache is billed for at least 3 hours per version. Version 1 cached
// [0, 1 h) -> 3 h; version 2 from 1 h to the 5 h horizon -> 4 h: 7 h of
// 2 GB = 50,400 GB-s; .NET: x $0.0000015046 = $0.07583184.
TEST(SnapStartBill, CacheMinimumOfThreeHoursPerVersion) {
  Scenario s = snapstart_function(SnapStartRuntime::DotNet);
  s.functions[0].memory_mb = 2048;
  FunctionUsage u;
  u.snapshot_periods = {{0, sim::kHour}, {sim::kHour, sim::kNever}};
  const Bill bill = compute_bill(s, {u}, us_east_1(), 5 * sim::kHour);
  EXPECT_DOUBLE_EQ(bill.total.quantity.snapstart_cache_gb_s, 7 * 3600.0 * 2);
  EXPECT_NEAR(bill.total.snapstart_cache, 50'400 * 0.0000015046, 1e-12);
}

// --- behaviour --------------------------------------------------------

// One request a second of 100 ms on a function that never loses an idle
// environment: one environment serves everything, so there is one cold
// start per version.
Scenario steady(SnapStartRuntime runtime, sim::Time horizon) {
  Scenario s = testing::one_function(1.0, Dist::fixed(0.1), horizon);
  s.workloads[0].arrivals.process = ArrivalConfig::Process::Constant;
  FunctionConfig& f = s.functions[0];
  f.init = Dist::fixed(3.0);
  f.snapstart.edit().enabled = true;
  f.snapstart.edit().runtime = runtime;
  f.snapstart.edit().restore = Dist::fixed(0.4);
  f.snapstart.edit().restore_cold_cache = Dist::fixed(0.9);
  f.snapstart.edit().cache_warm_after = 0;
  return s;
}

// The cold start restores (0.4 s) instead of running INIT (3 s): the
// slowest request takes 0.4 + 0.1 s, and no INIT is billed.
TEST(SnapStartSimulation, RestoreReplacesInit) {
  const Scenario s = steady(SnapStartRuntime::Python, 10 * sim::kMinute);
  const RunResult r = simulate(s, {});
  EXPECT_EQ(r.functions[0].cold_starts, 1u);
  EXPECT_EQ(r.usage[0].snapstart_restores, 1u);
  EXPECT_EQ(r.usage[0].init_billed_us, 0u);
  EXPECT_NEAR(r.functions[0].latency_ms.max(), 500.0, 1e-6);
}

// After-restore hooks are part of the cold start and billed as duration:
// 599 requests (one a second from 1 s; the one at 600 s is at the horizon)
// x 100 ms + one 50 ms hook.
TEST(SnapStartSimulation, AfterRestoreHooksAreBilled) {
  Scenario s = steady(SnapStartRuntime::Java, 10 * sim::kMinute);
  s.functions[0].snapstart.edit().after_restore = Dist::fixed(0.05);
  const RunResult r = simulate(s, {});
  EXPECT_EQ(r.usage[0].requests, 599u);
  EXPECT_EQ(r.usage[0].ondemand_billed_us, 599u * 100'000u + 50'000u);
  EXPECT_NEAR(r.functions[0].latency_ms.max(), 550.0, 1e-6);
}

// The first cache_warm_after restores of a version use restore_cold_cache.
// Ten requests at once on an empty function: ten cold starts, the first 3
// at 0.9 s, the other 7 at 0.4 s; mean latency (3 x 1.0 + 7 x 0.5) / 10 s.
TEST(SnapStartSimulation, ColdCacheForTheFirstRestores) {
  Scenario s = steady(SnapStartRuntime::Python, sim::kMinute);
  s.functions[0].snapstart.edit().cache_warm_after = 3;
  s.workloads[0].arrivals.process = ArrivalConfig::Process::None;
  s.workloads[0].arrivals.shape.edit().bursts.push_back({sim::kSecond, 10, 0});
  const RunResult r = simulate(s, {});
  EXPECT_EQ(r.functions[0].cold_starts, 10u);
  EXPECT_NEAR(r.functions[0].latency_ms.mean(), (3 * 1000.0 + 7 * 500.0) / 10, 1e-6);
}

// A version published at 1 h: its snapshot runs INIT (3 s, billed for
// Python), the new version serves from 1 h + 3 s; the old environment goes,
// so the next request is a second restore. Cache: version 1 over
// [0, 1 h + 3 s) billed 3 h (minimum), version 2 to the 2 h horizon.
TEST(SnapStartSimulation, NewVersionMakesASnapshotAndRestoresAgain) {
  const sim::Time ready = sim::kHour + 3 * sim::kSecond;
  Scenario s = steady(SnapStartRuntime::Python, 2 * sim::kHour);
  s.functions[0].snapstart.edit().versions = {sim::kHour};
  const RunResult r = simulate(s, {});
  EXPECT_EQ(r.usage[0].snapstart_restores, 2u);
  EXPECT_EQ(r.functions[0].cold_starts, 2u);
  EXPECT_EQ(r.usage[0].init_billed_us, 3'000'000u);
  ASSERT_EQ(r.usage[0].snapshot_periods.size(), 2u);
  EXPECT_EQ(r.usage[0].snapshot_periods[0].end, ready);
  EXPECT_EQ(r.usage[0].snapshot_periods[1].start, ready);
  const Bill bill = compute_bill(s, r.usage, us_east_1(), s.horizon);
  EXPECT_DOUBLE_EQ(bill.total.quantity.snapstart_cache_gb_s,
                   3 * 3600.0 + sim::to_seconds(2 * sim::kHour - ready));
  EXPECT_DOUBLE_EQ(bill.total.quantity.snapstart_restore_gb, 2.0);
}

}  // namespace
}  // namespace ls::models
