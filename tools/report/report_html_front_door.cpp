// The HTML report's front door and payload section: shown only for a
// scenario with a front door or payload sizes (other reports are unchanged).
#include <fmt/format.h>

#include "tools/report/money.hpp"
#include "tools/report/report_html_run.hpp"
#include "tools/study/report_metrics.hpp"

namespace ls::tools::html_run {
namespace {

const char* door_name(models::FrontDoorConfig::Type type) {
  switch (type) {
    case models::FrontDoorConfig::Type::RestApi: return "API Gateway REST API";
    case models::FrontDoorConfig::Type::HttpApi: return "API Gateway HTTP API";
    case models::FrontDoorConfig::Type::FunctionUrl: return "function URL";
    case models::FrontDoorConfig::Type::None: break;
  }
  return "none (direct invoke)";
}

std::string seconds(sim::Time t) { return t > 0 ? fmt::format("{:g} s", sim::to_seconds(t)) : "-"; }

}  // namespace

void add_front_door_section(html::HtmlReport& page, const models::Scenario& sc,
                            const MetricTable& metrics) {
  bool doors = false, payloads = false;
  for (const auto& w : sc.workloads) {
    doors |= w.front_door->enabled();
    payloads |= w.payload->any();
  }
  if (!doors && !payloads) return;
  const MetricLookup get(metrics);
  auto& s = page.add_section("Front door and payloads");
  std::vector<html::Card> cards;
  if (doors) {
    cards.push_back({"429 (front door)", grouped(get("totals.front_door.throttled")),
                     grouped(get("totals.front_door.throttled_final")) + " gave up"});
    cards.push_back({"504 (integration timeout)", grouped(get("totals.front_door.timeouts")),
                     "the invocations ran on, billed"});
    cards.push_back({"Lambda throttles", grouped(get("totals.throttled")), "counted apart"});
    cards.push_back({"API Gateway cost", money(get("cost_usd.api_gateway")), ""});
  }
  if (payloads) {
    cards.push_back({"payload rejected", grouped(get("totals.payload.rejected")),
                     "over the size limit, not run"});
    cards.push_back({"response too large", grouped(get("totals.payload.response_too_large")),
                     "ran and billed, then failed"});
  }
  s.cards(std::move(cards));
  html::Table t{{"workload", "function", "front door", "integration timeout", "stage limit",
                 "overhead (mean)"},
                {},
                3,
                "Each workload's front door; 429s and 504s are per function below."};
  for (std::size_t i = 0; i < sc.workloads.size(); ++i) {
    const auto& w = sc.workloads[i];
    const auto& d = *w.front_door;
    t.rows.push_back(
        {std::to_string(i), sc.functions[w.function].name, door_name(d.type), seconds(d.timeout),
         d.rate_limit > 0 ? fmt::format("{:g}/s, burst {:g}", d.rate_limit, d.burst) : "-",
         d.enabled() ? fmt::format("{:.1f} ms", 1000 * d.overhead.mean_seconds()) : "-"});
  }
  s.table(t);
  if (doors) {
    html::Table per{
        {"function", "429", "429 final", "504", "Lambda throttles", "succeeded"}, {}, 1, ""};
    for (const auto& fn : sc.functions) {
      const auto k = get.under("functions." + fn.name);
      per.rows.push_back(
          {fn.name, grouped(k("front_door.throttled")), grouped(k("front_door.throttled_final")),
           grouped(k("front_door.timeouts")), grouped(k("throttled")), grouped(k("succeeded"))});
    }
    s.table(per);
  }
}

}  // namespace ls::tools::html_run
