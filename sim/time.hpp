// Simulated time: int64 nanoseconds since scenario start.
//
// An integer clock cannot drift and orders events exactly; int64 ns covers
// ±292 years, far beyond any horizon lambdasim accepts (the loader caps
// horizons at 10 years). kNever is an explicit infinity, not a magic horizon.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

namespace ls::sim {

using Time = std::int64_t;

inline constexpr Time kNanosecond = 1;
inline constexpr Time kMicrosecond = 1000;
inline constexpr Time kMillisecond = 1000 * kMicrosecond;
inline constexpr Time kSecond = 1000 * kMillisecond;
inline constexpr Time kMinute = 60 * kSecond;
inline constexpr Time kHour = 60 * kMinute;
inline constexpr Time kDay = 24 * kHour;
inline constexpr Time kNever = std::numeric_limits<Time>::max();

// Seconds (double) to Time, rounded to the nearest nanosecond and saturating
// at kNever so that an enormous sample cannot wrap around.
inline Time from_seconds(double s) {
  if (!(s < 9.2e9)) return s != s ? 0 : kNever;  // NaN → 0, huge → never
  if (s <= -9.2e9) return -kNever;
  // std::llround(ns), without the library call: truncate, then round half
  // away from zero. ns - t is exact (|ns| < 2^53, or ns is already integral).
  const double ns = s * 1e9;
  auto t = static_cast<Time>(ns);
  const double frac = ns - static_cast<double>(t);
  if (frac >= 0.5) ++t;
  if (frac <= -0.5) --t;
  return t;
}

inline constexpr double to_seconds(Time t) { return static_cast<double>(t) * 1e-9; }
inline constexpr double to_millis(Time t) { return static_cast<double>(t) * 1e-6; }

// a + b without overflow: saturates at kNever.
inline constexpr Time add_saturating(Time a, Time b) {
  if (b > 0 && a > kNever - b) return kNever;
  return a + b;
}

}  // namespace ls::sim
