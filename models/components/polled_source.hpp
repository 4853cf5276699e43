// What the poll-based event sources (event source mappings) share: arrivals
// are messages (SQS) or records (Kinesis / DynamoDB Streams) that wait in
// the source, in one or more lanes; pollers take them in batches and invoke
// the function once per batch. SqsSource and StreamSource say how a lane is
// polled and what a finished batch does.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "models/components/component.hpp"
#include "models/components/environments.hpp"
#include "models/usage.hpp"

namespace ls::models {

// A message (SQS) or record (stream) of an event source.
struct SourceItem {
  sim::Time arrival = 0;        // sent / written
  sim::Time visible_since = 0;  // SQS: when it (re)appeared in the queue
  std::uint32_t receives = 0;   // SQS: times received
  bool poison = false;          // fails every batch it is in
};

class PolledSource : public Component, public RequestSink, public ExecutionClient {
 public:
  bool accepts(const WorkloadConfig& workload) const override;
  void arrive(std::uint32_t workload) override;
  void execution_ended(std::uint32_t batch, bool success) override;
  void warmup_end() override;
  void finish() override;

 protected:
  static constexpr std::uint32_t kNoBatch = 0xFFFFFFFFu;
  enum Terminal { kSucceeded, kDiscarded };

  struct Batch {
    std::uint32_t workload = 0;
    std::uint32_t lane = 0;  // stream: shard × parallelisation lane
    std::uint32_t gen = 0;
    std::uint32_t attempts = 0;
    bool in_use = false;
    bool running = false;
    bool released = false;  // SQS: visibility timeout passed while running
    sim::Time started = 0;
    std::vector<SourceItem> items;  // capacity kept across reuse
  };
  // Per workload. SQS: one queue (lane 0); streams: one lane per shard ×
  // parallelisation factor.
  struct State {
    struct Lane {
      std::deque<SourceItem> items;
      std::uint32_t pending_batch = kNoBatch;  // stream: failed batch to retry
      bool busy = false;                       // stream: a batch is running
      std::uint32_t timer_gen = 0;
      bool timer_armed = false;
      sim::Time timer_at = 0;
    };
    std::vector<Lane> lanes;
    sim::Rng rng;
    std::int64_t received = 0;  // items arrived so far (for poison_every)
    int running = 0;            // batches running
    double allowed = 0.0;       // SQS: concurrent batches the pollers may run
    sim::Time allowed_at = 0;
    int backlog = 0;  // items not yet done
    // Provisioned mode: event pollers now, the units they bill (SQS: one
    // per poller; Kafka: ten pollers per unit) and since when.
    int event_pollers = 0;
    int billed_units = 0;
    sim::Time units_since = 0;
    MicrosecondArea units_area;
  };

  // `lanes`: how many lanes a workload's source has.
  PolledSource(SimContext& ctx, Environments& environments, SourceConfig::Type type,
               std::size_t (*lanes)(const SourceConfig&));

  // Polls lane `lane` of `workload`'s source (after an arrival, a timer, a
  // finished batch).
  virtual void poll(std::uint32_t workload, std::uint32_t lane) = 0;
  // Batch b's execution ended; ok: it succeeded and held no poison item.
  virtual void completed(std::uint32_t b, bool success, bool ok) = 0;

  State& state(std::uint32_t workload) { return *states_[workload]; }
  Batch& batch(std::uint32_t b) { return *batches_[b]; }
  const SourceConfig& config(std::uint32_t workload) const {
    return *ctx_.scenario.workloads[workload].source;
  }
  std::uint32_t new_batch(std::uint32_t workload, std::uint32_t lane);
  void free_batch(std::uint32_t b);
  // Invokes the function with batch b; false when throttled.
  bool launch(std::uint32_t workload, std::uint32_t b);
  // Re-polls the lane at `at`: one timer per lane, an earlier one replaces a
  // later one.
  void arm_timer(std::uint32_t workload, std::uint32_t lane, sim::Time at);
  // How many items the next batch may take.
  std::size_t batch_limit(const SourceConfig& src) const;
  // `delta` is +1 (an item arrived) or -1 (an item is done: succeeded or
  // discarded); also counts the item as held (SimContext::hold).
  void set_backlog(std::uint32_t workload, int delta);
  // Provisioned mode: the workload now runs `pollers` event pollers, billed
  // as `units` event poller units (FunctionUsage::sqs_poller_us or
  // kafka_poller_us, by the source's type).
  void set_event_pollers(std::uint32_t workload, int pollers, int units);
  void end_item(std::uint32_t workload, sim::Time arrival, Terminal terminal);

  SimContext ctx_;  // a copy: one indirection less on every access

 private:
  void on_timer(const sim::Event& event);
  std::uint64_t items_in_flight(std::uint32_t workload) const;
  std::uint64_t& billed_poller_us(std::size_t f);

  Environments& environments_;
  SourceConfig::Type type_;
  std::uint8_t caller_;
  std::uint32_t timer_kind_;
  std::vector<std::unique_ptr<State>> states_;  // by workload; null: another kind's
  std::vector<std::unique_ptr<Batch>> batches_;
  std::vector<std::uint32_t> free_batches_;
  std::vector<int> function_pollers_;  // provisioned mode: event pollers per function
};

}  // namespace ls::models
