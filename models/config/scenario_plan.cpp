// Reads the `plan:` block: keys checked against the key table, values kept
// as text with their locations for tools/plan_* to interpret.
#include <algorithm>

#include "models/config/scenario_sections.hpp"

namespace ls::models::detail {
namespace {

PlanText text_of(const doc::Node& node, const std::string& path) {
  return PlanText{to_string(node, path), node.where, path};
}

// A list of scalars, or one scalar (a range such as 0..200, or one value).
std::vector<std::string> scalars(const doc::Node& node, const std::string& path) {
  std::vector<std::string> out;
  if (node.is_list()) {
    if (node.items().empty()) fail(node, path, "expected at least one value, got an empty list");
    for (std::size_t i = 0; i < node.items().size(); ++i)
      out.push_back(to_string(node.items()[i], item_path(path, i)));
  } else {
    out.push_back(to_string(node, path));
  }
  return out;
}

void read_variables(const MapView& plan, const std::vector<FunctionConfig>& functions,
                    PlanConfig& out) {
  const doc::Node* table = plan.get("functions");
  if (table == nullptr) return;
  const std::string path = plan.path_of("functions");
  if (!table->is_map()) {
    fail(*table, path, "expected a mapping of function names, got " + doc::describe(*table));
  }
  std::vector<std::string_view> names;
  for (const auto& f : functions) names.push_back(f.name);
  for (const auto& e : table->entries()) {
    const std::string fpath = child_path(path, e.key);
    if (std::find(names.begin(), names.end(), e.key) == names.end()) {
      std::string message = "no function named '" + e.key + "'";
      if (auto guess = keys::closest(e.key, names); !guess.empty())
        message += "; did you mean '" + std::string(guess) + "'?";
      throw Error(e.where, fpath, message + " (functions: " + keys::join(names) + ")");
    }
    const MapView f(e.value, fpath, "plan.functions.<name>");
    for (const auto& v : e.value.entries()) {
      if (v.value.is_null()) continue;
      const std::string vpath = f.path_of(v.key);
      out.variables.push_back(
          PlanVariable{e.key, v.key, scalars(v.value, vpath), v.value.where, vpath});
    }
  }
}

}  // namespace

PlanConfig read_plan(const doc::Node& node, const std::vector<FunctionConfig>& functions) {
  const MapView m(node, "plan", "plan");
  PlanConfig p;
  p.present = true;
  if (const doc::Node* slo = m.get("slo")) {
    const auto items = scalars(*slo, m.path_of("slo"));
    for (std::size_t i = 0; i < items.size(); ++i) {
      const doc::Node& at = slo->is_list() ? slo->items()[i] : *slo;
      p.slo.push_back(PlanText{items[i], at.where,
                               slo->is_list() ? item_path(m.path_of("slo"), i) : m.path_of("slo")});
    }
  }
  for (const char* key : {"max_throttle", "max_dlq", "load"}) {
    const doc::Node* n = m.get(key);
    if (n == nullptr) continue;
    if (std::string_view(key) == "max_dlq") m.get_int(key);  // range check
    PlanText t = text_of(*n, m.path_of(key));
    if (std::string_view(key) == "max_throttle") p.max_throttle = t;
    if (std::string_view(key) == "max_dlq") p.max_dlq = t;
    if (std::string_view(key) == "load") p.load = t;
  }
  p.objective = *m.get_choice("objective");
  if (const auto r = m.get_int("replications")) p.replications = static_cast<int>(*r);
  read_variables(m, functions, p);
  return p;
}

}  // namespace ls::models::detail
