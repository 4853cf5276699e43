// Random streams: xoshiro256** seeded through SplitMix64.
//
// Every stream is derived from (seed, replication, name), never from creation
// order (ns-3's lesson): adding a function or a workload does not shift the
// samples another one sees, so what-if comparisons share random numbers
// ("common random numbers") and differences between runs are not noise.
// lambdasim owns its generator and samplers (no std::*_distribution), so the
// same seed gives the same run with any standard library.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace ls::sim {

inline constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// FNV-1a: a stable hash of a stream name, given whole or in parts (the
// parts' bytes in turn: hash_name({"init/", "api"}) == hash_name("init/api"),
// without building the joined name).
inline constexpr std::uint64_t hash_name(std::initializer_list<std::string_view> parts) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (std::string_view part : parts) {
    for (char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001B3ULL;
    }
  }
  return h;
}
inline constexpr std::uint64_t hash_name(std::string_view name) { return hash_name({name}); }

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) {
    std::uint64_t s = seed;
    for (auto& word : s_) word = splitmix64(s);
  }

  // The stream for (seed, replication, name), e.g. name = "arrivals/checkout#0",
  // the name given whole or in parts ({"init/", function}).
  static Rng stream(std::uint64_t seed, std::uint64_t replication,
                    std::initializer_list<std::string_view> name) {
    std::uint64_t s = seed;
    std::uint64_t a = splitmix64(s);
    s = a ^ (replication * 0xD1B54A32D192ED03ULL);
    std::uint64_t b = splitmix64(s);
    return Rng(b ^ hash_name(name));
  }
  static Rng stream(std::uint64_t seed, std::uint64_t replication, std::string_view name) {
    return stream(seed, replication, {name});
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // Uniform in (0, 1]: safe to take the logarithm of.
  double uniform_pos() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }

  // Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias < 2^-64·n).
  std::uint64_t below(std::uint64_t n) {
    __extension__ typedef unsigned __int128 Wide;  // GCC/Clang; keeps -Wpedantic quiet
    return static_cast<std::uint64_t>((static_cast<Wide>(next()) * n) >> 64);
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace ls::sim
