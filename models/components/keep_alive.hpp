// Keep-alive expiry, one implementation for every kind of environment that
// the platform reclaims when idle (on-demand environments, Web Functions'
// environments): a deadline sampled from the platform's keep-alive, and at
// most one pending expiry event per environment. An environment reused
// before its expiry moves its deadline; the queued event re-arms itself when
// it fires early, so pending events grow with environments, not requests.
#pragma once

#include <algorithm>
#include <cstdint>

#include "models/scenario.hpp"
#include "sim/engine.hpp"
#include "sim/rng.hpp"

namespace ls::models {

// An environment's idle deadline and whether its expiry event is queued.
struct IdleExpiry {
  sim::Time at = sim::kNever;
  bool pending = false;  // an expiry event of the environment's generation is queued
};

class KeepAliveTimer {
 public:
  // `kind`: the owner's expiry event, whose handler calls expired().
  KeepAliveTimer(const PlatformConfig& platform, sim::Engine& engine, std::uint32_t kind)
      : platform_(platform), engine_(engine), kind_(kind) {}

  // The environment (`index`, `gen` identify it in the expiry event) turns
  // idle now: it expires after the sampled keep-alive, and no later than
  // `lifetime_end`.
  void idle(IdleExpiry& x, sim::Rng& rng, sim::Time lifetime_end, std::uint32_t index,
            std::uint32_t gen) {
    const sim::Time now = engine_.now();
    const sim::Time keep = platform_.keep_alive.never
                               ? sim::kNever
                               : sim::add_saturating(now, platform_.keep_alive.dist.sample(rng));
    x.at = std::min(keep, lifetime_end);
    if (x.at != sim::kNever && !x.pending) {
      x.pending = true;
      engine_.schedule(x.at, kind_, index, gen);
    }
  }

  // The expiry event fired (its generation checked by the owner): true when
  // the environment, `idle` now, should go. When it was reused since, its
  // next idle() arms a new event; when it came early, it re-arms itself.
  bool expired(IdleExpiry& x, bool idle, std::uint32_t index, std::uint32_t gen) {
    x.pending = false;
    if (!idle) return false;
    if (x.at > engine_.now()) {
      x.pending = true;
      engine_.schedule(x.at, kind_, index, gen);
      return false;
    }
    return true;
  }

 private:
  const PlatformConfig& platform_;
  sim::Engine& engine_;
  std::uint32_t kind_;
};

}  // namespace ls::models
