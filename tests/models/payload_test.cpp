// Payload sizes against AWS's rules worked by hand: the 1 MB async limit,
// one more billed request per started 64 KB above 256 KB (pricing page), the
// 6 MB synchronous request and buffered response limits (Invoke API), and a
// closed form for sizes drawn uniformly.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "models/billing.hpp"
#include "models/config/price_table_file.hpp"
#include "models/simulation.hpp"
#include "scenario_builders.hpp"
#include "tests/models/bundled_data.hpp"

namespace ls::models {
using testing::kDataDir;
using testing::kSourceDir;
using testing::us_east_1;

namespace {

// `n` requests spread evenly over the first 100 s of an hour, all of size `kb`.
Scenario sized(Invocation invocation, std::int64_t n, double kb) {
  Scenario s = testing::one_function(0.0, Dist::fixed(0.1), sim::kHour);
  auto& w = s.workloads[0];
  w.invocation = invocation;
  w.arrivals.process = ArrivalConfig::Process::None;
  w.arrivals.shape.edit().bursts.push_back({0, n, 100 * sim::kSecond});
  w.payload.edit().request_kb = Dist::fixed(kb);
  return s;
}

// 1,000 events of exactly 1 MB (1,024 KB): 256 KB in the first request and
// (1024 - 256) / 64 = 12 chunks, so 13 requests each (AWS's rule, the
// largest event it allows): 13,000 billed requests x $0.20 / 1M = $0.0026,
// while the invocations stay 1,000.
TEST(Payload, OneMegabyteAsyncEventBillsThirteenRequests) {
  const Scenario s = sized(Invocation::Async, 1000, 1024);
  const RunResult r = simulate(s);
  EXPECT_EQ(r.usage[0].requests, 1000u);
  EXPECT_EQ(r.usage[0].extra_payload_requests, 12000u);
  const Bill bill = compute_bill(s, r.usage, us_east_1(), s.horizon);
  EXPECT_DOUBLE_EQ(bill.functions[0].quantity.billed_requests, 13000.0);
  EXPECT_NEAR(bill.functions[0].requests, 0.0026, 1e-12);
  EXPECT_EQ(r.functions[0].payload().rejected, 0u);
  EXPECT_TRUE(conservation_ok(r.functions[0]));
}

// A started chunk counts whole: 256 KB is one request, 256.5 KB and 320 KB
// two, 320.5 KB three.
TEST(Payload, StartedChunksCountWhole) {
  for (const auto& [kb, extra] :
       {std::pair{256.0, 0u}, {256.5, 1u}, {320.0, 1u}, {320.5, 2u}, {100.0, 0u}}) {
    const RunResult r = simulate(sized(Invocation::Async, 10, kb));
    EXPECT_EQ(r.usage[0].extra_payload_requests, 10u * extra) << kb << " KB";
  }
}

// An event of 1,025 KB is over the 1 MB limit: rejected, never queued, run
// or billed; conservation counts it as rejected.
TEST(Payload, AsyncEventOverOneMegabyteIsRejected) {
  const RunResult r = simulate(sized(Invocation::Async, 500, 1025));
  const auto& f = r.functions[0];
  EXPECT_EQ(f.arrivals, 500u);
  EXPECT_EQ(f.payload().rejected, 500u);
  EXPECT_EQ(f.invocations, 0u);
  EXPECT_EQ(r.usage[0].requests + r.usage[0].extra_payload_requests, 0u);
  EXPECT_TRUE(conservation_ok(f));
}

// Sizes uniform on [0, 2048] KB: half are over 1,024 KB and rejected; an
// accepted event bills k extra requests when it is in (256 + 64(k-1),
// 256 + 64k], each of the 12 chunks with probability 64/2048 = 1/32, so the
// extra requests per event (rejected ones included) have mean
// sum_{k=1..12} k/32 = 78/32 = 2.4375 and variance 650/32 - 2.4375^2 = 14.37.
// 20,000 events: the rejected fraction's standard error is
// sqrt(0.25/20000) = 0.0035 and the mean's sqrt(14.37/20000) = 0.027;
// tolerances are 4 standard errors (fixed seed; a wrong rule is off by far
// more: billing whole KB instead of started chunks moves the mean by 0.19).
TEST(Payload, UniformSizesMatchTheClosedForm) {
  Scenario s = sized(Invocation::Async, 20000, 0);
  s.workloads[0].payload.edit().request_kb = Dist::uniform(0, 2048);
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_NEAR(static_cast<double>(f.payload().rejected) / 20000.0, 0.5, 4 * 0.0035);
  EXPECT_NEAR(static_cast<double>(r.usage[0].extra_payload_requests) / 20000.0, 2.4375, 4 * 0.027);
  EXPECT_TRUE(conservation_ok(f));
}

// Synchronous requests: exactly 6 MB (6,144 KB) is allowed, one KB more is
// rejected before Lambda runs (no invocation, no charge).
TEST(Payload, SyncRequestLimitIsSixMegabytes) {
  const RunResult at = simulate(sized(Invocation::Sync, 100, 6144));
  EXPECT_EQ(at.functions[0].payload().rejected, 0u);
  EXPECT_EQ(at.functions[0].succeeded, 100u);
  const RunResult over = simulate(sized(Invocation::Sync, 100, 6145));
  EXPECT_EQ(over.functions[0].payload().rejected, 100u);
  EXPECT_EQ(over.functions[0].invocations, 0u);
  EXPECT_EQ(over.usage[0].requests, 0u);
  EXPECT_TRUE(conservation_ok(over.functions[0]));
}

// A buffered response over 6 MB fails the request after the function ran:
// the invocation is billed (100 requests, 100 x 100 ms at 1 GB = 10 GB-s)
// and the request counts as failed, response too large.
TEST(Payload, BufferedResponseOverSixMegabytesFailsAfterRunning) {
  Scenario s = sized(Invocation::Sync, 100, 1);
  s.workloads[0].payload.edit().response_kb = Dist::fixed(6145);
  const RunResult r = simulate(s);
  const auto& f = r.functions[0];
  EXPECT_EQ(f.payload().response_too_large, 100u);
  EXPECT_EQ(f.failed, 100u);
  EXPECT_EQ(f.succeeded, 0u);
  EXPECT_EQ(r.usage[0].requests, 100u);
  EXPECT_EQ(r.usage[0].ondemand_billed_us, 100u * 100'000u);
  EXPECT_TRUE(conservation_ok(f));
  s.workloads[0].payload.edit().response_kb = Dist::fixed(6144);
  EXPECT_EQ(simulate(s).functions[0].succeeded, 100u);
}

}  // namespace
}  // namespace ls::models
