// The HTML report of `lambdasim run --html FILE`: scenario summary, headline
// cards, latency CDF and histogram, concurrency and environments over time
// against the limits, traffic, cold starts and throttles over time, async
// queue depth and DLQ, and the bill. Charts show replication 0; numbers are
// means over replications (as in the JSON report).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "tools/report/function_ranking.hpp"
#include "tools/report/report_html.hpp"
#include "tools/study/runner.hpp"

namespace ls::tools {

std::string report_html(const models::Scenario& scenario, const RunSet& set);
// The same page streamed into `sink` (e.g. an AtomicFile).
void write_report_html(TextSink& sink, const models::Scenario& scenario, const RunSet& set);

// The sections of that report, for pages that show a run among other things
// (e.g. tune's or plan's chosen configuration).
void add_run_sections(html::HtmlReport& page, const models::Scenario& scenario, const RunSet& set);

// A time-series interval for charts over `horizon`: about 240 points, rounded
// up to a whole step (1 s, 5 s, 10 s, 15 s, 30 s, 1 m, 2 m, 5 m, ... 1 d).
sim::Time auto_series_interval(sim::Time horizon);

namespace html_run {  // building blocks shared by the report's two files

// Values of replication 0's series for one function, one per interval.
struct FunctionSeries {
  std::vector<double> start_s;
  std::vector<double> end_s;
  std::vector<const models::SeriesRow*> rows;
};
std::vector<FunctionSeries> split_series(const models::Scenario& scenario,
                                         const models::RunResult& run);
// A fleet's page stays readable: charts draw at most kMaxFunctionCharts
// functions one by one, the busiest (most invocations in replication 0),
// in scenario order (all of them when there are no more); the others are
// drawn together where a chart adds functions up, and are in the JSON
// report and the CSV series.
inline constexpr std::size_t kMaxFunctionCharts = 12;
std::vector<std::size_t> charted_functions(const models::RunResult& run);
// Which of them are listed one by one: function_ranking.hpp.
using tools::among;
using tools::other_functions;
using tools::top_functions;
// "One by one, the charts draw the 12 busiest of the 2,000 functions ..."
// for a chart's paragraph, or "" when every function is charted.
std::string charted_note(std::size_t charted, std::size_t functions);

// One function's values over time, `get(row)` for each of its intervals.
template <typename Get>
html::Series over_time(const FunctionSeries& fs, std::string name, html::Style style, Get get) {
  html::Series s{std::move(name), fs.start_s, {}, style, fs.end_s};
  for (const auto* row : fs.rows) s.y.push_back(get(*row));
  return s;
}

// The functions not in `charted`, added up interval by interval.
template <typename Get>
html::Series others_over_time(const std::vector<FunctionSeries>& series,
                              const std::vector<std::size_t>& charted, Get get) {
  const std::vector<bool> drawn = among(series.size(), charted);
  html::Series out{other_functions(series.size() - charted.size()), {}, {}, html::Style::Step, {}};
  for (std::size_t f = 0; f < series.size(); ++f) {
    if (drawn[f]) continue;
    const FunctionSeries& fs = series[f];
    if (fs.rows.size() > out.y.size()) {
      out.x = fs.start_s;
      out.x_end = fs.end_s;
      out.y.resize(fs.rows.size(), 0.0);
    }
    for (std::size_t i = 0; i < fs.rows.size(); ++i) out.y[i] += get(*fs.rows[i]);
  }
  return out;
}

void add_latency_section(html::HtmlReport& page, const models::Scenario& scenario,
                         const models::RunResult& run);
void add_concurrency_section(html::HtmlReport& page, const models::Scenario& scenario,
                             const models::RunResult& run);
void add_traffic_section(html::HtmlReport& page, const models::Scenario& scenario,
                         const models::RunResult& run);
// The front door and payload section (report_html_front_door.cpp): only for
// scenarios with a front door or payload sizes.
void add_front_door_section(html::HtmlReport& page, const models::Scenario& scenario,
                            const MetricTable& metrics);
// Durable executions and event chains (report_html_chains.cpp): only for
// scenarios with durable functions or functions that emit events.
void add_chains_section(html::HtmlReport& page, const models::Scenario& scenario,
                        const MetricTable& metrics);
// A ratio as a percentage with two decimals: 0.1449 → "14.49 %".
std::string pct(double ratio);
// Thousands separators: 1234567 → "1,234,567".
std::string grouped(double value);

}  // namespace html_run

}  // namespace ls::tools
