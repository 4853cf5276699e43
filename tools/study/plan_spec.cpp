#include "tools/study/plan_spec.hpp"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "models/config/scenario_keys.hpp"
#include "models/config/text.hpp"
#include "models/config/units.hpp"
#include "tools/study/grid_spec.hpp"
#include "tools/study/load_factor.hpp"

namespace ls::tools {
using models::trim;

namespace {

constexpr std::string_view kLatencyStats[] = {"p50", "p90", "p95", "p99", "p999", "mean", "max"};

std::vector<std::string_view> function_names(const models::Scenario& s) {
  std::vector<std::string_view> names;
  for (const auto& f : s.functions) names.push_back(f.name);
  return names;
}

[[noreturn]] void unknown_function(const std::string& name, const models::Scenario& s,
                                   const SourceLocation& where, const std::string& path) {
  const auto names = function_names(s);
  std::string message = "no function named '" + name + "'";
  if (auto guess = models::keys::closest(name, names); !guess.empty())
    message += "; did you mean '" + std::string(guess) + "'?";
  throw Error(where, path, message + " (functions: " + models::keys::join(names) + ")");
}

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

VariableKind kind_of(std::string_view key) {
  if (key == "memory_mb") return VariableKind::Memory;
  if (key == "architecture") return VariableKind::Architecture;
  if (key == "reserved_concurrency") return VariableKind::Reserved;
  return VariableKind::Provisioned;
}

// Checks and orders a variable's values.
Variable make_variable(std::string function, VariableKind kind, std::vector<std::string> values,
                       const SourceLocation& where, const std::string& path) {
  Variable v{std::move(function), kind, {}, {}, -1, ""};
  if (kind == VariableKind::Architecture) {
    for (const auto& a : values) {
      if (a != "x86_64" && a != "arm64")
        throw Error(where, path, "unknown architecture '" + a + "'; choose x86_64 or arm64");
      if (std::find(v.values.begin(), v.values.end(), a) == v.values.end()) v.values.push_back(a);
    }
    return v;
  }
  const int lo = kind == VariableKind::Memory ? 128 : 0;
  const int hi = kind == VariableKind::Memory ? 10240 : 10'000'000;
  for (const auto& text : values) {
    const auto n = to_int(text);
    if (!n || *n < lo || *n > hi)
      throw Error(where, path,
                  "expected whole numbers from " + std::to_string(lo) + " to " +
                      std::to_string(hi) + ", got '" + text + "'");
    v.numbers.push_back(*n);
  }
  std::sort(v.numbers.begin(), v.numbers.end());
  v.numbers.erase(std::unique(v.numbers.begin(), v.numbers.end()), v.numbers.end());
  for (int n : v.numbers) v.values.push_back(std::to_string(n));
  return v;
}

// "api.schedule[1]" of --provisioned: the step of api's PC schedule; sets
// `function` to "api" and returns the step (-1 when there is no .schedule[k]).
int schedule_window(std::string& function, const models::Scenario& s, const SourceLocation& where) {
  const std::size_t dot = function.find(".schedule[");
  if (dot == std::string::npos) return -1;
  const std::string spec = function;
  function = spec.substr(0, dot);
  const std::size_t open = dot + 10;
  // -1 stands for "not a step number" (GCC cannot see through an optional here).
  const int k =
      spec.back() == ']'
          ? to_int(std::string_view(spec).substr(open, spec.size() - open - 1)).value_or(-1)
          : -1;
  const auto f = std::find_if(s.functions.begin(), s.functions.end(),
                              [&](const auto& fn) { return fn.name == function; });
  if (f == s.functions.end()) unknown_function(function, s, where, "");
  const auto& pc = *f->provisioned;
  if (pc.tracking || pc.schedule.empty())
    throw Error(where, spec,
                "the function has no provisioned_concurrency schedule to vary; give one in the "
                "scenario ({schedule: [{at: 0s, value: N}, {at: 8h, value: M}]})");
  if (k < 0 || static_cast<std::size_t>(k) >= pc.schedule.size())
    throw Error(where, spec,
                "expected FUNCTION.schedule[K] with K from 0 to " +
                    std::to_string(pc.schedule.size() - 1) + " (a step of its schedule)");
  return k;
}

// "--memory api=512,1024" (or "512,1024" when the scenario has one function);
// "--provisioned api.schedule[1]=0..50" for one step of a PC schedule.
Variable variable_flag(const std::string& flag, VariableKind kind, const std::string& text,
                       const models::Scenario& s) {
  const SourceLocation where{flag, 0, 0};
  const std::size_t eq = text.find('=');
  std::string function, values = text;
  if (eq == std::string::npos) {
    if (s.functions.size() != 1)
      throw Error(
          where, "",
          "expected FUNCTION=VALUES (the scenario has several functions), got '" + text + "'");
    function = s.functions.front().name;
  } else {
    function = std::string(trim(std::string_view(text).substr(0, eq)));
    values = text.substr(eq + 1);
  }
  const std::string path = function;
  const int window = kind == VariableKind::Provisioned ? schedule_window(function, s, where) : -1;
  if (std::none_of(s.functions.begin(), s.functions.end(),
                   [&](const auto& f) { return f.name == function; }))
    unknown_function(function, s, where, "");
  Variable v = make_variable(function, kind, parse_values(values, where, path), where, path);
  v.window = window;
  if (window >= 0)
    for (const auto& f : s.functions)
      if (f.name == function)
        v.window_at = format_number(sim::to_seconds(f.provisioned->schedule[window].at)) + "s";
  return v;
}

void add_constraints(PlanSpec& spec, const PlanFlags& flags) {
  const models::PlanConfig& block = spec.scenario.plan;
  if (!flags.slo.empty()) {
    for (const auto& s : flags.slo)
      spec.constraints.push_back(parse_slo(s, spec.scenario, {"--slo", 0, 0}, ""));
  } else {
    for (const auto& s : block.slo)
      spec.constraints.push_back(parse_slo(s.text, spec.scenario, s.where, s.path));
  }
  std::optional<double> throttle;
  if (flags.max_throttle)
    throttle = parse_fraction(*flags.max_throttle, {"--max-throttle", 0, 0}, "");
  else if (block.max_throttle)
    throttle = parse_fraction(block.max_throttle->text, block.max_throttle->where,
                              block.max_throttle->path);
  if (throttle) {
    for (std::size_t f = 0; f < spec.scenario.functions.size(); ++f) {
      const std::string& name = spec.scenario.functions[f].name;
      if (std::none_of(spec.scenario.workloads.begin(), spec.scenario.workloads.end(),
                       [&](const auto& w) { return w.function == f; }))
        continue;
      spec.constraints.push_back({name + " throttled<=" + format_number(*throttle * 100) + "%",
                                  "functions." + name + ".throttle_rate_final", *throttle, "%"});
    }
  }
  std::optional<std::string> dlq = flags.max_dlq;
  if (!dlq && block.max_dlq) dlq = block.max_dlq->text;
  if (dlq) {
    const auto n = to_int(*dlq);
    if (!n || *n < 0)
      throw Error(SourceLocation{"--max-dlq", 0, 0}, "",
                  "expected a count >= 0, got '" + *dlq + "'");
    spec.constraints.push_back({"dlq<=" + *dlq, "totals.dlq", static_cast<double>(*n), ""});
  }
}

void add_variables(PlanSpec& spec, const PlanFlags& flags) {
  for (const auto& v : spec.scenario.plan.variables)
    spec.variables.push_back(make_variable(
        v.function, kind_of(v.key), expand_items(v.values, v.where, v.path), v.where, v.path));
  const std::pair<const std::vector<std::string>*, std::pair<const char*, VariableKind>> given[] = {
      {&flags.memory, {"--memory", VariableKind::Memory}},
      {&flags.architecture, {"--architecture", VariableKind::Architecture}},
      {&flags.reserved, {"--reserved", VariableKind::Reserved}},
      {&flags.provisioned, {"--provisioned", VariableKind::Provisioned}}};
  for (const auto& [list, what] : given) {
    for (const auto& text : *list) {
      Variable v = variable_flag(what.first, what.second, text, spec.scenario);
      std::erase_if(spec.variables, [&](const Variable& old) {
        return old.function == v.function && old.kind == v.kind && old.window == v.window;
      });
      // A constant PC replaces the schedule, so it cannot be varied with a step of it.
      for (const auto& old : spec.variables)
        if (old.function == v.function && old.kind == v.kind && (old.window < 0) != (v.window < 0))
          throw Error(SourceLocation{what.first, 0, 0}, v.function,
                      "vary either the constant provisioned concurrency or steps of its "
                      "schedule (FUNCTION.schedule[K]=VALUES), not both");
      spec.variables.push_back(std::move(v));
    }
  }
  // Function order, then memory, architecture, reserved, provisioned.
  auto rank = [&](const Variable& v) {
    std::size_t f = 0;
    while (spec.scenario.functions[f].name != v.function) ++f;
    return std::tuple(f, static_cast<int>(v.kind), v.window);
  };
  std::stable_sort(spec.variables.begin(), spec.variables.end(),
                   [&](const Variable& a, const Variable& b) { return rank(a) < rank(b); });
}

}  // namespace

std::string Variable::name() const {
  static constexpr const char* kKeys[] = {"memory_mb", "architecture", "reserved_concurrency",
                                          "provisioned_concurrency"};
  std::string out = kKeys[static_cast<int>(kind)];
  if (window >= 0) out += ".schedule[" + std::to_string(window) + "]";
  return out;
}

std::string Variable::key() const {
  return "functions." + function + "." + name() + (window >= 0 ? ".value" : "");
}

std::string Variable::label() const {
  static constexpr const char* kLabels[] = {"memory", "arch", "reserved", "PC"};
  return std::string(kLabels[static_cast<int>(kind)]) + (window >= 0 ? " from " + window_at : "");
}

Constraint parse_slo(std::string_view text, const models::Scenario& s, const SourceLocation& where,
                     const std::string& path) {
  const auto bad = [&](const std::string& why) {
    return Error(where, path,
                 why +
                     "; write FUNCTION.STAT<=VALUE, STAT one of p50, p90, p95, p99, p999, mean, "
                     "max (a duration), cold_start_ratio, throttle_rate (a fraction or %), "
                     "FUNCTION a function or total, e.g. checkout.p99<=500ms; got '" +
                     std::string(text) + "'");
  };
  const std::size_t op = text.find('<');
  if (op == std::string_view::npos) throw bad("no <= in the objective");
  const std::string_view lhs = trim(text.substr(0, op));
  const std::string_view rhs =
      trim(text.substr(op + (op + 1 < text.size() && text[op + 1] == '=' ? 2 : 1)));
  const std::size_t dot = lhs.rfind('.');
  if (dot == std::string_view::npos || rhs.empty()) throw bad("malformed objective");
  const std::string target(lhs.substr(0, dot));
  const std::string stat(lhs.substr(dot + 1));
  std::string prefix = "totals";
  if (target != "total" && target != "totals") {
    if (std::none_of(s.functions.begin(), s.functions.end(),
                     [&](const auto& f) { return f.name == target; }))
      unknown_function(target, s, where, path);
    prefix = "functions." + target;
  }
  const std::string name = std::string(lhs) + "<=" + std::string(rhs);
  if (std::find(std::begin(kLatencyStats), std::end(kLatencyStats), stat) !=
      std::end(kLatencyStats)) {
    try {
      const double ms = sim::to_seconds(models::parse_duration(rhs)) * 1000.0;
      return {name, prefix + ".latency_ms." + stat, ms, "ms"};
    } catch (const models::UnitError& e) {
      throw bad(std::string("the limit must be a duration (") + e.what() + ")");
    }
  }
  if (stat == "cold_start_ratio" || stat == "cold_starts")
    return {name, prefix + ".cold_start_ratio", parse_fraction(rhs, where, path), "%"};
  if (stat == "throttle_rate" || stat == "throttled")
    return {name, prefix + ".throttle_rate_final", parse_fraction(rhs, where, path), "%"};
  throw bad("unknown statistic '" + stat + "'");
}

PlanSpec make_plan_spec(const std::string& path, models::LoadOptions opts, const PlanFlags& flags) {
  PlanSpec spec;
  spec.scenario_path = path;
  spec.max_combinations = std::max<std::size_t>(1, flags.max_combinations);
  models::Scenario first = models::load_scenario(path, opts);
  const models::PlanConfig& block = first.plan;
  if (flags.load)
    spec.load = parse_load_factor(*flags.load, {"--load", 0, 0}, "");
  else if (block.load)
    spec.load = parse_load_factor(block.load->text, block.load->where, block.load->path);
  spec.replications = flags.replications.value_or(
      block.replications.value_or(first.replications >= 2 ? first.replications : 3));
  if (spec.replications < 2 || spec.replications > 1000)
    throw Error(SourceLocation{"--replications", 0, 0}, "",
                "plan needs 2 to 1000 replications (a confidence interval needs two)");
  spec.objective = flags.objective.value_or(block.objective);
  if (spec.objective != "total-cost" && spec.objective != "cost-per-million")
    throw Error(SourceLocation{"--objective", 0, 0}, "",
                "expected total-cost or cost-per-million, got '" + spec.objective + "'");
  std::vector<std::string> sets = load_factor_sets(first, spec.load);
  sets.push_back("replications=" + std::to_string(spec.replications));
  spec.scenario = models::with_variant(first, sets);
  opts.sets.insert(opts.sets.end(), sets.begin(), sets.end());
  spec.base = opts;
  add_constraints(spec, flags);
  add_variables(spec, flags);
  spec.latency_metric = "totals.latency_ms.p99";
  for (const auto& c : spec.constraints)
    if (c.unit == "ms") {
      spec.latency_metric = c.metric;
      break;
    }
  return spec;
}

}  // namespace ls::tools
