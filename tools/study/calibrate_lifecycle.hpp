// The environment lifecycle from request logs (docs/calibrate.md, "Method"):
//   - idle reclaim: each idle period of an environment is an observation of
//     its reclaim time T: reused after an idle gap g proves T > g (a lower
//     bound); never seen again although the function started a new
//     environment g after the old one's last request proves T <= g (an
//     upper bound), and so does a warm start that went to a less recently
//     used environment, when the reuse rule is most-recent. This is current-status data; the
//     nonparametric maximum likelihood estimate of F(g) = P(T <= g) is the isotonic regression of
//     the "dead" indicators on g (pool adjacent violators, Groeneboom &
//     Wellner 1992), here on 1-second bins;
//   - the reuse rule: at each warm start with two or more idle environments
//     that are proven alive (each served a later request), which one was
//     chosen, against most-recently-used, least-recently-used,
//     newest-created, oldest-created and random choice.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "tools/study/calibrate_fit.hpp"

namespace ls::tools::calibrate {

// Idle-gap observations on 1-second bins up to kMaxGap (longer gaps go in
// the last bin): memory is fixed whatever the number of requests.
class IdleObservations {
 public:
  static constexpr int kMaxGapS = 6 * 3600;
  IdleObservations() : alive_(kMaxGapS + 1, 0), dead_(kMaxGapS + 1, 0) {}
  void alive(double gap_s) {
    ++alive_[bin(gap_s)];
    ++n_alive_;
    max_alive_ = std::max(max_alive_, gap_s);
  }
  void dead(double gap_s) {
    ++dead_[bin(gap_s)];
    ++n_dead_;
    min_dead_ = std::min(min_dead_, gap_s);
  }
  std::uint64_t n_alive() const { return n_alive_; }
  std::uint64_t n_dead() const { return n_dead_; }
  double max_alive() const { return max_alive_; }
  double min_dead() const { return min_dead_; }
  const std::vector<std::uint32_t>& alive_bins() const { return alive_; }
  const std::vector<std::uint32_t>& dead_bins() const { return dead_; }

 private:
  static std::size_t bin(double g) {
    return static_cast<std::size_t>(std::clamp(g, 0.0, static_cast<double>(kMaxGapS)));
  }
  std::vector<std::uint32_t> alive_;
  std::vector<std::uint32_t> dead_;
  std::uint64_t n_alive_ = 0;
  std::uint64_t n_dead_ = 0;
  double max_alive_ = 0.0;
  double min_dead_ = 1e300;
};

struct ReclaimEstimate {
  std::uint64_t lower_bounds = 0;  // idle gaps that ended in a warm start
  std::uint64_t upper_bounds = 0;  // idle gaps after which a new environment started
  double longest_reused_gap_s = 0.0;
  double shortest_dead_gap_s = 0.0;  // 0 when none
  // Quantiles of the NPMLE of the reclaim time (seconds; F jumps past q
  // somewhere between two observations: their midpoint); infinity when F
  // never reaches q.
  double q10_s = 0.0, median_s = 0.0, q90_s = 0.0;
  Interval median_ci95;  // Poisson bootstrap of the bins, fixed seed
  bool identified() const { return upper_bounds > 0 && lower_bounds > 0; }
  // The NPMLE as steps: (gap seconds where a step starts, F from there).
  std::vector<std::pair<double, double>> cdf;
  // The scenario's keep-alive, as 100 samples at (i + 0.5) / 100: the
  // quantile function through (0.1, q10), (0.5, median) and (0.9, q90),
  // linear between them and flat outside (10 % at q10, 10 % at q90). It
  // keeps the estimate's median, which a uniform over q10..q90 moved to
  // their midpoint (762 s for a 642 s median on the nine 2020 logs), and
  // leaves out the NPMLE's steps outside q10..q90, which rest on a few gaps.
  // Backtest cold starts on those logs (measured 2026-12-07):
  // pooled -10.4 % (uniform) / +1.5 % (all 100 NPMLE percentiles) / -2.6 %
  // (this); mean absolute error over the nine one by one 4.4 % / 6.0 % /
  // 3.3 %. Empty when not identified or q90 is not reached.
  std::vector<double> percentiles_s;
};

ReclaimEstimate estimate_reclaim(const IdleObservations& observations, int bootstrap_samples,
                                 std::uint64_t seed);

// One routing decision: the chosen environment and the other idle ones
// that were proven alive, with when each was last used and created.
struct Candidate {
  double last_end = 0.0;
  double created = 0.0;
  bool chosen = false;
};

struct RuleScore {
  std::string rule;  // most-recent, least-recent, newest, oldest, random
  std::uint64_t matches = 0;
  double expected = 0.0;  // matches expected under random choice
  double share = 0.0;
  Interval share_ci95;  // Wilson
  // Log-likelihood of "this rule, else random with probability eps" at the
  // maximising eps (random: eps = 1).
  double log_likelihood = 0.0;
  double epsilon = 0.0;
};

struct ReuseEstimate {
  std::uint64_t decisions = 0;     // with >= 2 proven-alive idle environments
  std::uint64_t not_recorded = 0;  // beyond the memory cap
  std::vector<RuleScore> rules;
  // Highest log-likelihood; a rule must beat random by a likelihood-ratio
  // test at 5 % (random is the default); "" without decisions.
  std::string best;
  // Best rule against random: z of its matches under random choice
  // (Poisson-binomial, normal approximation) and log10 of its one-sided p.
  double z_vs_random = 0.0;
  double log10_p_vs_random = 0.0;
  // New environments started while an idle environment existed that served
  // a later request (zero under every "reuse if any is idle" rule).
  std::uint64_t new_while_idle_alive = 0;
};

// Sufficient statistics of the decisions: per number k of candidates, how
// many decisions and how many each rule matched (k above kMaxK counts as kMaxK).
class ReuseTally {
 public:
  static constexpr std::size_t kMaxK = 16;
  static constexpr std::size_t kRules = 4;  // most-recent, least-recent, newest, oldest
  // Candidates including the chosen one; fewer than two are ignored.
  void add(const std::vector<Candidate>& candidates);
  std::uint64_t total(std::size_t k) const { return total_[k]; }
  std::uint64_t matches(std::size_t rule, std::size_t k) const { return match_[rule][k]; }
  std::uint64_t not_recorded = 0;
  std::uint64_t new_while_idle_alive = 0;

 private:
  std::array<std::uint64_t, kMaxK + 1> total_{};
  std::array<std::array<std::uint64_t, kMaxK + 1>, kRules> match_{};
};

ReuseEstimate score_reuse(const ReuseTally& tally);

}  // namespace ls::tools::calibrate
