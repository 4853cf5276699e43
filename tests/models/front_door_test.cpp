// The front door against independent answers: API Gateway's token bucket
// under a constant overload (closed form), its stage throttle, a 504 worked
// by hand, Lambda's throttles kept apart from the gateway's 429s, HTTP API
// metering, and the API Gateway bill worked from the published tiers.
#include <gtest/gtest.h>

#include <string>

#include "models/billing.hpp"
#include "models/config/price_table_file.hpp"
#include "models/error.hpp"
#include "models/simulation.hpp"
#include "scenario_builders.hpp"

namespace ls::models {
namespace {

using Door = FrontDoorConfig::Type;

// A constant `rate` for `seconds` through a front door of type `type`
// (1 ms executions: Lambda never throttles).
Scenario through(Door type, double rate, double seconds) {
  Scenario s = testing::one_function(0.0, Dist::fixed(0.001), sim::from_seconds(seconds));
  auto& w = s.workloads[0];
  w.arrivals.process = ArrivalConfig::Process::Constant;
  w.arrivals.rate = rate;
  w.front_door.edit().type = type;
  w.front_door.edit().timeout = type == Door::FunctionUrl ? 0 : 29 * sim::kSecond;
  return s;
}

PriceTable table(const std::string& name) {
  return load_price_table(name, std::string(LS_SOURCE_DIR) + "/scenarios");
}

// A token bucket of capacity B refilled at r per second, full at the start,
// offered a constant λ > r for T seconds, passes B + rT requests (the burst,
// then the refill; ±1 for where the last token falls), so the 429 fraction
// is 1 - (B + rT)/(λT). AWS's account throttle, r = 10,000/s and B = 5,000,
// at λ = 20,000/s for T = 10 s: 105,000 of 200,000 pass, 47.5 % get 429.
TEST(FrontDoor, AccountBucketRejectsTheClosedFormFraction) {
  const Scenario s = through(Door::RestApi, 20000, 10);
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  const double passed = static_cast<double>(f.arrivals - f.front_door().throttled);
  EXPECT_NEAR(static_cast<double>(f.arrivals), 200000.0, 1.0);
  EXPECT_NEAR(passed, 5000.0 + 10000.0 * 10.0, 2.0);
  EXPECT_NEAR(static_cast<double>(f.front_door().throttled) / static_cast<double>(f.arrivals),
              0.475, 2e-5);
  EXPECT_EQ(f.front_door().throttled_final, f.front_door().throttled);  // no client retry
  EXPECT_EQ(f.throttled, 0u);                                           // Lambda throttled nothing
  EXPECT_EQ(r.usage[0].rest_api_requests, f.invocations);               // 429s are not billed
  EXPECT_TRUE(conservation_ok(f));
}

// The account bucket is shared: two workloads of 8,000/s each (16,000/s
// together, two requests at each instant k/8,000 s) pass, between them, B
// plus the refill up to the last instant, r(T - 1/8,000) = 99,998.75, less
// what is left in the bucket at the end (0 to 2 tokens with two requests an
// instant): 104,996.75 to 104,998.75.
TEST(FrontDoor, AccountBucketIsSharedByEveryApi) {
  Scenario s = through(Door::HttpApi, 8000, 10);
  s.workloads.push_back(s.workloads[0]);
  s.workloads[1].front_door.edit().type = Door::RestApi;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_NEAR(static_cast<double>(f.arrivals), 160000.0, 2.0);
  EXPECT_NEAR(static_cast<double>(f.arrivals - f.front_door().throttled), 104997.75, 1.0);
}

// A stage/method limit of 100/s with a burst of 10, offered 1,000/s for
// 10 s: 10 + 100 x 10 = 1,010 pass (the account's bucket never binds).
TEST(FrontDoor, StageLimitIsItsOwnBucket) {
  Scenario s = through(Door::RestApi, 1000, 10);
  s.workloads[0].front_door.edit().rate_limit = 100;
  s.workloads[0].front_door.edit().burst = 10;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_NEAR(static_cast<double>(f.arrivals - f.front_door().throttled), 1010.0, 2.0);
}

// The front door gates arrivals only, so it works in front of provisioned
// and reserved concurrency unchanged: a stage limit of r = 100/s, burst
// B = 50, offered 200/s for T = 10 s passes B + rT = 1,050 (the closed form
// above), and a function with 5 provisioned environments (ready at the
// start) capped at 5 reserved serves all of them on provisioned concurrency
// (1 ms each, so never more than 5 at once): no cold start, no Lambda
// throttle, 1,050 x 1 ms of provisioned duration, 1,050 REST requests billed.
TEST(FrontDoor, GatesProvisionedAndReservedFunctionsAlike) {
  Scenario s = through(Door::RestApi, 200, 10);
  s.workloads[0].front_door.edit().rate_limit = 100;
  s.workloads[0].front_door.edit().burst = 50;
  s.functions[0].provisioned.edit().schedule.push_back({0, 5});
  s.functions[0].reserved_concurrency = 5;
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  const auto passed = f.arrivals - f.front_door().throttled;
  EXPECT_NEAR(static_cast<double>(passed), 1050.0, 2.0);
  EXPECT_EQ(f.throttled, 0u);
  EXPECT_EQ(f.cold_starts, 0u);
  EXPECT_EQ(r.usage[0].rest_api_requests, passed);
  EXPECT_EQ(r.usage[0].pc_billed_us, passed * 1000u);
  EXPECT_EQ(r.usage[0].ondemand_billed_us, 0u);
  EXPECT_TRUE(conservation_ok(f));
}

// A function URL has no throttle of its own: the same overload all passes.
TEST(FrontDoor, FunctionUrlDoesNotThrottle) {
  const RunResult r = simulate(through(Door::FunctionUrl, 20000, 10));
  EXPECT_EQ(r.functions[0].front_door().throttled, 0u);
  // 1 ms each: about 20 are still running at the horizon.
  EXPECT_EQ(r.functions[0].succeeded + r.functions[0].in_flight_at_end, r.functions[0].arrivals);
  EXPECT_EQ(r.usage[0].rest_api_requests + r.usage[0].http_api_requests, 0u);
}

// 10 requests to a 40 s function (timeout 60 s) behind a REST API with the
// default 29 s integration timeout and a fixed 20 ms overhead: each client
// gets a 504 after 29 s + 20 ms = 29,020 ms, while each invocation runs its
// 40 s and is billed for them (10 x 40 s). A 20 s function answers in
// 20,020 ms.
TEST(FrontDoor, IntegrationTimeoutAnswers504WhileLambdaRunsOn) {
  Scenario s = through(Door::RestApi, 0, 3600);
  auto& w = s.workloads[0];
  w.arrivals.process = ArrivalConfig::Process::None;
  w.arrivals.shape.edit().bursts.push_back({0, 10, 10 * sim::kSecond});
  w.front_door.edit().overhead = Dist::fixed(0.020);
  s.functions[0].timeout = 60 * sim::kSecond;
  s.functions[0].duration = Dist::fixed(40.0);
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.front_door().timeouts, 10u);
  EXPECT_EQ(f.succeeded, 0u);
  EXPECT_DOUBLE_EQ(f.latency_ms.min(), 29020.0);
  EXPECT_DOUBLE_EQ(f.latency_ms.max(), 29020.0);
  EXPECT_EQ(r.usage[0].ondemand_billed_us, 10u * 40'000'000u);
  EXPECT_EQ(r.usage[0].rest_api_requests, 10u);
  EXPECT_TRUE(conservation_ok(f));

