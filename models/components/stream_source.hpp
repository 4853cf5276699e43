// Kinesis / DynamoDB Streams event source: records go to one of shards ×
// parallelisation lanes; each lane runs one batch at a time, in order. A
// failing batch is retried (blocking its lane) until it succeeds, its records
// expire (retention) or it used its max_retry_attempts; with bisect it is
// split in two first, so that a poison record ends up failing alone.
//
// Kafka (Amazon MSK / self-managed, type kafka) is the same model with one
// lane per partition (records of a partition in order, one batch at a
// time; a failing batch blocks its partition until it succeeds). In
// provisioned mode the event pollers, each running up to
// platform.kafka_invokes_per_poller batches, follow the running batches
// between min_pollers and max_pollers and bill one event poller unit per
// platform.kafka_pollers_per_unit pollers; in on-demand mode the pollers are
// assumed to keep up (concurrency = partitions with records).
#pragma once

#include "models/components/polled_source.hpp"

namespace ls::models {

class StreamSource final : public PolledSource {
 public:
  // type: Kinesis (also DynamoDB Streams) or Kafka.
  StreamSource(SimContext& ctx, Environments& environments,
               SourceConfig::Type type = SourceConfig::Type::Kinesis);

 private:
  void poll(std::uint32_t workload, std::uint32_t lane) override;
  void completed(std::uint32_t b, bool success, bool ok) override;
  // Kafka provisioned mode: pollers for the running batches.
  void follow_pollers(std::uint32_t workload);
};

}  // namespace ls::models
