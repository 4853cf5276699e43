// The metrics of a report, declared once: one row each, with its key, what
// it means, its unit and how it is read from the run's results. The report
// (report_metrics.cpp) emits them by iterating this list, for every function
// and for the totals; the JSON, CSV and `collect` writers then iterate the
// emitted list, and the table and pages read chosen ones by key. A new
// metric is one row in metric_list.cpp (and, when it reads a quantity the
// block does not have yet, one field in MetricBlock). A feature's metrics
// are rows too, with a `listed_when` predicate: they are listed only for
// scenarios that use the feature, so the reports of the others keep their
// keys.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "models/billing.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "models/usage.hpp"
#include "sim/stats.hpp"

namespace ls::tools {

// a / b, or 0 when b is 0 (a rate of nothing reads as none).
double metric_ratio(double a, double b);

// Which opt-in features a scenario uses, found once per report (asked per
// function, the workload scans would cost n² in a report of n functions).
struct MetricFeatures {
  explicit MetricFeatures(const models::Scenario& scenario);
  bool payloads = false;                 // some workload has a payload: block
  bool front_doors = false;              // some workload has a front door
  bool emits = false;                    // some function emits events (functions.<name>.emits)
  std::vector<bool> provisioned_source;  // by function: an event source in provisioned mode
};

// What a block of metrics is read from: one function's statistics, or all
// functions' (counters summed, histograms merged, levels' means summed and
// their maxima the largest of any function).
class MetricBlock {
 public:
  // `instance_hours`: the billed Managed Instances hours (from the bill).
  // `idle_memory_gb`: the memory of one of the function's environments, for
  // its idle GB-s (0 leaves it out: multi-concurrency compute, whose busy
  // level counts requests, not environments).
  void add(const models::FunctionStats& s, sim::Time end, double instance_hours,
           double idle_memory_gb = 0.0);

  // A counter summed over the block's functions: one of their statistics,
  // or of a part of them (models/stats_parts.hpp; zero where absent).
  template <class Part>
  double sum(std::uint64_t Part::*counter) const {
    std::uint64_t n = 0;
    for (const models::FunctionStats* s : functions_) n += s->part<Part>().*counter;
    return static_cast<double>(n);
  }
  double throttled_by(std::size_t cause) const;
  // A function's block: its statistics (for rows of MetricScope::FunctionOnly).
  const models::FunctionStats& function_stats() const { return *functions_.front(); }

  // What the feature rows read beside the statistics, set by the report:
  // the scenario's features, the block's bill (a function's, or the total)
  // and the whole bill; for a function's block, its index, configuration
  // and usage (null in the totals' block).
  const MetricFeatures* features = nullptr;
  const models::CostBreakdown* cost = nullptr;
  const models::Bill* bill = nullptr;
  std::size_t index = 0;
  const models::FunctionConfig* function = nullptr;
  const models::FunctionUsage* usage = nullptr;

  sim::LogHistogram latency_ms, async_age_success_ms, async_age_failure_ms, batch_size,
      source_age_ms;
  double concurrency_mean = 0, concurrency_max = 0, environments_mean = 0, environments_max = 0,
         instances_mean = 0, instances_max = 0, instance_hours = 0, provisioned_mean = 0,
         provisioned_busy_mean = 0, queue_mean = 0, queue_max = 0, backlog_mean = 0,
         backlog_max = 0, pollers_mean = 0, pollers_max = 0, event_pollers_mean = 0,
         event_pollers_max = 0, tenant_environments_mean = 0, tenant_environments_max = 0,
         idle_gb_s = 0;

 private:
  std::vector<const models::FunctionStats*> functions_;
};

// Which blocks show a metric: a function's block has levels (the largest
// level, instances, provisioned) that mean nothing summed over functions;
// an account-wide metric (the savings plan) is listed once, at the top
// level, after the bill.
enum class MetricScope : std::uint8_t { Both, FunctionOnly, Account };

// Where a block lists a metric: with the statistics, before the bill's
// lines (cost_usd.*), or after them.
enum class MetricPlace : std::uint8_t { BeforeCost, AfterCost };

struct MetricRow {
  const char* key;    // dotted, under "functions.<name>." and "totals."
  const char* label;  // what it is, for people
  const char* unit;   // "requests", "ms", "ratio", "environments", ...
  bool integer;       // a count: printed without decimals when not averaged
  MetricScope scope;
  double (*read)(const MetricBlock&);
  // A feature's metric: listed only for blocks this says yes to (null:
  // always listed). Every replication of a scenario lists the same ones.
  bool (*listed_when)(const MetricBlock&) = nullptr;
  MetricPlace place = MetricPlace::BeforeCost;

  bool listed_for(const MetricBlock& b) const { return listed_when == nullptr || listed_when(b); }
};

// In report order (the JSON's keys keep it).
std::span<const MetricRow> metric_rows();

}  // namespace ls::tools
