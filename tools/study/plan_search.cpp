#include "tools/study/plan_search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <stdexcept>

#include "tools/study/plan_diagnosis.hpp"

namespace ls::tools {
namespace {

// Runs configurations (cached by choice) in parallel batches.
class Evaluator {
 public:
  Evaluator(const PlanSpec& spec, const RunnerOptions& options, PlanResult& result)
      : spec_(spec), options_(options), result_(result) {}

  // Indices into result.evaluations, one per choice.
  std::vector<std::size_t> evaluate(const std::vector<Choice>& choices) {
    std::vector<Choice> todo;
    std::vector<models::Scenario> scenarios;
    for (const auto& c : choices) {
      if (cache_.count(c) || std::find(todo.begin(), todo.end(), c) != todo.end()) continue;
      todo.push_back(c);
      // A range whose end the scenario cannot take (reservations beyond
      // what the account leaves unreserved) is the plan's input, named as
      // such rather than as a --set the user never gave.
      try {
        scenarios.push_back(models::with_variant(spec_.scenario, sets_of(c)));
      } catch (const Error& e) {
        if (e.where().file != "--set") throw;
        std::string configuration;
        for (const std::string& set : sets_of(c))
          configuration += (configuration.empty() ? "" : ", ") + set;
        throw Error(SourceLocation{}, "plan",
                    "a configuration in the ranges given is not a valid scenario (" +
                        configuration + "): " + e.key_path() + ": " + e.message() +
                        "; narrow the range of that variable");
      }
    }
    if (!todo.empty()) {
      const std::vector<RunSet> sets = run_scenarios(scenarios, options_);
      ++result_.rounds;
      for (std::size_t i = 0; i < todo.size(); ++i) {
        cache_[todo[i]] = result_.evaluations.size();
        result_.evaluations.push_back(measure(todo[i], sets[i]));
      }
    }
    std::vector<std::size_t> out;
    for (const auto& c : choices) out.push_back(cache_.at(c));
    return out;
  }
  std::size_t evaluate(const Choice& c) { return evaluate(std::vector<Choice>{c}).front(); }
  std::size_t count() const { return result_.evaluations.size(); }
  // The forecast of the whole search, revised after each combination
  // (options.expect): what ran, plus for each combination still to search
  // the configurations beyond its start at the pace so far, blended with
  // the prior estimate as one more combination (so that one quick
  // combination, infeasible at its start, does not make the rest look
  // free), plus the starts not run yet.
  struct Forecast {
    std::size_t combinations = 0;      // planned in all
    double prior_per_combination = 0;  // beyond the start
    std::size_t started = 0;           // starts evaluated
    std::size_t searched = 0;          // combinations optimised
    std::size_t beyond_starts = 0;     // their evaluations beyond the start
  } forecast;
  void combination_done(std::size_t beyond_start) {
    Forecast& f = forecast;
    ++f.searched;
    f.beyond_starts += beyond_start;
    if (!options_.expect) return;
    const double per = (static_cast<double>(f.beyond_starts) + f.prior_per_combination) /
                       static_cast<double>(f.searched + 1);
    const double left =
        static_cast<double>(f.combinations > f.searched ? f.combinations - f.searched : 0);
    const double unstarted =
        static_cast<double>(f.combinations > f.started ? f.combinations - f.started : 0);
    const double total = static_cast<double>(count()) + left * per + unstarted;
    options_.expect(static_cast<std::size_t>(std::ceil(total * spec_.replications)));
  }
  const Evaluation& at(std::size_t i) const { return result_.evaluations[i]; }
  bool feasible(std::size_t i) const { return at(i).feasible; }

 private:
  std::vector<std::string> sets_of(const Choice& c) const {
    std::vector<std::string> sets;
    for (std::size_t v = 0; v < spec_.variables.size(); ++v)
      sets.push_back(spec_.variables[v].key() + "=" + spec_.variables[v].values[c[v]]);
    return sets;
  }

  AggregatedMetric metric(const RunSet& set, const std::string& path) const {
    const auto m = find_metric(set.metrics, path);
    if (!m) throw std::logic_error("plan: the report has no metric " + path);
    return *m;
  }

