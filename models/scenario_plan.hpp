// The `plan:` block of a scenario: what `lambdasim plan` searches and the
// constraints it must meet (docs/plan.md). The simulation never reads it.
// The loader checks the block's keys against the key table (unknown keys,
// unknown functions, types) and keeps each value as written, with its
// location; tools/plan_* interprets the text (SLO expressions, "0.1%",
// "1.5x", ranges such as "0..200"), so that the command line and the block
// share one parser and every error still names file:line:col.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/error.hpp"

namespace ls::models {

struct PlanText {
  std::string text;
  SourceLocation where;
  std::string path;  // e.g. "plan.max_throttle"
};

// One decision variable: `plan.functions.<function>.<key>`, where key is
// memory_mb, architecture, reserved_concurrency or provisioned_concurrency.
struct PlanVariable {
  std::string function;
  std::string key;
  std::vector<std::string> values;  // a YAML list's items, or one item (a range "lo..hi")
  SourceLocation where;
  std::string path;
};

struct PlanConfig {
  bool present = false;  // the scenario has a plan: block
  std::vector<PlanText> slo;
  std::optional<PlanText> max_throttle;
  std::optional<PlanText> max_dlq;
  std::optional<PlanText> load;
  std::string objective = "total-cost";  // or cost-per-million
  std::optional<int> replications;
  std::vector<PlanVariable> variables;
};

}  // namespace ls::models
