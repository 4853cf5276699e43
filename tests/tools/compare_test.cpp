// `lambdasim compare` end to end, through the program: the break-even rate
// between on-demand Lambda and Managed Instances on a case priced by hand,
// the JSON layout, and bad input (exit 2 with the key path).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "tools/study/compare_run.hpp"
#include "trace_cli.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// lambdasim(): the binary's exit code and merged output; scratch(), write_text().
using namespace ls::report_testing;
using Result = CliRun;

// Constant traffic at 10/s x scale, fixed 100 ms at 1,024 MB, no INIT.
// On-demand, per 730-h month at r requests/s (r x 2,628,000 requests):
//   r x 2.628e6 x (0.20e-6 + 0.1 s x 1 GB x 0.0000166667) = 4.9056 r
// Managed Instances, 3 m7g.xlarge fixed by manual mode, on-demand price:
//   3 x 730 h x 0.1632 x 1.15 + r x 2.628e6 x 0.20e-6 = 411.0264 + 0.5256 r
// Equal at r* = 411.0264 / 4.38 = 93.841 requests/s. (3 instances hold 12
// 1-vCPU environments: 4 per m7g.xlarge.)
constexpr const char* kScenario = R"(
horizon: 1h
functions:
  api:
    memory_mb: 1024
    init: 0s
    duration: 100ms
    managed_instances: {mode: manual, instances: 3, max_concurrency: 64}
workloads:
  - {function: api, arrivals: {process: constant, rate: 10/s}}
)";

TEST(CompareCli, BreakEvenWithinGridStep) {
  const fs::path dir = scratch();
  const std::string file = write_text(dir / "s.yaml", kScenario);
  const Result r =
      lambdasim("compare " + file +
                " --function api --compute on-demand,managed-instances --scales 1,2,4,8,11 "
                "--json " +
                (dir / "out.json").string() + " --html " + (dir / "out.html").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const json j = json::parse(std::ifstream(dir / "out.json"));
  EXPECT_EQ(j["format"], "lambdasim.compare/1");
  ASSERT_EQ(j["levels"].size(), 5u);
  // The hand-computed costs at 10 requests/s (scale 1), to a cent: the
  // run sees 35,999 requests in the hour (the last one falls on the horizon).
  const json& first = j["levels"][0]["compute"];
  EXPECT_NEAR(first["on-demand"]["cost_usd_month"].get<double>(), 4.9056 * 35999 / 3600 * 1.0,
              0.01);
  EXPECT_NEAR(first["managed-instances"]["cost_usd_month"].get<double>(),
              411.0264 + 0.5256 * 35999 / 3600, 0.01);
  EXPECT_EQ(j["levels"][0]["cheapest"], "on-demand");
  EXPECT_EQ(j["levels"][4]["cheapest"], "managed-instances");
  ASSERT_EQ(j["break_even"].size(), 1u);
  const json& x = j["break_even"][0];
  EXPECT_EQ(x["cheaper_below"], "on-demand");
  EXPECT_EQ(x["cheaper_above"], "managed-instances");
  // r* = 93.841 lies in the grid step [80, 110] requests/s (110/s keeps the
  // 12 vCPUs of the 12 environments below saturation: no throttles) ...
  EXPECT_LE(x["between_requests_per_s"][0].get<double>(), 93.841);
  EXPECT_GE(x["between_requests_per_s"][1].get<double>(), 93.841);
  // ... and both costs are linear in the rate, so the interpolation lands
  // on it (up to the one request per level the horizon cuts off).
  EXPECT_NEAR(x["requests_per_s"].get<double>(), 93.841, 0.1);
  EXPECT_NE(r.out.find("break-even"), std::string::npos);  // the table too
  // The page: two charts (cost, p99) with one series per kind, the
  // break-even marked. Every request runs exactly 100 ms on both kinds, so
  // their p99 lines are identical: drawn once, named together (#21).
  std::ifstream page(dir / "out.html");
  const std::string html((std::istreambuf_iterator<char>(page)), std::istreambuf_iterator<char>());
  std::size_t series = 0;
  for (std::size_t at = 0; (at = html.find("class=\"series\"", at)) != std::string::npos; ++at)
    ++series;
  EXPECT_EQ(series, 3u);
  EXPECT_NE(html.find(">on-demand = managed-instances</li>"), std::string::npos);
  EXPECT_NE(html.find("class=\"marker\""), std::string::npos);
}

TEST(CompareCli, BadInputExitsTwo) {
  const fs::path dir = scratch();
  const std::string file = write_text(dir / "s.yaml", kScenario);
  Result r = lambdasim("compare " + file + " --compute on-demand,lambda-xl");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--compute: unknown compute kind 'lambda-xl'"), std::string::npos) << r.out;
  r = lambdasim("compare " + file + " --scales 1,-2");
  EXPECT_EQ(r.exit_code, 2);
  r = lambdasim("compare " + file + " --function nope");
  EXPECT_EQ(r.exit_code, 2);
  r = lambdasim("compare " + file + " --set functions.api.managed_instances.max_concurrency=2000");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("functions.api.managed_instances.max_concurrency"), std::string::npos)
      << r.out;
}

