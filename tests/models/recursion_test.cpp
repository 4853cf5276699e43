// Recursive loop detection (docs/recursion.md) against hand-derived counts.
//
// An event's chain counts its invocations; Lambda stops the event that would
// be invocation L + 1 (L = platform.recursion_limit, AWS "approximately 16").
// A self-loop that emits with probability p runs N = min(G, L) invocations
// per initial event, G geometric (P(G ≥ k) = p^{k−1}), so
//   E[N] = Σ_{k=1}^{L} p^{k−1} = (1 − p^L)/(1 − p),
//   E[N²] = Σ_{k=1}^{L} (2k − 1) p^{k−1},
// and an initial event's chain is stopped with probability p^L.
// Seeds are fixed, so every test is deterministic.
#include <gtest/gtest.h>

#include <cmath>

#include "models/simulation.hpp"
#include "scenario_builders.hpp"

namespace ls::models {
namespace {

using testing::one_function;

constexpr sim::Time kS = sim::kSecond;

// `count` initial asynchronous events to function 0, `every_s` apart;
// invocations take `step_s`; nothing expires, INIT is 0.
Scenario chains(int count, double every_s, double step_s, sim::Time horizon) {
  Scenario s = one_function(0.0, Dist::fixed(step_s), horizon);
  WorkloadConfig& w = s.workloads[0];
  w.invocation = Invocation::Async;
  w.arrivals.process = ArrivalConfig::Process::None;
  w.arrivals.bursts.push_back({0, count, static_cast<sim::Time>(every_s * count) * kS});
  return s;
}

// Function `from` emits to `to` with `probability`; the events arrive by a
// new asynchronous workload of `to`, as the loader makes them.
void add_emit(Scenario& s, std::size_t from, std::size_t to, double probability) {
  EmitConfig e;
  e.target = to;
  e.probability = probability;
  e.workload = static_cast<std::uint32_t>(s.workloads.size());
  WorkloadConfig w;
  w.function = to;
  w.invocation = Invocation::Async;
  w.arrivals.process = ArrivalConfig::Process::None;
  w.emitted = true;
  s.workloads.push_back(w);
  s.functions[from].emits.push_back(e);
}

// A self-loop with probability 1: each initial event runs exactly 16
// invocations, and its 16th invocation's event is stopped (dropped: no
// destination). 100 chains, 10 s apart, each 16 × 10 ms long.
TEST(Recursion, SelfLoopStopsAtTheSixteenthInvocation) {
  Scenario s = chains(100, 10.0, 0.01, 1100 * kS);
  add_emit(s, 0, 0, 1.0);
  ASSERT_EQ(s.platform.recursion_limit, 16);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.invocations, 1600u);
  EXPECT_EQ(f.emitted_events, 1600u);
  EXPECT_EQ(f.recursion_stopped, 100u);
  EXPECT_EQ(f.dropped, 100u);
  EXPECT_EQ(f.arrivals, 1700u);  // 100 initial + 1,600 emitted (the stopped ones too)
  EXPECT_EQ(f.succeeded, 1600u);
  EXPECT_TRUE(conservation_ok(f));
}

// A loop through two functions, A → B → A: the chain alternates, so A runs
// invocations 1, 3, ..., 15, B runs 2, ..., 16, and the 17th (A's) is
// stopped, sent to A's DLQ here.
TEST(Recursion, TwoFunctionLoopStopsAtTheSameDepth) {
  Scenario s = chains(50, 10.0, 0.01, 600 * kS);
  FunctionConfig b = s.functions[0];
  b.name = "b";
  s.functions.push_back(b);
  add_emit(s, 0, 1, 1.0);
  add_emit(s, 1, 0, 1.0);
  s.functions[1].emits.back().to_dlq = true;
  s.workloads.back().async.to_dlq = true;
  const RunResult r = simulate(s);
  EXPECT_EQ(r.functions[0].invocations, 8u * 50);
  EXPECT_EQ(r.functions[1].invocations, 8u * 50);
  EXPECT_EQ(r.functions[0].recursion_stopped, 50u);
  EXPECT_EQ(r.functions[0].dlq, 50u);
  EXPECT_EQ(r.functions[1].recursion_stopped, 0u);
  EXPECT_TRUE(conservation_ok(r.functions[0]));
  EXPECT_TRUE(conservation_ok(r.functions[1]));
}

// Probability 0.9: E[N] = (1 − 0.9^16)/0.1 = 8.1470 invocations per initial
// event, stopped with probability 0.9^16 = 0.18530. 20,000 chains; the
// tolerances are 4 standard errors from the closed-form variances.
TEST(Recursion, LoopWithProbabilityMatchesTruncatedGeometric) {
  constexpr double p = 0.9;
  constexpr int n = 20'000;
  Scenario s = chains(n, 1.0, 0.001, (n + 10) * kS);
  add_emit(s, 0, 0, p);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  double mean = 0, second = 0;
  for (int k = 1; k <= 16; ++k) {
    mean += std::pow(p, k - 1);
    second += (2 * k - 1) * std::pow(p, k - 1);
  }
  EXPECT_NEAR(mean, (1 - std::pow(p, 16)) / (1 - p), 1e-12);
  const double per_event = static_cast<double>(f.invocations) / n;
  EXPECT_NEAR(per_event, mean, 4 * std::sqrt((second - mean * mean) / n));
  const double stop = std::pow(p, 16);
  const double stopped = static_cast<double>(f.recursion_stopped) / n;
  EXPECT_NEAR(stopped, stop, 4 * std::sqrt(stop * (1 - stop) / n));
  EXPECT_TRUE(conservation_ok(f));
}

// `recursive_loop: allow`: the self-loop is never stopped and runs until the
// horizon, one 1 s invocation after the other: invocations start at 0, 1,
// ..., 100 s of a 100.5 s run (the 101st still running at the horizon).
TEST(Recursion, AllowedLoopRunsUntilTheHorizon) {
  Scenario s = chains(1, 1.0, 1.0, 100'500 * sim::kMillisecond);
  add_emit(s, 0, 0, 1.0);
  s.functions[0].recursion_allowed = true;
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.invocations, 101u);
  EXPECT_EQ(f.recursion_stopped, 0u);
  EXPECT_EQ(f.in_flight_at_end, 1u);
  EXPECT_TRUE(conservation_ok(f));
}

}  // namespace
}  // namespace ls::models
