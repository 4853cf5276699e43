#include "tools/report/bill_compare_report.hpp"

#include <fmt/format.h>

#include "tools/io/json_writer.hpp"
#include "tools/report/observed_simulated.hpp"

namespace ls::tools {

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
        relative_error_text({r.cur_usage, r.sim_usage}), r.cur_cost, r.sim_cost,
        r.sim_cost - r.cur_cost);
  }
  out +=
      fmt::format("{:<22} {:<22} {:>9} {:>14} {:>14} {:>8} {:>11.6f} {:>11.6f} {:>+11.6f}  ({})\n",
                  "total", "", "", "", "", "", c.cur_total, c.sim_total, c.sim_total - c.cur_total,
                  relative_error_text({c.cur_total, c.sim_total}));
  if (c.other_cost != 0)
    out += fmt::format("CUR lines of other usage types: {:.6f} {} (not compared)\n", c.other_cost,
                       c.currency);
  for (const auto& n : c.notes) out += "note: " + n + "\n";
  return out;
}

std::string bill_compare_json(const import::BillComparison& c) {
  JsonWriter w;
  w.begin_object();
  w.field("currency", c.currency);
  w.field("cur_hours", c.cur_hours);
  w.field("simulated_hours", c.sim_hours);
  w.key("lines");
  w.begin_array();
  for (const auto& r : c.rows) {
    w.begin_object();
    w.field("function", r.function);
    w.field("cur_function", r.cur_function);
    w.field("item", import::bill_item_name(r.item));
    w.field("unit", import::bill_item_unit(r.item));
    w.field("usage_types", r.usage_types);
    write_sides(w, {{"usage", {r.cur_usage, r.sim_usage}}, {"cost", {r.cur_cost, r.sim_cost}}},
                "cur", true);
    w.end_object();
  }
  w.end_array();
  w.key("total");
  w.begin_object();
  w.field("cur", c.cur_total);
  w.field("simulated", c.sim_total);
  w.field("difference", c.sim_total - c.cur_total);
  w.end_object();
  w.field("other_cur_cost", c.other_cost);
  w.key("notes");
  w.begin_array();
  for (const auto& n : c.notes) w.value(n);
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace ls::tools
