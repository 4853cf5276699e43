// Limits that keep a run's memory and time bounded, checked before any run
// starts (docs/limits.md): each a clear ls::Error (exit 2) naming the
// option or key and the limit, instead of hours of simulation or an
// out-of-memory abort. One more, the number of requests held at once, is
// enforced during the run (RunOptions::max_held_requests) because it depends
// on throttling that only the simulation knows.
#pragma once

#include <cstdint>
#include <string>

#include "models/scenario.hpp"
#include "sim/time.hpp"

namespace ls::tools {

struct RunLimits {
  // Expected requests (first attempts, all replications) one scenario may
  // simulate: about 2.5 h of one core at the ~2.3 million served requests
  // per second measured (1e4/s for 600 s in 2.6 s). `--max-requests`.
  double max_requests = 2e10;
  // Rows of the time series held in memory (intervals × functions ×
  // replications): about 90 bytes each in memory and 100 more as CSV text.
  std::uint64_t max_series_rows = 5'000'000;
  // Requests held at once by one run (sync requests waiting for a client
  // retry, async events queued, messages and records in an event source's
  // backlog): ~120 bytes each with their events (240 MB peak measured when
  // 1e7/s with client_retry stopped here; a backlog item takes less, 24
  // bytes; docs/limits.md).
  std::uint64_t max_held_requests = 2'000'000;
};

// Expected number of arrivals of `scenario` over its horizon, all
// replications (client retries come on top).
double expected_requests(const models::Scenario& scenario);

// Throws ls::Error when a run of `scenario` (with a time series every
// `series_interval`, 0: none) would exceed `limits`.
void check_run_limits(const models::Scenario& scenario, sim::Time series_interval,
                      const RunLimits& limits);

// 6.3e9 → "6.3e9" (two significant digits); below a million in full.
std::string format_count(double n);

}  // namespace ls::tools
