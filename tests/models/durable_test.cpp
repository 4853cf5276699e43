// Lambda durable functions (docs/durable.md) against hand-computed answers:
// AWS's pricing-page example, deterministic executions whose end-to-end time
// and cold resumptions follow from the scenario alone, and the closed form
// P(resumption cold) = P(wait > keep-alive) = e^{−T/m} for exponential waits
// of mean m and a fixed keep-alive T when executions do not overlap.
// Seeds are fixed, so every test is deterministic.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/billing.hpp"
#include "models/config/price_table_file.hpp"
#include "models/simulation.hpp"
#include "scenario_builders.hpp"

namespace ls::models {
namespace {

using testing::one_function;

constexpr sim::Time kS = sim::kSecond;

// One durable function (INIT 0, fixed keep-alive `keep_alive_s`) with
// `count` executions started `every_s` apart from time 0.
Scenario durable(const DurableConfig& config, double step_s, double keep_alive_s, int count,
                 double every_s, sim::Time horizon) {
  Scenario s = one_function(0.0, Dist::fixed(step_s), horizon);
  s.platform.keep_alive.never = false;
  s.platform.keep_alive.dist = Dist::fixed(keep_alive_s);
  s.platform.function_keep_alive.never = true;
  s.functions[0].durable = config;
  s.functions[0].durable.enabled = true;
  WorkloadConfig& w = s.workloads[0];
  w.invocation = Invocation::Async;
  w.arrivals.process = ArrivalConfig::Process::None;
  w.arrivals.bursts.push_back({0, count, static_cast<sim::Time>(every_s * count) * kS});
  return s;
}

DurableConfig steps_and_wait(int steps, Dist wait) {
  DurableConfig c;
  c.steps = {steps};
  c.wait = wait;
  return c;
}

// AWS's example (aws.amazon.com/lambda/pricing, "Lambda Durable Functions
// Pricing", us-east-1): per claim one start, a 30 s step, a 7-day wait and a
// 2 s step on 1 GB arm64; 8 KB input, 32 KB per step and wait, 14 days
// retained. Per 10^6 claims: "Operations cost 4M × $8.00/M = $32.00", "Data
// written cost 104GB × $0.25/GB = $26.00", "Data Retained cost (24.27 +
// 48.53) GB-month × $0.15/GB-month = $10.92", compute 32,000,000 GB-s and
// "2 invocations (initial + after wait)". Simulated here with 1,000 claims
// (each line a thousandth) and two 16 s steps (the same 32 s of compute:
// duration is billed linearly). The example counts 7 days of running
// storage; an execution actually runs 7 days + 32 s, which the expected
// retention adds (0.104 GB × 32 s / 30 days, 1.3e-6 GB-month).
TEST(Durable, BillMatchesAwsPricingExample) {
  DurableConfig c = steps_and_wait(2, Dist::fixed(7.0 * 86400));
  c.start_kb = Dist::fixed(8.0);
  c.checkpoint_kb = Dist::fixed(32.0);
  c.retention = 14 * sim::kDay;
  Scenario s = durable(c, 16.0, 360.0, 1000, 1.0, 8 * sim::kDay);
  s.functions[0].architecture = Architecture::Arm64;
  const PriceTable prices =
      load_price_table("aws-us-east-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios");
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.durable_completed, 1000u);
  EXPECT_EQ(f.invocations, 2000u);  // initial + after the wait
  const Bill bill = compute_bill(s, r.usage, prices, s.horizon);
  const CostBreakdown& b = bill.functions[0];
  EXPECT_DOUBLE_EQ(b.quantity.durable_operations, 4000.0);
  EXPECT_NEAR(b.durable_operations, 32.00 / 1000, 1e-12);
  EXPECT_NEAR(b.quantity.durable_written_gb, 0.104, 1e-12);
  EXPECT_NEAR(b.durable_data_written, 26.00 / 1000, 1e-12);
  const double running_gb_month = 0.104 * (7.0 * 86400 + 32) / (30.0 * 86400);
  const double retained_gb_month = 0.104 * 14.0 / 30.0;
  EXPECT_NEAR(b.quantity.durable_retained_gb_month, running_gb_month + retained_gb_month, 1e-12);
  EXPECT_NEAR(b.durable_data_retained, (running_gb_month + retained_gb_month) * 0.15, 1e-12);
  // AWS rounds each GB-month to 0.01 GB-month at 10^6 claims: $10.92.
  EXPECT_NEAR(b.durable_data_retained * 1000, 10.92, 0.005);
  EXPECT_NEAR(b.quantity.ondemand_gb_s, 32'000.0, 1e-9);  // 1,000 × 32 s × 1 GB
  EXPECT_DOUBLE_EQ(b.quantity.invocations, 2000.0);
}

// One execution at a time (every 10 s; each lasts 3 × 0.1 s + 2 × 1 s =
// 2.3 s), waits of 1 s against a 360 s keep-alive: every resumption finds
// the environment the previous step left, so the function is cold once in
// the whole run; every end-to-end time is exactly the sum of the steps and
// the waits.
TEST(Durable, ShortWaitsResumeWarmAndEndToEndIsStepsPlusWaits) {
  const Scenario s = durable(steps_and_wait(3, Dist::fixed(1.0)), 0.1, 360.0, 100, 10.0, 2000 * kS);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.durable_completed, 100u);
  EXPECT_EQ(f.succeeded, 100u);
  EXPECT_EQ(f.invocations, 300u);
  EXPECT_EQ(f.durable_resumptions, 200u);
  EXPECT_EQ(f.durable_resumption_cold_starts, 0u);
  EXPECT_EQ(f.cold_starts, 1u);
  EXPECT_NEAR(f.durable_end_to_end_s.max(), 2.3, 1e-9);
  EXPECT_NEAR(f.durable_end_to_end_s.mean(), 2.3, 1e-9);
  EXPECT_EQ(r.usage[0].durable_operations, 100u * (1 + 3 + 2));  // start, steps, waits
  EXPECT_TRUE(conservation_ok(f));
}

// Waits of 400 s against a 360 s keep-alive, executions 2,000 s apart (each
// lasts 800.3 s, so nothing else keeps an environment alive): every
// resumption is cold, and so is every first step.
TEST(Durable, WaitsLongerThanKeepAliveResumeCold) {
  const Scenario s =
      durable(steps_and_wait(3, Dist::fixed(400.0)), 0.1, 360.0, 20, 2000.0, 50'000 * kS);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.durable_completed, 20u);
  EXPECT_EQ(f.durable_resumptions, 40u);
  EXPECT_EQ(f.durable_resumption_cold_starts, 40u);
  EXPECT_EQ(f.cold_starts, 60u);
  EXPECT_NEAR(f.durable_end_to_end_s.max(), 800.3, 1e-9);
}

// Exponential waits of mean m = T = 360 s (the keep-alive): a resumption is
// cold iff its wait exceeded T, P = e^{−1} = 0.36788. Executions 20,000 s
// apart with 10 waits each (mean 3,600 s, 14 standard deviations short of
// the gap) do not overlap. 20,000 resumptions: standard error
// √(0.368·0.632/20000) = 0.0034; tolerance 0.014 (4 standard errors).
TEST(Durable, ColdResumptionProbabilityIsExpOfMinusKeepAliveOverMeanWait) {
  const Scenario s = durable(steps_and_wait(11, Dist::exponential(360.0)), 0.001, 360.0, 2000,
                             20'000.0, 2001 * 20'000 * kS);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.durable_completed, 2000u);
  ASSERT_EQ(f.durable_resumptions, 20'000u);
  const double cold = static_cast<double>(f.durable_resumption_cold_starts) / 20'000.0;
  EXPECT_NEAR(cold, std::exp(-1.0), 0.014);
}

// `steps: [1, 3]`: each count equally likely, 2 invocations per execution
// on average. 10,000 executions: the number with 3 steps is Binomial(10^4,
// 1/2), so the mean's standard error is 2·√(0.25/10^4) = 0.01; tolerance 0.04.
TEST(Durable, StepListDrawsEachCountEquallyOften) {
  DurableConfig c = steps_and_wait(1, Dist::fixed(1.0));
  c.steps = {1, 3};
  const Scenario s = durable(c, 0.01, 360.0, 10'000, 10.0, 110'000 * kS);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.durable_completed, 10'000u);
  EXPECT_NEAR(static_cast<double>(f.invocations) / 10'000.0, 2.0, 0.04);
}

// execution_timeout 150 s with 100 s waits: the first wait ends at 100.1 s,
// the second would end at 200.2 s, so each execution is stopped at 150 s
// after two steps, its data retained for those 150 s plus the retention.
TEST(Durable, ExecutionTimeoutStopsTheExecution) {
  DurableConfig c = steps_and_wait(3, Dist::fixed(100.0));
  c.execution_timeout = 150 * kS;
  c.retention = sim::kDay;
  c.start_kb = Dist::fixed(1.0);
  const Scenario s = durable(c, 0.05, 360.0, 10, 1000.0, 20'000 * kS);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.durable_timed_out, 10u);
  EXPECT_EQ(f.timed_out, 10u);
  EXPECT_EQ(f.durable_completed, 0u);
  EXPECT_EQ(f.invocations, 20u);
  EXPECT_EQ(r.usage[0].durable_written_bytes, 10u * 1024);
  EXPECT_NEAR(r.usage[0].durable_retained_byte_s, 10.0 * 1024 * (150 + 86400), 1e-6);
  EXPECT_TRUE(conservation_ok(f));
}

// A table without the durable rates (no region but us-east-1 has them)
// refuses a durable function, naming the key to set.
TEST(Durable, UnpricedRegionIsAnError) {
  const PriceTable prices =
      load_price_table("aws-eu-west-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios");
  const Scenario s = durable(steps_and_wait(2, Dist::fixed(1.0)), 0.1, 360.0, 1, 1.0, 10 * kS);
  const auto missing = missing_price(s, prices);
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->key_path, "functions.fn.durable");
  EXPECT_NE(missing->message.find("durable_operation_usd_per_million"), std::string::npos);
}

}  // namespace
}  // namespace ls::models