  Evaluation measure(const Choice& c, const RunSet& set) const {
    Evaluation e;
    e.choice = c;
    e.sets = sets_of(c);
    const AggregatedMetric cost = metric(set, "cost_usd.total");
    e.cost = cost.mean;
    e.cost_ci = cost.ci95;
    e.objective = e.cost;
    e.objective_ci = e.cost_ci;
    // The bill per million requests it bills (both over the whole horizon,
    // as run, tune and compare report it), with its own CI across replications.
    if (spec_.objective == "cost-per-million" && metric(set, "totals.arrivals").mean > 0) {
      const AggregatedMetric per_million = metric(set, "cost_usd.per_million_requests");
      e.objective = per_million.mean;
      e.objective_ci = per_million.ci95;
    }
    const AggregatedMetric latency = metric(set, spec_.latency_metric);
    e.latency = latency.mean;
    e.latency_ci = latency.ci95;
    e.feasible = set.conservation_ok;
    e.conservation_ok = set.conservation_ok;
    for (const auto& k : spec_.constraints) {
      const AggregatedMetric m = metric(set, k.metric);
      ConstraintResult r{m.mean, m.ci95, false};
      r.ok = r.upper() <= k.limit + 1e-12 * std::max(1.0, std::abs(k.limit));
      e.feasible &= r.ok;
      e.constraints.push_back(r);
    }
    e.metrics = set.metrics;
    return e;
  }

  const PlanSpec& spec_;
  const RunnerOptions& options_;
  PlanResult& result_;
  std::map<Choice, std::size_t> cache_;
};

class Search {
 public:
  Search(const PlanSpec& spec, Evaluator& ev) : spec_(spec), ev_(ev) {}

  // The starting point of a memory x architecture combination: every
  // reservation and PC at its largest allowed value.
  Choice max_choice(Choice c) const {
    for (std::size_t v = 0; v < spec_.variables.size(); ++v)
      if (spec_.variables[v].kind == VariableKind::Reserved)
        c[v] = spec_.variables[v].values.size() - 1;
    for (std::size_t v = 0; v < spec_.variables.size(); ++v)
      if (spec_.variables[v].kind == VariableKind::Provisioned) c[v] = pc_cap(c, v);
    return c;
  }

  // Per function the cheapest PC at or above the smallest feasible one, then
  // the smallest feasible reservation. `start` must have been evaluated.
  std::size_t optimise(Choice c) {
    if (!ev_.feasible(ev_.evaluate(c))) {
      const std::optional<Choice> start = lower_reservation_start(c);
      if (!start) return ev_.evaluate(c);
      c = *start;
    }
    // Several PC variables (functions, or steps of a schedule) are lowered
    // one at a time, each from its largest value with the others as they
    // are; passes repeat until nothing moves (coordinate descent), since a
    // variable lowered first was searched with the later ones still high.
    std::size_t pc_variables = 0;
    for (const auto& var : spec_.variables) pc_variables += var.kind == VariableKind::Provisioned;
    for (int pass = 0; pass < (pc_variables > 1 ? 4 : 1); ++pass) {
      const Choice before = c;
      for (std::size_t v = 0; v < spec_.variables.size(); ++v) {
        if (spec_.variables[v].kind != VariableKind::Provisioned) continue;
        std::size_t hi = c[v];  // feasible
        if (pass > 0 && ev_.feasible(ev_.evaluate(with(c, v, pc_cap(c, v))))) hi = pc_cap(c, v);
        const std::size_t low = smallest_feasible(c, v, 0, hi);
        c[v] = cheapest(c, v, low, hi);
      }
      if (c == before) break;
    }
    for (std::size_t v = 0; v < spec_.variables.size(); ++v) {
      if (spec_.variables[v].kind != VariableKind::Reserved) continue;
      c[v] = smallest_feasible(c, v, std::min(rc_floor(c, v), c[v]), c[v]);
    }
    return ev_.evaluate(c);
  }

