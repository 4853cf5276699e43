// Kinesis / DynamoDB Streams event source: records go to one of shards ×
// parallelisation lanes; each lane runs one batch at a time, in order. A
// failing batch is retried (blocking its lane) until it succeeds, its records
// expire (retention) or it used its max_retry_attempts; with bisect it is
// split in two first, so that a poison record ends up failing alone.
#pragma once

#include "models/components/polled_source.hpp"

namespace ls::models {

class StreamSource final : public PolledSource {
 public:
  StreamSource(SimContext& ctx, Environments& environments);

 private:
  void poll(std::uint32_t workload, std::uint32_t lane) override;
  void completed(std::uint32_t b, bool success, bool ok) override;
};

}  // namespace ls::models
