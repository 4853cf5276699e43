// The numbers of a report as an ordered table of named metrics
// (metric_table.hpp): one per replication, then aggregated (mean and 95 % CI
// half-width) across them. The JSON report, the summary table and `collect`
// all read this table, so a key exists in one place only.
#pragma once

#include <string_view>
#include <vector>

#include "models/billing.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "tools/study/metric_lookup.hpp"
#include "tools/study/metric_table.hpp"

namespace ls::tools {

// How much of each function a report lists.
enum class FunctionMetrics {
  All,  // every metric (the JSON and HTML reports, studies)
  // Only those `lambdasim run`'s table reads of a function (kTableFunction-
  // Metrics): a fleet's table shows 50 functions and the others' sums, and
  // the other ~80 metrics of each function were a tenth of a 100,000-
  // function run's time and 70 MB (issue #20). The account's are all kept.
  Table,
};

// The function metrics FunctionMetrics::Table keeps, by key below the
// function's prefix; a key ending in '.' keeps every metric under it. Of
// the bill's lines only cost_usd.total is kept.
inline constexpr std::string_view kTableFunctionMetrics[] = {
    "arrivals",         "invocations",    "throttled",      "cold_starts",      "cold_start_ratio",
    "concurrency.mean", "latency_ms.p50", "latency_ms.p99", "environments.max", "dlq",
    "dropped",          "durable.",       "cost_usd.total"};

// Metrics of one replication, in report order (a block per function, then
// the account's), each path prefix contiguous. MetricTable::aggregate
// combines the replications' tables.
MetricTable collect_metrics(const models::Scenario& scenario, const models::RunResult& run,
                            const models::Bill& bill,
                            FunctionMetrics function_metrics = FunctionMetrics::All);

// Whether each function has request latency to show: some workload invokes
// it synchronously and directly. Async events and queue messages have ages,
// not caller-visible latency (their latency percentiles would read 0 ms).
// One pass over the workloads for all functions (asking per function would
// be n² in a report of n functions).
std::vector<bool> request_latency_functions(const models::Scenario& scenario);

}  // namespace ls::tools
