// Reads functions.<name>.emits (what a function's successful asynchronous
// invocations send on) once every function is read and its compute kind
// resolved, and gives each emit the asynchronous workload its events
// arrive by (docs/recursion.md).
#include <optional>
#include <string>

#include "models/config/scenario_sections.hpp"

namespace ls::models::detail {
namespace {

constexpr std::string_view kEmit = "functions.<name>.emits[]";

std::size_t read_target(const MapView& m, const Scenario& s) {
  const std::string name = *m.get_string("to");
  std::vector<std::string_view> names;
  for (std::size_t f = 0; f < s.functions.size(); ++f) {
    if (s.functions[f].name == name) return f;
    names.push_back(s.functions[f].name);
  }
  std::string message = "no function named '" + name + "'";
  if (auto guess = keys::closest(name, names); !guess.empty())
    message += "; did you mean '" + std::string(guess) + "'?";
  m.fail_at("to", message + " (functions: " + keys::join(names) + ")");
}

// Emitted events are asynchronous invocations through the async queue:
// not of durable functions (theirs start executions) nor of other compute.
void check_endpoints(const MapView& m, const FunctionConfig& from, const FunctionConfig& to) {
  if (from.durable->enabled)
    m.fail_at("to", "function '" + from.name +
                        "' is durable; emits are modelled for functions invoked through the "
                        "asynchronous queue only");
  if (to.durable->enabled || to.compute != ComputeKind::OnDemand)
    m.fail_at("to", "function '" + to.name + "' is " +
                        (to.durable->enabled ? std::string("durable") : "not on-demand") +
                        "; emitted events are asynchronous invocations of on-demand functions");
}

// The delivery delay of `channel` when the entry gives none (docs/recursion.md):
// SQS and SNS from bitesizedserverless.com's measurement (eu-west-1,
// September 2022: SQS standard p50 16.2 ms, p99 105 ms; SNS standard p50
// 73 ms, p99 225 ms); S3 an assumption read from AWS's "Typically, event
// notifications are delivered in seconds but can sometimes take a minute or
// longer" (NotificationHowTo.html); a direct asynchronous invoke none.
std::optional<sim::Dist> channel_delay(EmitConfig::Channel channel) {
  switch (channel) {
    case EmitConfig::Channel::Sqs: return sim::Dist::lognormal_median_p99(0.0162, 0.105);
    case EmitConfig::Channel::Sns: return sim::Dist::lognormal_median_p99(0.073, 0.225);
    case EmitConfig::Channel::S3: return sim::Dist::lognormal_median_p99(1.0, 60.0);
    case EmitConfig::Channel::Lambda: break;
  }
  return std::nullopt;
}

EmitConfig::Channel read_channel(const MapView& m) {
  const std::string c = *m.get_choice("channel");
  return c == "sqs"   ? EmitConfig::Channel::Sqs
         : c == "sns" ? EmitConfig::Channel::Sns
         : c == "s3"  ? EmitConfig::Channel::S3
                      : EmitConfig::Channel::Lambda;
}

}  // namespace

void read_emits(Scenario& s, const doc::Node& root, const ReadContext& ctx) {
  const doc::Node& functions = *root.find("functions");  // entries in s.functions' order
  for (std::size_t f = 0; f < s.functions.size(); ++f) {
    const doc::Node* list = functions.entries()[f].value.find("emits");
    if (list == nullptr || list->is_null()) continue;
    const std::string path = "functions." + s.functions[f].name + ".emits";
    if (!list->is_list())
      fail(*list, path, "expected a list of {to: <function>, ...}, got " + doc::describe(*list));
    for (std::size_t i = 0; i < list->items().size(); ++i) {
      const MapView m(list->items()[i], item_path(path, i), kEmit);
      EmitConfig e;
      e.target = read_target(m, s);
      check_endpoints(m, s.functions[f], s.functions[e.target]);
      e.channel = read_channel(m);
      const doc::Node* delay = m.get("delay");
      e.delay =
          delay != nullptr ? read_dist(*delay, m.path_of("delay"), ctx) : channel_delay(e.channel);
      e.probability = *m.get_number("probability");
      e.count = static_cast<int>(*m.get_int("count"));
      e.to_dlq = *m.get_choice("on_failure") == "dlq";
      WorkloadConfig w;
      w.function = e.target;
      w.invocation = Invocation::Async;
      w.arrivals.process = ArrivalConfig::Process::None;
      w.async = s.platform.async;
      w.async.to_dlq = e.to_dlq;
      w.emitted = true;
      e.workload = static_cast<std::uint32_t>(s.workloads.size());
      s.workloads.push_back(std::move(w));
      s.functions[f].emits.push_back(e);
    }
  }
  // Emits fire on asynchronous invocations only: those of an `invocation:
  // async` workload, and the events of functions that are themselves invoked
  // so (a fixed point). A function that never is would never emit.
  std::vector<bool> invoked(s.functions.size(), false);
  for (const WorkloadConfig& w : s.workloads)
    if (!w.emitted && w.invocation == Invocation::Async &&
        w.source->type == SourceConfig::Type::None)
      invoked[w.function] = true;
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t f = 0; f < s.functions.size(); ++f)
      for (const EmitConfig& e : s.functions[f].emits)
        if (invoked[f] && !invoked[e.target]) invoked[e.target] = grew = true;
  }
  for (std::size_t f = 0; f < s.functions.size(); ++f) {
    if (s.functions[f].emits.empty() || invoked[f]) continue;
    fail(*functions.entries()[f].value.find("emits"), "functions." + s.functions[f].name + ".emits",
         "function '" + s.functions[f].name +
             "' is never invoked asynchronously (by an `invocation: async` workload or another "
             "function's emits): its emits would never fire");
  }
}

}  // namespace ls::models::detail
