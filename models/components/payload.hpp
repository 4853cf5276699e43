// Payload sizes against the platform's limits (platform.payload, sizes in KB
// of 1,024 bytes): the draws and the asynchronous billing rule, shared by the
// sync path and the async queue.
#pragma once

#include <cmath>
#include <cstdint>

#include "models/scenario.hpp"
#include "sim/rng.hpp"

namespace ls::models {

// One size in KB from a size Dist (whose "seconds" are KB).
inline double draw_kb(const Dist& size, sim::Rng& rng) { return sim::to_seconds(size.sample(rng)); }

// Requests an accepted asynchronous event bills beyond its first: one per
// started chunk above the free size (AWS: "1 additional request for each
// 64 KB of chunk" beyond 256 KB).
inline std::uint64_t extra_async_requests(double kb, const PayloadLimits& limits) {
  const double above = kb - limits.async_billed_free_kb;
  if (above <= 0) return 0;
  return static_cast<std::uint64_t>(std::ceil(above / limits.async_billed_chunk_kb));
}

}  // namespace ls::models
