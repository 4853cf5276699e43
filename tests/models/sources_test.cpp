// Event source mappings (SQS, Kinesis/DynamoDB streams) against hand-derived
// answers: the SQS poller ramp, visibility timeouts and redrive, partial
// batch responses, and a poison record in a stream with and without bisect.
#include <gtest/gtest.h>

#include "models/config/scenario_loader.hpp"
#include "models/simulation.hpp"
#include "scenario_builders.hpp"

namespace ls::models {
namespace {

Scenario source_scenario(SourceConfig::Type type, double duration_s, sim::Time horizon) {
  Scenario s = testing::one_function(0.0, Dist::fixed(duration_s), horizon);
  auto& w = s.workloads[0];
  w.arrivals.process = ArrivalConfig::Process::None;
  w.source.edit().type = type;
  w.source.edit().batch_size = 10;
  s.platform.sqs = SqsScaling{5, 300.0, 1250};
  s.platform.stream_retry_delay = sim::kSecond;
  s.platform.poller_backoff = sim::kSecond;
  return s;
}

// A backlog of 50,000 messages sent at t = 0, batches of 10 taking 1 s,
// mapping capped at 100 concurrent batches. Pollers start at 5 and add
// 300/min (5/s); new batches start when running ones finish, i.e. on a 1-s
// grid. At t = 0 the first five pollers each find a single message (the
// messages are being sent one by one), so round 0 takes 5 messages; round k
// (k = 1…18) runs 5(k+1) batches of 10: 50·(2+…+19) = 9,450 messages, 9,455
// by t = 19 s. From then on 100 batches (1,000 messages) per second: the
// other 40,545 need 41 more rounds, the last starting at t = 59 s with
// messages sent at 0 — so the oldest message age a batch sees is exactly
// 59 s. Batches: 5 + ⌈49,995 / 10⌉ = 5,005. (The continuous ramp
// ∫min(100, 5+5t)·10 dt = 50,000 gives 59.0 s.)
TEST(SqsSource, BacklogDrainsAsThePollerRampPredicts) {
  Scenario s = source_scenario(SourceConfig::Type::Sqs, 1.0, 5 * sim::kMinute);
  s.workloads[0].arrivals.shape.edit().bursts.push_back({0, 50000, 0});
  s.workloads[0].source.edit().max_concurrency = 100;
  s.workloads[0].source.edit().visibility_timeout = 5 * sim::kMinute;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.succeeded, 50000u);
  EXPECT_EQ(f.source().batches, 5005u);
  EXPECT_EQ(f.source().duplicates, 0u);
  EXPECT_DOUBLE_EQ(f.source().age_ms.max(), 59000.0);
  EXPECT_EQ(f.source().pollers.max(), 100.0);
  EXPECT_TRUE(conservation_ok(f));
}

// The aws-legacy-burst preset carries SQS scaling from before Nov 2023:
// pollers start at 5 and add 60/min (1/s), to 1,000. Same backlog logic as
// above with 5,000 messages and no mapping cap: round 0 takes 5 messages,
// round k ≥ 1 runs 5 + k batches of 10, so after round K
// 5 + 10·(5K + K(K+1)/2) messages are taken: 4,815 at K = 26, 5,135 at
// K = 27. The last round starts at 27 s (oldest age 27,000 ms) with 32
// pollers; batches 5 + ⌈4,995 / 10⌉ = 505. (With today's +300/min the same
// backlog is gone by 13 s.)
TEST(SqsSource, LegacyPresetRampsSixtyPerMinute) {
  LoadOptions opts;
  opts.data_dir = std::string(LS_SOURCE_DIR) + "/scenarios";
  const Scenario s = load_scenario_text(R"(
horizon: 2m
platform: {preset: aws-legacy-burst}
functions:
  worker: {init: 0s, duration: 1s}
workloads:
  - function: worker
    arrivals: {process: burst, at: 0s, count: 5000}
    source: {type: sqs, batch_size: 10, visibility_timeout: 5m}
)",
                                        "legacy-sqs", ".", opts);
  EXPECT_EQ(s.platform.sqs.max_concurrency, 1000);
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.succeeded, 5000u);
  EXPECT_EQ(f.source().batches, 505u);
  EXPECT_DOUBLE_EQ(f.source().age_ms.max(), 27000.0);
  EXPECT_EQ(f.source().pollers.max(), 32.0);
  EXPECT_TRUE(conservation_ok(f));
}

