// A pending event: a small POD, 32 bytes, ordered by (time, seq).
#pragma once

#include <cstdint>
#include <type_traits>

#include "sim/time.hpp"

namespace ls::sim {

struct Event {
  Time time;
  std::uint64_t seq;
  std::uint32_t kind;   // model-defined event type
  std::uint32_t index;  // model-defined entity index
  std::uint32_t gen;    // model-defined generation / payload
  std::uint32_t aux;    // model-defined payload
};
static_assert(std::is_trivially_copyable_v<Event>);
static_assert(sizeof(Event) == 32, "events must stay 32 bytes");

// The simulator's order of events: by time, then by seq (scheduling order).
inline bool before(const Event& a, const Event& b) {
  return a.time < b.time || (a.time == b.time && a.seq < b.seq);
}

}  // namespace ls::sim
