#include "tools/study/calibrate_scenario.hpp"

#include <fmt/format.h>

#include <cmath>
#include <ctime>

namespace ls::tools::calibrate {

namespace {

std::string utc(double unix_s) {
  const auto t = static_cast<std::time_t>(std::floor(unix_s));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// A duration in the scenario's syntax, in ms with 3 decimals (exact enough
// for any fit, and a unit the loader reads).
std::string ms(double seconds) { return fmt::format("{:.3f}ms", seconds * 1000.0); }

std::string lognormal(const LognormalFit& f) {
  return fmt::format("{{dist: lognormal, mu: {:.6f}, sigma: {:.6f}}}", f.mu, f.sigma);
}

std::string fit_comment(const char* what, const LognormalFit& f) {
  return fmt::format(
      "    # {}: lognormal by maximum likelihood from {} values: median {} (mu 95% CI\n"
      "    # {:.4f}..{:.4f}), sigma {:.4f} (95% CI {:.4f}..{:.4f}), p99 {}; goodness of fit:\n"
      "    # Kolmogorov-Smirnov D = {:.4f} ({} the 5% critical value {:.4f})\n",
      what, f.n, ms(f.median_s), f.mu_ci95.low, f.mu_ci95.high, f.sigma, f.sigma_ci95.low,
      f.sigma_ci95.high, ms(f.p99_s), f.ks, f.ks <= f.ks_critical_5 ? "within" : "above",
      f.ks_critical_5);
}

}  // namespace

std::string keep_alive_csv(const ReclaimEstimate& r) {
  std::string out = "keep_alive_s\n";
  for (double s : r.percentiles_s) out += fmt::format("{:g}\n", s);
  return out;
}

std::string per_minute_csv(const Observed& o) {
  std::string out = "timestamp,count\n";
  const double start = std::floor(o.start_unix / 60.0) * 60.0;
  for (std::size_t m = 0; m < o.per_minute.size(); ++m)
    out += fmt::format("{:.0f},{}\n", start + 60.0 * static_cast<double>(m), o.per_minute[m]);
  return out;
}

std::string scenario_yaml(const Estimates& e, const ScenarioOptions& opt) {
  const Observed& o = e.observed;
  std::string y;
  y += "# Calibrated by `lambdasim calibrate` (docs/calibrate.md) from\n";
  for (const auto& f : opt.inputs) y += "#   " + f + "\n";
  y += fmt::format("# ({}): {} requests from {} to {} ({:.2f} h), {} cold starts,\n", opt.formats,
                   o.requests, utc(o.start_unix), utc(o.end_unix), o.window_s() / 3600.0,
                   o.cold_starts);
  y += fmt::format(
      "# {} execution environments. Replays that window: `lambdasim run` on this file,\n"
      "# or `lambdasim calibrate ... --backtest` to compare it with the logs.\n",
      o.environments);
  y += fmt::format("scenario: {}\nseed: 1\n", opt.name);
  y += fmt::format("horizon: {}s   # the observed window, first arrival to last request's end\n",
                   static_cast<long long>(std::ceil(o.window_s())) + 1);

  y += "platform:\n";
  y += fmt::format("  preset: {}\n", opt.preset);
  const ReclaimEstimate& r = e.reclaim;
  if (opt.lifecycle && r.identified() && std::isfinite(r.q90_s)) {
    y += fmt::format(
        "  # idle reclaim: nonparametric MLE from {} idle gaps that ended in a warm start (lower\n"
        "  # bounds, longest {:.0f} s) and {} after which a new environment started (upper "
        "bounds,\n"
        "  # shortest {:.0f} s): median {:.0f} s (95% CI {:.0f}..{:.0f} s), 10-90% {:.0f}..{:.0f} "
        "s\n",
        r.lower_bounds, r.longest_reused_gap_s, r.upper_bounds, r.shortest_dead_gap_s, r.median_s,
        r.median_ci95.low, r.median_ci95.high, r.q10_s, r.q90_s);
    // Through the estimate's q10, median and q90 (calibrate_lifecycle.hpp),
    // not a uniform over q10..q90: a skewed reclaim (most gaps near 630 s,
    // a tail to 900 s) has its median far below that uniform's midpoint.
    if (!opt.keep_alive_file.empty() && r.q90_s > r.q10_s)
      y += fmt::format(
          "  keep_alive: {{dist: empirical, file: {}, column: keep_alive_s}}   # through q10, "
          "median, q90\n",
          opt.keep_alive_file);
    else if (r.q90_s > r.q10_s)
      y += fmt::format("  keep_alive: {{dist: uniform, min: {:.0f}s, max: {:.0f}s}}\n", r.q10_s,
                       r.q90_s);
    else
      y += fmt::format("  keep_alive: {:.0f}s\n", r.median_s);
  } else {
    y += "  # idle reclaim: not identified by these logs (no idle gap ended in a new environment,\n"
         "  # or no environment ids); the preset's keep_alive applies\n";
  }
  const ReuseEstimate& u = e.reuse;
  if (opt.lifecycle && u.decisions >= 10 && !u.best.empty() && u.best != "newest" &&
      u.best != "oldest") {
    const RuleScore* best = nullptr;
    for (const auto& s : u.rules)
      if (s.rule == u.best) best = &s;
    y += fmt::format(
        "  # reuse: of {} routing decisions with two or more idle environments alive, {} matched\n"
        "  # {} (random choice would match {:.0f}; z = {:.1f}, log10 p = {:.1f})\n",
        u.decisions, best->matches, u.best, best->expected, u.z_vs_random, u.log10_p_vs_random);
    y += fmt::format("  reuse: {}\n", u.best);
  } else if (!u.best.empty()) {
    y += fmt::format("  # reuse: best fit '{}' over {} decisions{}; the preset's rule applies\n",
                     u.best, u.decisions,
                     u.decisions < 10 ? " (too few)" : " (not a rule the model has)");
  }
  const LifetimeEstimate& l = e.lifetime;
  if (opt.lifecycle && l.identified()) {
    y += fmt::format(
        "  # lifetime: {} environments retired at {:.2f}..{:.2f} h (mean {:.3f} h, sd {:.3f} h,\n"
        "  # 95% CI of the mean {:.3f}..{:.3f} h); {} retired younger ({:.3f} per "
        "environment-hour)\n",
        l.at_max_age, l.min_s / 3600, l.max_s / 3600, l.mean_s / 3600, l.sd_s / 3600,
        l.mean_ci95.low / 3600, l.mean_ci95.high / 3600, l.early, l.early_per_env_hour);
    y += fmt::format("  max_environment_lifetime: {:.0f}s\n", l.mean_s);
  }
  if (o.billed_in_100ms) {
    y += "  # billed durations are all multiples of 100 ms: AWS's granularity before 2020-12\n";
    y += "  billing: {prices: aws-us-east-1-2020-100ms}\n";
  }

  y += "functions:\n";
  y += fmt::format("  {}:\n", opt.function);
  y += fmt::format(
      "    memory_mb: {:.0f}   # Memory Size of {} ({} size(s) seen); max memory used "
      "p99 {:.0f} MB, max {:.0f} MB\n",
      e.memory_mb, e.memory_sizes > 1 ? "most requests" : "every request", e.memory_sizes,
      e.max_memory_used_p99_mb, e.max_memory_used_max_mb);
  y +=
      "    timeout: 900s   # not in the logs: Lambda's maximum, so no replayed request times out\n";
  if (!opt.init_samples_file.empty()) {
    y += fmt::format(
        "    init: {{dist: empirical, file: {}, column: init_ms}}   # the {} observed "
        "INIT durations\n",
        opt.init_samples_file, e.init.n);
  } else if (e.init.ok()) {
    y += fit_comment("INIT", e.init);
    y += "    init: " + lognormal(e.init) + "\n";
  } else {
    y += fmt::format(
        "    # INIT: not in the logs ({} cold starts without an Init Duration): an assumption\n",
        e.init_unknown);
    y += "    init: {dist: lognormal, median: 250ms, p99: 1s}\n";
  }
  if (!opt.duration_samples_file.empty()) {
    y += fmt::format(
        "    duration: {{dist: empirical, file: {}, column: duration_ms}}   # the {} "
        "observed durations\n",
        opt.duration_samples_file, e.duration.n);
    y += fit_comment("for comparison, duration", e.duration);
  } else {
    y += fit_comment("duration", e.duration);
    y += "    duration: " + lognormal(e.duration) + "\n";
  }

  y += "workloads:\n";
  y += fmt::format("  - function: {}\n    invocation: sync\n    arrivals:\n", opt.function);
  if (opt.per_minute) {
    y += "      # the observed requests per minute (each minute's at uniform random times within "
         "it)\n";
    y += fmt::format("      {{process: trace, format: cloudwatch, file: {}}}\n", opt.arrivals_file);
  } else {
    y += "      # the observed arrival times, replayed exactly\n";
    y += fmt::format("      {{process: trace, format: timestamps, file: {}, column: arrival}}\n",
                     opt.arrivals_file);
  }
  return y;
}

}  // namespace ls::tools::calibrate
