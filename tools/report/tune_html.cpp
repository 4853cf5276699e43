#include "tools/report/tune_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "tools/report/report_html.hpp"
#include "tools/report/tune_report.hpp"

namespace ls::tools {
namespace {

using html::Axis, html::Format, html::LineChart, html::Series, html::Style;

// Points of one curve: same architecture and provisioned level.
std::string group_name(const TunePoint& p) {
  std::string s(architecture_name(p.architecture));
  if (p.provisioned) s += fmt::format(" pc {}", *p.provisioned);
  return s;
}

std::string point_name(const TunePoint& p) {
  return fmt::format("{} MB {}", p.memory_mb, group_name(p));
}

// One series per group, in grid order (memory ascending within a group).
template <typename Value>
std::vector<Series> by_group(const TuneResult& r, Value value) {
  std::vector<Series> out;
  std::map<std::string, std::size_t> index;
  for (const TunePoint& p : r.points) {
    if (p.times_out() && !r.all_time_out) continue;  // no meaningful latency
    const std::string name = group_name(p);
    auto [it, added] = index.emplace(name, out.size());
    if (added) out.push_back(Series{name, {}, {}, Style::Line, {}});
    out[it->second].x.push_back(p.memory_mb);
    out[it->second].y.push_back(value(p));
  }
  for (Series& s : out) {
    std::vector<std::size_t> order(s.x.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return s.x[a] < s.x[b]; });
    Series sorted{s.name, {}, {}, Style::Line, {}};
    for (auto i : order) {
      sorted.x.push_back(s.x[i]);
      sorted.y.push_back(s.y[i]);
    }
    s = std::move(sorted);
  }
  return out;
}

LineChart against_memory(const TuneResult& r, std::string title, std::string caption, Axis y,
                         double (*value)(const TunePoint&, const std::string&)) {
  const std::string metric = r.front_metric;
  LineChart c{std::move(title),
              std::move(caption),
              Axis{"memory (MB)", true, Format::Number, {}, {}},
              std::move(y),
              by_group(r, [&](const TunePoint& p) { return value(p, metric); }),
              {},
              {}};
  if (r.winner) {
    const TunePoint& w = r.points[*r.winner];
    c.markers.push_back(
        {"winner " + point_name(w), static_cast<double>(w.memory_mb), value(w, metric)});
  }
  return c;
}

double cost_of(const TunePoint& p, const std::string&) { return p.cost_per_million.mean; }
double latency_of(const TunePoint& p, const std::string& metric) { return p.latency(metric).mean; }

LineChart front_chart(const TuneResult& r) {
  Series all{"points", {}, {}, Style::Points, {}};
  std::vector<std::pair<double, double>> front;
  for (const TunePoint& p : r.points) {
    if (p.times_out()) continue;
    all.x.push_back(p.latency(r.front_metric).mean);
    all.y.push_back(p.cost_per_million.mean);
    if (p.pareto) front.emplace_back(all.x.back(), all.y.back());
  }
  std::sort(front.begin(), front.end());
  Series line{"Pareto front", {}, {}, Style::Line, {}};
  for (const auto& [x, y] : front) {
    line.x.push_back(x);
    line.y.push_back(y);
  }
  LineChart c{"Cost against " + r.front_metric + " latency",
              "Every point that does not time out; the line joins the Pareto front (no other "
              "point is both cheaper and faster).",
              Axis{r.front_metric + " latency (ms)", false, Format::Milliseconds, {}, {}},
              Axis{"$ per 1M invocations", false, Format::Usd, {}, {}},
              {std::move(all), std::move(line)},
              {},
              {}};
  if (r.winner) {
    const TunePoint& w = r.points[*r.winner];
    c.markers.push_back({"winner", w.latency(r.front_metric).mean, w.cost_per_million.mean});
  }
  return c;
}

html::Table points_table(const TuneResult& r) {
  const bool ci = r.replications > 1;
  auto with_ci = [ci](const ValueCi& v, const char* spec) {
    std::string s = fmt::format(fmt::runtime(spec), v.mean);
    if (ci) s += fmt::format(fmt::runtime(std::string(" ± ") + spec), v.ci95);
    return s;
  };
  html::Table t{{"memory MB", "arch", "pc", "p50 ms", r.front_metric + " ms", "cold %",
                 "throttled %", "$ per 1M", "total $", "notes"},
                {},
                3,
                ""};
  if (r.front_metric == "p50") t.header[4] = "p99 ms";
  const std::string second = r.front_metric == "p50" ? "p99" : r.front_metric;
  for (std::size_t i = 0; i < r.points.size(); ++i) {
    const TunePoint& p = r.points[i];
    std::string notes;
    auto note = [&notes](const std::string& n) { notes += (notes.empty() ? "" : ", ") + n; };
    if (r.winner == i) note("winner");
    if (p.pareto) note("Pareto front");
    if (p.times_out()) note("times out");
    if (p.meets_slo && !*p.meets_slo) note("misses " + r.slo->text);
    if (p.throttles()) note("throttles " + percent_text(p.throttle_rate.mean));
    if (p.within_max_throttle && !*p.within_max_throttle)
      note("over --max-throttle " + percent_text(*r.max_throttle));
    t.rows.push_back({std::to_string(p.memory_mb), std::string(architecture_name(p.architecture)),
                      p.provisioned ? std::to_string(*p.provisioned) : "-",
                      with_ci(p.latency("p50"), "{:.1f}"), with_ci(p.latency(second), "{:.1f}"),
                      fmt::format("{:.2f}", 100 * p.cold_start_ratio.mean),
                      fmt::format("{:.3f}", 100 * p.throttle_rate.mean),
                      tune_usd(p.cost_per_million.mean), tune_usd(p.cost_total.mean), notes});
  }
  return t;
}

}  // namespace

