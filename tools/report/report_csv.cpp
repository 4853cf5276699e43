#include "tools/report/report_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace ls::tools {
namespace {

// Cost lines and the quantity of a series row that drives each of them.
// Multi-concurrency compute: Web Functions' active CPU follows the busy
// environment-seconds like on-demand duration; instance-hours, the
// management fee and Web Functions' memory follow the environments alive.
enum Driver : std::size_t { Requests, Init, OnDemand, Provisioned, Allocated, Capacity, kDrivers };

std::array<double, kDrivers> drivers(const models::SeriesRow& r, double seconds) {
  const double busy_pc = r.provisioned_busy_mean * seconds;
  const double busy_od = std::max(0.0, r.concurrency_mean * seconds - busy_pc);
  return {static_cast<double>(r.invocations), static_cast<double>(r.cold_starts), busy_od, busy_pc,
          r.provisioned_mean * seconds,       r.environments_mean * seconds};
}

// Each line's dollars per unit of its driver; a line whose driver never
// moved is spread over time instead (weight `seconds`).
struct Rates {
  std::array<double, kDrivers> per_unit{};
  std::array<double, kDrivers> per_second{};
  double credit_share = 0.0;  // free-tier credit per dollar of requests, INIT, duration, storage
};

Rates rates_for(const models::CostBreakdown& c, const std::array<double, kDrivers>& totals,
                double horizon_s, double scale) {
  const std::array<double, kDrivers> lines = {c.requests,
                                              c.init,
                                              c.duration + c.ephemeral + c.web_cpu,
                                              c.provisioned_duration,
                                              c.provisioned_allocated,
                                              c.instances + c.management_fee + c.web_memory};
  Rates r;
  for (std::size_t d = 0; d < kDrivers; ++d) {
    if (totals[d] > 0)
      r.per_unit[d] = lines[d] * scale / totals[d];
    else if (horizon_s > 0)
      r.per_second[d] = lines[d] * scale / horizon_s;
  }
  const double offset = c.requests + c.init + c.duration + c.ephemeral + c.web_cpu;
  if (offset > 0) r.credit_share = c.free_tier_credit / offset;
  return r;
}

}  // namespace

std::vector<double> interval_costs(const models::Scenario& scenario, const models::RunResult& run,
                                   const models::Bill& bill) {
  const double step = sim::to_seconds(run.series_interval);
  const double horizon = sim::to_seconds(scenario.horizon);
  auto seconds_of = [&](const models::SeriesRow& r) {
    return std::max(
        0.0, std::min(step, horizon - static_cast<double>(run.series_interval * r.interval) / 1e9));
  };
  const std::size_t n = scenario.functions.size();
  std::vector<std::array<double, kDrivers>> totals(n, std::array<double, kDrivers>{});
  for (const auto& r : run.series) {
    const auto d = drivers(r, seconds_of(r));
    for (std::size_t k = 0; k < kDrivers; ++k) totals[r.function][k] += d[k];
  }
  const double scale =
      bill.projected_to_month && bill.month_factor > 0 ? 1.0 / bill.month_factor : 1.0;
  std::vector<Rates> rates;
  for (std::size_t f = 0; f < n && f < bill.functions.size(); ++f)
    rates.push_back(rates_for(bill.functions[f], totals[f], horizon, scale));
  std::vector<double> out;
  out.reserve(run.series.size());
  for (const auto& r : run.series) {
    if (r.function >= rates.size()) {
      out.push_back(0.0);
      continue;
    }
    const Rates& rate = rates[r.function];
    const double seconds = seconds_of(r);
    const auto d = drivers(r, seconds);
    std::array<double, kDrivers> cost{};
    for (std::size_t k = 0; k < kDrivers; ++k)
      cost[k] = rate.per_unit[k] * d[k] + rate.per_second[k] * seconds;
    // The free-tier credit is spread with the on-demand lines it offsets.
    const double offset = cost[Requests] + cost[Init] + cost[OnDemand];
    double total = offset * (1.0 + rate.credit_share);
    total += cost[Provisioned] + cost[Allocated] + cost[Capacity];
    out.push_back(total);
  }
  return out;
}

std::string series_csv(const models::Scenario& scenario, const models::RunResult& run,
                       const models::Bill& bill) {
  std::string out =
      "time_s,function,arrivals,invocations,cold_starts,throttled,concurrency_mean,"
      "concurrency_max,environments_mean,provisioned_mean,provisioned_busy_mean,"
      "queue_depth_mean,cost_usd\n";
  const std::vector<double> cost = interval_costs(scenario, run, bill);
  for (std::size_t i = 0; i < run.series.size(); ++i) {
    const auto& r = run.series[i];
    out +=
        fmt::format("{},{},{},{},{},{},{:.6g},{:.0f},{:.6g},{:.6g},{:.6g},{:.6g},{:.9g}\n",
                    static_cast<double>(run.series_interval * r.interval) / 1e9,
                    scenario.functions[r.function].name, r.arrivals, r.invocations, r.cold_starts,
                    r.throttled, r.concurrency_mean, r.concurrency_max, r.environments_mean,
                    r.provisioned_mean, r.provisioned_busy_mean, r.queue_depth_mean, cost[i]);
  }
  return out;
}

}  // namespace ls::tools
