// The declared metrics (tools/study/metric_list.cpp): every row reads the
// block it is given, and a block of several functions reads as the report's
// totals must: counters summed, ratios of the sums (not the mean of ratios),
// level means summed and maxima the largest — checked against numbers
// worked out by hand for two functions.
#include "tools/study/metric_list.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace {

using ls::models::FunctionStats;
using ls::tools::MetricBlock;
using ls::tools::MetricRow;

double read(const MetricBlock& b, const std::string& key) {
  for (const MetricRow& row : ls::tools::metric_rows())
    if (key == row.key) return row.read(b);
  ADD_FAILURE() << "no metric " << key;
  return -1;
}

// A key is listed once per place it can appear: a function's block, the
// totals (Both rows are in both), the account's top level (Account rows).
TEST(MetricList, KeysAreUniqueAndDescribed) {
  std::set<std::pair<std::string, bool>> keys;  // (key, the account's top level)
  for (const MetricRow& row : ls::tools::metric_rows()) {
    const bool account = row.scope == ls::tools::MetricScope::Account;
    EXPECT_TRUE(keys.insert({row.key, account}).second) << row.key;
    EXPECT_NE(std::string(row.label), "") << row.key;
    EXPECT_NE(std::string(row.unit), "") << row.key;
  }
}

TEST(MetricList, TotalsSumCountersAndTakeRatiosOfSums) {
  const ls::sim::Time end = ls::sim::from_seconds(10);
  FunctionStats a, b;
  a.arrivals = 100, a.invocations = 80, a.cold_starts = 8, a.throttled_first_attempt = 20;
  a.throttled_by[3] = 5;  // rps_cap
  b.arrivals = 300, b.invocations = 300, b.cold_starts = 3, b.throttled_first_attempt = 0;
  b.throttled_by[3] = 2;
  // a: 4 busy for 5 s then 0 → mean 2, max 4; b: 1 busy throughout → mean 1.
  a.busy.set(0, 4);
  a.busy.set(ls::sim::from_seconds(5), 0);
  b.busy.set(0, 1);
  for (double ms : {10.0, 20.0, 30.0}) a.latency_ms.add(ms);
  b.latency_ms.add(1000.0);

  MetricBlock one, both;
  one.add(a, end, 0.0);
  both.add(a, end, 0.0);
  both.add(b, end, 0.0);
  EXPECT_EQ(read(one, "arrivals"), 100);
  EXPECT_EQ(read(both, "arrivals"), 400);
  EXPECT_EQ(read(both, "throttled_by.rps_cap"), 7);
  EXPECT_DOUBLE_EQ(read(one, "cold_start_ratio"), 8.0 / 80);
  // 11 cold of 380 invocations, not the mean of 10 % and 1 %.
  EXPECT_DOUBLE_EQ(read(both, "cold_start_ratio"), 11.0 / 380);
  EXPECT_DOUBLE_EQ(read(both, "throttle_rate_first_attempt"), 20.0 / 400);
  EXPECT_DOUBLE_EQ(read(one, "concurrency.mean"), 2.0);
  EXPECT_DOUBLE_EQ(read(both, "concurrency.mean"), 3.0);
  EXPECT_DOUBLE_EQ(read(both, "concurrency.max"), 4.0);
  // The merged latency histogram: 4 values, the largest exact.
  EXPECT_DOUBLE_EQ(read(both, "latency_ms.max"), 1000.0);
  EXPECT_DOUBLE_EQ(read(both, "latency_ms.mean"), (10.0 + 20 + 30 + 1000) / 4);
  EXPECT_DOUBLE_EQ(read(one, "latency_ms.mean"), 20.0);
}

// The keys a block lists (the report's rule: the block's scope, then the
// row's listed_when).
std::set<std::string> listed(const MetricBlock& b, bool function) {
  std::set<std::string> keys;
  for (const MetricRow& row : ls::tools::metric_rows()) {
    const bool in_scope = function ? row.scope != ls::tools::MetricScope::Account
                                   : row.scope != ls::tools::MetricScope::FunctionOnly;
    if (in_scope && row.listed_for(b)) keys.insert(row.key);
  }
  return keys;
}

// A feature's metrics are listed where the scenario uses it and nowhere
// else: function b has SnapStart and a provisioned-mode event source, a
// workload has a payload: block; nothing uses a front door, tenants or a
// savings plan.
TEST(MetricList, FeatureRowsAreListedOnlyWhereTheFeatureIsUsed) {
  ls::models::Scenario s;
  s.functions.resize(2);
  s.functions[1].snapstart.edit().enabled = true;
  s.workloads.resize(2);
  s.workloads[0].function = 0;
  s.workloads[0].payload.edit().request_kb = ls::sim::Dist::fixed(300.0);
  s.workloads[1].function = 1;
  s.workloads[1].source.edit().provisioned.min_pollers = 2;
  const ls::tools::MetricFeatures features(s);
  ls::models::Bill bill;
  bill.functions.resize(2);
  MetricBlock a, b, totals;
  for (std::size_t f = 0; f < 2; ++f) {
    MetricBlock& block = f == 0 ? a : b;
    block.features = &features;
    block.bill = &bill;
    block.cost = &bill.functions[f];
    block.index = f;
    block.function = &s.functions[f];
  }
  totals.features = &features;
  totals.bill = &bill;
  totals.cost = &bill.total;

  const auto in_a = listed(a, true), in_b = listed(b, true), in_totals = listed(totals, false);
  EXPECT_TRUE(in_a.count("payload.rejected"));  // scenario-wide: every block
  EXPECT_TRUE(in_b.count("payload.rejected"));
  EXPECT_TRUE(in_totals.count("payload.extra_billed_requests"));
  EXPECT_FALSE(in_a.count("snapstart.restores"));  // per function
  EXPECT_TRUE(in_b.count("snapstart.restores"));
  EXPECT_FALSE(in_a.count("source.event_pollers.mean"));
  EXPECT_TRUE(in_b.count("source.event_pollers.max"));
  EXPECT_FALSE(in_totals.count("snapstart.restores"));            // function-only
  EXPECT_TRUE(in_a.count("cost_usd.per_million_requests"));       // always, per function
  EXPECT_TRUE(in_totals.count("cost_usd.per_million_requests"));  // and the account's
  for (const auto* keys : {&in_a, &in_b, &in_totals})
    for (const char* unused : {"front_door.throttled", "tenants.active", "savings_plan.discount"})
      EXPECT_FALSE(keys->count(unused)) << unused;

  // With a savings plan, its rows are the account's: the totals' block
  // lists them (at the top level), a function's does not. Utilization and
  // net savings by hand: used 6 of a 10 USD commitment that covered 8 USD
  // of on-demand usage → 0.6 and 8 - 10 = -2 USD.
  bill.savings_plan.enabled = true;
  bill.savings_plan.commitment_usd = 10;
  bill.savings_plan.used_usd = 6;
  bill.savings_plan.covered_ondemand_usd = 8;
  EXPECT_FALSE(listed(a, true).count("savings_plan.discount"));
  ASSERT_TRUE(listed(totals, false).count("savings_plan.utilization"));
  EXPECT_DOUBLE_EQ(read(totals, "savings_plan.utilization"), 0.6);
  EXPECT_DOUBLE_EQ(read(totals, "savings_plan.net_savings_usd"), -2.0);
}

}  // namespace
