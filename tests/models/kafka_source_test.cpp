// Kafka event sources (Amazon MSK / self-managed) against hand-derived
// figures and AWS's pricing example (docs/event-sources.md).
#include <gtest/gtest.h>

#include <string>

#include "models/billing.hpp"
#include "models/config/price_table_file.hpp"
#include "models/simulation.hpp"
#include "scenario_builders.hpp"

namespace ls::models {
namespace {

using testing::one_function;

// Constant arrivals at `rate`, batch size 1, executions of 1 s.
Scenario topic(double rate, int partitions, double horizon_s) {
  Scenario s =
      one_function(rate, Dist::fixed(1.0), static_cast<sim::Time>(horizon_s) * sim::kSecond);
  s.workloads[0].arrivals.process = ArrivalConfig::Process::Constant;
  SourceConfig& src = s.workloads[0].source.edit();
  src.type = SourceConfig::Type::Kafka;
  src.shards = partitions;
  src.batch_size = 1;
  src.retention = 7 * sim::kDay;
  return s;
}

// In order per partition: each partition runs one 1-s batch at a time, so
// 4 partitions flooded at 100 records/s run exactly 4 batches at once and
// finish 4 records per second: over 100 s, 4 · 99 = 396 succeed (each
// partition's first record arrives within its first 0.1 s and the last
// batch starting before 99.1 s ends before the horizon), the rest wait.
TEST(KafkaSource, OneBatchPerPartitionInOrder) {
  const Scenario s = topic(100.0, 4, 100);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.source().pollers.max(), 4.0);
  EXPECT_NEAR(static_cast<double>(f.succeeded), 396.0, 4.0);
  EXPECT_EQ(r.usage[0].kafka_poller_us, 0u);  // on-demand mode bills no pollers
  EXPECT_TRUE(conservation_ok(f));
}

// Provisioned, max 2 pollers × 5 invokes: 20 flooded partitions run at most
// 10 batches at once; pollers follow the running batches up to 2, and two
// pollers fit one event poller unit (10 per unit), so the bill is 1 unit
// for the whole run: 1 h → 1 EPU-hour = $0.185.
TEST(KafkaSource, ProvisionedPollersCapConcurrency) {
  Scenario s = topic(100.0, 20, 3600);
  s.workloads[0].source.edit().provisioned.min_pollers = 1;
  s.workloads[0].source.edit().provisioned.max_pollers = 2;
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.source().pollers.max(), 10.0);
  EXPECT_EQ(f.source().event_pollers.max(), 2.0);
  EXPECT_EQ(r.usage[0].kafka_poller_us, 3600ull * 1'000'000ull);
  const PriceTable prices =
      load_price_table("aws-us-east-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios");
  const Bill bill = compute_bill(s, r.usage, prices, s.horizon);
  EXPECT_NEAR(bill.functions[0].kafka_pollers, 0.185, 1e-12);
}

// AWS's pricing example 3 (aws.amazon.com/lambda/pricing): 10 event pollers
// "/ 10 event pollers supported per EPU = 1 EPU", "1 EPU * 720 hours per
// month = 720 EPU-hours", "720 EPU-hours * $0.185 = $133.2". Here: one
// mapping held at 10 pollers (min = max = 10) with no traffic for 720 h.
TEST(KafkaSource, BillMatchesAwsPricingExample3) {
  Scenario s = topic(1.0, 1, 720 * 3600);
  s.workloads[0].arrivals.process = ArrivalConfig::Process::None;
  s.workloads[0].source.edit().provisioned.min_pollers = 10;
  s.workloads[0].source.edit().provisioned.max_pollers = 10;
  const RunResult r = simulate(s);
  const PriceTable prices =
      load_price_table("aws-us-east-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios");
  const Bill bill = compute_bill(s, r.usage, prices, s.horizon);
  EXPECT_NEAR(bill.functions[0].quantity.kafka_poller_hours, 720.0, 1e-9);
  EXPECT_NEAR(bill.functions[0].kafka_pollers, 133.2, 1e-9);
}

}  // namespace
}  // namespace ls::models
