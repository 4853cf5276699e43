// Cache prefetch hints. With thousands of functions, a request's cost is its
// cache misses on per-function state (issue #20): the simulator knows which
// function's request comes next (the arrival lane's top) and starts loading
// its state while it handles the current event. A hint only: it changes no
// value, so results stay byte-identical.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ls::sim {

inline constexpr std::size_t kCacheLine = 64;

// The cache line holding `p`. On x86-64 an asm statement, not
// __builtin_prefetch: GCC 12 drops a __builtin_prefetch whose address it
// computes from a load and a float-to-integer conversion (as a histogram's
// bucket index is; seen in the disassembly), and an asm volatile is kept.
inline void prefetch_line(const void* p) {
#if defined(__x86_64__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p);
#endif
}

// Every cache line of [begin, end).
inline void prefetch_range(const void* begin, const void* end) {
  auto at = reinterpret_cast<std::uintptr_t>(begin) & ~(std::uintptr_t{kCacheLine} - 1);
  const auto stop = reinterpret_cast<std::uintptr_t>(end);
  for (; at < stop; at += kCacheLine) prefetch_line(reinterpret_cast<const void*>(at));
}

// Every cache line of `object`'s first `bytes` (all of it by default).
template <class T>
void prefetch(const T& object, std::size_t bytes = sizeof(T)) {
  const auto* p = reinterpret_cast<const char*>(&object);
  prefetch_range(p, p + bytes);
}

}  // namespace ls::sim
