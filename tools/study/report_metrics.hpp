// The numbers of a report as an ordered list of named metrics: one list per
// replication, then aggregated (mean and 95 % CI half-width) across them.
// The JSON report, the summary table and `collect` all read this list, so a
// key exists in one place only.
#pragma once

#include <string>
#include <vector>

#include "models/billing.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"

namespace ls::tools {

struct Metric {
  std::vector<std::string> path;  // e.g. {"functions", "api", "latency_ms", "p99"}
  double value = 0.0;
  bool integer = false;  // a count: printed without decimals when not averaged
};

// Metrics of one replication, grouped so that each path prefix is contiguous.
std::vector<Metric> collect_metrics(const models::Scenario& scenario, const models::RunResult& run,
                                    const models::Bill& bill);

struct AggregatedMetric {
  std::vector<std::string> path;
  double mean = 0.0;
  double ci95 = 0.0;
  bool integer = false;
};

// Requires every replication to have the same metric paths in the same order.
std::vector<AggregatedMetric> aggregate(const std::vector<std::vector<Metric>>& replications);

// Looks a metric up by its dotted path ("totals.arrivals"); nullptr if absent.
// Whether function f has request latency to show: some workload invokes it
// synchronously and directly. Async events and queue messages have ages,
// not caller-visible latency (their latency percentiles would read 0 ms).
bool has_request_latency(const models::Scenario& scenario, std::size_t f);

const AggregatedMetric* find_metric(const std::vector<AggregatedMetric>& metrics,
                                    const std::string& dotted_path);

// Reads metrics by dotted path, for the writers and studies that show or
// compare chosen ones.
class MetricLookup {
 public:
  explicit MetricLookup(const std::vector<AggregatedMetric>& metrics, bool with_ci = false)
      : metrics_(metrics), ci_(with_ci) {}
  // The mean; 0 when absent (a block this run does not produce).
  double operator()(const std::string& dotted_path) const;
  // The mean formatted with the fmt `spec` (e.g. "{:.1f}"), followed by
  // " ±" and the 95 % CI half-width when constructed with_ci; "-" if absent.
  std::string with_ci(const std::string& dotted_path, const char* spec) const;

 private:
  const std::vector<AggregatedMetric>& metrics_;
  bool ci_;
};

}  // namespace ls::tools
