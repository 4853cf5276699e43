// The aws-2025-new-account preset: the concurrency quota observed on new
// accounts (10; AWS publishes no number, see the preset's header), checked
// by loading it and by what a burst does under it.
#include <gtest/gtest.h>

#include <string>

#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"
#include "models/simulation.hpp"

namespace ls::models {
namespace {

Scenario load_new_account(const std::string& yaml) {
  LoadOptions opts;
  opts.data_dir = std::string(LS_SOURCE_DIR) + "/scenarios";
  return load_scenario_text(yaml, "new-account.yaml", ".", opts);
}

TEST(NewAccountPreset, TenConcurrentExecutionsAndNoReservation) {
  const Scenario s = load_new_account(
      "platform: {preset: aws-2025-new-account}\n"
      "functions: {api: {init: 0s, duration: 1ms}}\n");
  EXPECT_EQ(s.platform.account_concurrency, 10);
  EXPECT_EQ(s.platform.unreserved_minimum, 10);
  // Everything else as aws-2025.
  EXPECT_EQ(s.platform.scaling.step, 1000);
  EXPECT_EQ(s.platform.billing.prices, "aws-us-east-1-2025");
  // A reservation of 1 would leave 9 < 10 unreserved.
  EXPECT_THROW(
      load_new_account("platform: {preset: aws-2025-new-account}\n"
                       "functions: {api: {init: 0s, duration: 1ms, reserved_concurrency: 1}}\n"),
      Error);
}

// 25 requests at once, each running 10 s, no client retry: 10 run (the
// quota), 15 are throttled on the account limit.
TEST(NewAccountPreset, ABurstAboveTheQuotaIsThrottled) {
  const Scenario s = load_new_account(
      "horizon: 1m\n"
      "platform: {preset: aws-2025-new-account}\n"
      "functions: {api: {init: 0s, duration: 10s, timeout: 30s}}\n"
      "workloads:\n"
      "  - {function: api, arrivals: {process: burst, bursts: [{at: 1s, count: 25}]}}\n");
  const RunResult r = simulate(s, {});
  EXPECT_EQ(r.functions[0].invocations, 10u);
  EXPECT_EQ(r.functions[0].throttled_final, 15u);
  EXPECT_EQ(r.functions[0].throttled_by[0], 15u);  // account_limit
}

}  // namespace
}  // namespace ls::models
