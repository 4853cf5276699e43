// MetricTable (tools/study/metric_table.hpp) stores a report's metrics as
// blocks (a prefix and a shared list of suffixes) and value columns. Checked:
// it reads back in the order written with the joined paths; blocks of one
// kind share one shape; and aggregating replications gives the mean and
// 95 % CI half-width computed by hand (Student's t from a printed table).
#include "tools/study/metric_table.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace ls::tools {
namespace {

std::string joined(const JoinedMetricPath& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) out += (i > 0 ? "." : "") + path[i];
  return out;
}

// One replication of a two-function report: per function a count and a
// latency, then the account's total. `v` are its five values in order.
MetricTable replication(const std::vector<double>& v) {
  MetricTable::Builder b;
  std::size_t i = 0;
  for (const char* name : {"api", "worker"}) {
    b.begin_block({"functions", name});
    b.add({"arrivals"}, v[i++], true);
    b.add({"latency_ms", "p99"}, v[i++], false);
  }
  b.begin_block({});
  b.add({"totals", "arrivals"}, v[i++], true);
  return std::move(b).finish();
}

TEST(MetricTable, ReadsBackInOrderWithJoinedPaths) {
  const MetricTable t = replication({1, 2, 3, 4, 5});
  std::vector<std::string> paths;
  std::vector<double> means;
  std::vector<bool> integers;
  for (const AggregatedMetric m : t) {
    paths.push_back(joined(m.path));
    means.push_back(m.mean);
    integers.push_back(m.integer);
    EXPECT_EQ(m.ci95, 0.0);
  }
  EXPECT_EQ(paths,
            (std::vector<std::string>{"functions.api.arrivals", "functions.api.latency_ms.p99",
                                      "functions.worker.arrivals",
                                      "functions.worker.latency_ms.p99", "totals.arrivals"}));
  EXPECT_EQ(means, (std::vector<double>{1, 2, 3, 4, 5}));
  EXPECT_EQ(integers, (std::vector<bool>{true, false, true, false, true}));
  EXPECT_EQ(t.size(), 5u);
  // Element access through the path, as the JSON writer reads it.
  const AggregatedMetric m = t.metric(1, 1);
  ASSERT_EQ(m.path.size(), 4u);
  EXPECT_EQ(m.path[0], "functions");
  EXPECT_EQ(m.path[1], "worker");
  EXPECT_EQ(m.path[2], "latency_ms");
  EXPECT_EQ(m.path.back(), "p99");
}

TEST(MetricTable, BlocksOfOneKindShareOneShape) {
  MetricTable::Builder b;
  for (int f = 0; f < 1000; ++f) {
    b.begin_block({"functions", "f" + std::to_string(f)});
    b.add({"arrivals"}, f, true);
    b.add({"latency_ms", "p99"}, 0.5 * f, false);
  }
  b.begin_block({"functions", "odd"});  // another kind: one more metric
  b.add({"arrivals"}, 1, true);
  b.add({"latency_ms", "p99"}, 2, false);
  b.add({"tenants", "active"}, 3, true);
  b.begin_block({"functions", "empty"});  // no metrics: left out
  const MetricTable t = std::move(b).finish();
  EXPECT_EQ(t.shapes(), 2u);
  ASSERT_EQ(t.blocks().size(), 1001u);
  EXPECT_EQ(t.size(), 2003u);
  EXPECT_EQ(t.blocks()[999].first, 1998u);
  EXPECT_EQ(t.metric(999, 1).mean, 0.5 * 999);
  EXPECT_EQ(joined(t.metric(1000, 2).path), "functions.odd.tenants.active");
}

TEST(MetricTable, AggregatesReplicationsAsComputedByHand) {
  std::vector<MetricTable> reps;
  reps.push_back(replication({1, 5, 10, 0, 100}));
  reps.push_back(replication({2, 5, 20, 0, 100}));
  reps.push_back(replication({6, 5, 30, 0, 100}));
  const MetricTable t = MetricTable::aggregate(std::move(reps));
  std::vector<AggregatedMetric> m(t.begin(), t.end());
  ASSERT_EQ(m.size(), 5u);
  // 1, 2, 6: mean 3; sample sd sqrt(14 / 2) = sqrt(7); half-width
  // t(0.975, 2 dof) = 4.3026527 times sqrt(7) / sqrt(3) = 6.5724106.
  EXPECT_DOUBLE_EQ(m[0].mean, 3.0);
  EXPECT_NEAR(m[0].ci95, 6.5724106, 1e-7);  // the 8 digits of the printed t
  EXPECT_TRUE(m[0].integer);
  // Equal values: no spread.
  EXPECT_EQ(m[1].mean, 5.0);
  EXPECT_EQ(m[1].ci95, 0.0);
  // 10, 20, 30: mean 20; sd 10; half-width 4.3026527 * 10 / sqrt(3) = 24.841377.
  EXPECT_DOUBLE_EQ(m[2].mean, 20.0);
  EXPECT_NEAR(m[2].ci95, 24.841377, 1e-6);
  EXPECT_EQ(joined(m[4].path), "totals.arrivals");
  EXPECT_EQ(m[4].mean, 100.0);
}

TEST(MetricTable, OneReplicationKeepsItsValuesWithoutCi) {
  std::vector<MetricTable> reps;
  reps.push_back(replication({1, 2.5, 3, 4, 5}));
  const MetricTable t = MetricTable::aggregate(std::move(reps));
  std::vector<double> means;
  for (const AggregatedMetric m : t) {
    means.push_back(m.mean);
    EXPECT_EQ(m.ci95, 0.0);
  }
  EXPECT_EQ(means, (std::vector<double>{1, 2.5, 3, 4, 5}));
  EXPECT_TRUE(MetricTable::aggregate({}).empty());
}

// As a sweep's point file is read back: whole paths with their half-widths,
// the first ones zero.
TEST(MetricTable, KeepsHalfWidthsAddedAfterZeroOnes) {
  MetricTable::Builder b;
  b.add({"totals", "arrivals"}, 10, 0.0, true);
  b.add({"cost_usd", "total"}, 2.5, 0.25, false);
  const MetricTable t = std::move(b).finish();
  EXPECT_EQ(t.metric(0, 0).ci95, 0.0);
  EXPECT_EQ(t.metric(0, 1).ci95, 0.25);
  EXPECT_EQ(joined(t.metric(0, 1).path), "cost_usd.total");
}

TEST(MetricTable, ReplicationsListingOtherMetricsAreRefused) {
  std::vector<MetricTable> reps;
  reps.push_back(replication({1, 2, 3, 4, 5}));
  MetricTable::Builder b;
  b.begin_block({"functions", "api"});
  b.add({"arrivals"}, 1, true);
  reps.push_back(std::move(b).finish());
  EXPECT_THROW(MetricTable::aggregate(std::move(reps)), std::logic_error);
  MetricTable::Builder empty_suffix;
  EXPECT_THROW(empty_suffix.add(MetricPath(), 1.0, false), std::logic_error);
}

}  // namespace
}  // namespace ls::tools
