// Latency and time-series sections of the run report (report_html_run.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "tools/report/report_html_run.hpp"

namespace ls::tools::html_run {
namespace {

using html::Axis, html::Format, html::LineChart, html::Series, html::Style;

Axis time_axis() { return Axis{"simulated time", false, Format::Seconds, 0.0, std::nullopt}; }

// Points at the upper edge of each non-empty bucket: the fraction of values
// at or below it, in percent.
Series cdf(const sim::LogHistogram& h, std::string name) {
  Series s{std::move(name), {}, {}, Style::Line, {}};
  if (h.count() == 0) return s;
  std::uint64_t in_buckets = 0;
  for (std::size_t i = 0; i < h.bucket_count(); ++i) in_buckets += h.bucket(i);
  std::uint64_t seen = h.count() - in_buckets;  // values below the first bucket
  const double n = static_cast<double>(h.count());
  for (std::size_t i = 0; i < h.bucket_count(); ++i) {
    if (h.bucket(i) == 0) continue;
    if (s.x.empty()) {  // start the curve at the smallest value
      s.x.push_back(std::max(h.min(), 1e-3));
      s.y.push_back(100.0 * static_cast<double>(seen) / n);
    }
    seen += h.bucket(i);
    s.x.push_back(std::clamp(h.bucket_lower(i + 1), std::max(h.min(), 1e-3), h.max()));
    s.y.push_back(100.0 * static_cast<double>(seen) / n);
  }
  return s;
}

// Percent of values per tenth of a decade.
Series histogram(const sim::LogHistogram& h, std::string name, Style style) {
  Series s{std::move(name), {}, {}, style, {}};
  if (h.count() == 0) return s;
  std::map<int, std::uint64_t> bins;
  for (std::size_t i = 0; i < h.bucket_count(); ++i) {
    if (h.bucket(i) == 0) continue;
    const double mid = std::sqrt(h.bucket_lower(i) * h.bucket_lower(i + 1));
    bins[static_cast<int>(std::floor(std::log10(std::max(mid, 1e-3)) * 10))] += h.bucket(i);
  }
  if (bins.empty()) return s;
  for (int b = bins.begin()->first; b <= bins.rbegin()->first; ++b) {
    const auto it = bins.find(b);
    const double count = it == bins.end() ? 0.0 : static_cast<double>(it->second);
    s.x.push_back(std::pow(10.0, b / 10.0));
    s.x_end.push_back(std::pow(10.0, (b + 1) / 10.0));
    s.y.push_back(100.0 * count / static_cast<double>(h.count()));
  }
  return s;
}

void add_function_concurrency(html::Section& section, const models::Scenario& scenario,
                              std::size_t f, const FunctionSeries& fs) {
  const auto& fn = scenario.functions[f];
  // On multi-concurrency compute (Managed Instances, Web Functions) an
  // environment serves several requests at once: the busy line counts
  // requests in flight, and the account's limit does not apply.
  const bool multi = fn.compute != models::ComputeKind::OnDemand;
  LineChart chart{"Concurrency: " + fn.name,
                  multi ? "Requests in flight (mean and peak per interval), environments alive; "
                          "an environment serves several requests at once."
                        : "Busy environments (mean and peak per interval), environments alive, "
                          "provisioned concurrency.",
                  time_axis(),
                  Axis{multi ? "requests or environments" : "environments", false, Format::Number,
                       std::nullopt, std::nullopt},
                  {},
                  {},
                  {}};
  chart.series.push_back(over_time(fs, multi ? "in flight (mean)" : "busy (mean)", Style::Step,
                                   [](const auto& r) { return r.concurrency_mean; }));
  chart.series.push_back(over_time(fs, multi ? "in flight (peak)" : "busy (peak)", Style::Step,
                                   [](const auto& r) { return r.concurrency_max; }));
  chart.series.push_back(over_time(fs, "environments alive", Style::Step,
                                   [](const auto& r) { return r.environments_mean; }));
  if (fn.provisioned->enabled()) {
    chart.series.push_back(over_time(fs, "provisioned", Style::Step,
                                     [](const auto& r) { return r.provisioned_mean; }));
  }
  if (fn.reserved_concurrency) {
    chart.limits.push_back({"reserved concurrency", double(*fn.reserved_concurrency)});
  } else if (!multi) {
    chart.limits.push_back(
        {"account limit", static_cast<double>(scenario.platform.account_concurrency)});
  }
  section.chart(std::move(chart));
}

}  // namespace

std::string pct(double ratio) { return fmt::format("{:.2f} %", 100.0 * ratio); }

std::string grouped(double value) {
  const std::string digits = fmt::format("{:.0f}", std::abs(value));
  std::string out = value < 0 && digits != "0" ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::vector<std::size_t> charted_functions(const models::RunResult& run) {
  return top_functions(run.functions.size(), kMaxFunctionCharts, [&](std::size_t f) {
    return static_cast<double>(run.functions[f].invocations);
  });
}

std::string charted_note(std::size_t charted, std::size_t functions) {
  if (charted >= functions) return "";
  return fmt::format(
      "One by one, the charts draw the {} busiest of the {} functions (most invocations); the "
      "JSON report (--json) and the CSV series (--csv) have every function.",
      charted, grouped(static_cast<double>(functions)));
}

std::vector<FunctionSeries> split_series(const models::Scenario& scenario,
                                         const models::RunResult& run) {
  std::vector<FunctionSeries> out(scenario.functions.size());
  const double step = sim::to_seconds(run.series_interval);
  const double horizon = sim::to_seconds(scenario.horizon);
  for (const auto& row : run.series) {
    if (row.function >= out.size()) continue;
    auto& fs = out[row.function];
    const double start = static_cast<double>(run.series_interval * row.interval) / 1e9;
    fs.start_s.push_back(start);
    fs.end_s.push_back(std::min(start + step, horizon));
    fs.rows.push_back(&row);
  }
  return out;
}

void add_latency_section(html::HtmlReport& page, const models::Scenario& scenario,
                         const models::RunResult& run) {
  auto& section = page.add_section("Latency");
  section.paragraph(
      "Caller-visible latency of completed requests (INIT, execution and client retry waits), "
      "after the warm-up, for functions invoked synchronously; the ages of async events and "
      "queue messages are charted apart. Percentiles come from log-bucketed histograms "
      "(relative error ≤ 1 %).");
  LineChart cdf_chart{"Latency CDF",
                      "Share of requests completed within a latency.",
                      Axis{"latency", true, Format::Milliseconds, std::nullopt, std::nullopt},
                      Axis{"requests", false, Format::Percent, 0.0, 100.0},
                      {},
                      {},
                      {}};
  LineChart hist_chart{"Latency histogram",
                       "Share of requests per tenth of a decade.",
                       cdf_chart.x,
                       Axis{"requests", false, Format::Percent, 0.0, std::nullopt},
                       {},
                       {},
                       {}};
  // Ages of async events and queue messages are not request latency: they
  // get a chart of their own, never a curve among the latencies.
  LineChart age_chart{"Event and message age CDF",
                      "Async events: age when the event succeeded; queue-fed functions: age of a "
                      "message or record when its batch started.",
                      Axis{"age", true, Format::Milliseconds, std::nullopt, std::nullopt},
                      Axis{"events", false, Format::Percent, 0.0, 100.0},
                      {},
                      {},
                      {}};
  std::size_t with_latency = 0;
  for (const auto& stats : run.functions) with_latency += stats.latency_ms.count() > 0;
  const bool several = with_latency > 1;
  const std::vector<std::size_t> charted = charted_functions(run);
  const std::vector<bool> drawn = among(scenario.functions.size(), charted);
  if (const std::string note = charted_note(charted.size(), drawn.size()); !note.empty())
    section.paragraph("All functions' requests make the \"all functions\" curve. " + note);
  sim::LogHistogram all;
  for (std::size_t f = 0; f < scenario.functions.size(); ++f) {
    const auto& stats = run.functions[f];
    const std::string& name = scenario.functions[f].name;
    if (stats.latency_ms.count() > 0) all.merge(stats.latency_ms);
    if (!drawn[f]) continue;
    if (stats.latency_ms.count() > 0) {
      cdf_chart.series.push_back(cdf(stats.latency_ms, name));
      hist_chart.series.push_back(
          histogram(stats.latency_ms, name, several ? Style::Step : Style::Bars));
    }
    if (stats.async().age_success_ms.count() > 0)
      age_chart.series.push_back(cdf(stats.async().age_success_ms, name + " (async event age)"));
    if (stats.source().age_ms.count() > 0)
      age_chart.series.push_back(cdf(stats.source().age_ms, name + " (message age)"));
  }
  // "all functions" only over two or more curves: over one it is that
  // curve, drawn on top of it.
  if (several) cdf_chart.series.push_back(cdf(all, "all functions"));
  if (!cdf_chart.series.empty()) {
    section.chart(std::move(cdf_chart));
    section.chart(std::move(hist_chart));
  }
  if (!age_chart.series.empty()) section.chart(std::move(age_chart));
}

void add_concurrency_section(html::HtmlReport& page, const models::Scenario& scenario,
                             const models::RunResult& run) {
  auto& section = page.add_section("Concurrency");
  const bool all_multi =
      std::all_of(scenario.functions.begin(), scenario.functions.end(),
                  [](const auto& f) { return f.compute != models::ComputeKind::OnDemand; });
  section.paragraph(
      all_multi
          ? fmt::format("Requests in flight and environments over time, per {:g} s interval "
                        "(Managed Instances and Web Functions scale their own environments and "
                        "do not draw from the account's concurrency pool: docs/compute.md).",
                        sim::to_seconds(run.series_interval))
          : fmt::format("Environments over time, per {:g} s interval, against the limits: the "
                        "account's concurrency limit ({}) is shared by functions without "
                        "reserved concurrency.",
                        sim::to_seconds(run.series_interval),
                        grouped(scenario.platform.account_concurrency)));
  const auto series = split_series(scenario, run);
  const std::vector<std::size_t> charted = charted_functions(run);
  if (scenario.functions.size() > 1) {
    const std::string note = charted_note(charted.size(), series.size());
    // Each function's own curve and their sum: stacked outlines, without
    // fills, showed every spike in the colour of the top curve, whatever
    // function made it.
    LineChart total{
        "Concurrency: all functions",
        "Busy environments (interval means) of each function, and of all of them together "
        "(\"all functions\")." +
            (note.empty() ? "" : " " + note),
        time_axis(),
        Axis{"busy environments", false, Format::Number, std::nullopt, std::nullopt},
        {},
        {{"account limit", double(scenario.platform.account_concurrency)}},
        {}};
    const auto mean = [](const auto& r) { return r.concurrency_mean; };
    Series all{"all functions", {}, {}, Style::Step, {}};
    const auto add = [&](Series s) {
      if (all.y.size() < s.y.size()) {
        all.y.resize(s.y.size(), 0.0);
        all.x = s.x;
        all.x_end = s.x_end;
      }
      for (std::size_t i = 0; i < s.y.size(); ++i) all.y[i] += s.y[i];
      total.series.push_back(std::move(s));
    };
    for (std::size_t f : charted)
      add(over_time(series[f], scenario.functions[f].name, Style::Step, mean));
    if (charted.size() < series.size()) add(others_over_time(series, charted, mean));
    total.series.push_back(std::move(all));
    section.chart(std::move(total));
  }
  for (std::size_t f : charted) add_function_concurrency(section, scenario, f, series[f]);
}

void add_traffic_section(html::HtmlReport& page, const models::Scenario& scenario,
                         const models::RunResult& run) {
  auto& section = page.add_section("Traffic, cold starts and throttles");
  section.paragraph(fmt::format(
      "Counts per {:g} s interval, warm-up included (the counters in the tables exclude it). "
      "Throttles count every rejected attempt, retried ones included.",
      sim::to_seconds(run.series_interval)));
  const auto series = split_series(scenario, run);
  const std::vector<std::size_t> charted = charted_functions(run);
  struct What {
    const char* title;
    const char* label;
    std::uint64_t models::SeriesRow::*field;
  };
  for (const What& w :
       {What{"Arrivals", "requests per interval", &models::SeriesRow::arrivals},
        What{"Cold starts", "cold starts per interval", &models::SeriesRow::cold_starts},
        What{"Throttles", "throttled attempts per interval", &models::SeriesRow::throttled}}) {
    LineChart chart{w.title,     charted_note(charted.size(), series.size()),
                    time_axis(), Axis{w.label, false, Format::Number, std::nullopt, std::nullopt},
                    {},          {},
                    {}};
    const auto count = [&](const auto& r) { return double(r.*(w.field)); };
    for (std::size_t f : charted)
      chart.series.push_back(over_time(series[f], scenario.functions[f].name, Style::Step, count));
    if (charted.size() < series.size())
      chart.series.push_back(others_over_time(series, charted, count));
    section.chart(std::move(chart));
  }
}

}  // namespace ls::tools::html_run
