// The answer of `lambdasim plan`: the recommended configuration with its
// cost and latency (95 % CIs), each constraint's value and slack, the
// binding constraint, the Pareto front of cost against latency, and what
// was ruled out and why; when nothing is feasible, the closest
// configurations. As a table (text) and as JSON (schema lambdasim.plan/1).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/study/plan_search.hpp"
#include "tools/study/plan_spec.hpp"

namespace ls::tools {

std::string plan_table(const PlanSpec& spec, const PlanResult& result);
std::string plan_json(const PlanSpec& spec, const PlanResult& result);

// The pieces the table, the JSON and the HTML page (plan_html) share.

// Why a configuration fails: "api.p99<=500ms: 612.0 ± 20.0 ms (upper 632.0)",
// violations worst first, "; "-separated.
std::string why_ruled_out(const PlanSpec& spec, const Evaluation& e);

// A constraint's value ± CI, its limit, its slack in its own unit.
std::string constraint_value_text(const Constraint& c, const ConstraintResult& r);
std::string constraint_limit_text(const Constraint& c);
// The upper end of the 95 % CI: "632.0 ms", "0.120 %".
std::string constraint_upper_text(const Constraint& c, const ConstraintResult& r);
std::string constraint_slack_text(const Constraint& c, const ConstraintResult& r);

// The constraint that stops a cheaper or smaller answer, and the evaluated
// configuration that fails it (see docs/plan.md); both unset when none.
struct Binding {
  std::optional<std::size_t> constraint;
  std::optional<std::size_t> evaluation;
};
Binding binding_constraint(const PlanSpec& spec, const PlanResult& result);

// When nothing is feasible: the evaluations nearest to feasible, closest first.
std::vector<std::size_t> closest_configurations(const PlanSpec& spec, const PlanResult& result);

// The "ruled out" rows: the best of every other combination, then the
// failed configurations from the most expensive down; each {configuration,
// cost, reason}. At most `limit` rows.
std::vector<std::vector<std::string>> ruled_out_rows(const PlanSpec& spec, const PlanResult& result,
                                                     std::size_t limit);

// A latency metric for people: "functions.api.latency_ms.p99" → "api p99
// latency", "totals.latency_ms.p95" → "all functions' p95 latency".
std::string latency_label(const std::string& metric);

// "$0.0123" below $10, "$12.34" above, grouped from $1,000.
std::string plan_money(double usd);

// A configuration's cost in a month of 730 h, as `run` projects it: the
// cost over the horizon x cost_usd.month_factor (1 when the scenario bills
// a month already, platform.billing.project_to: month); and per 1M requests
// (the cost over the requests that arrived after warm-up, as the
// cost-per-million objective).
struct CostViews {
  double month = 0.0, month_ci = 0.0;
  double per_million = 0.0, per_million_ci = 0.0;
};
CostViews cost_views(const Evaluation& e);
// "$112.45/month"
std::string monthly_money(const Evaluation& e);

// "api: 1024 MB, arm64, reserved 18, PC 5; worker: 512 MB" (variables only).
std::string describe_choice(const PlanSpec& spec, const Choice& choice);

}  // namespace ls::tools