  s.functions[0].duration = Dist::fixed(20.0);
  const RunResult fast = simulate(s);
  EXPECT_EQ(fast.functions[0].front_door().timeouts, 0u);
  EXPECT_EQ(fast.functions[0].succeeded, 10u);
  EXPECT_DOUBLE_EQ(fast.functions[0].latency_ms.max(), 20020.0);
}

// Lambda's own throttle stays Lambda's: a reservation of 1 and a burst of
// 10 requests of 1 s at once through a REST API: 1 runs, 9 are throttled by
// Lambda (not 429s of the front door); API Gateway bills all 10, since it
// called the integration for each.
TEST(FrontDoor, LambdaThrottlesAreCountedApartFromGateway429s) {
  Scenario s = through(Door::RestApi, 0, 60);
  auto& w = s.workloads[0];
  w.arrivals.process = ArrivalConfig::Process::None;
  w.arrivals.shape.edit().bursts.push_back({0, 10, 0});
  s.functions[0].reserved_concurrency = 1;
  s.functions[0].duration = Dist::fixed(1.0);
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.succeeded, 1u);
  EXPECT_EQ(f.throttled, 9u);
  EXPECT_EQ(f.throttled_final, 9u);
  EXPECT_EQ(f.front_door().throttled, 0u);
  EXPECT_EQ(r.usage[0].rest_api_requests, 10u);
  EXPECT_TRUE(conservation_ok(f));
}

