// Lambda durable functions (functions.<name>.durable, docs/durable.md): each
// asynchronous event of a durable function starts a durable execution of
// `steps` steps separated by waits. A step is one handler invocation on an
// on-demand environment (billed as usual); a wait ends the invocation, so
// it holds no environment and bills no compute, and the invocation that
// resumes the execution after it (a resumption) is cold unless an
// environment of the function is still idle and alive. The execution ends
// when its last step succeeds, fails at a failed or timed-out invocation
// (the SDK's step retries are not modelled), or is stopped at the
// execution timeout. Durable operations (the start, each step, each wait),
// the data they write and its retention are recorded for the bill.
//
// Each running execution holds one slot and at most one pending event, so
// memory grows with the executions in flight, not with those simulated.
#pragma once

#include <cstdint>
#include <vector>

#include "models/components/component.hpp"
#include "models/components/environments.hpp"

namespace ls::models {

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
    bool resuming = false;  // the next invocation follows a wait
    bool in_use = false;
    std::uint64_t written_bytes = 0;  // by this execution so far
  };
  struct PerFunction {
    sim::Rng rng;       // steps and waits
    sim::Rng data_rng;  // KB written
  };

  void invoke(std::uint32_t slot);
  // One durable operation of `slot`'s execution, writing a draw of `kb`.
  void operation(Execution& ex, const Dist& kb);
  // Waits `delay` before the next invocation, or ends the execution at its
  // deadline when that comes first.
  void pause(std::uint32_t slot, sim::Time delay);
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
