// Multi-concurrency compute (docs/compute.md) against independent answers:
// the AWS pricing page's Managed Instances example, queueing theory for
// processor sharing inside one environment, and packing worked by hand.
#include "models/compute.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "models/billing.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"
#include "models/ps_env.hpp"
#include "models/simulation.hpp"
#include "scenario_text.hpp"

namespace ls::models {
namespace {

Scenario load_compute(const std::string& yaml, std::vector<std::string> sets = {}) {
  return testing::load_text(yaml, "compute.yaml", std::move(sets));
}

// --- packing, by hand -------------------------------------------------------

TEST(Packing, EnvironmentsPerInstance) {
  const InstanceType m7g_xlarge{"m7g.xlarge", 4, 16384, 0.1632, 0.0457};
  const InstanceType c7g_xlarge{"c7g.xlarge", 4, 8192, 0.145, std::nullopt};
  // 4 vCPU / 1 vCPU = 4; (16384 - 1024) / 2048 = 7.5 -> 7: the vCPUs bind.
  EXPECT_EQ(environments_per_instance(m7g_xlarge, 1, 2048, 0.0, 1024), 4);
  // 2 vCPU / 8 GB: 4 / 2 = 2; 15360 / 8192 = 1.875 -> 1: memory binds.
  EXPECT_EQ(environments_per_instance(m7g_xlarge, 2, 8192, 0.0, 1024), 1);
  // c7g.xlarge: (8192 - 1024) / 2048 = 3.5 -> 3 although 4 vCPUs would fit.
  EXPECT_EQ(environments_per_instance(c7g_xlarge, 1, 2048, 0.0, 1024), 3);
  // An OS share of half a vCPU leaves 3.5 -> 3 on the m7g.xlarge.
  EXPECT_EQ(environments_per_instance(m7g_xlarge, 1, 2048, 0.5, 1024), 3);
  // Too big for the instance.
  EXPECT_EQ(environments_per_instance(c7g_xlarge, 4, 16384, 0.0, 0), 0);
}

TEST(Packing, InstancesOverAvailabilityZones) {
  // 10 environments over 3 zones: 4, 3, 3 -> one instance of 4 in each zone.
  EXPECT_EQ(instances_for(10, 4, 3), 3);
  // 13: 5, 4, 4 -> 2 + 1 + 1.
  EXPECT_EQ(instances_for(13, 4, 3), 4);
  // 3 environments (the minimum) still take 3 instances, one per zone.
  EXPECT_EQ(instances_for(3, 4, 3), 3);
  EXPECT_EQ(instances_for(1, 4, 3), 1);
  EXPECT_EQ(instances_for(0, 4, 3), 0);
  // One zone packs tightly: ceil(13 / 4) = 4.
  EXPECT_EQ(instances_for(13, 4, 1), 4);
}

// --- the pricing page's example ------------------------------------------------

constexpr const char* kPricingExample = R"(
horizon: 500h
functions:
  api:
    compute: managed-instances
    init: 0s
    duration: 50ms
    managed_instances: {instance_type: m7g.xlarge, price: savings-plan, mode: manual, instances: 4}
workloads:
  - {function: api, arrivals: {process: constant, rate: 0.05/s}}
)";

// 100 M requests on m7g.xlarge, ~2,000 instance-hours, 3-year savings plan:
// $0.20 x 100 + 2,000 h x $0.0457 + 2,000 h x 15 % x $0.1632
// = $20 + $91.40 + $48.96 = $160.36 (Lambda pricing page).
TEST(ManagedInstancesBill, PricingPageExample) {
  const Scenario s = load_compute(kPricingExample);
  FunctionUsage u;
  u.requests = 100'000'000;
  u.instance_us = 2000ULL * 3600ULL * 1'000'000ULL;
  const Bill bill = compute_bill(s, {u}, *s.prices, s.horizon);
  const CostBreakdown& c = bill.functions[0];
  EXPECT_NEAR(c.requests, 20.00, 1e-9);
  EXPECT_NEAR(c.instances, 91.40, 1e-9);
  EXPECT_NEAR(c.management_fee, 48.96, 1e-9);
  EXPECT_NEAR(c.duration + c.init + c.provisioned_allocated + c.provisioned_duration, 0.0, 0.0);
  EXPECT_NEAR(c.total, 160.36, 1e-9);
  EXPECT_NEAR(c.quantity.instance_hours, 2000.0, 1e-9);
}

// The instance-hours come from the simulator: manual mode fixes 4 instances
// for 500 h = 2,000 instance-hours exactly, whatever the traffic.
TEST(ManagedInstancesBill, ManualModeFixesInstanceHours) {
  const Scenario s = load_compute(kPricingExample);
  const RunResult r = simulate(s);
  EXPECT_EQ(r.usage[0].instance_us, 2000ULL * 3600ULL * 1'000'000ULL);
  const Bill bill = compute_bill(s, r.usage, *s.prices, s.horizon);
  const CostBreakdown& c = bill.functions[0];
  EXPECT_NEAR(c.instances, 91.40, 1e-9);
  EXPECT_NEAR(c.management_fee, 48.96, 1e-9);
  // Constant 0.05/s for 1.8e6 s: 90,000 requests (the last one at 1.8e6 s
  // falls on the horizon and is not simulated).
  EXPECT_EQ(r.usage[0].requests, 89'999u);
  EXPECT_NEAR(c.requests, 89'999 * 0.20 / 1e6, 1e-12);
  // With the pricing page's 100 M requests instead, the example's total.
  EXPECT_NEAR(c.instances + c.management_fee + 100.0 * 0.20, 160.36, 1e-9);
  EXPECT_DOUBLE_EQ(r.functions[0].managed().instances.mean(s.horizon), 4.0);
  EXPECT_TRUE(conservation_ok(r.functions[0]));
}

TEST(ManagedInstancesBill, OnDemandPriceAndNoDurationCharge) {
  const Scenario s =
      load_compute(kPricingExample, {"functions.api.managed_instances.price=on-demand"});
  FunctionUsage u;
  u.instance_us = 10ULL * 3600ULL * 1'000'000ULL;  // 10 instance-hours
  u.ondemand_billed_us = 0;
  const Bill bill = compute_bill(s, {u}, *s.prices, s.horizon);
  // 10 h x $0.1632 = $1.632, fee 15 % of it = $0.2448.
  EXPECT_NEAR(bill.functions[0].instances, 1.632, 1e-12);
  EXPECT_NEAR(bill.functions[0].management_fee, 0.2448, 1e-12);
}

// --- processor sharing ------------------------------------------------------

TEST(PsEnvironment, SharesVcpusBetweenRequests) {
  PsEnvironment env(1);
  env.add(0, 1.0, PsJob{});
  env.add(0, 2.0, PsJob{});
  // Two requests on one vCPU at rate 1/2: the 1 s one ends at 2 s ...
  EXPECT_EQ(env.next_completion(), 2 * sim::kSecond);
  env.pop(2 * sim::kSecond);
  // ... and the 2 s one has 1 s of work left, alone: ends at 3 s.
  EXPECT_EQ(env.next_completion(), 3 * sim::kSecond);
  PsEnvironment two(2);
  two.add(0, 1.0, PsJob{});
  two.add(0, 1.0, PsJob{});
  two.add(0, 1.0, PsJob{});
  // Three on two vCPUs at rate 2/3: 1 s of work takes 1.5 s.
  EXPECT_EQ(two.next_completion(), 1'500'000'000);
  EXPECT_EQ(two.busy_vcpus(), 2);
}

std::string ps_scenario(int vcpus, int memory_mb, double rate, int max_concurrency,
                        const std::string& horizon) {
  return "horizon: " + horizon + R"(
seed: 7
functions:
  api:
    compute: managed-instances
    init: 0s
    duration: {dist: exponential, mean: 100ms}
    managed_instances:
      mode: manual
      environments: 1
      vcpus: )" +
         std::to_string(vcpus) + "\n      memory_mb: " + std::to_string(memory_mb) +
         "\n      max_concurrency: " + std::to_string(max_concurrency) +
         "\n      instance_type: m7g.4xlarge\nworkloads:\n  - {function: api, arrivals: {process: "
         "poisson, rate: " +
         std::to_string(rate) + "/s}}\n";
}

// One environment, one vCPU, Poisson arrivals at 7/s, exponential work of
// mean S = 0.1 s: M/M/1-PS with rho = 0.7, whose mean response time is
// S / (1 - rho) = 1/3 s (the same as M/M/1 FCFS's). With a concurrency limit
// of 1,600 the loss probability is rho^1600, nil.
// Tolerance: the sample mean of 350,000 correlated response times at
// rho = 0.7 has a standard error of about sqrt(3.4 s^2 / 350,000) = 0.003 s
// (M/M/1's asymptotic variance constant rho(2+5rho-4rho^2+rho^3)/(mu^2(1-rho)^4)),
// about 1 % of 1/3 s; 4 % is four standard errors.
TEST(ProcessorSharing, MatchesMM1PsMeanResponseTime) {
  const Scenario s = load_compute(ps_scenario(1, 2048, 7.0, 1600, "50000s"),
                                  {"platform.managed_instances.doubling_window=0s"});
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_GT(f.succeeded, 340'000u);
  EXPECT_EQ(f.throttled, 0u);
  EXPECT_NEAR(f.latency_ms.mean() / 1000.0, 0.1 / (1 - 0.7), 0.04 / 3);
  EXPECT_TRUE(conservation_ok(f));
}

// Two vCPUs: each of k requests runs at min(1, 2/k), so the number in
// service is M/M/2's birth-death chain and, by Little's law, the mean
// response time is M/M/2's: S + C(2, a) / (2 mu - lambda) with a = 1.4,
// Erlang C(2, 1.4) = (a^2/2 / (1 - rho)) / (1 + a + a^2/2 / (1 - rho))
// = 3.2667 / 5.6667 = 0.57647, so 0.1 + 0.57647 / 6 = 0.19608 s.
// Tolerance as above (rho = 0.7, 700,000 requests): 4 %.
TEST(ProcessorSharing, TwoVcpusMatchMM2MeanResponseTime) {
  const Scenario s = load_compute(ps_scenario(2, 4096, 14.0, 1600, "50000s"),
                                  {"platform.managed_instances.doubling_window=0s"});
  const RunResult r = simulate(s);
  const double expected = 0.1 + 0.57647 / 6.0;
  EXPECT_NEAR(r.functions[0].latency_ms.mean() / 1000.0, expected, 0.04 * expected);
}

// A concurrency limit K = 3 turns it into M/M/1/3-PS: an arrival finding 3
// requests in service is throttled with probability
// (1 - rho) rho^K / (1 - rho^(K+1)) = 0.3 x 0.343 / 0.7599 = 0.13541.
// 350,000 arrivals: binomial standard error sqrt(0.135 x 0.865 / 350,000)
// = 0.0006 (correlation inflates it a few times); tolerance 0.006.
TEST(ProcessorSharing, ConcurrencyLimitLossMatchesMM1K) {
  const Scenario s = load_compute(ps_scenario(1, 2048, 7.0, 3, "50000s"),
                                  {"platform.managed_instances.doubling_window=0s"});
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  const double loss = static_cast<double>(f.throttled) / static_cast<double>(f.arrivals);
  EXPECT_NEAR(loss, 0.3 * 0.343 / (1 - 0.2401), 0.006);
  EXPECT_EQ(f.throttled, f.throttled_by[static_cast<int>(ThrottleCause::Capacity)]);
  EXPECT_TRUE(conservation_ok(f));
}

// Routing across a fleet: 40 environments of concurrency 1 on one vCPU
// each (a request runs alone, S = 0.1 s exponential) at 350 requests/s are
// M/M/40/40, whose arrivals are lost with Erlang B's probability B(40, 35)
// = 0.054244 (B(k) = a B(k-1) / (k + a B(k-1)), a = 35) — provided a
// request finds a free environment whenever one exists, which is what the
// routing set (multi_compute.hpp) must keep true through every arrival and
// completion. 700,000 arrivals: binomial standard error 0.00027, a few
// times that with the chain's correlation; tolerance 0.003.
TEST(ProcessorSharing, FleetOfSingleSlotEnvironmentsMatchesErlangB) {
  const Scenario s = load_compute(R"(
horizon: 2000s
seed: 11
functions:
  api:
    compute: managed-instances
    init: 0s
    duration: {dist: exponential, mean: 100ms}
    managed_instances:
      mode: manual
      environments: 40
      vcpus: 1
      max_concurrency: 1
workloads:
  - {function: api, arrivals: {process: poisson, rate: 350/s}}
)",
                                  {"platform.managed_instances.doubling_window=0s"});
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  const double loss = static_cast<double>(f.throttled) / static_cast<double>(f.arrivals);
  EXPECT_NEAR(loss, 0.054244, 0.003);
  EXPECT_EQ(f.throttled, f.throttled_by[static_cast<int>(ThrottleCause::Capacity)]);
  EXPECT_NEAR(f.latency_ms.mean(), 100.0, 2.0);  // alone on its vCPU: S (700k samples, 0.1 % s.e.)
  EXPECT_TRUE(conservation_ok(f));
}

// The memory-aware form splits a request into an I/O wait (no CPU, but it
// holds a slot) and CPU work. Measured at 1,769 MB = 1 vCPU: 100 ms of CPU
// = 0.1 vCPU-s of work, plus 200 ms of I/O. Four requests at once on one
// 1-vCPU environment: all wait 200 ms together, then share the vCPU: 0.4
// vCPU-s of work end together 0.4 s later. Latency 600 ms each (on-demand
// Lambda would give 300 ms, each in its own environment).
TEST(ProcessorSharing, IoWaitUsesNoCpu) {
  const Scenario s = load_compute(R"(
horizon: 1m
functions:
  api:
    compute: managed-instances
    init: 0s
    duration: {at_memory_mb: 1769, cpu: 100ms, io: 200ms}
    managed_instances: {mode: manual, environments: 1}
workloads:
  - {function: api, arrivals: {process: burst, at: 10s, count: 4, over: 0s}}
)");
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.succeeded, 4u);
  EXPECT_NEAR(f.latency_ms.min(), 600.0, 600.0 * 0.01);  // histogram: 1 % relative
  EXPECT_NEAR(f.latency_ms.max(), 600.0, 1e-6);
  // Twelve at once: 0.2 s + 1.2 vCPU-s on one vCPU = 1.4 s, past a 1 s
  // timeout: counted as timed out, latency the timeout.
  const Scenario twelve = load_compute(R"(
horizon: 1m
functions:
  api:
    compute: managed-instances
    timeout: 1s
    init: 0s
    duration: {at_memory_mb: 1769, cpu: 100ms, io: 200ms}
    managed_instances: {mode: manual, environments: 1}
workloads:
  - {function: api, arrivals: {process: burst, at: 10s, count: 12, over: 0s}}
)");
  const FunctionStats g = simulate(twelve).functions[0];
  EXPECT_EQ(g.timed_out, 12u);
  EXPECT_EQ(g.succeeded, 0u);
  EXPECT_NEAR(g.latency_ms.max(), 1000.0, 1e-6);
  EXPECT_TRUE(conservation_ok(g));
}

// --- scaling and web ------------------------------------------------------------

// Same seed, same scenario: identical results (determinism).
TEST(ManagedInstances, AutoScalingIsDeterministicAndConserves) {
  const std::string yaml = R"(
horizon: 1h
functions:
  api:
    compute: managed-instances
    init: 0s
    duration: {dist: exponential, mean: 50ms}
workloads:
  - function: api
    arrivals: {process: steps, rates: [{at: 0s, rate: 20/s}, {at: 30m, rate: 400/s}]}
)";
  const Scenario s = load_compute(yaml);
  const RunResult a = simulate(s), b = simulate(s);
  EXPECT_EQ(a.functions[0].succeeded, b.functions[0].succeeded);
  EXPECT_EQ(a.usage[0].instance_us, b.usage[0].instance_us);
  EXPECT_TRUE(conservation_ok(a.functions[0]));
  // The step to 400/s (20 busy vCPUs at 50 ms each) is more than the 3
  // starting 1-vCPU environments hold: scaling adds environments ...
  EXPECT_GT(a.functions[0].environments.max(), 3.0);
  // ... and during the first minutes the jump is throttled.
  EXPECT_GT(a.functions[0].throttled, 0u);
  EXPECT_GT(a.usage[0].instance_us, 0u);
}

// Throttling of traffic that more than doubles within 5 minutes, by hand.
// Environments of 16 vCPU and 16 slots (requests never share a vCPU), 100 ms
// each, arrivals evenly spaced: concurrency = rate x 0.1 s exactly.
// 0-10 min at 1,000/s scales the function out to its max of 8 environments
// (128 slots); 10-20 min at 100/s holds concurrency at 10 (scale-in waits
// 1 h); at 20 min 1,000/s again. The doubling rule allows twice the peak of
// the previous 5 minutes: 20, so 200/s get in and 800/s are throttled in
// minute 20; then 40 (600/s throttled), 80 (200/s), 160 (> the 100 asked).
// (800 + 600 + 200) x 60 = 96,000 throttles, all of them for doubling: the
// 128 slots are never full.
// One function on Managed Instances of 16 vCPU and 16 slots (requests never
// share a vCPU), 100 ms per request, INIT 0, up to 8 environments, at least
// `min_environments`; `extra` adds keys to its managed_instances block.
std::string sixteen_slot_function(int min_environments, const std::string& extra = "") {
  return "functions:\n  api:\n    compute: managed-instances\n    init: 0s\n"
         "    duration: 100ms\n    managed_instances:\n      instance_type: m7g.4xlarge\n"
         "      vcpus: 16\n      memory_mb: 32768\n      max_concurrency: 16\n"
         "      min_environments: " +
         std::to_string(min_environments) + "\n      max_environments: 8\n" + extra;
}

TEST(ManagedInstances, TrafficDoublingThrottledByHand) {
  const std::string yaml = sixteen_slot_function(1, "      scale_in_delay: 1h\n") + R"(workloads:
  - function: api
    arrivals:
      process: constant
      rate: 100/s
      bursts: [{at: 0s, count: 540000, over: 10m}, {at: 20m, count: 216000, over: 4m}]
)";
  const RunResult before = simulate(load_compute("horizon: 20m\n" + yaml));
  const RunResult after = simulate(load_compute("horizon: 24m\n" + yaml));
  const auto cause = [](const RunResult& r, ThrottleCause c) {
    return r.functions[0].throttled_by[static_cast<int>(c)];
  };
  EXPECT_EQ(before.functions[0].environments.max(), 8.0);
  EXPECT_EQ(
      cause(after, ThrottleCause::TrafficDoubling) - cause(before, ThrottleCause::TrafficDoubling),
      96'000u);
  EXPECT_EQ(cause(after, ThrottleCause::Capacity), cause(before, ThrottleCause::Capacity));
  EXPECT_TRUE(conservation_ok(after.functions[0]));
}

// min_environments 0: the doubling rule's floor is one environment's
// capacity (16 slots here), so 10/s of 100 ms (concurrency 1) is never
// throttled for doubling; a floor of 0 allowed twice a peak of 0, and every
// request was throttled for ever. With no environment at the start, the
// requests of the first 2 minutes (the preset's scale_out_delay of 1 min
// of saturation, then its launch_delay of 1 min) find no capacity: those
// arriving at 0.1 s ... 119.9 s, 1,199; every later one runs.
TEST(ManagedInstances, NoMinimumEnvironmentsStillServes) {
  const RunResult r = simulate(load_compute(
      "horizon: 10m\n" + sixteen_slot_function(0) +
      "workloads:\n  - function: api\n    arrivals: {process: constant, rate: 10/s}\n"));
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.arrivals, 5999u);  // at 0.1 s ... 599.9 s
  EXPECT_EQ(f.throttled_by[static_cast<int>(ThrottleCause::TrafficDoubling)], 0u);
  EXPECT_EQ(f.throttled_by[static_cast<int>(ThrottleCause::Capacity)], 1199u);
  EXPECT_EQ(f.invocations, f.arrivals - 1199u);
}

