// CloudWatch metrics for `lambdasim import`: the lognormal matched to a mean
// and a percentile against the closed form of a known lognormal; per-minute
// counts from 5-minute periods against hand-spread numbers (and exact
// totals); get-metric-statistics with an inferred period; missing
// datapoints, PartialData and an account-wide query reported; the template +
// metrics round trip with its backtest, whose invocation totals must equal
// the fixture's sums (scenarios/examples/import/make_metrics.py); bad input ->
// exit 2 with the key path.
#include "tools/study/import_metrics.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "trace_cli.hpp"

namespace {

using namespace ls::report_testing;
using namespace ls::tools::import;

constexpr double kZ99 = 2.3263478740408408;  // standard normal 0.99 quantile (tables)

TEST(ImportMetrics, LognormalMatchedToMeanAndP99RecoversKnownParameters) {
  const double mu = std::log(80.0), sigma = 0.7;  // ms
  const double mean = std::exp(mu + sigma * sigma / 2);
  const double p99 = std::exp(mu + kZ99 * sigma);
  const auto m = match_lognormal(mean, p99, 0.99);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->exact);
  EXPECT_NEAR(m->mu, mu, 1e-9);
  EXPECT_NEAR(m->sigma, sigma, 1e-9);
  EXPECT_NEAR(m->median_ms(), 80.0, 1e-6);
  // A median (p50) below the mean: sigma = sqrt(2 ln(mean / median)).
  const auto half = match_lognormal(mean, 80.0, 0.5);
  ASSERT_TRUE(half);
  EXPECT_NEAR(half->sigma, sigma, 1e-6);
  // p99 more than e^(z^2/2) = 14.96 x the mean: no lognormal has that tail;
  // sigma = z keeps the p99.
  const auto wild = match_lognormal(10.0, 200.0, 0.99);
  ASSERT_TRUE(wild);
  EXPECT_FALSE(wild->exact);
  EXPECT_NEAR(wild->sigma, kZ99, 1e-9);
  EXPECT_NEAR(wild->quantile_ms(0.99), 200.0, 1e-6);
  EXPECT_FALSE(match_lognormal(0.0, 5.0, 0.99));
}

TEST(ImportMetrics, DurationOfIdenticalPeriodsIsTheirOwnMatch) {
  FunctionMetrics f;
  f.function = "fn";
  MetricSeries inv{"Invocations", "Sum", 60, {{0, 100}, {60, 300}}, "", false};
  MetricSeries avg{"Duration", "Average", 60, {{0, 120}, {60, 120}}, "", false};
  MetricSeries p99{"Duration", "p99", 60, {{0, 600}, {60, 600}}, "", false};
  f.series = {inv, avg, p99};
  const auto d = fit_duration(f);
  ASSERT_TRUE(d);
  const auto direct = match_lognormal(120, 600, 0.99);
  EXPECT_NEAR(d->fit.mu, direct->mu, 1e-6);
  EXPECT_NEAR(d->fit.sigma, direct->sigma, 1e-6);
  EXPECT_NEAR(d->quantile_ms, 600, 1e-3);
  // Two different periods: the mixture's p99 lies between theirs, nearer the
  // heavier-weighted one; the mean is invocation-weighted: (100 x 100 + 300 x 200) / 400 = 175.
  f.series[1].points = {{0, 100}, {60, 200}};
  f.series[2].points = {{0, 400}, {60, 900}};
  const auto mixed = fit_duration(f);
  ASSERT_TRUE(mixed);
  EXPECT_NEAR(mixed->mean_ms, 175.0, 1e-9);
  EXPECT_GT(mixed->quantile_ms, 400);
  EXPECT_LT(mixed->quantile_ms, 900);
}

MetricsData read_fixture(const std::string& name, MetricsOptions o = {}) {
  const std::string file = source(name);
  return read_metrics({{file, slurp(file)}}, o);
}

