#include "tools/study/calibrate_lifecycle.hpp"

#include <cmath>
#include <limits>
#include <random>

namespace ls::tools::calibrate {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Pool adjacent violators: the nondecreasing F minimising the weighted
// squared distance to dead / (alive + dead) per bin, i.e. the NPMLE of
// current-status data. F is constant on each block of bins and jumps
// somewhere between one block's last observed bin and the next one's first.
struct Block {
  double dead = 0.0, weight = 0.0;
  std::size_t first = 0, last = 0;  // observed bins
  double value() const { return dead / weight; }
};

std::vector<Block> isotonic_blocks(const std::vector<double>& alive,
                                   const std::vector<double>& dead) {
  std::vector<Block> blocks;
  for (std::size_t i = 0; i < alive.size(); ++i) {
    const double w = alive[i] + dead[i];
    if (w <= 0.0) continue;
    blocks.push_back({dead[i], w, i, i});
    while (blocks.size() >= 2 && blocks[blocks.size() - 2].value() > blocks.back().value()) {
      const Block b = blocks.back();
      blocks.pop_back();
      blocks.back().dead += b.dead;
      blocks.back().weight += b.weight;
      blocks.back().last = b.last;
    }
  }
  return blocks;
}

// Where F reaches q: midway between the last observation below and the
// first at or above (bins are whole seconds: [i, i + 1)); infinity if never.
double quantile(const std::vector<Block>& blocks, double q) {
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    if (blocks[k].value() < q) continue;
    const double to = static_cast<double>(blocks[k].first) + 0.5;
    const double from = k > 0 ? static_cast<double>(blocks[k - 1].last) + 0.5 : 0.0;
    return (from + to) / 2;
  }
  return kInf;
}

}  // namespace

ReclaimEstimate estimate_reclaim(const IdleObservations& obs, int bootstrap_samples,
                                 std::uint64_t seed) {
  ReclaimEstimate e;
  e.lower_bounds = obs.n_alive();
  e.upper_bounds = obs.n_dead();
  e.longest_reused_gap_s = obs.max_alive();
  e.shortest_dead_gap_s = obs.n_dead() ? obs.min_dead() : 0.0;
  std::vector<double> alive(obs.alive_bins().begin(), obs.alive_bins().end());
  std::vector<double> dead(obs.dead_bins().begin(), obs.dead_bins().end());
  const std::vector<Block> blocks = isotonic_blocks(alive, dead);
  for (const auto& b : blocks) e.cdf.emplace_back(static_cast<double>(b.first), b.value());
  e.q10_s = quantile(blocks, 0.1);
  e.median_s = quantile(blocks, 0.5);
  e.q90_s = quantile(blocks, 0.9);
  if (e.identified() && std::isfinite(e.q90_s)) {
    for (int i = 0; i < 100; ++i) {
      const double p = (i + 0.5) / 100.0;
      const double v = p < 0.1   ? e.q10_s
                       : p < 0.5 ? e.q10_s + (e.median_s - e.q10_s) * (p - 0.1) / 0.4
                       : p < 0.9 ? e.median_s + (e.q90_s - e.median_s) * (p - 0.5) / 0.4
                                 : e.q90_s;
      e.percentiles_s.push_back(v);
    }
  }
  // Poisson bootstrap: each bin's counts redrawn as Poisson(count), the
  // standard stand-in for resampling the observations themselves.
  std::mt19937_64 rng(seed);
  std::vector<double> medians;
  std::vector<double> a(alive.size()), d(dead.size());
  for (int b = 0; b < bootstrap_samples && e.identified(); ++b) {
    for (std::size_t i = 0; i < alive.size(); ++i) {
      a[i] = alive[i] > 0 ? std::poisson_distribution<long>(alive[i])(rng) : 0.0;
      d[i] = dead[i] > 0 ? std::poisson_distribution<long>(dead[i])(rng) : 0.0;
    }
    medians.push_back(quantile(isotonic_blocks(a, d), 0.5));
  }
  if (!medians.empty()) {
    std::sort(medians.begin(), medians.end());
    const auto at = [&](double q) {
      return medians[static_cast<std::size_t>(q * static_cast<double>(medians.size() - 1) + 0.5)];
    };
    e.median_ci95 = {at(0.025), at(0.975)};
  }
  return e;
}