 private:
  // More reservation never hurts its own function, but it takes capacity
  // from the functions that share the account's unreserved pool: the
  // largest reservations can starve them (a reservation of 90 in a 100
  // account leaves the others 10). When the start, everything at its
  // largest, is infeasible, each reservation is tried lower on a coarse
  // grid (8 values, one batch), down to what its PC needs; the largest
  // feasible value found is the start. Feasibility is an interval of the
  // reservation (too little throttles the function, too much the others),
  // so between its lower end and that start the search below still holds.
  std::optional<Choice> lower_reservation_start(const Choice& c) {
    for (std::size_t v = 0; v < spec_.variables.size(); ++v) {
      if (spec_.variables[v].kind != VariableKind::Reserved || c[v] == 0) continue;
      const std::size_t lo = std::min(rc_floor(c, v), c[v]);
      if (lo >= c[v]) continue;
      std::vector<Choice> grid;
      constexpr std::size_t kProbes = 8;
      for (std::size_t j = 1; j <= kProbes; ++j) {
        const std::size_t i = c[v] - (c[v] - lo) * j / kProbes;
        if (grid.empty() || grid.back()[v] != i) grid.push_back(with(c, v, i));
      }
      const std::vector<std::size_t> results = ev_.evaluate(grid);
      for (std::size_t k = 0; k < grid.size(); ++k)  // largest value first
        if (ev_.feasible(results[k])) return grid[k];
    }
    return std::nullopt;
  }

  std::optional<std::size_t> sibling(std::size_t v, VariableKind kind) const {
    for (std::size_t w = 0; w < spec_.variables.size(); ++w)
      if (spec_.variables[w].function == spec_.variables[v].function &&
          spec_.variables[w].kind == kind)
        return w;
    return std::nullopt;
  }
  const models::FunctionConfig& function_of(std::size_t v) const {
    for (const auto& f : spec_.scenario.functions)
      if (f.name == spec_.variables[v].function) return f;
    throw std::logic_error("plan: unknown function");
  }

  // Largest PC index that fits the function's reservation.
  std::size_t pc_cap(const Choice& c, std::size_t v) const {
    int cap = function_of(v).reserved_concurrency.value_or(INT_MAX);
    if (auto rc = sibling(v, VariableKind::Reserved)) cap = spec_.variables[*rc].numbers[c[*rc]];
    const auto& n = spec_.variables[v].numbers;
    const auto it = std::upper_bound(n.begin(), n.end(), cap);
    return it == n.begin() ? 0 : static_cast<std::size_t>(it - n.begin()) - 1;
  }

  // Smallest reservation index that holds the function's PC: the largest
  // step of its schedule, each step as chosen (a constant PC variable
  // replaces the schedule).
  std::size_t rc_floor(const Choice& c, std::size_t v) const {
    const models::ProvisionedConfig& pc = *function_of(v).provisioned;
    std::vector<int> steps;
    for (const auto& s : pc.schedule) steps.push_back(s.value);
    bool tracking = pc.tracking;
    for (std::size_t w = 0; w < spec_.variables.size(); ++w) {
      const Variable& var = spec_.variables[w];
      if (var.function != spec_.variables[v].function || var.kind != VariableKind::Provisioned)
        continue;
      if (var.window < 0) {
        steps.assign(1, var.numbers[c[w]]);
        tracking = false;
      } else {
        steps[static_cast<std::size_t>(var.window)] = var.numbers[c[w]];
      }
    }
    int floor = tracking ? pc.max : 0;
    for (int s : steps) floor = std::max(floor, s);
    const auto& n = spec_.variables[v].numbers;
    return static_cast<std::size_t>(std::lower_bound(n.begin(), n.end(), floor) - n.begin());
  }

  Choice with(Choice c, std::size_t v, std::size_t i) const {
    c[v] = i;
    return c;
  }

