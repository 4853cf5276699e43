// End-to-end tests of the `lambdasim` program: exit codes, the JSON report
// contract (../shared/design/report-format.md), determinism and outputs that
// are whole or absent. Each test writes only into its own temp directory.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "trace_cli.hpp"

namespace {

using ls::report_testing::kQuickstart;

namespace fs = std::filesystem;

// The binary's exit code and merged output (trace_cli.hpp).
using Result = ls::report_testing::CliRun;
Result run(const std::string& args) { return ls::report_testing::lambdasim(args); }

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Drops the run.* block (wall-clock figures), the only part allowed to differ.
std::string without_run_block(const std::string& json) {
  const auto pos = json.find("\n  \"run\": {");
  return pos == std::string::npos ? json : json.substr(0, pos);
}

TEST(Cli, RunPrintsSummaryTable) {
  const Result r = run("run " + kQuickstart + " --quiet");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  const Result table = run("run " + kQuickstart);
  EXPECT_EQ(table.exit_code, 0) << table.out;
  EXPECT_NE(table.out.find("p99 ms"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("conservation ok"), std::string::npos) << table.out;
}

// One mistake repeated in every function of a fleet: each place is an
// error, but the terminal gets the first 20 and a count of the rest.
TEST(Cli, RepeatedMistakesShowTheFirstTwentyAndCountTheRest) {
  const fs::path dir = ls::report_testing::scratch();
  std::string y = "scenario: typos\nhorizon: 1m\nfunctions:\n";
  for (int i = 0; i < 30; ++i) y += "  f" + std::to_string(i) + ": {timout: 3s}\n";
  const std::string file = ls::report_testing::write_text(dir / "typos.yaml", y);
  const Result r = run("validate " + file);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  std::istringstream lines(r.out);
  std::vector<std::string> errors;
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("error: ", 0) == 0) errors.push_back(line);
  ASSERT_EQ(errors.size(), 21u) << r.out;
  EXPECT_NE(errors[0].find("typos.yaml:4:8: functions.f0.timout: unknown key 'timout'"),
            std::string::npos)
      << errors[0];
  EXPECT_NE(errors[19].find("functions.f19.timout"), std::string::npos) << errors[19];
  EXPECT_EQ(errors[20], "error: ... and 10 more (the first 20 are shown)");
}

// A wrong data folder (presets, price tables) is named as such, not as an
// unknown preset with an empty list of the available ones.
TEST(Cli, AMissingDataFolderIsNamed) {
  const Result r = ls::report_testing::run_shell(
      "LAMBDASIM_DATA_DIR=/nonexistent " + std::string(LS_BINARY) + " validate " + kQuickstart);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("platform.preset: cannot read preset 'aws-2025': /nonexistent/platforms "
                       "does not exist or holds no .yaml file; the data folder (/nonexistent, "
                       "from LAMBDASIM_DATA_DIR)"),
            std::string::npos)
      << r.out;
}

// No JSON object of a report has a key twice: readers keep one of the two
// (Python and jq the last), so a second "cost_usd" object, as a savings
// plan's rows once made, hid the bill's total. Every bundled example, for
// 10 minutes.
TEST(Cli, JsonReportsHaveNoDuplicateKeys) {
  const fs::path dir = ls::report_testing::scratch();
  std::vector<fs::path> files{kQuickstart};
  for (const auto& e : fs::directory_iterator(ls::report_testing::source("scenarios/examples")))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  ASSERT_GE(files.size(), 15u);
  for (const fs::path& file : files) {
    const fs::path out = dir / (file.stem().string() + ".json");
    const Result r =
        run("run " + file.string() + " -q --horizon 10m --set warmup=0s --json " + out.string());
    ASSERT_EQ(r.exit_code, 0) << file << "\n" << r.out;
    std::vector<std::set<std::string>> open;  // the keys of each object being read
    std::vector<std::string> duplicates;
    const nlohmann::json parsed_report = nlohmann::json::parse(
        read(out), [&](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
          using E = nlohmann::json::parse_event_t;
          if (event == E::object_start) open.emplace_back();
          if (event == E::object_end) open.pop_back();
          if (event == E::key && !open.back().insert(parsed.get<std::string>()).second)
            duplicates.push_back(parsed.get<std::string>());
          return true;
        });
    EXPECT_TRUE(parsed_report.is_object());
    EXPECT_TRUE(duplicates.empty()) << file << ": " << ::testing::PrintToString(duplicates);
  }
}

