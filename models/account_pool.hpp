// The account's concurrency pool and the scaling governor: who may start one
// more execution right now, and who may create one more environment.
//
// Concurrency in use by a function = its provisioned environments (busy or
// idle: AWS counts provisioned concurrency against the reservation or the
// pool whether used or not) + its busy on-demand environments. A function
// with a reservation is capped by it; the others share what is left of the
// account limit after all reservations (the unreserved pool).
#pragma once

#include <algorithm>
#include <optional>
#include <vector>

#include "models/account_seconds.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "sim/huge_pages.hpp"
#include "sim/prefetch.hpp"

namespace ls::models {

// A token bucket that refills continuously at `rate` per second up to
// `capacity`, starting full. Used for new-environment scaling limits and
// the requests-per-second cap.
class TokenBucket {
 public:
  TokenBucket() = default;
  TokenBucket(double capacity, double rate_per_s)
      : capacity_(capacity), rate_(rate_per_s), tokens_(capacity) {}
  // Refills to `now`; true when a whole token is there (nothing is taken).
  bool has_token(sim::Time now);
  bool take(sim::Time now);

 private:
  double capacity_ = 0.0;
  double rate_ = 0.0;
  double tokens_ = 0.0;
  sim::Time last_ = 0;
};

class AccountPool {
 public:
  // reserved_elsewhere: reservations of functions simulated apart (a part
  // of a split run, models/partition.hpp), which the unreserved pool lacks.
  explicit AccountPool(const Scenario& scenario, int reserved_elsewhere = 0);
  // A part of a split run records its shared quantities second by second
  // (account_seconds.hpp), reading the time from `clock`.
  void record_seconds(const sim::Time* clock, sim::Time horizon) {
    clock_ = clock;
    seconds_ = AccountSeconds(horizon);
  }
  AccountSeconds& seconds() { return seconds_; }

  // Why function f may not start one more on-demand execution, if it may not.
  std::optional<ThrottleCause> check_ondemand(std::size_t f) const;
  // The requests-per-second cap (rps_per_concurrency × the concurrency
  // limit: the function's reservation, and the account's limit). Only
  // invocations that start count against it, so a request throttled for
  // concurrency spends none of it: may_start_rps asks, take_rps counts.
  bool may_start_rps(std::size_t f, sim::Time now);
  void take_rps(std::size_t f, sim::Time now);
  // The scaling governor: may function f create a new environment now?
  bool take_scaling(std::size_t f, sim::Time now);

  void ondemand_started(std::size_t f);
  void ondemand_ended(std::size_t f);
  void set_provisioned(std::size_t f, int count);

  int in_use(std::size_t f) const {
    return functions_[f].provisioned + functions_[f].ondemand_busy;
  }
  // A hint: function f's slot is needed soon (sim/prefetch.hpp).
  void prefetch(std::size_t f) const { sim::prefetch(functions_[f]); }
  int unreserved_in_use() const { return unreserved_in_use_; }
  // What a split run checks afterwards (models/partition.hpp): the most
  // unreserved concurrency in use at once, and the most account-RPS tokens
  // taken within two adjacent whole seconds.
  int unreserved_peak() const { return unreserved_peak_; }
  std::uint64_t account_rps_two_second_peak() const { return rps_pair_peak_; }
  int unreserved_capacity() const { return unreserved_capacity_; }

 private:
  // Aligned: what every request reads (up to `rps`) is one cache line (#20).
  struct alignas(64) FunctionSlot {
    int reserved = -1;  // -1: draws on the unreserved pool
    int provisioned = 0;
    int ondemand_busy = 0;
    bool rps_capped = false;  // false: no per-function cap (no reservation)
    TokenBucket rps;
    TokenBucket scaling;
  };
  sim::HugePageVector<FunctionSlot> functions_;
  int unreserved_capacity_ = 0;
  int unreserved_in_use_ = 0;
  TokenBucket account_rps_;
  void count_account_rps(sim::Time now);
  int unreserved_peak_ = 0;
  void unreserved_changed() {
    unreserved_peak_ = std::max(unreserved_peak_, unreserved_in_use_);
    if (clock_ != nullptr) seconds_.level(*clock_, unreserved_in_use_);
  }
  const sim::Time* clock_ = nullptr;  // set when recording seconds
  AccountSeconds seconds_;
  sim::Time rps_second_ = 0;           // the whole second being counted
  std::uint64_t rps_this_second_ = 0;  // tokens taken in it
  std::uint64_t rps_last_second_ = 0;  // and in the second before it
  std::uint64_t rps_pair_peak_ = 0;
  ScalingModel scaling_model_ = ScalingModel::PerFunction;
  TokenBucket regional_scaling_;  // legacy burst model
};

}  // namespace ls::models
