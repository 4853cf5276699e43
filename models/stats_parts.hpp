// The parts of a function's run statistics that only some features fill
// (asynchronous invocation, event sources, provisioned concurrency, ...),
// each allocated apart from FunctionStats and only for the functions whose
// configuration can use it (models/stats_parts_of.hpp decides it from the
// scenario at set-up). A fleet of plain synchronous functions holds none of
// them: FunctionStats was 1,216 bytes a function with them inline, most of
// it zeros (#20). A part a function lacks reads as zeros.
#pragma once

#include <cassert>
#include <cstdint>

#include "models/boxed.hpp"
#include "sim/stats.hpp"

namespace ls::models {

// Asynchronous invocation (events are also counted in arrivals, and end in
// succeeded, dlq, dropped or in_flight_at_end).
struct AsyncStats {
  std::uint64_t events = 0;
  std::uint64_t attempts = 0;
  std::uint64_t retries = 0;           // after function errors
  std::uint64_t throttle_retries = 0;  // after throttles
  std::uint64_t succeeded = 0;
  std::uint64_t expired = 0;         // reached max_event_age (then DLQ or dropped)
  sim::LogHistogram age_success_ms;  // arrival → successful completion
  sim::LogHistogram age_failure_ms;  // arrival → DLQ or drop
  sim::LevelStat queue;              // events waiting to be (re)tried
};

// Event sources (messages/records are counted in arrivals and end in
// succeeded, dlq, dropped or in_flight_at_end; invocations are batches).
struct SourceStats {
  std::uint64_t batches = 0;
  std::uint64_t failed_batches = 0;
  std::uint64_t duplicates = 0;  // processed again after the visibility timeout
  std::uint64_t expired = 0;     // records past the stream's retention
  std::uint64_t poison = 0;      // poison records among the arrivals
  sim::LogHistogram batch_size;
  sim::LogHistogram age_ms;  // message/record age when its batch starts
  sim::LevelStat backlog;    // messages/records not yet done
  sim::LevelStat pollers;    // concurrent batches
  // Provisioned mode: the event pollers running.
  sim::LevelStat event_pollers;
};

// Provisioned environments.
struct ProvisionedStats {
  sim::LevelStat allocated;
  sim::LevelStat busy;
};

// Managed Instances: EC2 instances running (environments packed on them).
struct ManagedStats {
  sim::LevelStat instances;
};

// Payload sizes (workloads[].payload): requests and events over the size
// limit, rejected before Lambda runs (a terminal state), and buffered
// responses over the limit (the invocation ran; counted in failed too).
struct PayloadStats {
  std::uint64_t rejected = 0;
  std::uint64_t response_too_large = 0;
};

// The front door (workloads[].front_door): API Gateway's 429s (attempts it
// throttled, apart from Lambda's throttles), the requests that gave up
// after a 429 (terminal), and its 504s after the integration timeout
// (terminal; the invocation ran on and was billed).
struct FrontDoorStats {
  std::uint64_t throttled = 0;
  std::uint64_t throttled_final = 0;
  std::uint64_t timeouts = 0;
};

// Tenant isolation: distinct tenants invoked, and tenants with at least
// one environment alive.
struct TenantStats {
  std::uint64_t active = 0;
  sim::LevelStat with_environments;
};

// Durable functions (also counted in arrivals and their terminal states:
// succeeded, failed, timed_out at the execution timeout, in flight):
// executions, invocations after a wait and how many of them were cold,
// step attempts retried after a failure (functions.<name>.durable.retry),
// callbacks that timed out (durable.callback.timeout), and the executions'
// start-to-end time in seconds.
struct DurableStats {
  std::uint64_t completed = 0;
  std::uint64_t failed = 0;
  std::uint64_t timed_out = 0;
  std::uint64_t resumptions = 0;
  std::uint64_t resumption_cold_starts = 0;
  std::uint64_t step_retries = 0;
  std::uint64_t callback_timeouts = 0;
  sim::LogHistogram end_to_end_s;
};

// Recursive loop detection: events this function's invocations emitted
// (functions.<name>.emits), and events to this function stopped because
// their chain reached platform.recursion_limit (they end in dlq or dropped).
struct RecursionStats {
  std::uint64_t emitted = 0;
  std::uint64_t stopped = 0;
};

// Which parts one function's statistics hold.
struct StatsPartUse {
  bool async = false;
  bool source = false;
  bool provisioned = false;
  bool managed = false;
  bool payload = false;
  bool front_door = false;
  bool tenants = false;
  bool durable = false;
  bool recursion = false;
};

// One optional part, owned and copied with its FunctionStats (a copy of the
// statistics is a deep copy, as it was with the fields inline): a Boxed
// block (models/boxed.hpp) whose absent value reads as zeros, which may be
// counted into only where the scenario allocated it.
template <class Part>
class StatsPart {
 public:
  bool present() const { return part_.has_value(); }
  void allocate() { part_.edit(); }
  // For counting: only where the part was allocated (the scenario says the
  // function can use it).
  Part& get() {
    assert(present() &&
           "a statistics part the scenario did not allocate (models/stats_parts_of.cpp)");
    return *part_.existing();
  }
  // For reading: zeros where absent.
  const Part& view() const { return *part_; }

 private:
  Boxed<Part> part_;
};

}  // namespace ls::models
