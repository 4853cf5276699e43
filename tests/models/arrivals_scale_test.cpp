// ArrivalConfig::rate_scale (`workloads[].arrivals.scale`, `--load 1.5x`):
// every process carries scale times the arrivals, a trace is replayed with
// copies or thinned, bursts are scaled, and scale 1 draws exactly the
// random numbers it drew before the key existed.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "models/arrivals.hpp"
#include "models/config/scenario_loader.hpp"

namespace ls::models {
namespace {

std::size_t count_until(const ArrivalConfig& c, sim::Time horizon, std::uint64_t seed = 1) {
  ArrivalGenerator g = ArrivalGenerator::process(c);
  sim::Rng rng = sim::Rng::stream(seed, 0, "arrivals/test");
  std::size_t n = 0;
  while (g.next(rng) < horizon) ++n;
  return n;
}

// Poisson 10/s × 1.5 over 10^4 s: N ~ Poisson(150,000), σ = 387; tolerance
// 1,600 (> 4σ). The same for steps and diurnal (whole periods).
TEST(ArrivalScale, ScalesPoissonStepsAndDiurnalRates) {
  const sim::Time horizon = 10'000 * sim::kSecond;
  ArrivalConfig poisson;
  poisson.rate = 10.0;
  poisson.rate_scale = 1.5;
  EXPECT_NEAR(static_cast<double>(count_until(poisson, horizon)), 150'000.0, 1'600.0);
  ArrivalConfig steps;
  steps.process = ArrivalConfig::Process::Steps;
  steps.shape.edit().steps = {{0, 4.0}, {5'000 * sim::kSecond, 16.0}};  // mean 10/s
  steps.rate_scale = 1.5;
  EXPECT_NEAR(static_cast<double>(count_until(steps, horizon)), 150'000.0, 1'600.0);
  ArrivalConfig diurnal;
  diurnal.process = ArrivalConfig::Process::Diurnal;
  diurnal.shape.edit().mean = 10.0;
  diurnal.shape.edit().amplitude = 0.5;
  diurnal.shape.edit().period = 1'000 * sim::kSecond;
  diurnal.rate_scale = 1.5;
  EXPECT_NEAR(static_cast<double>(count_until(diurnal, horizon)), 150'000.0, 1'600.0);
  EXPECT_NEAR(ArrivalGenerator::process(diurnal).expected_count(horizon), 150'000.0, 1e-6);
}

// Constant 4/s × 2.5 is exactly one arrival every 0.1 s.
TEST(ArrivalScale, ConstantRateStaysEvenlySpaced) {
  ArrivalConfig c;
  c.process = ArrivalConfig::Process::Constant;
  c.rate = 4.0;
  c.rate_scale = 2.5;
  EXPECT_EQ(count_until(c, 100 * sim::kSecond + 1), 1000u);
}

// A trace of 10,000 timestamps at scale 2 is replayed twice, exactly; at 0.5
// each is kept with probability 1/2: binomial, σ = 50, tolerance 200; at 1.5
// 10,000 + binomial(10,000, 1/2).
TEST(ArrivalScale, TraceIsRepeatedOrThinned) {
  auto times = std::make_shared<std::vector<sim::Time>>();
  for (int i = 0; i < 10'000; ++i) times->push_back(i * sim::kSecond);
  ArrivalConfig c;
  c.process = ArrivalConfig::Process::Trace;
  c.shape.edit().trace = times;
  c.rate_scale = 2.0;
  EXPECT_EQ(count_until(c, sim::kNever), 20'000u);
  c.rate_scale = 0.5;
  EXPECT_NEAR(static_cast<double>(count_until(c, sim::kNever)), 5'000.0, 200.0);
  c.rate_scale = 1.5;
  EXPECT_NEAR(static_cast<double>(count_until(c, sim::kNever)), 15'000.0, 200.0);
  // Copies keep the recorded instants, in order.
  ArrivalGenerator g = ArrivalGenerator::process(c);
  sim::Rng rng(3);
  sim::Time last = 0;
  for (sim::Time t = g.next(rng); t != sim::kNever; t = g.next(rng)) {
    EXPECT_GE(t, last);
    EXPECT_EQ(t % sim::kSecond, 0);
    last = t;
  }
}

TEST(ArrivalScale, PerMinuteCountsAreScaled) {
  auto counts = std::make_shared<std::vector<std::uint32_t>>(100, 60);  // 6,000 in 100 min
  ArrivalConfig c;
  c.process = ArrivalConfig::Process::TraceCounts;
  c.per_minute_counts = counts;
  c.rate_scale = 1.25;  // 75 per minute exactly
  EXPECT_EQ(count_until(c, sim::kNever), 7'500u);
}

TEST(ArrivalScale, ScaleOneDrawsTheSameStream) {
  ArrivalConfig a;
  a.rate = 7.0;
  ArrivalConfig b = a;
  b.rate_scale = 1.0;
  ArrivalGenerator ga = ArrivalGenerator::process(a), gb = ArrivalGenerator::process(b);
  sim::Rng ra(5), rb(5);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(ga.next(ra), gb.next(rb));
}

TEST(ArrivalScale, LoaderReadsScaleAndScalesBursts) {
  const std::string yaml =
      "scenario: s\nhorizon: 1h\nfunctions:\n  f: {init: 0s, duration: 1ms}\n"
      "workloads:\n  - function: f\n    arrivals: {process: burst, at: 10s, count: 1000, "
      "scale: 1.5}\n";
  const Scenario s = load_scenario_text(yaml, "s.yaml", ".", {});
  ASSERT_EQ(s.workloads.size(), 1u);
  EXPECT_EQ(s.workloads[0].arrivals.rate_scale, 1.5);
  const auto sources = make_arrival_sources(s);
  ASSERT_EQ(sources.size(), 2u);  // the (empty) process and the burst
  EXPECT_EQ(sources[1].generator.expected_count(s.horizon), 1500.0);
  const std::string bad = yaml.substr(0, yaml.find("1.5")) + "-1}\n";
  EXPECT_THROW(load_scenario_text(bad, "s.yaml", ".", {}), Error);
}

}  // namespace
}  // namespace ls::models
