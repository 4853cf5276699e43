#include "tools/report/calibrate_report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "tools/io/json_writer.hpp"

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
  j.key("dist");
  j.value("lognormal");
  j.key("n");
  j.value(f.n);
  j.key("mu");
  j.value(f.mu);
  interval(j, "mu_ci95", f.mu_ci95);
  j.key("sigma");
  j.value(f.sigma);
  interval(j, "sigma_ci95", f.sigma_ci95);
  j.key("median_ms");
  j.value(f.median_s * 1000);
  j.key("p99_ms");
  j.value(f.p99_s * 1000);
  j.key("ks");
  j.value(f.ks);
  j.key("ks_critical_5pct");
  j.value(f.ks_critical_5);
  j.end_object();
}

std::string number(double v, const std::string& unit) {
  if (std::abs(v) < 1e-9) v = 0.0;
  if (unit == "USD") return fmt::format("{:.6f}", v);
  if (std::abs(v) >= 100 || v == std::floor(v)) return fmt::format("{:.0f}", v);
  return fmt::format("{:.3g}", v);
}

}  // namespace

std::string calibrate_json(const calibrate::Estimates& e, const calibrate::Backtest* b) {
  JsonWriter j;
  j.begin_object();
  const auto& o = e.observed;
  j.key("observed");
  j.begin_object();
  j.key("start_unix");
  j.value(o.start_unix);
  j.key("end_unix");
  j.value(o.end_unix);
  j.key("window_s");
  j.value(o.window_s());
  j.key("requests");
  j.value(o.requests);
  j.key("rate_per_s");
  j.value(o.window_s() > 0 ? static_cast<double>(o.requests) / o.window_s() : 0.0);
  j.key("cold_starts");
  j.value(o.cold_starts);
  j.key("environments");
  j.value(o.environments);
  j.key("inherited_environments");
  j.value(o.inherited);
  j.key("environments_mean");
  j.value(o.environments_mean);
  j.key("concurrency_peak");
  j.value(o.concurrency_peak);
  j.key("latency_p50_ms");
  j.value(o.latency_p50_ms);
  j.key("latency_p99_ms");
  j.value(o.latency_p99_ms);
  j.key("billed_gb_s");
  j.value(o.billed_gb_s);
  j.key("billed_in_100ms");
  j.value(o.billed_in_100ms);
  j.end_object();
  fit(j, "duration", e.duration);
  fit(j, "init", e.init);
  j.key("init_unknown");
  j.value(e.init_unknown);
  j.key("memory");
  j.begin_object();
  j.key("memory_mb");
  j.value(e.memory_mb);
  j.key("sizes_seen");
  j.value(e.memory_sizes);
  j.key("max_used_p99_mb");
  j.value(e.max_memory_used_p99_mb);
  j.key("max_used_max_mb");
  j.value(e.max_memory_used_max_mb);
  j.end_object();
  const auto& r = e.reclaim;
  j.key("idle_reclaim");
  j.begin_object();
  j.key("method");
  j.value("current-status NPMLE (isotonic regression), 1 s bins; CI: Poisson bootstrap");
  j.key("lower_bounds");
  j.value(r.lower_bounds);
  j.key("upper_bounds");
  j.value(r.upper_bounds);
  j.key("longest_reused_gap_s");
  j.value(r.longest_reused_gap_s);
  j.key("shortest_dead_gap_s");
  j.value(r.shortest_dead_gap_s);
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
  j.key("retired");
  j.value(l.retired);
  j.key("at_max_age");
  j.value(l.at_max_age);
  j.key("mean_s");
  j.value(l.mean_s);
  interval(j, "mean_ci95", l.mean_ci95);
  j.key("sd_s");
  j.value(l.sd_s);
  j.key("min_s");
  j.value(l.min_s);
  j.key("max_s");
  j.value(l.max_s);
  j.key("early");
  j.value(l.early);
  j.key("early_per_env_hour");
  j.value(l.early_per_env_hour);
  j.key("longest_span_s");
  j.value(l.longest_span_s);
  j.end_object();
  const auto& u = e.reuse;
  j.key("reuse");
  j.begin_object();
  j.key("decisions");
  j.value(u.decisions);
  j.key("not_recorded");
  j.value(u.not_recorded);
  j.key("best");
  j.value(u.best);
  j.key("z_vs_random");
  j.value(u.z_vs_random);
  j.key("log10_p_vs_random");
  j.value(u.log10_p_vs_random);
  j.key("new_while_idle_alive");
  j.value(u.new_while_idle_alive);
  j.key("rules");
  j.begin_object();
  for (const auto& s : u.rules) {
    j.key(s.rule);
    j.begin_object();
    j.key("matches");
    j.value(s.matches);
    j.key("share");
    j.value(s.share);
    interval(j, "share_ci95", s.share_ci95);
    j.key("log_likelihood");
    j.value(s.log_likelihood);
    j.key("epsilon");
    j.value(s.epsilon);
    j.end_object();
  }
  j.end_object();
  j.end_object();
  if (b) {
    j.key("backtest");
    j.begin_object();
    j.key("replications");
    j.value(b->replications);
    for (const auto& row : b->rows) {
      j.key(row.key);
      j.begin_object();
      j.key("observed");
      j.value(row.observed);
      j.key("simulated");
      j.value(row.simulated);
      j.key("simulated_ci95");
      j.value(row.simulated_ci95);
      j.key("error");
      j.value(row.error());
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
  for (const auto& r : b.rows) {
    const std::string sim = number(r.simulated, r.unit) +
                            (b.replications > 1 ? " ± " + number(r.simulated_ci95, r.unit) : "");
    s += fmt::format("{:<22} {:>14} {:>22} {:>+8.1f}%\n",
                     r.label + (r.unit.empty() ? "" : " (" + r.unit + ")"),
                     number(r.observed, r.unit), sim, 100 * r.error());
  }
  return s;
}

}  // namespace ls::tools