// Messages are never lost or processed twice while the visibility timeout
// exceeds the duration: 36,000 messages, all succeed exactly once.
TEST(SqsSource, LongVisibilityTimeoutDeliversEachMessageOnce) {
  Scenario s = source_scenario(SourceConfig::Type::Sqs, 0.2, sim::kHour);
  s.workloads[0].arrivals.process = ArrivalConfig::Process::Constant;
  s.workloads[0].arrivals.rate = 10.0;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.succeeded + f.in_flight_at_end, f.arrivals);
  EXPECT_EQ(f.source().duplicates, 0u);
  EXPECT_EQ(f.dlq + f.dropped, 0u);
}

// Visibility timeout (1 s) shorter than the duration (2 s): the message
// reappears while its batch runs and is received again at 1 s and 2 s; with
// max_receive_count 3 the visibility timeout at 3 s sends it to the DLQ. The
// three runs all finish (at 2, 3 and 4 s) after their receipt expired, so
// each is a duplicate processing and none deletes the message.
TEST(SqsSource, ShortVisibilityTimeoutCausesDuplicatesThenRedrive) {
  Scenario s = source_scenario(SourceConfig::Type::Sqs, 2.0, sim::kMinute);
  s.workloads[0].arrivals.shape.edit().bursts.push_back({0, 1, 0});
  auto& src = s.workloads[0].source.edit();
  src.visibility_timeout = sim::kSecond;
  src.max_receive_count = 3;
  src.to_dlq = true;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.source().batches, 3u);
  EXPECT_EQ(f.source().duplicates, 3u);
  EXPECT_EQ(f.dlq, 1u);
  EXPECT_EQ(f.succeeded, 0u);
  EXPECT_TRUE(conservation_ok(f));
}

// A function that always fails: each message is received max_receive_count
// = 3 times, 30 s (the visibility timeout) apart, and reaches the DLQ at
// 90 s; 10 messages gathered by a 1-s window into one batch → 3 failed
// batches of 10 (receives at 0, 30, 60 s).
TEST(SqsSource, FailingMessagesGoToDlqAfterMaxReceives) {
  Scenario s = source_scenario(SourceConfig::Type::Sqs, 0.5, 5 * sim::kMinute);
  s.functions[0].error_rate = 1.0;
  s.workloads[0].arrivals.shape.edit().bursts.push_back({0, 10, 0});
  s.workloads[0].source.edit().max_receive_count = 3;
  s.workloads[0].source.edit().window = sim::kSecond;
  s.workloads[0].source.edit().to_dlq = true;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.source().batches, 3u);
  EXPECT_EQ(f.source().failed_batches, 3u);
  EXPECT_EQ(f.dlq, 10u);
  EXPECT_DOUBLE_EQ(f.source().age_ms.max(), 60000.0);  // the third receive
}

// Poison messages (every 10th) in batches of 10 that fail once (max receive
// 1): with partial batch responses only the poison messages go to the DLQ;
// without, their whole batch does.
TEST(SqsSource, PartialBatchResponseFailsOnlyThePoisonMessages) {
  for (const bool partial : {true, false}) {
    Scenario s = source_scenario(SourceConfig::Type::Sqs, 0.1, 10 * sim::kMinute);
    s.workloads[0].arrivals.shape.edit().bursts.push_back({0, 1000, 0});
    auto& src = s.workloads[0].source.edit();
    src.poison_every = 10;
    src.max_receive_count = 1;
    src.partial_batch_response = partial;
    src.window = sim::kSecond;
    src.to_dlq = true;
    const RunResult r = simulate(s);
    const auto& f = r.functions[0];
    EXPECT_EQ(f.source().poison, 100u);
    // The burst arrives at one instant and the window fills every batch:
    // batches are messages 1–10, 11–20, …, each with exactly one poison one.
    EXPECT_EQ(f.dlq, partial ? 100u : 1000u) << "partial " << partial;
    EXPECT_EQ(f.succeeded, partial ? 900u : 0u);
    EXPECT_TRUE(conservation_ok(f));
  }
}

