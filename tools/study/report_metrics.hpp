// The numbers of a report as an ordered list of named metrics: one list per
// replication, then aggregated (mean and 95 % CI half-width) across them.
// The JSON report, the summary table and `collect` all read this list, so a
// key exists in one place only.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/billing.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "tools/study/metric_path.hpp"

namespace ls::tools {

struct Metric {
  MetricPath path;  // e.g. {"functions", "api", "latency_ms", "p99"}
  double value = 0.0;
  bool integer = false;  // a count: printed without decimals when not averaged
};

// Metrics of one replication, grouped so that each path prefix is contiguous.
std::vector<Metric> collect_metrics(const models::Scenario& scenario, const models::RunResult& run,
                                    const models::Bill& bill);

struct AggregatedMetric {
  MetricPath path;
  double mean = 0.0;
  double ci95 = 0.0;
  bool integer = false;
};

// Requires every replication to have the same metric paths in the same order.
// Takes the replications' lists by value: pass them with std::move when
// they are no longer needed, so the paths move instead of being copied.
std::vector<AggregatedMetric> aggregate(std::vector<std::vector<Metric>> replications);

// Whether each function has request latency to show: some workload invokes
// it synchronously and directly. Async events and queue messages have ages,
// not caller-visible latency (their latency percentiles would read 0 ms).
// One pass over the workloads for all functions (asking per function would
// be n² in a report of n functions).
std::vector<bool> request_latency_functions(const models::Scenario& scenario);

// Looks a metric up by its dotted path ("totals.arrivals"); nullptr if absent.
// A linear scan: for a few look-ups (MetricLookup indexes many).
const AggregatedMetric* find_metric(const std::vector<AggregatedMetric>& metrics,
                                    const std::string& dotted_path);

// Reads metrics by dotted path, for the writers and studies that show or
// compare chosen ones. Each look-up is O(log n) in the number of metrics
// (a report of 10,000 functions has a million of them and looks up about
// ten per function): an index of path hashes sorted once, 16 bytes per
// metric, every hit confirmed against the path itself.
class MetricLookup {
 public:
  explicit MetricLookup(const std::vector<AggregatedMetric>& metrics, bool with_ci = false);
  // The mean; 0 when absent (a block this run does not produce).
  double operator()(const std::string& dotted_path) const;
  // The mean formatted with the fmt `spec` (e.g. "{:.1f}"), followed by
  // " ±" and the 95 % CI half-width when constructed with_ci; "-" if absent.
  std::string with_ci(const std::string& dotted_path, const char* spec) const;
  // The metric itself; nullptr if absent.
  const AggregatedMetric* find(const std::string& dotted_path) const;

 private:
  const std::vector<AggregatedMetric>& metrics_;
  bool ci_;
  // (hash of the dotted path, index into metrics_), sorted.
  std::vector<std::pair<std::uint64_t, std::size_t>> index_;
};

}  // namespace ls::tools
