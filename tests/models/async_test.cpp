// Asynchronous invocation against hand-derived answers: retry counts and
// delays, DLQ vs drop, expiry at the maximum event age, and the retry load
// of a function that fails at random.
#include <gtest/gtest.h>

#include <cmath>

#include "models/simulation.hpp"
#include "scenario_builders.hpp"

namespace ls::models {
namespace {

Scenario async_scenario(double error_rate, int max_retries, sim::Time horizon) {
  Scenario s = testing::one_function(0.0, Dist::fixed(1.0), horizon);
  s.functions[0].error_rate = error_rate;
  auto& w = s.workloads[0];
  w.invocation = Invocation::Async;
  w.arrivals.process = ArrivalConfig::Process::Constant;
  w.arrivals.rate = 0.1;  // one event every 10 s
  w.async.max_retries = max_retries;
  w.async.first_retry_delay = Dist::fixed(60.0);
  w.async.second_retry_delay = Dist::fixed(120.0);
  w.async.to_dlq = true;
  return s;
}

// A function that always fails, max_retries 2, no throttling: every event
// runs 3 times and reaches the DLQ 1 s + 60 s + 1 s + 120 s + 1 s = 183 s
// after it arrived (three 1-s attempts and the two retry delays). Ten events
// (a burst at 0, 10, …, 90 s) all finish well within the hour.
TEST(Async, AlwaysFailingEventRunsThreeTimesThenGoesToDlq) {
  Scenario s = async_scenario(1.0, 2, sim::kHour);
  s.workloads[0].arrivals.process = ArrivalConfig::Process::None;
  s.workloads[0].arrivals.shape.edit().bursts.push_back({0, 10, 100 * sim::kSecond});
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.async().events, 10u);
  EXPECT_EQ(f.async().attempts, 30u);
  EXPECT_EQ(f.async().retries, 20u);
  EXPECT_EQ(f.dlq, 10u);
  EXPECT_EQ(f.attempt_errors, 30u);
  EXPECT_DOUBLE_EQ(f.async().age_failure_ms.max(), 183000.0);
  EXPECT_DOUBLE_EQ(f.async().age_failure_ms.min(), 183000.0);
  EXPECT_EQ(f.succeeded, 0u);
  EXPECT_TRUE(conservation_ok(f));
}

// max_retries 0: one attempt, then straight to the DLQ after its 1 s run.
TEST(Async, NoRetriesMeansOneAttempt) {
  const RunResult r = simulate(async_scenario(1.0, 0, sim::kHour));
  const auto& f = r.functions[0];
  EXPECT_EQ(f.async().attempts, f.async().events);
  EXPECT_EQ(f.async().retries, 0u);
  EXPECT_EQ(f.dlq, f.async().events);  // the last (at 3590 s) ends at 3591 s
  EXPECT_DOUBLE_EQ(f.async().age_failure_ms.max(), 1000.0);
  EXPECT_TRUE(conservation_ok(f));
}

// Without a destination the same events are dropped (and counted).
TEST(Async, WithoutDestinationFailedEventsAreDropped) {
  Scenario s = async_scenario(1.0, 0, sim::kHour);
  s.workloads[0].async.to_dlq = false;
  const RunResult r = simulate(s);
  EXPECT_EQ(r.functions[0].dlq, 0u);
  EXPECT_EQ(r.functions[0].dropped, r.functions[0].async().events);
}

// Reserved concurrency 0 disables the function: events go straight to the
// DLQ, with no attempt and no retry, at age 0.
TEST(Async, ReservationZeroSendsEventsStraightToDlq) {
  Scenario s = async_scenario(0.0, 2, sim::kHour);
  s.functions[0].reserved_concurrency = 0;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.dlq, f.async().events);
  EXPECT_EQ(f.async().attempts, 0u);
  EXPECT_EQ(f.throttled, 0u);
  EXPECT_DOUBLE_EQ(f.async().age_failure_ms.max(), 0.0);
}

// Reservation 1 held by the first event for 900 s: every later event is
// throttled and retried with backoff 1, 2, 4, 8, 16 s (attempts at +0, 1, 3,
// 7, 15, 31 s); the next wait (32 s) would end at 63 s, past the 60 s maximum
// age, so the event expires exactly at 60 s after 6 throttled attempts.
// Events at 0, 10, …, 90 s: the first runs past the 10-minute horizon, the
// other nine expire.
TEST(Async, ThrottledEventsExpireAtMaximumAge) {
  Scenario s = async_scenario(0.0, 2, 10 * sim::kMinute);
  s.functions[0].duration = Dist::fixed(900.0);
  s.functions[0].reserved_concurrency = 1;
  s.workloads[0].arrivals.process = ArrivalConfig::Process::None;
  s.workloads[0].arrivals.shape.edit().bursts.push_back({0, 10, 100 * sim::kSecond});
  s.workloads[0].async.max_event_age = 60 * sim::kSecond;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.async().events, 10u);
  EXPECT_EQ(f.async().expired, 9u);
  EXPECT_EQ(f.dlq, 9u);
  EXPECT_EQ(f.in_flight_at_end, 1u);
  EXPECT_DOUBLE_EQ(f.async().age_failure_ms.min(), 60000.0);
  EXPECT_DOUBLE_EQ(f.async().age_failure_ms.max(), 60000.0);
  EXPECT_EQ(f.throttled, 54u);
  EXPECT_EQ(f.async().throttle_retries, 54u);
  EXPECT_EQ(f.throttled_by[static_cast<int>(ThrottleCause::ReservedLimit)], 54u);
  EXPECT_TRUE(conservation_ok(f));
}

// A function failing at random with p = 0.5 and two retries: an event makes
// 1 + p + p² = 1.75 attempts on average and ends in the DLQ with probability
// p³ = 0.125. Over ~36,000 events the standard errors are ≈ 0.004 (attempts
// per event, variance p + … ≤ 0.69) and ≈ 0.0017 (DLQ fraction); tolerances
// 0.02 and 0.008 (> 4σ).
TEST(Async, RandomFailuresMultiplyLoadAsTheGeometricSum) {
  Scenario s = async_scenario(0.5, 2, 100 * sim::kHour);
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  const double ended = static_cast<double>(f.async().succeeded + f.dlq);
  EXPECT_NEAR(static_cast<double>(f.async().attempts) / f.async().events, 1.75, 0.02);
  EXPECT_NEAR(static_cast<double>(f.dlq) / ended, 0.125, 0.008);
  EXPECT_TRUE(conservation_ok(f));
}

}  // namespace
}  // namespace ls::models
