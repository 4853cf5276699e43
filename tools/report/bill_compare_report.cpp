#include "tools/report/bill_compare_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "tools/io/json_writer.hpp"
#include "tools/io/number_text.hpp"
#include "tools/report/observed_simulated.hpp"
#include "tools/report/report_html.hpp"

namespace ls::tools {

std::string bill_compare_table(const import::BillComparison& c) {
  std::string out = fmt::format(
      "bill vs Cost and Usage Report ({}; CUR window {:g} h, simulated {:g} h)\n\n"
      "{:<22} {:<22} {:>9} {:>14} {:>14} {:>8} {:>11} {:>11} {:>11}\n",
      c.currency, c.cur_hours, c.sim_hours, "function", "item", "unit", "CUR usage", "lambdasim",
      "diff", "CUR cost", "lambdasim", "diff");
  for (const auto& r : c.rows) {
    const std::string name = !r.function.empty() ? r.function : "(CUR) " + r.cur_function;
    out += fmt::format("{:<22} {:<22} {:>9} {:>14} {:>14} {:>8} {:>11.6f} {:>11.6f} {:>+11.6f}\n",
                       name, import::bill_item_name(r.item), import::bill_item_unit(r.item),
                       plain_number(r.cur_usage, 6), plain_number(r.sim_usage, 6),
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
  w.objects("lines", c.rows, [&](const auto& r) {
    w.field("function", r.function);
    w.field("cur_function", r.cur_function);
    w.field("item", import::bill_item_name(r.item));
    w.field("unit", import::bill_item_unit(r.item));
    w.field("usage_types", r.usage_types);
    write_sides(w, {{"usage", {r.cur_usage, r.sim_usage}}, {"cost", {r.cur_cost, r.sim_cost}}},
                "cur", true);
  });
  w.key("total");
  w.begin_object();
  w.field("cur", c.cur_total);
  w.field("simulated", c.sim_total);
  w.field("difference", c.sim_total - c.cur_total);
  w.end_object();
  w.field("other_cur_cost", c.other_cost);
  w.array("notes", c.notes);
  w.end_object();
  return w.str() + "\n";
}

std::string bill_compare_html(const import::BillComparison& c) {
  html::HtmlReport page("lambdasim bill vs Cost and Usage Report",
                        fmt::format("{}; CUR window {:g} h, simulated {:g} h (not rescaled)",
                                    c.currency, c.cur_hours, c.sim_hours));
  auto& totals = page.add_section("Totals");
  totals.paragraph(
      "The Lambda lines of the Cost and Usage Report beside lambdasim's itemised bill of the "
      "same functions: requests, on-demand duration, provisioned concurrency (allocated and "
      "used) and ephemeral storage. lambdasim's side is the mean over the run's replications.");
  totals.cards(
      {{"CUR", fmt::format("{:.6f}", c.cur_total), c.currency + ", compared items"},
       {"lambdasim", fmt::format("{:.6f}", c.sim_total), c.currency + ", the same items"},
       {"difference", fmt::format("{:+.6f}", c.sim_total - c.cur_total),
        c.currency + ", " + relative_error_text({c.cur_total, c.sim_total}) + " of the CUR"}});

  // Per function: its cost by item, the CUR's bar above lambdasim's.
  html::BarChart bars;
  bars.title = "Cost by function and item";
  bars.caption =
      "For each function the CUR's cost (CUR) above lambdasim's (sim), split by "
      "bill item.";
  bars.value = {"cost (" + c.currency + ")", false, html::Format::Usd, 0.0, std::nullopt};
  std::vector<import::BillItem> items;
  for (const auto& r : c.rows)
    if (std::find(items.begin(), items.end(), r.item) == items.end()) items.push_back(r.item);
  std::sort(items.begin(), items.end());  // the same colour for an item on every page
  for (const auto item : items) bars.stacks.push_back({import::bill_item_name(item), {}});
  std::string last;
  for (const auto& r : c.rows) {
    // A CUR function no scenario function matched has the CUR's bar only.
    const bool cur_only = r.function.empty();
    const std::string name = cur_only ? "(CUR) " + r.cur_function : r.function;
    if (name != last) {
      last = name;
      for (const char* side : {" CUR", " sim"}) {
        bars.categories.push_back(cur_only ? name : name + side);
        for (auto& stack : bars.stacks) stack.values.push_back(0.0);
        if (cur_only) break;
      }
    }
    const std::size_t k =
        static_cast<std::size_t>(std::find(items.begin(), items.end(), r.item) - items.begin());
    const std::size_t at = bars.categories.size() - (cur_only ? 1 : 2);
    bars.stacks[k].values[at] += r.cur_cost;
    if (!cur_only) bars.stacks[k].values[at + 1] += r.sim_cost;
  }
  totals.chart(bars);

  auto& lines = page.add_section("Line by line");
  html::Table table;
  table.header = {"function", "item (unit)", "CUR usage types", "CUR usage", "lambdasim",
                  "diff",     "CUR cost",    "lambdasim",       "diff"};
  table.text_columns = 3;
  for (const auto& r : c.rows) {
    table.rows.push_back(
        {!r.function.empty() ? r.function : "(CUR) " + r.cur_function,
         fmt::format("{} ({})", import::bill_item_name(r.item), import::bill_item_unit(r.item)),
         r.usage_types.empty() ? "-" : r.usage_types, plain_number(r.cur_usage, 6),
         plain_number(r.sim_usage, 6), relative_error_text({r.cur_usage, r.sim_usage}),
         fmt::format("{:.6f}", r.cur_cost), fmt::format("{:.6f}", r.sim_cost),
         fmt::format("{:+.6f}", r.sim_cost - r.cur_cost)});
  }
  table.rows.push_back({"total", "", "", "", "", "", fmt::format("{:.6f}", c.cur_total),
                        fmt::format("{:.6f}", c.sim_total),
                        fmt::format("{:+.6f}", c.sim_total - c.cur_total)});
  table.caption = "diff: lambdasim minus the CUR (usage as a percentage of the CUR's, cost in " +
                  c.currency +
                  "). A function named (CUR) is in the report but matched no scenario function.";
  lines.table(table);
  if (c.other_cost != 0)
    lines.paragraph(fmt::format("CUR lines of other usage types: {:.6f} {} (not compared).",
                                c.other_cost, c.currency));
  for (const auto& n : c.notes) lines.paragraph("Note: " + n);
  return page.render();
}

}  // namespace ls::tools
