#include "tools/report/backtest_report.hpp"

#include <fmt/format.h>

#include <limits>

#include "tools/io/json_writer.hpp"
#include "tools/report/observed_simulated.hpp"
#include "tools/report/report_html.hpp"
#include "tools/report/report_html_chart.hpp"
#include "tools/study/import_schedule.hpp"

namespace ls::tools {

namespace {

std::string opt(const std::optional<double>& v, const char* format = "{:.0f}") {
  return v ? fmt::format(fmt::runtime(format), *v) : "-";
}

// A function's summary row, as the table and the page both show it.
std::vector<std::string> summary_cells(const import::BacktestFunction& f) {
  return {f.function,
          fmt::format("{:.0f}", f.observed_invocations),
          fmt::format("{:.0f}", f.simulated_invocations),
          signed_percent(f.invocations_error),
          f.invocations_mape ? fmt::format("{:.1f}%", *f.invocations_mape * 100) : "-",
          opt(f.observed_throttles),
          fmt::format("{:.0f}", f.simulated_throttles),
          opt(f.observed_peak),
          fmt::format("{:.0f}", f.simulated_peak),
          opt(f.peak_mae, "{:.2f}")};
}

}  // namespace

std::string backtest_table(const import::Backtest& b) {
  std::string out =
      fmt::format("backtest of {}: {} s periods from {} (simulated: seed {}, one replication)\n\n",
                  b.scenario, b.period, import::format_utc(b.start), b.seed);
  out += fmt::format("{:<22} {:>12} {:>12} {:>8} {:>8} {:>10} {:>10} {:>8} {:>8} {:>9}\n",
                     "function", "invocations", "simulated", "error", "MAPE", "throttles",
                     "simulated", "peak", "sim peak", "peak MAE");
  for (const auto& f : b.functions) {
    if (!f.note.empty() && f.periods.empty()) {
      out += fmt::format("{:<22} {}\n", f.function, f.note);
      continue;
    }
    const auto c = summary_cells(f);
    out += fmt::format("{:<22} {:>12} {:>12} {:>8} {:>8} {:>10} {:>10} {:>8} {:>8} {:>9}\n", c[0],
                       c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]);
  }
  out +=
      "\nerror: simulated total vs observed; MAPE: mean absolute percentage error of per-period\n"
      "invocations; peak: largest ConcurrentExecutions Maximum; peak MAE: mean absolute error of\n"
      "the per-period concurrency peak. Per-period values: --backtest-json / --backtest-html.\n";
  return out;
}

std::string backtest_json(const import::Backtest& b) {
  JsonWriter w;
  w.begin_object();
  w.field("scenario", b.scenario);
  w.field("start", import::format_utc(b.start));
  w.field("period_s", static_cast<std::int64_t>(b.period));
  w.field("seed", static_cast<std::uint64_t>(b.seed));
  w.objects("functions", b.functions, [&](const auto& f) {
    w.field("function", f.function);
    w.field("cloudwatch_function", f.metrics);
    if (!f.note.empty()) w.field("note", f.note);
    write_sides(w, {{"invocations", {f.observed_invocations, f.simulated_invocations}},
                    {"throttles", {f.observed_throttles, f.simulated_throttles}},
                    {"peak_concurrency", {f.observed_peak, f.simulated_peak}}});
    w.key("error");
    w.begin_object();
    w.field("invocations_relative", f.invocations_error);
    w.field("invocations_mape", f.invocations_mape);
    w.field("peak_concurrency_mae", f.peak_mae);
    w.end_object();
    w.key("periods");
    w.begin_array();
    for (const auto& p : f.periods) {
      w.begin_object();
      w.field("start", import::format_utc(p.start));
      write_pair(w, "invocations", {p.observed_invocations, p.simulated_invocations});
      write_pair(w, "throttles", {p.observed_throttles, p.simulated_throttles});
      write_pair(w, "peak_concurrency", {p.observed_peak, p.simulated_peak});
      w.end_object();
    }
    w.end_array();
  });
  w.end_object();
  return w.str() + "\n";
}

