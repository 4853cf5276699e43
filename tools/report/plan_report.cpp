#include "tools/report/plan_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "tools/io/json_writer.hpp"
#include "tools/io/number_text.hpp"
#include "tools/report/sweep_report.hpp"

namespace ls::tools {
namespace {

constexpr std::size_t kClosest = 5;
constexpr std::size_t kTableRows = 20;

// A constraint's value in its unit: "412.3 ± 8.1 ms", "0.071 ± 0.010 %".
std::string value_text(const Constraint& c, double mean, double ci) {
  if (c.unit == "ms") return fmt::format("{:.1f} ± {:.1f} ms", mean, ci);
  if (c.unit == "%") return fmt::format("{:.3f} ± {:.3f} %", 100 * mean, 100 * ci);
  return fmt::format("{:.1f} ± {:.1f}", mean, ci);
}

std::string limit_text(const Constraint& c) {
  if (c.unit == "ms") return fmt::format("{:g} ms", c.limit);
  if (c.unit == "%") return fmt::format("{:g} %", 100 * c.limit);
  return fmt::format("{:g}", c.limit);
}

double slack(const Constraint& c, const ConstraintResult& r) {
  return c.limit > 0 ? (c.limit - r.upper()) / c.limit : c.limit - r.upper();
}

// Violated constraints, worst first: "checkout.p99<=500ms: 612.0 ± 20.0 ms".
std::vector<std::size_t> violations(const PlanSpec& spec, const Evaluation& e) {
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < spec.constraints.size(); ++k)
    if (!e.constraints[k].ok) out.push_back(k);
  std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
    return slack(spec.constraints[a], e.constraints[a]) <
           slack(spec.constraints[b], e.constraints[b]);
  });
  return out;
}

}  // namespace

std::string plan_money(double usd) {
  if (std::abs(usd) < 10) return fmt::format("${:.4f}", usd);
  return (usd < 0 ? "-$" : "$") + grouped_number(std::abs(usd), 2);
}

std::string latency_label(const std::string& metric) {
  const std::string marker = ".latency_ms.";
  const std::size_t at = metric.find(marker);
  if (at == std::string::npos) return metric;
  const std::string stat = metric.substr(at + marker.size());
  const std::string owner = metric.substr(0, at);
  if (owner.rfind("functions.", 0) == 0) return owner.substr(10) + " " + stat + " latency";
  return "all functions' " + stat + " latency";
}

CostViews cost_views(const Evaluation& e) {
  CostViews v;
  const auto factor = find_metric(e.metrics, "cost_usd.month_factor");
  const double f = factor ? factor->mean : 1.0;
  v.month = e.cost * f;
  v.month_ci = e.cost_ci * f;
  // As the cost-per-million objective: the bill over the requests it bills.
  const auto arrivals = find_metric(e.metrics, "totals.arrivals");
  const auto per_million = find_metric(e.metrics, "cost_usd.per_million_requests");
  if (arrivals && arrivals->mean > 0 && per_million) {
    v.per_million = per_million->mean;
    v.per_million_ci = per_million->ci95;
  }
  return v;
}

std::string monthly_money(const Evaluation& e) {
  return plan_money(cost_views(e).month) + "/month";
}

std::string constraint_value_text(const Constraint& c, const ConstraintResult& r) {
  return value_text(c, r.mean, r.ci95);
}

std::string constraint_limit_text(const Constraint& c) { return limit_text(c); }

std::string constraint_upper_text(const Constraint& c, const ConstraintResult& r) {
  if (c.unit == "ms") return fmt::format("{:.1f} ms", r.upper());
  if (c.unit == "%") return fmt::format("{:.3f} %", 100 * r.upper());
  return fmt::format("{:.1f}", r.upper());
}

std::string constraint_slack_text(const Constraint& c, const ConstraintResult& r) {
  return c.limit > 0 ? fmt::format("{:.1f} %", 100 * slack(c, r))
                     : fmt::format("{:g}", slack(c, r));
}

std::string why_ruled_out(const PlanSpec& spec, const Evaluation& e) {
  if (!e.conservation_ok) return "request conservation violated (a bug)";
  std::string out;
  for (std::size_t k : violations(spec, e))
    out += (out.empty() ? "" : "; ") + spec.constraints[k].name + ": " +
           value_text(spec.constraints[k], e.constraints[k].mean, e.constraints[k].ci95) +
           " (upper " + constraint_upper_text(spec.constraints[k], e.constraints[k]) + ")";
  return out;
}