void ReuseTally::add(const std::vector<Candidate>& c) {
  if (c.size() < 2) return;
  const std::size_t k = std::min(c.size(), kMaxK);
  ++total_[k];
  auto pick = [&](auto better) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < c.size(); ++i)
      if (better(c[i], c[best])) best = i;
    return c[best].chosen;
  };
  if (pick([](const Candidate& x, const Candidate& y) { return x.last_end > y.last_end; }))
    ++match_[0][k];
  if (pick([](const Candidate& x, const Candidate& y) { return x.last_end < y.last_end; }))
    ++match_[1][k];
  if (pick([](const Candidate& x, const Candidate& y) { return x.created > y.created; }))
    ++match_[2][k];
  if (pick([](const Candidate& x, const Candidate& y) { return x.created < y.created; }))
    ++match_[3][k];
}

ReuseEstimate score_reuse(const ReuseTally& t) {
  ReuseEstimate e;
  e.not_recorded = t.not_recorded;
  e.new_while_idle_alive = t.new_while_idle_alive;
  double expected = 0.0, variance = 0.0, random_ll = 0.0;
  for (std::size_t k = 2; k <= ReuseTally::kMaxK; ++k) {
    const double n = static_cast<double>(t.total(k));
    e.decisions += t.total(k);
    expected += n / static_cast<double>(k);
    variance += n * (1.0 / static_cast<double>(k)) * (1.0 - 1.0 / static_cast<double>(k));
    random_ll -= n * std::log(static_cast<double>(k));
  }
  if (e.decisions == 0) return e;
  const double n = static_cast<double>(e.decisions);
  const char* names[] = {"most-recent", "least-recent", "newest", "oldest"};
  for (std::size_t r = 0; r < ReuseTally::kRules; ++r) {
    RuleScore s;
    s.rule = names[r];
    for (std::size_t k = 2; k <= ReuseTally::kMaxK; ++k) s.matches += t.matches(r, k);
    s.expected = expected;
    s.share = static_cast<double>(s.matches) / n;
    const double z = 1.96, p = s.share;
    const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
    s.share_ci95 = {centre - half, centre + half};
    // Log-likelihood in eps, maximised by golden-section search on [0, 1].
    auto ll = [&](double eps) {
      double sum = 0.0;
      for (std::size_t k = 2; k <= ReuseTally::kMaxK; ++k) {
        const double m = static_cast<double>(t.matches(r, k));
        const double miss = static_cast<double>(t.total(k)) - m;
        const double kk = static_cast<double>(k);
        if (m > 0) sum += m * std::log(1.0 - eps + eps / kk);
        if (miss > 0) sum += miss * (eps > 0 ? std::log(eps / kk) : -1e300);
      }
      return sum;
    };
    double lo = 0.0, hi = 1.0;
    const double g = (std::sqrt(5.0) - 1) / 2;
    for (int i = 0; i < 100; ++i) {
      const double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
      if (ll(a) < ll(b))
        lo = a;
      else
        hi = b;
    }
    s.epsilon = (lo + hi) / 2;
    if (s.matches == e.decisions) s.epsilon = 0.0;
    s.log_likelihood = std::max(ll(s.epsilon), random_ll);
    e.rules.push_back(s);
  }
  RuleScore random;
  random.rule = "random";
  random.expected = expected;
  random.share = expected / n;
  random.log_likelihood = random_ll;
  random.epsilon = 1.0;
  e.rules.push_back(random);
  // A rule beats random choice only by a likelihood-ratio test at 5 %: its
  // one parameter (eps) must gain more than chi2(1, 0.95) / 2 = 1.92.
  const RuleScore* best = &e.rules.back();
  for (const auto& s : e.rules)
    if (s.log_likelihood > best->log_likelihood + (best == &e.rules.back() ? 1.92 : 0.0)) best = &s;
  e.best = best->rule;
  if (variance > 0 && best->rule != "random") {
    e.z_vs_random = (static_cast<double>(best->matches) - expected) / std::sqrt(variance);
    // log10 of the upper normal tail, stable for large z (Mills ratio).
    const double z = e.z_vs_random;
    e.log10_p_vs_random = z < 5 ? std::log10(0.5 * std::erfc(z / std::sqrt(2.0)))
                                : (-z * z / 2 - std::log(z * std::sqrt(2 * M_PI))) / std::log(10.0);
  }
  return e;
}

}  // namespace ls::tools::calibrate
