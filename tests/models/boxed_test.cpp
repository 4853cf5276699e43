// Boxed<T> (models/boxed.hpp): the rarely used blocks of a FunctionConfig,
// a WorkloadConfig and its ArrivalConfig. An absent block must read as the defaults the key
// table documents (docs/keys.md, checked against the values written out
// here, not against DurableConfig{}), and a copied config must be
// independent of the original (plan, sweep and tune variants and split
// runs copy scenarios and change the copies).
#include <gtest/gtest.h>

#include "models/scenario.hpp"
#include "scenario_text.hpp"

namespace ls::models {
namespace {

constexpr const char* kTwoFunctions = R"(
scenario: boxed
functions:
  plain:
    init: 200ms
    duration: 100ms
  steps:
    init: 200ms
    duration: 100ms
    durable:
      steps: 3
      wait: 10s
      retry: {max_attempts: 2}
workloads:
  - function: plain
    arrivals: {process: poisson, rate: 1/s}
  - function: steps
    invocation: async
    arrivals: {process: poisson, rate: 1/s}
)";

TEST(Boxed, AnAbsentDurableBlockReadsAsTheDocumentedDefaults) {
  const Scenario s = testing::load_text(kTwoFunctions, "boxed.yaml");
  const FunctionConfig& plain = s.functions.at(0);
  EXPECT_FALSE(plain.durable.has_value());  // nothing allocated for it
  const DurableConfig& d = *plain.durable;
  EXPECT_FALSE(d.enabled);  // docs/keys.md: "off when absent"
  // docs/keys.md, functions.<name>.durable: execution_timeout 31622400s,
  // retention 14d; .retry (AWS's SDK default): 6 attempts, 5s, 60s, x2, full.
  EXPECT_EQ(d.execution_timeout, 31'622'400 * sim::kSecond);
  EXPECT_EQ(d.retention, 14 * 24 * 3600 * sim::kSecond);
  EXPECT_EQ(d.retry.max_attempts, 6);
  EXPECT_EQ(d.retry.initial_delay, 5 * sim::kSecond);
  EXPECT_EQ(d.retry.max_delay, 60 * sim::kSecond);
  EXPECT_DOUBLE_EQ(d.retry.backoff_rate, 2.0);
  EXPECT_EQ(d.retry.jitter, DurableRetry::Jitter::Full);
  // .callback: absent, the waits are timers; on_timeout fail.
  EXPECT_FALSE(d.callback.enabled);
  EXPECT_TRUE(d.callback.timeout_fails);
  // The other absent blocks: off (docs/keys.md: snapstart, tenant_isolation
  // "off when absent", no provisioned concurrency, no source, front door or
  // payload sizes).
  EXPECT_FALSE(plain.snapstart->enabled);
  EXPECT_FALSE(plain.tenant_isolation->enabled());
  EXPECT_FALSE(plain.provisioned->enabled());
  EXPECT_FALSE(plain.memory_aware.has_value());
  const WorkloadConfig& w = s.workloads.at(0);
  EXPECT_EQ(w.source->type, SourceConfig::Type::None);
  EXPECT_FALSE(w.front_door->enabled());
  EXPECT_FALSE(w.payload->any());
  EXPECT_FALSE(w.source.has_value() || w.front_door.has_value() || w.payload.has_value());
}

TEST(Boxed, ASetDurableBlockHoldsWhatTheFileSays) {
  const Scenario s = testing::load_text(kTwoFunctions, "boxed.yaml");
  const FunctionConfig& f = s.functions.at(1);
  ASSERT_TRUE(f.durable.has_value());
  EXPECT_TRUE(f.durable->enabled);
  EXPECT_EQ(f.durable->steps, std::vector<int>{3});
  EXPECT_EQ(f.durable->wait.mean_seconds(), 10.0);
  EXPECT_EQ(f.durable->retry.max_attempts, 2);
  EXPECT_EQ(f.durable->retry.max_delay, 60 * sim::kSecond);  // not given: the default
}

TEST(Boxed, ACopiedFunctionConfigIsIndependent) {
  const Scenario s = testing::load_text(kTwoFunctions, "boxed.yaml");
  FunctionConfig copy = s.functions.at(1);
  copy.durable.edit().steps = {7, 8};
  copy.durable.edit().retry.max_attempts = 5;
  EXPECT_EQ(s.functions[1].durable->steps, std::vector<int>{3});
  EXPECT_EQ(s.functions[1].durable->retry.max_attempts, 2);
  EXPECT_EQ(copy.durable->steps, (std::vector<int>{7, 8}));

  // Assigning over a config, and editing a default block of a copy: neither
  // touches the source nor the shared defaults.
  FunctionConfig plain = s.functions.at(0);
  plain = copy;
  plain.durable.edit().steps = {9};
  EXPECT_EQ(copy.durable->steps, (std::vector<int>{7, 8}));
  FunctionConfig fresh = s.functions.at(0);
  fresh.durable.edit().enabled = true;
  EXPECT_FALSE(s.functions[0].durable->enabled);
  EXPECT_FALSE(Boxed<DurableConfig>::defaults().enabled);

  // A copied scenario (as a variant or a split run makes) likewise.
  Scenario variant = s;
  variant.functions[1].durable.edit().wait = sim::Dist::fixed(1.0);
  EXPECT_EQ(s.functions[1].durable->wait.mean_seconds(), 10.0);
  EXPECT_EQ(variant.functions[1].durable->wait.mean_seconds(), 1.0);

  // reset() goes back to the defaults and frees the block.
  variant.functions[1].durable.reset();
  EXPECT_FALSE(variant.functions[1].durable.has_value());
  EXPECT_FALSE(variant.functions[1].durable->enabled);
}

TEST(Boxed, AMovedFromBoxReadsAsTheDefaults) {
  Boxed<DurableConfig> a;
  a.edit().steps = {4};
  Boxed<DurableConfig> b = std::move(a);
  EXPECT_EQ(b->steps, std::vector<int>{4});
  EXPECT_EQ(a->steps,
            std::vector<int>{1});  // NOLINT(bugprone-use-after-move): the documented state
}

// ArrivalConfig's steps, diurnal cycle, bursts and timestamp trace are
// boxed (#20): a Poisson workload allocates nothing for them and reads as no
// steps, no bursts, no trace and the documented diurnal defaults
// (docs/keys.md: period 24h, phase 0s); a workload that sets one holds what
// its file says, and a copy of it is independent.
TEST(Boxed, AnArrivalShapeIsAllocatedOnlyWhereAWorkloadSetsOne) {
  const Scenario s = testing::load_text(R"(
scenario: shapes
functions:
  api: {init: 200ms, duration: 100ms}
workloads:
  - function: api
    arrivals: {process: poisson, rate: 5/s}
  - function: api
    arrivals: {process: poisson, rate: 5/s, bursts: [{at: 1m, count: 40, over: 10s}]}
  - function: api
    arrivals: {process: diurnal, mean: 20/s, amplitude: 0.5, period: 12h}
)",
                                        "shapes.yaml");
  const ArrivalConfig& plain = s.workloads.at(0).arrivals;
  EXPECT_FALSE(plain.shape.has_value());
  EXPECT_TRUE(plain.shape->steps.empty());
  EXPECT_TRUE(plain.shape->bursts.empty());
  EXPECT_EQ(plain.shape->trace, nullptr);
  EXPECT_EQ(plain.shape->period, 24 * 3600 * sim::kSecond);
  EXPECT_EQ(plain.shape->phase, 0);

