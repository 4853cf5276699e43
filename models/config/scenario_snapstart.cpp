// Reads functions.<name>.snapstart and platform.billing.savings_plan, and
// checks what they need from the rest of the scenario: SnapStart does not
// combine with provisioned concurrency or more than 512 MB of /tmp (AWS
// snapstart.html), and its Python/.NET charges and a savings plan's
// discount need rates the price table may not publish for its region.
#include <string>

#include "models/config/scenario_sections.hpp"
#include "models/price_table.hpp"

namespace ls::models::detail {
namespace {

constexpr std::string_view kSection = "functions.<name>.snapstart";

// A Dist key: the value, or the key table's default (a duration text).
sim::Dist dist_or_default(const MapView& m, std::string_view key, const ReadContext& ctx) {
  if (const doc::Node* n = m.get(key)) return read_dist(*n, m.path_of(key), ctx);
  doc::Node d;
  d.set_text(std::string(m.spec(key).value));
  d.where = m.node().where;
  return read_dist(d, m.path_of(key), ctx);
}

std::vector<Time> read_versions(const MapView& m) {
  std::vector<Time> out;
  const doc::Node* list = m.get("versions");
  if (list == nullptr) return out;
  const std::string path = m.path_of("versions");
  if (!list->is_list())
    fail(*list, path, "expected a list of {at: <duration>}, got " + doc::describe(*list));
  for (std::size_t i = 0; i < list->items().size(); ++i) {
    const MapView v(list->items()[i], item_path(path, i), "functions.<name>.snapstart.versions[]");
    const Time at = *v.get_duration("at");
    if (!out.empty() && at <= out.back())
      v.fail_at("at", v.need("at").text() +
                          " is not after the previous version's; list versions in time order");
    out.push_back(at);
  }
  return out;
}

}  // namespace

SnapStartConfig read_snapstart(const MapView& function, const ReadContext& ctx, bool provisioned) {
  SnapStartConfig c;
  const doc::Node* node = function.get("snapstart");
  if (node == nullptr) return c;
  const std::string path = function.path_of("snapstart");
  const MapView m(*node, path, kSection);
  if (*m.get_choice("apply_on") == "none") return c;
  if (provisioned)
    fail(*function.get("provisioned_concurrency"), function.path_of("provisioned_concurrency"),
         "not available with snapstart (" + path +
             "): AWS does not support SnapStart with provisioned concurrency");
  if (const doc::Node* tmp = function.get("ephemeral_mb");
      tmp != nullptr && *function.get_int("ephemeral_mb") > 512)
    fail(*tmp, function.path_of("ephemeral_mb"),
         tmp->text() + " is not available with snapstart (" + path + "): at most 512");
  c.enabled = true;
  const std::string runtime = *m.get_choice("runtime");
  c.runtime = runtime == "python"   ? SnapStartRuntime::Python
              : runtime == "dotnet" ? SnapStartRuntime::DotNet
                                    : SnapStartRuntime::Java;
  c.restore = dist_or_default(m, "restore", ctx);
  c.restore_cold_cache = dist_or_default(m, "restore_cold_cache", ctx);
  c.cache_warm_after = static_cast<int>(*m.get_int("cache_warm_after"));
  c.after_restore = dist_or_default(m, "after_restore", ctx);
  c.versions = read_versions(m);
  c.snapshot_overhead = *m.get_duration("snapshot_overhead");
  return c;
}

SavingsPlanConfig read_savings_plan(const MapView& billing) {
  SavingsPlanConfig c;
  const doc::Node* node = billing.get("savings_plan");
  if (node == nullptr) return c;
  const MapView m(*node, billing.path_of("savings_plan"), "platform.billing.savings_plan");
  c.commitment_usd_per_hour = *m.get_number("commitment_usd_per_hour");
  c.discount = m.get_number("discount");
  return c;
}

void check_price_needs(const Scenario& s, const doc::Node& root) {
  const PriceTable& prices = *s.prices;
  const std::string table = "price table '" + prices.name + "' (" + prices.region + ")";
  const doc::Node& functions = *root.find("functions");  // entries in s.functions' order
  for (std::size_t i = 0; i < s.functions.size(); ++i) {
    const FunctionConfig& f = s.functions[i];
    if (!f.snapstart->charged()) continue;
    if (prices.snapstart_cache_usd_per_gb_s && prices.snapstart_restore_usd_per_gb) continue;
    const doc::Node& runtime = *functions.entries()[i].value.find("snapstart")->find("runtime");
    fail(runtime, "functions." + f.name + ".snapstart.runtime",
         runtime.text() + " SnapStart is charged, but " + table +
             " has no snapstart_cache_usd_per_gb_s / snapstart_restore_usd_per_gb (AWS publishes "
             "them for us-east-1); set them with platform.billing.price_overrides");
  }
  const SavingsPlanConfig& plan = s.platform.billing.savings_plan;
  if (plan.enabled() && !plan.discount && !prices.savings_plan_discount) {
    const doc::Node& where = *root.find("platform")->find("billing")->find("savings_plan");
    fail(where, "platform.billing.savings_plan.discount",
         "required: " + table + " has no savings_plan_discount");
  }
}

}  // namespace ls::models::detail
