// Reads functions.<name>.durable (Lambda durable functions, docs/durable.md)
// with its step retry strategy and callbacks, and checks how a durable
// function may be invoked: lambdasim starts durable executions from
// asynchronous events on on-demand compute.
#include <string>

#include "models/config/scenario_sections.hpp"

namespace ls::models::detail {
namespace {

constexpr std::string_view kSection = "functions.<name>.durable";

// `steps`: a count, or a list of counts each equally likely.
std::vector<int> read_steps(const MapView& m) {
  const doc::Node& node = m.need("steps");
  const std::string path = m.path_of("steps");
  const keys::KeySpec& spec = m.spec("steps");
  if (node.is_scalar()) return {static_cast<int>(to_int(node, path, spec))};
  if (!node.is_list() || node.items().empty())
    fail(node, path,
         "expected a number of steps (e.g. 3) or a non-empty list of them (e.g. [2, 3, 5]), got " +
             (node.is_list() ? std::string("an empty list") : doc::describe(node)));
  std::vector<int> out;
  for (std::size_t i = 0; i < node.items().size(); ++i)
    out.push_back(static_cast<int>(to_int(node.items()[i], item_path(path, i), spec)));
  return out;
}

sim::Dist read_kb_or_zero(const MapView& m, std::string_view key) {
  const doc::Node* node = m.get(key);
  return node != nullptr ? read_size_dist(*node, m.path_of(key), m.spec(key))
                         : sim::Dist::fixed(0.0);
}

// `retry`: absent, the SDK's default strategy (DurableRetry's defaults,
// which are the key table's: ScenarioLoader.DurableRetryDefaultsAreTheKeyTables).
DurableRetry read_retry(const MapView& durable) {
  DurableRetry r;
  const doc::Node* node = durable.get("retry");
  if (node == nullptr) return r;
  const MapView m(*node, durable.path_of("retry"), "functions.<name>.durable.retry");
  r.max_attempts = static_cast<int>(*m.get_int("max_attempts"));
  r.initial_delay = *m.get_duration("initial_delay");
  r.max_delay = *m.get_duration("max_delay");
  if (r.max_delay < r.initial_delay)
    m.fail_at("max_delay", m.need("max_delay").text() + " is shorter than initial_delay (" +
                               m.need("initial_delay").text() + "); allowed: >= initial_delay");
  r.backoff_rate = *m.get_number("backoff_rate");
  const std::string jitter = *m.get_choice("jitter");
  r.jitter = jitter == "full"   ? DurableRetry::Jitter::Full
             : jitter == "half" ? DurableRetry::Jitter::Half
                                : DurableRetry::Jitter::None;
  return r;
}

DurableCallback read_callback(const MapView& durable, const ReadContext& ctx) {
  DurableCallback c;
  const doc::Node* node = durable.get("callback");
  if (node == nullptr) return c;
  const MapView m(*node, durable.path_of("callback"), "functions.<name>.durable.callback");
  c.enabled = true;
  c.delay = read_dist(m.need("delay"), m.path_of("delay"), ctx);
  c.timeout = m.get_duration("timeout").value_or(0);
  c.timeout_fails = *m.get_choice("on_timeout") == "fail";
  return c;
}

}  // namespace

DurableConfig read_durable(const MapView& function, const ReadContext& ctx) {
  DurableConfig c;
  const doc::Node* node = function.get("durable");
  // `durable: false` (e.g. --set functions.x.durable=false) turns it off: a
  // section cannot be unset by a null value.
  if (node == nullptr || (node->is_scalar() && node->text() == "false")) return c;
  const MapView m(*node, function.path_of("durable"), kSection);
  if (const auto compute = function.get_choice("compute"); compute != "on-demand")
    function.fail_at(
        "durable",
        "durable functions need compute: on-demand in lambdasim (got compute: " + *compute + ")");
  c.enabled = true;
  c.steps = read_steps(m);
  c.callback = read_callback(m, ctx);
  // The waits between steps are timers (`wait`) or callbacks, not both.
  if (!c.callback.enabled) {
    if (m.get("wait") == nullptr)
      m.fail_at("wait",
                "missing required key 'wait' (timer waits between steps); or give `callback` "
                "(the waits are callbacks)");
    c.wait = read_dist(m.need("wait"), m.path_of("wait"), ctx);
  } else if (m.get("wait") != nullptr) {
    m.fail_at("wait",
              "give either `wait` (timer waits) or `callback` (the waits are callbacks), "
              "not both");
  }
  c.retry = read_retry(m);
  c.execution_timeout = *m.get_duration("execution_timeout");
  c.retention = *m.get_duration("retention");
  c.start_kb = read_kb_or_zero(m, "start_kb");
  c.checkpoint_kb = read_kb_or_zero(m, "checkpoint_kb");
  return c;
}

void check_durable_workloads(const Scenario& s, const doc::Node& root) {
  for (std::size_t i = 0; i < s.workloads.size(); ++i) {
    const WorkloadConfig& w = s.workloads[i];
    const FunctionConfig& f = s.functions[w.function];
    if (!f.durable->enabled) continue;
    if (w.invocation == Invocation::Async && w.source->type == SourceConfig::Type::None) continue;
    const doc::Node& item = root.find("workloads")->items()[i];
    const bool sourced = w.source->type != SourceConfig::Type::None;
    const doc::Node* at = item.find(sourced ? "source" : "invocation");
    fail(at != nullptr ? *at : item,
         item_path("workloads", i) + (sourced ? ".source" : ".invocation"),
         "function '" + f.name +
             "' is durable: lambdasim starts durable executions from asynchronous events only; "
             "use `invocation: async` without a source");
  }
}

}  // namespace ls::models::detail
