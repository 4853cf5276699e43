// Loader for scenarios/prices/instances/<name>.yaml (see instance_table.hpp).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <string_view>

#include "models/instance_table.hpp"

namespace ls::models {
namespace {

namespace fs = std::filesystem;

SourceLocation where(const std::string& file, const YAML::Node& node) {
  const YAML::Mark m = node.Mark();
  if (m.is_null()) return SourceLocation{file, 0, 0};
  return SourceLocation{file, m.line + 1, m.column + 1};
}

void check_keys(const std::string& file, const YAML::Node& map, const std::string& path,
                std::initializer_list<std::string_view> allowed) {
  for (const auto& e : map) {
    const std::string key = e.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    throw Error(where(file, e.first), path.empty() ? key : path + "." + key,
                "unknown key; allowed: " + list);
  }
}

double number(const std::string& file, const YAML::Node& map, const std::string& path,
              std::string_view key, bool positive) {
  const std::string p = path.empty() ? std::string(key) : path + "." + std::string(key);
  const YAML::Node n = map[std::string(key)];
  const std::string allowed = positive ? "a number > 0" : "a number >= 0";
  if (!n.IsDefined()) throw Error(where(file, map), p, "missing field; expected " + allowed);
  double v = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || !std::isfinite(v) || v < 0 ||
      (positive && v == 0))
    throw Error(where(file, n), p, "'" + (n.IsScalar() ? n.Scalar() : "?") + "' is not " + allowed);
  return v;
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
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::Exception& e) {
    throw Error(SourceLocation{file, e.mark.line + 1, e.mark.column + 1}, "", e.msg);
  }
  if (!root.IsMap()) throw Error(SourceLocation{file, 1, 1}, "", "expected a mapping");
  check_keys(file, root, "",
             {"effective_date", "management_fee", "instance_types", "web_functions"});
  InstanceTable t;
  t.name = name;
  t.file = file;
  t.effective_date = root["effective_date"] ? root["effective_date"].Scalar() : "";
  t.management_fee = number(file, root, "", "management_fee", false);
  const YAML::Node types = root["instance_types"];
  if (!types.IsMap() || types.size() == 0)
    throw Error(where(file, root), "instance_types", "expected a mapping of instance types");
  for (const auto& e : types) {
    const std::string path = "instance_types." + e.first.Scalar();
    const YAML::Node& row = e.second;
    if (!row.IsMap()) throw Error(where(file, row), path, "expected a mapping");
    check_keys(file, row, path,
               {"vcpus", "memory_mb", "on_demand_usd_per_hour", "discounted_usd_per_hour"});
    InstanceType it;
    it.name = e.first.Scalar();
    const double vcpus = number(file, row, path, "vcpus", true);
    const double memory = number(file, row, path, "memory_mb", true);
    if (vcpus != std::floor(vcpus) || memory != std::floor(memory))
      throw Error(where(file, row), path, "vcpus and memory_mb must be whole numbers");
    it.vcpus = static_cast<int>(vcpus);
    it.memory_mb = static_cast<int>(memory);
    it.on_demand_usd_per_hour = number(file, row, path, "on_demand_usd_per_hour", false);
    if (row["discounted_usd_per_hour"])
      it.discounted_usd_per_hour = number(file, row, path, "discounted_usd_per_hour", false);
    t.types.emplace(it.name, it);
  }
  if (const YAML::Node web = root["web_functions"]) {
    check_keys(
        file, web, "web_functions",
        {"published", "usd_per_vcpu_second", "usd_per_gb_second", "request_usd_per_million"});
    t.web.published = web["published"] && web["published"].as<bool>(false);
    t.web.usd_per_vcpu_second = number(file, web, "web_functions", "usd_per_vcpu_second", false);
    t.web.usd_per_gb_second = number(file, web, "web_functions", "usd_per_gb_second", false);
    t.web.request_usd_per_million =
        number(file, web, "web_functions", "request_usd_per_million", false);
  }
  return t;
}

}  // namespace ls::models
