// Limits checked before work starts (issue #19): the expected request count
// against --max-requests, the time series' size; and the bound on requests
// held at once, enforced during the run. Expected counts are worked out by
// hand from the scenario text in each test.
#include "tools/study/run_limits.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"
#include "tests/error_text.hpp"
#include "tools/study/runner.hpp"
#include "trace_cli.hpp"

namespace ls::tools {
namespace {

models::Scenario load(const std::string& yaml) {
  models::LoadOptions opts;
  opts.data_dir = std::string(LS_SOURCE_DIR) + "/scenarios";
  return models::load_scenario_text(yaml, "t.yaml", "", opts);
}

std::string limit_error(const models::Scenario& s, sim::Time interval, const RunLimits& limits) {
  return ls::testing::error_text([&] { check_run_limits(s, interval, limits); }, "");
}

const char* kTwoFunctions = R"(
horizon: 1h
replications: 3
functions:
  api: {init: 100ms, duration: 50ms}
  job: {init: 100ms, duration: 50ms}
workloads:
  - function: api
    arrivals: {process: poisson, rate: 20/s}
  - function: job
    arrivals:
      process: steps
      rates: [{at: 0s, rate: 1/s}, {at: 30m, rate: 3/s}]
      bursts: [{at: 10m, count: 500}]
)";

TEST(RunLimits, ExpectedRequestsAddEveryWorkloadAndReplication) {
  // 3 × (20/s × 3600 s + 1/s × 1800 s + 3/s × 1800 s + 500) = 3 × 79,700.
  EXPECT_DOUBLE_EQ(expected_requests(load(kTwoFunctions)), 239'100.0);
}

TEST(RunLimits, TooManyRequestsIsRefusedBeforeTheRun) {
  const auto s = load(kTwoFunctions);
  RunLimits limits;
  EXPECT_EQ(limit_error(s, 0, limits), "");
  limits.max_requests = 200'000;
  EXPECT_EQ(limit_error(s, 0, limits),
            "--max-requests: this scenario would simulate ~239100 requests (3 replication(s) of "
            "3600s), more than the limit of 200000; raise --max-requests or shorten the horizon");
  // The issue's case: 1e12/s for an hour is 3.6e15 requests.
  const auto huge = load(
      "horizon: 1h\nfunctions: {api: {init: 1ms, duration: 1ms}}\n"
      "workloads: [{function: api, arrivals: {process: poisson, rate: 1e12/s}}]\n");
  EXPECT_EQ(limit_error(huge, 0, RunLimits{}),
            "--max-requests: this scenario would simulate ~3.6e15 requests (1 replication(s) of "
            "3600s), more than the limit of 2e10; raise --max-requests or shorten the horizon");
}

TEST(RunLimits, TheTimeSeriesSizeIsCheckedUpFront) {
  std::string yaml = kTwoFunctions;
  yaml.replace(yaml.find("horizon: 1h"), 11, "horizon: 1d");
  const auto s = load(yaml);
  // 1 day at 1 ms: 86,400,000 intervals × 2 functions × 3 replications.
  EXPECT_EQ(limit_error(s, sim::kMillisecond, RunLimits{}),
            "--interval: the time series would hold 5.2e8 rows (8.6e7 intervals × 2 function(s) × "
            "3 replication(s)), more than the limit of 5e6; use a longer --interval or a shorter "
            "horizon");
  // 1 day at 1 s: 518,400 rows, well within.
  EXPECT_EQ(limit_error(s, sim::kSecond, RunLimits{}), "");
}

TEST(RunLimits, FormatCount) {
  EXPECT_EQ(format_count(999'999), "999999");
  EXPECT_EQ(format_count(6.3e9), "6.3e9");
  EXPECT_EQ(format_count(2e10), "2e10");
  EXPECT_EQ(format_count(1.234e7), "1.2e7");
}

// Throttled requests waiting for a client retry are held by the run; with
// concurrency capped at 10 and 100 ms requests, 20,000/s arrivals see nearly
// all throttled, each waiting on average 0.05+0.1+0.2 s (full jitter over
// 0.1, 0.2, 0.4 s): ~7,000 held at once, far beyond 1,000.
TEST(RunLimits, HeldRequestsStopTheRunWithAnError) {
  const std::string yaml = R"(
horizon: 2s
platform: {account_concurrency: 10}
functions:
  api: {init: 10ms, duration: 100ms}
workloads:
  - function: api
    arrivals: {process: poisson, rate: 20000/s}
    client_retry: {max: 3}
)";
  RunnerOptions options;
  options.threads = 1;
  options.limits.max_held_requests = 1000;
  try {
    run_replications(load(yaml), options);
    FAIL() << "ran to the end";
  } catch (const Error& e) {
    EXPECT_EQ(e.key_path(), "workloads[0]");
    EXPECT_EQ(e.message().rfind("more than 1000 requests were held at once at t=", 0), 0u)
        << e.message();
  }
  // The same run without retries holds nothing: it finishes.
  options.limits.max_held_requests = 1000;
  const RunSet set = run_replications(load(yaml.substr(0, yaml.find("    client_retry"))), options);
  EXPECT_TRUE(set.conservation_ok);
}

// Messages waiting in an event source are held like queued async events.
// SQS with max_concurrency 2 and batches of 10 one-second invocations
// takes at most 2 × 10 / 1 s = 20 messages/s; 5,000/s arrive, so after
// 0.25 s the backlog alone is ~1,250, past the bound of 1,000 (it stops at
// ~0.2 s: 1,000 / (5,000 − 20)/s).
TEST(RunLimits, AnEventSourceBacklogCountsAsHeld) {
  const std::string yaml = R"(
horizon: 2s
functions:
  worker: {init: 10ms, duration: 1s}
workloads:
  - function: worker
    arrivals: {process: poisson, rate: 5000/s}
    source: {type: sqs, batch_size: 10, max_concurrency: 2}
)";
  RunnerOptions options;
  options.threads = 1;
  options.limits.max_held_requests = 1000;
  try {
    run_replications(load(yaml), options);
    FAIL() << "ran to the end";
  } catch (const Error& e) {
    EXPECT_EQ(e.key_path(), "workloads[0].source");
    const std::string prefix = "more than 1000 requests were held at once at t=";
    ASSERT_EQ(e.message().rfind(prefix, 0), 0u) << e.message();
    // ~0.2 s; the Poisson count by then is 1,000 ± 32 (one standard
    // deviation), ±6.3 ms: 0.03 s is ~5 of them.
    EXPECT_NEAR(std::stod(e.message().substr(prefix.size())), 0.2, 0.03) << e.message();
    EXPECT_NE(e.message().find("event source's backlog"), std::string::npos) << e.message();
  }
  // A stream whose one shard cannot keep up either (1 batch of 10 per
  // second at a time against 5,000/s).
  std::string kinesis = yaml;
  kinesis.replace(kinesis.find("type: sqs"), 9, "type: kinesis");
  kinesis.replace(kinesis.find(", max_concurrency: 2"), 20, "");
  try {
    run_replications(load(kinesis), options);
    FAIL() << "ran to the end";
  } catch (const Error& e) {
    EXPECT_EQ(e.key_path(), "workloads[0].source");
  }
  // Control: at 10/s the pollers keep up (the backlog stays near 10) and
  // the run finishes, every message done or in flight.
  std::string slow = yaml;
  slow.replace(slow.find("rate: 5000/s"), 12, "rate: 10/s");
  const RunSet set = run_replications(load(slow), options);
  EXPECT_TRUE(set.conservation_ok);
}

// The same through the command line, at the default bound of 2,000,000:
// 2e6 messages/s into a queue drained at 20/s pass it after ~1 s.
TEST(RunLimits, CliStopsAGrowingBacklogWithExit2) {
  const auto dir = report_testing::scratch();
  const auto scenario = dir / "backlog.yaml";
  std::ofstream(scenario) << R"(
horizon: 3s
functions:
  worker: {init: 10ms, duration: 1s}
workloads:
  - function: worker
    arrivals: {process: poisson, rate: 2000000/s}
    source: {type: sqs, batch_size: 10, max_concurrency: 2}
)";
  const auto r = report_testing::lambdasim("run " + scenario.string() + " --json " +
                                           (dir / "r.json").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out.rfind("error: workloads[0].source: more than 2000000 requests were held at "
                        "once at t=0.99",
                        0),
            0u)
      << r.out;
  EXPECT_NE(r.out.find("event source's backlog"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir / "r.json"));  // nothing half-written
}

TEST(RunLimits, CliNamesTheOptionAndLeavesNoFolder) {
  const auto dir = report_testing::scratch();
  const std::string quickstart = std::string(LS_SOURCE_DIR) + "/scenarios/quickstart.yaml";
  const auto r = report_testing::lambdasim(
      "run " + quickstart + " --csv " + (dir / "series").string() + " --interval 1ms --horizon 1d");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out,
            "error: --interval: the time series would hold 1.7e8 rows (8.6e7 intervals × 2 "
            "function(s) × 1 replication(s)), more than the limit of 5e6; use a longer "
            "--interval or a shorter horizon\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "series"));  // made for the run, removed again
  const auto m = report_testing::lambdasim("run " + quickstart + " --max-requests 1e4");
  EXPECT_EQ(m.exit_code, 2);
  EXPECT_NE(m.out.find("error: --max-requests: this scenario would simulate ~"), std::string::npos)
      << m.out;
  EXPECT_EQ(report_testing::lambdasim("run " + quickstart + " --max-requests -1").out,
            "error: --max-requests: -1 is out of range (allowed: > 0)\n");
}

}  // namespace
}  // namespace ls::tools