  // Smallest index in [lo, hi] that is feasible, given that hi is:
  // multisection with three probes per round.
  std::size_t smallest_feasible(const Choice& c, std::size_t v, std::size_t lo, std::size_t hi) {
    while (lo < hi) {
      std::vector<std::size_t> probes;
      if (hi - lo <= 3) {
        for (std::size_t q = lo; q < hi; ++q) probes.push_back(q);
      } else {
        for (std::size_t j = 1; j <= 3; ++j) probes.push_back(lo + (hi - lo) * j / 4);
      }
      std::vector<Choice> choices;
      for (std::size_t q : probes) choices.push_back(with(c, v, q));
      const auto idx = ev_.evaluate(choices);
      std::size_t new_hi = hi;
      for (std::size_t k = 0; k < probes.size(); ++k)
        if (ev_.feasible(idx[k])) {
          new_hi = probes[k];
          break;
        }
      std::size_t new_lo = lo;
      for (std::size_t k = 0; k < probes.size(); ++k)
        if (probes[k] < new_hi && !ev_.feasible(idx[k])) new_lo = std::max(new_lo, probes[k] + 1);
      lo = new_lo;
      hi = new_hi;
    }
    return hi;
  }

  // The cheapest feasible index in [lo, hi] (hi feasible), assuming cost is
  // unimodal there: five probes, then the bracket around the best.
  std::size_t cheapest(const Choice& c, std::size_t v, std::size_t lo, std::size_t hi) {
    std::size_t best = ev_.evaluate(with(c, v, hi));
    while (true) {
      std::vector<std::size_t> probes;
      if (hi - lo <= 4) {
        for (std::size_t q = lo; q <= hi; ++q) probes.push_back(q);
      } else {
        for (std::size_t j = 0; j <= 4; ++j) probes.push_back(lo + (hi - lo) * j / 4);
      }
      std::vector<Choice> choices;
      for (std::size_t q : probes) choices.push_back(with(c, v, q));
      const auto idx = ev_.evaluate(choices);
      std::optional<std::size_t> k_best;
      for (std::size_t k = 0; k < probes.size(); ++k) {
        if (!ev_.feasible(idx[k])) continue;
        if (!k_best || preferred(spec_, ev_.at(idx[k]), ev_.at(idx[*k_best]))) k_best = k;
        if (preferred(spec_, ev_.at(idx[k]), ev_.at(best))) best = idx[k];
      }
      if (hi - lo <= 4 || !k_best) return ev_.at(best).choice[v];
      lo = probes[*k_best == 0 ? 0 : *k_best - 1];
      hi = probes[std::min<std::size_t>(*k_best + 1, probes.size() - 1)];
    }
  }

  const PlanSpec& spec_;
  Evaluator& ev_;
};

// {0, k, 2k, ..., n-1}
std::vector<std::size_t> thinned(std::size_t n, std::size_t k) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < n; i += k) out.push_back(i);
  if (out.back() != n - 1) out.push_back(n - 1);
  return out;
}

std::size_t product(const std::vector<std::vector<std::size_t>>& lists) {
  std::size_t p = 1;
  for (const auto& l : lists) p *= l.empty() ? 1 : l.size();
  return p;
}

// The categorical index lists (memory and architecture; monotone variables
// get an empty list), thinned until the grid fits `max` points.
std::vector<std::vector<std::size_t>> categorical_lists(const PlanSpec& spec, PlanResult& r) {
  std::vector<std::vector<std::size_t>> lists(spec.variables.size());
  for (std::size_t v = 0; v < spec.variables.size(); ++v)
    if (!spec.variables[v].monotone()) lists[v] = thinned(spec.variables[v].values.size(), 1);
  r.combinations = product(lists);
  for (std::size_t k = 2; product(lists) > spec.max_combinations; ++k) {
    bool thinner = false;
    for (std::size_t v = 0; v < spec.variables.size(); ++v) {
      if (spec.variables[v].kind != VariableKind::Memory || lists[v].size() <= 2) continue;
      lists[v] = thinned(spec.variables[v].values.size(), k);
      thinner = true;
    }
    if (!thinner) break;
    r.coarse = true;
  }
  return lists;
}

std::vector<Choice> combinations(const PlanSpec& spec,
                                 const std::vector<std::vector<std::size_t>>& lists) {
  std::vector<Choice> out{Choice(spec.variables.size(), 0)};
  for (std::size_t v = 0; v < lists.size(); ++v) {
    if (lists[v].empty()) continue;
    std::vector<Choice> next;
    for (const auto& c : out)
      for (std::size_t i : lists[v]) {
        Choice d = c;
        d[v] = i;
        next.push_back(d);
      }
    out = std::move(next);
  }
  return out;
}