// What stops a cheaper or smaller answer: the worst violation of the most
// expensive evaluated configuration that is cheaper than the recommendation;
// failing that, of the recommendation with one reserved or provisioned
// concurrency step less.
Binding binding_constraint(const PlanSpec& spec, const PlanResult& r) {
  Binding b;
  if (!r.recommended) return b;
  const Evaluation& rec = r.evaluations[*r.recommended];
  for (std::size_t i = 0; i < r.evaluations.size(); ++i) {
    const Evaluation& e = r.evaluations[i];
    if (e.feasible || e.objective >= rec.objective) continue;
    if (!b.evaluation || e.objective > r.evaluations[*b.evaluation].objective) b.evaluation = i;
  }
  for (std::size_t v = 0; !b.evaluation && v < spec.variables.size(); ++v) {
    if (!spec.variables[v].monotone() || rec.choice[v] == 0) continue;
    Choice lower = rec.choice;
    --lower[v];
    for (std::size_t i = 0; i < r.evaluations.size(); ++i)
      if (r.evaluations[i].choice == lower && !r.evaluations[i].feasible) b.evaluation = i;
  }
  if (b.evaluation) {
    const auto v = violations(spec, r.evaluations[*b.evaluation]);
    if (!v.empty()) b.constraint = v.front();
  }
  return b;
}

std::vector<std::size_t> closest_configurations(const PlanSpec& spec, const PlanResult& r) {
  std::vector<std::size_t> order(r.evaluations.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return worst_excess(spec, r.evaluations[a]) < worst_excess(spec, r.evaluations[b]);
  });
  if (order.size() > kClosest) order.resize(kClosest);
  return order;
}

