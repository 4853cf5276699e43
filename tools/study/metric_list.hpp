// The metrics of a report, declared once: one row each, with its key, what
// it means, its unit and how it is read from the run's results. The report
// (report_metrics.cpp) emits them by iterating this list, for every function
// and for the totals; the JSON, CSV and `collect` writers then iterate the
// emitted list, and the table and pages read chosen ones by key. A new
// metric is one row in metric_list.cpp (and, when it reads a quantity the
// block does not have yet, one field in MetricBlock).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "models/run_result.hpp"
#include "sim/stats.hpp"

namespace ls::tools {

// a / b, or 0 when b is 0 (a rate of nothing reads as none).
double metric_ratio(double a, double b);

// What a block of metrics is read from: one function's statistics, or all
// functions' (counters summed, histograms merged, levels' means summed and
// their maxima the largest of any function).
class MetricBlock {
 public:
  // `instance_hours`: the billed Managed Instances hours (from the bill).
  void add(const models::FunctionStats& s, sim::Time end, double instance_hours);

  // A counter summed over the block's functions.
  double sum(std::uint64_t models::FunctionStats::*counter) const;
  double throttled_by(std::size_t cause) const;

  sim::LogHistogram latency_ms, async_age_success_ms, async_age_failure_ms, batch_size,
      source_age_ms;
  double concurrency_mean = 0, concurrency_max = 0, environments_mean = 0, environments_max = 0,
         instances_mean = 0, instances_max = 0, instance_hours = 0, provisioned_mean = 0,
         provisioned_busy_mean = 0, queue_mean = 0, queue_max = 0, backlog_mean = 0,
         backlog_max = 0, pollers_mean = 0, pollers_max = 0;

 private:
  std::vector<const models::FunctionStats*> functions_;
};

// Which blocks show a metric: a function's block has levels (the largest
// level, instances, provisioned) that mean nothing summed over functions.
enum class MetricScope : std::uint8_t { Both, FunctionOnly };

struct MetricRow {
  const char* key;    // dotted, under "functions.<name>." and "totals."
  const char* label;  // what it is, for people
  const char* unit;   // "requests", "ms", "ratio", "environments", ...
  bool integer;       // a count: printed without decimals when not averaged
  MetricScope scope;
  double (*read)(const MetricBlock&);
};

// In report order (the JSON's keys keep it).
std::span<const MetricRow> metric_rows();

}  // namespace ls::tools