std::string tune_html(const TuneResult& r) {
  html::HtmlReport page(
      "lambdasim tune: " + r.function,
      fmt::format("scenario {} · seed {} · {:g} s simulated · {} replication{} · strategy {}{}",
                  r.scenario, r.seed, r.horizon_s, r.replications, r.replications == 1 ? "" : "s",
                  strategy_name(r.strategy), r.slo ? " · SLO " + r.slo->text : std::string()));
  auto& summary = page.add_section("Recommendation");
  if (r.winner) {
    const TunePoint& w = r.points[*r.winner];
    summary.cards({
        html::Card{"winner", fmt::format("{} MB", w.memory_mb), group_name(w)},
        html::Card{"cost per 1M invocations", tune_usd(w.cost_per_million.mean),
                   "total " + tune_usd(w.cost_total.mean)},
        html::Card{r.front_metric + " latency",
                   fmt::format("{:.1f} ms", w.latency(r.front_metric).mean),
                   fmt::format("p50 {:.1f} ms", w.latency("p50").mean)},
        html::Card{"cold starts", fmt::format("{:.2f} %", 100 * w.cold_start_ratio.mean),
                   "of invocations"},
    });
  } else {
    summary.paragraph(r.slo || r.max_throttle
                          ? "No point meets " + constraints_text(r) +
                                ": see the table for the closest ones."
                          : "No point could be chosen (every point timed out or had no "
                            "invocations).");
  }
  if (!r.memory_aware)
    summary.paragraph(
        "The function's duration does not depend on memory (no memory-aware duration model), so "
        "memory changes only the price.");
  auto& charts = page.add_section("Cost and latency against memory");
  charts.paragraph(
      "Each point is a full simulation of the scenario's traffic (cold starts, throttles, "
      "provisioned concurrency), with common random numbers across points. Points that time out "
      "are left out of the charts.");
  charts.chart(against_memory(r, "Cost per 1M invocations",
                              "The function's bill per million invocations, per architecture.",
                              Axis{"$ per 1M invocations", false, Format::Usd, {}, {}}, cost_of));
  charts.chart(against_memory(
      r, r.front_metric + " latency", "Caller-visible latency of completed requests.",
      Axis{r.front_metric + " latency (ms)", false, Format::Milliseconds, {}, {}}, latency_of));
  charts.chart(front_chart(r));
  page.add_section("Every point").table(points_table(r));
  return page.render();
}

}  // namespace ls::tools
