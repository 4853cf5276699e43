// INIT longer than platform.init_timeout (10 s), as AWS documents it in
// lambda-runtime-environment.html: "If all three tasks do not complete
// within 10 seconds, Lambda retries the Init phase at the time of the first
// function invocation with the configured function timeout", and "the
// duration in the REPORT line includes an additional INIT duration + the
// INVOKE duration" (a suppressed init). "The 10-second timeout doesn't apply
// to functions that are using provisioned concurrency".
//
// So an on-demand cold start with an INIT of i >= 10 s and a handler of d
// takes: 10 s (the stopped INIT) + i (the re-run, inside the invocation) + d,
// with the invocation (i + d) capped at the function's timeout; the REPORT
// duration i + d is billed as the invocation, and the stopped 10 s as an
// INIT phase (see environments.cpp on why). Numbers below are by hand.
#include <gtest/gtest.h>

#include "models/billing.hpp"
#include "models/config/price_table_file.hpp"
#include "models/simulation.hpp"
#include "scenario_builders.hpp"

namespace ls::models {
namespace {

using testing::one_function;

// Billed durations are kept in microseconds.
constexpr std::uint64_t us(double ms) { return static_cast<std::uint64_t>(ms * 1000); }

PriceTable bundled_prices() {
  return load_price_table("aws-us-east-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios");
}

// One function (1,024 MB, INIT 12 s, handler 500 ms), requests at the given
// times only, a horizon of 100 s, the 10 s INIT limit of the aws-2025 preset.
Scenario twelve_second_init(std::initializer_list<sim::Time> arrivals) {
  Scenario s = one_function(0.0, Dist::fixed(0.5), 100 * sim::kSecond);
  s.platform.init_timeout = 10 * sim::kSecond;
  s.functions[0].init = Dist::fixed(12.0);
  s.workloads[0].arrivals.process = ArrivalConfig::Process::None;
  for (sim::Time at : arrivals) s.workloads[0].arrivals.shape.edit().bursts.push_back({at, 1, 0});
  return s;
}

// On demand, timeout 900 s: latency 10 + 12 + 0.5 = 22.5 s, and the request
// succeeds (today's code failed it at 10 s and discarded the environment).
// Billed: INIT 10,000 ms; invocation 12,000 + 500 = 12,500 ms.
TEST(SuppressedInit, OnDemandInitOverTheLimitIsRerunInsideTheInvocation) {
  const Scenario s = twelve_second_init({0});
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.succeeded, 1u);
  EXPECT_EQ(f.failed, 0u);
  EXPECT_EQ(f.cold_starts, 1u);
  EXPECT_EQ(f.suppressed_inits, 1u);
  // The environment was busy from 0 to 22.5 s: the concurrency's time
  // average over the 100 s horizon is exact.
  EXPECT_DOUBLE_EQ(f.busy.mean(s.horizon), 22.5 / 100);
  // The latency histogram keeps about 1 % resolution.
  EXPECT_NEAR(f.latency_ms.max(), 22'500.0, 225.0);
  EXPECT_EQ(r.usage[0].init_billed_us, us(10'000));
  EXPECT_EQ(r.usage[0].ondemand_billed_us, us(12'500));
  // In dollars (us-east-1 2025, x86 $0.0000166667 per GB-s, 1 GB): duration
  // 12.5 GB-s = $0.00020833375, INIT 10 GB-s = $0.000166667, one request
  // $0.0000002.
  const CostBreakdown c = compute_bill(s, r.usage, bundled_prices(), s.horizon).functions[0];
  EXPECT_NEAR(c.duration, 0.00020833375, 1e-12);
  EXPECT_NEAR(c.init, 0.000166667, 1e-12);
  EXPECT_NEAR(c.requests, 0.0000002, 1e-12);
  // The environment is kept: a request at 30 s is warm (500 ms, no INIT).
  const RunResult again = simulate(twelve_second_init({0, 30 * sim::kSecond}));
  EXPECT_EQ(again.functions[0].cold_starts, 1u);
  EXPECT_EQ(again.functions[0].succeeded, 2u);
  EXPECT_EQ(again.usage[0].ondemand_billed_us, us(13'000));
}

// An INIT just under the limit is an ordinary cold start: 9.999 + 0.5 s.
TEST(SuppressedInit, InitUnderTheLimitIsAnOrdinaryColdStart) {
  Scenario s = twelve_second_init({0});
  s.functions[0].init = Dist::fixed(9.999);
  const RunResult r = simulate(s);
  EXPECT_EQ(r.functions[0].suppressed_inits, 0u);
  EXPECT_DOUBLE_EQ(r.functions[0].busy.mean(s.horizon), 10.499 / 100);
  EXPECT_EQ(r.usage[0].init_billed_us, us(9'999));
  EXPECT_EQ(r.usage[0].ondemand_billed_us, us(500));
}

// The re-run INIT counts against the function's timeout: with a timeout of
// 11 s the re-run (12 s) never finishes, the invocation times out at 11 s
// (billed 11,000 ms) and the caller waits 10 + 11 = 21 s. The timeout resets
// the environment, so the next request (at 30 s) starts cold and loops the
// same way (the "doom loop" of a slow INIT under a short timeout).
TEST(SuppressedInit, RerunInitPlusHandlerOverTheTimeoutTimesOut) {
  Scenario s = twelve_second_init({0, 30 * sim::kSecond});
  s.functions[0].timeout = 11 * sim::kSecond;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.timed_out, 2u);
  EXPECT_EQ(f.succeeded, 0u);
  EXPECT_EQ(f.cold_starts, 2u);
  EXPECT_EQ(f.suppressed_inits, 2u);
  EXPECT_DOUBLE_EQ(f.busy.mean(s.horizon), 2 * 21.0 / 100);
  EXPECT_EQ(r.usage[0].init_billed_us, us(2 * 10'000));
  EXPECT_EQ(r.usage[0].ondemand_billed_us, us(2 * 11'000));
}

// Provisioned concurrency: the environment was initialised when it was
// allocated (the 10 s limit does not apply), so the request runs warm:
// 500 ms, no cold start, no suppressed init, no on-demand INIT billed.
TEST(SuppressedInit, ProvisionedConcurrencyIsNotSubjectToTheLimit) {
  Scenario s = twelve_second_init({0});
  s.functions[0].provisioned.edit().schedule = {{0, 1}};
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.succeeded, 1u);
  EXPECT_EQ(f.pc_invocations, 1u);
  EXPECT_EQ(f.cold_starts, 0u);
  EXPECT_EQ(f.suppressed_inits, 0u);
  EXPECT_DOUBLE_EQ(f.busy.mean(s.horizon), 0.5 / 100);
  EXPECT_EQ(r.usage[0].init_billed_us, 0u);
  EXPECT_EQ(r.usage[0].pc_billed_us, us(500));
}

}  // namespace
}  // namespace ls::models