namespace {

void json_choice(JsonWriter& w, const PlanSpec& spec, const Evaluation& e) {
  w.key("configuration");
  w.begin_object();
  std::string open;
  for (std::size_t v = 0; v < spec.variables.size(); ++v) {
    const Variable& var = spec.variables[v];
    if (var.function != open) {
      if (!open.empty()) w.end_object();
      w.key(var.function);
      w.begin_object();
      open = var.function;
    }
    w.key(var.name());
    if (var.numbers.empty())
      w.value(var.values[e.choice[v]]);
    else
      w.value(var.numbers[e.choice[v]]);
  }
  if (!open.empty()) w.end_object();
  w.end_object();
  w.array("sets", e.sets);
}

void json_mean_ci(JsonWriter& w, const char* key, double mean, double ci) {
  w.field(key, mean);
  w.field(std::string(key) + "_ci95", ci);
}

void json_evaluation(JsonWriter& w, const PlanSpec& spec, const Evaluation& e) {
  w.begin_object();
  json_choice(w, spec, e);
  json_mean_ci(w, "objective", e.objective, e.objective_ci);
  json_mean_ci(w, "cost_usd", e.cost, e.cost_ci);
  const CostViews v = cost_views(e);
  json_mean_ci(w, "cost_usd_per_month", v.month, v.month_ci);
  json_mean_ci(w, "cost_usd_per_million_requests", v.per_million, v.per_million_ci);
  json_mean_ci(w, "latency_ms", e.latency, e.latency_ci);
  w.field("feasible", e.feasible);
  w.key("constraints");
  w.begin_array();
  for (std::size_t k = 0; k < spec.constraints.size(); ++k) {
    const auto& c = spec.constraints[k];
    const auto& r = e.constraints[k];
    w.begin_object();
    w.field("name", c.name);
    json_mean_ci(w, "value", r.mean, r.ci95);
    w.field("upper", r.upper());
    w.field("limit", c.limit);
    w.field("slack", slack(c, r));
    w.field("ok", r.ok);
    w.end_object();
  }
  w.end_array();
  if (!e.feasible) {
    w.field("why", why_ruled_out(spec, e));
  }
  w.end_object();
}

void json_header(JsonWriter& w, const PlanSpec& spec, const PlanResult& r) {
  w.field("schema", "lambdasim.plan/1");
  w.field("scenario", spec.scenario.name);
  w.field("seed", spec.scenario.seed);
  w.field("replications", spec.replications);
  w.field("horizon_s", sim::to_seconds(spec.scenario.horizon));
  w.field("load", spec.load);
  w.field("objective", spec.objective);
  w.field("latency_metric", spec.latency_metric);
  w.objects("constraints", spec.constraints, [&](const auto& c) {
    w.field("name", c.name);
    w.field("metric", c.metric);
    w.field("limit", c.limit);
  });
  w.objects("variables", spec.variables, [&](const auto& v) {
    w.field("key", v.key());
    w.array("values", v.values);
  });
  w.key("search");
  w.begin_object();
  w.field("combinations", static_cast<std::uint64_t>(r.combinations));
  w.field("coarse", r.coarse);
  w.field("evaluations", static_cast<std::uint64_t>(r.evaluations.size()));
  w.field("batches", static_cast<std::uint64_t>(r.rounds));
  w.end_object();
}

void json_list(JsonWriter& w, const char* key, const PlanSpec& spec, const PlanResult& r,
               const std::vector<std::size_t>& items) {
  w.key(key);
  w.begin_array();
  for (std::size_t i : items) json_evaluation(w, spec, r.evaluations[i]);
  w.end_array();
}

std::string recommended_text(const PlanSpec& spec, const PlanResult& r) {
  const Evaluation& e = r.evaluations[*r.recommended];
  std::string out = "recommended: " + describe_choice(spec, e.choice) + "\n";
  const CostViews v = cost_views(e);
  out += "  cost " + plan_money(v.month) + " ± " + plan_money(v.month_ci) + " per month, " +
         plan_money(v.per_million) + " ± " + plan_money(v.per_million_ci) + " per 1M requests";
  out += spec.scenario.platform.billing.project_to_month
             ? " (billing projected to a month)\n"
             : fmt::format(" ({} ± {} over the {} simulated)\n", plan_money(e.cost),
                           plan_money(e.cost_ci),
                           duration_text(sim::to_seconds(spec.scenario.horizon)));
  for (const auto& f : spec.scenario.functions) {
    const auto p50 = find_metric(e.metrics, "functions." + f.name + ".latency_ms.p50");
    const auto p99 = find_metric(e.metrics, "functions." + f.name + ".latency_ms.p99");
    if (p50 && p99)
      out += fmt::format("  {} latency p50 {:.1f} ± {:.1f} ms, p99 {:.1f} ± {:.1f} ms\n", f.name,
                         p50->mean, p50->ci95, p99->mean, p99->ci95);
  }
  std::vector<std::vector<std::string>> rows{{"  constraint", "value (95% CI)", "limit", "slack"}};
  for (std::size_t k = 0; k < spec.constraints.size(); ++k) {
    const auto& c = spec.constraints[k];
    rows.push_back({"  " + c.name, value_text(c, e.constraints[k].mean, e.constraints[k].ci95),
                    limit_text(c), constraint_slack_text(c, e.constraints[k])});
  }
  if (!spec.constraints.empty()) out += format_rows(rows);
  const Binding b = binding_constraint(spec, r);
  if (b.constraint) {
    const Evaluation& next = r.evaluations[*b.evaluation];
    const Constraint& c = spec.constraints[*b.constraint];
    out +=
        "  binding: " + c.name + " (" + describe_choice(spec, next.choice) + ", " +
        monthly_money(next) + ", fails it: " +
        value_text(c, next.constraints[*b.constraint].mean, next.constraints[*b.constraint].ci95) +
        ")\n";
  } else {
    out +=
        "  binding: none (no cheaper or smaller configuration searched fails a constraint; "
        "the variables' ranges bind)\n";
  }
  return out;
}

std::string pareto_text(const PlanSpec& spec, const PlanResult& r) {
  // Nothing meets the other constraints: no front, not an empty heading.
  if (r.pareto.empty()) return "";
  std::vector<std::vector<std::string>> rows{
      {"  cost/month", latency_label(spec.latency_metric) + " (ms)", "feasible", "configuration"}};
  for (std::size_t i : r.pareto) {
    const Evaluation& e = r.evaluations[i];
    rows.push_back({"  " + plan_money(cost_views(e).month),
                    fmt::format("{:.1f} ± {:.1f}", e.latency, e.latency_ci),
                    e.feasible ? "yes" : "no", describe_choice(spec, e.choice)});
  }
  return "\nPareto front (cost vs latency, among configurations meeting the other "
         "constraints):\n" +
         format_rows(rows, true);
}

std::string ruled_out_text(const PlanSpec& spec, const PlanResult& r) {
  std::vector<std::vector<std::string>> rows{{"  configuration", "cost/month", "why"}};
  for (auto& row : ruled_out_rows(spec, r, kTableRows)) {
    row[0] = "  " + row[0];
    rows.push_back(std::move(row));
  }
  std::size_t infeasible = 0;
  for (const auto& e : r.evaluations) infeasible += e.feasible ? 0 : 1;
  if (rows.size() == 1)
    return fmt::format("\n{} configuration(s) failed a constraint\n", infeasible);
  return "\nruled out:\n" + format_rows(rows, true) +
         fmt::format(
             "  ({} of {} evaluated configurations failed a constraint; --json lists "
             "them)\n",
             infeasible, r.evaluations.size());
}

}  // namespace

std::string describe_choice(const PlanSpec& spec, const Choice& choice) {
  std::string out, open;
  for (std::size_t v = 0; v < spec.variables.size(); ++v) {
    const Variable& var = spec.variables[v];
    const std::string& value = var.values[choice[v]];
    const std::string part = var.kind == VariableKind::Memory         ? value + " MB"
                             : var.kind == VariableKind::Architecture ? value
                                                                      : var.label() + " " + value;
    if (var.function != open) {
      out += (out.empty() ? "" : "; ") + var.function + ": " + part;
      open = var.function;
    } else {
      out += ", " + part;
    }
  }
  return out.empty() ? "as in the scenario" : out;
}

