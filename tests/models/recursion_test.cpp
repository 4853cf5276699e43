// Recursive loop detection (docs/recursion.md) against hand-derived counts.
//
// An event's chain counts its invocations; Lambda stops the event that would
// be invocation L + 1 (L = platform.recursion_limit, AWS "approximately 16").
// A self-loop that emits with probability p runs N = min(G, L) invocations
// per initial event, G geometric (P(G ≥ k) = p^{k−1}), so
//   E[N] = Σ_{k=1}^{L} p^{k−1} = (1 − p^L)/(1 − p),
//   E[N²] = Σ_{k=1}^{L} (2k − 1) p^{k−1},
// and an initial event's chain is stopped with probability p^L. A delivery
// delay per hop (an SQS queue, an SNS topic, S3) adds to the chain's time:
// its end-to-end time is the sum of its steps and its delays.
// Seeds are fixed, so every test is deterministic.
#include <gtest/gtest.h>

#include <cmath>

#include "models/simulation.hpp"
#include "scenario_builders.hpp"
#include "scenario_text.hpp"

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
  w.arrivals.shape.edit().bursts.push_back({0, count, static_cast<sim::Time>(every_s * count) * kS});
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
  EXPECT_EQ(f.recursion().emitted, 1600u);
  EXPECT_EQ(f.recursion().stopped, 100u);
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
  EXPECT_EQ(r.functions[0].recursion().stopped, 50u);
  EXPECT_EQ(r.functions[0].dlq, 50u);
  EXPECT_EQ(r.functions[1].recursion().stopped, 0u);
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
  const double stopped = static_cast<double>(f.recursion().stopped) / n;
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
  EXPECT_EQ(f.recursion().stopped, 0u);
  EXPECT_EQ(f.in_flight_at_end, 1u);
  EXPECT_TRUE(conservation_ok(f));
}

// --- Delivery delays (functions.<name>.emits[].channel / delay) ------------

// A chain A → B → C of one event: A runs 1 s, its event spends 0.25 s in an
// SQS queue, B runs 0.5 s, its event 2 s in S3's notifications, C runs
// 0.25 s (INIT 0, so no cold start adds time). C's event reaches C at
// 1 + 0.25 + 0.5 + 2 = 3.75 s and C completes at 4.0 s: the end-to-end time
// is the sum of the steps and the delays. Checked by running to just before
// and just after each instant.
TEST(Recursion, ChainEndToEndIsTheStepsPlusTheDeliveryDelays) {
  auto run = [](double horizon_s) {
    Scenario s = chains(1, 1.0, 1.0, sim::from_seconds(horizon_s));
    FunctionConfig b = s.functions[0];
    b.name = "b";
    b.duration = Dist::fixed(0.5);
    FunctionConfig c = s.functions[0];
    c.name = "c";
    c.duration = Dist::fixed(0.25);
    s.functions.push_back(b);
    s.functions.push_back(c);
    add_emit(s, 0, 1, 1.0);
    s.functions[0].emits.back().channel = EmitConfig::Channel::Sqs;
    s.functions[0].emits.back().delay = Dist::fixed(0.25);
    add_emit(s, 1, 2, 1.0);
    s.functions[1].emits.back().channel = EmitConfig::Channel::S3;
    s.functions[1].emits.back().delay = Dist::fixed(2.0);
    return simulate(s);
  };
  const RunResult before_arrival = run(3.749);
  EXPECT_EQ(before_arrival.functions[1].succeeded, 1u);
  EXPECT_EQ(before_arrival.functions[1].recursion().emitted, 1u);  // at 1.75 s, still in transit
  EXPECT_EQ(before_arrival.functions[2].arrivals, 0u);
  const RunResult after_arrival = run(3.751);
  EXPECT_EQ(after_arrival.functions[2].arrivals, 1u);
  EXPECT_EQ(after_arrival.functions[2].succeeded, 0u);
  const RunResult before_end = run(3.999);
  EXPECT_EQ(before_end.functions[2].succeeded, 0u);
  const RunResult after_end = run(4.001);
  EXPECT_EQ(after_end.functions[2].succeeded, 1u);
  for (const FunctionStats& f : after_end.functions) EXPECT_TRUE(conservation_ok(f));
}

// The loader: a channel alone gives its default delay (docs/recursion.md),
// `lambda` (the default) none, and `delay` overrides the channel's.
TEST(Recursion, LoaderGivesEachChannelItsDelay) {
  auto emit_of = [](const std::string& entry) {
    const Scenario s = testing::load_text(
        "functions:\n  a:\n    init: 100ms\n    duration: 10ms\n    emits:\n      - " + entry +
            "\n  b:\n    init: 100ms\n    duration: 10ms\nworkloads:\n  - {function: a, "
            "invocation: async, "
            "arrivals: {process: poisson, rate: 1/s}}\n",
        "emits.yaml");
    return s.functions[0].emits.at(0);
  };
  EXPECT_FALSE(emit_of("{to: b}").delay.has_value());
  const EmitConfig sqs = emit_of("{to: b, channel: sqs}");
  EXPECT_EQ(sqs.channel, EmitConfig::Channel::Sqs);
  ASSERT_TRUE(sqs.delay.has_value());
  // The lognormal's median is the measured 16.2 ms: half the draws below.
  sim::Rng rng(7);
  int below = 0;
  for (int i = 0; i < 10'000; ++i) below += sqs.delay->sample(rng) < sim::from_seconds(0.0162);
  EXPECT_NEAR(below / 10'000.0, 0.5, 0.02);  // standard error 0.005: 4 of them
  const EmitConfig s3 = emit_of("{to: b, channel: s3, delay: 3s}");
  EXPECT_EQ(s3.channel, EmitConfig::Channel::S3);
  EXPECT_EQ(s3.delay->sample(rng), 3 * kS);
}

// A self-loop through an SQS queue (the channel's default delay, a
// lognormal draw per hop) still runs exactly 16 invocations per initial
// event: the delay moves the chain in time, not its count.
TEST(Recursion, DeliveryDelayLeavesTheLoopCountUnchanged) {
  Scenario s = chains(100, 10.0, 0.01, 1100 * kS);
  add_emit(s, 0, 0, 1.0);
  s.functions[0].emits.back().channel = EmitConfig::Channel::Sqs;
  s.functions[0].emits.back().delay = Dist::lognormal_median_p99(0.0162, 0.105);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.invocations, 1600u);
  EXPECT_EQ(f.recursion().stopped, 100u);
  EXPECT_EQ(f.arrivals, 1700u);
  EXPECT_TRUE(conservation_ok(f));
}

// An allowed self-loop of 1 s invocations through a 0.5 s delivery delay:
// invocation k starts at 1.5 (k − 1) s, so a 100 s run starts
// floor(100 / 1.5) + 1 = 67 of them (against 101 without the delay, above).
TEST(Recursion, DeliveryDelayLengthensTheLoopPeriod) {
  Scenario s = chains(1, 1.0, 1.0, 100 * kS);
  add_emit(s, 0, 0, 1.0);
  s.functions[0].recursion_allowed = true;
  s.functions[0].emits.back().delay = Dist::fixed(0.5);
  const RunResult r = simulate(s);
  EXPECT_EQ(r.functions[0].invocations, 67u);
}

}  // namespace
}  // namespace ls::models