// A stream shard with one poison record (record 50 of 100, written at 10/s
// over 10 s; batches of up to 10 taking 0.1 s; the mapping's maximum record
// age 1 h, below the stream's 24 h retention). Without
// bisect the poison record's batch fails and is retried, blocking the shard,
// until its oldest record expires an hour later: the largest record age a
// batch sees is at least the maximum record age. With bisect (and two retries per
// piece) the failing batch is halved until the poison record fails alone:
// only it is discarded, the other 99 succeed, and nobody waits long.
TEST(StreamSource, PoisonRecordBlocksShardUntilExpiryWithoutBisect) {
  Scenario s = source_scenario(SourceConfig::Type::Kinesis, 0.1, 2 * sim::kHour);
  s.workloads[0].arrivals.shape.edit().bursts.push_back({0, 100, 10 * sim::kSecond});
  auto& src = s.workloads[0].source.edit();
  src.poison_every = 50;
  src.max_record_age = sim::kHour;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.source().poison, 2u);
  EXPECT_GE(f.source().age_ms.max(), 3600.0 * 1000 * 0.99);  // histogram: within 1 %
  EXPECT_LE(f.source().age_ms.max(), 3600.0 * 1000 + 2000);
  EXPECT_GE(f.dropped, 10u);  // at least the poison record's batch
  EXPECT_TRUE(conservation_ok(f));
}

TEST(StreamSource, BisectIsolatesThePoisonRecord) {
  Scenario s = source_scenario(SourceConfig::Type::Kinesis, 0.1, 2 * sim::kHour);
  s.workloads[0].arrivals.shape.edit().bursts.push_back({0, 100, 10 * sim::kSecond});
  auto& src = s.workloads[0].source.edit();
  src.poison_every = 50;
  src.max_record_age = sim::kHour;
  src.bisect = true;
  src.max_retry_attempts = 2;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.dropped, 2u);
  EXPECT_EQ(f.succeeded, 98u);
  EXPECT_LT(f.source().age_ms.max(), 60.0 * 1000);
  EXPECT_TRUE(conservation_ok(f));
}

// The shorter of the stream's retention and the mapping's maximum record age
// decides: with the shortest retention Kinesis allows (24 h, AWS
// kinesis-extended-retention) and a 7-day record age, the blocked shard
// waits until its oldest record is 24 h old, not 7 days.
TEST(StreamSource, RetentionBelowTheMaximumRecordAgeDecides) {
  Scenario s = source_scenario(SourceConfig::Type::Kinesis, 0.1, 26 * sim::kHour);
  s.workloads[0].arrivals.shape.edit().bursts.push_back({0, 100, 10 * sim::kSecond});
  auto& src = s.workloads[0].source.edit();
  src.poison_every = 50;
  src.retention = 24 * sim::kHour;
  src.max_record_age = 7 * 24 * sim::kHour;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_GE(f.source().age_ms.max(), 24 * 3600.0 * 1000 * 0.99);  // histogram: within 1 %
  EXPECT_LE(f.source().age_ms.max(), 24 * 3600.0 * 1000 + 2000);
  EXPECT_GE(f.dropped, 10u);  // at least the poison record's batch
  EXPECT_TRUE(conservation_ok(f));
}

// Parallelisation: 4 shards × factor 2 = 8 lanes each running one batch at a
// time. A backlog of 8,000 records in batches of 10 taking 1 s needs
// 800 batch-seconds / 8 lanes ≈ 100 s (records are spread at random over the
// lanes, so the busiest lane sets the pace: allow 15 % over).
TEST(StreamSource, LanesBoundConcurrency) {
  Scenario s = source_scenario(SourceConfig::Type::Kinesis, 1.0, 10 * sim::kMinute);
  s.workloads[0].arrivals.shape.edit().bursts.push_back({0, 8000, 0});
  s.workloads[0].source.edit().shards = 4;
  s.workloads[0].source.edit().parallelization = 2;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.succeeded, 8000u);
  EXPECT_EQ(f.source().pollers.max(), 8.0);
  EXPECT_GE(f.source().age_ms.max(), 99.0 * 1000 * 0.99);
  EXPECT_LE(f.source().age_ms.max(), 115.0 * 1000);
}

// Batches are cut at the 6 MB payload limit: records of 1,024 KB fit 6 to a
// batch (6 × 1,024 = 6,144 KB), whatever the batch size.
TEST(StreamSource, BatchesAreCutAtThePayloadLimit) {
  Scenario s = source_scenario(SourceConfig::Type::Kinesis, 0.1, sim::kMinute);
  s.workloads[0].arrivals.shape.edit().bursts.push_back({0, 60, 0});
  s.workloads[0].source.edit().batch_size = 100;
  s.workloads[0].source.edit().window = sim::kSecond;
  s.workloads[0].source.edit().record_kb = 1024;
  s.platform.max_batch_payload_kb = 6144;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.succeeded, 60u);
  EXPECT_EQ(f.source().batches, 10u);
  EXPECT_DOUBLE_EQ(f.source().batch_size.max(), 6.0);
}

}  // namespace
}  // namespace ls::models
