// Asynchronous invocation: Lambda's internal event queue. An event is
// accepted at once (the caller gets 202) and then invoked; a throttled
// attempt goes back to the queue with exponential backoff (1 s doubling to
// 5 min), a failed one is retried after about 1 and 2 minutes (max_retries,
// 0–2), and an event that runs out of retries or reaches max_event_age goes
// to the DLQ / on-failure destination, or is dropped when none is set.
// Each waiting event holds one request slot and one pending event, so memory
// grows with the events in the system, not with the requests simulated.
#include <algorithm>

#include "models/simulation.hpp"
#include "models/simulation_state.hpp"

namespace ls::models {
namespace {
constexpr std::uint32_t kind_of(EventKind k) { return static_cast<std::uint32_t>(k); }
}  // namespace

void Simulation::offer_async(std::uint32_t slot) {
  Request& rq = requests_[slot];
  const auto& wl = scenario_.workloads[rq.workload];
  const std::size_t f = wl.function;
  // A reservation of 0 disables the function: events go straight to the
  // DLQ / destination, without retries.
  if (scenario_.functions[f].reserved_concurrency == 0) return end_async(slot, false);
  Grant grant;
  if (acquire(f, grant)) {
    rq.attempt++;
    return start(grant.env, rq.workload, rq.arrival, grant.cold, slot);
  }
  const bool counted = rq.arrival >= scenario_.warmup;
  count_throttle(f, counted, rq.attempt == 0 && rq.throttles == 0, grant.cause);
  if (counted) result_.functions[f].async_throttle_retries++;
  const int shift = static_cast<int>(std::min<std::uint32_t>(rq.throttles, 30));
  const Time backoff = std::min<Time>(wl.async.backoff_max, wl.async.backoff_initial << shift);
  rq.throttles++;
  wait_async(slot, backoff);
}

// The event waits `delay` before its next attempt — unless that would take
// it past its maximum age, in which case it expires exactly at that age.
void Simulation::wait_async(std::uint32_t slot, Time delay) {
  const Request& rq = requests_[slot];
  const auto& wl = scenario_.workloads[rq.workload];
  set_async_queue(wl.function, +1);
  const Time expiry = sim::add_saturating(rq.arrival, wl.async.max_event_age);
  const Time next = sim::add_saturating(now_, delay);
  if (next >= expiry) return queue_.push(expiry, kind_of(EventKind::AsyncExpire), slot);
  queue_.push(next, kind_of(EventKind::AsyncRetry), slot);
}

void Simulation::on_async_retry(std::uint32_t slot) {
  set_async_queue(scenario_.workloads[requests_[slot].workload].function, -1);
  offer_async(slot);
}

void Simulation::on_async_expire(std::uint32_t slot) {
  const std::size_t f = scenario_.workloads[requests_[slot].workload].function;
  set_async_queue(f, -1);
  if (requests_[slot].arrival >= scenario_.warmup) result_.functions[f].async_expired++;
  end_async(slot, false);
}

// An attempt ended: success ends the event; an error is retried after the
// configured delay while retries remain.
void Simulation::complete_async(std::uint32_t slot, bool success) {
  if (success) return end_async(slot, true);
  const Request& rq = requests_[slot];
  const auto& wl = scenario_.workloads[rq.workload];
  if (rq.attempt > static_cast<std::uint32_t>(wl.async.max_retries)) return end_async(slot, false);
  FunctionState& fs = *functions_[wl.function];
  const Dist& delay = rq.attempt == 1 ? wl.async.first_retry_delay : wl.async.second_retry_delay;
  if (rq.arrival >= scenario_.warmup) result_.functions[wl.function].async_retries++;
  wait_async(slot, delay.sample(fs.async_rng));
}

void Simulation::end_async(std::uint32_t slot, bool success) {
  const Request rq = requests_[slot];
  free_request(slot);
  if (rq.arrival < scenario_.warmup) return;
  const auto& wl = scenario_.workloads[rq.workload];
  auto& stats = result_.functions[wl.function];
  const double age_ms = sim::to_millis(now_ - rq.arrival);
  if (success) {
    stats.succeeded++;
    stats.async_succeeded++;
    stats.async_age_success_ms.add(age_ms);
    return;
  }
  (wl.async.to_dlq ? stats.dlq : stats.dropped)++;
  stats.async_age_failure_ms.add(age_ms);
}

void Simulation::set_async_queue(std::size_t f, int delta) {
  FunctionState& fs = *functions_[f];
  fs.async_waiting += delta;
  result_.functions[f].async_queue.set(now_, fs.async_waiting);
  if (options_.series_interval > 0) fs.series_async_queue.set(now_, fs.async_waiting);
}

}  // namespace ls::models
