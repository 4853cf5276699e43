// A function nobody invokes holds no bucket of its latency histograms
// (they are allocated with the first value; issue #20), yet its report is
// the same as any function's: the same metric keys in the same order as a
// busy twin's, every count zero and every percentile 0. The busy twin runs
// a fixed 100 ms, so its median latency must read 100 ms (within the
// histogram's 1 %): a report that lost its buckets would not.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "tools/study/runner.hpp"

namespace ls::tools {
namespace {

constexpr const char* kScenario = R"(
scenario: idle-twin
seed: 7
horizon: 10m
warmup: 0s
platform: {preset: aws-2025}
functions:
  busy:
    memory_mb: 512
    init: {dist: fixed, value: 200ms}
    duration: {dist: fixed, value: 100ms}
  idle:
    memory_mb: 512
    init: {dist: fixed, value: 200ms}
    duration: {dist: fixed, value: 100ms}
workloads:
  - function: busy
    arrivals: {process: poisson, rate: 20/s}
)";

// The metrics under functions.<name>, as (key after the name, value).
std::vector<std::pair<std::string, double>> function_metrics(const MetricTable& metrics,
                                                             const std::string& name) {
  std::vector<std::pair<std::string, double>> out;
  for (const AggregatedMetric m : metrics) {
    if (m.path.size() < 3 || m.path[0] != "functions" || m.path[1] != name) continue;
    std::string key;
    for (std::size_t i = 2; i < m.path.size(); ++i) key += (i > 2 ? "." : "") + m.path[i];
    out.emplace_back(key, m.mean);
  }
  return out;
}

double value_of(const std::vector<std::pair<std::string, double>>& metrics,
                const std::string& key) {
  for (const auto& [k, v] : metrics)
    if (k == key) return v;
  ADD_FAILURE() << "no metric " << key;
  return -1;
}

TEST(IdleFunctionReport, HasTheBusyFunctionsKeysAndZeroValues) {
  const models::Scenario scenario = models::load_scenario_text(kScenario, "idle-twin", ".", {});
  RunnerOptions options;
  options.threads = 1;
  const RunSet set = run_replications(scenario, options);
  const auto busy = function_metrics(set.metrics, "busy");
  const auto idle = function_metrics(set.metrics, "idle");
  ASSERT_FALSE(busy.empty());
  ASSERT_EQ(idle.size(), busy.size());
  for (std::size_t i = 0; i < busy.size(); ++i) EXPECT_EQ(idle[i].first, busy[i].first);
  // So the table stores their suffixes once: one shape for both blocks.
  ASSERT_GE(set.metrics.blocks().size(), 2u);
  EXPECT_EQ(set.metrics.blocks()[0].shape, set.metrics.blocks()[1].shape);
  // Nothing ran: every count, level, percentile and charge reads 0.
  for (const auto& [key, value] : idle) EXPECT_EQ(value, 0.0) << key;
  // The busy twin: ~12,000 requests, warm ones at exactly 100 ms.
  EXPECT_GT(value_of(busy, "arrivals"), 10'000);
  EXPECT_NEAR(value_of(busy, "latency_ms.p50"), 100.0, 1.0);
  EXPECT_EQ(set.runs[0].functions[1].latency_ms.count(), 0u);
}

}  // namespace
}  // namespace ls::tools
