// Application Auto Scaling of provisioned concurrency: a ScalableTarget
// (ServiceNamespace lambda, ScalableDimension
// lambda:function:ProvisionedConcurrency) with its ScheduledActions, and
// target-tracking ScalingPolicies on it.
//
// Scheduled actions are replayed the way Application Auto Scaling applies
// them: each sets a new [MinCapacity, MaxCapacity] and the capacity is moved
// into it (raised to the minimum, lowered to the maximum). The level at the
// scenario's start comes from replaying the 35 days before it, so a daily or
// weekly schedule is in the state it would be in.
#include <fmt/format.h>

#include <algorithm>

#include "tools/study/import_cfn_internal.hpp"
#include "tools/study/import_schedule.hpp"

namespace ls::tools::import::cfn {

namespace {

constexpr std::int64_t kLookBack = 35 * 86400;

struct Action {
  std::int64_t at = 0;
  std::optional<long long> min, max;
  std::size_t order = 0;  // template order breaks ties
};

std::optional<long long> int_prop(Template& t, const Prop& p) {
  if (!p.set()) return std::nullopt;
  const Sourced v = int_value(p, 0, 10000000, "", t.result);
  if (!v.resolved()) return std::nullopt;
  return std::stoll(v.yaml);
}

// The actions of one ScheduledActions entry within [from, to).
void expand_action(Template& t, const Resource& target, std::size_t index, std::int64_t from,
                   std::int64_t to, std::vector<Action>& out, std::vector<std::string>& described) {
  const std::string base = fmt::format("ScheduledActions[{}]", index);
  const Prop schedule = t.prop(target, base + ".Schedule");
  if (!schedule.set() || !schedule.value->is_scalar()) {
    t.result.warn(schedule.origin + ": " +
                  (schedule.set() ? schedule.value->why : std::string("missing")) +
                  "; action ignored");
    return;
  }
  std::string why;
  const auto e = parse_schedule(schedule.value->text, &why);
  if (!e) {
    t.result.warn(schedule.origin + ": " + why + "; action ignored");
    return;
  }
  // at() and cron() are read on the clocks of the action's Timezone;
  // StartTime and EndTime are UTC (the CloudFormation reference says so).
  const std::optional<TimeZone> zone = schedule_zone(t, target, base + ".Timezone");
  if (!zone) return;
  std::int64_t lo = from, hi = to;
  for (const char* bound : {"StartTime", "EndTime"}) {
    const Prop p = t.prop(target, base + "." + bound);
    if (!p.set()) continue;
    const auto when = p.value->is_scalar() ? parse_utc(p.value->text) : std::nullopt;
    if (!when) {
      t.result.warn(p.origin + ": not a time (yyyy-mm-ddThh:mm:ssZ); the bound is ignored");
      continue;
    }
    if (std::string(bound) == "StartTime")
      lo = std::max(lo, *when);
    else
      hi = std::min(hi, *when + 1);
  }
  Action a;
  a.min = int_prop(t, t.prop(target, base + ".ScalableTargetAction.MinCapacity"));
  a.max = int_prop(t, t.prop(target, base + ".ScalableTargetAction.MaxCapacity"));
  a.order = index;
  const Prop name = t.prop(target, base + ".ScheduledActionName");
  described.push_back(fmt::format("{} {}{} -> min {}, max {}",
                                  name.set() && name.value->is_scalar() ? name.value->text : base,
                                  schedule.value->text,
                                  zone->is_utc() ? "" : " (" + zone->name() + ")",
                                  a.min ? std::to_string(*a.min) : "-",
                                  a.max ? std::to_string(*a.max) : "-"));
  // A rate() counts from the action's StartTime when it has one.
  for (std::int64_t at : occurrences(*e, lo, hi, lo, *zone)) {
    a.at = at;
    out.push_back(a);
  }
}

long long clamp_level(long long level, std::optional<long long> min, std::optional<long long> max) {
  if (min) level = std::max(level, *min);
  if (max) level = std::min(level, *max);
  return level;
}

void read_target(Template& t, const Resource& target) {
  const Prop id = t.prop(target, "ResourceId");
  const std::string fn = id.set() ? function_for(t, *id.value, nullptr) : "";
  if (fn.empty()) {
    t.result.unsupported.push_back(
        fmt::format("{}: ResourceId '{}' names no function of this input", target.describe(),
                    id.set() ? id.value->text : ""));
    return;
  }
  t.consumed.insert(target.id);
  ImportedFunction* f = t.result.function_named(fn);
  const std::optional<long long> min = int_prop(t, t.prop(target, "MinCapacity"));
  const std::optional<long long> max = int_prop(t, t.prop(target, "MaxCapacity"));
  const std::string limits = fmt::format("{} MinCapacity/MaxCapacity", target.id);

  // Target tracking policies on this target.
  const Resource* policy = nullptr;
  for (const auto& r : t.resources) {
    if (r.type != "AWS::ApplicationAutoScaling::ScalingPolicy") continue;
    const Prop by_id = t.prop(r, "ScalingTargetId");
    const Prop by_resource = t.prop(r, "ResourceId");
    const bool mine = (by_id.set() &&
                       std::count(by_id.value->refs.begin(), by_id.value->refs.end(), target.id)) ||
                      (by_resource.set() && function_for(t, *by_resource.value, nullptr) == fn);
    if (!mine) continue;
    t.consumed.insert(r.id);
    const Prop type = t.prop(r, "PolicyType");
    if (!type.set() || type.value->text != "TargetTrackingScaling") {
      t.result.unsupported.push_back(
          fmt::format("{}: PolicyType {} is not simulated (target tracking is)", r.describe(),
                      type.set() ? type.value->text : "?"));
      continue;
    }
    if (policy != nullptr) {
      t.result.warn(r.id + ": a second target-tracking policy on " + target.id + "; only " +
                    policy->id + " is imported");
      continue;
    }
    policy = &r;
  }

  // Scheduled actions, replayed from before the scenario's start.
  std::vector<Action> actions;
  std::vector<std::string> described;
  const ImportOptions& o = *t.options;
  if (const CfnValue* list = target.properties.get("ScheduledActions");
      list != nullptr && list->kind == CfnValue::Kind::List) {
    for (std::size_t i = 0; i < list->items.size(); ++i)
      expand_action(t, target, i, o.start - kLookBack, o.start + o.horizon_seconds, actions,
                    described);
  }
  std::stable_sort(actions.begin(), actions.end(), [](const Action& a, const Action& b) {
    return a.at != b.at ? a.at < b.at : a.order < b.order;
  });

  if (policy != nullptr) {
    const std::string base = "TargetTrackingScalingPolicyConfiguration";
    const Prop value = t.prop(*policy, base + ".TargetValue");
    const Prop metric =
        t.prop(*policy, base + ".PredefinedMetricSpecification.PredefinedMetricType");
    if (metric.set() && metric.value->text != "LambdaProvisionedConcurrencyUtilization") {
      t.result.warn(metric.origin + " " + metric.value->text +
                    ": lambdasim tracks provisioned concurrency utilisation only");
    }
    double target_value = 0;
    bool ok = value.set() && value.value->is_scalar();
    if (ok) {
      try {
        target_value = std::stod(value.value->text);
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (ok && target_value > 1 && target_value <= 100)
      target_value /= 100;  // written as a percentage
    if (!ok || !(target_value > 0 && target_value <= 1) || !max) {
      const std::string why = !max ? limits + ": MaxCapacity is not known"
                                   : value.origin + ": expected a utilisation in (0, 1]";
      t.result.warn(why);
      set(f->settings, "provisioned_concurrency", {"", value.origin, why, false});
      return;
    }
    set(f->settings, "provisioned_concurrency",
        {fmt::format("{{target_utilization: {:g}, min: {}, max: {}}}", target_value,
                     min.value_or(0), *max),
         fmt::format("{} TargetValue, {}", policy->id, limits), "", false});
    for (const char* cooldown : {"ScaleInCooldown", "ScaleOutCooldown"}) {
      if (const Prop p = t.prop(*policy, base + "." + cooldown); p.set())
        f->notes.push_back(p.origin +
                           ": cooldowns have no scenario key (scale_out_delay and "
                           "scale_in_delay are how long utilisation must stay off target)");
    }
    if (!described.empty()) {
      std::string list;
      for (const auto& d : described) list += (list.empty() ? "" : "; ") + d;
      t.result.warn(
          fmt::format("{}: scheduled actions beside target tracking cannot both be "
                      "expressed; target tracking within MinCapacity/MaxCapacity is "
                      "imported, the actions are not ({})",
                      target.id, list));
    }
    return;
  }

  // No policy: the level is the alias's configured value (else MinCapacity),
  // moved into each new [min, max].
  const auto alias = t.alias_pc.find(fn);
  long long level =
      clamp_level(alias != t.alias_pc.end() ? alias->second.first : min.value_or(0), min, max);
  std::size_t next = 0;
  for (; next < actions.size() && actions[next].at < o.start; ++next)
    level = clamp_level(level, actions[next].min, actions[next].max);
  std::vector<std::pair<std::int64_t, long long>> steps = {{0, level}};  // relative s, level
  for (; next < actions.size(); ++next) {
    level = clamp_level(level, actions[next].min, actions[next].max);
    const std::int64_t at = actions[next].at - o.start;
    if (steps.back().first == at)
      steps.back().second = level;
    else
      steps.emplace_back(at, level);
  }
  std::string origin = limits;
  if (alias != t.alias_pc.end()) origin = alias->second.second + ", " + origin;
  std::vector<std::pair<std::int64_t, long long>> kept;  // without repeated levels
  for (const auto& step : steps)
    if (kept.empty() || kept.back().second != step.second) kept.push_back(step);
  if (kept.size() == 1) {
    set(f->settings, "provisioned_concurrency",
        {std::to_string(kept[0].second), origin, "", false});
    for (const auto& d : described)
      f->notes.push_back(target.id +
                         " scheduled action (the level does not change in the window) " + d);
    return;
  }
  std::string list;
  for (const auto& [at, value] : kept) {
    list += fmt::format("{}{{at: {}, value: {}}}", list.empty() ? "" : ", ",
                        at == 0 ? "0s" : duration_text(static_cast<double>(at)), value);
  }
  for (const auto& d : described) f->notes.push_back(target.id + " scheduled action " + d);
  set(f->settings, "provisioned_concurrency",
      {"{schedule: [" + list + "]}",
       fmt::format("{} + {} ScheduledActions, from {}", origin, target.id, format_utc(o.start)), "",
       false});
}

}  // namespace

void read_provisioned_scaling(Template& t) {
  for (const auto& r : t.resources) {
    if (r.type != "AWS::ApplicationAutoScaling::ScalableTarget") continue;
    const Prop ns = t.prop(r, "ServiceNamespace");
    const Prop dim = t.prop(r, "ScalableDimension");
    if (!ns.set() || ns.value->text != "lambda" || !dim.set() ||
        dim.value->text != "lambda:function:ProvisionedConcurrency") {
      continue;  // another service's target: listed as not simulated
    }
    read_target(t, r);
  }
}

}  // namespace ls::tools::import::cfn
