#include "tools/report/calibrate_report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "tools/io/json_writer.hpp"
#include "tools/report/observed_simulated.hpp"

namespace ls::tools {

namespace {

using calibrate::Interval;

void interval(JsonWriter& j, const char* key, const Interval& i) {
  j.key(key);
  j.begin_array();
  j.value(i.low);
  j.value(i.high);
  j.end_array();
}

// JSON has no infinity: a quantile F never reaches is null.
void finite(JsonWriter& j, const char* key, double v) {
  j.key(key);
  if (std::isfinite(v))
    j.value(v);
  else
    j.null();
}

void fit(JsonWriter& j, const char* key, const calibrate::LognormalFit& f) {
  j.key(key);
  j.begin_object();
  j.field("dist", "lognormal");
  j.field("n", f.n);
  j.field("mu", f.mu);
  interval(j, "mu_ci95", f.mu_ci95);
  j.field("sigma", f.sigma);
  interval(j, "sigma_ci95", f.sigma_ci95);
  j.field("median_ms", f.median_s * 1000);
  j.field("p99_ms", f.p99_s * 1000);
  j.field("ks", f.ks);
  j.field("ks_critical_5pct", f.ks_critical_5);
  j.end_object();
}

}  // namespace

std::string calibrate_json(const calibrate::Estimates& e, const calibrate::Backtest* b) {
  JsonWriter j;
  j.begin_object();
  const auto& o = e.observed;
  j.key("observed");
  j.begin_object();
  j.field("start_unix", o.start_unix);
  j.field("end_unix", o.end_unix);
  j.field("window_s", o.window_s());
  j.field("requests", o.requests);
  j.field("rate_per_s", o.window_s() > 0 ? static_cast<double>(o.requests) / o.window_s() : 0.0);
  j.field("cold_starts", o.cold_starts);
  j.field("environments", o.environments);
  j.field("inherited_environments", o.inherited);
  j.field("environments_mean", o.environments_mean);
  j.field("concurrency_peak", o.concurrency_peak);
  j.field("latency_p50_ms", o.latency_p50_ms);
  j.field("latency_p99_ms", o.latency_p99_ms);
  j.field("billed_gb_s", o.billed_gb_s);
  j.field("billed_in_100ms", o.billed_in_100ms);
  j.end_object();
  fit(j, "duration", e.duration);
  fit(j, "init", e.init);
  j.field("init_unknown", e.init_unknown);
  j.key("memory");
  j.begin_object();
  j.field("memory_mb", e.memory_mb);
  j.field("sizes_seen", e.memory_sizes);
  j.field("max_used_p99_mb", e.max_memory_used_p99_mb);
  j.field("max_used_max_mb", e.max_memory_used_max_mb);
  j.end_object();
  const auto& r = e.reclaim;
  j.key("idle_reclaim");
  j.begin_object();
  j.key("method");
  j.value("current-status NPMLE (isotonic regression), 1 s bins; CI: Poisson bootstrap");
  j.field("lower_bounds", r.lower_bounds);
  j.field("upper_bounds", r.upper_bounds);
  j.field("longest_reused_gap_s", r.longest_reused_gap_s);
  j.field("shortest_dead_gap_s", r.shortest_dead_gap_s);
  finite(j, "q10_s", r.q10_s);
  finite(j, "median_s", r.median_s);
  finite(j, "q90_s", r.q90_s);
  interval(j, "median_ci95", r.median_ci95);
  j.key("cdf");
  j.begin_array();
  for (const auto& [g, f] : r.cdf) {
    j.begin_array();
    j.value(g);
    j.value(f);
    j.end_array();
  }
  j.end_array();
  j.end_object();
  const auto& l = e.lifetime;
  j.key("lifetime");
  j.begin_object();
  j.field("retired", l.retired);
  j.field("at_max_age", l.at_max_age);
  j.field("mean_s", l.mean_s);
  interval(j, "mean_ci95", l.mean_ci95);
  j.field("sd_s", l.sd_s);
  j.field("min_s", l.min_s);
  j.field("max_s", l.max_s);
  j.field("early", l.early);
  j.field("early_per_env_hour", l.early_per_env_hour);
  j.field("longest_span_s", l.longest_span_s);
  j.end_object();
  const auto& u = e.reuse;
  j.key("reuse");
  j.begin_object();
  j.field("decisions", u.decisions);
  j.field("not_recorded", u.not_recorded);
  j.field("best", u.best);
  j.field("z_vs_random", u.z_vs_random);
  j.field("log10_p_vs_random", u.log10_p_vs_random);
  j.field("new_while_idle_alive", u.new_while_idle_alive);
  j.key("rules");
  j.begin_object();
  for (const auto& s : u.rules) {
    j.key(s.rule);
    j.begin_object();
    j.field("matches", s.matches);
    j.field("share", s.share);
    interval(j, "share_ci95", s.share_ci95);
    j.field("log_likelihood", s.log_likelihood);
    j.field("epsilon", s.epsilon);
    j.end_object();
  }
  j.end_object();
  j.end_object();
  if (b) {
    j.key("backtest");
    j.begin_object();
    j.field("replications", b->replications);
    j.array("warnings", b->warnings);
    for (const auto& row : b->rows) {
      j.key(row.key);
      j.begin_object();
      j.field("observed", row.observed);
      j.field("simulated", row.simulated);
      j.field("simulated_ci95", row.simulated_ci95);
      j.key("error");
      if (row.caveat.empty())
        j.value(row.error());
      else
        j.null();
      if (!row.caveat.empty()) j.field("caveat", row.caveat);
      j.end_object();
    }
    j.end_object();
  }
  j.end_object();
  return j.str() + "\n";
}

std::string calibrate_summary(const calibrate::Estimates& e) {
  const auto& o = e.observed;
  std::string s;
  s += fmt::format("{} requests over {:.2f} h ({:.4f}/s), {} cold starts, {} environments\n",
                   o.requests, o.window_s() / 3600,
                   o.window_s() > 0 ? o.requests / o.window_s() : 0.0, o.cold_starts,
                   o.environments);
  auto f = [&](const char* what, const calibrate::LognormalFit& x) {
    if (!x.ok()) return fmt::format("{:<10} not enough data ({} values)\n", what, x.n);
    return fmt::format(
        "{:<10} lognormal median {:.1f} ms, sigma {:.3f}, p99 {:.1f} ms  (n {}, KS D "
        "{:.4f}, 5% critical {:.4f})\n",
        what, x.median_s * 1000, x.sigma, x.p99_s * 1000, x.n, x.ks, x.ks_critical_5);
  };
  s += f("duration", e.duration);
  s += f("INIT", e.init);
  const auto& r = e.reclaim;
  if (r.identified())
    s += fmt::format(
        "idle reclaim median {:.0f} s (95% CI {:.0f}..{:.0f}), 10-90% {:.0f}..{:.0f} s  "
        "({} lower, {} upper bounds)\n",
        r.median_s, r.median_ci95.low, r.median_ci95.high, r.q10_s, r.q90_s, r.lower_bounds,
        r.upper_bounds);
  else
    s += "idle reclaim: not identified (no gap ended in a new environment)\n";
  const auto& l = e.lifetime;
  if (l.identified())
    s += fmt::format("lifetime   {} retired at mean {:.3f} h (sd {:.3f} h), {} younger\n",
                     l.at_max_age, l.mean_s / 3600, l.sd_s / 3600, l.early);
  else
    s +=
        fmt::format("lifetime   not identified (longest span {:.2f} h)\n", l.longest_span_s / 3600);
  const auto& u = e.reuse;
  if (!u.best.empty()) {
    s += fmt::format("reuse      {} best over {} decisions (z {:.1f} vs random);", u.best,
                     u.decisions, u.z_vs_random);
    for (const auto& x : u.rules) s += fmt::format(" {} {:.1f}%", x.rule, 100 * x.share);
    s += "\n";
  } else {
    s += "reuse      no decision with two idle environments alive\n";
  }
  return s;
}

std::string backtest_table(const calibrate::Backtest& b) {
  std::string s =
      fmt::format("backtest: {} replication(s) of the observed window\n", b.replications);
  s += fmt::format("{:<22} {:>14} {:>22} {:>9}\n", "", "observed", "simulated (95% CI)", "error");
  std::string caveat;
  for (const auto& r : b.rows) {
    const std::string sim =
        observed_number(r.simulated, r.unit) +
        (b.replications > 1 ? " ± " + observed_number(r.simulated_ci95, r.unit) : "");
    s += fmt::format("{:<22} {:>14} {:>22} {:>9}\n",
                     r.label + (r.unit.empty() ? "" : " (" + r.unit + ")"),
                     observed_number(r.observed, r.unit), sim,
                     r.caveat.empty() ? signed_percent(r.error()) : "n/a*");
    if (!r.caveat.empty()) caveat = r.caveat;
  }
  if (!caveat.empty()) s += "* " + caveat + "\n";
  for (const auto& w : b.warnings) s += "! " + w + "\n";
  return s;
}

}  // namespace ls::tools
