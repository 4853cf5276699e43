// The run summary table (tools/report/report_table.cpp) as people read it:
// functions without request latency (queue-fed, async) show "–" rather than
// a p50 of 0.0 ms, with replications the ± signs of a column line up, and a
// fleet lists its costliest functions, then the others in one row.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "fleet_of_60.hpp"
#include "tools/io/number_text.hpp"
#include "trace_cli.hpp"

namespace {

using namespace ls::report_testing;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string row(const std::string& text, const std::string& name) {
  for (const auto& line : lines_of(text))
    if (line.rfind(name + " ", 0) == 0) return line;
  return "";
}

// The numbers of a table row after its name (or "(N others)"); -1 for "-".
std::vector<double> numbers_of(const std::string& line) {
  std::vector<double> out;
  const std::size_t label_end = line.rfind('(', 0) == 0 ? line.find(')') + 1 : line.find(' ');
  std::istringstream in(line.substr(std::min(label_end, line.size())));
  for (std::string word; in >> word;) {
    if (word[0] == '$') word.erase(0, 1);
    try {
      out.push_back(std::stod(word));
    } catch (const std::exception&) {
      out.push_back(-1);  // "-"
    }
  }
  return out;
}

TEST(ReportTable, QueueFedFunctionShowsNoRequestLatency) {
  const CliRun r = run_shell(std::string(LS_BINARY) + " run " +
                             source("scenarios/examples/sqs-orders.yaml") + " --horizon 5m");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string orders = row(r.out, "orders");
  ASSERT_FALSE(orders.empty()) << r.out;
  EXPECT_NE(orders.find("\u2013"), std::string::npos) << orders;
  EXPECT_EQ(orders.find(" 0.0 "), std::string::npos) << orders;
  EXPECT_NE(r.out.find("(\u2013: no request latency;"), std::string::npos) << r.out;
}

// Async throttles count attempts (each retried by Lambda's queue): the table
// says so when they are there, as they exceed the arrivals here.
TEST(ReportTable, AsyncThrottlesAreExplainedAsAttempts) {
  const CliRun r = run_shell(std::string(LS_BINARY) + " run " +
                             source("scenarios/examples/async-retries.yaml") + " --horizon 20m");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::vector<double> v = numbers_of(row(r.out, "thumbnails"));
  ASSERT_GE(v.size(), 3u);
  EXPECT_GT(v[2], v[0]) << "throttled > arrivals: " << r.out;
  EXPECT_NE(r.out.find("(throttled, for async events: attempts;"), std::string::npos) << r.out;
  // A synchronous scenario has no such note.
  const CliRun sync = lambdasim("run " + kQuickstart + " --horizon 5m");
  EXPECT_EQ(sync.out.find("for async events"), std::string::npos) << sync.out;
}

TEST(ReportTable, PlusMinusSignsLineUp) {
  const CliRun r =
      run_shell(std::string(LS_BINARY) + " run " + source("scenarios/quickstart.yaml") +
                " --horizon 10m --replications 3");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string api = row(r.out, "api"), reports = row(r.out, "reports");
  ASSERT_FALSE(api.empty());
  ASSERT_FALSE(reports.empty());
  // Both latency columns: the n-th ± at the same position in every row.
  for (std::size_t n = 0, a = 0, b = 0; n < 2; ++n, ++a, ++b) {
    a = api.find("\u00b1", a);
    b = reports.find("\u00b1", b);
    ASSERT_NE(a, std::string::npos) << api;
    ASSERT_NE(b, std::string::npos) << reports;
    EXPECT_EQ(a, b) << api << "\n" << reports;
  }
  // Quickstart's functions are both synchronous: no "–" and no footnote.
  EXPECT_EQ(r.out.find("\u2013"), std::string::npos) << r.out;
}

// A percentile's CI under the histograms' 1 % resolution (replications
// whose percentiles fell in one bucket: 0, or a rounding residue) reads
// "<1%", in the same columns as a number would.
TEST(ReportTable, PercentileCiBelowTheHistogramResolutionReadsBelowOnePercent) {
  using ls::tools::percentile_cell;
  using ls::tools::plus_minus_cell;
  EXPECT_EQ(percentile_cell(587.1, 0.0), "   587.1 \u00b1<1%    ");
  EXPECT_EQ(percentile_cell(2028.7, 3.2e-13), "  2028.7 \u00b1<1%    ");
  EXPECT_EQ(percentile_cell(100.0, 0.99), "   100.0 \u00b1<1%    ");
  EXPECT_EQ(percentile_cell(100.0, 1.0), plus_minus_cell(100.0, 1.0));
  EXPECT_EQ(percentile_cell(596.5, 6.6), "   596.5 \u00b16.6    ");
  EXPECT_EQ(percentile_cell(1.0, 0.0).size(), plus_minus_cell(1.0, 0.5).size());
}

// The shared fleet (fleet_of_60.hpp), as a file.
std::string write_fleet_of_60(const fs::path& dir) {
  return write_text(dir / "fleet.yaml", fleet_of_60_yaml());
}

// Rows whose first word is a function's name ("f12 ..."), in table order.
std::vector<std::string> function_rows(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& line : lines_of(text))
    if (line.size() > 1 && line[0] == 'f' && std::isdigit(static_cast<unsigned char>(line[1])))
      out.push_back(line.substr(0, line.find(' ')));
  return out;
}

