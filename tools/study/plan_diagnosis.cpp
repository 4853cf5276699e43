#include "tools/study/plan_diagnosis.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "models/config/scenario_loader.hpp"
#include "tools/io/number_text.hpp"

namespace ls::tools {
namespace {

// What the diagnosis reads: the closest configuration's scenario and runs,
// and the same configuration run with the concurrency limits lifted.
struct Context {
  const PlanSpec& spec;
  const Evaluation& closest;
  models::Scenario at;  // the closest configuration as loaded
  RunSet demand;        // with the limits lifted

  double closest_metric(const std::string& path) const {
    const auto m = find_metric(closest.metrics, path);
    return m ? m->mean : 0.0;
  }
  double demand_metric(const std::string& path) const {
    const auto m = find_metric(demand.metrics, path);
    return m ? m->mean : 0.0;
  }
  const models::FunctionConfig* function(const std::string& name) const {
    for (const auto& f : at.functions)
      if (f.name == name) return &f;
    return nullptr;
  }
};

// "functions.checkout.latency_ms.p99" → {"checkout", "latency_ms.p99"}.
std::pair<std::string, std::string> split_metric(const std::string& metric) {
  const std::string prefix = "functions.";
  if (metric.rfind(prefix, 0) != 0) return {"", metric};
  const std::size_t dot = metric.find('.', prefix.size());
  if (dot == std::string::npos) return {"", metric};
  return {metric.substr(prefix.size(), dot - prefix.size()), metric.substr(dot + 1)};
}

// The largest value of `function`'s reservation variable, if plan varies it.
std::optional<int> reserved_range_top(const PlanSpec& spec, const std::string& function) {
  for (const auto& v : spec.variables)
    if (v.function == function && v.kind == VariableKind::Reserved) return v.numbers.back();
  return std::nullopt;
}

std::string capacity_cause(const Context& c, const std::string& name, std::size_t cause) {
  const models::PlatformConfig& p = c.at.platform;
  const double peak = c.demand_metric("functions." + name + ".concurrency.max");
  std::string out = fmt::format(
      "{} needs ~{} concurrent executions at its peak (measured with the concurrency limits "
      "lifted)",
      name, grouped_number(peak));
  long long others = 0;
  for (const auto& f : c.at.functions)
    if (f.name != name && f.reserved_concurrency) others += *f.reserved_concurrency;
  const models::FunctionConfig* self = c.function(name);
  const long long room = p.account_concurrency - p.unreserved_minimum - others;
  const std::string other_text =
      others > 0 ? fmt::format(" and other functions reserve {}", grouped_number(double(others)))
                 : "";
  const auto top = reserved_range_top(c.spec, name);
  if (cause == static_cast<std::size_t>(models::ThrottleCause::ReservedLimit) && top &&
      *top < room) {
    return out + fmt::format(
                     "; the reserved_concurrency range searched stops at {}: widen it "
                     "(--reserved {}=...) up to {}, what the account limit leaves",
                     grouped_number(*top), name, grouped_number(double(room)));
  }
  if (self && self->reserved_concurrency)
    return out + fmt::format(
                     "; the account limit ({}) leaves {} for reservations ({} must stay "
                     "unreserved{}): ask AWS for a higher account concurrency quota, or make "
                     "each request shorter (more memory)",
                     grouped_number(p.account_concurrency), grouped_number(double(room)),
                     grouped_number(p.unreserved_minimum), other_text);
  return out + fmt::format(
                   "; the account limit ({}) leaves it {} in the unreserved pool{}: ask AWS for "
                   "a higher account concurrency quota, or make each request shorter (more "
                   "memory)",
                   grouped_number(p.account_concurrency),
                   grouped_number(double(p.account_concurrency - others)), other_text);
}

std::string throttle_cause(const Context& c, const std::string& name) {
  const std::string p = "functions." + name + ".";
  std::size_t cause = 0;
  double most = -1, all = 0;
  for (std::size_t k = 0; k < models::kThrottleCauses; ++k) {
    const double n = c.closest_metric(p + "throttled_by." + models::kThrottleCauseNames[k]);
    all += n;
    if (n > most) {
      most = n;
      cause = k;
    }
  }
  const std::string share =
      all > 0 ? fmt::format(" ({} of its throttles)", percent_text(most / all)) : "";
  switch (static_cast<models::ThrottleCause>(cause)) {
    case models::ThrottleCause::AccountLimit:
    case models::ThrottleCause::ReservedLimit: return capacity_cause(c, name, cause);
    case models::ThrottleCause::ScalingRate: {
      const models::ScalingConfig& s = c.at.platform.scaling;
      return fmt::format(
          "{}'s traffic rises faster than Lambda adds environments ({} per {} per "
          "function){}: provisioned concurrency ahead of the rise avoids it (widen the "
          "--provisioned range)",
          name, grouped_number(s.step), duration_text(sim::to_seconds(s.every)), share);
    }
    case models::ThrottleCause::RpsCap:
      return fmt::format(
          "{} hits the requests-per-second cap ({} x its concurrency){}: more reserved "
          "concurrency raises the cap",
          name, grouped_number(c.at.platform.rps_per_concurrency), share);
    default:
      return fmt::format("{} is throttled by {}{}", name, models::kThrottleCauseNames[cause],
                         share);
  }
}

std::string latency_cause(const Context& c, const Constraint& k, const ConstraintResult& r,
                          const std::string& name, const std::string& stat_path) {
  const std::string stat = stat_path.substr(stat_path.rfind('.') + 1);
  const double free = c.demand_metric(k.metric);
  const models::FunctionConfig* f = c.function(name);
  const std::string memory = f ? fmt::format(" at {} MB", grouped_number(f->memory_mb)) : "";
  const double cold = c.closest_metric("functions." + name + ".cold_start_ratio");
  if (free > k.limit)
    return fmt::format(
        "{}'s {} is {} ms{} even with the concurrency limits lifted (limit {} ms; cold starts "
        "{} of invocations): {}",
        name, stat, grouped_number(free, 1), memory, grouped_number(k.limit), percent_text(cold),
        cold * 100 >= 1
            ? "cold starts are frequent: widen the --provisioned range (or the --memory range)"
            : "the execution time itself is too long there: widen the --memory range, make "
              "the code faster, or relax the objective");
  return fmt::format(
      "{}'s {} is {} ms at the closest configuration but {} ms with the concurrency limits "
      "lifted (limit {} ms): throttled requests waiting to retry make it slow",
      name, stat, grouped_number(r.mean, 1), grouped_number(free, 1), grouped_number(k.limit));
}

}  // namespace

std::vector<std::string> diagnose_infeasible(const PlanSpec& spec, const Evaluation& closest,
                                             const RunnerOptions& options) {
  models::LoadOptions opts = spec.base;
  for (const auto& s : closest.sets) opts.sets.push_back(s);
  Context c{spec, closest, models::load_scenario(spec.scenario_path, opts), {}};
  models::LoadOptions lifted = opts;
  lifted.sets.push_back("platform.account_concurrency=10000000");
  for (const auto& f : c.at.functions)
    lifted.sets.push_back("functions." + f.name + ".reserved_concurrency=null");
  lifted.sets.push_back("replications=1");
  c.demand = run_replications(models::load_scenario(spec.scenario_path, lifted), options);

  std::vector<std::string> out;
  for (std::size_t k = 0; k < spec.constraints.size(); ++k) {
    const Constraint& constraint = spec.constraints[k];
    const ConstraintResult& r = closest.constraints[k];
    if (r.ok) continue;
    const auto [name, rest] = split_metric(constraint.metric);
    std::string cause;
    if (!name.empty() && rest == "throttle_rate_final")
      cause = throttle_cause(c, name);
    else if (!name.empty() && rest.rfind("latency_ms.", 0) == 0)
      cause = latency_cause(c, constraint, r, name, rest);
    else
      cause = fmt::format("{} is {} at the closest configuration", constraint.metric,
                          grouped_number(r.mean, 3));
    if (std::find(out.begin(), out.end(), cause) == out.end()) out.push_back(cause);
  }
  return out;
}

}  // namespace ls::tools
