#include "tools/report/report_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <string_view>
#include <utility>

#include "models/bill_lines.hpp"

namespace ls::tools {
namespace {

// Each bill line's cost driver (models/bill_lines.hpp) as a quantity of a
// series row: Web Functions' active CPU follows the busy environment-seconds
// like on-demand duration; instance-hours, the management fee and Web
// Functions' memory follow the environments alive.
using models::CostDriver;
constexpr std::size_t kDrivers = models::kCostDrivers;

std::array<double, kDrivers> drivers(const models::SeriesRow& r, double seconds) {
  const double busy_pc = r.provisioned_busy_mean * seconds;
  const double busy_od = std::max(0.0, r.concurrency_mean * seconds - busy_pc);
  std::array<double, kDrivers> d{};
  d[models::RequestsDriven] = static_cast<double>(r.invocations);
  d[models::InitDriven] = static_cast<double>(r.cold_starts);
  d[models::OnDemandBusyDriven] = busy_od;
  d[models::ProvisionedBusyDriven] = busy_pc;
  d[models::ProvisionedAllocDriven] = r.provisioned_mean * seconds;
  d[models::EnvironmentsAliveDriven] = r.environments_mean * seconds;
  return d;
}

// The free-tier credit offsets the on-demand lines: those driven by
// requests, INIT and busy on-demand time.
constexpr bool offset_by_credit(std::size_t driver) {
  return driver == models::RequestsDriven || driver == models::InitDriven ||
         driver == models::OnDemandBusyDriven;
}

// Each line's dollars per unit of its driver; a line whose driver never
// moved is spread over time instead (weight `seconds`).
struct Rates {
  std::array<double, kDrivers> per_unit{};
  std::array<double, kDrivers> per_second{};
  double credit_share = 0.0;  // credit per dollar of the lines it offsets
};

Rates rates_for(const models::CostBreakdown& c, const std::array<double, kDrivers>& totals,
                double horizon_s, double scale) {
  // Dollars per driver, summed in driver order, then in the table's order.
  std::array<double, kDrivers> lines{};
  double offset = 0.0, credit = 0.0;
  for (std::size_t d = 0; d < kDrivers; ++d) {
    for (const models::BillLine& line : models::bill_lines()) {
      if (line.driver != d) continue;
      lines[d] += c.*(line.usd);
      if (offset_by_credit(d)) offset += c.*(line.usd);
    }
  }
  for (const models::BillLine& line : models::bill_lines())
    if (line.credit()) credit += c.*(line.usd);
  Rates r;
  for (std::size_t d = 0; d < kDrivers; ++d) {
    if (totals[d] > 0)
      r.per_unit[d] = lines[d] * scale / totals[d];
    else if (horizon_s > 0)
      r.per_second[d] = lines[d] * scale / horizon_s;
  }
  if (offset > 0) r.credit_share = credit / offset;
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
    double offset = 0.0, rest = 0.0;
    for (std::size_t k = 0; k < kDrivers; ++k) (offset_by_credit(k) ? offset : rest) += cost[k];
    out.push_back(offset * (1.0 + rate.credit_share) + rest);
  }
  return out;
}

void write_series_csv(TextSink& sink, const models::Scenario& scenario,
                      const models::RunResult& run, const models::Bill& bill) {
  std::string chunk =
      "time_s,function,arrivals,invocations,cold_starts,throttled,concurrency_mean,"
      "concurrency_max,environments_mean,provisioned_mean,provisioned_busy_mean,"
      "queue_depth_mean,cost_usd\n";
  const std::vector<double> cost = interval_costs(scenario, run, bill);
  for (std::size_t i = 0; i < run.series.size(); ++i) {
    const auto& r = run.series[i];
    fmt::format_to(std::back_inserter(chunk),
                   "{},{},{},{},{},{},{:.6g},{:.0f},{:.6g},{:.6g},{:.6g},{:.6g},{:.9g}\n",
                   static_cast<double>(run.series_interval * r.interval) / 1e9,
                   scenario.functions[r.function].name, r.arrivals, r.invocations, r.cold_starts,
                   r.throttled, r.concurrency_mean, r.concurrency_max, r.environments_mean,
                   r.provisioned_mean, r.provisioned_busy_mean, r.queue_depth_mean, cost[i]);
    pass_on_chunk(chunk, sink);
  }
  sink.write(chunk);
}

std::string series_csv(const models::Scenario& scenario, const models::RunResult& run,
                       const models::Bill& bill) {
  StringSink gather;
  write_series_csv(gather, scenario, run, bill);
  return std::move(gather).take();
}

}  // namespace ls::tools
