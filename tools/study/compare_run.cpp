#include "tools/study/compare_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "models/config/scenario_keys.hpp"
#include "models/error.hpp"
#include "tools/study/report_metrics.hpp"
#include "tools/study/tune_run.hpp"

namespace ls::tools {
namespace {

constexpr ComputeOption kAllKinds[] = {ComputeOption::OnDemand, ComputeOption::Provisioned,
                                       ComputeOption::ManagedInstances, ComputeOption::Web};

double metric(const RunSet& set, const std::string& path) {
  return MetricLookup(set.metrics)(path);
}

std::string number_text(double v) {
  std::ostringstream out;
  out.precision(17);
  out << v;
  return out.str();
}

// --set assignments that make `function` run on `kind` (with PC `pc` for
// the provisioned kind; pc < 0 keeps the scenario's own PC setting).
std::vector<std::string> kind_sets(const std::string& function, ComputeOption kind, int pc) {
  const std::string p = "functions." + function + ".";
  switch (kind) {
    case ComputeOption::OnDemand: return {p + "compute=on-demand", p + "provisioned_concurrency=~"};
    case ComputeOption::Provisioned:
      if (pc < 0) return {p + "compute=on-demand"};
      return {p + "compute=on-demand", p + "provisioned_concurrency=" + std::to_string(pc)};
    case ComputeOption::ManagedInstances:
      return {p + "compute=managed-instances", p + "provisioned_concurrency=~",
              p + "reserved_concurrency=~"};
    case ComputeOption::Web:
      return {p + "compute=web", p + "provisioned_concurrency=~", p + "reserved_concurrency=~"};
  }
  return {};
}

CompareCell make_cell(const RunSet& set, const std::string& function) {
  const std::string p = "functions." + function + ".";
  CompareCell c;
  const double total = metric(set, p + "cost_usd.total");
  const bool projected = !set.bills.empty() && set.bills.front().projected_to_month;
  c.cost_month = projected ? total : total * metric(set, "cost_usd.month_factor");
  c.cost_per_million = metric(set, p + "cost_usd.per_million_requests");
  c.p50_ms = metric(set, p + "latency_ms.p50");
  c.p99_ms = metric(set, p + "latency_ms.p99");
  c.cold_starts = metric(set, p + "cold_starts");
  c.throttled = metric(set, p + "throttled");
  c.throttle_rate_final = metric(set, p + "throttle_rate_final");
  c.invocations = metric(set, p + "invocations");
  return c;
}

// Kind a is cheaper at level s, kind b at level s + 1: where their monthly
// costs cross, interpolated linearly in the request rate.
Crossover crossover(const CompareResult& r, std::size_t a, std::size_t b, std::size_t s) {
  Crossover x;
  x.below = a;
  x.above = b;
  x.rate_low = r.rates[s];
  x.rate_high = r.rates[s + 1];
  const double d0 = r.cells[a][s].cost_month - r.cells[b][s].cost_month;          // <= 0
  const double d1 = r.cells[a][s + 1].cost_month - r.cells[b][s + 1].cost_month;  // > 0
  const double t = d1 - d0 != 0 ? std::clamp(-d0 / (d1 - d0), 0.0, 1.0) : 0.5;
  x.rate = x.rate_low + t * (x.rate_high - x.rate_low);
  return x;
}

}  // namespace

const char* compute_option_name(ComputeOption k) {
  switch (k) {
    case ComputeOption::OnDemand: return "on-demand";
    case ComputeOption::Provisioned: return "provisioned";
    case ComputeOption::ManagedInstances: return "managed-instances";
    case ComputeOption::Web: return "web";
  }
  return "";
}

std::vector<ComputeOption> parse_compute_list(const std::string& text) {
  std::vector<ComputeOption> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    const auto it = std::find_if(std::begin(kAllKinds), std::end(kAllKinds),
                                 [&](ComputeOption k) { return item == compute_option_name(k); });
    if (it == std::end(kAllKinds))
      throw Error(SourceLocation{}, "--compute",
                  "unknown compute kind '" + item +
                      "'; allowed: on-demand, provisioned, managed-instances, web");
    if (std::find(out.begin(), out.end(), *it) == out.end()) out.push_back(*it);
  }
  if (out.empty()) throw Error(SourceLocation{}, "--compute", "give at least one compute kind");
  return out;
}

