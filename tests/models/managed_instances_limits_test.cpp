// Lambda Managed Instances limits as AWS documents them:
// - timeout: "The default is 3 seconds, and the maximum allowed value is 900
//   seconds. For functions using Lambda Managed Instances, asynchronous
//   invocations and event source mapping invocations (except Amazon MQ and
//   Amazon DocumentDB) support a maximum allowed value of 5,400 seconds"
//   (Lambda API CreateFunction; quotas page: synchronous stays 900 s);
// - environments per function: "no default maximum", Min/MaxExecutionEnvironments
//   "range from 0 to 15000" (lambda-managed-instances-scaling.html).
#include <gtest/gtest.h>

#include <string>

#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"
#include "models/simulation.hpp"
#include "scenario_text.hpp"
#include "tests/error_text.hpp"

namespace ls::models {
namespace {

Scenario load_mi(const std::string& yaml, std::vector<std::string> sets = {}) {
  return testing::load_text(yaml, "limits.yaml", std::move(sets));
}

std::string error_of(const std::string& yaml, std::vector<std::string> sets = {}) {
  return ls::testing::error_text([&] { load_mi(yaml, std::move(sets)); }, "(no error)");
}

// One request of 1,000 s on a Managed Instances function whose timeout is
// the documented maximum, 5,400 s.
constexpr const char* kLongRequest = R"(
horizon: 1h
functions:
  api:
    compute: managed-instances
    timeout: 5400s
    init: 0s
    duration: 1000s
    managed_instances: {mode: manual, environments: 3}
workloads:
  - {function: api, arrivals: {process: burst, at: 0s, count: 1}}
)";

// 5,400 s loads on Managed Instances (it did not: the key stopped at 900 s).
// lambdasim runs only synchronous requests there, and those stop at 900 s:
// the 1,000 s request times out, the caller sees 900 s.
TEST(ManagedInstancesLimits, TimeoutUpTo5400sAndSyncRequestsStopAt900s) {
  const Scenario s = load_mi(kLongRequest);
  EXPECT_EQ(s.functions[0].timeout, 900 * sim::kSecond);
  const RunResult r = simulate(s);
  EXPECT_EQ(r.functions[0].timed_out, 1u);
  EXPECT_EQ(r.functions[0].succeeded, 0u);
  // The latency histogram keeps about 1 % resolution.
  EXPECT_NEAR(r.functions[0].latency_ms.max(), 900'000.0, 9'000.0);
}

// Above 900 s is for Managed Instances only.
TEST(ManagedInstancesLimits, OnDemandTimeoutStaysAt900s) {
  EXPECT_EQ(error_of(kLongRequest, {"functions.api.compute=on-demand"}),
            "limits.yaml:6:14: functions.api.timeout: 5400s is out of range (allowed: 1s to 900s; "
            "up to 5400s with compute: managed-instances)");
  EXPECT_EQ(error_of(kLongRequest, {"functions.api.timeout=900s", "functions.api.compute=web"}),
            "(no error)");
}

// The preset's ceiling is the API's 15,000 (it was 1,000, an assumption);
// 15,000 is accepted, 15,001 is not.
TEST(ManagedInstancesLimits, EnvironmentCeilingIsTheApis15000) {
  constexpr const char* kAuto = R"(
functions:
  api: {compute: managed-instances, init: 0s, duration: 10ms}
)";
  const Scenario s = load_mi(kAuto);
  EXPECT_EQ(s.platform.managed_instances.max_environments, 15000);
  EXPECT_EQ(s.functions[0].managed->max_environments, 15000);
  EXPECT_EQ(s.functions[0].managed->min_environments, 3);
  EXPECT_NO_THROW(load_mi(kAuto, {"functions.api.managed_instances.max_environments=15000"}));
  EXPECT_NE(error_of(kAuto, {"functions.api.managed_instances.min_environments=15001"})
                .find("15001 is out of range (allowed: 0 to 15000)"),
            std::string::npos);
}

}  // namespace
}  // namespace ls::models
