// The numbers of a report as an ordered table of named metrics
// (metric_table.hpp): one per replication, then aggregated (mean and 95 % CI
// half-width) across them. The JSON report, the summary table and `collect`
// all read this table, so a key exists in one place only.
#pragma once

#include <vector>

#include "models/billing.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "tools/study/metric_lookup.hpp"
#include "tools/study/metric_table.hpp"

namespace ls::tools {

// Metrics of one replication, in report order (a block per function, then
// the account's), each path prefix contiguous. MetricTable::aggregate
// combines the replications' tables.
MetricTable collect_metrics(const models::Scenario& scenario, const models::RunResult& run,
                            const models::Bill& bill);

// Whether each function has request latency to show: some workload invokes
// it synchronously and directly. Async events and queue messages have ages,
// not caller-visible latency (their latency percentiles would read 0 ms).
// One pass over the workloads for all functions (asking per function would
// be n² in a report of n functions).
std::vector<bool> request_latency_functions(const models::Scenario& scenario);

}  // namespace ls::tools
