#include "tools/study/bill_compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ls::tools::import {

namespace {

constexpr BillItem kCompared[] = {BillItem::Requests, BillItem::Duration,
                                  BillItem::ProvisionedAllocated, BillItem::ProvisionedDuration,
                                  BillItem::Ephemeral};

// lambdasim's usage and cost of one item (INIT is billed inside the
// Lambda-GB-Second usage type, so it counts as duration).
std::pair<double, double> simulated(const models::CostBreakdown& c, BillItem item) {
  const auto& q = c.quantity;
  switch (item) {
    case BillItem::Requests: return {q.billed_requests, c.requests};
    case BillItem::Duration: return {q.ondemand_gb_s + q.init_gb_s, c.duration + c.init};
    case BillItem::ProvisionedAllocated: return {q.pc_allocated_gb_s, c.provisioned_allocated};
    case BillItem::ProvisionedDuration: return {q.pc_duration_gb_s, c.provisioned_duration};
    case BillItem::Ephemeral: return {q.ephemeral_gb_s, c.ephemeral};
    case BillItem::Other: break;
  }
  return {0, 0};
}

std::string match(const models::Scenario& s, const std::string& cur_name,
                  const std::map<std::string, std::string>& aws_names) {
  for (const auto& [fn, aws] : aws_names)
    if (aws == cur_name) return fn;
  for (const auto& f : s.functions)
    if (f.name == cur_name) return f.name;
  for (const auto& f : s.functions)
    if (!aws_names.count(f.name) && cur_name.find("-" + f.name + "-") != std::string::npos)
      return f.name;
  return "";
}

}  // namespace

BillComparison compare_bill(const models::Scenario& scenario,
                            const std::vector<models::Bill>& bills, const CurData& cur,
                            const std::map<std::string, std::string>& aws_names) {
  BillComparison out;
  out.currency = cur.currency;
  out.cur_hours = static_cast<double>(cur.end - cur.start) / 3600.0;
  out.sim_hours = sim::to_seconds(scenario.horizon) / 3600.0;
  if (!bills.empty() && bills.front().projected_to_month) {
    out.sim_hours = 730;
    out.notes.push_back(
        "lambdasim's bill is projected to a 730-hour month (platform.billing.project_to)");
  }
  if (std::abs(out.cur_hours - out.sim_hours) > 1e-9) {
    out.notes.push_back(
        fmt::format("the windows differ: the CUR covers {:g} h, the simulation {:g} h; figures "
                    "are not rescaled",
                    out.cur_hours, out.sim_hours));
  }
  // The mean bill over the replications.
  std::vector<models::CostBreakdown> mean(scenario.functions.size());
  for (const auto& b : bills) {
    for (std::size_t i = 0; i < mean.size() && i < b.functions.size(); ++i) {
      const auto& c = b.functions[i];
      auto& m = mean[i];
      const double n = static_cast<double>(bills.size());
      m.requests += c.requests / n;
      m.duration += c.duration / n;
      m.init += c.init / n;
      m.provisioned_allocated += c.provisioned_allocated / n;
      m.provisioned_duration += c.provisioned_duration / n;
      m.ephemeral += c.ephemeral / n;
      m.free_tier_credit += c.free_tier_credit / n;
      m.instances += (c.instances + c.management_fee + c.web_cpu + c.web_memory) / n;
      m.quantity.billed_requests += c.quantity.billed_requests / n;
      m.quantity.ondemand_gb_s += c.quantity.ondemand_gb_s / n;
      m.quantity.init_gb_s += c.quantity.init_gb_s / n;
      m.quantity.pc_allocated_gb_s += c.quantity.pc_allocated_gb_s / n;
      m.quantity.pc_duration_gb_s += c.quantity.pc_duration_gb_s / n;
      m.quantity.ephemeral_gb_s += c.quantity.ephemeral_gb_s / n;
    }
  }
  std::map<std::string, std::map<BillItem, BillCompareRow>> rows;  // by scenario (or CUR) function
  for (std::size_t i = 0; i < scenario.functions.size(); ++i) {
    const auto& f = scenario.functions[i];
    if (mean[i].free_tier_credit != 0)
      out.notes.push_back(f.name +
                          ": lambdasim credits the free tier (not compared: a CUR shows it apart)");
    if (mean[i].instances != 0)
      out.notes.push_back(f.name + ": Managed Instances / Web Functions charges are not compared");
    for (BillItem item : kCompared) {
      const auto [usage, cost] = simulated(mean[i], item);
      BillCompareRow& r = rows[f.name][item];
      r.function = f.name;
      r.item = item;
      r.sim_usage = usage;
      r.sim_cost = cost;
      r.in_sim = true;
    }
  }
  for (const CurLine& l : cur.lines) {
    const std::string fn = l.function.empty() ? "" : match(scenario, l.function, aws_names);
    if (l.item == BillItem::Other) {
      out.other_cost += l.cost;
      out.notes.push_back(fmt::format("CUR {} {}: {:g} usage, {:.6f} {}: not a modelled item",
                                      l.function, l.usage_type, l.usage, l.cost, cur.currency));
      continue;
    }
    const std::string key =
        fn.empty() ? "(CUR) " + (l.function.empty() ? "no function" : l.function) : fn;
    BillCompareRow& r = rows[key][l.item];
    r.function = fn;
    r.cur_function = l.function;
    r.item = l.item;
    r.usage_types += (r.usage_types.empty() ? "" : " + ") + l.usage_type;
    r.cur_usage += l.usage;
    r.cur_cost += l.cost;
    r.in_cur = true;
    if (!fn.empty()) {
      const auto it = std::find_if(scenario.functions.begin(), scenario.functions.end(),
                                   [&](const models::FunctionConfig& f) { return f.name == fn; });
      const bool sim_arm = it->architecture == models::Architecture::Arm64;
      if (l.item != BillItem::Requests && sim_arm != l.arm) {
        out.notes.push_back(fmt::format("{}: the CUR bills {} as {}, the scenario runs {}", fn,
                                        l.usage_type, l.arm ? "arm64" : "x86_64",
                                        sim_arm ? "arm64" : "x86_64"));
      }
    }
  }
  for (const auto& [name, items] : rows) {
    if (name.rfind("(CUR) ", 0) == 0 && name != "(CUR) no function")
      out.notes.push_back(fmt::format(
          "CUR function {} matched no scenario function: name it with `lambdasim run "
          "--bill-function FUNCTION={}`",
          name.substr(6), name.substr(6)));
  }
  for (auto& [name, items] : rows) {
    for (auto& [item, r] : items) {
      if (r.cur_usage == 0 && r.sim_usage == 0 && r.cur_cost == 0 && r.sim_cost == 0) continue;
      out.cur_total += r.cur_cost;
      out.sim_total += r.sim_cost;
      out.rows.push_back(r);
    }
  }
  return out;
}

}  // namespace ls::tools::import
