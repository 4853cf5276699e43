// Asynchronous invocation: Lambda's internal event queue. An event is
// accepted at once (the caller gets 202) and then invoked; a throttled
// attempt goes back to the queue with exponential backoff (1 s doubling to
// 5 min), a failed one is retried after about 1 and 2 minutes (max_retries,
// 0–2), and an event that runs out of retries or reaches max_event_age goes
// to the DLQ / on-failure destination, or is dropped when none is set.
// A successful invocation of a function with `emits` sends new events on,
// one invocation further along their chain, after the delivery delay of
// the queue, topic or bucket they go through; Lambda's recursive loop
// detection stops those past platform.recursion_limit (docs/recursion.md).
// Each waiting event holds one slot and one pending event, so memory grows
// with the events in the system, not with the requests simulated.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/components/component.hpp"
#include "models/components/environments.hpp"

namespace ls::models {

// Lambda's backoff before retrying a throttled asynchronous invocation:
// backoff_initial doubled per earlier throttle, up to backoff_max.
inline sim::Time throttle_backoff(const AsyncConfig& async, std::uint32_t throttles) {
  const int shift = static_cast<int>(std::min<std::uint32_t>(throttles, 30));
  return std::min<sim::Time>(async.backoff_max, async.backoff_initial << shift);
}

class AsyncQueue final : public Component, public RequestSink, public ExecutionClient {
 public:
  AsyncQueue(SimContext& ctx, Environments& environments);

  bool accepts(const WorkloadConfig& workload) const override;
  void arrive(std::uint32_t workload) override;
  void execution_ended(std::uint32_t slot, bool success) override;
  void finish() override;

 private:
  struct Request {
    sim::Time arrival = 0;
    std::uint32_t workload = 0;
    std::uint32_t attempt = 0;    // invocations made
    std::uint32_t throttles = 0;  // throttle backoffs so far
    bool in_use = false;
    std::uint32_t tenant = 0;  // tenant isolation: kept by every attempt
    std::uint16_t hops = 1;    // invocations in its chain of events, its own included
  };
  void enqueue(std::uint32_t workload, std::uint16_t hops);
  // The events a successful invocation of `rq` emits (functions.<name>.emits):
  // each reaches its target after the emit's delivery delay (its channel's).
  void emit(const Request& rq);
  // An event of `emit` reaches its target: counted as its arrival, then
  // stopped as a loop or queued.
  void deliver(const EmitConfig& emit, std::uint16_t hops);
  void on_delivered(const sim::Event& event);
  // An event over the platform's async size limit is rejected (not queued,
  // not billed); one that fits may bill extra requests for its size.
  bool event_fits(std::uint32_t workload);
  void offer(std::uint32_t slot);
  void wait(std::uint32_t slot, sim::Time delay);
  void on_retry(const sim::Event& event);
  void on_expire(const sim::Event& event);
  void end(std::uint32_t slot, bool success);

  SimContext ctx_;  // a copy: one indirection less on every access
  Environments& environments_;
  std::uint8_t caller_;
  std::uint32_t retry_kind_;
  std::uint32_t expire_kind_;
  LazyStreams rngs_;                 // per function
  LazyStreams payload_rngs_;         // per function: event sizes
  std::vector<sim::Rng> emit_rngs_;  // per function with emits
  std::vector<Request> requests_;
  std::vector<std::uint32_t> free_;
  // Emitted events still in transit (a delivery delay): memory grows with
  // those, like the queue's, not with the events simulated.
  struct InTransit {
    const EmitConfig* emit = nullptr;  // in the scenario, which outlives the run
    std::uint16_t hops = 0;
  };
  std::uint32_t delivered_kind_;
  std::vector<InTransit> in_transit_;
  std::vector<std::uint32_t> free_transit_;
};

}  // namespace ls::models
