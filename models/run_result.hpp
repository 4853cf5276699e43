// What one simulation run observed. Counters cover requests that arrived
// after the warm-up; levels are time-weighted from the warm-up end to the
// horizon; usage (for the bill) covers the whole horizon.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

#include "models/stats_parts.hpp"
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
// a cache line (three lines, up to latency_ms): with thousands of functions a
// request's cost is its cache misses on per-function state (#20).
struct alignas(64) FunctionStats {
  // Requests (first attempts) and their terminal states; attempts.
  std::uint64_t arrivals = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t invocations = 0;  // attempts that got an environment
  std::uint64_t cold_starts = 0;
  std::uint64_t failed = 0;  // function errors and INIT failures
  std::uint64_t timed_out = 0;
  std::uint64_t attempt_errors = 0;   // invocations that failed or timed out (any type)
  std::uint64_t throttled_final = 0;  // gave up after the client's last retry
  sim::LevelStat busy;                // environments serving a request (concurrency)
  std::uint64_t dlq = 0;              // async events sent to the DLQ / on-failure destination
  std::uint64_t dropped = 0;          // async events discarded (no destination)
  std::uint64_t in_flight_at_end = 0;
  sim::LogHistogram latency_ms;  // caller-visible latency of completed requests
  // Environments.
  sim::LevelStat environments;  // alive: busy + idle + initialising
  std::uint64_t environments_created = 0;
  std::uint64_t environments_reclaimed = 0;  // idle expiry, lifetime, timeout reset
  // More attempts.
  std::uint64_t retries = 0;    // client re-offers after a throttle
  std::uint64_t throttled = 0;  // rejected attempts (all causes)
  std::uint64_t throttled_first_attempt = 0;
  std::array<std::uint64_t, kThrottleCauses> throttled_by{};
  std::uint64_t cold_starts_with_pc =
      0;  // cold while provisioned concurrency was configured (spill-over)
  std::uint64_t pc_invocations = 0;  // served by provisioned environments
  // Cold starts whose INIT ran past platform.init_timeout and was re-run
  // inside the invocation (a suppressed init).
  std::uint64_t suppressed_inits = 0;
  // The features' parts (models/stats_parts.hpp), allocated only for the
  // functions whose configuration can use them (models/stats_parts_of.hpp):
  // count with `stats.async().retries++` (where allocated), read through a
  // const FunctionStats (zeros where absent).
  AsyncStats& async() { return async_.get(); }
  const AsyncStats& async() const { return async_.view(); }
  SourceStats& source() { return source_.get(); }
  const SourceStats& source() const { return source_.view(); }
  ProvisionedStats& provisioned() { return provisioned_.get(); }
  const ProvisionedStats& provisioned() const { return provisioned_.view(); }
  ManagedStats& managed() { return managed_.get(); }
  const ManagedStats& managed() const { return managed_.view(); }
  PayloadStats& payload() { return payload_.get(); }
  const PayloadStats& payload() const { return payload_.view(); }
  FrontDoorStats& front_door() { return front_door_.get(); }
  const FrontDoorStats& front_door() const { return front_door_.view(); }
  TenantStats& tenants() { return tenants_.get(); }
  const TenantStats& tenants() const { return tenants_.view(); }
  DurableStats& durable() { return durable_.get(); }
  const DurableStats& durable() const { return durable_.view(); }
  RecursionStats& recursion() { return recursion_.get(); }
  const RecursionStats& recursion() const { return recursion_.view(); }
  // The part of type P (for readers generic over parts, such as the report's
  // metric rows), or the statistics themselves for P = FunctionStats.
  template <class P>
  const P& part() const;
  // Allocates the parts `use` names (at set-up; the others stay absent),
  // and says which are present.
  void allocate(const StatsPartUse& use);
  StatsPartUse parts() const;
  // Settles every histogram (sim::LogHistogram::settle) once the run has
  // ended: the report reads each several times.
  void settle_histograms();

 private:
  StatsPart<AsyncStats> async_;
  StatsPart<SourceStats> source_;
  StatsPart<ProvisionedStats> provisioned_;
  StatsPart<ManagedStats> managed_;
  StatsPart<PayloadStats> payload_;
  StatsPart<FrontDoorStats> front_door_;
  StatsPart<TenantStats> tenants_;
  StatsPart<DurableStats> durable_;
  StatsPart<RecursionStats> recursion_;
};

template <class P>
const P& FunctionStats::part() const {
  if constexpr (std::is_same_v<P, FunctionStats>)
    return *this;
  else if constexpr (std::is_same_v<P, AsyncStats>)
    return async();
  else if constexpr (std::is_same_v<P, SourceStats>)
    return source();
  else if constexpr (std::is_same_v<P, ProvisionedStats>)
    return provisioned();
  else if constexpr (std::is_same_v<P, ManagedStats>)
    return managed();
  else if constexpr (std::is_same_v<P, PayloadStats>)
    return payload();
  else if constexpr (std::is_same_v<P, FrontDoorStats>)
    return front_door();
  else if constexpr (std::is_same_v<P, TenantStats>)
    return tenants();
  else if constexpr (std::is_same_v<P, DurableStats>)
    return durable();
  else {
    static_assert(std::is_same_v<P, RecursionStats>, "not a part of FunctionStats");
    return recursion();
  }
}

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
    // A part's record by whole second (models/account_seconds.hpp; empty
    // for a whole run, or a horizon too long to record).
    std::vector<std::uint32_t> unreserved_by_second;
    std::vector<std::uint32_t> rps_by_second;
  };
  AccountPeaks account_peaks;
};

// Every counted arrival ended in exactly one terminal state.
bool conservation_ok(const FunctionStats& stats);

}  // namespace ls::models
