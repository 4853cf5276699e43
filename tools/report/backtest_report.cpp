#include "tools/report/backtest_report.hpp"

#include <fmt/format.h>

#include "tools/io/json_writer.hpp"
#include "tools/report/observed_simulated.hpp"
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
  w.key("functions");
  w.begin_array();
  for (const auto& f : b.functions) {
    w.begin_object();
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
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

namespace {

// An inline SVG of two series over the periods (observed solid, simulated dashed).
std::string chart(const import::BacktestFunction& f, bool peak) {
  const double width = 560, height = 160, pad = 30;
  double top = 1;
  for (const auto& p : f.periods) {
    top = std::max(top, peak ? std::max(p.observed_peak.value_or(0), p.simulated_peak)
                             : std::max(p.observed_invocations, p.simulated_invocations));
  }
  auto path = [&](bool observed) {
    std::string d;
    bool gap = false;
    const double n = static_cast<double>(std::max<std::size_t>(f.periods.size(), 2) - 1);
    for (std::size_t i = 0; i < f.periods.size(); ++i) {
      const auto& p = f.periods[i];
      std::optional<double> v =
          peak ? (observed ? p.observed_peak : std::optional<double>(p.simulated_peak))
               : std::optional<double>(observed ? p.observed_invocations : p.simulated_invocations);
      if (!v) {  // no datapoint: the line breaks
        gap = true;
        continue;
      }
      const double x = pad + (width - 2 * pad) * static_cast<double>(i) / n;
      const double y = height - pad - (height - 2 * pad) * *v / top;
      d += fmt::format("{}{:.1f},{:.1f} ", d.empty() || gap ? "M" : "L", x, y);
      gap = false;
    }
    return d;
  };
  return fmt::format(
      "<svg width='{0}' height='{1}' viewBox='0 0 {0} {1}'>"
      "<line x1='{2}' y1='{3}' x2='{4}' y2='{3}' stroke='#999'/>"
      "<text x='4' y='{5}' font-size='11'>{6:.0f}</text><text x='4' y='{3}' font-size='11'>0</text>"
      "<path d='{7}' fill='none' stroke='#1f77b4' stroke-width='2'/>"
      "<path d='{8}' fill='none' stroke='#d62728' stroke-width='2' stroke-dasharray='5,3'/>"
      "<text x='{9}' y='14' font-size='12'>{10} — observed (solid), simulated "
      "(dashed)</text></svg>",
      width, height, pad, height - pad, width - pad, pad, top, path(true), path(false), pad,
      peak ? "concurrency peak" : "invocations per period");
}

}  // namespace

std::string backtest_html(const import::Backtest& b) {
  std::string out =
      "<!doctype html><html><head><meta charset='utf-8'><title>lambdasim backtest</title><style>"
      "body{font-family:sans-serif;margin:24px;max-width:1200px}table{border-collapse:collapse;"
      "margin:8px 0}"
      "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}"
      "td:first-child{text-align:left}</style></head><body>";
  out += fmt::format(
      "<h1>Backtest of {}</h1><p>{} s periods from {}; simulated with seed {}, one replication. "
      "Observed: CloudWatch Invocations (Sum), Throttles (Sum), ConcurrentExecutions "
      "(Maximum).</p>",
      html::escape(b.scenario), b.period, import::format_utc(b.start), b.seed);
  out +=
      "<table><tr><th>function</th><th>invocations</th><th>simulated</th><th>error</th><th>MAPE</"
      "th>"
      "<th>throttles</th><th>simulated</th><th>peak</th><th>sim peak</th><th>peak MAE</th></tr>";
  for (const auto& f : b.functions) {
    out += "<tr>";
    for (const std::string& cell : summary_cells(f)) out += "<td>" + html::escape(cell) + "</td>";
    out += "</tr>";
  }
  out += "</table>";
  for (const auto& f : b.functions) {
    out += fmt::format("<h2>{} <small>(CloudWatch {})</small></h2>", html::escape(f.function),
                       html::escape(f.metrics));
    if (!f.note.empty()) out += "<p>" + html::escape(f.note) + "</p>";
    if (f.periods.empty()) continue;
    out += chart(f, false) + chart(f, true);
    out +=
        "<details><summary>per period</summary><table><tr><th>period start</th><th>invocations</th>"
        "<th>simulated</th><th>throttles</th><th>simulated</th><th>peak</th><th>simulated</th></"
        "tr>";
    for (const auto& p : f.periods) {
      out += fmt::format(
          "<tr><td>{}</td><td>{:.0f}</td><td>{:.0f}</td><td>{}</td><td>{:.0f}</td><td>{}</td>"
          "<td>{:.0f}</td></tr>",
          import::format_utc(p.start), p.observed_invocations, p.simulated_invocations,
          opt(p.observed_throttles), p.simulated_throttles, opt(p.observed_peak), p.simulated_peak);
    }
    out += "</table></details>";
  }
  return out + "</body></html>\n";
}

}  // namespace ls::tools
