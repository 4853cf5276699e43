// What one simulation run observed. Counters cover requests that arrived
// after the warm-up; levels are time-weighted from the warm-up end to the
// horizon; usage (for the bill) covers the whole horizon.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "models/usage.hpp"
#include "sim/huge_pages.hpp"
#include "sim/stats.hpp"

namespace ls::models {

// Capacity and TrafficDoubling are multi-concurrency compute's
// (docs/compute.md): every environment at its concurrency limit (or, for
// Web Functions, the environment limit reached), and Managed Instances'
// throttle of traffic that more than doubles within the doubling window.
enum class ThrottleCause : std::uint8_t {
  AccountLimit,
  ReservedLimit,
  ScalingRate,
  RpsCap,
  Capacity,
  TrafficDoubling
};
inline constexpr std::size_t kThrottleCauses = 6;
inline constexpr std::array<const char*, kThrottleCauses> kThrottleCauseNames = {
    "account_limit", "reserved_limit", "scaling_rate", "rps_cap", "capacity", "traffic_doubling"};

// The fields every request touches come first, side by side and aligned on
// a cache line (four lines, up to latency_ms): with thousands of functions a
// request's cost is its cache misses on per-function state (#20).
struct alignas(64) FunctionStats {
  // Requests (first attempts) and their terminal states.
  std::uint64_t arrivals = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t failed = 0;  // function errors and INIT failures
  std::uint64_t timed_out = 0;
  std::uint64_t throttled_final = 0;  // gave up after the client's last retry
  std::uint64_t dlq = 0;              // async events sent to the DLQ / on-failure destination
  std::uint64_t dropped = 0;          // async events discarded (no destination)
  std::uint64_t in_flight_at_end = 0;
  // Attempts and environments.
  std::uint64_t invocations = 0;  // attempts that got an environment
  std::uint64_t cold_starts = 0;
  std::uint64_t attempt_errors = 0;  // invocations that failed or timed out (any type)
  std::uint64_t environments_created = 0;
  std::uint64_t environments_reclaimed = 0;  // idle expiry, lifetime, timeout reset
  sim::LevelStat busy;                       // environments serving a request (concurrency)
  sim::LevelStat environments;               // alive: busy + idle + initialising
  sim::LogHistogram latency_ms;              // caller-visible latency of completed requests
  // More attempts.
  std::uint64_t retries = 0;      // client re-offers after a throttle
  std::uint64_t throttled = 0;    // rejected attempts (all causes)
  std::uint64_t throttled_first_attempt = 0;
  std::array<std::uint64_t, kThrottleCauses> throttled_by{};
  std::uint64_t cold_starts_with_pc =
      0;  // cold while provisioned concurrency was configured (spill-over)
  std::uint64_t pc_invocations = 0;  // served by provisioned environments
  // Cold starts whose INIT ran past platform.init_timeout and was re-run
  // inside the invocation (a suppressed init).
  std::uint64_t suppressed_inits = 0;
  // Asynchronous invocation (events are also counted in arrivals, and end in
  // succeeded, dlq, dropped or in_flight_at_end).
  std::uint64_t async_events = 0;
  std::uint64_t async_attempts = 0;
  std::uint64_t async_retries = 0;           // after function errors
  std::uint64_t async_throttle_retries = 0;  // after throttles
  std::uint64_t async_succeeded = 0;
  std::uint64_t async_expired = 0;         // reached max_event_age (then DLQ or dropped)
  sim::LogHistogram async_age_success_ms;  // arrival → successful completion
  sim::LogHistogram async_age_failure_ms;  // arrival → DLQ or drop
  sim::LevelStat async_queue;              // events waiting to be (re)tried
  // Event sources (messages/records are counted in arrivals and end in
  // succeeded, dlq, dropped or in_flight_at_end; invocations are batches).
  std::uint64_t source_batches = 0;
  std::uint64_t source_failed_batches = 0;
  std::uint64_t source_duplicates = 0;  // processed again after the visibility timeout
  std::uint64_t source_expired = 0;     // records past the stream's retention
  std::uint64_t source_poison = 0;      // poison records among the arrivals
  sim::LogHistogram batch_size;
  sim::LogHistogram source_age_ms;  // message/record age when its batch starts
  sim::LevelStat source_backlog;    // messages/records not yet done
  sim::LevelStat source_pollers;    // concurrent batches
  // Provisioned mode: the event pollers running.
  sim::LevelStat source_event_pollers;
  // Provisioned environments.
  sim::LevelStat provisioned;  // allocated
  sim::LevelStat provisioned_busy;
  // Managed Instances: EC2 instances running (environments packed on them).
  sim::LevelStat instances;
  // Payload sizes (workloads[].payload): requests and events over the size
  // limit, rejected before Lambda runs (a terminal state), and buffered
  // responses over the limit (the invocation ran; counted in failed too).
  std::uint64_t payload_rejected = 0;
  std::uint64_t response_too_large = 0;
  // The front door (workloads[].front_door): API Gateway's 429s (attempts it
  // throttled, apart from Lambda's throttles above), the requests that gave
  // up after a 429 (terminal), and its 504s after the integration timeout
  // (terminal; the invocation ran on and was billed).
  std::uint64_t front_door_throttled = 0;
  std::uint64_t front_door_throttled_final = 0;
  std::uint64_t front_door_timeouts = 0;
  // Tenant isolation: distinct tenants invoked, and tenants with at least
  // one environment alive.
  std::uint64_t tenants_active = 0;
  sim::LevelStat tenants_with_environments;
  // Durable functions (also counted in arrivals and their terminal states:
  // succeeded, failed, timed_out at the execution timeout, in flight):
  // executions, invocations after a wait and how many of them were cold,
  // and the executions' start-to-end time in seconds.
  std::uint64_t durable_completed = 0;
  std::uint64_t durable_failed = 0;
  std::uint64_t durable_timed_out = 0;
  std::uint64_t durable_resumptions = 0;
  std::uint64_t durable_resumption_cold_starts = 0;
  // Step attempts retried after a failure (functions.<name>.durable.retry),
  // and callbacks that timed out (durable.callback.timeout).
  std::uint64_t durable_step_retries = 0;
  std::uint64_t durable_callback_timeouts = 0;
  sim::LogHistogram durable_end_to_end_s;
  // Recursive loop detection: events this function's invocations emitted
  // (functions.<name>.emits), and events to this function stopped because
  // their chain reached platform.recursion_limit (they end in dlq or dropped).
  std::uint64_t emitted_events = 0;
  std::uint64_t recursion_stopped = 0;
};

// One row of the time series: what happened to one function in one interval.
struct SeriesRow {
  std::uint32_t interval = 0;
  std::uint32_t function = 0;
  std::uint64_t arrivals = 0;
  std::uint64_t invocations = 0;
  std::uint64_t cold_starts = 0;
  std::uint64_t throttled = 0;
  double queue_depth_mean = 0.0;  // async events waiting
  double concurrency_mean = 0.0;
  double concurrency_max = 0.0;
  double environments_mean = 0.0;
  double provisioned_mean = 0.0;
  double provisioned_busy_mean = 0.0;
};

struct RunResult {
  sim::HugePageVector<FunctionStats> functions;  // on huge pages (sim/huge_pages.hpp)
  std::vector<FunctionUsage> usage;
  std::vector<SeriesRow> series;  // empty unless a series interval was asked for
  sim::Time series_interval = 0;
  std::uint64_t events = 0;
  std::uint64_t stale_events = 0;  // cancelled by generation, dropped at pop
  double wall_seconds = 0.0;
  // Set when the run stopped at RunOptions::max_held_requests: the simulated
  // time and the workload of the request that went over.
  struct HeldLimit {
    sim::Time at = 0;
    std::uint32_t workload = 0;
  };
  std::optional<HeldLimit> held_limit;
  // What couples the functions of one account, kept so a split run
  // (models/partition.hpp) can tell afterwards whether it bound: the most
  // unreserved concurrency in use at once, the most account-RPS tokens taken
  // within two adjacent whole seconds, and the most requests held at once.
  // A merged split run has the sums over its parts (upper bounds).
  struct AccountPeaks {
    int unreserved_concurrency = 0;
    std::uint64_t rps_two_seconds = 0;
    std::uint64_t held_requests = 0;
  };
  AccountPeaks account_peaks;
};

// Every counted arrival ended in exactly one terminal state.
bool conservation_ok(const FunctionStats& stats);

}  // namespace ls::models
