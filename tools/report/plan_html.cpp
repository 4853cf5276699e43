#include "tools/report/plan_html.hpp"

#include <fmt/format.h>

#include "tools/report/plan_report.hpp"
#include "tools/report/report_html.hpp"

namespace ls::tools {
namespace {

constexpr std::size_t kRuledOutRows = 50;

std::string with_ci(double mean, double ci, const char* unit) {
  return fmt::format("{:.1f} ± {:.1f}{}", mean, ci, unit);
}

std::string settings_text(const PlanSpec& spec) {
  std::string names;
  for (const auto& c : spec.constraints) names += (names.empty() ? "" : "; ") + c.name;
  return fmt::format(
      "Load {:g}x, seed {}, {} replications of {:g} s per configuration, objective {}. "
      "Constraints: {}. A configuration meets a constraint only if the upper end of its 95 % "
      "confidence interval does.",
      spec.load, spec.scenario.seed, spec.replications, sim::to_seconds(spec.scenario.horizon),
      spec.objective, names.empty() ? std::string("none") : names);
}

html::Table constraint_table(const PlanSpec& spec, const Evaluation& e) {
  html::Table t{{"constraint", "value (95 % CI)", "upper end", "limit", "slack", "met"}, {}, 1, ""};
  for (std::size_t k = 0; k < spec.constraints.size(); ++k) {
    const Constraint& c = spec.constraints[k];
    const ConstraintResult& r = e.constraints[k];
    t.rows.push_back({c.name, constraint_value_text(c, r), constraint_upper_text(c, r),
                      constraint_limit_text(c), constraint_slack_text(c, r), r.ok ? "yes" : "no"});
  }
  return t;
}

void add_recommendation(html::HtmlReport& page, const PlanSpec& spec, const PlanResult& r) {
  auto& s = page.add_section("Recommendation");
  s.paragraph(settings_text(spec));
  const Evaluation& e = r.evaluations[*r.recommended];
  const Binding b = binding_constraint(spec, r);
  s.cards({
      html::Card{"configuration", describe_choice(spec, e.choice), "the cheapest that is feasible"},
      html::Card{
          "cost per month", plan_money(cost_views(e).month),
          fmt::format("± {} (95 % CI); {} per 1M requests", plan_money(cost_views(e).month_ci),
                      plan_money(cost_views(e).per_million))},
      html::Card{"latency", with_ci(e.latency, e.latency_ci, " ms"),
                 latency_label(spec.latency_metric) + ", 95 % CI"},
      html::Card{"binding constraint", b.constraint ? spec.constraints[*b.constraint].name : "none",
                 b.evaluation
                     ? "fails at " + describe_choice(spec, r.evaluations[*b.evaluation].choice)
                     : "the variables' ranges bind"},
  });
  if (spec.objective == "cost-per-million")
    s.paragraph(fmt::format("Cost per million requests: {} ± {}.", plan_money(e.objective),
                            plan_money(e.objective_ci)));
  if (!spec.constraints.empty()) s.table(constraint_table(spec, e));
}

void add_closest(html::HtmlReport& page, const PlanSpec& spec, const PlanResult& r) {
  auto& s = page.add_section("No feasible configuration");
  s.paragraph(settings_text(spec));
  s.paragraph("Nothing searched meets every constraint. Why:");
  for (const auto& cause : r.diagnosis) s.paragraph(cause);
  s.paragraph("The closest configurations (smallest relative excess over a limit):");
  html::Table t{{"configuration", "cost per month", "violations"}, {}, 1, ""};
  for (std::size_t i : closest_configurations(spec, r))
    t.rows.push_back({describe_choice(spec, r.evaluations[i].choice),
                      plan_money(cost_views(r.evaluations[i]).month),
                      why_ruled_out(spec, r.evaluations[i])});
  s.table(t);
}

// Every evaluation as a point (feasible or not), the front as a step line.
void add_pareto(html::HtmlReport& page, const PlanSpec& spec, const PlanResult& r) {
  auto& s = page.add_section("Cost against latency");
  html::LineChart c;
  c.title = "Cost against " + latency_label(spec.latency_metric);
  c.caption =
      "every configuration evaluated; the Pareto front among those meeting the other "
      "constraints";
  c.x = html::Axis{"cost per month", false, html::Format::Usd, {}, {}};
  c.y = html::Axis{latency_label(spec.latency_metric), false, html::Format::Milliseconds, {}, {}};
  html::Series feasible{"feasible", {}, {}, html::Style::Points, {}};
  html::Series failed{"ruled out", {}, {}, html::Style::Points, {}};
  for (const auto& e : r.evaluations) {
    auto& series = e.feasible ? feasible : failed;
    series.x.push_back(cost_views(e).month);
    series.y.push_back(e.latency);
  }
  html::Series front{"Pareto front", {}, {}, html::Style::Line, {}};
  for (std::size_t i : r.pareto) {
    front.x.push_back(cost_views(r.evaluations[i]).month);
    front.y.push_back(r.evaluations[i].latency);
  }
  for (auto* series : {&feasible, &failed, &front})
    if (!series->x.empty()) c.series.push_back(std::move(*series));
  for (const auto& k : spec.constraints)
    if (k.metric == spec.latency_metric) c.limits.push_back({k.name, k.limit});
  if (r.recommended) {
    const Evaluation& e = r.evaluations[*r.recommended];
    c.markers.push_back({"recommended", cost_views(e).month, e.latency});
  }
  s.chart(std::move(c));
  if (r.pareto.empty()) return;  // no empty front table
  html::Table t{
      {"configuration", "cost per month", latency_label(spec.latency_metric) + " (ms)", "feasible"},
      {},
      1,
      ""};
  for (std::size_t i : r.pareto) {
    const Evaluation& e = r.evaluations[i];
    t.rows.push_back({describe_choice(spec, e.choice), plan_money(cost_views(e).month),
                      with_ci(e.latency, e.latency_ci, ""), e.feasible ? "yes" : "no"});
  }
  t.caption = "Pareto front: cost ascending, latency descending";
  s.table(t);
}

void add_ruled_out(html::HtmlReport& page, const PlanSpec& spec, const PlanResult& r) {
  auto& s = page.add_section("Ruled out");
  std::size_t infeasible = 0;
  for (const auto& e : r.evaluations) infeasible += e.feasible ? 0 : 1;
  s.paragraph(
      fmt::format("{} of {} configurations evaluated failed a constraint ({} memory x architecture "
                  "combination(s){}, {} parallel batches). The best configuration of every other "
                  "combination, then the failed ones from the most expensive down:",
                  infeasible, r.evaluations.size(), r.combinations,
                  r.coarse ? ", searched on a coarse grid then refined" : "", r.rounds));
  html::Table t{{"configuration", "why", "cost per month"}, {}, 2, ""};
  for (auto& row : ruled_out_rows(spec, r, kRuledOutRows))
    t.rows.push_back({std::move(row[0]), std::move(row[2]), std::move(row[1])});
  s.table(t);
}

}  // namespace

std::string plan_html(const PlanSpec& spec, const PlanResult& r) {
  html::HtmlReport page(
      "lambdasim plan: " + spec.scenario.name,
      r.recommended ? "recommended: " + describe_choice(spec, r.evaluations[*r.recommended].choice)
                    : "no feasible configuration");
  if (r.recommended)
    add_recommendation(page, spec, r);
  else
    add_closest(page, spec, r);
  add_pareto(page, spec, r);
  add_ruled_out(page, spec, r);
  return page.render();
}

}  // namespace ls::tools
