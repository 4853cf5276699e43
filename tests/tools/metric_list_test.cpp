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

TEST(MetricList, KeysAreUniqueAndDescribed) {
  std::set<std::string> keys;
  for (const MetricRow& row : ls::tools::metric_rows()) {
    EXPECT_TRUE(keys.insert(row.key).second) << row.key;
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

}  // namespace