TEST(WebFunctions, ScaleToZeroAndBillActiveCpu) {
  const std::string yaml = R"(
horizon: 1h
platform: {keep_alive: 1m}
functions:
  api:
    compute: web
    init: 500ms
    duration: 100ms
workloads:
  - function: api
    arrivals: {process: burst, at: 10s, count: 10, over: 0s}
)";
  const Scenario s = load_compute(yaml);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  // 10 requests at once on one new environment (64 slots): all wait for its
  // INIT (cold), then share its 2 vCPUs: 1 s of work on 2 vCPUs = 0.5 s.
  EXPECT_EQ(f.cold_starts, 10u);
  EXPECT_EQ(f.environments_created, 1u);
  EXPECT_NEAR(f.latency_ms.max(), 1000.0, 1.0);
  // Active CPU = the work, 10 x 0.1 s = 1 vCPU-s.
  EXPECT_EQ(r.usage[0].web_cpu_us, 1'000'000u);
  // Alive from 10 s to 1 min after it went idle (at 11 s): 61 s.
  EXPECT_EQ(r.usage[0].web_env_us, 61'000'000u);
  EXPECT_EQ(f.environments_reclaimed, 1u);
  const Bill bill = compute_bill(s, r.usage, *s.prices, s.horizon);
  EXPECT_NEAR(bill.functions[0].web_cpu, 1.0 * s.functions[0].web->usd_per_vcpu_second, 1e-15);
  EXPECT_NEAR(bill.functions[0].web_memory, 2.0 * 61 * s.functions[0].web->usd_per_gb_second,
              1e-15);
  EXPECT_FALSE(s.functions[0].web->rates_published);
}

// --- bad input: exit 2 with the key path (messages in tests/scenarios/errors too)

TEST(ComputeErrors, RejectsOutOfRangeAndUnknown) {
  EXPECT_THROW(
      load_compute(kPricingExample, {"functions.api.managed_instances.max_concurrency=1601"}),
      Error);
  EXPECT_THROW(load_compute(kPricingExample, {"functions.api.managed_instances.max_concurrency=0"}),
               Error);
  EXPECT_THROW(
      load_compute(kPricingExample, {"functions.api.managed_instances.instance_type=m9.huge"}),
      Error);
  EXPECT_THROW(load_compute(kPricingExample, {"functions.api.managed_instances.memory_mb=10240"}),
               Error);
  EXPECT_NO_THROW(
      load_compute(kPricingExample, {"functions.api.managed_instances.memory_mb=8192"}));
}

}  // namespace
}  // namespace ls::models
