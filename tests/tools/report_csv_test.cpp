// The CSV time series against the JSON report of the same run: the columns,
// and per-interval counts, concurrency and cost that add up to the JSON
// totals (an independent path: the counters, levels and the bill are
// computed by the simulator and billing, the CSV rows by the series ticks
// and the cost attribution).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "trace_cli.hpp"

namespace {

using namespace ls::report_testing;
using nlohmann::json;

// Two functions: one throttled by its reserved concurrency (with client
// retries), one with provisioned concurrency and billed ephemeral storage;
// free tier on, so every cost line is non-zero somewhere.
constexpr const char* kScenario = R"(scenario: csv-totals
seed: 3
horizon: 20m
warmup: 0s
platform:
  preset: aws-2025
  billing: {free_tier: true}
functions:
  api:
    memory_mb: 512
    reserved_concurrency: 3
    init: {dist: lognormal, median: 200ms, p99: 800ms}
    duration: {dist: lognormal, median: 150ms, p99: 900ms}
  worker:
    memory_mb: 1024
    ephemeral_mb: 2048
    provisioned_concurrency: 2
    init: {dist: fixed, value: 300ms}
    duration: {dist: exponential, mean: 400ms}
workloads:
  - function: api
    arrivals: {process: poisson, rate: 15/s}
    client_retry: {max: 1, backoff: 50ms}
  - function: worker
    arrivals: {process: steps, rates: [{at: 0s, rate: 2/s}, {at: 10m, rate: 8/s}]}
)";

struct Sums {
  double arrivals = 0, invocations = 0, cold_starts = 0, throttled = 0;
  double busy_seconds = 0, provisioned_seconds = 0, cost = 0, queue = 0;
  int rows = 0;
};

std::map<std::string, Sums> sum_by_function(const fs::path& csv, double horizon_s) {
  std::map<std::string, Sums> out;
  for (const auto& row : read_csv(csv)) {
    Sums& s = out[row.at("function")];
    const double start = std::stod(row.at("time_s"));
    // interval length: 7 min, the last one cut at the horizon
    const double length = std::min(420.0, horizon_s - start);
    s.arrivals += std::stod(row.at("arrivals"));
    s.invocations += std::stod(row.at("invocations"));
    s.cold_starts += std::stod(row.at("cold_starts"));
    s.throttled += std::stod(row.at("throttled"));
    s.busy_seconds += std::stod(row.at("concurrency_mean")) * length;
    s.provisioned_seconds += std::stod(row.at("provisioned_mean")) * length;
    s.cost += std::stod(row.at("cost_usd"));
    s.queue += std::stod(row.at("queue_depth_mean"));
    ++s.rows;
  }
  return out;
}

json run_with_csv(const fs::path& dir, const std::string& extra) {
  std::ofstream(dir / "s.yaml") << kScenario;
  const CliRun r =
      lambdasim("run " + (dir / "s.yaml").string() + " --quiet --interval 7m --csv " +
                (dir / "csv").string() + " --json " + (dir / "r.json").string() + " " + extra);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return json::parse(slurp(dir / "r.json"));
}

TEST(ReportCsv, HasTheDocumentedColumns) {
  const fs::path dir = scratch();
  run_with_csv(dir, "");
  std::ifstream in(dir / "csv" / "series.csv");
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header,
            "time_s,function,arrivals,invocations,cold_starts,throttled,concurrency_mean,"
            "concurrency_max,environments_mean,provisioned_mean,provisioned_busy_mean,"
            "queue_depth_mean,cost_usd");
}

TEST(ReportCsv, TotalsEqualTheJsonTotals) {
  const fs::path dir = scratch();
  const json report = run_with_csv(dir, "");
  const double horizon = 1200.0;
  const auto sums = sum_by_function(dir / "csv" / "series.csv", horizon);
  ASSERT_EQ(sums.size(), 2u);
  Sums all;
  for (const auto& [name, s] : sums) {
    SCOPED_TRACE(name);
    const json& f = report["functions"][name];
    EXPECT_EQ(s.rows, 3);  // 0-7, 7-14, 14-20 min
    // Counts are exact: warm-up 0, so the JSON counters cover the whole horizon.
    EXPECT_EQ(s.arrivals, f["arrivals"].get<double>());
    EXPECT_EQ(s.invocations, f["invocations"].get<double>());
    EXPECT_EQ(s.cold_starts, f["cold_starts"].get<double>());
    EXPECT_EQ(s.throttled, f["throttled"].get<double>());
    // Levels and dollars: the CSV prints 6 (levels) and 9 (cost) significant
    // digits, so a relative 1e-5 covers rounding and nothing else.
    const double conc = f["concurrency"]["mean"].get<double>();
    EXPECT_NEAR(s.busy_seconds / horizon, conc, 1e-5 * conc);
    const double cost = f["cost_usd"]["total"].get<double>();
    EXPECT_NEAR(s.cost, cost, 1e-5 * std::abs(cost) + 1e-12);
    EXPECT_EQ(s.queue, 0.0);  // no async workloads
    all.arrivals += s.arrivals;
    all.throttled += s.throttled;
    all.cost += s.cost;
  }
  // The scenario really exercises throttles and provisioned concurrency.
  EXPECT_GT(sums.at("api").throttled, 0);
  EXPECT_GT(sums.at("worker").provisioned_seconds, 0);
  EXPECT_EQ(all.arrivals, report["totals"]["arrivals"].get<double>());
  EXPECT_EQ(all.throttled, report["totals"]["throttled"].get<double>());
  const double total = report["cost_usd"]["total"].get<double>();
  EXPECT_NEAR(all.cost, total, 1e-5 * total);
}