// The page, on the shared html::HtmlReport: the summary table, then per
// function the observed and simulated series over the window (CloudWatch's
// periods as steps) and the per-period values.
std::string backtest_html(const import::Backtest& b) {
  html::HtmlReport page("lambdasim import: backtest of " + b.scenario,
                        fmt::format("{} s periods from {}; simulated with seed {}, one replication",
                                    b.period, import::format_utc(b.start), b.seed));
  auto& summary = page.add_section("Observed against simulated");
  summary.paragraph(
      "Observed: CloudWatch Invocations (Sum), Throttles (Sum) and ConcurrentExecutions "
      "(Maximum). Simulated: invocations that got an environment, throttled attempts and the "
      "largest concurrency of each period. error: simulated total against observed; MAPE: mean "
      "absolute percentage error of the per-period invocations (periods with any); peak MAE: "
      "mean absolute error of the per-period concurrency peak.");
  html::Table table;
  table.header = {"function",  "invocations", "simulated", "error",    "MAPE",
                  "throttles", "simulated",   "peak",      "sim peak", "peak MAE"};
  for (const auto& f : b.functions) table.rows.push_back(summary_cells(f));
  summary.table(table);

  const html::Axis time{"time since " + import::format_utc(b.start), false, html::Format::Seconds,
                        0.0, std::nullopt};
  for (const auto& f : b.functions) {
    auto& section = page.add_section(f.function);
    section.paragraph("CloudWatch FunctionName " + f.metrics +
                      (f.note.empty() ? "" : ". " + f.note));
    if (f.periods.empty()) continue;
    // One series per side; a period without an observed datapoint is a gap
    // in the line (NaN lifts the pen: left out, the line ran on from the
    // step before to the next one, drawn over the missing periods).
    auto series = [&](const char* name, html::Style style, auto&& value) {
      html::Series out{name, {}, {}, style, {}};
      for (const auto& p : f.periods) {
        const std::optional<double> v = value(p);
        out.x.push_back(static_cast<double>(p.start - b.start));
        out.x_end.push_back(static_cast<double>(p.start - b.start + b.period));
        out.y.push_back(v.value_or(std::numeric_limits<double>::quiet_NaN()));
      }
      return out;
    };
    using P = import::BacktestPeriod;
    html::LineChart invocations;
    invocations.title = "Invocations per period";
    invocations.caption = "CloudWatch Invocations (Sum) against the simulated invocations.";
    invocations.x = time;
    invocations.y.label = "invocations";
    invocations.y.min = 0.0;
    invocations.series.push_back(series("observed", html::Style::Step, [](const P& p) {
      return std::optional<double>(p.observed_invocations);
    }));
    invocations.series.push_back(series("simulated", html::Style::Step, [](const P& p) {
      return std::optional<double>(p.simulated_invocations);
    }));
    section.chart(invocations);
    html::LineChart peak;
    peak.title = "Concurrency peak per period";
    peak.caption =
        "CloudWatch ConcurrentExecutions (Maximum) against the simulated largest concurrency.";
    peak.x = time;
    peak.y.label = "concurrent executions";
    peak.y.min = 0.0;
    peak.series.push_back(
        series("observed", html::Style::Step, [](const P& p) { return p.observed_peak; }));
    peak.series.push_back(series("simulated", html::Style::Step, [](const P& p) {
      return std::optional<double>(p.simulated_peak);
    }));
    section.chart(peak);
    html::Table periods;
    periods.header = {"period start", "invocations", "simulated", "throttles",
                      "simulated",    "peak",        "simulated"};
    for (const auto& p : f.periods) {
      periods.rows.push_back(
          {import::format_utc(p.start), fmt::format("{:.0f}", p.observed_invocations),
           fmt::format("{:.0f}", p.simulated_invocations), opt(p.observed_throttles),
           fmt::format("{:.0f}", p.simulated_throttles), opt(p.observed_peak),
           fmt::format("{:.0f}", p.simulated_peak)});
    }
    section.raw_html("<details><summary>per period</summary>" + html::render_table(periods) +
                     "</details>");
  }
  return page.render();
}

}  // namespace ls::tools