// On-demand, Managed Instances and Web at 10, 20 and 30 requests/s, their
// monthly costs set by hand (on-demand 10, 20, 30; MI 25 flat; web 100, 100,
// 1), break-even found; Web's rates published or placeholders.
ls::tools::CompareResult three_kinds_by_hand(bool web_rates_published) {
  ls::tools::CompareResult r;
  r.kinds = {ls::tools::ComputeOption::OnDemand, ls::tools::ComputeOption::ManagedInstances,
             ls::tools::ComputeOption::Web};
  r.web_rates_published = web_rates_published;
  r.scales = {1, 2, 3};
  r.rates = {10, 20, 30};
  auto cells = [](std::initializer_list<double> costs) {
    std::vector<ls::tools::CompareCell> out;
    for (double c : costs) {
      ls::tools::CompareCell cell;
      cell.cost_month = c;
      out.push_back(cell);
    }
    return out;
  };
  r.cells = {cells({10, 20, 30}), cells({25, 25, 25}), cells({100, 100, 1})};
  ls::tools::find_break_even(r);
  return r;
}

// find_break_even on numbers set by hand: two crossings, ordered by rate.
TEST(CompareBreakEven, PairwiseCrossingsInterpolated) {
  ls::tools::CompareResult r = three_kinds_by_hand(true);
  EXPECT_EQ(r.cheapest, (std::vector<std::size_t>{0, 0, 2}));
  // on-demand vs MI: 10 - 25 = -15 at 10/s, 30 - 25 = +5 at 30/s ... the
  // step [20, 30]: -5 -> +5, crossing at 25/s.
  ASSERT_GE(r.crossovers.size(), 2u);
  EXPECT_DOUBLE_EQ(r.crossovers[0].rate, 25.0);
  EXPECT_EQ(r.crossovers[0].below, 0u);
  EXPECT_EQ(r.crossovers[0].above, 1u);
}

// Web Functions priced on placeholder rates (AWS has not published them)
// are never the cheapest and never in a break-even, even when lower: the
// same costs as above, ranked without web.
TEST(CompareBreakEven, PlaceholderPricedKindIsRankedApart) {
  ls::tools::CompareResult r = three_kinds_by_hand(false);
  EXPECT_TRUE(r.placeholder(2));
  EXPECT_EQ(r.cheapest, (std::vector<std::size_t>{0, 0, 1}));  // not web at 30/s
  ASSERT_EQ(r.crossovers.size(), 1u);
  EXPECT_EQ(r.crossovers[0].below, 0u);
  EXPECT_EQ(r.crossovers[0].above, 1u);
  EXPECT_DOUBLE_EQ(r.crossovers[0].rate, 25.0);
}

// Each row says what it keeps of the scenario's provisioned concurrency.
TEST(CompareCli, RowsSayWhatTheyKeepOfTheProvisionedConcurrency) {
  const fs::path dir = scratch();
  const std::string file = write_text(dir / "s.yaml", kScenario);
  const std::string base = "compare " + file +
                           " --function api --compute on-demand,provisioned --scales 1 --horizon "
                           "10m --json " +
                           (dir / "out.json").string();
  Result r = lambdasim(base);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  json j = json::parse(std::ifstream(dir / "out.json"));
  ASSERT_EQ(j["notes"].size(), 2u);
  EXPECT_EQ(j["notes"][0], "on-demand: as in the scenario (it has no provisioned concurrency)");
  EXPECT_NE(j["notes"][1].get<std::string>().find("the on-demand run's mean concurrency"),
            std::string::npos);
  EXPECT_NE(r.out.find("on-demand: as in the scenario"), std::string::npos) << r.out;
  r = lambdasim(base + " --set functions.api.provisioned_concurrency=5");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  j = json::parse(std::ifstream(dir / "out.json"));
  EXPECT_EQ(j["notes"][0],
            "on-demand: the scenario's provisioned concurrency (a constant 5) is removed: every "
            "request runs on demand");
  EXPECT_EQ(j["notes"][1],
            "provisioned: the scenario's own provisioned concurrency (a constant 5)");
  EXPECT_TRUE(j["not_ranked"].empty());
}

// Managed Instances take synchronous requests only: for an async function
// the default comparison leaves that row out and says why; asking for it
// by --compute is an error naming the option. Without request latency
// (async), p50 and p99 read "–", as in run's table.
TEST(CompareCli, KindTheFunctionCannotRunOnIsLeftOutWithANote) {
  const fs::path dir = scratch();
  const std::string file = write_text(dir / "async.yaml", R"(
horizon: 10m
functions:
  thumb: {memory_mb: 512, init: 0s, duration: 100ms}
workloads:
  - {function: thumb, invocation: async, arrivals: {process: constant, rate: 5/s}}
)");
  const std::string base = "compare " + file + " --scales 1";
  Result r = lambdasim(base + " --json " + (dir / "out.json").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const json j = json::parse(std::ifstream(dir / "out.json"));
  const json& compute = j["levels"][0]["compute"];
  EXPECT_TRUE(compute.contains("on-demand")) << j.dump();
  EXPECT_FALSE(compute.contains("managed-instances")) << j.dump();
  bool noted = false;
  for (const auto& note : j["notes"])
    noted |= note.get<std::string>().rfind(
                 "managed-instances: left out, as the function cannot "
                 "run there (functions.thumb.compute: ",
                 0) == 0;
  EXPECT_TRUE(noted) << j["notes"].dump();
  const std::string on_demand = r.out.substr(r.out.find("  on-demand "));
  EXPECT_NE(on_demand.substr(0, on_demand.find('\n')).find("\u2013"), std::string::npos) << r.out;
  r = lambdasim(base + " --compute on-demand,managed-instances");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--compute: managed-instances cannot run this function: "),
            std::string::npos)
      << r.out;
}

}  // namespace
