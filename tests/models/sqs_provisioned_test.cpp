// SQS event source mappings in provisioned mode against hand-derived
// timelines and AWS's pricing example (docs/event-sources.md).
//
// Setup of the timelines: constant arrivals at 2,000 messages/s, batch size
// 1, no window, executions of 600 s (none ends within the 30 s runs) and a
// visibility timeout of 12 h, so every message waits and the concurrency at
// time t is the pollers' allowed concurrency a(t):
//   standard:    a(t) = 5 + 300 t/60                 (AWS: +300 per minute)
//   provisioned: a(t) = 10·min + 1000 t/60, ≤ 10·max (AWS: 10 invokes per
//                poller, up to 1,000 concurrency per minute)
// and the event pollers are ⌈a(t)/10⌉ within [min, max]. Arrivals every
// 0.5 ms update a(t), so a level lags by at most 0.5 ms.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "models/billing.hpp"
#include "models/config/price_table_file.hpp"
#include "models/simulation.hpp"
#include "scenario_builders.hpp"

namespace ls::models {
namespace {

using testing::one_function;

Scenario queue_flood(int min_pollers, int max_pollers, double horizon_s) {
  Scenario s = one_function(2000.0, Dist::fixed(600.0),
                            static_cast<sim::Time>(horizon_s * 1e3) * sim::kMillisecond);
  s.workloads[0].arrivals.process = ArrivalConfig::Process::Constant;
  SourceConfig& src = s.workloads[0].source.edit();
  src.type = SourceConfig::Type::Sqs;
  src.batch_size = 1;
  src.visibility_timeout = 12 * sim::kHour;
  src.provisioned.min_pollers = min_pollers;
  src.provisioned.max_pollers = max_pollers;
  return s;
}

double poller_seconds(const RunResult& r) {
  return static_cast<double>(r.usage[0].sqs_poller_us) / 1e6;
}

// Standard mode: a(30 s) = 5 + 150 = 155 concurrent batches (±1: the last
// arrival before 30 s sees 154.99); no event pollers are billed.
TEST(SqsProvisioned, StandardModeRampsAt300PerMinute) {
  const Scenario s = queue_flood(0, 0, 30);
  const RunResult r = simulate(s);
  EXPECT_NEAR(r.functions[0].source().pollers.max(), 155.0, 1.0);
  EXPECT_EQ(r.usage[0].sqs_poller_us, 0u);
}

// Provisioned, min 2, max 200: a(30 s) = 20 + 500 = 520 (±1). Pollers are 3
// on (0, 0.6 s], 4 on (0.6, 1.2], ..., n on (0.6(n−3), 0.6(n−2)], up to 52
// at 30 s: 0.6 · Σ_{n=3}^{52} n = 0.6 · 1375 = 825 poller-seconds (lag
// ≤ 50 steps × 0.5 ms = 0.025 s; tolerance 0.1). Bill: those EPU-hours ×
// $0.00925 (825/3600 h → $0.00211979).
TEST(SqsProvisioned, ProvisionedModeRampsAt1000PerMinuteFromTheMinimum) {
  const Scenario s = queue_flood(2, 200, 30);
  const RunResult r = simulate(s);
  EXPECT_NEAR(r.functions[0].source().pollers.max(), 520.0, 1.0);
  EXPECT_NEAR(poller_seconds(r), 825.0, 0.1);
  EXPECT_EQ(r.functions[0].source().event_pollers.max(), 52.0);
  const PriceTable prices =
      load_price_table("aws-us-east-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios");
  const Bill bill = compute_bill(s, r.usage, prices, s.horizon);
  EXPECT_NEAR(bill.functions[0].quantity.sqs_poller_hours, 825.0 / 3600, 0.1 / 3600);
  EXPECT_NEAR(bill.functions[0].sqs_pollers, bill.functions[0].quantity.sqs_poller_hours * 0.00925,
              1e-15);
}

// max 20 pollers caps a(t) at 200, reached at t = 180 / (1000/60) = 10.8 s:
// 0.6 · Σ_{n=3}^{20} n + 20 · (30 − 10.8) = 124.2 + 384 = 508.2 poller-s.
TEST(SqsProvisioned, MaximumPollersCapConcurrency) {
  const Scenario s = queue_flood(2, 20, 30);
  const RunResult r = simulate(s);
  EXPECT_EQ(r.functions[0].source().pollers.max(), 200.0);
  EXPECT_NEAR(poller_seconds(r), 508.2, 0.1);
}

// No traffic: the minimum pollers run (and are billed) all the time:
// 10 pollers × 1 h = 10 EPU-hours = $0.0925.
TEST(SqsProvisioned, MinimumPollersAreBilledWithoutTraffic) {
  Scenario s = queue_flood(10, 200, 3600);
  s.workloads[0].arrivals.process = ArrivalConfig::Process::None;
  const RunResult r = simulate(s);
  EXPECT_EQ(r.usage[0].sqs_poller_us, 10ull * 3600ull * 1'000'000ull);
  const PriceTable prices =
      load_price_table("aws-us-east-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios");
  const Bill bill = compute_bill(s, r.usage, prices, s.horizon);
  EXPECT_NEAR(bill.functions[0].sqs_pollers, 0.0925, 1e-12);
  EXPECT_NEAR(bill.functions[0].quantity.sqs_poller_hours, 10.0, 1e-12);
}

// AWS's pricing examples (aws.amazon.com/lambda/pricing, us-east-1):
// SQS "EPU charges = 8000 EPU-hours * $0.00925 = $74"; Kafka "EPU charges =
// 800 EPU-hours * $0.185 = $148".
TEST(SqsProvisioned, BillMatchesAwsPricingExamples) {
  const PriceTable prices =
      load_price_table("aws-us-east-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios");
  Scenario s = queue_flood(10, 200, 3600);
  std::vector<FunctionUsage> usage(1);
  usage[0].sqs_poller_us = 8000ull * 3600ull * 1'000'000ull;
  usage[0].kafka_poller_us = 800ull * 3600ull * 1'000'000ull;
  const Bill bill = compute_bill(s, usage, prices, s.horizon);
  EXPECT_NEAR(bill.functions[0].sqs_pollers, 74.0, 1e-9);
  EXPECT_NEAR(bill.functions[0].kafka_pollers, 148.0, 1e-9);
}

}  // namespace
}  // namespace ls::models
