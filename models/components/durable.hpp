// Lambda durable functions (functions.<name>.durable, docs/durable.md): each
// asynchronous event of a durable function starts a durable execution of
// `steps` steps separated by waits. A step is one handler invocation on an
// on-demand environment (billed as usual); a wait ends the invocation, so
// it holds no environment and bills no compute, and the invocation that
// resumes the execution after it (a resumption) is cold unless an
// environment of the function is still idle and alive. The execution ends
// when its last step succeeds, fails when a step has failed (errored or
// timed out) on every attempt of its retry strategy (each failed attempt is
// checkpointed and retried after a backoff that holds nothing, like a
// wait), fails or goes on when a callback times out, or is stopped at the
// execution timeout. Durable operations (the start, each step, each failed
// attempt, each wait or callback), the data they write and its retention
// are recorded for the bill.
//
// Each running execution holds one slot and at most one pending event, so
// memory grows with the executions in flight, not with those simulated.
#pragma once

#include <cstdint>
#include <vector>

#include "models/components/component.hpp"
#include "models/components/environments.hpp"

namespace ls::models {

// The backoff before retry `retry` (1 for the first) of a step under
// `strategy`, with `u` a uniform draw in [0, 1) for the jitter: AWS's
// "base_delay = min(initial_delay × backoff_rate ^ (attempt - 1),
// max_delay); final_delay = jitter(base_delay), minimum 1 second".
sim::Time durable_retry_backoff(const DurableRetry& strategy, int retry, double u);

class DurableExecutions final : public Component, public RequestSink, public ExecutionClient {
 public:
  DurableExecutions(SimContext& ctx, Environments& environments);

  bool accepts(const WorkloadConfig& workload) const override;
  void arrive(std::uint32_t workload) override;
  void execution_ended(std::uint32_t slot, bool success) override;
  void finish() override;

 private:
  enum class End : std::uint8_t { Completed, Failed, TimedOut };
  struct Execution {
    sim::Time start = 0;
    sim::Time deadline = 0;  // start + execution_timeout
    std::uint32_t workload = 0;
    std::uint32_t steps = 0;  // steps to run
    std::uint32_t done = 0;   // steps completed
    std::uint32_t throttles = 0;
    std::uint32_t tenant = 0;
    std::uint32_t failed_attempts = 0;  // of the current step
    bool resuming = false;              // the next invocation follows a wait
    bool callback_timed_out = false;    // the pending resumption is the callback's timeout
    bool in_use = false;
    std::uint64_t written_bytes = 0;  // by this execution so far
  };
  struct PerFunction {
    sim::Rng rng;        // steps and waits
    sim::Rng data_rng;   // KB written
    sim::Rng retry_rng;  // retry jitter and callback delays
  };

  void invoke(std::uint32_t slot);
  // One durable operation of `slot`'s execution, writing a draw of `kb`.
  void operation(Execution& ex, const Dist& kb);
  // Waits `delay` before the next invocation, or ends the execution at its
  // deadline when that comes first.
  void pause(std::uint32_t slot, sim::Time delay);
  // A step's attempt failed: retried after its backoff, or the execution fails.
  void step_failed(std::uint32_t slot);
  // The wait after a completed step: a timer, or a callback (its answer or
  // its timeout, whichever comes first).
  void suspend(std::uint32_t slot);
  void on_resume(const sim::Event& event);
  void on_deadline(const sim::Event& event);
  void end(std::uint32_t slot, End how);
  // Byte-seconds retained by `ex` from its start to `until`, plus `after`.
  void retain(const Execution& ex, sim::Time until, sim::Time after);

  SimContext ctx_;  // a copy: one indirection less on every access
  Environments& environments_;
  std::uint8_t caller_;
  std::uint32_t resume_kind_;
  std::uint32_t deadline_kind_;
  std::vector<PerFunction> functions_;  // by function (streams drawn for durable ones only)
  std::vector<Execution> executions_;
  std::vector<std::uint32_t> free_;
};

}  // namespace ls::models
