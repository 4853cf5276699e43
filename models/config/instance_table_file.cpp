// Loader for scenarios/prices/instances/<name>.yaml (see instance_table.hpp).
// Its keys are the "instances" sections of the configuration key table
// (scenario_keys.cpp); it is parsed by the same YAML walker as a scenario.
#include "models/config/instance_table_file.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string_view>

#include "models/config/scenario_fields.hpp"
#include "models/config/scenario_keys.hpp"
#include "models/config/yaml_file.hpp"

namespace ls::models {
namespace {

namespace fs = std::filesystem;
using detail::child_path;

constexpr std::string_view kTypeRow = "instances.instance_types.<name>";
constexpr std::string_view kWeb = "instances.web_functions";

// Fails on any key of `map` that section `section` does not declare.
void check_keys(const doc::Node& map, const std::string& path, std::string_view section) {
  const std::vector<std::string_view>& allowed = keys::keys_of(section);
  for (const auto& e : map.entries()) {
    if (std::find(allowed.begin(), allowed.end(), e.key) != allowed.end()) continue;
    const std::string_view guess = keys::closest(e.key, allowed);
    throw Error(e.where, child_path(path, e.key),
                "unknown key" +
                    (guess.empty() ? "" : " (did you mean '" + std::string(guess) + "'?)") +
                    "; allowed: " + keys::join(allowed));
  }
}

// A number within the key's range (">0.." or "0..").
double number(const doc::Node& map, const std::string& path, std::string_view section,
              std::string_view key) {
  const keys::KeySpec* spec = keys::find(section, key);
  const std::string p = child_path(path, key);
  const bool positive = spec->range.starts_with(">");
  const std::string allowed = positive ? "a number > 0" : "a number >= 0";
  const doc::Node* n = map.find(key);
  if (n == nullptr) throw Error(map.where, p, "missing field; expected " + allowed);
  const auto v = n->is_scalar() ? detail::parse_number(n->text()) : std::nullopt;
  if (!v || *v < 0 || (positive && *v == 0))
    throw Error(n->where, p, "'" + (n->is_scalar() ? n->text().str() : "?") + "' is not " + allowed);
  return *v;
}

bool flag(const doc::Node& map, const std::string& path, std::string_view key) {
  const doc::Node* n = map.find(key);
  if (n == nullptr || n->is_null()) return keys::find(kWeb, key)->value == "true";
  if (!n->is_scalar() || (n->text() != "true" && n->text() != "false"))
    throw Error(n->where, child_path(path, key), doc::describe(*n) + " is not true or false");
  return n->text() == "true";
}

}  // namespace

InstanceTable load_instance_table(const std::string& name, const std::string& data_dir,
                                  const SourceLocation& referenced_at) {
  const fs::path dir = fs::path(data_dir) / "prices" / "instances";
  const fs::path path = dir / (name + ".yaml");
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    std::string available;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().extension() == ".yaml")
        available += (available.empty() ? "" : ", ") + e.path().stem().string();
    throw Error(referenced_at, "platform.managed_instances.instance_prices",
                "unknown instance price table '" + name +
                    "'; available: " + (available.empty() ? "none" : available));
  }
  const std::string file = path.string();
  const doc::Node root =
      detail::read_yaml_file(file, referenced_at, "platform.managed_instances.instance_prices");
  if (!root.is_map()) throw Error(SourceLocation{file, 1, 1}, "", "expected a mapping");
  check_keys(root, "", keys::kInstanceTable);
  InstanceTable t;
  t.name = name;
  t.file = file;
  const doc::Node* date = root.find("effective_date");
  t.effective_date = date != nullptr && date->is_scalar() ? date->text().str() : "";
  t.management_fee = number(root, "", keys::kInstanceTable, "management_fee");
  const doc::Node* types = root.find("instance_types");
  if (types == nullptr || !types->is_map() || types->entries().empty())
    throw Error(types != nullptr ? types->where : root.where, "instance_types",
                "expected a mapping of instance types");
  for (const auto& e : types->entries()) {
    const std::string row_path = "instance_types." + e.key;
    const doc::Node& row = e.value;
    if (!row.is_map()) throw Error(row.where, row_path, "expected a mapping");
    check_keys(row, row_path, kTypeRow);
    InstanceType it;
    it.name = e.key;
    const double vcpus = number(row, row_path, kTypeRow, "vcpus");
    const double memory = number(row, row_path, kTypeRow, "memory_mb");
    if (vcpus != std::floor(vcpus) || memory != std::floor(memory) || vcpus > 1e6 || memory > 1e9)
      throw Error(row.where, row_path, "vcpus and memory_mb must be whole numbers");
    it.vcpus = static_cast<int>(vcpus);
    it.memory_mb = static_cast<int>(memory);
    it.on_demand_usd_per_hour = number(row, row_path, kTypeRow, "on_demand_usd_per_hour");
    if (row.find("discounted_usd_per_hour") != nullptr)
      it.discounted_usd_per_hour = number(row, row_path, kTypeRow, "discounted_usd_per_hour");
    t.types.emplace(it.name, it);
  }
  if (const doc::Node* web = root.find("web_functions"); web != nullptr && !web->is_null()) {
    const std::string web_path = "web_functions";
    if (!web->is_map()) throw Error(web->where, web_path, "expected a mapping");
    check_keys(*web, web_path, kWeb);
    t.web.published = flag(*web, web_path, "published");
    t.web.usd_per_vcpu_second = number(*web, web_path, kWeb, "usd_per_vcpu_second");
    t.web.usd_per_gb_second = number(*web, web_path, kWeb, "usd_per_gb_second");
    t.web.request_usd_per_million = number(*web, web_path, kWeb, "request_usd_per_million");
  }
  return t;
}

}  // namespace ls::models