std::vector<double> parse_scale_list(const std::string& text) {
  std::vector<double> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    double v = 0;
    std::size_t used = 0;
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || !(v > 0) || !std::isfinite(v))
      throw Error(SourceLocation{}, "--scales",
                  "'" + item + "' is not a traffic multiplier > 0 (e.g. 0.5,1,2)");
    out.push_back(v);
  }
  if (out.empty()) throw Error(SourceLocation{}, "--scales", "give at least one multiplier");
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void find_break_even(CompareResult& r) {
  r.cheapest.assign(r.scales.size(), 0);
  r.crossovers.clear();
  for (std::size_t s = 0; s < r.scales.size(); ++s) {
    // Placeholder-priced kinds take part only when nothing else does.
    std::optional<std::size_t> best;
    for (std::size_t k = 0; k < r.kinds.size(); ++k)
      if (!r.placeholder(k) && (!best || r.cells[k][s].cost_month < r.cells[*best][s].cost_month))
        best = k;
    for (std::size_t k = 0; !best && k < r.kinds.size(); ++k)
      if (!best || r.cells[k][s].cost_month < r.cells[*best][s].cost_month) best = k;
    r.cheapest[s] = best.value_or(0);
  }
  // Every pair of ranked kinds whose cost order flips between neighbouring
  // levels.
  for (std::size_t a = 0; a < r.kinds.size(); ++a)
    for (std::size_t b = 0; b < r.kinds.size(); ++b)
      for (std::size_t s = 0; s + 1 < r.scales.size(); ++s) {
        if (r.placeholder(a) || r.placeholder(b)) continue;
        const bool below = r.cells[a][s].cost_month <= r.cells[b][s].cost_month;
        const bool above = r.cells[a][s + 1].cost_month > r.cells[b][s + 1].cost_month;
        if (a != b && below && above) r.crossovers.push_back(crossover(r, a, b, s));
      }
  std::stable_sort(r.crossovers.begin(), r.crossovers.end(),
                   [](const Crossover& x, const Crossover& y) { return x.rate < y.rate; });
}

namespace {

// "a constant 10", "a schedule of 3 steps (5 to 40)", "target tracking (10 to 200)".
std::string describe_provisioned(const models::ProvisionedConfig& pc) {
  if (pc.tracking) return fmt::format("target tracking ({} to {})", pc.min, pc.max);
  if (pc.schedule.size() == 1 && pc.schedule[0].at == 0)
    return fmt::format("a constant {}", pc.schedule[0].value);
  int lo = pc.schedule.front().value, hi = lo;
  for (const auto& s : pc.schedule) {
    lo = std::min(lo, s.value);
    hi = std::max(hi, s.value);
  }
  return fmt::format("a schedule of {} steps ({} to {})", pc.schedule.size(), lo, hi);
}

// What the on-demand and provisioned rows keep of the scenario's PC.
std::vector<std::string> provisioned_notes(const CompareResult& r,
                                           const models::FunctionConfig& function,
                                           const CompareRequest& request, bool pc_auto) {
  std::vector<std::string> notes;
  const bool has_pc = function.provisioned->enabled();
  auto shown = [&](ComputeOption kind) {
    return std::find(r.kinds.begin(), r.kinds.end(), kind) != r.kinds.end();
  };
  if (shown(ComputeOption::OnDemand))
    notes.push_back(has_pc ? "on-demand: the scenario's provisioned concurrency (" +
                                 describe_provisioned(*function.provisioned) +
                                 ") is removed: every request runs on demand"
                           : "on-demand: as in the scenario (it has no provisioned concurrency)");
  if (shown(ComputeOption::Provisioned)) {
    if (request.provisioned)
      notes.push_back(
          fmt::format("provisioned: a constant {} (--provisioned)", *request.provisioned));
    else if (!pc_auto)
      notes.push_back("provisioned: the scenario's own provisioned concurrency (" +
                      describe_provisioned(*function.provisioned) + ")");
    else
      notes.push_back(
          "provisioned: a constant level per traffic level, the on-demand run's mean "
          "concurrency rounded up (the scenario has none; --provisioned N fixes one)");
  }
  return notes;
}

}  // namespace

