// Reads one function: memory, timeout, concurrency settings, INIT and
// execution-time distributions, errors.
#include <algorithm>

#include "models/config/scenario_sections.hpp"

namespace ls::models::detail {
namespace {

constexpr std::string_view kPcSection = "functions.<name>.provisioned_concurrency";

bool valid_function_name(std::string_view name) {
  // Lambda's own rule, and it keeps --set paths (dot-separated) unambiguous.
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

ProvisionedConfig read_schedule(const MapView& m) {
  ProvisionedConfig pc;
  const doc::Node& list = m.need("schedule");
  const std::string path = m.path_of("schedule");
  if (!list.is_list() || list.items().empty()) {
    fail(list, path,
         "expected a list of {at, value} steps, got " +
             (list.is_list() ? std::string("an empty list") : doc::describe(list)));
  }
  for (std::size_t i = 0; i < list.items().size(); ++i) {
    const MapView step(list.items()[i], item_path(path, i),
                       "functions.<name>.provisioned_concurrency.schedule[]");
    const ProvisionedConfig::Step s{*step.get_duration("at"),
                                    static_cast<int>(*step.get_int("value"))};
    if (!pc.schedule.empty() && s.at <= pc.schedule.back().at) {
      step.fail_at("at", step.need("at").text() + " is not after the previous step (" +
                             list.items()[i - 1].find("at")->text() +
                             "); list steps in time order");
    }
    pc.schedule.push_back(s);
  }
  return pc;
}

ProvisionedConfig read_tracking(const MapView& m) {
  ProvisionedConfig pc;
  pc.tracking = true;
  pc.target_utilization = *m.get_number("target_utilization");
  m.need("max");
  pc.min = static_cast<int>(*m.get_int("min"));
  pc.max = static_cast<int>(*m.get_int("max"));
  if (pc.max < pc.min) {
    m.fail_at("max", "max (" + std::to_string(pc.max) + ") must be >= min (" +
                         std::to_string(pc.min) + ")");
  }
  pc.scale_out_delay = *m.get_duration("scale_out_delay");
  pc.scale_in_delay = *m.get_duration("scale_in_delay");
  return pc;
}

ProvisionedConfig read_provisioned(const doc::Node& node, const std::string& path,
                                   const keys::KeySpec& spec) {
  ProvisionedConfig pc;
  if (node.is_scalar()) {
    const auto value = static_cast<int>(to_int(node, path, spec));
    if (value > 0) pc.schedule.push_back({0, value});
    return pc;
  }
  if (!node.is_map()) {
    fail(node, path,
         "expected a number, {schedule: [{at, value}, ...]} or {target_utilization, min, max}, "
         "got " +
             doc::describe(node));
  }
  const MapView m(node, path, kPcSection);
  const bool schedule = m.get("schedule") != nullptr;
  const bool tracking = m.get("target_utilization") != nullptr;
  if (schedule == tracking) {
    fail(node, path,
         schedule ? "give either schedule or target_utilization, not both"
                  : "give a schedule: [{at, value}, ...] or target_utilization (target tracking)");
  }
  if (schedule) {
    for (std::string_view k : {"min", "max", "scale_out_delay", "scale_in_delay"}) {
      if (m.get(k) != nullptr) {
        m.fail_at(k, "key '" + std::string(k) +
                         "' is for target tracking; a schedule takes: schedule, allocation_delay");
      }
    }
  }
  pc = schedule ? read_schedule(m) : read_tracking(m);
  pc.allocation_delay = *m.get_duration("allocation_delay");
  return pc;
}

MemoryAwareDuration read_memory_aware(const doc::Node& node, const std::string& path,
                                      const ReadContext& ctx) {
  const MapView m(node, path, "functions.<name>.duration");
  MemoryAwareDuration d;
  d.at_memory_mb = static_cast<int>(*m.get_int("at_memory_mb"));
  d.cpu = read_dist(m.need("cpu"), m.path_of("cpu"), ctx);
  if (const doc::Node* io = m.get("io")) d.io = read_dist(*io, m.path_of("io"), ctx);
  d.threads = static_cast<int>(*m.get_int("threads"));
  d.at_architecture =
      *m.get_choice("at_architecture") == "arm64" ? Architecture::Arm64 : Architecture::X86_64;
  d.arm64_factor = *m.get_number("arm64_factor");
  d.init_cpu_fraction = m.get_number("init_cpu_fraction");
  return d;
}

// AWS (tenant-isolation.html): "not supported with function URLs,
// provisioned concurrency, SnapStart"; Managed Instances and Web Functions
// share environments between requests by design.
TenantIsolation read_tenant_isolation(const MapView& f, const doc::Node& node) {
  const MapView m(node, f.path_of("tenant_isolation"), "functions.<name>.tenant_isolation");
  TenantIsolation t;
  m.need("tenants");
  t.tenants = static_cast<int>(*m.get_int("tenants"));
  const std::string distribution = *m.get_choice("distribution");
  m.check_applies("distribution", distribution);
  if (distribution == "zipf") {
    t.distribution = TenantIsolation::Distribution::Zipf;
    t.zipf_exponent = *m.get_number("exponent");
  }
  if (f.get("provisioned_concurrency") != nullptr)
    f.fail_at("tenant_isolation",
              "tenant isolation does not work with provisioned_concurrency (AWS does not "
              "support the two together); remove one of them");
  if (const auto compute = f.get_choice("compute"); compute != "on-demand")
    f.fail_at("tenant_isolation",
              "tenant isolation needs compute: on-demand (got compute: " + *compute + ")");
  return t;
}

bool is_memory_aware(const doc::Node& node) {
  if (!node.is_map() || node.find("dist") != nullptr) return false;
  return std::any_of(node.entries().begin(), node.entries().end(), [](const doc::Entry& e) {
    return keys::find("functions.<name>.duration", e.key) != nullptr;
  });
}

}  // namespace

FunctionConfig read_function(const doc::Entry& entry, const ReadContext& ctx) {
  const std::string path = "functions." + entry.key;
  if (!valid_function_name(entry.key)) {
    throw Error(entry.where, path,
                "'" + entry.key +
                    "' is not a valid function name: use letters, digits, '-' and '_' (1 to 64 "
                    "characters)");
  }
  const MapView f(entry.value, path, "functions.<name>");
  FunctionConfig c;
  c.name = entry.key;
  // Each key is read on its own, so that a function with several mistakes
  // gets an error for each (listed in file order), not only its first.
  ErrorList errors;
  errors.read([&] { c.memory_mb = static_cast<int>(*f.get_int("memory_mb")); });
  errors.read([&] {
    c.architecture =
        *f.get_choice("architecture") == "arm64" ? Architecture::Arm64 : Architecture::X86_64;
  });
  errors.read([&] {
    // At most 900 s; up to 5,400 s with Managed Instances (for their async
    // and event-source invocations). The range checked, a bare number's
    // suggested unit and the message follow the compute kind.
    keys::KeySpec timeout = f.spec("timeout");
    if (*f.get_choice("compute") != "managed-instances") {
      timeout.range = "1s..900s";
      timeout.allowed = "1s to 900s; up to 5400s with compute: managed-instances";
    }
    c.timeout = *f.get_duration("timeout", timeout);
  });
  errors.read([&] { c.ephemeral_mb = static_cast<int>(*f.get_int("ephemeral_mb")); });
  errors.read([&] {
    if (const auto r = f.get_int("reserved_concurrency"))
      c.reserved_concurrency = static_cast<int>(*r);
  });
  errors.read([&] {
    if (const doc::Node* pc = f.get("provisioned_concurrency")) {
      c.provisioned.set(read_provisioned(*pc, f.path_of("provisioned_concurrency"),
                                         f.spec("provisioned_concurrency")));
    }
  });
  errors.read([&] { c.init = read_dist(f.need("init"), f.path_of("init"), ctx); });
  errors.read([&] {
    const doc::Node& duration = f.need("duration");
    if (is_memory_aware(duration)) {
      // INIT measured at at_memory_mb; rescaled by the loader.
      c.memory_aware.set(read_memory_aware(duration, f.path_of("duration"), ctx)).init = c.init;
    } else {
      c.duration = read_dist(duration, f.path_of("duration"), ctx);
    }
  });
  // Blocks left out (or turned off) stay unset: they read as the defaults.
  errors.read([&] {
    if (SnapStartConfig snapstart = read_snapstart(f, ctx, c.provisioned->enabled());
        snapstart.enabled)
      c.snapstart.set(std::move(snapstart));
  });
  errors.read([&] {
    if (const doc::Node* rates = f.get("errors")) {
      const MapView e(*rates, f.path_of("errors"), "functions.<name>.errors");
      c.error_rate = *e.get_number("rate");
    }
  });
  // `tenant_isolation: false` (e.g. --set functions.api.tenant_isolation=false)
  // turns it off: a section cannot be unset by a null value.
  errors.read([&] {
    if (const doc::Node* isolation = f.get("tenant_isolation");
        isolation != nullptr && !(isolation->is_scalar() && isolation->text() == "false"))
      c.tenant_isolation.set(read_tenant_isolation(f, *isolation));
  });
  errors.read([&] {
    if (DurableConfig durable = read_durable(f, ctx); durable.enabled)
      c.durable.set(std::move(durable));
  });
  // (emits are read once every function is: scenario_recursion.cpp)
  errors.read([&] { c.recursion_allowed = *f.get_choice("recursive_loop") == "allow"; });
  errors.throw_if_any(/*in_file_order=*/true);
  return c;
}

}  // namespace ls::models::detail