// Searches the given combinations; returns their best evaluations.
std::vector<std::size_t> search_combinations(const std::vector<Choice>& combos, Search& search,
                                             Evaluator& ev,
                                             const std::function<void(const std::string&)>& note) {
  std::vector<Choice> starts;
  for (const auto& c : combos) starts.push_back(search.max_choice(c));
  ev.evaluate(starts);  // one parallel batch
  ev.forecast.started += starts.size();
  std::vector<std::size_t> best;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const std::size_t before = ev.count();
    best.push_back(search.optimise(starts[i]));
    ev.combination_done(ev.count() - before);
    note(fmt::format("combination {} of {} searched", i + 1, starts.size()));
  }
  return best;
}

std::optional<std::size_t> best_feasible(const PlanSpec& spec, const PlanResult& r,
                                         const std::vector<std::size_t>& among) {
  std::optional<std::size_t> best;
  for (std::size_t i : among)
    if (r.evaluations[i].feasible &&
        (!best || preferred(spec, r.evaluations[i], r.evaluations[*best])))
      best = i;
  return best;
}

// Around the best coarse combination: the memory sizes skipped between its
// coarse neighbours, one memory variable at a time.
void refine(const PlanSpec& spec, const std::vector<std::vector<std::size_t>>& lists,
            Search& search, Evaluator& ev, PlanResult& r,
            const std::function<void(const std::string&)>& note) {
  for (std::size_t v = 0; v < spec.variables.size(); ++v) {
    if (spec.variables[v].kind != VariableKind::Memory) continue;
    const auto best = best_feasible(spec, r, r.combination_best);
    if (!best) return;
    const Choice base = r.evaluations[*best].choice;
    const auto& coarse = lists[v];
    const auto at = std::lower_bound(coarse.begin(), coarse.end(), base[v]);
    if (at == coarse.end() || *at != base[v]) continue;
    const std::size_t from = at == coarse.begin() ? base[v] : *(at - 1) + 1;
    const std::size_t to = at + 1 >= coarse.end() ? base[v] : *(at + 1) - 1;
    std::vector<Choice> combos;
    for (std::size_t i = from; i <= to; ++i) {
      if (i == base[v]) continue;
      Choice c = base;
      c[v] = i;
      combos.push_back(c);
    }
    for (std::size_t i : search_combinations(combos, search, ev, note))
      r.combination_best.push_back(i);
  }
}

// Cost against latency among the configurations that meet every
// constraint other than those on the latency metric itself.
void pareto_front(const PlanSpec& spec, PlanResult& r) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < r.evaluations.size(); ++i) {
    bool ok = r.evaluations[i].conservation_ok;
    for (std::size_t k = 0; k < spec.constraints.size(); ++k)
      ok &= spec.constraints[k].metric == spec.latency_metric || r.evaluations[i].constraints[k].ok;
    if (ok) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto &x = r.evaluations[a], &y = r.evaluations[b];
    return std::tie(x.cost, x.latency, a) < std::tie(y.cost, y.latency, b);
  });
  double best_latency = INFINITY;
  for (std::size_t i : order)
    if (r.evaluations[i].latency < best_latency) {
      best_latency = r.evaluations[i].latency;
      r.pareto.push_back(i);
    }
}

}  // namespace

double worst_excess(const PlanSpec& spec, const Evaluation& e) {
  double worst = -INFINITY;
  for (std::size_t k = 0; k < spec.constraints.size(); ++k) {
    const double limit = spec.constraints[k].limit;
    const double excess = e.constraints[k].upper() - limit;
    worst = std::max(worst, limit > 0 ? excess / limit : excess);
  }
  return spec.constraints.empty() ? 0.0 : worst;
}

