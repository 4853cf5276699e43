// The backtest page of `lambdasim calibrate --html`: observed against
// simulated for each number, environments over time, and the estimates
// the scenario was built from.
#include <fmt/format.h>

#include <cmath>

#include "tools/report/calibrate_report.hpp"
#include "tools/report/observed_simulated.hpp"
#include "tools/report/report_html.hpp"

namespace ls::tools {

std::string backtest_html(const calibrate::Estimates& e, const calibrate::Backtest& b) {
  const auto& o = e.observed;
  html::HtmlReport page("lambdasim calibrate: backtest",
                        fmt::format("{} requests over {:.2f} h; scenario '{}' replayed {} time(s)",
                                    o.requests, o.window_s() / 3600, b.scenario, b.replications));
  auto& summary = page.add_section("Observed against simulated");
  summary.paragraph(
      "Each number the logs give, beside the calibrated scenario's simulation of the same window "
      "(mean of the replications, with its 95% confidence interval) and the relative error. "
      "The error says how far to trust a what-if built on this scenario.");
  std::vector<html::Card> cards;
  for (const auto& r : b.rows) {
    if (r.key != "cold_starts" && r.key != "environments_mean" && r.key != "bill_usd") continue;
    cards.push_back({r.label, signed_percent(r.error()),
                     "observed " + observed_number(r.observed, r.unit, "$") + ", simulated " +
                         observed_number(r.simulated, r.unit, "$")});
  }
  summary.cards(cards);
  html::Table table;
  table.header = {"metric", "observed", "simulated", "95% CI ±", "error"};
  std::string caveat;
  for (const auto& r : b.rows) {
    table.rows.push_back({r.label + (r.unit.empty() ? "" : " (" + r.unit + ")"),
                          observed_number(r.observed, r.unit, "$"),
                          observed_number(r.simulated, r.unit, "$"),
                          observed_number(r.simulated_ci95, r.unit, "$"),
                          r.caveat.empty() ? signed_percent(r.error()) : "n/a*"});
    if (!r.caveat.empty()) caveat = r.caveat;
  }
  summary.table(table);
  if (!caveat.empty()) summary.paragraph("* " + caveat + ".");
  for (const auto& w : b.warnings) summary.paragraph("Warning: " + w + ".");

  auto& over_time = page.add_section("Environments over time");
  html::LineChart chart;
  chart.title = "Execution environments alive";
  chart.caption = fmt::format(
      "Mean per {:.0f}-minute interval. Observed: each environment counted from its first request "
      "to its last request's end plus the estimated median idle-reclaim time ({:.0f} s), or until "
      "a new environment proved it gone. Simulated: the first replication.",
      b.interval_s / 60, std::isfinite(e.reclaim.median_s) ? e.reclaim.median_s : 0.0);
  chart.x = {"time since the first request", false, html::Format::Seconds, 0.0, std::nullopt};
  chart.y = {"environments", false, html::Format::Number, 0.0, std::nullopt};
  auto series = [&](const char* name, const std::vector<double>& v, html::Style style) {
    html::Series s;
    s.name = name;
    s.style = style;
    for (std::size_t i = 0; i < v.size(); ++i) {
      s.x.push_back(static_cast<double>(i) * b.interval_s);
      s.y.push_back(v[i]);
    }
    chart.series.push_back(std::move(s));
  };
  series("observed", b.observed_environments, html::Style::Step);
  series("simulated", b.simulated_environments, html::Style::Step);
  over_time.chart(chart);

  auto& est = page.add_section("Estimates");
  est.paragraph("What the scenario was built from (docs/calibrate.md has the method).");
  html::Table t;
  t.header = {"estimate", "value", "95% CI / detail"};
  t.text_columns = 3;
  auto fit = [&](const char* name, const calibrate::LognormalFit& f) {
    if (!f.ok()) {
      t.rows.push_back({name, "not in the logs", fmt::format("{} values", f.n)});
      return;
    }
    t.rows.push_back(
        {name, fmt::format("lognormal median {:.1f} ms, sigma {:.3f}", f.median_s * 1000, f.sigma),
         fmt::format("mu {:.4f}..{:.4f}; KS D {:.4f} (5% critical {:.4f}); n {}", f.mu_ci95.low,
                     f.mu_ci95.high, f.ks, f.ks_critical_5, f.n)});
  };
  fit("duration", e.duration);
  fit("INIT", e.init);
  const auto& r = e.reclaim;
  t.rows.push_back({"idle reclaim (median)",
                    r.identified() ? fmt::format("{:.0f} s", r.median_s) : "not identified",
                    fmt::format("CI {:.0f}..{:.0f} s; {} lower, {} upper bounds", r.median_ci95.low,
                                r.median_ci95.high, r.lower_bounds, r.upper_bounds)});
  const auto& l = e.lifetime;
  t.rows.push_back({"lifetime (mean of retired)",
                    l.identified() ? fmt::format("{:.3f} h", l.mean_s / 3600) : "not identified",
                    fmt::format("sd {:.3f} h, {} at max age, {} younger", l.sd_s / 3600,
                                l.at_max_age, l.early)});
  const auto& u = e.reuse;
  t.rows.push_back(
      {"reuse rule", u.best.empty() ? "not identified" : u.best,
       fmt::format("{} decisions, z {:.1f} against random", u.decisions, u.z_vs_random)});
  est.table(t);
  return page.render();
}

}  // namespace ls::tools
