// Response streaming against AWS's published rules worked by hand: the first
// 6 MB of a response at full speed and free, the rest at 2 MBps (a longer,
// billed duration) and $0.008 per GB, 200 MB at most; buffered responses
// stop at 6 MB.
#include <gtest/gtest.h>

#include <string>

#include "models/billing.hpp"
#include "models/config/price_table_file.hpp"
#include "models/simulation.hpp"
#include "scenario_builders.hpp"

namespace ls::models {
namespace {

// 1,000 requests over 100 s of 100 ms executions answering `kb` KB.
Scenario responding(double kb, bool stream) {
  Scenario s = testing::one_function(0.0, Dist::fixed(0.1), sim::kHour);
  auto& w = s.workloads[0];
  w.arrivals.process = ArrivalConfig::Process::None;
  w.arrivals.shape.edit().bursts.push_back({0, 1000, 100 * sim::kSecond});
  w.payload.edit().response_kb = Dist::fixed(kb);
  w.payload.edit().stream = stream;
  w.front_door.edit().type = FrontDoorConfig::Type::FunctionUrl;
  return s;
}

// A 10 MB (10,240 KB) streamed response: 6,144 KB at once, the other
// 4,096 KB at 2,048 KB/s = 2 s, so each execution runs 0.1 + 2 = 2.1 s
// (billed) and the client waits 2.1 s. Streamed beyond the free 6 MB:
// 1,000 x 4 MB = 3.90625 GB x $0.008 = $0.03125.
TEST(Streaming, TenMegabyteResponseTakesTwoMoreSecondsAndIsBilledPerGb) {
  const Scenario s = responding(10240, true);
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.succeeded, 1000u);
  EXPECT_DOUBLE_EQ(f.latency_ms.max(), 2100.0);
  EXPECT_EQ(r.usage[0].ondemand_billed_us, 1000u * 2'100'000u);
  EXPECT_EQ(r.usage[0].streamed_bytes, 1000u * 4096u * 1024u);
  const Bill bill = compute_bill(
      s, r.usage, load_price_table("aws-us-east-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios"),
      s.horizon);
  EXPECT_NEAR(bill.functions[0].quantity.streamed_gb, 3.90625, 1e-12);
  EXPECT_NEAR(bill.functions[0].response_streaming, 0.03125, 1e-12);
}

// Up to 6 MB a streamed response costs nothing extra and takes no longer.
TEST(Streaming, FirstSixMegabytesAreFreeAndUncapped) {
  const RunResult r = simulate(responding(6144, true));
  EXPECT_EQ(r.usage[0].streamed_bytes, 0u);
  EXPECT_DOUBLE_EQ(r.functions[0].latency_ms.max(), 100.0);
}

// 7 MB fails buffered (over 6 MB) and succeeds streamed; 201 MB fails
// streamed (over 200 MB).
TEST(Streaming, LimitsAreSixMegabytesBufferedAndTwoHundredStreamed) {
  EXPECT_EQ(simulate(responding(7168, false)).functions[0].payload().response_too_large, 1000u);
  EXPECT_EQ(simulate(responding(7168, true)).functions[0].succeeded, 1000u);
  EXPECT_EQ(simulate(responding(201 * 1024, true)).functions[0].payload().response_too_large,
            1000u);
}

// The capped part counts against the function's timeout: a 1 s timeout and
// a 2.1 s streamed response time out at 1 s, billed 1 s, with the bytes
// written by then: 0.9 s x 2,048 KB/s = 1,843.2 KB beyond the free 6 MB,
// 1,887,436.8 bytes, rounded to 1,887,437 per response.
TEST(Streaming, StreamingPastTheTimeoutTimesOut) {
  Scenario s = responding(10240, true);
  s.functions[0].timeout = sim::kSecond;
  const RunResult r = simulate(s);
  EXPECT_EQ(r.functions[0].timed_out, 1000u);
  EXPECT_EQ(r.usage[0].ondemand_billed_us, 1000u * 1'000'000u);
  EXPECT_EQ(r.usage[0].streamed_bytes, 1000u * 1'887'437u);
}

// Through an API Gateway REST API (responseTransferMode STREAM), a 25 MB
// (25,600 KB) response: Lambda's stream sets the pace (6 MB at once, then
// 2 MB/s; the gateway's own cap, 10 MB then 2 MB/s, never binds), so each
// execution runs 0.1 + 19,456 / 2,048 = 9.6 s, under the 29 s integration
// timeout: no 504. The gateway bills each started 10 MB as a request:
// ceil(25,600 / 10,240) = 3 per response, 3,000 for 1,000 ($3.50/M:
// $0.0105); Lambda bills 1,000 x 19,456 KB = 18.5546875 GB streamed
// ($0.1484375).
TEST(Streaming, ThroughARestApiEachStartedTenMegabytesIsARequest) {
  Scenario s = responding(25600, true);
  s.workloads[0].front_door.edit().type = FrontDoorConfig::Type::RestApi;
  s.workloads[0].front_door.edit().timeout = 29 * sim::kSecond;
  const RunResult r = simulate(s);
  EXPECT_EQ(r.functions[0].succeeded, 1000u);
  EXPECT_EQ(r.functions[0].front_door().timeouts, 0u);
  EXPECT_DOUBLE_EQ(r.functions[0].latency_ms.max(), 9600.0);
  EXPECT_EQ(r.usage[0].rest_api_requests, 3000u);
  EXPECT_EQ(r.usage[0].streamed_bytes, 1000ull * 19456ull * 1024ull);
  const Bill bill = compute_bill(
      s, r.usage, load_price_table("aws-us-east-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios"),
      s.horizon);
  EXPECT_NEAR(bill.functions[0].api_gateway_rest, 0.0105, 1e-12);
  EXPECT_NEAR(bill.functions[0].response_streaming, 0.1484375, 1e-12);
  // Exactly 10 MB is one request; a 6 MB one too.
  EXPECT_EQ(simulate(responding(10240, true)).usage[0].rest_api_requests, 0u);  // function URL
  Scenario ten = responding(10240, true);
  ten.workloads[0].front_door = s.workloads[0].front_door;
  EXPECT_EQ(simulate(ten).usage[0].rest_api_requests, 1000u);
}

}  // namespace
}  // namespace ls::models
