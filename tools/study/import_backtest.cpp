#include "tools/study/import_backtest.hpp"

#include <algorithm>
#include <cmath>

#include "tools/study/runner.hpp"

namespace ls::tools::import {

namespace {

const FunctionMetrics* metrics_of(const MetricsData& m, const std::string& label) {
  for (const auto& f : m.functions)
    if (f.label() == label) return &f;
  return nullptr;
}

std::optional<double> at(const MetricSeries* s, std::int64_t t) {
  if (s == nullptr) return std::nullopt;
  const auto it = s->points.find(t);
  if (it == s->points.end()) return std::nullopt;
  return it->second;
}

}  // namespace

Backtest run_backtest(const models::Scenario& scenario, const MetricsData& metrics,
                      const std::vector<std::pair<std::string, std::string>>& matched,
                      unsigned threads) {
  Backtest b;
  b.scenario = scenario.name;
  b.start = metrics.start;
  b.period = metrics.period;
  b.seed = scenario.seed;
  models::Scenario one = scenario;
  one.replications = 1;
  RunnerOptions options;
  options.threads = threads;
  options.series_interval = metrics.period * sim::kSecond;
  const RunSet set = run_replications(one, options);
  const models::RunResult& run = set.runs.front();
  const std::size_t periods =
      static_cast<std::size_t>((metrics.end - metrics.start) / metrics.period);

  for (const auto& [name, label] : matched) {
    BacktestFunction f;
    f.function = name;
    f.metrics = label;
    std::size_t index = 0;
    while (index < scenario.functions.size() && scenario.functions[index].name != name) ++index;
    const FunctionMetrics* fm = metrics_of(metrics, label);
    if (index == scenario.functions.size() || fm == nullptr) continue;
    const MetricSeries* inv = fm->find("Invocations", "Sum");
    const MetricSeries* thr = fm->find("Throttles", "Sum");
    const MetricSeries* peak = fm->find("ConcurrentExecutions", "Maximum");
    for (const MetricSeries* s : {inv, thr, peak}) {
      if (s != nullptr && s->period != metrics.period) {
        f.note = label + ": " + s->metric + " has period " + std::to_string(s->period) +
                 " s, not " + std::to_string(metrics.period) + " s: not compared per period";
      }
    }
    if (inv == nullptr || !f.note.empty()) {
      if (f.note.empty()) f.note = label + ": no Invocations (Sum) to compare";
      b.functions.push_back(std::move(f));
      continue;
    }
    f.periods.resize(periods);
    for (std::size_t i = 0; i < periods; ++i) {
      BacktestPeriod& p = f.periods[i];
      p.start = metrics.start + static_cast<std::int64_t>(i) * metrics.period;
      p.observed_invocations = at(inv, p.start).value_or(0.0);
      if (thr != nullptr) p.observed_throttles = at(thr, p.start).value_or(0.0);
      p.observed_peak = at(peak, p.start);
    }
    for (const models::SeriesRow& row : run.series) {
      if (row.function != index || row.interval >= periods) continue;
      BacktestPeriod& p = f.periods[row.interval];
      p.simulated_invocations = static_cast<double>(row.invocations);
      p.simulated_throttles = static_cast<double>(row.throttled);
      p.simulated_peak = row.concurrency_max;
    }
    double ape = 0, peak_error = 0;
    std::size_t ape_n = 0, peak_n = 0;
    for (const auto& p : f.periods) {
      f.observed_invocations += p.observed_invocations;
      f.simulated_invocations += p.simulated_invocations;
      f.simulated_throttles += p.simulated_throttles;
      if (p.observed_throttles)
        f.observed_throttles = f.observed_throttles.value_or(0) + *p.observed_throttles;
      f.simulated_peak = std::max(f.simulated_peak, p.simulated_peak);
      if (p.observed_peak) {
        f.observed_peak = std::max(f.observed_peak.value_or(0.0), *p.observed_peak);
        peak_error += std::abs(p.simulated_peak - *p.observed_peak);
        ++peak_n;
      }
      if (p.observed_invocations > 0) {
        ape += std::abs(p.simulated_invocations - p.observed_invocations) / p.observed_invocations;
        ++ape_n;
      }
    }
    f.invocations_error =
        f.observed_invocations > 0
            ? (f.simulated_invocations - f.observed_invocations) / f.observed_invocations
            : 0.0;
    if (ape_n > 0) f.invocations_mape = ape / static_cast<double>(ape_n);
    if (peak_n > 0) f.peak_mae = peak_error / static_cast<double>(peak_n);
    b.functions.push_back(std::move(f));
  }
  return b;
}

}  // namespace ls::tools::import
