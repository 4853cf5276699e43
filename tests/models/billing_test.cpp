// The bill against hand-computed figures. Each expectation is derived in
// the comment above it; rates are those of scenarios/prices (lambda.md):
//   x86 p1 = 0.0000166667, p2 = 0.000015 $/GB-s (tiers at 6 B / 15 B GB-s)
//   arm a1 = 0.0000133334 $/GB-s;  requests $0.20 per 1M
//   PC allocated 0.0000041667, PC duration 0.0000097222 $/GB-s (x86)
//   ephemeral 0.0000000309 $/GB-s above 512 MB
#include "models/billing.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "models/config/price_table_file.hpp"
#include "models/error.hpp"

namespace ls::models {
namespace {

constexpr double kExact = 1e-9;  // dollars: far below a cent, above long double noise

PriceTable bundled(const std::string& name) {
  return load_price_table(name, std::string(LS_SOURCE_DIR) + "/scenarios");
}

Scenario scenario_of(int memory_mb, Architecture arch = Architecture::X86_64) {
  Scenario s;
  FunctionConfig f;
  f.name = "api";
  f.memory_mb = memory_mb;
  f.architecture = arch;
  s.functions.push_back(f);
  return s;
}

// `n` on-demand invocations of `each`, billed at `granularity` as the
// simulator bills them.
FunctionUsage ondemand(std::uint64_t n, sim::Time each, sim::Time granularity = sim::kMillisecond) {
  FunctionUsage u;
  u.requests = n;
  u.ondemand_billed_us = n * billed_us(each, granularity);
  return u;
}

double cents(double usd) { return std::round(usd * 100.0) / 100.0; }

TEST(BilledUs, RoundsUpToTheGranularity) {
  EXPECT_EQ(billed_us(301 * sim::kMillisecond, 100 * sim::kMillisecond), 400000u);
  EXPECT_EQ(billed_us(300 * sim::kMillisecond, 100 * sim::kMillisecond), 300000u);
  EXPECT_EQ(billed_us(5 * sim::kMillisecond, 100 * sim::kMillisecond), 100000u);
  EXPECT_EQ(billed_us(300 * sim::kMillisecond + 1, sim::kMillisecond), 301000u);
  EXPECT_EQ(billed_us(27'550 * sim::kMicrosecond, sim::kMillisecond), 28000u);  // AWS's example
  EXPECT_EQ(billed_us(1500, sim::kNanosecond), 2u);  // sub-µs granularity still bills whole µs
  EXPECT_EQ(billed_us(0, sim::kMillisecond), 0u);
  EXPECT_EQ(billed_us(-5, sim::kMillisecond), 0u);
  // Saturates at kNever (no overflow), then rounds up to a whole µs.
  EXPECT_EQ(billed_us(sim::kNever, sim::kMillisecond),
            static_cast<std::uint64_t>(sim::kNever / 1000 + 1));
}

TEST(Bill, OneMillionRequestsAt1024MbFor300Ms) {
  // 1e6 × 1 GB × 0.3 s = 300,000 GB-s × p1 = $5.00001 → $5.00;
  // 1e6 requests × $0.20/1M = $0.20; total $5.20001 → $5.20.
  const Bill bill = compute_bill(scenario_of(1024), {ondemand(1'000'000, 300 * sim::kMillisecond)},
                                 bundled("aws-us-east-1-2025"), sim::kHour);
  const CostBreakdown& c = bill.functions.at(0);
  EXPECT_NEAR(c.duration, 5.00001, kExact);
  EXPECT_NEAR(c.requests, 0.20, kExact);
  EXPECT_NEAR(c.total, 5.20001, kExact);
  EXPECT_EQ(cents(c.duration), 5.00);
  EXPECT_EQ(cents(c.total), 5.20);
  EXPECT_NEAR(c.quantity.ondemand_gb_s, 300000.0, kExact);
  EXPECT_NEAR(bill.total.total, c.total, kExact);
  ASSERT_EQ(c.duration_by_tier.size(), 3u);
  EXPECT_NEAR(c.duration_by_tier[0], 5.00001, kExact);
  EXPECT_EQ(c.duration_by_tier[1], 0.0);
  // $5.20001 per 1M invocations.
  EXPECT_NEAR(cost_per_million_requests(c).value(), 5.20001, kExact);
  EXPECT_FALSE(cost_per_million_requests(CostBreakdown{}).has_value());
}

TEST(Bill, HundredMsGranularityBills301MsAs400Ms) {
  // 2020 table: 301 ms → 400 ms. 1e6 × 0.125 GB × 0.4 s = 50,000 GB-s × p1 = $0.833335.
  // With 1 ms billing: 0.301 s → 37,625 GB-s × p1 = $0.6270845875.
  const PriceTable old = bundled("aws-us-east-1-2020-100ms");
  const FunctionUsage u = ondemand(1'000'000, 301 * sim::kMillisecond, old.granularity);
  EXPECT_EQ(u.ondemand_billed_us, 1'000'000ull * 400'000ull);
  EXPECT_NEAR(compute_bill(scenario_of(128), {u}, old, sim::kHour).functions[0].duration, 0.833335,
              kExact);
  const PriceTable now = bundled("aws-us-east-1-2025");
  const FunctionUsage v = ondemand(1'000'000, 301 * sim::kMillisecond, now.granularity);
  EXPECT_NEAR(compute_bill(scenario_of(128), {v}, now, sim::kHour).functions[0].duration,
              0.6270845875, kExact);
}

TEST(Bill, SmallFunctionAtSeveralDurations) {
  // 128 MB = 0.125 GB, 1e6 invocations: 1 ms → 125 GB-s × p1 = $0.0020833375;
  // 100 ms → 12,500 GB-s = $0.20833375; 1 s → 125,000 GB-s = $2.0833375.
  const PriceTable t = bundled("aws-us-east-1-2025");
  const std::pair<sim::Time, double> cases[] = {{sim::kMillisecond, 0.0020833375},
                                                {100 * sim::kMillisecond, 0.20833375},
                                                {sim::kSecond, 2.0833375}};
  for (const auto& [each, expected] : cases) {
    const Bill b = compute_bill(scenario_of(128), {ondemand(1'000'000, each)}, t, sim::kHour);
    EXPECT_NEAR(b.functions[0].duration, expected, kExact) << each;
    EXPECT_NEAR(b.functions[0].requests, 0.20, kExact);
  }
}

TEST(Bill, Arm64CostsFourFifthsOfX86) {
  // 300,000 GB-s × a1 = $4.00002; ratio 4.00002 / 5.00001 = 0.8000024.
  const PriceTable t = bundled("aws-us-east-1-2025");
  const FunctionUsage u = ondemand(1'000'000, 300 * sim::kMillisecond);
  const double arm = compute_bill(scenario_of(1024, Architecture::Arm64), {u}, t, sim::kHour)
                         .functions[0]
                         .duration;
  const double x86 = compute_bill(scenario_of(1024), {u}, t, sim::kHour).functions[0].duration;
  EXPECT_NEAR(arm, 4.00002, kExact);
  EXPECT_NEAR(arm / x86, 0.8, 1e-5);
}

TEST(Bill, ProjectedVolumeCrossesTheFirstTier) {
  // Horizon 73 h → month_factor 730/73 = 10. 1e9 invocations × 1 GB × 0.7 s =
  // 7e8 GB-s, projected 7e9: 6e9 × p1 + 1e9 × p2 = 100,000.2 + 15,000 = $115,000.2.
  // Requests 1e9 × 10 = 1e10 → $2,000. Total $117,000.2.
  Scenario s = scenario_of(1024);
  s.platform.billing.project_to_month = true;
  const Bill bill = compute_bill(s, {ondemand(1'000'000'000, 700 * sim::kMillisecond)},
                                 bundled("aws-us-east-1-2025"), 73 * sim::kHour);
  EXPECT_NEAR(bill.month_factor, 10.0, 1e-12);
  EXPECT_TRUE(bill.projected_to_month);
  const CostBreakdown& c = bill.functions[0];
  EXPECT_NEAR(c.duration, 115000.2, 1e-6);
  EXPECT_NEAR(c.duration_by_tier[0], 100000.2, 1e-6);
  EXPECT_NEAR(c.duration_by_tier[1], 15000.0, 1e-6);
  EXPECT_NEAR(c.requests, 2000.0, 1e-6);
  EXPECT_NEAR(c.total, 117000.2, 1e-6);
  ASSERT_EQ(bill.tiers.size(), 3u);  // the x86 ladder only: no arm64 function
  EXPECT_NEAR(bill.tiers[0].gb_s, 6e9, 1e-3);
  EXPECT_NEAR(bill.tiers[1].gb_s, 1e9, 1e-3);
  EXPECT_EQ(bill.tiers[2].gb_s, 0.0);
  EXPECT_DOUBLE_EQ(bill.tiers[1].from_gb_s, 6e9);
}

TEST(Bill, UnprojectedRunPaysItsShareOfTheMonth) {
  // Same run, not projected: bounds pro-rated by 73/730, 6e9 → 6e8 GB-s.
  // 6e8 × p1 + 1e8 × p2 = 10,000.02 + 1,500 = $11,500.02 (the month / 10).
  const Bill bill =
      compute_bill(scenario_of(1024), {ondemand(1'000'000'000, 700 * sim::kMillisecond)},
                   bundled("aws-us-east-1-2025"), 73 * sim::kHour);
  EXPECT_NEAR(bill.functions[0].duration, 11500.02, 1e-7);
}

TEST(Bill, TiersAreAccountWideAndSharedProRata) {
  // Two x86 functions, 4e8 and 3e8 GB-s over 73 h, projected ×10: 4e9 + 3e9 = 7e9
  // together (each alone is under 6e9). Tiered cost $115,000.2 split 4:3:
  // 115,000.2 × 4/7 = $65,714.4 and × 3/7 = $49,285.8.
  Scenario s = scenario_of(1024);
  s.functions.push_back(s.functions[0]);
  s.functions[1].name = "worker";
  s.platform.billing.project_to_month = true;
  const Bill bill = compute_bill(s,
                                 {ondemand(400'000'000, sim::kSecond),  // 4e8 GB-s
                                  ondemand(300'000'000, sim::kSecond)},
                                 bundled("aws-us-east-1-2025"), 73 * sim::kHour);
  EXPECT_NEAR(bill.functions[0].duration, 65714.4, 1e-6);
  EXPECT_NEAR(bill.functions[1].duration, 49285.8, 1e-6);
  EXPECT_NEAR(bill.total.duration, 115000.2, 1e-6);
  EXPECT_TRUE(bill.total.duration_by_tier.empty());
}

TEST(Bill, IdleProvisionedConcurrencyCostsTheAllocationOnly) {
  // 10 environments × 1 GB × 3,600 s = 36,000 GB-s × 0.0000041667 = $0.1500012.
  Scenario s = scenario_of(1024);
  s.functions[0].provisioned.edit().schedule = {{0, 10}};
  FunctionUsage u;
  u.pc_periods = {{0, sim::kHour, 10}};
  const Bill bill = compute_bill(s, {u}, bundled("aws-us-east-1-2025"), sim::kHour);
  const CostBreakdown& c = bill.functions[0];
  EXPECT_NEAR(c.provisioned_allocated, 0.1500012, kExact);
  EXPECT_EQ(c.requests + c.duration + c.provisioned_duration + c.init + c.ephemeral, 0.0);
  EXPECT_NEAR(c.total, 0.1500012, kExact);
}

TEST(Bill, ProvisionedConcurrencyWithTraffic) {
  // Allocation as above: $0.1500012.
  // 100,000 invocations on PC × 1 GB × 0.2 s = 20,000 GB-s × 0.0000097222 = $0.194444.
  // 10,000 spill-over invocations on demand × 0.2 s = 2,000 GB-s × p1 = $0.0333334.
  // 110,000 requests × $0.20/1M = $0.022. Total $0.3997786.
  Scenario s = scenario_of(1024);
  s.functions[0].provisioned.edit().schedule = {{0, 10}};
  FunctionUsage u = ondemand(10'000, 200 * sim::kMillisecond);
  u.requests += 100'000;
  u.pc_billed_us = 100'000u * billed_us(200 * sim::kMillisecond, sim::kMillisecond);
  u.pc_periods = {{0, sim::kHour, 10}};
  const CostBreakdown c =
      compute_bill(s, {u}, bundled("aws-us-east-1-2025"), sim::kHour).functions[0];
  EXPECT_NEAR(c.provisioned_allocated, 0.1500012, kExact);
  EXPECT_NEAR(c.provisioned_duration, 0.194444, kExact);
  EXPECT_NEAR(c.duration, 0.0333334, kExact);
  EXPECT_NEAR(c.requests, 0.022, kExact);
  EXPECT_NEAR(c.total, 0.3997786, kExact);
}

TEST(Bill, ProvisionedConcurrencyIsRoundedFromEnableToDisable) {
  // AWS: "calculated from the time you enable it on your function until it
  // is disabled, rounded up to the nearest 5 minutes". With 1 GB:
  // enabled 2 min → 5 min: 1 × 300 s = 300 GB-s × 0.0000041667 = $0.00125001.
  Scenario s = scenario_of(1024);
  s.functions[0].provisioned.edit().schedule = {{0, 1}};
  const PriceTable t = bundled("aws-us-east-1-2025");
  FunctionUsage u;
  u.pc_periods = {{0, 2 * sim::kMinute, 1}};
  EXPECT_NEAR(compute_bill(s, {u}, t, sim::kHour).functions[0].provisioned_allocated, 0.00125001,
              kExact);
  // A level change is not a disable: 1 for 2 min, then 2 for 6 min is one
  // span of 8 min, rounded to 10 at the level it ended with:
  // 1 × 120 + 2 × 360 + 2 × 120 = 1,080 GB-s → $0.004500036.
  u.pc_periods = {{0, 2 * sim::kMinute, 1}, {2 * sim::kMinute, 8 * sim::kMinute, 2}};
  CostBreakdown c = compute_bill(s, {u}, t, sim::kHour).functions[0];
  EXPECT_NEAR(c.quantity.pc_allocated_gb_s, 1080.0, kExact);
  EXPECT_NEAR(c.provisioned_allocated, 0.004500036, kExact);
  // Disabled at 2 min and enabled again at 4 min: two spans, each rounded:
  // 1 × 300 + 2 × 300 = 900 GB-s.
  u.pc_periods = {{0, 2 * sim::kMinute, 1}, {4 * sim::kMinute, 6 * sim::kMinute, 2}};
  c = compute_bill(s, {u}, t, sim::kHour).functions[0];
  EXPECT_NEAR(c.quantity.pc_allocated_gb_s, 900.0, kExact);
  // Flapping between 10 and 11 every minute for the hour: no disable, no
  // rounding, 10.5 × 3,600 = 37,800 GB-s → $0.15750126 (rounding each minute
  // to 5 billed 189,000 GB-s).
  u.pc_periods.clear();
  for (int m = 0; m < 60; ++m)
    u.pc_periods.push_back({m * sim::kMinute, (m + 1) * sim::kMinute, m % 2 == 0 ? 10 : 11});
  c = compute_bill(s, {u}, t, sim::kHour).functions[0];
  EXPECT_NEAR(c.quantity.pc_allocated_gb_s, 37800.0, kExact);
  EXPECT_NEAR(c.provisioned_allocated, 0.15750126, kExact);
}

TEST(Bill, FreeTierExactlyExhaustedCancelsTheCharges) {
  // Horizon 730 h = one month. 1e6 requests × 1 GB × 0.4 s = 400,000 GB-s:
  // charges $0.20 + 400,000 × p1 = $6.66668, total $6.86668; the credit covers
  // 1e6 requests and 400,000 GB-s exactly: −$6.86668; total $0.
  Scenario s = scenario_of(1024);
  s.platform.billing.free_tier = true;
  const PriceTable t = bundled("aws-us-east-1-2025");
  const FunctionUsage u = ondemand(1'000'000, 400 * sim::kMillisecond);
  const CostBreakdown c = compute_bill(s, {u}, t, kBillingMonth).functions[0];
  EXPECT_NEAR(c.duration, 6.66668, kExact);
  EXPECT_NEAR(c.free_tier_credit, -6.86668, kExact);
  EXPECT_NEAR(c.total, 0.0, kExact);
  EXPECT_NEAR(c.quantity.free_gb_s, 400000.0, kExact);

  // The free tier does not apply to functions with provisioned concurrency.
  s.functions[0].provisioned.edit().schedule = {{0, 1}};
  EXPECT_EQ(compute_bill(s, {u}, t, kBillingMonth).functions[0].free_tier_credit, 0.0);
}

TEST(Bill, FreeTierIsProRatedUnlessProjected) {
  // 73 h is a tenth of a month: 100,000 free requests and 40,000 free GB-s.
  // Credit = 100,000 × $0.20/1M + 40,000 × p1 = 0.02 + 0.666668 = $0.686668.
  // Projected ×10 (usage 1e7 requests, 4e6 GB-s): the full month's $6.86668.
  Scenario s = scenario_of(1024);
  s.platform.billing.free_tier = true;
  const PriceTable t = bundled("aws-us-east-1-2025");
  const FunctionUsage u = ondemand(1'000'000, 400 * sim::kMillisecond);
  EXPECT_NEAR(compute_bill(s, {u}, t, 73 * sim::kHour).functions[0].free_tier_credit, -0.686668,
              kExact);
  s.platform.billing.project_to_month = true;
  EXPECT_NEAR(compute_bill(s, {u}, t, 73 * sim::kHour).functions[0].free_tier_credit, -6.86668,
              kExact);
}

TEST(Bill, InitIsBilledWhenTheTableOrTheScenarioSaysSo) {
  // 1,000 cold starts × 1 GB × 0.25 s = 250 GB-s × p1 = $0.0041666750.
  FunctionUsage u;
  u.init_billed_us = 1000u * billed_us(250 * sim::kMillisecond, sim::kMillisecond);
  Scenario s = scenario_of(1024);
  const PriceTable now = bundled("aws-us-east-1-2025");  // bill_init: true
  const PriceTable old = bundled("aws-us-east-1-2024");  // bill_init: false
  EXPECT_NEAR(compute_bill(s, {u}, now, sim::kHour).functions[0].init, 0.004166675, kExact);
  EXPECT_EQ(compute_bill(s, {u}, old, sim::kHour).functions[0].init, 0.0);
  s.platform.billing.bill_init = false;
  EXPECT_EQ(compute_bill(s, {u}, now, sim::kHour).functions[0].init, 0.0);
  s.platform.billing.bill_init = true;  // e.g. a container image before 2025-08
  EXPECT_NEAR(compute_bill(s, {u}, old, sim::kHour).functions[0].init, 0.004166675, kExact);
}

TEST(Bill, EphemeralStorageAboveTheFreeSize) {
  // 10,240 MB: (10,240 − 512) / 1,024 = 9.5 GB × 300,000 billed s
  // = 2,850,000 GB-s × 0.0000000309 = $0.088065. At 512 MB: $0.
  Scenario s = scenario_of(1024);
  s.functions[0].ephemeral_mb = 10240;
  const PriceTable t = bundled("aws-us-east-1-2025");
  const FunctionUsage u = ondemand(1'000'000, 300 * sim::kMillisecond);
  const CostBreakdown c = compute_bill(s, {u}, t, sim::kHour).functions[0];
  EXPECT_NEAR(c.ephemeral, 0.088065, kExact);
  EXPECT_NEAR(c.total, 5.20001 + 0.088065, kExact);
  s.functions[0].ephemeral_mb = 512;
  EXPECT_EQ(compute_bill(s, {u}, t, sim::kHour).functions[0].ephemeral, 0.0);
}

TEST(Bill, ArchitectureMissingFromTheTableIsAnError) {
  Scenario s = scenario_of(1024, Architecture::Arm64);
  s.file = "s.yaml";
  try {
    compute_bill(s, {FunctionUsage{}}, bundled("aws-us-east-1-2020-100ms"), sim::kHour);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "s.yaml: functions.api.architecture: arm64 is not available in price table "
                 "'aws-us-east-1-2020-100ms' (effective 2019-12-03); it prices: x86_64");
  }
}

TEST(Bill, NoDriftOverTenBillionRequests) {
  // 1e10 × 128 MB × 1 ms = 1.25e6 GB-s × p1 = $20.833375; requests $2,000.
  const Bill bill = compute_bill(scenario_of(128), {ondemand(10'000'000'000, sim::kMillisecond)},
                                 bundled("aws-us-east-1-2025"), 730 * sim::kHour);
  EXPECT_NEAR(bill.functions[0].duration, 20.833375, kExact);
  EXPECT_NEAR(bill.functions[0].requests, 2000.0, kExact);
}

}  // namespace
}  // namespace ls::models