// A function's cost lines add up to its total, credits included: the
// ledger shares the account's credits among the functions, and the report
// once listed them for the account only, so a function's lines summed to
// more than its total. The credits are AWS's monthly free tier, by hand:
// 1 M requests at $0.20/M and 400,000 GB-s at x86's $0.0000166667 is
// $6.86668; 1 M HTTP API calls at $1.00/M is $1.00 (both fully used here).
TEST(Cli, EachFunctionsCostLinesAddUpToItsTotal) {
  const fs::path dir = ls::report_testing::scratch();
  const std::string file = ls::report_testing::write_text(dir / "credits.yaml", R"(horizon: 1h
warmup: 0s
platform:
  billing: {project_to: month, free_tier: true, first_12_months: true}
functions:
  api: {memory_mb: 512, timeout: 5s, init: 200ms, duration: 120ms}
  worker: {memory_mb: 1024, timeout: 5s, init: 200ms, duration: 300ms}
workloads:
  - {function: api, arrivals: {process: constant, rate: 20/s}, front_door: {type: http-api}}
  - {function: worker, arrivals: {process: constant, rate: 5/s}}
)");
  const Result r = run("run " + file + " -q --json " + (dir / "r.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto report = nlohmann::json::parse(read(dir / "r.json"));
  // Columns that are the sum of lines listed beside them.
  const std::set<std::string> sums{"provisioned", "api_gateway", "total", "per_million_requests"};
  double free_tier = 0, gateway_free_tier = 0;
  for (const auto& [name, f] : report["functions"].items()) {
    double lines = 0;
    for (const auto& [key, usd] : f["cost_usd"].items())
      if (usd.is_number() && !sums.count(key)) lines += usd.get<double>();
    EXPECT_NEAR(lines, f["cost_usd"]["total"].get<double>(), 1e-9) << name;
    free_tier += f["cost_usd"].value("free_tier_credit", 0.0);
    gateway_free_tier += f["cost_usd"].value("api_gateway_free_tier_credit", 0.0);
  }
  EXPECT_NEAR(free_tier, -(0.20 + 400'000 * 0.0000166667), 1e-6);
  EXPECT_NEAR(gateway_free_tier, -1.00, 1e-9);
  EXPECT_NEAR(free_tier, report["cost_usd"]["free_tier_credit"].get<double>(), 1e-9);
}

// The memory a keep-alive holds, by hand: a request every 15 minutes for
// 8 hours (31 of them: the 32nd would land on the horizon), each a cold
// start whose environment then waits exactly the 10-minute keep-alive
// before it is reclaimed; 1 GB, so 31 x 600 s x 1 GB = 18,600 GB-s. A
// Managed Instances function (its busy level counts requests, not
// environments) does not list it.
TEST(Cli, IdleMemoryIsTheKeepAlivesGbSeconds) {
  const fs::path dir = ls::report_testing::scratch();
  const std::string file = ls::report_testing::write_text(dir / "idle.yaml", R"(horizon: 8h
warmup: 0s
platform: {keep_alive: 10m, max_environment_lifetime: never}
functions:
  f: {memory_mb: 1024, init: 200ms, duration: 100ms}
  g: {memory_mb: 2048, init: 200ms, duration: 100ms}
workloads:
  - {function: f, arrivals: {process: constant, rate: 4/h}}
  - {function: g, arrivals: {process: constant, rate: 4/h}}
)");
  const Result r = run("run " + file + " -q --json " + (dir / "r.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto report = nlohmann::json::parse(read(dir / "r.json"));
  ASSERT_EQ(report["functions"]["f"]["cold_starts"].get<double>(), 31);
  EXPECT_NEAR(report["functions"]["f"]["environments"]["idle_gb_s"].get<double>(), 18'600, 1e-6);
  EXPECT_NEAR(report["functions"]["g"]["environments"]["idle_gb_s"].get<double>(), 37'200, 1e-6);
  EXPECT_NEAR(report["totals"]["environments"]["idle_gb_s"].get<double>(), 55'800, 1e-6);
  const Result mi =
      run("run " + ls::report_testing::source("scenarios/examples/managed-instances.yaml") +
          " -q --horizon 20m --json " + (dir / "mi.json").string());
  ASSERT_EQ(mi.exit_code, 0) << mi.out;
  const auto managed = nlohmann::json::parse(read(dir / "mi.json"));  // outlives the loop's items()
  for (const auto& [name, f] : managed["functions"].items())
    EXPECT_FALSE(f["environments"].contains("idle_gb_s")) << name;
}

TEST(Cli, JsonReportHasContractKeys) {
  const fs::path dir = ls::report_testing::scratch();
  const Result r = run("run " + kQuickstart + " --quiet --json " + (dir / "r.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string json = read(dir / "r.json");
  for (const char* key : {"\"schema\": \"lambdasim.report/1\"",
                          "\"scenario\":",
                          "\"seed\":",
                          "\"horizon_s\":",
                          "\"warmup_s\":",
                          "\"replications\":",
                          "\"resolved_scenario\":",
                          "\"functions\":",
                          "\"arrivals\":",
                          "\"invocations\":",
                          "\"succeeded\":",
                          "\"failed\":",
                          "\"timed_out\":",
                          "\"throttled\":",
                          "\"cold_starts\":",
                          "\"cold_start_ratio\":",
                          "\"latency_ms\":",
                          "\"p50\":",
                          "\"p90\":",
                          "\"p95\":",
                          "\"p99\":",
                          "\"p999\":",
                          "\"max\":",
                          "\"concurrency\":",
                          "\"environments\":",
                          "\"created\":",
                          "\"reclaimed\":",
                          "\"async\":",
                          "\"dlq\":",
                          "\"dropped\":",
                          "\"cost_usd\":",
                          "\"requests\":",
                          "\"duration\":",
                          "\"init\":",
                          "\"provisioned\":",
                          "\"ephemeral\":",
                          "\"free_tier_credit\":",
                          "\"total\":",
                          "\"totals\":",
                          "\"conservation\":",
                          "\"ok\": true",
                          "\"run\":",
                          "\"wall_s\":",
                          "\"events\":",
                          "\"events_per_s\":"})
    EXPECT_NE(json.find(key), std::string::npos) << "missing " << key;
}

TEST(Cli, SameSeedGivesByteIdenticalReportExceptRunBlock) {
  const fs::path dir = ls::report_testing::scratch();
  const std::string base = "run " + kQuickstart + " --quiet --seed 7 --json ";
  ASSERT_EQ(run(base + (dir / "a.json").string()).exit_code, 0);
  ASSERT_EQ(run(base + (dir / "b.json").string() + " --threads 1").exit_code, 0);
  ASSERT_EQ(
      run("run " + kQuickstart + " --quiet --seed 8 --json " + (dir / "c.json").string()).exit_code,
      0);
  EXPECT_EQ(without_run_block(read(dir / "a.json")), without_run_block(read(dir / "b.json")));
  EXPECT_NE(without_run_block(read(dir / "a.json")), without_run_block(read(dir / "c.json")));
}

TEST(Cli, ReplicationsReportConfidenceIntervals) {
  const fs::path dir = ls::report_testing::scratch();
  const Result r = run("run " + kQuickstart + " --quiet --replications 3 --horizon 10m --json " +
                       (dir / "r.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string json = read(dir / "r.json");
  EXPECT_NE(json.find("\"p99_ci95\":"), std::string::npos);
  EXPECT_NE(json.find("\"replications\": 3"), std::string::npos);
}

TEST(Cli, CsvSeriesHasOneRowPerFunctionPerInterval) {
  const fs::path dir = ls::report_testing::scratch();
  const Result r = run("run " + kQuickstart + " --quiet --horizon 10m --interval 1m --csv " +
                       (dir / "csv").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::ifstream in(dir / "csv" / "series.csv");
  std::string line;
  int rows = -1;  // header
  while (std::getline(in, line)) ++rows;
  const Result v = run("validate " + kQuickstart);
  // 10 intervals × the quickstart's functions (2).
  EXPECT_EQ(rows, 20);
}

// validate counts the workloads the file lists: the one the loader makes
// for a function's emits (recursive-loop.yaml: resize emits to itself) is
// not the user's.
TEST(Cli, ValidateCountsTheListedWorkloads) {
  const Result r =
      run("validate " + std::string(LS_SOURCE_DIR) + "/scenarios/examples/recursive-loop.yaml");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("1 function(s), 1 workload(s)"), std::string::npos) << r.out;
}

TEST(Cli, BadInputExitsWithCodeTwoAndLeavesNoOutputFile) {
  const fs::path dir = ls::report_testing::scratch();
  std::ofstream(dir / "bad.yaml")
      << "scenario: x\nhorizon: 1h\nfunctions:\n  f:\n    memroy_mb: 1024\n";
  const Result r =
      run("run " + (dir / "bad.yaml").string() + " --json " + (dir / "out.json").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("bad.yaml:5:5: functions.f.memroy_mb"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("memory_mb"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "out.json"));
  for (const auto& entry : fs::directory_iterator(dir))
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos);
}

TEST(Cli, ValidateListsAnErrorOfEveryFunctionAndWorkload) {
  // Four independent mistakes, written by hand at known places: validate
  // names all four (one pass, in file order), not only the first.
  const fs::path dir = ls::report_testing::scratch();
  std::ofstream(dir / "four.yaml")
      << "horizon: 1h\n"
         "functions:\n"
         "  api: {memory_mb: 64, duration: 10ms}\n"
         "  worker: {duraton: 10ms}\n"
         "workloads:\n"
         "  - {function: api, arrivals: {process: poison, rate: 1/s}}\n"
         "  - {function: nope, arrivals: {process: poisson, rate: 1/s}}\n";
  const Result r = run("validate " + (dir / "four.yaml").string());
  EXPECT_EQ(r.exit_code, 2);
  const std::string at = (dir / "four.yaml").string() + ":";
  std::size_t previous = 0;
  for (const std::string& expected :
       {at + "3:20: functions.api.memory_mb", at + "4:12: functions.worker.duraton",
        at + "6:41: workloads[0].arrivals.process", at + "7:16: workloads[1].function"}) {
    const std::size_t found = r.out.find(expected);
    ASSERT_NE(found, std::string::npos) << expected << "\n" << r.out;
    EXPECT_GE(found, previous) << "out of file order: " << expected;
    previous = found;
  }
}

TEST(Cli, MissingFileAndBadOptionsExitTwo) {
  EXPECT_EQ(run("run /nonexistent/scenario.yaml").exit_code, 2);
  EXPECT_EQ(run("run " + kQuickstart + " --no-such-option").exit_code, 2);
  EXPECT_EQ(run("frobnicate").exit_code, 2);
  const Result typo = run("tnue");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_EQ(
      typo.out,
      "lambdasim: unknown command 'tnue' (did you mean 'tune'?); commands: run, validate, "
      "keys, tune, fit, azure2scenario, plan, sweep, collect, compare, calibrate, import, help\n");
  const Result r = run("run " + kQuickstart + " --set functions.api.memory_mb=64");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("functions.api.memory_mb"), std::string::npos) << r.out;
}

TEST(Cli, HelpListsOptions) {
  const Result r = run("run --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* opt : {"--seed", "--horizon", "--set", "--json", "--csv", "--quiet"})
    EXPECT_NE(r.out.find(opt), std::string::npos) << opt;
  EXPECT_EQ(run("--help").exit_code, 0);
}

TEST(Cli, ValidateAcceptsEveryBundledExample) {
  for (const auto& entry :
       fs::recursive_directory_iterator(std::string(LS_SOURCE_DIR) + "/scenarios")) {
    const auto& p = entry.path();
    if (p.extension() != ".yaml") continue;
    // Tables (prices/, prices/instances/, platforms/) are not scenarios.
    const std::string relative =
        fs::relative(p, std::string(LS_SOURCE_DIR) + "/scenarios").generic_string();
    if (relative.starts_with("prices/") || relative.starts_with("platforms/")) continue;
    const Result r = run("validate " + p.string());
    EXPECT_EQ(r.exit_code, 0) << p << "\n" << r.out;
  }
}

}  // namespace
