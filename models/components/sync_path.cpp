// The synchronous path of Environments: a request is offered to its
// function's compute; a throttled one is retried by its client.
#include <algorithm>

#include "models/components/environments.hpp"
#include "models/free_slot.hpp"

namespace ls::models {

bool Environments::accepts(const WorkloadConfig& workload) const {
  return workload.invocation == Invocation::Sync &&
         workload.source.type == SourceConfig::Type::None;
}

void Environments::arrive(std::uint32_t workload) { offer(workload, ctx_.now(), 1); }

void Environments::add_compute(Compute& compute) {
  for (std::size_t f = 0; f < functions_.size(); ++f)
    if (compute.serves(ctx_.scenario.functions[f])) functions_[f].compute = &compute;
}

void Environments::offer(std::uint32_t workload, sim::Time arrival, std::uint32_t attempt) {
  const std::size_t f = ctx_.function_of(workload);
  ThrottleCause cause = ThrottleCause::AccountLimit;
  if (Compute* compute = functions_[f].compute) {
    if (!compute->admit(workload, arrival, cause)) throttle(workload, arrival, attempt, cause);
    return;
  }
  Grant grant;
  if (!acquire(f, grant)) return throttle(workload, arrival, attempt, grant.cause);
  start(grant.env, workload, arrival, grant.cold, 0, kNoTicket);
}

void Environments::throttle(std::uint32_t workload, sim::Time arrival, std::uint32_t attempt,
                            ThrottleCause cause) {
  const auto& wl = ctx_.scenario.workloads[workload];
  const bool counted = ctx_.counted(arrival);
  meters_.count_throttle(wl.function, counted, attempt == 1, cause);
  const auto& retry = wl.client_retry;
  if (attempt > static_cast<std::uint32_t>(retry.max)) {
    if (counted) ctx_.stats(wl.function).throttled_final++;
    return;
  }
  // Exponential backoff, base × 2^(attempt−1), with full jitter when asked.
  const int shift = static_cast<int>(std::min<std::uint32_t>(attempt - 1, 30));
  double delay = sim::to_seconds(retry.backoff) * static_cast<double>(1LL << shift);
  if (retry.jitter == ClientRetry::Jitter::Full)
    delay *= functions_[wl.function].retry_rng.uniform();
  const std::uint32_t slot = take_free_slot(retries_, free_retries_);
  retries_[slot] = Retry{arrival, workload, attempt, true};
  ctx_.engine.schedule(sim::add_saturating(ctx_.now(), sim::from_seconds(delay)), retry_kind_,
                       slot);
}

void Environments::on_retry(const sim::Event& ev) {
  const Retry retry = retries_[ev.index];
  retries_[ev.index].in_use = false;
  free_retries_.push_back(ev.index);
  if (ctx_.counted(retry.arrival)) ctx_.stats(ctx_.function_of(retry.workload)).retries++;
  offer(retry.workload, retry.arrival, retry.attempt + 1);
}

void Environments::count_sync_outcome(std::size_t f, Outcome outcome, sim::Time arrival) {
  auto& stats = ctx_.stats(f);
  switch (outcome) {
    case Outcome::Succeeded: stats.succeeded++; break;
    case Outcome::Failed: stats.failed++; break;
    case Outcome::TimedOut: stats.timed_out++; break;
    case Outcome::InitFailed:
      stats.failed++;
      stats.init_failures++;
      break;
  }
  stats.latency_ms.add(sim::to_millis(ctx_.now() - arrival));
}

}  // namespace ls::models
