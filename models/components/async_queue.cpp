#include "models/components/async_queue.hpp"

#include <algorithm>

#include "models/components/payload.hpp"
#include "models/components/time_series.hpp"
#include "models/free_slot.hpp"

namespace ls::models {

AsyncQueue::AsyncQueue(SimContext& ctx, Environments& environments)
    : ctx_(ctx),
      environments_(environments),
      caller_(environments.add_client(*this)),
      retry_kind_(ctx.engine.add_kind<&AsyncQueue::on_retry>(this)),
      expire_kind_(ctx.engine.add_kind<&AsyncQueue::on_expire>(this)),
      rngs_(ctx, "async"),
      payload_rngs_(ctx, "async-payload"),
      delivered_kind_(ctx.engine.add_kind<&AsyncQueue::on_delivered>(this)) {
  for (const FunctionConfig& fn : ctx.scenario.functions)
    emit_rngs_.push_back(fn.emits.empty() ? sim::Rng{} : ctx.stream("emits", fn.name));
}

// A durable function's events start durable executions (durable.hpp).
bool AsyncQueue::accepts(const WorkloadConfig& workload) const {
  return workload.invocation == Invocation::Async &&
         workload.source->type == SourceConfig::Type::None &&
         !ctx_.scenario.functions[workload.function].durable->enabled;
}

bool AsyncQueue::event_fits(std::uint32_t workload) {
  if (!ctx_.is_sized(workload)) return true;  // no sizes: the payload block is not read
  const auto& size = ctx_.scenario.workloads[workload].payload->request_kb;
  if (!size) return true;
  const std::size_t f = ctx_.function_of(workload);
  const PayloadLimits& limits = ctx_.scenario.platform.payload;
  const double kb = draw_kb(*size, payload_rngs_[f]);
  if (kb > limits.async_event_kb) {
    if (ctx_.counted(ctx_.now())) ctx_.stats(f).payload().rejected++;
    return false;
  }
  // Billed for the whole horizon, like every request (the bill covers the warm-up).
  ctx_.result.usage[f].extra_payload_requests += extra_async_requests(kb, limits);
  return true;
}

void AsyncQueue::arrive(std::uint32_t workload) { enqueue(workload, 1); }

void AsyncQueue::enqueue(std::uint32_t workload, std::uint16_t hops) {
  if (!event_fits(workload)) return;
  const std::uint32_t slot = take_free_slot(requests_, free_);
  requests_[slot] = Request{
      ctx_.now(), workload, 0, 0, true, environments_.draw_tenant(ctx_.function_of(workload)),
      hops};
  ctx_.hold(workload);
  offer(slot);
}

void AsyncQueue::offer(std::uint32_t slot) {
  Request& rq = requests_[slot];
  const auto& wl = ctx_.scenario.workloads[rq.workload];
  const std::size_t f = wl.function;
  // A reservation of 0 disables the function: events go straight to the
  // DLQ / destination, without retries.
  if (ctx_.scenario.functions[f].reserved_concurrency == 0) return end(slot, false);
  ThrottleCause cause = ThrottleCause::AccountLimit;
  if (environments_.invoke(rq.workload, rq.arrival, caller_, slot, cause, rq.tenant)) {
    rq.attempt++;
    return;
  }
  const bool counted = ctx_.counted(rq.arrival);
  ctx_.meters.count_throttle(f, counted, rq.attempt == 0 && rq.throttles == 0, cause);
  if (counted) ctx_.stats(f).async().throttle_retries++;
  const sim::Time backoff = throttle_backoff(wl.async, rq.throttles);
  rq.throttles++;
  wait(slot, backoff);
}

// The event waits `delay` before its next attempt — unless that would take
// it past its maximum age, in which case it expires exactly at that age.
void AsyncQueue::wait(std::uint32_t slot, sim::Time delay) {
  const Request& rq = requests_[slot];
  const auto& wl = ctx_.scenario.workloads[rq.workload];
  ctx_.meters.set_async_queue(wl.function, +1);
  const sim::Time expiry = sim::add_saturating(rq.arrival, wl.async.max_event_age);
  const sim::Time next = sim::add_saturating(ctx_.now(), delay);
  if (next >= expiry) return ctx_.engine.schedule(expiry, expire_kind_, slot);
  ctx_.engine.schedule(next, retry_kind_, slot);
}

void AsyncQueue::on_retry(const sim::Event& ev) {
  ctx_.meters.set_async_queue(ctx_.function_of(requests_[ev.index].workload), -1);
  offer(ev.index);
}

void AsyncQueue::on_expire(const sim::Event& ev) {
  const std::size_t f = ctx_.function_of(requests_[ev.index].workload);
  ctx_.meters.set_async_queue(f, -1);
  if (ctx_.counted(requests_[ev.index].arrival)) ctx_.stats(f).async().expired++;
  end(ev.index, false);
}

// An attempt ended: success ends the event; an error is retried after the
// configured delay while retries remain.
void AsyncQueue::execution_ended(std::uint32_t slot, bool success) {
  if (success) {
    const Request rq = requests_[slot];
    end(slot, true);
    if (!ctx_.scenario.functions[ctx_.function_of(rq.workload)].emits.empty()) emit(rq);
    return;
  }
  const Request& rq = requests_[slot];
  const auto& wl = ctx_.scenario.workloads[rq.workload];
  if (rq.attempt > static_cast<std::uint32_t>(wl.async.max_retries)) return end(slot, false);
  const Dist& delay = rq.attempt == 1 ? wl.async.first_retry_delay : wl.async.second_retry_delay;
  if (ctx_.counted(rq.arrival)) ctx_.stats(wl.function).async().retries++;
  wait(slot, delay.sample(rngs_[wl.function]));
}

// Each emitted event arrives at its target as a new asynchronous event
// (counted in the target's arrivals when it gets there, after the emit's
// delivery delay) one invocation further along the chain. AWS
// (invocation-recursion.html): "If your function is invoked
// approximately 16 times in the same chain of requests, then Lambda
// automatically stops the next function invocation" and sends the event to
// the DLQ / on-failure destination if there is one; a target with
// `recursive_loop: allow` is never stopped.
void AsyncQueue::emit(const Request& rq) {
  const std::size_t f = ctx_.function_of(rq.workload);
  const bool counted = ctx_.counted(ctx_.now());
  const auto hops = static_cast<std::uint16_t>(std::min<int>(rq.hops + 1, 0xFFFF));
  sim::Rng& rng = emit_rngs_[f];
  for (const EmitConfig& e : ctx_.scenario.functions[f].emits) {
    if (e.probability < 1.0 && rng.uniform() >= e.probability) continue;
    for (int i = 0; i < e.count; ++i) {
      if (counted) ctx_.stats(f).recursion().emitted++;
      if (!e.delay) {
        deliver(e, hops);
        continue;
      }
      const std::uint32_t slot = take_free_slot(in_transit_, free_transit_);
      in_transit_[slot] = InTransit{&e, hops};
      ctx_.hold(e.workload);
      ctx_.engine.schedule(sim::add_saturating(ctx_.now(), e.delay->sample(rng)), delivered_kind_,
                           slot);
    }
  }
}

void AsyncQueue::on_delivered(const sim::Event& ev) {
  const InTransit event = in_transit_[ev.index];
  free_transit_.push_back(ev.index);
  ctx_.release_held();
  deliver(*event.emit, event.hops);
}

void AsyncQueue::deliver(const EmitConfig& emit, std::uint16_t hops) {
  const std::size_t target = emit.target;
  ctx_.series.row(target).arrivals++;
  const bool stop = hops > ctx_.scenario.platform.recursion_limit &&
                    !ctx_.scenario.functions[target].recursion_allowed;
  if (ctx_.counted(ctx_.now())) {
    FunctionStats& stats = ctx_.stats(target);
    stats.arrivals++;
    stats.async().events++;
    if (stop) {
      stats.recursion().stopped++;
      (emit.to_dlq ? stats.dlq : stats.dropped)++;
    }
  }
  if (!stop) enqueue(emit.workload, hops);
}

void AsyncQueue::end(std::uint32_t slot, bool success) {
  const Request rq = requests_[slot];
  requests_[slot].in_use = false;
  free_.push_back(slot);
  ctx_.release_held();
  if (!ctx_.counted(rq.arrival)) return;
  const auto& wl = ctx_.scenario.workloads[rq.workload];
  auto& stats = ctx_.stats(wl.function);
  const double age_ms = sim::to_millis(ctx_.now() - rq.arrival);
  if (success) {
    stats.succeeded++;
    stats.async().succeeded++;
    stats.async().age_success_ms.add(age_ms);
    return;
  }
  (wl.async.to_dlq ? stats.dlq : stats.dropped)++;
  stats.async().age_failure_ms.add(age_ms);
}

// Events executing or waiting at the horizon, counted once, by their slot.
void AsyncQueue::finish() {
  for (const Request& request : requests_)
    if (request.in_use && ctx_.counted(request.arrival))
      ctx_.stats(ctx_.function_of(request.workload)).in_flight_at_end++;
}

}  // namespace ls::models