// Multi-concurrency compute bills instance-hours, a management fee, or
// Web Functions' CPU and memory: the cost column still adds up to the bill.
TEST(ReportCsv, CostAddsUpOnManagedInstancesAndWebFunctions) {
  for (const char* compute : {"managed-instances", "web"}) {
    SCOPED_TRACE(compute);
    const fs::path dir = scratch();
    const CliRun r = lambdasim(
        "run " + source("scenarios/examples/managed-instances.yaml") +
        " --quiet --horizon 21m --set warmup=0s --set functions.api.compute=" + compute +
        " --interval 7m --csv " + (dir / "csv").string() + " --json " + (dir / "r.json").string());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const json report = json::parse(slurp(dir / "r.json"));
    const auto sums = sum_by_function(dir / "csv" / "series.csv", 1260.0);
    const json& bill = report["functions"]["api"]["cost_usd"];
    const double capacity = compute == std::string("web")
                                ? bill["web_memory"].get<double>() + bill["web_cpu"].get<double>()
                                : bill["instances"].get<double>();
    EXPECT_GT(capacity, 0.0);  // the lines this test is about are in the bill
    const double total = bill["total"].get<double>();
    EXPECT_NEAR(sums.at("api").cost, total, 1e-5 * total);
  }
}

TEST(ReportCsv, MonthlyBillIsScaledBackToTheRun) {
  const fs::path dir = scratch();
  const json report = run_with_csv(dir, "--set platform.billing.project_to=month");
  const double factor = report["cost_usd"]["month_factor"].get<double>();
  EXPECT_NEAR(factor, 730.0 * 60 / 20, 1e-9);
  for (const auto& [name, s] : sum_by_function(dir / "csv" / "series.csv", 1200.0)) {
    const double run_share = report["functions"][name]["cost_usd"]["total"].get<double>() / factor;
    EXPECT_NEAR(s.cost, run_share, 1e-5 * run_share) << name;
  }
}

// Two functions' captures from the same period: b's starts 600 s after a's
// (Unix times 1,000 and 1,600). The scenario's time 0 is the earliest of
// both, so b's requests fall in the interval starting at 600 s, and an
// arrival at exactly 600 s belongs to [600 s, 660 s), not to the interval
// before, however early it was scheduled (the trace's first arrival is, at
// the start, before the tick at 600 s is).
TEST(ReportCsv, TracesOfOnePeriodKeepTheirTimingAndBoundariesBelongToTheNextInterval) {
  const fs::path dir = scratch();
  std::ofstream(dir / "a.csv") << "t\n1000\n1001\n1002\n";
  std::ofstream(dir / "b.csv") << "t\n1600\n1601\n1602\n";
  std::ofstream(dir / "s.yaml")
      << "horizon: 20m\nfunctions:\n"
         "  a: {memory_mb: 128, init: 100ms, duration: 10ms}\n"
         "  b: {memory_mb: 128, init: 100ms, duration: 10ms}\n"
         "workloads:\n"
         "  - {function: a, arrivals: {process: trace, format: timestamps, file: a.csv}}\n"
         "  - {function: b, arrivals: {process: trace, format: timestamps, file: b.csv}}\n";
  const CliRun r = lambdasim("run " + (dir / "s.yaml").string() + " -q --interval 1m --csv " +
                             (dir / "csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::map<std::pair<std::string, int>, double> arrivals;
  for (const auto& row : read_csv(dir / "csv" / "series.csv"))
    arrivals[{row.at("function"), std::stoi(row.at("time_s"))}] += std::stod(row.at("arrivals"));
  EXPECT_EQ((arrivals[{"a", 0}]), 3.0);
  EXPECT_EQ((arrivals[{"b", 600}]), 3.0);
  EXPECT_EQ((arrivals[{"b", 540}]), 0.0);
  EXPECT_EQ((arrivals[{"b", 0}]), 0.0);
}

TEST(ReportCsv, BadIntervalExitsTwo) {
  const fs::path dir = scratch();
  const CliRun r = lambdasim("run " + source("scenarios/quickstart.yaml") +
                             " --quiet --interval 0s --csv " + (dir / "csv").string());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--interval"), std::string::npos) << r.out;
}

}  // namespace