// HTTP APIs meter requests in 512 KB increments: a 1,000 KB request counts
// twice, a 512 KB one once.
TEST(FrontDoor, HttpApiMetersStartedIncrementsOf512Kb) {
  Scenario s = through(Door::HttpApi, 0, 60);
  auto& w = s.workloads[0];
  w.arrivals.process = ArrivalConfig::Process::None;
  w.arrivals.shape.edit().bursts.push_back({0, 10, sim::kSecond});
  w.payload.edit().request_kb = Dist::fixed(1000);
  EXPECT_EQ(simulate(s).usage[0].http_api_requests, 20u);
  w.payload.edit().request_kb = Dist::fixed(512);
  EXPECT_EQ(simulate(s).usage[0].http_api_requests, 10u);
}

Scenario two_functions() {
  Scenario s;
  for (const char* name : {"a", "b"}) {
    FunctionConfig f;
    f.name = name;
    s.functions.push_back(f);
  }
  return s;
}

// A month (730 h, so the monthly tiers apply as published) of 400 M REST
// requests: 333 M x $3.50/M + 67 M x $2.80/M = $1,165.50 + $187.60 =
// $1,353.10; 400 M HTTP API requests: 300 M x $1.00/M + 100 M x $0.90/M =
// $390. Split 300 M / 100 M over two functions, each pays its share of the
// account's tiers: 3/4 and 1/4.
TEST(FrontDoor, ApiGatewayBillFollowsThePublishedTiers) {
  const Scenario s = two_functions();
  std::vector<FunctionUsage> usage(2);
  usage[0].rest_api_requests = 300'000'000;
  usage[1].rest_api_requests = 100'000'000;
  usage[0].http_api_requests = 400'000'000;
  const Bill bill = compute_bill(s, usage, table("aws-us-east-1-2025"), kBillingMonth);
  EXPECT_NEAR(bill.total.api_gateway_rest, 1353.10, 1e-6);
  EXPECT_NEAR(bill.functions[0].api_gateway_rest, 1353.10 * 0.75, 1e-6);
  EXPECT_NEAR(bill.functions[1].api_gateway_rest, 1353.10 * 0.25, 1e-6);
  EXPECT_NEAR(bill.total.api_gateway_http, 390.0, 1e-6);
  EXPECT_NEAR(bill.total.total, 1353.10 + 390.0, 1e-6);
}

// EU (Ireland), from the AmazonApiGateway Price List offer for eu-west-1
// (scenarios/prices/aws-eu-west-1-2025.yaml): the same month of 400 M REST
// requests: 333 M x $3.50/M + 67 M x $3.19/M = $1,165.50 + $213.73 =
// $1,379.23; 400 M HTTP API requests: 300 M x $1.11/M + 100 M x $1.00/M =
// $433.
TEST(FrontDoor, ApiGatewayBillInIrelandFollowsItsTiers) {
  const Scenario s = two_functions();
  std::vector<FunctionUsage> usage(2);
  usage[0].rest_api_requests = 400'000'000;
  usage[1].http_api_requests = 400'000'000;
  const Bill bill = compute_bill(s, usage, table("aws-eu-west-1-2025"), kBillingMonth);
  EXPECT_NEAR(bill.total.api_gateway_rest, 1379.23, 1e-6);
  EXPECT_NEAR(bill.total.api_gateway_http, 433.0, 1e-6);
}

// An hour of 1,000 REST requests: far inside the first tier (pro-rated to
// 333 M / 730 per hour), $3.50/M: $0.0035.
TEST(FrontDoor, SmallApiGatewayBill) {
  Scenario s = two_functions();
  std::vector<FunctionUsage> usage(2);
  usage[0].rest_api_requests = 1000;
  const Bill bill = compute_bill(s, usage, table("aws-us-east-1-2025"), sim::kHour);
  EXPECT_NEAR(bill.total.api_gateway_rest, 0.0035, 1e-12);
}

// A price table without API Gateway prices cannot bill a front door.
TEST(FrontDoor, TableWithoutGatewayPricesIsAnError) {
  Scenario s = two_functions();
  std::vector<FunctionUsage> usage(2);
  usage[0].rest_api_requests = 1;
  EXPECT_THROW(compute_bill(s, usage, table("aws-us-east-1-2024"), sim::kHour), Error);
}

}  // namespace
}  // namespace ls::models