TEST(ReportTable, FleetListsItsCostliestFunctionsThenTheOthersInOneRow) {
  const fs::path dir = scratch();
  const std::string file = write_fleet_of_60(dir);
  const CliRun r =
      lambdasim("run " + file + " --threads 1 --top 5 --json " + (dir / "r.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto report = nlohmann::json::parse(slurp(dir / "r.json"));
  // From the JSON report, which has every function: the five costliest.
  std::vector<std::pair<double, int>> cost;
  for (int i = 0; i < 60; ++i)
    cost.emplace_back(
        report["functions"]["f" + std::to_string(i)]["cost_usd"]["total"].get<double>(), -i);
  std::sort(cost.rbegin(), cost.rend());
  std::vector<int> top;
  for (int k = 0; k < 5; ++k) top.push_back(-cost[static_cast<std::size_t>(k)].second);
  std::sort(top.begin(), top.end());
  std::vector<std::string> expected;
  for (int i : top) expected.push_back("f" + std::to_string(i));
  EXPECT_EQ(function_rows(r.out), expected) << r.out;
  // The others' row adds up their arrivals, invocations and cold starts.
  double arrivals = 0, invocations = 0, cold = 0;
  for (int i = 0; i < 60; ++i) {
    if (std::find(top.begin(), top.end(), i) != top.end()) continue;
    const auto& f = report["functions"]["f" + std::to_string(i)];
    arrivals += f["arrivals"].get<double>();
    invocations += f["invocations"].get<double>();
    cold += f["cold_starts"].get<double>();
  }
  const std::string others = row(r.out, "(55");
  ASSERT_EQ(others.rfind("(55 others)", 0), 0u) << r.out;
  const std::vector<double> v = numbers_of(others);
  ASSERT_GE(v.size(), 9u) << others;
  EXPECT_EQ(v[0], arrivals);
  EXPECT_EQ(v[1], invocations);
  EXPECT_NEAR(v[3], 100.0 * cold / invocations, 0.005);
  EXPECT_EQ(v[4], -1);  // no p50 for functions added up
  EXPECT_NE(r.out.find("the 5 functions that cost the most of the 60"), std::string::npos);

  // --top 0 lists every function, in the scenario's order, and no others.
  const CliRun all = lambdasim("run " + file + " --threads 1 --top 0");
  ASSERT_EQ(all.exit_code, 0) << all.out;
  EXPECT_EQ(function_rows(all.out).size(), 60u);
  EXPECT_EQ(function_rows(all.out).front(), "f0");
  EXPECT_EQ(all.out.find("others)"), std::string::npos);
  // The default lists 50.
  EXPECT_EQ(function_rows(lambdasim("run " + file + " --threads 1").out).size(), 50u);
  // One left over is listed, not hidden in a row "(1 others)".
  const CliRun all_but_one = lambdasim("run " + file + " --threads 1 --top 59");
  EXPECT_EQ(function_rows(all_but_one.out).size(), 60u);
  EXPECT_EQ(all_but_one.out.find("others)"), std::string::npos) << all_but_one.out;
}

// Deployed names (CloudFormation: up to 64 characters) widen the name
// column, so that every row keeps its columns; past 40 they are cut.
TEST(ReportTable, LongNamesKeepTheColumnsAligned) {
  const fs::path dir = scratch();
  const std::string longest = "orders-prod-OrderProcessorFn-1A2B3C4D5E";            // 39
  const std::string too_long = "payments-prod-WebhookReceiverFunction-9Z8Y7X6W5V";  // 48
  std::string y = "scenario: names\nseed: 1\nhorizon: 2m\nfunctions:\n";
  for (const std::string& name : {longest, std::string("api"), too_long})
    y += "  " + name + ": {init: 100ms, duration: 20ms}\n";
  y += "workloads:\n";
  for (const std::string& name : {longest, std::string("api"), too_long})
    y += "  - {function: " + name + ", arrivals: {process: poisson, rate: 2/s}}\n";
  const CliRun r = lambdasim("run " + write_text(dir / "names.yaml", y) + " --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string header = line_with(r.out, "function ");
  const std::string cut = too_long.substr(0, 39) + "\u2026";
  for (const std::string& name : {longest, std::string("api"), cut, std::string("total")}) {
    const std::string line = row(r.out, name);
    ASSERT_FALSE(line.empty()) << name << "\n" << r.out;
    // Columns are right-aligned: each row as long as the header (the "…"
    // is 3 bytes in one column).
    const std::size_t extra = name == cut ? 2 : 0;
    EXPECT_EQ(line.size() - extra, header.size()) << line << "\n" << header;
    // The arrivals column ends where the header's "arrivals" ends.
    const std::size_t digits = line.find_first_of("0123456789", 40 + extra);
    EXPECT_EQ(line.find(' ', digits) - extra, header.find("arrivals") + 8) << line;
  }
}

// API Gateway's 429s and 504s never reach Lambda, so its throttle columns
// read 0: the table says how many requests ended at the front door, and the
// arrivals the front door refused for good are those that were not invoked.
TEST(ReportTable, FrontDoorRefusalsHaveALineOfTheirOwn) {
  const fs::path dir = scratch();
  const CliRun r = lambdasim("run " + source("scenarios/examples/api-gateway.yaml") + " --json " +
                             (dir / "r.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto report = nlohmann::json::parse(slurp(dir / "r.json"));
  const auto& door = report["totals"]["front_door"];
  const double refused = door["throttled"].get<double>();
  const double ended = door["throttled_final"].get<double>();
  const double timeouts = door["timeouts"].get<double>();
  ASSERT_GT(ended, 0) << "the example should overload its gateway: " << r.out;
  double arrivals = 0, not_invoked = 0;
  for (const auto& [name, f] : report["functions"].items()) {
    arrivals += f["arrivals"].get<double>();
    not_invoked += f["arrivals"].get<double>() - f["invocations"].get<double>();
  }
  EXPECT_EQ(not_invoked, ended);  // every workload of this example is behind the gateway
  const std::string expected = fmt::format(
      "front door: {:.0f} attempts refused with 429; {:.0f} requests ended with a 429 and {:.0f} "
      "with a 504 (integration timeout): {:.4f} % of the {:.0f} arrivals behind it",
      refused, ended, timeouts, 100.0 * (ended + timeouts) / arrivals, arrivals);
  EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  // A scenario without a front door has no such line.
  EXPECT_EQ(lambdasim("run " + kQuickstart + " --horizon 2m").out.find("front door:"),
            std::string::npos);
}

// The event-source line counts the DLQ of the functions queues feed, not
// the async DLQ of another function: here every async event of `ingest`
// fails into its DLQ, and the SQS consumer never fails.
TEST(ReportTable, EventSourceLineCountsOnlyTheQueueFedFunctionsDlq) {
  const fs::path dir = scratch();
  const std::string file = write_text(dir / "mixed.yaml", R"(horizon: 10m
functions:
  ingest: {memory_mb: 256, timeout: 5s, init: 100ms, duration: 50ms, errors: {rate: 1.0}}
  consumer: {memory_mb: 1024, timeout: 10s, init: 300ms, duration: 200ms}
workloads:
  - function: ingest
    invocation: async
    arrivals: {process: constant, rate: 1/s}
    async: {max_retries: 0, on_failure: dlq}
  - function: consumer
    source: {type: sqs, batch_size: 10, window: 5s, visibility_timeout: 60s}
    arrivals: {process: constant, rate: 5/s}
)");
  const CliRun r = lambdasim("run " + file + " --json " + (dir / "r.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto report = nlohmann::json::parse(slurp(dir / "r.json"));
  ASSERT_GT(report["functions"]["ingest"]["dlq"].get<double>(), 500) << r.out;
  ASSERT_EQ(report["functions"]["consumer"]["dlq"].get<double>(), 0) << r.out;
  const auto at = r.out.find("event sources:");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string line = r.out.substr(at, r.out.find('\n', at) - at);
  EXPECT_NE(line.find(" dlq 0, dropped 0;"), std::string::npos) << line;
}

// A replay shorter than the horizon says so: a 10-minute Azure count file
// run for an hour leaves 50 idle minutes in every average and in the bill.
// The same replay over its own length, or with a Poisson workload beside
// it (traffic that does not end), has no such note.
TEST(ReportTable, AReplayShorterThanTheHorizonIsNoted) {
  const fs::path dir = scratch();
  std::string header = "HashOwner,HashApp,HashFunction,Trigger", row = "o,a,f,http";
  for (int minute = 1; minute <= 10; ++minute) {
    header += "," + std::to_string(minute);
    row += ",3";
  }
  write_text(dir / "counts.csv", header + "\n" + row + "\n");
  const std::string replay = R"(functions:
  api: {init: 200ms, duration: 100ms}
workloads:
  - {function: api, arrivals: {process: trace, format: azure-2019, file: counts.csv, row: 0}}
)";
  const std::string file = write_text(dir / "replay.yaml", "horizon: 1h\n" + replay);
  const CliRun longer = lambdasim("run " + file);
  ASSERT_EQ(longer.exit_code, 0) << longer.out;
  EXPECT_NE(longer.out.find("note: the replayed traces end at 10 min 00 s and the horizon is "
                            "1 h 00 min: nothing arrives after 10 min 00 s,"),
            std::string::npos)
      << longer.out;
  const std::string own = write_text(dir / "own.yaml", "horizon: 10m\n" + replay);
  EXPECT_EQ(lambdasim("run " + own).out.find("note: the replayed"), std::string::npos);
  const std::string mixed = write_text(
      dir / "mixed.yaml", "horizon: 1h\n" + replay +
                              "  - {function: api, arrivals: {process: poisson, rate: 1/min}}\n");
  EXPECT_EQ(lambdasim("run " + mixed).out.find("note: the replayed"), std::string::npos);
}

// A synchronous function that ran nothing (reserved 0: every request
// throttled) has no latency: "–" and a footnote, not a p50 of 0.0 ms.
TEST(ReportTable, AFunctionThatRanNothingShowsNoLatency) {
  const fs::path dir = scratch();
  const std::string file = write_text(dir / "r0.yaml", R"(horizon: 2m
functions:
  api: {memory_mb: 512, init: 0s, duration: 100ms}
  off: {memory_mb: 512, init: 0s, duration: 100ms, reserved_concurrency: 0}
workloads:
  - {function: api, arrivals: {process: poisson, rate: 5/s}}
  - {function: off, arrivals: {process: poisson, rate: 5/s}}
)");
  const CliRun r = lambdasim("run " + file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string off = row(r.out, "off");
  EXPECT_NE(off.find("\u2013"), std::string::npos) << r.out;
  EXPECT_EQ(row(r.out, "api").find("\u2013"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(\u2013: no request latency: the function ran no request)"),
            std::string::npos)
      << r.out;
}

// Percentiles of nothing read "–": durable executions that all time out
// (three 10-minute waits against a 15-minute execution timeout) have no
// end-to-end time, and their async events no age at success.
TEST(ReportTable, PercentilesOfNothingReadAsADash) {
  const fs::path dir = scratch();
  const std::string file = write_text(dir / "d.yaml", R"(horizon: 1h
functions:
  wf:
    memory_mb: 1024
    init: 500ms
    duration: 1s
    durable: {steps: 3, wait: 10m, execution_timeout: 15m, retention: 1d}
workloads:
  - {function: wf, invocation: async, arrivals: {process: constant, rate: 1/min}}
)");
  const CliRun r = lambdasim("run " + file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("completed 0, failed 0, timed out "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("end-to-end p50 \u2013, p99 \u2013"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("age at success p99 \u2013"), std::string::npos) << r.out;
}

TEST(ReportTable, TopMustBeACount) {
  const CliRun r = lambdasim("run " + kQuickstart + " --top -1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--top: -1 is out of range (allowed: 0 to 4294967295)"), std::string::npos)
      << r.out;
}

}  // namespace

namespace {

// The table's text without its timing line (wall-clock time differs between runs).
std::string table_without_timing(const std::string& out) {
  std::string kept;
  for (const auto& line : lines_of(out))
    if (line.find(" events in ") == std::string::npos) kept += line + "\n";
  return kept;
}

// `run` alone collects only the function metrics its table reads
// (FunctionMetrics::Table, tools/study/report_metrics.hpp); with --json it
// collects them all. The table must not tell the two apart: a metric the
// table reads but the list leaves out would read 0 here. Scenarios with
// each per-function line the table has: durable steps, a queue's DLQ, async
// retries, a front door, a stream, a fleet's others row, replications' CIs.
TEST(ReportTable, TheSameWhetherOnlyTheTableOrAlsoTheJsonIsAsked) {
  const fs::path dir = scratch();
  const std::string fleet = write_fleet_of_60(dir);
  const std::vector<std::string> runs = {
      source("scenarios/examples/durable-orders.yaml") + " --horizon 2h",
      source("scenarios/examples/sqs-orders.yaml") + " --horizon 10m",
      source("scenarios/examples/async-retries.yaml") + " --horizon 30m",
      source("scenarios/examples/api-gateway.yaml") + " --horizon 10m --replications 3",
      source("scenarios/examples/kinesis-clicks.yaml") + " --horizon 10m",
      fleet + " --top 5 --replications 2",
  };
  for (const std::string& args : runs) {
    const CliRun table = lambdasim("run " + args);
    const CliRun with_json = lambdasim("run " + args + " --json " + (dir / "r.json").string());
    ASSERT_EQ(table.exit_code, 0) << table.out;
    ASSERT_EQ(with_json.exit_code, 0) << with_json.out;
    EXPECT_EQ(table_without_timing(table.out), table_without_timing(with_json.out)) << args;
  }
  fs::remove_all(dir);
}

}  // namespace
