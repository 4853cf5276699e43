// Reads the front door: the platform's API Gateway figures
// (platform.api_gateway) and a workload's front door (workloads[].front_door),
// with the integration timeout checked against what its API type allows.
#include <algorithm>
#include <sstream>
#include <string>

#include "models/config/scenario_sections.hpp"

namespace ls::models::detail {
namespace {

std::string seconds_text(sim::Time t) {
  std::ostringstream out;
  out << sim::to_seconds(t) << 's';
  return out.str();
}

using DoorType = FrontDoorConfig::Type;

DoorType type_of(const std::string& name) {
  if (name == "rest-api") return DoorType::RestApi;
  if (name == "http-api") return DoorType::HttpApi;
  return DoorType::FunctionUrl;
}

// The integration timeout: the API type's default, or the one given, which
// may not exceed what the type allows (only Regional and private REST APIs
// may raise theirs).
sim::Time read_timeout(const MapView& m, DoorType type, const std::string& endpoint,
                       const ApiGatewayDefaults& gateway, bool streams) {
  if (type == DoorType::FunctionUrl) return 0;
  const bool rest = type == DoorType::RestApi;
  const sim::Time fallback = rest ? gateway.rest_timeout : gateway.http_timeout;
  const auto given = m.get_duration("timeout");
  if (!given) return fallback;
  sim::Time most = gateway.http_timeout;
  std::string what =
      "an HTTP API's integration timeout is at most platform.api_gateway.http_timeout";
  if (rest && streams) {
    most = kRestStreamMaxTimeout;
    what = "a REST API streaming its responses has an integration timeout of at most 15 minutes";
  } else if (rest && endpoint == "edge") {
    most = gateway.rest_timeout;
    what =
        "an edge-optimized REST API's integration timeout is at most "
        "platform.api_gateway.rest_timeout";
  } else if (rest) {
    most = gateway.rest_max_timeout;
    what =
        "a Regional or private REST API's integration timeout is at most "
        "platform.api_gateway.rest_max_timeout";
  }
  if (*given > most)
    m.fail_at("timeout",
              m.need("timeout").text() + " is too long: " + what + " (" + seconds_text(most) + ")");
  return *given;
}

}  // namespace

ApiGatewayDefaults read_api_gateway(const MapView& m) {
  ApiGatewayDefaults g;
  g.account_rate = *m.get_rate("account_rate");
  g.account_burst = static_cast<double>(*m.get_int("account_burst"));
  g.rest_timeout = *m.get_duration("rest_timeout");
  g.rest_max_timeout = *m.get_duration("rest_max_timeout");
  g.http_timeout = *m.get_duration("http_timeout");
  if (g.rest_max_timeout < g.rest_timeout)
    m.fail_at("rest_max_timeout", m.need("rest_max_timeout").text() + " is below rest_timeout (" +
                                      seconds_text(g.rest_timeout) +
                                      "); the raised maximum cannot be below the default");
  return g;
}

FrontDoorConfig read_front_door(const MapView& m, const WorkloadConfig& workload,
                                const ApiGatewayDefaults& gateway, const ReadContext& ctx,
                                bool streams) {
  FrontDoorConfig c;
  const std::string type = *m.get_choice("type");
  m.check_applies("type", type);
  if (workload.invocation != Invocation::Sync || workload.source->type != SourceConfig::Type::None)
    m.fail_at("type",
              "a front door takes synchronous requests from clients; this workload is " +
                  std::string(workload.invocation == Invocation::Async ? "asynchronous"
                                                                       : "an event source"));
  c.type = type_of(type);
  const std::string endpoint = c.type == DoorType::RestApi ? *m.get_choice("endpoint") : "";
  c.timeout = read_timeout(m, c.type, endpoint, gateway, streams);
  if (auto rate = m.get_rate("rate_limit")) c.rate_limit = *rate;
  if (auto burst = m.get_int("burst")) {
    if (c.rate_limit == 0) m.fail_at("burst", "burst needs a rate_limit (the stage's steady rate)");
    c.burst = static_cast<double>(*burst);
  } else {
    c.burst = std::max(1.0, c.rate_limit);  // one second of the steady rate
  }
  if (const doc::Node* overhead = m.get("overhead"))
    c.overhead = read_dist(*overhead, m.path_of("overhead"), ctx);
  return c;
}

}  // namespace ls::models::detail

namespace ls::models::detail {

void check_front_doors(const Scenario& s, const doc::Node& root) {
  for (std::size_t i = 0; i < s.workloads.size(); ++i) {
    const WorkloadConfig& w = s.workloads[i];
    const FunctionConfig& f = s.functions[w.function];
    if (!w.front_door->enabled() || f.compute == ComputeKind::OnDemand) continue;
    const doc::Node& node = *root.find("workloads")->items()[i].find("front_door");
    fail(node, item_path("workloads", i) + ".front_door",
         "function '" + f.name + "' runs on " +
             (f.compute == ComputeKind::Web ? "web" : "managed-instances") +
             " compute; a front door is modelled for on-demand functions only");
  }
}

}  // namespace ls::models::detail
