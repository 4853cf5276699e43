// Reads the multi-concurrency compute settings (functions.<name>.compute,
// .managed_instances, .web) against the platform defaults
// (platform.managed_instances, platform.web) and the instance price table,
// and checks what AWS allows: 1-1,600 requests per environment, 2-8 GB per
// vCPU, an environment that fits its instance, a known instance type.
#include <algorithm>
#include <cmath>

#include "models/compute.hpp"
#include "models/config/instance_table_file.hpp"
#include "models/config/scenario_sections.hpp"

namespace ls::models::detail {
namespace {

const doc::Node* child(const doc::Node& n, std::string_view key) {
  const doc::Node* c = n.is_map() ? n.find(key) : nullptr;
  return c == nullptr || c->is_null() ? nullptr : c;
}

ManagedInstancesDefaults read_mi_defaults(const MapView& m) {
  ManagedInstancesDefaults d;
  d.instance_prices = *m.get_string("instance_prices");
  d.instance_type = *m.get_string("instance_type");
  d.vcpus = static_cast<int>(*m.get_int("vcpus"));
  d.memory_mb = static_cast<int>(*m.get_int("memory_mb"));
  d.concurrency_per_vcpu = static_cast<int>(*m.get_int("concurrency_per_vcpu"));
  d.min_environments = static_cast<int>(*m.get_int("min_environments"));
  d.max_environments = static_cast<int>(*m.get_int("max_environments"));
  d.availability_zones = static_cast<int>(*m.get_int("availability_zones"));
  d.os_reserved_vcpus = *m.get_number("os_reserved_vcpus");
  d.os_reserved_memory_mb = static_cast<int>(*m.get_int("os_reserved_memory_mb"));
  d.target_utilization = *m.get_number("target_utilization");
  d.metric_period = *m.get_duration("metric_period");
  d.scale_out_delay = *m.get_duration("scale_out_delay");
  d.scale_in_delay = *m.get_duration("scale_in_delay");
  d.launch_delay = *m.get_duration("launch_delay");
  d.scale_out_rate = static_cast<int>(*m.get_int("scale_out_rate"));
  d.scale_in_rate = static_cast<int>(*m.get_int("scale_in_rate"));
  d.doubling_window = *m.get_duration("doubling_window");
  return d;
}

WebDefaults read_web_defaults(const MapView& m) {
  WebDefaults d;
  d.vcpus = static_cast<int>(*m.get_int("vcpus"));
  d.memory_mb = static_cast<int>(*m.get_int("memory_mb"));
  d.max_concurrency = static_cast<int>(*m.get_int("max_concurrency"));
  d.max_environments = static_cast<int>(*m.get_int("max_environments"));
  d.rate_limit = *m.get_rate("rate_limit");
  return d;
}

// What a non-on-demand function may not combine with (not modelled).
void check_unsupported(const Scenario& s, std::size_t f, const doc::Node& fn,
                       const std::string& path, const std::string& kind) {
  for (std::string_view key : {"provisioned_concurrency", "reserved_concurrency"}) {
    if (const doc::Node* n = child(fn, key))
      fail(*n, child_path(path, key), "not available with compute: " + kind);
  }
  if (s.functions[f].snapstart->enabled)
    fail(*child(fn, "snapstart"), child_path(path, "snapstart"),
         "not available with compute: " + kind);
  for (std::size_t w = 0; w < s.workloads.size(); ++w) {
    const WorkloadConfig& wl = s.workloads[w];
    if (wl.function != f) continue;
    if (wl.invocation == Invocation::Async || wl.source->type != SourceConfig::Type::None)
      fail(*child(fn, "compute"), child_path(path, "compute"),
           kind + " is simulated for synchronous requests only; workloads[" + std::to_string(w) +
               "] is " + (wl.invocation == Invocation::Async ? "async" : "an event source"));
  }
}

void resolve_managed(FunctionConfig& c, const doc::Node& fn, const std::string& path,
                     const ManagedInstancesDefaults& d, const InstanceTable& table,
                     const doc::Node& platform_node) {
  static const doc::Node kEmpty = [] {
    doc::Node n;
    n.make_map();
    return n;
  }();
  const doc::Node* block = child(fn, "managed_instances");
  const std::string bpath = child_path(path, "managed_instances");
  const MapView m(block != nullptr ? *block : kEmpty, bpath, "functions.<name>.managed_instances");
  ManagedInstancesConfig& mi = c.managed.edit();
  const auto type_name = m.get_string("instance_type");
  const std::string type = type_name.value_or(d.instance_type);
  const auto it = table.types.find(type);
  if (it == table.types.end()) {
    std::string names;
    for (const auto& [n, _] : table.types) names += (names.empty() ? "" : ", ") + n;
    const doc::Node* at = m.get("instance_type");
    const doc::Node& where = at != nullptr ? *at : *child(platform_node, "instance_type");
    fail(where,
         at != nullptr ? m.path_of("instance_type") : "platform.managed_instances.instance_type",
         "unknown instance type '" + type + "' in instance price table '" + table.name +
             "'; available: " + names);
  }
  mi.instance = it->second;
  mi.management_fee = table.management_fee;
  mi.savings_plan = *m.get_choice("price") == "savings-plan";
  if (mi.savings_plan && !mi.instance.discounted_usd_per_hour)
    m.fail_at("price", "instance type '" + type + "' has no discounted price in table '" +
                           table.name + "'; use price: on-demand");
  mi.vcpus = static_cast<int>(m.get_int("vcpus").value_or(d.vcpus));
  mi.memory_mb = static_cast<int>(m.get_int("memory_mb").value_or(d.memory_mb));
  const double gb_per_vcpu = mi.memory_mb / 1024.0 / mi.vcpus;
  if (gb_per_vcpu < 2.0 || gb_per_vcpu > 8.0) {
    const bool memory_given = m.get("memory_mb") != nullptr;
    const std::string what = std::to_string(mi.memory_mb) + " MB for " + std::to_string(mi.vcpus) +
                             " vCPU is " + std::to_string(gb_per_vcpu).substr(0, 4) +
                             " GB per vCPU; allowed: 2 to 8 GB per vCPU";
    if (memory_given) m.fail_at("memory_mb", what);
    if (m.get("vcpus") != nullptr) m.fail_at("vcpus", what);
    fail(*child(platform_node, "memory_mb"), "platform.managed_instances.memory_mb", what);
  }
  mi.max_concurrency =
      static_cast<int>(m.get_int("max_concurrency")
                           .value_or(static_cast<std::int64_t>(d.concurrency_per_vcpu) * mi.vcpus));
  if (mi.max_concurrency < 1 || mi.max_concurrency > 1600)
    fail(m.get("vcpus") != nullptr ? *m.get("vcpus") : fn, m.path_of("max_concurrency"),
         std::to_string(mi.max_concurrency) +
             " (concurrency_per_vcpu x vcpus) is out of range; allowed: 1 to 1600");
  // lambdasim runs only synchronous requests on Managed Instances
  // (check_unsupported), and a synchronous invocation stops at 900 s
  // whatever the function's timeout (up to 5,400 s for the asynchronous and
  // event-source invocations it does not simulate here).
  c.timeout = std::min(c.timeout, kMaxSyncTimeout);
  mi.min_environments =
      static_cast<int>(m.get_int("min_environments").value_or(d.min_environments));
  mi.max_environments =
      static_cast<int>(m.get_int("max_environments").value_or(d.max_environments));
  if (mi.max_environments < std::max(1, mi.min_environments))
    fail(m.get("max_environments") != nullptr ? *m.get("max_environments") : fn,
         m.path_of("max_environments"),
         std::to_string(mi.max_environments) + " must be >= min_environments (" +
             std::to_string(mi.min_environments) + ") and >= 1");
  mi.availability_zones = d.availability_zones;
  mi.environments_per_instance = environments_per_instance(
      mi.instance, mi.vcpus, mi.memory_mb, d.os_reserved_vcpus, d.os_reserved_memory_mb);
  if (mi.environments_per_instance < 1)
    fail(block != nullptr ? *block : fn, bpath,
         "an environment of " + std::to_string(mi.vcpus) + " vCPU / " +
             std::to_string(mi.memory_mb) + " MB does not fit on " + type + " (" +
             std::to_string(mi.instance.vcpus) + " vCPU / " +
             std::to_string(mi.instance.memory_mb) + " MB, OS share " +
             std::to_string(d.os_reserved_memory_mb) + " MB)");
  mi.manual = *m.get_choice("mode") == "manual";
  const auto envs = m.get_int("environments");
  const auto instances = m.get_int("instances");
  if (mi.manual) {
    if (envs.has_value() == instances.has_value())
      fail(block != nullptr ? *block : fn, m.path_of("mode"),
           "mode: manual needs exactly one of environments or instances");
    if (instances) {
      mi.instances = static_cast<int>(*instances);
      mi.environments = mi.instances * mi.environments_per_instance;
    } else {
      mi.environments = static_cast<int>(*envs);
    }
  } else {
    for (std::string_view k : {"environments", "instances"})
      if (m.get(k) != nullptr) m.fail_at(k, "only with mode: manual");
  }
  mi.target_utilization = m.get_number("target_utilization").value_or(d.target_utilization);
  mi.metric_period = d.metric_period;
  mi.scale_out_delay = m.get_duration("scale_out_delay").value_or(d.scale_out_delay);
  mi.scale_in_delay = m.get_duration("scale_in_delay").value_or(d.scale_in_delay);
  mi.launch_delay = d.launch_delay;
  mi.scale_out_rate = static_cast<int>(m.get_int("scale_out_rate").value_or(d.scale_out_rate));
  mi.scale_in_rate = static_cast<int>(m.get_int("scale_in_rate").value_or(d.scale_in_rate));
  mi.doubling_window = d.doubling_window;
}

void resolve_web(FunctionConfig& c, const doc::Node& fn, const std::string& path,
                 const WebDefaults& d, const InstanceTable& table) {
  static const doc::Node kEmpty = [] {
    doc::Node n;
    n.make_map();
    return n;
  }();
  const doc::Node* block = child(fn, "web");
  const MapView m(block != nullptr ? *block : kEmpty, child_path(path, "web"),
                  "functions.<name>.web");
  WebConfig& w = c.web.edit();
  w.vcpus = d.vcpus;
  w.memory_mb = d.memory_mb;
  w.max_concurrency = static_cast<int>(m.get_int("max_concurrency").value_or(d.max_concurrency));
  w.max_environments = static_cast<int>(m.get_int("max_environments").value_or(d.max_environments));
  w.rate_limit = m.get_rate("rate_limit").value_or(d.rate_limit);
  w.rates_published = table.web.published;
  w.usd_per_vcpu_second = table.web.usd_per_vcpu_second;
  w.usd_per_gb_second = table.web.usd_per_gb_second;
  w.request_usd_per_million = table.web.request_usd_per_million;
}

}  // namespace

void resolve_compute(Scenario& s, const doc::Node& root, const std::string& data_dir) {
  const doc::Node* platform = child(root, "platform");
  const doc::Node* mi_node = platform != nullptr ? child(*platform, "managed_instances") : nullptr;
  const doc::Node* web_node = platform != nullptr ? child(*platform, "web") : nullptr;
  if (mi_node != nullptr)
    s.platform.managed_instances = read_mi_defaults(
        MapView(*mi_node, "platform.managed_instances", "platform.managed_instances"));
  if (web_node != nullptr)
    s.platform.web = read_web_defaults(MapView(*web_node, "platform.web", "platform.web"));
  std::optional<InstanceTable> table;
  const doc::Node& functions = *child(root, "functions");
  for (std::size_t f = 0; f < s.functions.size(); ++f) {
    FunctionConfig& c = s.functions[f];
    const doc::Node& fn = functions.entries()[f].value;  // s.functions is in entry order
    const std::string path = "functions." + c.name;
    const MapView m(fn, path, "functions.<name>");
    const std::string kind = *m.get_choice("compute");
    if (kind == "on-demand") continue;
    const doc::Node* section = kind == "web" ? web_node : mi_node;
    if (section == nullptr)
      m.fail_at("compute", "preset '" + s.platform.preset + "' has no platform." +
                               (kind == "web" ? "web" : "managed_instances") +
                               " section: the platform it describes predates " + kind);
    check_unsupported(s, f, fn, path, kind);
    if (!table) {
      const doc::Node* prices = mi_node != nullptr ? child(*mi_node, "instance_prices") : nullptr;
      table =
          load_instance_table(s.platform.managed_instances.instance_prices, data_dir,
                              prices != nullptr ? SourceLocation(prices->where) : SourceLocation{});
    }
    if (kind == "web") {
      c.compute = ComputeKind::Web;
      resolve_web(c, fn, path, s.platform.web, *table);
    } else {
      c.compute = ComputeKind::ManagedInstances;
      resolve_managed(c, fn, path, s.platform.managed_instances, *table, *mi_node);
    }
  }
}

}  // namespace ls::models::detail
