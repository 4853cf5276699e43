// `lambdasim calibrate` end to end: logs in, a scenario that loads, the
// backtest's JSON and page, and exit code 2 on bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "trace_cli.hpp"

namespace ls::report_testing {
namespace {

const std::string kData = std::string(LS_SOURCE_DIR) + "/tests/tools/data/calibrate/";
const std::string kLogs = std::string(LS_SOURCE_DIR) + "/scenarios/data/aws-lambda-2020/logs/";

TEST(CalibrateCli, CloudWatchJsonToAScenarioThatValidates) {
  const auto dir = scratch();
  const auto out = (dir / "fn.yaml").string();
  const CliRun r = lambdasim("calibrate " + kData + "filter-log-events.json --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("read 3 request(s) from 1 file(s) (CloudWatch Logs JSON); 3 other line(s) "
                       "skipped"),
            std::string::npos)
      << r.out;
  const std::string yaml = slurp(out);
  EXPECT_NE(yaml.find("memory_mb: 512"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("file: fn.arrivals.csv"), std::string::npos) << yaml;
  // The arrivals: REPORT time minus duration and INIT (see the fixture).
  EXPECT_EQ(slurp(dir / "fn.arrivals.csv"),
            "arrival\n1714557600.500000\n1714557659.800000\n1714557660.700000\n");
  const CliRun v = lambdasim("validate " + out);
  EXPECT_EQ(v.exit_code, 0) << v.out;
}

TEST(CalibrateCli, BacktestOfA2020LogInTableJsonAndHtml) {
  const auto dir = scratch();
  const auto out = (dir / "log.yaml").string();
  const CliRun r =
      lambdasim("calibrate " + kLogs + "res-01-2020-06-04_23-02-14.csv --memory-mb 128 --out " +
                out + " --backtest --replications 2 --json " + (dir / "e.json").string() +
                " --html " + (dir / "b.html").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("cold starts"), std::string::npos) << r.out;
  const auto j = nlohmann::json::parse(slurp(dir / "e.json"));
  // The log's own counts (scenarios/data/aws-lambda-2020/README.md): 246 requests, 52 cold.
  EXPECT_EQ(j["observed"]["requests"], 246);
  EXPECT_EQ(j["observed"]["cold_starts"], 52);
  EXPECT_EQ(j["backtest"]["cold_starts"]["observed"], 52.0);
  EXPECT_EQ(j["backtest"]["replications"], 2);
  // The 2020 logs have no INIT durations: the latency rows compare the
  // duration alone with duration + the assumed INIT, so they give no error.
  for (const char* key : {"latency_p50_ms", "latency_p99_ms"}) {
    EXPECT_TRUE(j["backtest"][key]["error"].is_null()) << key;
    EXPECT_NE(j["backtest"][key]["caveat"].get<std::string>().find("no INIT durations"),
              std::string::npos);
  }
  EXPECT_TRUE(j["backtest"]["cold_starts"]["error"].is_number());
  EXPECT_NE(r.out.find("* the logs have no INIT durations"), std::string::npos) << r.out;
  // Billed in 100 ms steps (2020): the scenario prices it with the 2020 table.
  EXPECT_NE(slurp(out).find("aws-us-east-1-2020-100ms"), std::string::npos);
  const std::string html = slurp(dir / "b.html");
  EXPECT_NE(html.find("Environments over time"), std::string::npos);
  EXPECT_EQ(lambdasim("validate " + out).exit_code, 0);
}

TEST(CalibrateCli, RunComparesAnyScenarioWithLogs) {
  // The 2020 preset's own scenario for a log, run with --compare-to that log.
  const auto dir = scratch();
  const auto out = (dir / "log.yaml").string();
  const std::string log = kLogs + "res-01-2020-05-28_01-57-40.csv";
  ASSERT_EQ(lambdasim("calibrate " + log +
                      " --memory-mb 128 --preset aws-2020 --no-lifecycle --out " + out)
                .exit_code,
            0);
  const CliRun r = lambdasim("run " + out + " -q --compare-to " + log);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // 59 cold starts in that log (its README), 186 requests, replayed.
  EXPECT_NE(r.out.find("cold starts                        59"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("requests                          186                    186"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("bill (USD)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\n! "), std::string::npos) << r.out;  // same traffic: no warning
  // Another scenario's traffic against these logs: said, not compared silently.
  const CliRun other = lambdasim("run " + kQuickstart + " -q --horizon 10m --compare-to " + log);
  ASSERT_EQ(other.exit_code, 0) << other.out;
  EXPECT_NE(other.out.find("\n! the scenario sent "), std::string::npos) << other.out;
  EXPECT_NE(other.out.find(" where the logs have 186 ("), std::string::npos) << other.out;
}

TEST(CalibrateCli, BadInputExitsTwoNamingFileAndLine) {
  const auto dir = scratch();
  const std::string bad = write_text(dir / "bad.csv", "start,duration_ms,memory_mb\n1,x,128\n");
  const CliRun r = lambdasim("calibrate " + bad + " --out " + (dir / "s.yaml").string());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find(bad + ":2"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir / "s.yaml"));
  EXPECT_FALSE(fs::exists(dir / "s.arrivals.csv"));
  const CliRun m = lambdasim("calibrate " + kLogs + "res-01-2020-06-04_23-02-14.csv --out " +
                             (dir / "t.yaml").string());
  EXPECT_EQ(m.exit_code, 2) << m.out;
  EXPECT_NE(m.out.find("give --memory-mb"), std::string::npos) << m.out;
}

}  // namespace
}  // namespace ls::report_testing
