#include "models/account_seconds.hpp"

#include <algorithm>

namespace ls::models {

AccountSeconds::AccountSeconds(sim::Time horizon) {
  const sim::Time seconds = (horizon + sim::kSecond - 1) / sim::kSecond;
  if (seconds <= 0 || seconds > kMaxSeconds) return;
  levels_.assign(static_cast<std::size_t>(seconds), 0);
  counts_.assign(static_cast<std::size_t>(seconds), 0);
  next_ = sim::kSecond;
}

// Closes the second being recorded and those after it up to `now`'s, in
// which the level stayed what it was and no token was taken.
void AccountSeconds::roll(sim::Time now) {
  const auto to = std::min(static_cast<std::size_t>(now / sim::kSecond), levels_.size());
  if (second_ < levels_.size()) {
    levels_[second_] = peak_;
    counts_[second_] = count_;
  }
  for (std::size_t s = second_ + 1; s < to; ++s) levels_[s] = level_;
  second_ = to;
  peak_ = level_;
  count_ = 0;
  next_ = static_cast<sim::Time>(second_ + 1) * sim::kSecond;
}

void AccountSeconds::finish() {
  if (!on()) return;
  roll(static_cast<sim::Time>(levels_.size()) * sim::kSecond);
}

}  // namespace ls::models
