// SQS event source: one queue. Pollers start at `initial_concurrency`
// concurrent batches and add `ramp_per_minute` while messages wait, up to the
// platform ceiling and the mapping's max_concurrency. A received message is
// invisible for the visibility timeout: deleted when its batch succeeds,
// visible again when the timeout passes otherwise — even while its batch
// still runs, in which case it is processed twice (counted as a duplicate).
// After max_receive_count receives a failing message goes to the DLQ.
//
// Provisioned mode (source.provisioned): dedicated event pollers, each
// running up to platform.sqs.invokes_per_poller concurrent batches, between
// min_pollers (always running, even with an empty queue) and max_pollers,
// added at provisioned_ramp_per_minute concurrency while messages wait; the
// standard ceiling does not apply. Pollers × time is billed per event
// poller unit-hour (FunctionUsage::sqs_poller_us).
#pragma once

#include "models/components/polled_source.hpp"

namespace ls::models {

class SqsSource final : public PolledSource {
 public:
  SqsSource(SimContext& ctx, Environments& environments);

 private:
  void poll(std::uint32_t workload, std::uint32_t lane) override;
  void completed(std::uint32_t b, bool success, bool ok) override;
  void on_visible(const sim::Event& event);

  std::uint32_t visible_kind_;
};

}  // namespace ls::models