std::vector<std::vector<std::string>> ruled_out_rows(const PlanSpec& spec, const PlanResult& r,
                                                     std::size_t limit) {
  // The best of every other combination, then the failed configurations
  // from the most expensive down (the nearest misses of a monotone search).
  std::vector<std::size_t> items, failed;
  for (std::size_t i : r.combination_best)
    if (i != r.recommended && std::find(items.begin(), items.end(), i) == items.end())
      items.push_back(i);
  for (std::size_t i = 0; i < r.evaluations.size(); ++i)
    if (!r.evaluations[i].feasible && std::find(items.begin(), items.end(), i) == items.end())
      failed.push_back(i);
  std::stable_sort(failed.begin(), failed.end(), [&](std::size_t a, std::size_t b) {
    return r.evaluations[a].objective > r.evaluations[b].objective;
  });
  items.insert(items.end(), failed.begin(), failed.end());
  std::vector<std::vector<std::string>> rows;
  for (std::size_t n = 0; n < items.size() && n < limit; ++n) {
    const Evaluation& e = r.evaluations[items[n]];
    std::string reason = why_ruled_out(spec, e);
    if (e.feasible && r.recommended) {
      const double rec = r.evaluations[*r.recommended].objective;
      reason = fmt::format("meets every constraint but costs {:.1f} % more",
                           rec > 0 ? 100 * (e.objective - rec) / rec : 0.0);
    }
    rows.push_back({describe_choice(spec, e.choice), plan_money(cost_views(e).month), reason});
  }
  return rows;
}

std::string plan_table(const PlanSpec& spec, const PlanResult& r) {
  std::string out =
      fmt::format("plan {}  load {:g}x  seed {}  replications {}  horizon {:g}s  objective {}\n",
                  spec.scenario.name, spec.load, spec.scenario.seed, spec.replications,
                  sim::to_seconds(spec.scenario.horizon), spec.objective);
  std::string names;
  for (const auto& c : spec.constraints) names += (names.empty() ? "" : "; ") + c.name;
  out += "constraints (met when the upper end of the 95% CI is within): " +
         (names.empty() ? std::string("none") : names) + "\n";
  out += fmt::format(
      "searched {} memory x architecture combination(s){}: {} configurations in {} "
      "parallel batches\n\n",
      r.combinations, r.coarse ? " (coarse grid, then refined)" : "", r.evaluations.size(),
      r.rounds);
  if (r.recommended) {
    out += recommended_text(spec, r);
  } else {
    out += "NO FEASIBLE CONFIGURATION: nothing searched meets every constraint.\n";
    for (const auto& cause : r.diagnosis) out += "  why: " + cause + "\n";
    out += "closest:\n";
    std::vector<std::vector<std::string>> rows{{"  configuration", "cost/month", "violations"}};
    for (std::size_t i : closest_configurations(spec, r))
      rows.push_back({"  " + describe_choice(spec, r.evaluations[i].choice),
                      plan_money(cost_views(r.evaluations[i]).month),
                      why_ruled_out(spec, r.evaluations[i])});
    out += format_rows(rows, true);
  }
  return out + pareto_text(spec, r) + ruled_out_text(spec, r);
}

std::string plan_json(const PlanSpec& spec, const PlanResult& r) {
  JsonWriter w;
  w.begin_object();
  json_header(w, spec, r);
  w.field("feasible", r.recommended.has_value());
  w.key("recommended");
  if (r.recommended)
    json_evaluation(w, spec, r.evaluations[*r.recommended]);
  else
    w.null();
  const Binding b = binding_constraint(spec, r);
  w.array("diagnosis", r.diagnosis);
  w.key("binding_constraint");
  if (b.constraint)
    w.value(spec.constraints[*b.constraint].name);
  else
    w.null();
  json_list(w, "pareto", spec, r, r.pareto);
  json_list(w, "closest", spec, r,
            r.recommended ? std::vector<std::size_t>{} : closest_configurations(spec, r));
  std::vector<std::size_t> ruled_out;
  for (std::size_t i = 0; i < r.evaluations.size(); ++i)
    if (!r.evaluations[i].feasible) ruled_out.push_back(i);
  json_list(w, "ruled_out", spec, r, ruled_out);
  std::vector<std::size_t> costlier;
  for (std::size_t i = 0; i < r.evaluations.size(); ++i)
    if (r.evaluations[i].feasible && i != r.recommended) costlier.push_back(i);
  json_list(w, "feasible_costlier", spec, r, costlier);
  w.end_object();
  return w.str();
}

}  // namespace ls::tools
