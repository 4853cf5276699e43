#include "tools/report/bill_compare_report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "tools/io/json_writer.hpp"

namespace ls::tools {

namespace {

std::string relative(double sim, double cur) {
  if (cur == 0) return sim == 0 ? "0.0%" : "-";
  return fmt::format("{:+.1f}%", (sim - cur) / cur * 100);
}

}  // namespace

std::string bill_compare_table(const import::BillComparison& c) {
  std::string out = fmt::format(
      "bill vs Cost and Usage Report ({}; CUR window {:g} h, simulated {:g} h)\n\n"
      "{:<22} {:<22} {:>9} {:>14} {:>14} {:>8} {:>11} {:>11} {:>11}\n",
      c.currency, c.cur_hours, c.sim_hours, "function", "item", "unit", "CUR usage", "lambdasim",
      "diff", "CUR cost", "lambdasim", "diff");
  for (const auto& r : c.rows) {
    const std::string name = !r.function.empty() ? r.function : "(CUR) " + r.cur_function;
    out += fmt::format(
        "{:<22} {:<22} {:>9} {:>14.6g} {:>14.6g} {:>8} {:>11.6f} {:>11.6f} {:>+11.6f}\n", name,
        import::bill_item_name(r.item), import::bill_item_unit(r.item), r.cur_usage, r.sim_usage,
        relative(r.sim_usage, r.cur_usage), r.cur_cost, r.sim_cost, r.sim_cost - r.cur_cost);
  }
  out +=
      fmt::format("{:<22} {:<22} {:>9} {:>14} {:>14} {:>8} {:>11.6f} {:>11.6f} {:>+11.6f}  ({})\n",
                  "total", "", "", "", "", "", c.cur_total, c.sim_total, c.sim_total - c.cur_total,
                  relative(c.sim_total, c.cur_total));
  if (c.other_cost != 0)
    out += fmt::format("CUR lines of other usage types: {:.6f} {} (not compared)\n", c.other_cost,
                       c.currency);
  for (const auto& n : c.notes) out += "note: " + n + "\n";
  return out;
}

std::string bill_compare_json(const import::BillComparison& c) {
  JsonWriter w;
  w.begin_object();
  w.key("currency");
  w.value(c.currency);
  w.key("cur_hours");
  w.value(c.cur_hours);
  w.key("simulated_hours");
  w.value(c.sim_hours);
  w.key("lines");
  w.begin_array();
  for (const auto& r : c.rows) {
    w.begin_object();
    w.key("function");
    w.value(r.function);
    w.key("cur_function");
    w.value(r.cur_function);
    w.key("item");
    w.value(import::bill_item_name(r.item));
    w.key("unit");
    w.value(import::bill_item_unit(r.item));
    w.key("usage_types");
    w.value(r.usage_types);
    w.key("cur");
    w.begin_object();
    w.key("usage");
    w.value(r.cur_usage);
    w.key("cost");
    w.value(r.cur_cost);
    w.end_object();
    w.key("simulated");
    w.begin_object();
    w.key("usage");
    w.value(r.sim_usage);
    w.key("cost");
    w.value(r.sim_cost);
    w.end_object();
    w.key("difference");
    w.begin_object();
    w.key("usage");
    w.value(r.sim_usage - r.cur_usage);
    w.key("cost");
    w.value(r.sim_cost - r.cur_cost);
    w.end_object();
    w.end_object();
  }
  w.end_array();
  w.key("total");
  w.begin_object();
  w.key("cur");
  w.value(c.cur_total);
  w.key("simulated");
  w.value(c.sim_total);
  w.key("difference");
  w.value(c.sim_total - c.cur_total);
  w.end_object();
  w.key("other_cur_cost");
  w.value(c.other_cost);
  w.key("notes");
  w.begin_array();
  for (const auto& n : c.notes) w.value(n);
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace ls::tools
