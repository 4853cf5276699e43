// Reads payload sizes: the platform's limits (platform.payload) and a
// workload's request and response sizes (workloads[].payload), each a size
// distribution in KB (`<SizeDist>`).
#include <string>

#include "models/config/scenario_sections.hpp"

namespace ls::models::detail {
namespace {

constexpr std::string_view kSizeDist = "<SizeDist>";

int read_kb(const MapView& m, std::string_view key) { return static_cast<int>(*m.get_int(key)); }

}  // namespace

sim::Dist read_size_dist(const doc::Node& node, const std::string& path,
                         const keys::KeySpec& spec) {
  if (node.is_scalar()) return sim::Dist::fixed(to_number(node, path, spec));
  if (!node.is_map())
    fail(node, path,
         "expected a size in KB (e.g. 300) or a mapping such as {dist: lognormal, median: 20, "
         "p99: 900}, got " +
             doc::describe(node));
  const MapView m(node, path, kSizeDist);
  const std::string kind = *m.get_choice("dist");
  m.check_applies("dist", kind);
  auto kb = [&](std::string_view key) {
    m.need(key);
    return *m.get_number(key);
  };
  if (kind == "fixed") return sim::Dist::fixed(kb("value"));
  if (kind == "exponential") return sim::Dist::exponential(kb("mean"));
  if (kind == "uniform") {
    const double lo = kb("min"), hi = kb("max");
    if (hi < lo)
      m.fail_at("max",
                "max (" + m.get("max")->text() + ") must be >= min (" + m.get("min")->text() + ")");
    return sim::Dist::uniform(lo, hi);
  }
  if (kind == "gamma") {
    const double mean = kb("mean");
    return sim::Dist::gamma_mean_cv(mean, kb("cv"));
  }
  const double median = kb("median"), p99 = kb("p99");  // lognormal
  if (p99 <= median)
    m.fail_at("p99", "p99 (" + m.get("p99")->text() + ") must be greater than median (" +
                         m.get("median")->text() + ")");
  return sim::Dist::lognormal_median_p99(median, p99);
}

PayloadLimits read_payload_limits(const MapView& m) {
  PayloadLimits l;
  l.sync_request_kb = read_kb(m, "sync_request_kb");
  l.sync_response_kb = read_kb(m, "sync_response_kb");
  l.async_event_kb = read_kb(m, "async_event_kb");
  l.async_billed_free_kb = read_kb(m, "async_billed_free_kb");
  l.async_billed_chunk_kb = read_kb(m, "async_billed_chunk_kb");
  l.streamed_response_kb = read_kb(m, "streamed_response_kb");
  l.stream_uncapped_kb = read_kb(m, "stream_uncapped_kb");
  l.stream_kb_per_s = *m.get_number("stream_kb_per_s");
  return l;
}

PayloadConfig read_payload(const MapView& m, const WorkloadConfig& workload) {
  PayloadConfig c;
  const bool source = workload.source->type != SourceConfig::Type::None;
  if (const doc::Node* request = m.get("request_kb")) {
    if (source)
      m.fail_at("request_kb",
                "an event source's messages/records are sized by source.record_kb; drop "
                "payload.request_kb");
    c.request_kb = read_size_dist(*request, m.path_of("request_kb"), m.spec("request_kb"));
  }
  if (const doc::Node* response = m.get("response_kb")) {
    if (source || workload.invocation != Invocation::Sync)
      m.fail_at("response_kb",
                "applies only to synchronous workloads without an event source (nobody waits "
                "for the response of an async or event-source invocation)");
    c.response_kb = read_size_dist(*response, m.path_of("response_kb"), m.spec("response_kb"));
  }
  c.stream = *m.get_choice("response_mode") == "stream";
  if (c.stream && !c.response_kb)
    m.fail_at("response_mode", "stream needs response sizes (response_kb) to stream");
  if (c.stream && workload.front_door->type == FrontDoorConfig::Type::HttpApi)
    m.fail_at("response_mode",
              "an HTTP API buffers the response (API Gateway streams for REST APIs only); use "
              "front_door: {type: rest-api}, a function URL, or no front door");
  return c;
}

// Platform sections of features no workload uses are left out of the
// resolved scenario a report echoes, so a scenario's report reads as it did
// before the feature existed.
void drop_unused_feature_sections(doc::Node& merged, const Scenario& s) {
  doc::Node* platform = merged.find("platform");
  if (platform == nullptr || !platform->is_map()) return;
  bool payloads = false, gateway = false;
  for (const WorkloadConfig& w : s.workloads) {
    payloads = payloads || w.payload->any();
    gateway = gateway || w.front_door->api_gateway();
  }
  platform->erase_entries_if([&](const doc::Entry& e) {
    return (e.key == "payload" && !payloads) || (e.key == "api_gateway" && !gateway);
  });
  // API Gateway's free tier only matters behind API Gateway.
  doc::Node* billing = platform->find("billing");
  if (billing != nullptr && billing->is_map() && !gateway)
    billing->erase_entries_if([](const doc::Entry& e) { return e.key == "first_12_months"; });
}

}  // namespace ls::models::detail