CompareResult run_compare(const CompareRequest& request, const RunnerOptions& runner) {
  const auto start = std::chrono::steady_clock::now();
  const models::Scenario base = models::load_scenario(request.scenario_path, request.load);
  const std::size_t f = function_index(base, request.function);
  const std::string& name = base.functions[f].name;
  std::vector<std::size_t> workloads;
  for (std::size_t w = 0; w < base.workloads.size(); ++w)
    if (base.workloads[w].function == f) workloads.push_back(w);
  if (workloads.empty())
    throw Error(SourceLocation{}, "--function",
                "function '" + name + "' receives no traffic: no workload invokes it");

  CompareResult r;
  r.scenario = base.name;
  r.function = name;
  r.horizon_s = sim::to_seconds(base.horizon);
  r.replications = base.replications;
  r.scales = request.scales.empty() ? kDefaultScales : request.scales;
  r.kinds = request.kinds;
  if (r.kinds.empty()) {
    r.kinds = {ComputeOption::OnDemand, ComputeOption::Provisioned,
               ComputeOption::ManagedInstances};
    // Web Functions when the function says how it would run there.
    const auto resolved = nlohmann::json::parse(base.resolved_json);
    const auto& fn = resolved["functions"][name];
    if (base.functions[f].compute == models::ComputeKind::Web || fn.contains("web"))
      r.kinds.push_back(ComputeOption::Web);
  }
  for (std::size_t s = 0; s < r.scales.size(); ++s)
    if (std::abs(std::log(r.scales[s])) < std::abs(std::log(r.scales[r.base]))) r.base = s;
  r.request_latency = request_latency_functions(base)[f];

  // The load of scale s: every workload of the function scaled on top of
  // its own `scale`.
  auto scale_sets = [&](double scale) {
    std::vector<std::string> sets;
    for (std::size_t w : workloads)
      sets.push_back("workloads[" + std::to_string(w) + "].arrivals.scale=" +
                     number_text(base.workloads[w].arrivals.rate_scale * scale));
    return sets;
  };
  auto load = [&](ComputeOption kind, double scale, int pc) {
    std::vector<std::string> sets = kind_sets(name, kind, pc);
    for (auto& s : scale_sets(scale)) sets.push_back(std::move(s));
    return models::with_variant(base, sets);
  };

  // A kind the function cannot run on (Managed Instances take synchronous
  // requests only, and none behind a front door) is left out of the default
  // comparison with a note saying why; asked for by --compute, it is an error
  // that names the option rather than the --set that compare made.
  std::vector<std::string> left_out;
  for (auto k = r.kinds.begin(); k != r.kinds.end();) {
    try {
      load(*k, 1.0, -1);
      ++k;
    } catch (const Error& e) {
      const std::string why = (e.key_path().empty() ? "" : e.key_path() + ": ") + e.message();
      // Refused at the function's compute key or at a workload: the kind
      // does not take this traffic. Anywhere else (a bad --set of the
      // kind's own settings) it is the user's input, and an error.
      const bool cannot_take_traffic = e.key_path() == "functions." + name + ".compute" ||
                                       e.key_path().rfind("workloads[", 0) == 0;
      if (!cannot_take_traffic) throw;
      if (!request.kinds.empty())
        throw Error(SourceLocation{}, "--compute",
                    std::string(compute_option_name(*k)) + " cannot run this function: " + why);
      left_out.push_back(std::string(compute_option_name(*k)) +
                         ": left out, as the function cannot run there (" + why + ")");
      k = r.kinds.erase(k);
    }
  }

  // Provisioned concurrency without a level of its own follows the load:
  // the on-demand run's mean concurrency, rounded up (so those runs go first).
  const bool pc_auto = !request.provisioned && !base.functions[f].provisioned->enabled();
  std::vector<models::Scenario> first, second;
  std::vector<std::pair<std::size_t, std::size_t>> first_at, second_at;  // (kind, scale)
  const auto od = std::find(r.kinds.begin(), r.kinds.end(), ComputeOption::OnDemand);
  bool need_od = pc_auto && std::find(r.kinds.begin(), r.kinds.end(), ComputeOption::Provisioned) !=
                                r.kinds.end();
  std::vector<ComputeOption> kinds = r.kinds;
  if (need_od && od == r.kinds.end()) kinds.insert(kinds.begin(), ComputeOption::OnDemand);
  std::vector<std::vector<CompareCell>> cells(kinds.size(),
                                              std::vector<CompareCell>(r.scales.size()));
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    if (kinds[k] == ComputeOption::Provisioned && pc_auto) continue;
    for (std::size_t s = 0; s < r.scales.size(); ++s) {
      const int pc = kinds[k] == ComputeOption::Provisioned ? request.provisioned.value_or(-1) : -1;
      first.push_back(load(kinds[k], r.scales[s], pc));
      first_at.emplace_back(k, s);
    }
  }
  // Every kind at every level, the provisioned ones that follow the load
  // in a second batch.
  if (runner.expect)
    runner.expect(kinds.size() * r.scales.size() * static_cast<std::size_t>(base.replications));
  const std::vector<RunSet> sets = run_scenarios(first, runner);
  for (std::size_t i = 0; i < sets.size(); ++i)
    cells[first_at[i].first][first_at[i].second] = make_cell(sets[i], name);
  if (pc_auto) {
    const auto pk = std::find(kinds.begin(), kinds.end(), ComputeOption::Provisioned);
    if (pk != kinds.end()) {
      const std::size_t k = static_cast<std::size_t>(pk - kinds.begin());
      const std::size_t odk = static_cast<std::size_t>(
          std::find(kinds.begin(), kinds.end(), ComputeOption::OnDemand) - kinds.begin());
      std::vector<int> levels;
      for (std::size_t s = 0; s < r.scales.size(); ++s) {
        std::size_t i = 0;
        while (!(first_at[i].first == odk && first_at[i].second == s)) ++i;
        const double mean = metric(sets[i], "functions." + name + ".concurrency.mean");
        levels.push_back(std::max(1, static_cast<int>(std::ceil(mean))));
        second.push_back(load(ComputeOption::Provisioned, r.scales[s], levels.back()));
        second_at.emplace_back(k, s);
      }
      const std::vector<RunSet> pc_sets = run_scenarios(second, runner);
      for (std::size_t i = 0; i < pc_sets.size(); ++i) {
        CompareCell c = make_cell(pc_sets[i], name);
        c.provisioned = levels[i];
        cells[k][second_at[i].second] = c;
      }
    }
  } else {
    for (std::size_t k = 0; k < kinds.size(); ++k)
      if (kinds[k] == ComputeOption::Provisioned)
        for (auto& c : cells[k]) c.provisioned = request.provisioned;
  }
  // Offered rate at each scale, from the first kind's arrivals.
  const double seconds = sim::to_seconds(base.horizon - base.warmup);
  for (std::size_t s = 0; s < r.scales.size(); ++s) {
    std::size_t i = 0;
    while (first_at[i].second != s) ++i;
    r.rates.push_back(metric(sets[i], "functions." + name + ".arrivals") / seconds);
  }
  for (ComputeOption kind : r.kinds) {
    const auto k =
        static_cast<std::size_t>(std::find(kinds.begin(), kinds.end(), kind) - kinds.begin());
    r.cells.push_back(cells[k]);
  }
  if (std::find(r.kinds.begin(), r.kinds.end(), ComputeOption::Web) != r.kinds.end())
    r.web_rates_published = load(ComputeOption::Web, 1.0, -1).functions[f].web->rates_published;
  r.notes = provisioned_notes(r, base.functions[f], request, pc_auto);
  r.notes.insert(r.notes.end(), left_out.begin(), left_out.end());
  find_break_even(r);
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace ls::tools
