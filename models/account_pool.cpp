#include "models/account_pool.hpp"

#include <algorithm>
#include <cmath>

namespace ls::models {

bool TokenBucket::take(sim::Time now) {
  if (now > last_) {
    tokens_ = std::min(capacity_, tokens_ + rate_ * sim::to_seconds(now - last_));
    last_ = now;
  }
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

AccountPool::AccountPool(const Scenario& scenario) {
  const auto& platform = scenario.platform;
  int reserved_total = 0;
  functions_.resize(scenario.functions.size());
  const auto& scaling = platform.scaling;
  for (std::size_t f = 0; f < functions_.size(); ++f) {
    auto& slot = functions_[f];
    const auto& fn = scenario.functions[f];
    if (fn.reserved_concurrency) {
      slot.reserved = *fn.reserved_concurrency;
      reserved_total += slot.reserved;
      slot.rps_cap = std::llround(platform.rps_per_concurrency * slot.reserved);
    }
    if (scaling.model == ScalingModel::PerFunction)
      slot.scaling = TokenBucket(scaling.step, scaling.step / sim::to_seconds(scaling.every));
  }
  unreserved_capacity_ = std::max(0, platform.account_concurrency - reserved_total);
  account_rps_cap_ = std::llround(platform.rps_per_concurrency * platform.account_concurrency);
  scaling_model_ = scaling.model;
  if (scaling_model_ == ScalingModel::LegacyBurst)
    regional_scaling_ = TokenBucket(scaling.burst, scaling.per_minute / 60.0);
}

std::optional<ThrottleCause> AccountPool::check_ondemand(std::size_t f) const {
  const auto& slot = functions_[f];
  if (slot.reserved >= 0) {
    if (slot.provisioned + slot.ondemand_busy + 1 > slot.reserved)
      return ThrottleCause::ReservedLimit;
    return std::nullopt;
  }
  if (unreserved_in_use_ + 1 > unreserved_capacity_) return ThrottleCause::AccountLimit;
  return std::nullopt;
}

namespace {
// Counts one request in the fixed one-second window containing `now`.
bool take_window(long long cap, long long& window, long long& count, sim::Time now) {
  const long long current = now / sim::kSecond;
  if (current != window) {
    window = current;
    count = 0;
  }
  if (count >= cap) return false;
  ++count;
  return true;
}
}  // namespace

bool AccountPool::take_rps(std::size_t f, sim::Time now) {
  auto& slot = functions_[f];
  if (slot.rps_cap > 0 && !take_window(slot.rps_cap, slot.rps_window, slot.rps_count, now))
    return false;
  return take_window(account_rps_cap_, account_rps_window_, account_rps_count_, now);
}

bool AccountPool::take_scaling(std::size_t f, sim::Time now) {
  switch (scaling_model_) {
    case ScalingModel::None: return true;
    case ScalingModel::PerFunction: return functions_[f].scaling.take(now);
    case ScalingModel::LegacyBurst: return regional_scaling_.take(now);
  }
  return true;
}

void AccountPool::ondemand_started(std::size_t f) {
  ++functions_[f].ondemand_busy;
  if (functions_[f].reserved < 0) ++unreserved_in_use_;
}

void AccountPool::ondemand_ended(std::size_t f) {
  --functions_[f].ondemand_busy;
  if (functions_[f].reserved < 0) --unreserved_in_use_;
}

void AccountPool::set_provisioned(std::size_t f, int count) {
  auto& slot = functions_[f];
  if (slot.reserved < 0) unreserved_in_use_ += count - slot.provisioned;
  slot.provisioned = count;
}

}  // namespace ls::models