TEST(ImportMetrics, GetMetricDataWithQueriesReportsGapsPartialDataAndAccountMetrics) {
  const MetricsData m = read_fixture("scenarios/examples/import/sam-app-metrics.json");
  EXPECT_EQ(m.period, 300);
  EXPECT_EQ(m.end - m.start, 2 * 3600);
  ASSERT_EQ(m.functions.size(), 2u);  // the alias series joined their function's
  const FunctionMetrics& api = m.functions[0];
  EXPECT_EQ(api.function, "orders-api-prod");
  ASSERT_NE(api.find("ProvisionedConcurrentExecutions", "Maximum"), nullptr);
  EXPECT_EQ(api.find("Invocations", "Sum")->points.size(), 24u);
  auto has = [&](const std::string& text) {
    for (const auto& w : m.warnings)
      if (w.find(text) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("StatusCode PartialData (Errors Sum of orders-WorkerFunction-1A2B3C4D5E6F)"));
  EXPECT_TRUE(has("ConcurrentExecutions without a FunctionName dimension is account-wide"));
}

TEST(ImportMetrics, FiveMinutePeriodsBecomeExactPerMinuteCounts) {
  const MetricsData m = read_fixture("scenarios/examples/import/sam-app-metrics.json");
  ImportResult r;
  apply_metrics(r, m, {"s"});
  ASSERT_EQ(r.side_files.size(), 2u);
  const std::string& csv = r.side_files[0].text;
  // The first period holds 20/s x 300 s = 6000: 1200 in each of its minutes.
  EXPECT_EQ(csv.rfind("timestamp,count\n2025-01-06T07:00:00Z,1200\n2025-01-06T07:01:00Z,1200\n", 0),
            0u)
      << csv.substr(0, 80);
  // The total over the window is the sum of the datapoints.
  const nlohmann::json doc =
      nlohmann::json::parse(slurp(source("scenarios/examples/import/sam-app-metrics.json")));
  double observed = 0;
  for (const auto& v : doc["MetricDataResults"][0]["Values"]) observed += v.get<double>();
  double replayed = 0;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  int minutes = 0;
  while (std::getline(lines, line)) {
    replayed += std::stod(line.substr(line.find(',') + 1));
    ++minutes;
  }
  EXPECT_EQ(minutes, 120);
  EXPECT_EQ(replayed, observed);
  auto warned = [&](const std::string& text) {
    for (const auto& w : r.warnings)
      if (w.find(text) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(warned("2 of 24 periods have no Invocations datapoint"));
  EXPECT_TRUE(warned("period 300 s"));
  // The metrics-only scenario marks what metrics do not hold.
  const std::string yaml = scenario_yaml(r);
  EXPECT_NE(yaml.find("memory_mb: 128   # PLACEHOLDER: not in the metrics"), std::string::npos);
  EXPECT_NE(
      yaml.find("horizon: 2h   # CloudWatch window 2025-01-06T07:00:00Z to 2025-01-06T09:00:00Z"),
      std::string::npos);
}

TEST(ImportMetrics, GetMetricStatisticsPeriodInferredFromItsDatapoints) {
  MetricsOptions o;
  o.function = "orders-api-prod";
  const MetricsData m = read_fixture("tests/tools/data/import/api-invocations-statistics.json", o);
  EXPECT_EQ(m.period, 60);
  ASSERT_EQ(m.functions.size(), 1u);
  const auto& points = m.functions[0].find("Invocations", "Sum")->points;
  ASSERT_EQ(points.size(), 5u);
  // 07:03 has no datapoint: the window is 07:00-07:06 with a 0 in it.
  ImportResult r;
  apply_metrics(r, m, {"s"});
  EXPECT_EQ(r.side_files[0].text,
            "timestamp,count\n2025-01-06T07:00:00Z,1210\n2025-01-06T07:01:00Z,1202\n2025-01-06T07:"
            "02:00Z,1190\n"
            "2025-01-06T07:03:00Z,0\n2025-01-06T07:04:00Z,1175\n2025-01-06T07:05:00Z,1230\n");
}

TEST(ImportMetricsCli, TemplatePlusMetricsRoundTripAndBacktest) {
  const fs::path dir = scratch();
  const std::string out = (dir / "app.yaml").string();
  const std::string json = (dir / "backtest.json").string();
  const CliRun r =
      lambdasim("import " + source("scenarios/examples/import/sam-app.yml") + " " +
                source("scenarios/examples/import/sam-app-metrics.json") +
                " --parameter ReportTimeout=300 -o " + out + " --backtest --backtest-json " + json +
                " --backtest-html " + (dir / "b.html").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("backtest of sam-app"), std::string::npos) << r.out;
  const YAML::Node s = YAML::LoadFile(out);
  EXPECT_EQ(s["horizon"].as<std::string>(), "2h");
  EXPECT_EQ(s["workloads"][0]["arrivals"]["file"].as<std::string>(),
            "app-ApiFunction-invocations.csv");
  EXPECT_EQ(s["functions"]["ApiFunction"]["errors"]["rate"].as<double>(), 0.005);
  // The scheduled PC is laid out from the metrics' start (07:00): 10, then 50 at 08:00.
  EXPECT_EQ(s["functions"]["ApiFunction"]["provisioned_concurrency"]["schedule"][1]["at"]
                .as<std::string>(),
            "1h");
  EXPECT_EQ(lambdasim("validate " + out).exit_code, 0);
  const nlohmann::json b = nlohmann::json::parse(slurp(json));
  const nlohmann::json fixture =
      nlohmann::json::parse(slurp(source("scenarios/examples/import/sam-app-metrics.json")));
  double api = 0;
  for (const auto& v : fixture["MetricDataResults"][0]["Values"]) api += v.get<double>();
  ASSERT_EQ(b["functions"].size(), 2u);
  EXPECT_EQ(b["functions"][0]["observed"]["invocations"].get<double>(), api);
  // Every offered request runs (no throttle: reserved 200 >> the peak), so
  // the replay reproduces the invocations period by period.
  EXPECT_EQ(b["functions"][0]["simulated"]["invocations"].get<double>(), api);
  EXPECT_EQ(b["functions"][0]["error"]["invocations_mape"].get<double>(), 0.0);
  EXPECT_EQ(b["functions"][0]["periods"].size(), 24u);
  EXPECT_TRUE(b["functions"][1]["observed"]["throttles"].is_null());  // no Throttles query
  // The page: per function an invocations and a peak chart, and its 24
  // periods in a table (with the header row).
  const std::string page = slurp(dir / "b.html");
  auto count = [&](const std::string& what, std::size_t from = 0,
                   std::size_t to = std::string::npos) {
    std::size_t n = 0;
    for (auto at = page.find(what, from); at != std::string::npos && at < to;
         at = page.find(what, at + 1))
      ++n;
    return n;
  };
  EXPECT_EQ(count("<figure class=\"chart\""), 4u);
  EXPECT_EQ(count("<summary>per period</summary>"), 2u);
  const auto details = page.find("<details>");
  EXPECT_EQ(count("<tr>", details, page.find("</details>", details)), 25u);
  // The worker's observed peak has periods without a datapoint (null in
  // the JSON): its line has a gap there, a second "M" (move) in its path,
  // not a line drawn over them.
  bool worker_has_gaps = false;
  for (const auto& p : b["functions"][1]["periods"])
    worker_has_gaps |= p["peak_concurrency"][0].is_null();
  ASSERT_TRUE(worker_has_gaps);
  const auto worker = page.find("<h2>WorkerFunction</h2>");
  const auto peak = page.find("Concurrency peak per period", worker);
  const auto path = page.find("data-series=\"0\" d=\"M", peak);
  ASSERT_NE(path, std::string::npos);
  const std::string d = page.substr(path, page.find('"', path + 20) - path);
  EXPECT_NE(d.find(" M"), std::string::npos) << d;
}

TEST(ImportMetricsCli, BadMetricsExitTwoWithWhereAndWhat) {
  const fs::path dir = scratch();
  const std::string out = (dir / "s.yaml").string();
  const std::string broken =
      write_text(dir / "broken.json", "{\"MetricDataResults\": [\n  {\"Id\": \"a\",}\n]}\n");
  CliRun r = lambdasim("import " + broken + " -o " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("broken.json:2:"), std::string::npos) << r.out;
  const std::string lone = write_text(
      dir / "lone.json",
      R"({"MetricDataResults": [{"Id": "m1", "Label": "Invocations", "Timestamps": [], "Values": []}]})");
  r = lambdasim("import " + lone + " -o " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("lone.json: MetricDataResults[0].Id: no query with Id 'm1'"),
            std::string::npos)
      << r.out;
  r = lambdasim("import " + source("tests/tools/data/import/api-invocations-statistics.json") +
                " -o " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("give its FunctionName with --function NAME"), std::string::npos) << r.out;
  const std::string bad_ts = write_text(
      dir / "ts.json",
      R"({"Label": "Invocations", "Datapoints": [{"Timestamp": "yesterday", "Sum": 1}]})");
  r = lambdasim("import --metrics " + bad_ts + " --function f -o " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("ts.json: Datapoints[0].Timestamp: expected a timestamp"), std::string::npos)
      << r.out;
  const std::string shape = write_text(dir / "shape.json", R"({"MetricDataResults": [5]})");
  r = lambdasim("import " + shape + " -o " + out);
  EXPECT_EQ(r.exit_code, 2) << r.out;  // a type error is bad input, not an internal error
  EXPECT_NE(r.out.find("shape.json: not the shape of a CloudWatch output"), std::string::npos)
      << r.out;
  r = lambdasim("import " + source("scenarios/examples/import/sam-app-metrics.json"));  // no --out
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("metrics need --out FILE"), std::string::npos) << r.out;
}

}  // namespace

namespace {

// The bundled example is what import writes from the bundled inputs.
TEST(ImportMetricsCli, BundledExampleIsUpToDate) {
  const fs::path dir = scratch();
  const std::string ex = source("scenarios/examples/import/");
  const CliRun r = lambdasim("import " + ex + "sam-app.yml " + ex + "sam-app-cur.csv.gz " + ex +
                             "sam-app-metrics.json -p ReportTimeout=300 --name orders -o " +
                             (dir / "orders.yaml").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const char* f : {"orders.yaml", "orders-ApiFunction-invocations.csv",
                        "orders-WorkerFunction-invocations.csv"})
    EXPECT_EQ(slurp(dir / f), slurp(ex + f))
        << f << ": regenerate with the command in docs/import.md";
  // What the scenario cannot replay is said beside the function: the
  // fixture's largest ProvisionedConcurrentExecutions and its spillover sum.
  const std::string text = slurp(dir / "orders.yaml");
  EXPECT_NE(text.find("# observed peak on provisioned concurrency 15 (CloudWatch "
                      "ProvisionedConcurrentExecutions Maximum)"),
            std::string::npos);
  EXPECT_NE(text.find("# observed 0 invocations beyond provisioned concurrency, 0.00% of "
                      "Invocations (CloudWatch ProvisionedConcurrencySpilloverInvocations Sum)"),
            std::string::npos);
}

}  // namespace

namespace {

// High-resolution periods (30 s) add up into minutes; an hour spreads evenly.
TEST(ImportMetrics, SubMinuteAndHourPeriodsIntoMinutes) {
  MetricsData m;
  FunctionMetrics f;
  f.function = "fast";
  f.series.push_back(
      {"Invocations", "Sum", 30, {{1000020, 100}, {1000050, 50}, {1000080, 10}}, "", false});
  m.functions.push_back(f);
  m.start = 1000020;
  m.end = 1000110;
  m.period = 30;
  ImportResult r;
  apply_metrics(r, m, {"s"});
  ASSERT_EQ(r.side_files.size(), 1u);
  // 90 s from the first period: minute 0 holds the first two periods, minute 1 the third.
  EXPECT_NE(r.side_files[0].text.find(",150\n"), std::string::npos) << r.side_files[0].text;
  EXPECT_NE(r.side_files[0].text.find(",10\n"), std::string::npos) << r.side_files[0].text;
  // 3,601 invocations in one hour: 60 minutes of 60 or 61, 3,601 in all.
  MetricsData h;
  f.series = {{"Invocations", "Sum", 3600, {{0, 3601}}, "", false}};
  h.functions = {f};
  h.start = 0;
  h.end = 3600;
  h.period = 3600;
  ImportResult rh;
  apply_metrics(rh, h, {"s"});
  std::istringstream lines(rh.side_files[0].text);
  std::string line;
  std::getline(lines, line);
  long total = 0;
  int minutes = 0;
  while (std::getline(lines, line)) {
    const long n = std::stol(line.substr(line.find(',') + 1));
    EXPECT_TRUE(n == 60 || n == 61) << line;
    total += n;
    ++minutes;
  }
  EXPECT_EQ(minutes, 60);
  EXPECT_EQ(total, 3601);
}

}  // namespace