bool preferred(const PlanSpec& spec, const Evaluation& a, const Evaluation& b) {
  // A reservation is free: two configurations that differ in reservations
  // alone are priced alike, and what their bills differ by is requests
  // throttled (unbilled) within the constraints. The smaller reservation is
  // preferred, as the search chose it; by cost, a reservation that starves
  // the other functions of the pool just inside their throttle limit won.
  bool reservations_only = true;
  long reserved_a = 0, reserved_b = 0, pc_a = 0, pc_b = 0;
  for (std::size_t v = 0; v < spec.variables.size(); ++v) {
    const auto& var = spec.variables[v];
    if (var.kind != VariableKind::Reserved && a.choice[v] != b.choice[v]) reservations_only = false;
    if (!var.monotone()) continue;
    (var.kind == VariableKind::Reserved ? reserved_a : pc_a) += var.numbers[a.choice[v]];
    (var.kind == VariableKind::Reserved ? reserved_b : pc_b) += var.numbers[b.choice[v]];
  }
  if (reservations_only && reserved_a != reserved_b) return reserved_a < reserved_b;
  const double scale = std::max({std::abs(a.objective), std::abs(b.objective), 1e-300});
  if (std::abs(a.objective - b.objective) > 1e-9 * scale) return a.objective < b.objective;
  return std::tie(reserved_a, pc_a) < std::tie(reserved_b, pc_b);
}

namespace {

// Rounds of a search that divides a range of n values by `factor` per round.
std::size_t rounds(std::size_t n, double factor) {
  std::size_t r = 0;
  for (double left = static_cast<double>(n); left > 1.0; left /= factor) ++r;
  return r;
}

// The forecast's two factors: combinations to search and configurations
// evaluated per combination.
struct SearchSize {
  std::size_t combinations = 0;
  std::size_t per_combination = 1;
};

SearchSize search_size(const PlanSpec& spec) {
  SearchSize size;
  PlanResult scratch;
  const auto lists = categorical_lists(spec, scratch);
  std::size_t pc_variables = 0;
  for (const auto& var : spec.variables) {
    const std::size_t n = var.values.size();
    if (var.kind == VariableKind::Reserved) size.per_combination += 3 * rounds(n, 4.0);
    if (var.kind != VariableKind::Provisioned) continue;
    ++pc_variables;
    size.per_combination += 3 * rounds(n, 4.0) + (n <= 5 ? n : 5 + 2 * rounds(n / 4, 2.0));
  }
  if (pc_variables > 1) size.per_combination *= 2;
  size.combinations = product(lists);
  if (scratch.coarse)
    for (std::size_t v = 0; v < spec.variables.size(); ++v)
      if (spec.variables[v].kind == VariableKind::Memory && !lists[v].empty()) {
        // The sizes skipped beside the best coarse one: on both sides, or
        // one when it is at an end (counted as one and a half).
        const std::size_t stride =
            (spec.variables[v].values.size() + lists[v].size() - 1) / lists[v].size();
        size.combinations += 3 * (stride - 1) / 2;
      }
  return size;
}

}  // namespace

std::size_t estimate_configurations(const PlanSpec& spec) {
  const SearchSize size = search_size(spec);
  return size.combinations * size.per_combination;
}

PlanResult search_plan(const PlanSpec& spec, const RunnerOptions& options,
                       const std::function<void(const std::string&)>& note) {
  PlanResult r;
  Evaluator ev(spec, options, r);
  Search search(spec, ev);
  const auto lists = categorical_lists(spec, r);
  const SearchSize size = search_size(spec);
  ev.forecast.combinations = size.combinations;
  ev.forecast.prior_per_combination = static_cast<double>(size.per_combination - 1);
  r.combination_best = search_combinations(combinations(spec, lists), search, ev, note);
  if (r.coarse) refine(spec, lists, search, ev, r, note);
  std::vector<std::size_t> all(r.evaluations.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  r.recommended = best_feasible(spec, r, all);
  if (!r.recommended && !r.evaluations.empty()) {
    const auto closest =
        std::min_element(all.begin(), all.end(), [&](std::size_t a, std::size_t b) {
          return worst_excess(spec, r.evaluations[a]) < worst_excess(spec, r.evaluations[b]);
        });
    r.diagnosis = diagnose_infeasible(spec, r.evaluations[*closest], options);
  }
  pareto_front(spec, r);
  return r;
}

}  // namespace ls::tools
