// Lambda durable functions (docs/durable.md) against hand-computed answers:
// AWS's pricing-page example, deterministic executions whose end-to-end time
// and cold resumptions follow from the scenario alone, and the closed form
// P(resumption cold) = P(wait > keep-alive) = e^{−T/m} for exponential waits
// of mean m and a fixed keep-alive T when executions do not overlap; step
// retries against the geometric closed forms and a hand-computed bill;
// callbacks and their timeout against e^{−T/m} and E[min(X, T)].
// Seeds are fixed, so every test is deterministic.
#include "models/components/durable.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/billing.hpp"
#include "models/config/price_table_file.hpp"
#include "models/config/scenario_keys.hpp"
#include "models/simulation.hpp"
#include "scenario_builders.hpp"
#include "scenario_text.hpp"

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
  s.functions[0].durable.set(config);
  s.functions[0].durable.edit().enabled = true;
  WorkloadConfig& w = s.workloads[0];
  w.invocation = Invocation::Async;
  w.arrivals.process = ArrivalConfig::Process::None;
  w.arrivals.shape.edit().bursts.push_back({0, count, static_cast<sim::Time>(every_s * count) * kS});
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
  EXPECT_EQ(f.durable().completed, 1000u);
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
  EXPECT_EQ(f.durable().completed, 100u);
  EXPECT_EQ(f.succeeded, 100u);
  EXPECT_EQ(f.invocations, 300u);
  EXPECT_EQ(f.durable().resumptions, 200u);
  EXPECT_EQ(f.durable().resumption_cold_starts, 0u);
  EXPECT_EQ(f.cold_starts, 1u);
  EXPECT_NEAR(f.durable().end_to_end_s.max(), 2.3, 1e-9);
  EXPECT_NEAR(f.durable().end_to_end_s.mean(), 2.3, 1e-9);
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
  EXPECT_EQ(f.durable().completed, 20u);
  EXPECT_EQ(f.durable().resumptions, 40u);
  EXPECT_EQ(f.durable().resumption_cold_starts, 40u);
  EXPECT_EQ(f.cold_starts, 60u);
  EXPECT_NEAR(f.durable().end_to_end_s.max(), 800.3, 1e-9);
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
  EXPECT_EQ(f.durable().completed, 2000u);
  ASSERT_EQ(f.durable().resumptions, 20'000u);
  const double cold = static_cast<double>(f.durable().resumption_cold_starts) / 20'000.0;
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
  EXPECT_EQ(f.durable().completed, 10'000u);
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
  EXPECT_EQ(f.durable().timed_out, 10u);
  EXPECT_EQ(f.timed_out, 10u);
  EXPECT_EQ(f.durable().completed, 0u);
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

// --- Step retries ---------------------------------------------------------
//
// A step whose attempts each fail independently with probability p (the
// function's errors.rate), retried up to k attempts in all, takes
// N = min(G, k) attempts with G geometric: P(N ≥ j) = p^{j−1}, so
//   P(step fails) = p^k,  E[N] = Σ_{j=1}^{k} p^{j−1} = (1 − p^k)/(1 − p),
//   E[N²] = Σ_{j=1}^{k} (2j − 1) p^{j−1}.

// AWS's formula (durable-execution-sdk-retries, "Delay calculation"):
// min(initial × rate^(n−1), max), jittered, at least 1 s. The SDK default
// (5 s, ×2, 60 s, full jitter): retry 1 draws from [0, 5 s), retry 5 from
// [0, 60 s) (80 s capped); a draw under 1 s is raised to 1 s.
TEST(Durable, RetryBackoffFollowsAwsFormula) {
  const DurableRetry sdk_default;
  EXPECT_EQ(durable_retry_backoff(sdk_default, 1, 0.5), sim::from_seconds(2.5));
  EXPECT_EQ(durable_retry_backoff(sdk_default, 5, 0.5), 30 * kS);
  EXPECT_EQ(durable_retry_backoff(sdk_default, 1, 0.0), kS);  // the 1 s minimum
  DurableRetry half = sdk_default;
  half.jitter = DurableRetry::Jitter::Half;
  EXPECT_EQ(durable_retry_backoff(half, 3, 0.0), 10 * kS);  // half of 20 s
  EXPECT_EQ(durable_retry_backoff(half, 3, 0.5), 15 * kS);
  DurableRetry none = sdk_default;
  none.jitter = DurableRetry::Jitter::None;
  EXPECT_EQ(durable_retry_backoff(none, 4, 0.9), 40 * kS);
  EXPECT_EQ(durable_retry_backoff(none, 6, 0.9), 60 * kS);
}

// p = 0.3, k = 3, one step per execution: P(fail) = 0.027, E[N] = 1.39,
// E[N²] = 1 + 3·0.3 + 5·0.09 = 2.35, Var N = 0.418. 20,000 executions:
// standard errors √(0.027·0.973/2e4) = 0.00115 and √(0.418/2e4) = 0.00457;
// tolerances 4 standard errors (0.0046, 0.018). Whatever the draws, every
// attempt is one invocation and one durable operation (a completion or a
// failed attempt's checkpoint), plus the start: operations = executions +
// invocations, and retries = invocations − executions.
TEST(Durable, StepRetriesFollowTheGeometricClosedForms) {
  DurableConfig c = steps_and_wait(1, Dist::fixed(1.0));
  c.retry.max_attempts = 3;
  c.retry.initial_delay = kS;
  Scenario s = durable(c, 0.01, 360.0, 20'000, 10.0, 210'000 * kS);
  s.functions[0].error_rate = 0.3;
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  ASSERT_EQ(f.durable().completed + f.durable().failed, 20'000u);
  const double p = 0.3, pk = p * p * p;
  EXPECT_NEAR(static_cast<double>(f.durable().failed) / 20'000.0, pk, 0.0046);
  EXPECT_NEAR(static_cast<double>(f.invocations) / 20'000.0, (1 - pk) / (1 - p), 0.018);
  EXPECT_EQ(f.durable().step_retries, f.invocations - 20'000u);
  EXPECT_EQ(r.usage[0].durable_operations, 20'000u + f.invocations);
  EXPECT_EQ(f.failed, f.durable().failed);
  EXPECT_TRUE(conservation_ok(f));
}

// Every attempt fails (errors.rate 1), 5 attempts of 0.5 s, backoffs without
// jitter from 2 s ×3 capped at 10 s: 2, 6, 10, 10 s, so each execution fails
// at 5 × 0.5 + 28 = 30.5 s. 10 executions, 1 KB input and 1 KB per failed
// attempt, 1 day retention. Hand-computed bill (us-east-1, arm64 1 GB):
// operations 10 × (1 + 5) = 60 → 60 × $8/10^6 = $0.00048; written 10 × 6 KB
// = 6e-5 GB → × $0.25 = $0.000015; retained 6e-5 GB × (30.5 s + 1 day) /
// 30 days; compute 50 attempts × 0.5 s × 1 GB = 25 GB-s, 50 requests.
TEST(Durable, ExhaustedRetriesFailTheExecutionAndBillEveryAttempt) {
  DurableConfig c = steps_and_wait(2, Dist::fixed(1.0));
  c.retry.max_attempts = 5;
  c.retry.initial_delay = 2 * kS;
  c.retry.backoff_rate = 3.0;
  c.retry.max_delay = 10 * kS;
  c.retry.jitter = DurableRetry::Jitter::None;
  c.retention = sim::kDay;
  c.start_kb = Dist::fixed(1.0);
  c.checkpoint_kb = Dist::fixed(1.0);
  Scenario s = durable(c, 0.5, 360.0, 10, 1000.0, 20'000 * kS);
  s.functions[0].error_rate = 1.0;
  s.functions[0].architecture = Architecture::Arm64;
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.durable().failed, 10u);
  EXPECT_EQ(f.invocations, 50u);
  EXPECT_EQ(f.durable().step_retries, 40u);
  EXPECT_EQ(r.usage[0].durable_written_bytes, 10u * 6 * 1024);
  EXPECT_NEAR(r.usage[0].durable_retained_byte_s, 10.0 * 6 * 1024 * (30.5 + 86400), 1e-3);
  const PriceTable prices =
      load_price_table("aws-us-east-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios");
  const Bill bill = compute_bill(s, r.usage, prices, s.horizon);
  const CostBreakdown& b = bill.functions[0];
  EXPECT_DOUBLE_EQ(b.quantity.durable_operations, 60.0);
  EXPECT_NEAR(b.durable_operations, 0.00048, 1e-15);
  EXPECT_NEAR(b.quantity.durable_written_gb, 6e-5, 1e-15);
  EXPECT_NEAR(b.durable_data_written, 0.000015, 1e-15);
  EXPECT_NEAR(b.quantity.durable_retained_gb_month, 6e-5 * (30.5 + 86400) / (30.0 * 86400), 1e-15);
  EXPECT_NEAR(b.quantity.ondemand_gb_s, 25.0, 1e-9);
  EXPECT_DOUBLE_EQ(b.quantity.invocations, 50.0);
  EXPECT_TRUE(conservation_ok(f));
}

// The loader: absent `retry`, the strategy is AWS's SDK default (6
// attempts, 5 s, 60 s, ×2, full jitter), which is also what the key table
// (docs/keys.md) documents; `callback` replaces `wait` and reads its keys.
TEST(Durable, LoaderReadsRetryAndCallbackWithAwsDefaults) {
  const std::string head =
      "functions:\n  flow:\n    init: 100ms\n    duration: 50ms\n    durable:\n      steps: 3\n";
  const std::string tail =
      "workloads:\n  - {function: flow, invocation: async, arrivals: {process: poisson, rate: "
      "1/s}}\n";
  const Scenario plain = testing::load_text(head + "      wait: 1m\n" + tail, "durable.yaml");
  const DurableRetry& r = plain.functions[0].durable->retry;
  EXPECT_EQ(r.max_attempts, 6);
  EXPECT_EQ(r.initial_delay, 5 * kS);
  EXPECT_EQ(r.max_delay, 60 * kS);
  EXPECT_EQ(r.backoff_rate, 2.0);
  EXPECT_EQ(r.jitter, DurableRetry::Jitter::Full);
  auto table = [](std::string_view key) {
    return std::string(keys::find("functions.<name>.durable.retry", key)->value);
  };
  EXPECT_EQ(table("max_attempts"), "6");
  EXPECT_EQ(table("initial_delay"), "5s");
  EXPECT_EQ(table("max_delay"), "60s");
  EXPECT_EQ(table("backoff_rate"), "2");
  EXPECT_EQ(table("jitter"), "full");
  EXPECT_FALSE(plain.functions[0].durable->callback.enabled);

  const Scenario called = testing::load_text(
      head +
          "      retry: {max_attempts: 3, initial_delay: 2s, max_delay: 1m, jitter: none}\n"
          "      callback: {delay: {dist: exponential, mean: 2h}, timeout: 1d, on_timeout: "
          "continue}\n" +
          tail,
      "durable.yaml");
  const DurableConfig& d = *called.functions[0].durable;
  EXPECT_EQ(d.retry.max_attempts, 3);
  EXPECT_EQ(d.retry.initial_delay, 2 * kS);
  EXPECT_EQ(d.retry.jitter, DurableRetry::Jitter::None);
  EXPECT_TRUE(d.callback.enabled);
  EXPECT_EQ(d.callback.timeout, sim::kDay);
  EXPECT_FALSE(d.callback.timeout_fails);
}

// --- Callbacks ---------------------------------------------------------------

DurableConfig callbacks(int steps, Dist answer, sim::Time timeout, bool timeout_fails) {
  DurableConfig c = steps_and_wait(steps, Dist::fixed(0.0));
  c.callback.enabled = true;
  c.callback.delay = answer;
  c.callback.timeout = timeout;
  c.callback.timeout_fails = timeout_fails;
  return c;
}

// Fixed 30 s answers, no timeout, 3 steps of 0.1 s: each execution takes
// exactly 3 × 0.1 + 2 × 30 = 60.3 s, and bills like timer waits: 1 start +
// 3 steps + 2 callbacks = 6 operations. Executions 1,000 s apart with a
// 10 s keep-alive: every resumption is cold (30 s > 10 s).
TEST(Durable, CallbacksSuspendLikeWaitsAndBillAnOperationEach) {
  const Scenario s =
      durable(callbacks(3, Dist::fixed(30.0), 0, true), 0.1, 10.0, 20, 1000.0, 25'000 * kS);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.durable().completed, 20u);
  EXPECT_NEAR(f.durable().end_to_end_s.max(), 60.3, 1e-9);
  EXPECT_NEAR(f.durable().end_to_end_s.mean(), 60.3, 1e-9);
  EXPECT_EQ(f.durable().resumptions, 40u);
  EXPECT_EQ(f.durable().resumption_cold_starts, 40u);
  EXPECT_EQ(f.durable().callback_timeouts, 0u);
  EXPECT_EQ(r.usage[0].durable_operations, 20u * 6);
}

// Exponential answers of mean m = 100 s against a timeout T = 100 s, one
// callback per execution, uncaught: a callback times out iff its answer
// comes later than T, P = e^{−T/m} = e^{−1} = 0.36788, and the execution
// fails then. 20,000 executions: standard error √(0.368·0.632/2e4) =
// 0.0034; tolerance 0.014 (4 standard errors).
TEST(Durable, CallbackTimeoutFailsAShareExpOfMinusTimeoutOverMean) {
  const Scenario s = durable(callbacks(2, Dist::exponential(100.0), 100 * kS, true), 0.01, 360.0,
                             20'000, 1.0, 20'500 * kS);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  ASSERT_EQ(f.durable().completed + f.durable().failed, 20'000u);
  EXPECT_EQ(f.durable().callback_timeouts, f.durable().failed);
  EXPECT_NEAR(static_cast<double>(f.durable().failed) / 20'000.0, std::exp(-1.0), 0.014);
  EXPECT_TRUE(conservation_ok(f));
}

// The same callbacks caught (`continue`): every execution completes, the
// resumption coming at min(answer, T): E[min(X, T)] = m(1 − e^{−T/m}) =
// 63.212 s, plus two 0.01 s steps. E[min²] = 2m²(1 − e^{−1}(1 + 1)) =
// 5,284.8, so the standard deviation is √(5284.8 − 63.212²) = 35.9 s and
// the mean's standard error over 20,000 executions 0.254 s; tolerance 1.0 s
// (4 standard errors).
TEST(Durable, CaughtCallbackTimeoutResumesAtTheTimeout) {
  const Scenario s = durable(callbacks(2, Dist::exponential(100.0), 100 * kS, false), 0.01, 360.0,
                             20'000, 1.0, 20'500 * kS);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  EXPECT_EQ(f.durable().completed, 20'000u);
  EXPECT_NEAR(static_cast<double>(f.durable().callback_timeouts) / 20'000.0, std::exp(-1.0), 0.014);
  EXPECT_NEAR(f.durable().end_to_end_s.mean(), 0.02 + 100.0 * (1 - std::exp(-1.0)), 1.0);
  EXPECT_LE(f.durable().end_to_end_s.max(), 100.02 + 1e-9);
}

}  // namespace
}  // namespace ls::models
