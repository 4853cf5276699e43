// The estimators of `lambdasim calibrate` on synthetic logs with a known
// lifecycle (keep-alive, lifetime, reuse rule) and known distributions:
// each must recover the truth it was generated with.
#include "tools/study/calibrate_estimate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace ls::tools::calibrate {
namespace {

enum class Rule { MostRecent, LeastRecent, Random };

struct Truth {
  double rate = 0.002;             // Poisson arrivals per second
  double duration_s = 2.0;         // fixed
  double init_s = 0.3;             // fixed
  double keep_alive_s = 600.0;     // fixed, per idle period
  double lifetime_s = 1e18;        // from creation; retirement waits for the request
  double lifetime_jitter_s = 0.0;  // uniform +-
  Rule rule = Rule::MostRecent;
  double hours = 200.0;
  unsigned seed = 7;
};

// A one-function platform written from the definitions above, independent
// of lambdasim's simulator: the request log it would produce.
std::vector<LogRecord> synthesise(const Truth& t) {
  std::mt19937_64 rng(t.seed);
  std::exponential_distribution<double> gap(t.rate);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  struct Env {
    double created, retire_at, last_end, death;
  };
  std::vector<Env> envs;
  std::vector<LogRecord> out;
  for (double a = gap(rng); a < t.hours * 3600; a += gap(rng)) {
    std::vector<std::size_t> idle;
    for (std::size_t i = 0; i < envs.size(); ++i)
      if (envs[i].last_end <= a && envs[i].death > a) idle.push_back(i);
    LogRecord r;
    r.arrival = 1e9 + a;
    r.duration_ms = t.duration_s * 1000;
    r.billed_ms = std::ceil(r.duration_ms);
    r.memory_mb = 128;
    r.max_memory_mb = 60;
    std::size_t id = 0;
    double start = a;
    if (idle.empty()) {
      id = envs.size();
      const double jitter = (2 * unit(rng) - 1) * t.lifetime_jitter_s;
      envs.push_back({a, a + t.lifetime_s + jitter, 0.0, 0.0});
      r.cold = true;
      r.init_ms = t.init_s * 1000;
      start += t.init_s;
    } else if (t.rule == Rule::Random) {
      id = idle[static_cast<std::size_t>(unit(rng) * static_cast<double>(idle.size()))];
    } else {
      id = *std::max_element(idle.begin(), idle.end(), [&](std::size_t x, std::size_t y) {
        return t.rule == Rule::MostRecent ? envs[x].last_end < envs[y].last_end
                                          : envs[x].last_end > envs[y].last_end;
      });
    }
    Env& e = envs[id];
    e.last_end = start + t.duration_s;
    e.death =
        e.last_end >= e.retire_at ? e.last_end : std::min(e.last_end + t.keep_alive_s, e.retire_at);
    r.env = "env-" + std::to_string(id);
    out.push_back(r);
  }
  return out;
}

Estimates estimate(const std::vector<LogRecord>& log) {
  Calibrator c;
  for (const auto& r : log) c.add(r);
  return c.finish();
}

TEST(CalibrateEstimate, IdleReclaimTimeRecovered) {
  // 0.002/s: gaps (mean 500 s) fall on both sides of the 600 s keep-alive.
  Truth t;
  const Estimates e = estimate(synthesise(t));
  EXPECT_GT(e.reclaim.upper_bounds, 100u);
  EXPECT_GT(e.reclaim.lower_bounds, 100u);
  // The jump lies between the longest reused gap and the shortest dead one,
  // both within a few seconds of 600 s with this many observations.
  EXPECT_LE(e.reclaim.median_ci95.low, 600.0 + 1);
  EXPECT_GE(e.reclaim.median_ci95.high, 600.0 - 1);
  EXPECT_NEAR(e.reclaim.median_s, 600.0, 5.0);
  EXPECT_LE(e.reclaim.longest_reused_gap_s, 600.0);
  EXPECT_GE(e.reclaim.shortest_dead_gap_s, 600.0);
}

TEST(CalibrateEstimate, UniformKeepAliveQuantilesRecovered) {
  // Two other keep-alives (aws-2025's preset range is 300..420 s): each
  // recovered, so the estimate follows the data, not a built-in 600 s.
  Truth a, b;
  a.keep_alive_s = 300;
  a.rate = 0.003;
  b.keep_alive_s = 420;
  b.rate = 0.003;
  EXPECT_NEAR(estimate(synthesise(a)).reclaim.median_s, 300.0, 5.0);
  EXPECT_NEAR(estimate(synthesise(b)).reclaim.median_s, 420.0, 5.0);
  // The scenario's keep-alive samples pass through q10, the median and q90
  // (their sample median is the estimate's, not the midpoint of q10..q90).
  const ReclaimEstimate r = estimate(synthesise(b)).reclaim;
  ASSERT_EQ(r.percentiles_s.size(), 100u);
  EXPECT_EQ(r.percentiles_s.front(), r.q10_s);
  EXPECT_EQ(r.percentiles_s.back(), r.q90_s);
  EXPECT_NEAR((r.percentiles_s[49] + r.percentiles_s[50]) / 2, r.median_s, 1e-9);
  EXPECT_TRUE(std::is_sorted(r.percentiles_s.begin(), r.percentiles_s.end()));
}

TEST(CalibrateEstimate, ReuseRuleIdentified) {
  // 0.05/s with 20 s requests: often two or three environments, idle ones
  // to choose from, and a 1 h keep-alive so that the idle ones stay alive.
  for (Rule rule : {Rule::MostRecent, Rule::LeastRecent, Rule::Random}) {
    Truth t;
    t.rate = 0.05;
    t.duration_s = 20;
    t.keep_alive_s = 3600;
    t.hours = 50;
    t.rule = rule;
    const Estimates e = estimate(synthesise(t));
    ASSERT_GT(e.reuse.decisions, 1000u);
    const char* expected = rule == Rule::MostRecent    ? "most-recent"
                           : rule == Rule::LeastRecent ? "least-recent"
                                                       : "random";
    EXPECT_EQ(e.reuse.best, expected);
    if (rule != Rule::Random) {
      EXPECT_GT(e.reuse.z_vs_random, 10.0);
      EXPECT_EQ(e.reuse.new_while_idle_alive, 0u);
    }
  }
}

TEST(CalibrateEstimate, LifetimeAndItsJitterRecovered) {
  // Requests every 10 s on average and a 1 h keep-alive: environments end
  // by age, 2 h +- 300 s (uniform: sd 173 s), never by idleness.
  Truth t;
  t.rate = 0.1;
  t.duration_s = 0.05;
  t.keep_alive_s = 3600;
  t.lifetime_s = 7200;
  t.lifetime_jitter_s = 300;
  t.hours = 1000;
  const Estimates e = estimate(synthesise(t));
  ASSERT_TRUE(e.lifetime.identified());
  ASSERT_GT(e.lifetime.at_max_age, 300u);  // of about 500 environments
  // Each observation is the age at the environment's last request: the
  // lifetime less the time since that request (10 s on average): the 95 %
  // CI of the mean (+-17 s here) covers a value within 20 s below 7200 s,
  // and the spread is that of the jitter.
  EXPECT_LE(e.lifetime.mean_ci95.low, 7200.0);
  EXPECT_GE(e.lifetime.mean_ci95.high, 7200.0 - 20);
  EXPECT_NEAR(e.lifetime.sd_s, 300 / std::sqrt(3.0), 15.0);
  EXPECT_GE(e.lifetime.min_s, 6900.0 - 72);  // 1 % of the longest span
  EXPECT_LE(e.lifetime.max_s, 7500.0 + 1);
}

TEST(CalibrateEstimate, LognormalFitRecoversItsParameters) {
  std::mt19937_64 rng(3);
  std::lognormal_distribution<double> d(std::log(0.120), 0.4);
  LognormalFitter fitter;
  for (int i = 0; i < 20000; ++i) fitter.add(d(rng));
  const LognormalFit f = fitter.fit();
  EXPECT_LE(f.mu_ci95.low, std::log(0.120));
  EXPECT_GE(f.mu_ci95.high, std::log(0.120));
  EXPECT_LE(f.sigma_ci95.low, 0.4);
  EXPECT_GE(f.sigma_ci95.high, 0.4);
  EXPECT_LT(f.ks, f.ks_critical_5);
  // And a sample that is not lognormal (uniform on [1, 2] s) fails the KS test.
  std::uniform_real_distribution<double> u(1.0, 2.0);
  LognormalFitter other;
  for (int i = 0; i < 20000; ++i) other.add(u(rng));
  EXPECT_GT(other.fit().ks, other.fit().ks_critical_5);
}

TEST(CalibrateEstimate, ObservedCountsBilledAndConcurrency) {
  // Hand-computed: three requests, two overlapping.
  std::vector<LogRecord> log(3);
  log[0] = {100.0, 1000.0, 1000.0, 200.0, 1024.0, 50.0, true, "a", {}};
  log[1] = {100.5, 500.0, 500.0, 300.0, 1024.0, 50.0, true, "b", {}};
  log[2] = {200.0, 100.0, 100.0, kUnknown, 1024.0, 50.0, false, "a", {}};
  const Estimates e = estimate(log);
  EXPECT_EQ(e.observed.requests, 3u);
  EXPECT_EQ(e.observed.cold_starts, 2u);
  EXPECT_EQ(e.observed.environments, 2u);
  EXPECT_EQ(e.observed.concurrency_peak, 2u);
  EXPECT_NEAR(e.observed.billed_gb_s, 1.6, 1e-12);  // (1 + 0.5 + 0.1) s x 1 GB
  EXPECT_EQ(e.observed.billed_us, 1600000u);
  EXPECT_TRUE(e.observed.billed_in_100ms);
  EXPECT_DOUBLE_EQ(e.observed.end_unix, 200.1);
  EXPECT_EQ(e.init.n, 2u);
}

}  // namespace
}  // namespace ls::tools::calibrate
