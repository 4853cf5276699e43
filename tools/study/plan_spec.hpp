// What `lambdasim plan` is asked: constraints, the objective and the
// decision variables, from the scenario's plan: block and the command line
// (flags replace the block's value of the same setting). See docs/plan.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "models/scenario.hpp"

namespace ls::tools {

// metric (mean + 95 % CI half-width) <= limit.
struct Constraint {
  std::string name;    // for people: "checkout.p99<=500ms", "api throttled<=0.1%"
  std::string metric;  // dotted report path: functions.checkout.latency_ms.p99
  double limit = 0.0;  // in the metric's own unit (ms, fraction, count)
  std::string unit;    // "ms", "%" (fractions shown as percentages) or ""
};

enum class VariableKind { Memory, Architecture, Reserved, Provisioned };

struct Variable {
  std::string function;
  VariableKind kind = VariableKind::Memory;
  std::vector<std::string> values;  // ascending for the numeric kinds
  std::vector<int> numbers;         // the numeric values (empty for architecture)
  // Provisioned only: the step of the function's PC schedule this variable
  // sets (-1: a constant PC), and when that step starts ("8m").
  int window = -1;
  std::string window_at;
  std::string key() const;    // functions.<f>.memory_mb, ...schedule[1].value
  std::string name() const;   // memory_mb, ..., provisioned_concurrency.schedule[1]
  std::string label() const;  // "memory", "arch", "reserved", "PC", "PC from 8m"
  // Larger is never less feasible (reserved and provisioned concurrency).
  bool monotone() const {
    return kind == VariableKind::Reserved || kind == VariableKind::Provisioned;
  }
};

struct PlanSpec {
  std::string scenario_path;
  models::LoadOptions base;   // --set, the load factor, replications; seed, horizon
  models::Scenario scenario;  // the base scenario (with those); variants: models::with_variant
  std::vector<Constraint> constraints;
  std::string objective = "total-cost";  // or cost-per-million
  double load = 1.0;
  int replications = 3;
  std::vector<Variable> variables;
  std::string latency_metric;         // the Pareto front's y axis
  std::size_t max_combinations = 32;  // memory x architecture grid before coarsening
};

// The command line's settings; unset ones fall back to the plan: block.
struct PlanFlags {
  std::vector<std::string> slo;
  std::vector<std::string> memory, architecture, reserved, provisioned;  // "fn=values"
  std::optional<std::string> max_throttle, max_dlq, objective, load;
  std::optional<int> replications;
  std::size_t max_combinations = 32;
};

// Loads the scenario with `opts`, merges the plan: block with `flags` and
// checks everything; throws ls::Error naming the flag or plan.* key.
PlanSpec make_plan_spec(const std::string& path, models::LoadOptions opts, const PlanFlags& flags);

// "checkout.p99<=500ms", "total.p95<=1s", "api.cold_start_ratio<=1%",
// "api.throttle_rate<=0.1%". Throws ls::Error at `where`.
Constraint parse_slo(std::string_view text, const models::Scenario& scenario,
                     const SourceLocation& where, const std::string& key_path);

}  // namespace ls::tools
