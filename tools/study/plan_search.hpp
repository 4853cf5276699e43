// The search of `lambdasim plan` (docs/plan.md has the reasoning):
//
// 1. The memory x architecture combinations of all functions form a grid;
//    when it has more than max_combinations points, memory lists are thinned
//    (every k-th size, ends kept) and refined around the best afterwards.
// 2. Per combination, reserved and provisioned concurrency start at their
//    largest values (the most feasible). Infeasible there: the combination
//    is ruled out. Otherwise, per function, the smallest feasible PC is
//    found by multisection (3 probes per round), then the cheapest PC at or
//    above it (coarse scan, then refinement); then the smallest feasible
//    reservation at or above the PC (reserving costs nothing, so less is
//    better: it leaves the account pool to other functions). With several
//    PC variables (functions, or the steps of a PC schedule,
//    --provisioned 'api.schedule[1]=0..50') the PC step repeats, each
//    variable from its largest value again, until nothing changes.
// 3. The recommendation is the cheapest feasible configuration evaluated;
//    ties go to the smaller reservation, then the smaller PC.
//
// Every configuration runs the plan's replications with the scenario's seed
// (common random numbers), and meets a constraint only if the upper end of
// the 95 % confidence interval does. Evaluations are cached and batched,
// and the probes do not depend on the thread count, so the answer does not
// either.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tools/study/plan_spec.hpp"
#include "tools/study/runner.hpp"

namespace ls::tools {

using Choice = std::vector<std::size_t>;  // an index into each variable's values

struct ConstraintResult {
  double mean = 0.0;
  double ci95 = 0.0;
  double upper() const { return mean + ci95; }
  bool ok = false;
};

struct Evaluation {
  Choice choice;
  std::vector<std::string> sets;  // the overrides that build it
  double objective = 0.0, objective_ci = 0.0;
  double cost = 0.0, cost_ci = 0.0;
  double latency = 0.0, latency_ci = 0.0;  // spec.latency_metric
  std::vector<ConstraintResult> constraints;
  bool feasible = false;
  bool conservation_ok = true;
  MetricTable metrics;
};

struct PlanResult {
  std::vector<Evaluation> evaluations;  // in the order they were run
  std::optional<std::size_t> recommended;
  // Cost ascending, latency descending, among the configurations that meet
  // every constraint not on spec.latency_metric.
  std::vector<std::size_t> pareto;
  // Per memory x architecture combination searched: its best evaluation.
  std::vector<std::size_t> combination_best;
  std::size_t combinations = 0;  // in the full grid
  bool coarse = false;
  std::size_t rounds = 0;  // parallel batches run
  // When nothing is feasible: why, one sentence per violated constraint of
  // the closest configuration (plan_diagnosis.hpp).
  std::vector<std::string> diagnosis;
};

// `note` receives progress lines.
PlanResult search_plan(const PlanSpec& spec, const RunnerOptions& options,
                       const std::function<void(const std::string&)>& note);

// About how many configurations search_plan will evaluate (each runs
// spec.replications simulations), for a forecast before it starts: per
// memory x architecture combination, the start, the multisection of each
// reservation and PC variable (3 probes per round, rounds to shrink its
// range to one value) and the cheapest-PC scan (5 probes, then about 2 new
// per halving of the bracket); two passes when there are several PC
// variables; plus the refinement around the best coarse combination. A
// combination infeasible at its start stops at once and probes hit the
// cache, so real searches run fewer: within a factor of 2 on the tests'
// plans (tests/tools/plan_test.cpp); the progress line's total grows if a
// search runs more.
std::size_t estimate_configurations(const PlanSpec& spec);

// Relative excess of the worst constraint: max over constraints of
// (upper − limit) / limit (absolute excess when limit is 0); <= 0 when feasible.
double worst_excess(const PlanSpec& spec, const Evaluation& e);

// Whether `a` should be preferred to `b` (both feasible): cheaper, then
// smaller reservations, then smaller PC.
bool preferred(const PlanSpec& spec, const Evaluation& a, const Evaluation& b);

}  // namespace ls::tools
