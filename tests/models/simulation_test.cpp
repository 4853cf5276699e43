// Analytic validation of the synchronous model: each expectation is an
// independent closed form, derived in the comment above the test. The
// tolerances are multiples of the estimator's standard error; with fixed
// seeds the tests are deterministic, and the multiples (≥ 4σ) keep the chance
// that a correct model fails under 1e-4 for any seed.
#include "models/simulation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "scenario_builders.hpp"

namespace ls::models {
namespace {

using testing::erlang_b;
using testing::one_function;

void print(const char* what, double expected, double actual) {
  std::printf("  %s: expected %.6g, simulated %.6g\n", what, expected, actual);
}

// Fixed keep-alive T, Poisson arrivals at λ, service s ≪ T: the single warm
// environment survives a gap only if the next arrival comes within T of the
// previous completion, so P(cold) = P(gap > T + s) = e^{−λ(T+s)}.
// λ = 0.1/s, T = 10 s, s = 1 ms → e^{−1.0001} = 0.36784. With ~10^5 arrivals
// the standard error is √(p(1−p)/n) ≈ 0.0015; tolerance 0.006 (4σ).
TEST(Simulation, ColdStartProbabilityMatchesExponentialGap) {
  Scenario s = one_function(0.1, Dist::fixed(0.001), 1'000'000 * sim::kSecond);
  s.platform.keep_alive.never = false;
  s.platform.keep_alive.dist = Dist::fixed(10.0);
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  const double expected = std::exp(-0.1 * 10.001);
  const double actual = static_cast<double>(f.cold_starts) / static_cast<double>(f.invocations);
  print("P(cold)", expected, actual);
  EXPECT_NEAR(actual, expected, 0.006);
  EXPECT_TRUE(conservation_ok(f));
}

// A function capped at c environments (reservation c, INIT 0, no expiry) is
// an M/M/c/c loss system: the throttled fraction is Erlang B(c, a), a = λ/μ.
// c = 10, a = 8: B = 0.12166. ~8·10^5 arrivals; losses come in clusters, so
// the spread is wider than binomial: over seeds 1–8 the estimate's standard
// deviation was 0.0010; tolerance 0.004 (4σ).
TEST(Simulation, ReservedCapThrottlesAsErlangB) {
  Scenario s = one_function(8.0, Dist::exponential(1.0), 100'000 * sim::kSecond);
  s.functions[0].reserved_concurrency = 10;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  const double expected = erlang_b(10, 8.0);
  const double actual = static_cast<double>(f.throttled) / static_cast<double>(f.arrivals);
  print("Erlang B(10, 8)", expected, actual);
  EXPECT_NEAR(actual, expected, 0.004);
  EXPECT_EQ(f.throttled, f.throttled_by[static_cast<int>(ThrottleCause::ReservedLimit)]);
}

// The same for a large pool, c = 1000 with a = 950 (B = 0.003649): the
// account limit instead of a reservation, so the unreserved pool is what
// binds. ~1.8·10^6 arrivals; over seeds 1–8 the estimate's standard deviation
// was 0.00026; tolerance 0.0011 (4σ).
TEST(Simulation, AccountLimitThrottlesAsErlangBForLargePools) {
  Scenario s = one_function(950.0, Dist::exponential(1.0), 2'000 * sim::kSecond);
  s.platform.account_concurrency = 1000;
  s.warmup = 100 * sim::kSecond;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  const double expected = erlang_b(1000, 950.0);
  const double actual = static_cast<double>(f.throttled) / static_cast<double>(f.arrivals);
  print("Erlang B(1000, 950)", expected, actual);
  EXPECT_NEAR(actual, expected, 0.0011);
  EXPECT_EQ(f.throttled, f.throttled_by[static_cast<int>(ThrottleCause::AccountLimit)]);
}

// Little's law: with no throttling, mean concurrency = λ·E[S] = 50 × 0.1 = 5.
// Over 20,000 s the time-average's standard error is ≈ √(2·5·0.1/20000)·… ≈
// 0.01; tolerance 0.05.
TEST(Simulation, MeanConcurrencyFollowsLittlesLaw) {
  Scenario s = one_function(50.0, Dist::gamma_mean_cv(0.1, 0.5), 20'000 * sim::kSecond);
  const RunResult r = simulate(s);
  const double actual = r.functions[0].busy.mean(s.horizon);
  print("mean concurrency", 5.0, actual);
  EXPECT_NEAR(actual, 5.0, 0.05);
}

// A request that runs past the timeout ends at the timeout, is counted as
// timed out, and its environment is reset (the next request is cold).
TEST(Simulation, TimeoutEndsRequestAtTimeoutAndResetsEnvironment) {
  Scenario s = one_function(0.0, Dist::fixed(5.0), 100 * sim::kSecond);
  s.functions[0].timeout = 3 * sim::kSecond;
  s.workloads[0].arrivals.process = ArrivalConfig::Process::Constant;
  s.workloads[0].arrivals.rate = 0.1;  // one every 10 s: 9 arrivals before 100 s
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.arrivals, 9u);
  EXPECT_EQ(f.timed_out, 9u);
  EXPECT_EQ(f.cold_starts, 9u);
  EXPECT_NEAR(f.latency_ms.max(), 3000.0, 1e-6);
  EXPECT_EQ(r.usage[0].ondemand_billed_us, 9u * 3'000'000u);
}

// Function errors at rate p: the failed fraction is binomial(n, p).
// p = 0.2, n ≈ 10^5: σ ≈ 0.0013; tolerance 0.006.
TEST(Simulation, ErrorRateFailsThatFractionOfInvocations) {
  Scenario s = one_function(10.0, Dist::fixed(0.01), 10'000 * sim::kSecond);
  s.functions[0].error_rate = 0.2;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_NEAR(static_cast<double>(f.failed) / f.invocations, 0.2, 0.006);
  EXPECT_EQ(f.failed + f.succeeded + f.in_flight_at_end, f.arrivals);
}

// Maximum lifetime L with constant traffic on one environment: it is retired
// after the first completion past L, so about horizon / L environments are
// created (every one of them a cold start).
TEST(Simulation, MaximumLifetimeRetiresEnvironments) {
  Scenario s = one_function(0.0, Dist::fixed(0.01), 10 * sim::kHour);
  s.workloads[0].arrivals.process = ArrivalConfig::Process::Constant;
  s.workloads[0].arrivals.rate = 1.0;
  s.platform.max_environment_lifetime = {false, Dist::fixed(7200.0)};
  const RunResult r = simulate(s);
  EXPECT_EQ(r.functions[0].cold_starts, 5u);
}

// Same scenario and seed → identical results; another seed → different ones.
TEST(Simulation, SameSeedGivesIdenticalRuns) {
  Scenario s = one_function(30.0, Dist::lognormal_median_p99(0.1, 0.6), 3600 * sim::kSecond);
  s.platform.keep_alive.never = false;
  s.platform.keep_alive.dist = Dist::uniform(300, 420);
  s.functions[0].init = Dist::lognormal_median_p99(0.25, 0.9);
  const RunResult a = simulate(s), b = simulate(s);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.functions[0].cold_starts, b.functions[0].cold_starts);
  EXPECT_EQ(a.functions[0].latency_ms.quantile(0.99), b.functions[0].latency_ms.quantile(0.99));
  EXPECT_EQ(a.usage[0].ondemand_billed_us, b.usage[0].ondemand_billed_us);
  s.seed = 999;
  const RunResult c = simulate(s);
  EXPECT_NE(a.usage[0].ondemand_billed_us, c.usage[0].ondemand_billed_us);
}

// Warm-up: requests arriving before it are not counted, but conservation
// holds for the counted ones, and memory (environments) stays bounded.
TEST(Simulation, WarmupExcludesEarlyArrivalsAndConservationHolds) {
  Scenario s = one_function(100.0, Dist::exponential(0.05), 600 * sim::kSecond);
  s.warmup = 300 * sim::kSecond;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  // ~30,000 counted arrivals of ~60,000: within 5σ (σ = √30000 ≈ 173).
  EXPECT_NEAR(static_cast<double>(f.arrivals), 30000.0, 900.0);
  EXPECT_TRUE(conservation_ok(f));
}

}  // namespace
}  // namespace ls::models
