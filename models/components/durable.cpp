#include "models/components/durable.hpp"

#include <algorithm>
#include <cmath>

#include "models/components/async_queue.hpp"
#include "models/components/payload.hpp"
#include "models/free_slot.hpp"

namespace ls::models {

sim::Time durable_retry_backoff(const DurableRetry& strategy, int retry, double u) {
  const double base =
      std::min(sim::to_seconds(strategy.initial_delay) * std::pow(strategy.backoff_rate, retry - 1),
               sim::to_seconds(strategy.max_delay));
  double delay = base;
  switch (strategy.jitter) {
    case DurableRetry::Jitter::Full: delay = u * base; break;
    case DurableRetry::Jitter::Half: delay = base * (0.5 + 0.5 * u); break;
    case DurableRetry::Jitter::None: break;
  }
  return sim::from_seconds(std::max(delay, 1.0));
}

DurableExecutions::DurableExecutions(SimContext& ctx, Environments& environments)
    : ctx_(ctx),
      environments_(environments),
      caller_(environments.add_client(*this)),
      resume_kind_(ctx.engine.add_kind<&DurableExecutions::on_resume>(this)),
      deadline_kind_(ctx.engine.add_kind<&DurableExecutions::on_deadline>(this)),
      functions_(ctx.scenario.functions.size()) {
  for (std::size_t f = 0; f < functions_.size(); ++f) {
    const FunctionConfig& fn = ctx.scenario.functions[f];
    if (!fn.durable->enabled) continue;
    functions_[f] = PerFunction{ctx.stream("durable", fn.name), ctx.stream("durable-data", fn.name),
                                ctx.stream("durable-retry", fn.name)};
  }
}

bool DurableExecutions::accepts(const WorkloadConfig& workload) const {
  return workload.invocation == Invocation::Async &&
         workload.source->type == SourceConfig::Type::None &&
         ctx_.scenario.functions[workload.function].durable->enabled;
}

void DurableExecutions::arrive(std::uint32_t workload) {
  const std::size_t f = ctx_.function_of(workload);
  const DurableConfig& durable = *ctx_.scenario.functions[f].durable;
  PerFunction& pf = functions_[f];
  const std::uint32_t slot = take_free_slot(executions_, free_);
  Execution& ex = executions_[slot];
  ex = Execution{};
  ex.start = ctx_.now();
  ex.deadline = sim::add_saturating(ex.start, durable.execution_timeout);
  ex.workload = workload;
  ex.steps = static_cast<std::uint32_t>(durable.steps.size() == 1
                                            ? durable.steps[0]
                                            : durable.steps[pf.rng.below(durable.steps.size())]);
  ex.tenant = environments_.draw_tenant(f);
  ex.in_use = true;
  ctx_.hold(workload);
  operation(ex, durable.start_kb);  // starting the execution
  invoke(slot);
}

void DurableExecutions::operation(Execution& ex, const Dist& kb) {
  const std::size_t f = ctx_.function_of(ex.workload);
  FunctionUsage& usage = ctx_.result.usage[f];
  usage.durable_operations++;
  const double drawn = draw_kb(kb, functions_[f].data_rng);
  if (drawn <= 0) return;
  const auto bytes = static_cast<std::uint64_t>(std::llround(drawn * 1024.0));
  usage.durable_written_bytes += bytes;
  ex.written_bytes += bytes;
}

void DurableExecutions::invoke(std::uint32_t slot) {
  Execution& ex = executions_[slot];
  const std::size_t f = ctx_.function_of(ex.workload);
  // A reservation of 0 disables the function: the execution cannot go on.
  if (ctx_.scenario.functions[f].reserved_concurrency == 0) return end(slot, End::Failed);
  ThrottleCause cause = ThrottleCause::AccountLimit;
  bool cold = false;
  const bool counted = ctx_.counted(ex.start);
  if (environments_.invoke(ex.workload, ex.start, caller_, slot, cause, ex.tenant, &cold)) {
    if (ex.resuming && counted) {
      FunctionStats& stats = ctx_.stats(f);
      stats.durable().resumptions++;
      if (cold) stats.durable().resumption_cold_starts++;
    }
    ex.resuming = false;
    ex.throttles = 0;
    return;
  }
  // Throttled: retried with the asynchronous backoff.
  ctx_.meters.count_throttle(f, counted, ex.done == 0 && ex.throttles == 0 && !ex.resuming, cause);
  if (counted) ctx_.stats(f).async().throttle_retries++;
  const sim::Time backoff =
      throttle_backoff(ctx_.scenario.workloads[ex.workload].async, ex.throttles);
  ex.throttles++;
  pause(slot, backoff);
}

void DurableExecutions::pause(std::uint32_t slot, sim::Time delay) {
  const Execution& ex = executions_[slot];
  const sim::Time next = sim::add_saturating(ctx_.now(), delay);
  if (next > ex.deadline) return ctx_.engine.schedule(ex.deadline, deadline_kind_, slot);
  ctx_.engine.schedule(next, resume_kind_, slot);
}

void DurableExecutions::on_resume(const sim::Event& ev) {
  Execution& ex = executions_[ev.index];
  if (ex.callback_timed_out) {
    ex.callback_timed_out = false;
    const std::size_t f = ctx_.function_of(ex.workload);
    if (ctx_.counted(ex.start)) ctx_.stats(f).durable().callback_timeouts++;
    // Uncaught, the SDK's CallbackTimeoutException fails the execution.
    if (ctx_.scenario.functions[f].durable->callback.timeout_fails)
      return end(ev.index, End::Failed);
  }
  invoke(ev.index);
}

void DurableExecutions::on_deadline(const sim::Event& ev) { end(ev.index, End::TimedOut); }

// A step's invocation ended: the step is checkpointed, then the execution
// waits before its next step, or ends; a failed attempt is retried.
void DurableExecutions::execution_ended(std::uint32_t slot, bool success) {
  Execution& ex = executions_[slot];
  if (!success) return step_failed(slot);
  if (ctx_.now() > ex.deadline) return end(slot, End::TimedOut);
  const std::size_t f = ctx_.function_of(ex.workload);
  const DurableConfig& durable = *ctx_.scenario.functions[f].durable;
  operation(ex, durable.checkpoint_kb);  // the step completed
  ex.failed_attempts = 0;
  if (++ex.done == ex.steps) return end(slot, End::Completed);
  operation(ex, durable.checkpoint_kb);  // the wait or callback created
  ex.resuming = true;
  suspend(slot);
}

// AWS (durable-execution-sdk-retries.html): an exception in a step with
// retry attempts left "creates a checkpoint for the retry and suspends the
// function. On the next invocation, the step retries with the configured
// backoff delay"; with none left "the step fails" and, uncaught, "the
// entire execution fails"; each is "1 operation + error payload size".
void DurableExecutions::step_failed(std::uint32_t slot) {
  Execution& ex = executions_[slot];
  const std::size_t f = ctx_.function_of(ex.workload);
  const DurableConfig& durable = *ctx_.scenario.functions[f].durable;
  operation(ex, durable.checkpoint_kb);
  const auto attempts = ++ex.failed_attempts;
  if (attempts >= static_cast<std::uint32_t>(durable.retry.max_attempts))
    return end(slot, End::Failed);
  if (ctx_.counted(ex.start)) ctx_.stats(f).durable().step_retries++;
  pause(slot, durable_retry_backoff(durable.retry, static_cast<int>(attempts),
                                    functions_[f].retry_rng.uniform()));
}

void DurableExecutions::suspend(std::uint32_t slot) {
  Execution& ex = executions_[slot];
  const std::size_t f = ctx_.function_of(ex.workload);
  const DurableConfig& durable = *ctx_.scenario.functions[f].durable;
  PerFunction& pf = functions_[f];
  if (!durable.callback.enabled) return pause(slot, durable.wait.sample(pf.rng));
  const sim::Time answer = durable.callback.delay.sample(pf.retry_rng);
  const sim::Time timeout = durable.callback.timeout;
  ex.callback_timed_out = timeout > 0 && answer > timeout;
  pause(slot, ex.callback_timed_out ? timeout : answer);
}

void DurableExecutions::retain(const Execution& ex, sim::Time until, sim::Time after) {
  const double held_s = sim::to_seconds(until - ex.start) + sim::to_seconds(after);
  ctx_.result.usage[ctx_.function_of(ex.workload)].durable_retained_byte_s +=
      static_cast<double>(ex.written_bytes) * held_s;
}

void DurableExecutions::end(std::uint32_t slot, End how) {
  const Execution ex = executions_[slot];
  executions_[slot].in_use = false;
  free_.push_back(slot);
  ctx_.release_held();
  const std::size_t f = ctx_.function_of(ex.workload);
  retain(ex, ctx_.now(), ctx_.scenario.functions[f].durable->retention);
  if (!ctx_.counted(ex.start)) return;
  FunctionStats& stats = ctx_.stats(f);
  switch (how) {
    case End::Completed:
      stats.succeeded++;
      stats.async().succeeded++;  // the event that started it
      stats.async().age_success_ms.add(sim::to_millis(ctx_.now() - ex.start));
      stats.durable().completed++;
      stats.durable().end_to_end_s.add(sim::to_seconds(ctx_.now() - ex.start));
      break;
    case End::Failed:
      stats.failed++;
      stats.durable().failed++;
      break;
    case End::TimedOut:
      stats.timed_out++;
      stats.durable().timed_out++;
      break;
  }
}

// Executions running or waiting at the horizon: counted once, and their
// data retained up to the horizon (their retention period is still ahead).
void DurableExecutions::finish() {
  for (const Execution& ex : executions_) {
    if (!ex.in_use) continue;
    retain(ex, ctx_.scenario.horizon, 0);
    if (ctx_.counted(ex.start)) ctx_.stats(ctx_.function_of(ex.workload)).in_flight_at_end++;
  }
}

}  // namespace ls::models