  const ArrivalConfig& bursty = s.workloads.at(1).arrivals;
  ASSERT_TRUE(bursty.shape.has_value());
  ASSERT_EQ(bursty.shape->bursts.size(), 1u);
  EXPECT_EQ(bursty.shape->bursts[0].at, 60 * sim::kSecond);
  EXPECT_EQ(bursty.shape->bursts[0].count, 40);
  EXPECT_EQ(bursty.shape->bursts[0].over, 10 * sim::kSecond);

  const ArrivalConfig& diurnal = s.workloads.at(2).arrivals;
  ASSERT_TRUE(diurnal.shape.has_value());
  EXPECT_DOUBLE_EQ(diurnal.shape->mean, 20.0);
  EXPECT_DOUBLE_EQ(diurnal.shape->amplitude, 0.5);
  EXPECT_EQ(diurnal.shape->period, 12 * 3600 * sim::kSecond);
  EXPECT_EQ(diurnal.shape->phase, 0);  // not given: the default

  WorkloadConfig copy = s.workloads.at(1);
  copy.arrivals.shape.edit().bursts[0].count = 7;
  EXPECT_EQ(s.workloads[1].arrivals.shape->bursts[0].count, 40);
  EXPECT_TRUE(Boxed<ArrivalConfig::Shape>::defaults().bursts.empty());
}

}  // namespace
}  // namespace ls::models
