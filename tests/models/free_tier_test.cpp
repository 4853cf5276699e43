// The free tiers beyond Lambda's requests and GB-s, against bills worked by
// hand from AWS's pricing pages: response streaming's 100 GB a month (Lambda
// pricing page, streaming example) and API Gateway's 1 M REST and 1 M HTTP
// API calls a month in an account's first 12 months (API Gateway pricing
// page).
#include <gtest/gtest.h>

#include <string>

#include "models/billing.hpp"
#include "models/config/price_table_file.hpp"
#include "tests/models/bundled_data.hpp"

namespace ls::models {
using testing::kDataDir;
using testing::kSourceDir;
using testing::us_east_1;

namespace {

// AWS's streaming example (aws.amazon.com/lambda/pricing, "Streaming Server
// Side Rendered Web Content"): 3 M requests a month of 500 ms at 1,536 MB on
// x86; 2 M responses of 100 KB (free: under 6 MB each) and 1 M of 7 MB, of
// which 1 MB each is charged: 1 M x 1 MB = 976.5625 GB (1 GB = 1,024 MB) x
// $0.008 = $7.8125. Compute 3 M x 0.5 s x 1.5 GB = 2,250,000 GB-s x
// $0.0000166667 = $37.5000750; requests 3 M x $0.20/M = $0.60. The free tier:
// 400,000 GB-s x $0.0000166667 = $6.66668 and 1 M requests = $0.20. AWS's
// example assumes the 100 GB of streaming free tier used up and totals
// $30.83 + $0.40 + $7.81 = $39.04; with it, 100 GB x $0.008 = $0.80 less.
Scenario streaming_example(bool free_tier) {
  Scenario s;
  FunctionConfig f;
  f.name = "ssr";
  f.memory_mb = 1536;
  s.functions.push_back(f);
  WorkloadConfig w;
  w.payload.edit().stream = true;
  s.workloads.push_back(w);
  s.platform.billing.free_tier = free_tier;
  return s;
}

std::vector<FunctionUsage> streaming_usage() {
  std::vector<FunctionUsage> usage(1);
  usage[0].requests = 3'000'000;
  usage[0].ondemand_billed_us = 3'000'000ull * 500'000ull;
  usage[0].streamed_bytes = 1'000'000ull * 1024ull * 1024ull;  // 1 MB beyond 6 MB, 1 M times
  return usage;
}

TEST(FreeTier, StreamingExampleOfThePricingPage) {
  const Bill bill =
      compute_bill(streaming_example(true), streaming_usage(), us_east_1(), kBillingMonth);
  const CostBreakdown& c = bill.total;
  EXPECT_NEAR(c.quantity.streamed_gb, 976.5625, 1e-9);
  EXPECT_NEAR(c.response_streaming, 7.8125, 1e-9);
  EXPECT_NEAR(c.quantity.free_streamed_gb, 100.0, 1e-9);
  EXPECT_NEAR(c.streaming_free_tier_credit, -0.80, 1e-9);
  EXPECT_NEAR(c.free_tier_credit, -(6.66668 + 0.20), 1e-9);
  // AWS's $39.04 (its 100 GB already used), less the $0.80 of the 100 GB.
  EXPECT_NEAR(c.total, 37.5000750 + 0.60 + 7.8125 - 6.86668 - 0.80, 1e-9);
  EXPECT_NEAR(c.total + 0.80, 39.04, 0.01);
}

TEST(FreeTier, StreamingFreeTierOnlyWithTheFreeTier) {
  const Bill bill =
      compute_bill(streaming_example(false), streaming_usage(), us_east_1(), kBillingMonth);
  EXPECT_EQ(bill.total.streaming_free_tier_credit, 0.0);
  EXPECT_EQ(bill.total.free_tier_credit, 0.0);
}

// Less than the free 100 GB (pro-rated to the horizon): all of it is free.
// One hour: 100 / 730 GB = 0.1369863 GB free; 0.1 GB streamed is all credited.
TEST(FreeTier, StreamingBelowTheFreeVolumeCostsNothing) {
  std::vector<FunctionUsage> usage(1);
  usage[0].requests = 100;
  usage[0].streamed_bytes = 107'374'182;  // 0.1 GB (2^30 / 10, rounded down)
  const Bill bill = compute_bill(streaming_example(true), usage, us_east_1(), sim::kHour);
  EXPECT_NEAR(bill.total.response_streaming + bill.total.streaming_free_tier_credit, 0.0, 1e-15);
  // Just above: 0.2 GB streamed, 100/730 GB free: (0.2 - 0.1369863) x $0.008.
  usage[0].streamed_bytes = 2 * 107'374'182;
  const Bill more = compute_bill(streaming_example(true), usage, us_east_1(), sim::kHour);
  const double gb = 2 * 107'374'182 / 1073741824.0;
  EXPECT_NEAR(more.total.response_streaming + more.total.streaming_free_tier_credit,
              (gb - 100.0 / 730.0) * 0.008, 1e-12);
}

// API Gateway: two functions behind REST APIs (2.4 M and 0.6 M requests in a
// month) and one behind an HTTP API (0.5 M). In the first 12 months the
// first 1 M REST calls are free at the first tier's $3.50/M: $3.50, shared
// 4:1 ($2.80, $0.70); the 0.5 M HTTP calls are all free: $0.50. Charges:
// REST 3 M x $3.50/M = $10.50, HTTP $0.50; net $7.00.
Scenario gateway(bool first_year) {
  Scenario s;
  for (const char* name : {"a", "b"}) {
    FunctionConfig f;
    f.name = name;
    s.functions.push_back(f);
    WorkloadConfig w;
    w.function = s.functions.size() - 1;
    w.front_door.edit().type = FrontDoorConfig::Type::RestApi;
    s.workloads.push_back(w);
  }
  s.platform.billing.first_12_months = first_year;
  return s;
}

TEST(FreeTier, ApiGatewayFirstYearCreditsAMillionCallsOfEachType) {
  std::vector<FunctionUsage> usage(2);
  usage[0].rest_api_requests = 2'400'000;
  usage[1].rest_api_requests = 600'000;
  usage[1].http_api_requests = 500'000;
  const Bill bill = compute_bill(gateway(true), usage, us_east_1(), kBillingMonth);
  EXPECT_NEAR(bill.total.api_gateway_rest, 10.50, 1e-9);
  EXPECT_NEAR(bill.total.api_gateway_http, 0.50, 1e-9);
  EXPECT_NEAR(bill.total.quantity.free_api_gateway_requests, 1'500'000, 1e-6);
  EXPECT_NEAR(bill.functions[0].api_gateway_free_tier_credit, -2.80, 1e-9);
  EXPECT_NEAR(bill.functions[1].api_gateway_free_tier_credit, -(0.70 + 0.50), 1e-9);
  EXPECT_NEAR(bill.total.api_gateway_free_tier_credit, -4.00, 1e-9);
  EXPECT_NEAR(bill.total.total, 7.00, 1e-9);

  const Bill later = compute_bill(gateway(false), usage, us_east_1(), kBillingMonth);
  EXPECT_EQ(later.total.api_gateway_free_tier_credit, 0.0);
  EXPECT_NEAR(later.total.total, 11.00, 1e-9);
}

// One hour: the monthly 1 M is pro-rated to 1 M / 730 = 1,369.86 calls;
// 2,000 REST calls: 1,369.86 free at $3.50/M = $0.0047945.
TEST(FreeTier, ApiGatewayFreeCallsArePartOfAMonth) {
  std::vector<FunctionUsage> usage(2);
  usage[0].rest_api_requests = 2000;
  const Bill bill = compute_bill(gateway(true), usage, us_east_1(), sim::kHour);
  EXPECT_NEAR(bill.total.api_gateway_free_tier_credit, -1e6 / 730.0 * 3.50 / 1e6, 1e-12);
}

}  // namespace
}  // namespace ls::models
