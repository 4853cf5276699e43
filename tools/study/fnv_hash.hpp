// FNV-1a, the 64-bit hash the metric tables index paths and shapes by:
// fast on short keys, and the same value whether a key is fed at once or
// piece by piece.
#pragma once

#include <cstdint>
#include <string_view>

namespace ls::tools {

inline constexpr std::uint64_t kFnvOffset = 14695981039346656037ULL;

// `h` (kFnvOffset to start) extended by `bytes`.
inline std::uint64_t fnv1a(std::uint64_t h, std::string_view bytes) {
  for (const char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

}  // namespace ls::tools
