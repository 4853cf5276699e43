#include "tools/study/tune_run.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "models/config/scenario_keys.hpp"
#include "models/error.hpp"

namespace ls::tools {

std::size_t function_index(const models::Scenario& s, const std::string& name) {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < s.functions.size(); ++i) {
    if (s.functions[i].name == name) return i;
    names.push_back(s.functions[i].name);
  }
  if (name.empty() && s.functions.size() == 1) return 0;
  if (name.empty()) {
    throw Error(SourceLocation{}, "--function",
                "required: the scenario has several functions (" + models::keys::join(names) + ")");
  }
  std::string message = "unknown function '" + name + "'";
  if (auto guess = models::keys::closest(name, names); !guess.empty())
    message += " (did you mean '" + std::string(guess) + "'?)";
  throw Error(SourceLocation{}, "--function",
              message + "; the scenario has: " + models::keys::join(names));
}

namespace {

const char* const kLatencyMetrics[] = {"mean", "p50", "p90", "p95", "p99", "p999", "max"};

ValueCi get(const RunSet& set, const std::string& path) {
  const auto m = find_metric(set.metrics, path);
  return m ? ValueCi{m->mean, m->ci95} : ValueCi{};
}

TunePoint make_point(const TuneVariant& v, const RunSet& set, std::size_t f,
                     const std::string& name) {
  const std::string p = "functions." + name + ".";
  TunePoint pt;
  pt.memory_mb = v.memory_mb;
  pt.architecture = v.architecture;
  pt.provisioned = v.provisioned;
  for (const char* metric : kLatencyMetrics)
    pt.latency_ms.emplace_back(metric, get(set, p + "latency_ms." + metric));
  pt.cold_start_ratio = get(set, p + "cold_start_ratio");
  pt.throttle_rate = get(set, p + "throttle_rate_final");
  pt.cost_total = get(set, p + "cost_usd.total");
  pt.cost_per_million = get(set, p + "cost_usd.per_million_requests");
  pt.arrivals = get(set, p + "arrivals").mean;
  pt.invocations = get(set, p + "invocations").mean;
  pt.timed_out = get(set, p + "timed_out").mean;
  double billed_us = 0, requests = 0;
  for (const auto& run : set.runs) {
    billed_us += static_cast<double>(run.usage[f].ondemand_billed_us + run.usage[f].pc_billed_us);
    requests += static_cast<double>(run.usage[f].requests);
  }
  pt.billed_duration_ms = requests > 0 ? billed_us / requests / 1000.0 : 0.0;
  return pt;
}

}  // namespace

const ValueCi& TunePoint::latency(const std::string& metric) const {
  for (const auto& [name, value] : latency_ms)
    if (name == metric) return value;
  throw std::logic_error("unknown latency metric " + metric);
}

TuneGrid resolve_grid(const TuneGrid& grid, const models::FunctionConfig& function) {
  TuneGrid g = grid;
  if (g.memory.empty()) g.memory = kPowerTuningDefaultMemory;
  if (g.architectures.empty()) g.architectures = {function.architecture};
  return g;
}

TuneResult run_tune(const TuneRequest& request, const RunnerOptions& runner) {
  const auto start = std::chrono::steady_clock::now();
  const models::Scenario base = models::load_scenario(request.scenario_path, request.load);
  const std::size_t f = function_index(base, request.function);
  if (std::none_of(base.workloads.begin(), base.workloads.end(),
                   [&](const models::WorkloadConfig& w) { return w.function == f; })) {
    throw Error(SourceLocation{}, "--function",
                "function '" + base.functions[f].name +
                    "' receives no traffic: no workload invokes it, so there is nothing to tune");
  }
  const std::string& name = base.functions[f].name;
  const TuneGrid grid = resolve_grid(request.grid, base.functions[f]);
  const std::vector<TuneVariant> variants = build_variants(name, grid);
  std::vector<models::Scenario> scenarios;
  scenarios.reserve(variants.size());
  for (const auto& v : variants) scenarios.push_back(models::with_variant(base, v.sets));
  const std::vector<RunSet> sets = run_scenarios(scenarios, runner);

  TuneResult r;
  r.scenario = base.name;
  r.function = name;
  r.seed = base.seed;
  r.horizon_s = sim::to_seconds(base.horizon);
  r.replications = base.replications;
  r.strategy = request.strategy;
  r.weight = request.weight;
  r.slo = request.slo;
  r.max_throttle = request.max_throttle;
  if (r.slo) r.front_metric = r.slo->metric;
  r.memory_aware = base.functions[f].memory_aware.has_value();
  r.current_memory_mb = base.functions[f].memory_mb;
  r.current_architecture = base.functions[f].architecture;
  for (std::size_t i = 0; i < variants.size(); ++i)
    r.points.push_back(make_point(variants[i], sets[i], f, name));
  decide(r);
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

void decide(TuneResult& r) {
  r.all_time_out =
      !r.points.empty() && std::all_of(r.points.begin(), r.points.end(),
                                       [](const TunePoint& p) { return p.times_out(); });
  std::vector<Candidate> front(r.points.size()), choice(r.points.size());
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    TunePoint& p = r.points[i];
    const bool runs = p.invocations > 0 && (!p.times_out() || r.all_time_out);
    if (r.slo) {
      const ValueCi& v = p.latency(r.slo->metric);
      p.meets_slo = p.invocations > 0 && slo_met(*r.slo, v.mean + v.ci95);
    }
    if (r.max_throttle) {
      // The same tolerance as plan's constraints: a limit of 0 is met by 0.
      const double upper = p.throttle_rate.mean + p.throttle_rate.ci95;
      p.within_max_throttle = p.invocations > 0 && upper <= *r.max_throttle + 1e-12;
    }
    p.eligible = runs && p.meets_slo.value_or(true) && p.within_max_throttle.value_or(true);
    front[i] = {p.cost_per_million.mean, p.latency(r.front_metric).mean,
                runs && p.within_max_throttle.value_or(true)};
    choice[i] = {p.cost_per_million.mean, p.latency("mean").mean, p.eligible};
  }
  const std::vector<bool> on_front = pareto_front(front);
  for (std::size_t i = 0; i < r.points.size(); ++i) r.points[i].pareto = on_front[i];
  r.winner = pick_winner(choice, r.strategy, r.weight);
}

std::vector<std::size_t> closest_to_slo(const TuneResult& r, std::size_t count) {
  std::vector<std::size_t> order;
  if (!r.slo) return order;
  for (std::size_t i = 0; i < r.points.size(); ++i)
    if (r.points[i].invocations > 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return r.points[a].latency(r.slo->metric).mean < r.points[b].latency(r.slo->metric).mean;
  });
  if (order.size() > count) order.resize(count);
  return order;
}

}  // namespace ls::tools
