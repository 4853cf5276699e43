// The client's backoff before it retries a throttled synchronous request
// (workloads[].client_retry): base x 2^(attempt-1), with full jitter when
// asked. Shared by the sync path and the front door.
#pragma once

#include <algorithm>
#include <cstdint>

#include "models/scenario.hpp"
#include "sim/rng.hpp"

namespace ls::models {

// The delay before attempt `attempt` + 1 (attempt >= 1), in seconds.
inline double client_backoff_s(const ClientRetry& retry, std::uint32_t attempt, sim::Rng& rng) {
  const int shift = static_cast<int>(std::min<std::uint32_t>(attempt - 1, 30));
  double delay = sim::to_seconds(retry.backoff) * static_cast<double>(1LL << shift);
  if (retry.jitter == ClientRetry::Jitter::Full) delay *= rng.uniform();
  return delay;
}

}  // namespace ls::models
