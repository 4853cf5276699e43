#include "tools/report_csv.hpp"

#include <fmt/format.h>

namespace ls::tools {

std::string series_csv(const models::Scenario& scenario, const models::RunResult& run) {
  std::string out =
      "time_s,function,arrivals,invocations,cold_starts,throttled,concurrency_mean,"
      "concurrency_max,environments_mean,provisioned_mean,provisioned_busy_mean\n";
  const double interval = sim::to_seconds(run.series_interval);
  for (const auto& r : run.series) {
    out +=
        fmt::format("{},{},{},{},{},{},{:.6g},{:.0f},{:.6g},{:.6g},{:.6g}\n", interval * r.interval,
                    scenario.functions[r.function].name, r.arrivals, r.invocations, r.cold_starts,
                    r.throttled, r.concurrency_mean, r.concurrency_max, r.environments_mean,
                    r.provisioned_mean, r.provisioned_busy_mean);
  }
  return out;
}

}  // namespace ls::tools
