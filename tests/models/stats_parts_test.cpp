// The features' statistics parts (models/stats_parts.hpp): allocated only
// for the functions whose configuration can use them (the independent
// answer is the configuration itself), read as zeros where absent, counted
// as before where present (against hand-computed runs), copied deeply.
#include <gtest/gtest.h>

#include <utility>

#include "models/simulation.hpp"
#include "models/stats_parts_of.hpp"
#include "scenario_builders.hpp"

namespace ls::models {
namespace {

bool none(const StatsPartUse& u) {
  return !u.async && !u.source && !u.provisioned && !u.managed && !u.payload && !u.front_door &&
         !u.tenants && !u.durable && !u.recursion;
}

// A plain synchronous function: 10 requests/s of 100 ms for a minute, no
// feature configured. Its statistics hold no part, and every part reads as
// zeros through a const FunctionStats.
TEST(StatsParts, PlainFunctionHasNoPartsAndReadsZeros) {
  const Scenario s = testing::one_function(10.0, Dist::fixed(0.1), sim::kMinute);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_TRUE(none(f.parts()));
  EXPECT_GT(f.arrivals, 500u);  // ~600 Poisson arrivals: the run did count
  EXPECT_EQ(f.async().events, 0u);
  EXPECT_EQ(f.async().attempts, 0u);
  EXPECT_EQ(f.async().age_success_ms.count(), 0u);
  EXPECT_DOUBLE_EQ(f.async().queue.mean(s.horizon), 0.0);
  EXPECT_DOUBLE_EQ(f.async().queue.max(), 0.0);
  EXPECT_EQ(f.source().batches, 0u);
  EXPECT_EQ(f.source().batch_size.count(), 0u);
  EXPECT_DOUBLE_EQ(f.provisioned().allocated.mean(s.horizon), 0.0);
  EXPECT_DOUBLE_EQ(f.managed().instances.max(), 0.0);
  EXPECT_EQ(f.payload().rejected, 0u);
  EXPECT_EQ(f.front_door().timeouts, 0u);
  EXPECT_EQ(f.tenants().active, 0u);
  EXPECT_EQ(f.durable().end_to_end_s.count(), 0u);
  EXPECT_EQ(f.recursion().stopped, 0u);
  EXPECT_TRUE(conservation_ok(f));
}

// An async function that always fails, max_retries 2, ten events at once:
// each runs 3 times (2 retries) and reaches the DLQ 1 + 60 + 1 + 120 + 1 =
// 183 s after it arrived. It gets the async part, and only that one.
TEST(StatsParts, AsyncFunctionGetsItsPartAndCountsAsHandComputed) {
  Scenario s = testing::one_function(0.0, Dist::fixed(1.0), sim::kHour);
  s.functions[0].error_rate = 1.0;
  WorkloadConfig& w = s.workloads[0];
  w.invocation = Invocation::Async;
  w.arrivals.process = ArrivalConfig::Process::None;
  w.arrivals.shape.edit().bursts.push_back({0, 10, 0});
  w.async.max_retries = 2;
  w.async.first_retry_delay = Dist::fixed(60.0);
  w.async.second_retry_delay = Dist::fixed(120.0);
  w.async.to_dlq = true;
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_TRUE(f.parts().async);
  StatsPartUse rest = f.parts();
  rest.async = false;
  EXPECT_TRUE(none(rest));
  EXPECT_EQ(f.async().events, 10u);
  EXPECT_EQ(f.async().attempts, 30u);
  EXPECT_EQ(f.async().retries, 20u);
  EXPECT_EQ(f.async().succeeded, 0u);
  EXPECT_EQ(f.async().age_failure_ms.count(), 10u);
  EXPECT_DOUBLE_EQ(f.async().age_failure_ms.max(), 183000.0);
  // All ten wait together between their attempts.
  EXPECT_DOUBLE_EQ(f.async().queue.max(), 10.0);
  EXPECT_EQ(f.dlq, 10u);
  EXPECT_TRUE(conservation_ok(f));
}

// Each feature's configuration gives its function the part, and no other
// function: one function per feature, plus one with none.
TEST(StatsParts, EachFeatureAllocatesItsPartWhereConfigured) {
  Scenario s = testing::one_function(1.0, Dist::fixed(0.1), sim::kMinute);
  const FunctionConfig plain = s.functions[0];
  const WorkloadConfig sync = s.workloads[0];
  enum : std::size_t {
    kPlain,
    kAsync,
    kSource,
    kPc,
    kMi,
    kPayload,
    kDoor,
    kTenants,
    kDurable,
    kEmitter,
    kTarget,
    kCount
  };
  s.functions.assign(kCount, plain);
  s.workloads.clear();
  for (std::size_t f = 0; f < kCount; ++f) {
    s.functions[f].name = "f" + std::to_string(f);
    WorkloadConfig w = sync;
    w.function = f;
    s.workloads.push_back(w);
  }
  s.workloads[kAsync].invocation = Invocation::Async;
  s.workloads[kSource].source.edit().type = SourceConfig::Type::Sqs;
  s.functions[kPc].provisioned.edit().schedule.push_back({0, 2});
  s.functions[kMi].compute = ComputeKind::ManagedInstances;
  s.workloads[kPayload].payload.edit().request_kb = Dist::fixed(10.0);
  s.workloads[kDoor].front_door.edit().type = FrontDoorConfig::Type::HttpApi;
  s.functions[kTenants].tenant_isolation.edit().tenants = 10;
  s.functions[kDurable].durable.edit().enabled = true;
  EmitConfig emit;
  emit.target = kTarget;
  s.functions[kEmitter].emits.push_back(emit);

  const std::vector<StatsPartUse> use = stats_parts_of(s);
  ASSERT_EQ(use.size(), std::size_t{kCount});
  for (std::size_t f = 0; f < kCount; ++f) {
    SCOPED_TRACE(f);
    EXPECT_EQ(use[f].async, f == kAsync);
    EXPECT_EQ(use[f].source, f == kSource);
    EXPECT_EQ(use[f].provisioned, f == kPc);
    EXPECT_EQ(use[f].managed, f == kMi);
    EXPECT_EQ(use[f].payload, f == kPayload);
    EXPECT_EQ(use[f].front_door, f == kDoor);
    EXPECT_EQ(use[f].tenants, f == kTenants);
    EXPECT_EQ(use[f].durable, f == kDurable);
    // Emitting counts in the emitter, a stopped event in its target.
    EXPECT_EQ(use[f].recursion, f == kEmitter || f == kTarget);
  }
}

// A copy of the statistics copies its parts (and the absence of the
// others); changing the copy leaves the original as it was.
TEST(StatsParts, CopyIsDeep) {
  FunctionStats a;
  StatsPartUse use;
  use.durable = true;
  a.allocate(use);
  a.durable().completed = 3;
  a.durable().end_to_end_s.add(2.5);
  FunctionStats b = a;
  b.durable().completed++;
  b.durable().end_to_end_s.add(4.0);
  EXPECT_EQ(std::as_const(a).durable().completed, 3u);
  EXPECT_EQ(std::as_const(a).durable().end_to_end_s.count(), 1u);
  EXPECT_EQ(std::as_const(b).durable().completed, 4u);
  EXPECT_EQ(std::as_const(b).durable().end_to_end_s.count(), 2u);
  EXPECT_TRUE(b.parts().durable);
  EXPECT_FALSE(b.parts().async);
  FunctionStats c;
  c = b;
  EXPECT_EQ(std::as_const(c).durable().completed, 4u);
  c = FunctionStats();  // assigning a statistics without parts drops them
  EXPECT_FALSE(c.parts().durable);
  EXPECT_EQ(std::as_const(c).durable().completed, 0u);
}

}  // namespace
}  // namespace ls::models
