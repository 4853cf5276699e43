#include "tools/study/calibrate_backtest.hpp"

#include <fmt/format.h>

#include <cmath>

#include "models/billing.hpp"

namespace ls::tools::calibrate {

Backtest run_backtest(const models::Scenario& input, const Estimates& e, int replications,
                      unsigned threads) {
  models::Scenario scenario = input;
  scenario.replications = replications;
  RunnerOptions options;
  options.threads = threads;
  options.series_interval = sim::from_seconds(e.observed.series_interval_s);
  return compare_to_logs(scenario, run_replications(scenario, options), e);
}

Backtest compare_to_logs(const models::Scenario& scenario, const RunSet& set, const Estimates& e) {
  Backtest b;
  b.scenario = scenario.name;
  b.replications = static_cast<int>(set.runs.size());
  b.interval_s = e.observed.series_interval_s;
  b.observed_environments = e.observed.environments_series;
  std::vector<double> requests, cold, envs, peak, p50, p99, gb_s, usd;
  for (std::size_t i = 0; i < set.runs.size(); ++i) {
    const auto& s = set.runs[i].functions.front();
    const auto& q = set.bills[i].total.quantity;
    requests.push_back(static_cast<double>(s.arrivals));
    cold.push_back(static_cast<double>(s.cold_starts));
    envs.push_back(s.environments.mean(scenario.horizon));
    peak.push_back(s.busy.max());
    p50.push_back(s.latency_ms.quantile(0.5));
    p99.push_back(s.latency_ms.quantile(0.99));
    gb_s.push_back(q.ondemand_gb_s + q.init_gb_s);
    usd.push_back(set.bills[i].total.total);
  }
  // The chart needs both series on the same intervals.
  if (set.runs.front().series_interval == sim::from_seconds(b.interval_s)) {
    for (const auto& row : set.runs.front().series)
      if (row.function == 0) b.simulated_environments.push_back(row.environments_mean);
  }

  // The observed bill: the logs' billed durations priced like the simulation's.
  models::FunctionUsage usage;
  usage.requests = e.observed.requests;
  usage.ondemand_billed_us = e.observed.billed_us;
  std::vector<models::FunctionUsage> all(scenario.functions.size());
  all.front() = usage;
  const models::Bill observed_bill =
      models::compute_bill(scenario, all, *scenario.prices, scenario.horizon);

  const Observed& o = e.observed;
  auto row = [&](const char* key, const char* label, const char* unit, double observed,
                 const std::vector<double>& simulated) {
    const sim::MeanCi ci = sim::mean_ci95(simulated);
    b.rows.push_back({key, label, unit, observed, ci.mean, ci.half_width, ""});
  };
  row("requests", "requests", "", static_cast<double>(o.requests), requests);
  row("cold_starts", "cold starts", "", static_cast<double>(o.cold_starts), cold);
  row("environments_mean", "environments (mean)", "", o.environments_mean, envs);
  row("concurrency_peak", "concurrency peak", "", static_cast<double>(o.concurrency_peak), peak);
  row("latency_p50_ms", "p50 duration + INIT", "ms", o.latency_p50_ms, p50);
  row("latency_p99_ms", "p99 duration + INIT", "ms", o.latency_p99_ms, p99);
  // Logs without INIT durations (REPORT lines or CSVs without them) give
  // the observed side as duration alone, while the simulation adds the
  // scenario's INIT to each cold start: an error there would measure the
  // assumed INIT, not the model.
  if (e.init.n == 0 && o.cold_starts > 0)
    for (auto& r : b.rows)
      if (r.key == "latency_p50_ms" || r.key == "latency_p99_ms")
        r.caveat =
            "the logs have no INIT durations: observed is the duration alone, simulated adds "
            "the scenario's assumed INIT to each cold start";
  row("billed_gb_s", "billed GB-s", "GB-s", o.billed_gb_s, gb_s);
  row("bill_usd", "bill", "USD", observed_bill.total.total, usd);
  // Any scenario can be run against any logs (run --compare-to): say when
  // the two do not describe the same traffic or memory.
  const BacktestRow& sent = b.rows.front();
  if (std::abs(sent.error()) > 0.1)
    b.warnings.push_back(fmt::format(
        "the scenario sent {:.0f} requests where the logs have {:.0f} ({:+.0f} %): the rows "
        "compare different traffic (compare the scenario calibrate wrote from these logs, or "
        "logs of the scenario's traffic)",
        sent.simulated, sent.observed, 100 * sent.error()));
  const int memory = scenario.functions.front().memory_mb;
  if (e.memory_sizes > 0 && std::abs(e.memory_mb - memory) > 0.5)
    b.warnings.push_back(fmt::format(
        "the logs' function ran at {:g} MB, the scenario's at {} MB: GB-s and the bill differ "
        "for that alone",
        e.memory_mb, memory));
  return b;
}

}  // namespace ls::tools::calibrate
