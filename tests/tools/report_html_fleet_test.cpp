// The HTML report of a fleet stays readable (report_html_run.cpp): tables
// list the 50 functions that cost the most, and the bill adds the others
// up in one row; charts draw the 12 busiest one by one and the others
// together. Checked on 60 functions of different memory, and so cost
// (fleet_of_60.hpp), against the run's own metrics (the expected rows and the
// others' total are computed here from the JSON metrics, not by the page).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "fleet_of_60.hpp"
#include "models/config/scenario_loader.hpp"
#include "tools/report/money.hpp"
#include "tools/report/report_html_run.hpp"
#include "tools/study/metric_lookup.hpp"
#include "tools/study/runner.hpp"
#include "trace_cli.hpp"

namespace {

using ls::report_testing::source;

struct Fleet {
  ls::models::Scenario scenario;
  ls::tools::RunSet set;
};

const Fleet& fleet_of_60() {
  static const Fleet fleet = [] {
    const std::string y = ls::report_testing::fleet_of_60_yaml();
    ls::models::LoadOptions opts;
    opts.data_dir = source("scenarios");
    Fleet f{ls::models::load_scenario_text(y, "fleet.yaml", source("scenarios"), opts), {}};
    ls::tools::RunnerOptions runner;
    runner.threads = 1;
    runner.series_interval = ls::sim::kMinute;
    f.set = ls::tools::run_replications(f.scenario, runner);
    return f;
  }();
  return fleet;
}

std::string row_of(int function) { return "<tr><td>f" + std::to_string(function) + "</td>"; }

TEST(ReportHtmlFleet, TablesListTheCostliestFiftyAndTheBillTheOthersTogether) {
  const Fleet& f = fleet_of_60();
  const std::string html = ls::tools::report_html(f.scenario, f.set);
  const ls::tools::MetricLookup get(f.set.metrics);
  std::vector<std::pair<double, int>> cost;
  for (int i = 0; i < 60; ++i)
    cost.emplace_back(get("functions.f" + std::to_string(i) + ".cost_usd.total"), i);
  std::sort(cost.begin(), cost.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  double others = 0;
  for (std::size_t k = 0; k < cost.size(); ++k) {
    const int i = cost[k].second;
    if (k < 50) {
      EXPECT_NE(html.find(row_of(i)), std::string::npos) << "f" << i << " is among the 50";
    } else {
      EXPECT_EQ(html.find(row_of(i)), std::string::npos) << "f" << i << " is not";
      others += cost[k].first;
    }
  }
  // The bill's last row: the other 10 functions, their total last.
  const std::string other_row = "<tr><td>the other 10 functions</td>";
  const std::size_t at = html.find(other_row);
  ASSERT_NE(at, std::string::npos);
  const std::size_t end = html.find("</tr>", at);
  const std::string total_cell = "<td class=\"num\">" + ls::tools::money(others) + "</td></tr>";
  EXPECT_EQ(html.compare(end - total_cell.size() + 5, total_cell.size(), total_cell), 0)
      << html.substr(at, end - at);
  EXPECT_NE(html.find("The 50 functions that cost the most"), std::string::npos);  // the bill's
  EXPECT_NE(html.find("the 50 that cost the most of the 60"), std::string::npos);  // the summary's
}

TEST(ReportHtmlFleet, ChartsDrawTheTwelveBusiestAndTheOthersTogether) {
  const Fleet& f = fleet_of_60();
  const std::string html = ls::tools::report_html(f.scenario, f.set);
  EXPECT_NE(html.find("the other 48 functions"), std::string::npos);
  EXPECT_NE(html.find("draw the 12 busiest of the 60 functions"), std::string::npos);
  // One small concurrency chart per charted function: the 12 busiest.
  const std::vector<std::size_t> charted =
      ls::tools::html_run::charted_functions(f.set.runs.front());
  ASSERT_EQ(charted.size(), 12u);
  std::size_t small_charts = 0;
  for (std::size_t pos = 0; (pos = html.find("<strong>Concurrency: f", pos)) != std::string::npos;
       ++pos)
    ++small_charts;
  EXPECT_EQ(small_charts, 12u);
  const auto& stats = f.set.runs.front().functions;
  std::uint64_t least_charted = UINT64_MAX, most_left_out = 0;
  for (std::size_t i = 0; i < stats.size(); ++i) {
    const bool in = std::find(charted.begin(), charted.end(), i) != charted.end();
    if (in) {
      least_charted = std::min(least_charted, stats[i].invocations);
      EXPECT_NE(html.find("<strong>Concurrency: f" + std::to_string(i) + "</strong>"),
                std::string::npos)
          << i;
    } else {
      most_left_out = std::max(most_left_out, stats[i].invocations);
    }
  }
  EXPECT_GE(least_charted, most_left_out);
}

}  // namespace
