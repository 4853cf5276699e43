// CSV time series: one row per function per reporting interval.
#pragma once

#include <string>
#include <vector>

#include "models/billing.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "tools/io/text_sink.hpp"

namespace ls::tools {

// The cost of each row of `run.series` (same order): each function's bill
// apportioned over the intervals by what drives each line — requests by
// invocations, INIT by cold starts, on-demand duration and ephemeral storage
// by busy on-demand environment-seconds, provisioned duration by busy
// provisioned environment-seconds, provisioned allocation by provisioned
// environment-seconds, the free-tier credit with the lines it offsets. A
// function's column therefore sums to its bill (its `cost_usd.total` in the
// JSON report) up to rounding; a bill projected to a month is scaled back to
// the run's horizon first. The split is an attribution, not a second bill:
// the simulator books a request's billed duration when it starts.
std::vector<double> interval_costs(const models::Scenario& scenario, const models::RunResult& run,
                                   const models::Bill& bill);

// The series of one replication (`bill` is its bill), as CSV text with a
// header row: time_s, function, arrivals, invocations, cold_starts,
// throttled, concurrency_mean, concurrency_max, environments_mean,
// provisioned_mean, provisioned_busy_mean, queue_depth_mean, cost_usd.
std::string series_csv(const models::Scenario& scenario, const models::RunResult& run,
                       const models::Bill& bill);

// The same text streamed into `sink` (e.g. an AtomicFile) in chunks, never
// held whole: a fleet's series is a row per function and interval.
void write_series_csv(TextSink& sink, const models::Scenario& scenario,
                      const models::RunResult& run, const models::Bill& bill);

}  // namespace ls::tools
