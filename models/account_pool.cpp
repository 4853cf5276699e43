#include "models/account_pool.hpp"

#include <algorithm>
#include <cmath>

namespace ls::models {

bool TokenBucket::has_token(sim::Time now) {
  if (now > last_) {
    tokens_ = std::min(capacity_, tokens_ + rate_ * sim::to_seconds(now - last_));
    last_ = now;
  }
  return tokens_ >= 1.0;
}

bool TokenBucket::take(sim::Time now) {
  if (!has_token(now)) return false;
  tokens_ -= 1.0;
  return true;
}

namespace {
// The RPS cap as a bucket refilled continuously at `cap` per second that
// holds at most one second's worth: a steady stream at the cap always
// passes, and no fixed window empties early in each second. (AWS documents
// the limit, 10 × concurrency, not its enforcement; it refills the scaling
// rate "continuously", and this does the same.)
TokenBucket rps_bucket(double cap) { return TokenBucket(cap, cap); }
}  // namespace

AccountPool::AccountPool(const Scenario& scenario, int reserved_elsewhere) {
  const auto& platform = scenario.platform;
  int reserved_total = reserved_elsewhere;
  functions_.resize(scenario.functions.size());
  const auto& scaling = platform.scaling;
  for (std::size_t f = 0; f < functions_.size(); ++f) {
    auto& slot = functions_[f];
    const auto& fn = scenario.functions[f];
    if (fn.reserved_concurrency) {
      slot.reserved = *fn.reserved_concurrency;
      reserved_total += slot.reserved;
      slot.rps_capped = true;
      slot.rps = rps_bucket(platform.rps_per_concurrency * slot.reserved);
    }
    if (scaling.model == ScalingModel::PerFunction)
      slot.scaling = TokenBucket(scaling.step, scaling.step / sim::to_seconds(scaling.every));
  }
  unreserved_capacity_ = std::max(0, platform.account_concurrency - reserved_total);
  account_rps_ = rps_bucket(platform.rps_per_concurrency * platform.account_concurrency);
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

bool AccountPool::may_start_rps(std::size_t f, sim::Time now) {
  auto& slot = functions_[f];
  if (slot.rps_capped && !slot.rps.has_token(now)) return false;
  return account_rps_.has_token(now);
}

void AccountPool::take_rps(std::size_t f, sim::Time now) {
  auto& slot = functions_[f];
  if (slot.rps_capped) slot.rps.take(now);
  account_rps_.take(now);
  count_account_rps(now);
}

// Tokens taken per whole second, kept for the last two seconds only: a
// split run's parts add their peaks to bound the whole account's
// (models/partition.cpp says why two seconds suffice).
void AccountPool::count_account_rps(sim::Time now) {
  const sim::Time second = now / sim::kSecond;
  if (second != rps_second_) {
    rps_last_second_ = second == rps_second_ + 1 ? rps_this_second_ : 0;
    rps_this_second_ = 0;
    rps_second_ = second;
  }
  ++rps_this_second_;
  rps_pair_peak_ = std::max(rps_pair_peak_, rps_last_second_ + rps_this_second_);
  if (clock_ != nullptr) seconds_.count(now);
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
  if (functions_[f].reserved < 0) {
    ++unreserved_in_use_;
    unreserved_changed();
  }
}

void AccountPool::ondemand_ended(std::size_t f) {
  --functions_[f].ondemand_busy;
  if (functions_[f].reserved < 0) {
    --unreserved_in_use_;
    unreserved_changed();
  }
}

void AccountPool::set_provisioned(std::size_t f, int count) {
  auto& slot = functions_[f];
  if (slot.reserved < 0) {
    unreserved_in_use_ += count - slot.provisioned;
    unreserved_changed();
  }
  slot.provisioned = count;
}

}  // namespace ls::models
