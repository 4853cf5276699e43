// The account's shared quantities second by second, recorded by a part of a
// split run (models/partition.hpp) so that the parts' records can be added
// up second by second: the sum bounds the whole run's at every moment far
// more tightly than the sum of the parts' peaks (sixteen blocks of a fleet
// each peaking at a different moment add up to several times the whole
// fleet's peak, and the run was simulated again whole for nothing).
//
// Per whole second s of the horizon: the most unreserved concurrency in use
// at any moment of s (the level carried in from before s included), and the
// account-RPS tokens taken in s. Recording is one comparison per change
// within a second; the arrays are 8 bytes per simulated second, so a horizon
// beyond kMaxSeconds is not recorded (the parts' peaks are added instead).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace ls::models {

class AccountSeconds {
 public:
  static constexpr sim::Time kMaxSeconds = sim::Time{1} << 20;  // ~12 days

  AccountSeconds() = default;  // records nothing
  explicit AccountSeconds(sim::Time horizon);
  bool on() const { return !levels_.empty(); }

  // The unreserved concurrency in use became `level` at `now`.
  void level(sim::Time now, int level) {
    if (now >= next_) roll(now);
    level_ = static_cast<std::uint32_t>(level);
    if (level_ > peak_) peak_ = level_;
  }
  // One account-RPS token taken at `now`.
  void count(sim::Time now) {
    if (now >= next_) roll(now);
    ++count_;
  }
  // Writes the seconds not yet written; then the arrays are complete.
  void finish();

  // By whole second of the horizon.
  std::vector<std::uint32_t> take_levels() { return std::move(levels_); }
  std::vector<std::uint32_t> take_counts() { return std::move(counts_); }

 private:
  void roll(sim::Time now);

  std::vector<std::uint32_t> levels_;  // the peak level in each second
  std::vector<std::uint32_t> counts_;  // the tokens taken in each second
  std::size_t second_ = 0;             // the second being recorded
  sim::Time next_ = sim::kNever;       // its end
  std::uint32_t level_ = 0;            // the level now
  std::uint32_t peak_ = 0;             // the peak in `second_` so far
  std::uint32_t count_ = 0;            // the tokens in `second_` so far
};

}  // namespace ls::models
