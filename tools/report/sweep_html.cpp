#include "tools/report/sweep_html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <numeric>

#include "tools/report/report_html.hpp"
#include "tools/report/sweep_report.hpp"

namespace ls::tools {
namespace {

// "9.28/s" → {9.28, "/s"}; nullopt when it does not start with a number.
std::optional<std::pair<double, std::string>> split_number(const std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(v)) return std::nullopt;
  return std::pair(v, std::string(end));
}

// A key path as people read it: "functions.checkout.memory_mb" →
// "checkout memory (MB)", "workloads[0].arrivals.rate" → "workload 0
// arrivals rate", "platform.account_concurrency" → "account concurrency".
// With `value`, the assignment: "checkout memory 512 MB".
std::string key_label(std::string key, const std::string& value = "") {
  for (const char* prefix : {"functions.", "platform."})
    if (key.rfind(prefix, 0) == 0) key = key.substr(std::string(prefix).size());
  if (key.rfind("workloads[", 0) == 0) key = "workload " + key.substr(10);
  std::string unit;
  for (const auto& [suffix, name] :
       {std::pair<const char*, const char*>{"_mb", "MB"}, {"_kb", "KB"}, {"_ms", "ms"}}) {
    const std::string s(suffix);
    if (key.size() > s.size() && key.compare(key.size() - s.size(), s.size(), s) == 0) {
      key.resize(key.size() - s.size());
      unit = name;
    }
  }
  for (char& ch : key)
    if (ch == '_' || ch == '.' || ch == '[' || ch == ']') ch = ' ';
  std::string out;
  for (char ch : key)  // no double spaces ("workload 0  arrivals")
    if (!(ch == ' ' && (out.empty() || out.back() == ' '))) out += ch;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (value.empty()) return unit.empty() ? out : out + " (" + unit + ")";
  return out + " " + value + (unit.empty() ? "" : " " + unit);
}

// "functions.checkout.memory_mb=512" → "checkout memory 512 MB".
std::string assignment_label(const std::string& set) {
  const auto eq = set.find('=');
  if (eq == std::string::npos) return key_label(set);
  return key_label(set.substr(0, eq), set.substr(eq + 1));
}

html::Format format_of(const CollectColumn& c) {
  if (c.unit == "ms") return html::Format::Milliseconds;
  if (c.unit == "%") return html::Format::Percent;
  if (c.unit == "$") return html::Format::Usd;
  return html::Format::Number;
}

// One line per combination of the axes other than `x`, named by them.
html::LineChart metric_chart(const SweepManifest& m, const Collection& c, const CollectColumn& col,
                             const std::optional<NumericAxis>& x) {
  html::LineChart chart;
  chart.title = col.label;
  chart.caption = col.path + (m.replications > 1 ? ", mean over replications" : "");
  chart.y = html::Axis{col.label, false, format_of(col), {}, {}};
  if (x) {
    const auto& v = x->values;
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    chart.x = html::Axis{
        key_label(m.axes[x->axis].key), *lo > 0 && *hi / *lo >= 20, html::Format::Number, {}, {}};
  } else {
    chart.x = html::Axis{"point", false, html::Format::Number, {}, {}};
  }
  std::map<std::string, std::size_t> line_of;  // group name → series index
  for (const auto& p : m.points) {
    const auto& r = c.results[p.index];
    if (!r) continue;
    const auto metric = find_metric(r->metrics, col.path);
    if (!metric) continue;
    std::string group;
    for (std::size_t a = 0; a < m.axes.size(); ++a)
      if (!x || a != x->axis) group += (group.empty() ? "" : ", ") + assignment_label(p.sets[a]);
    if (!x) group.clear();
    // Without a numeric axis the points have no order to join: dots.
    auto [it, added] = line_of.emplace(group.empty() ? col.label : group, chart.series.size());
    if (added)
      chart.series.push_back({it->first, {}, {}, x ? html::Style::Line : html::Style::Points, {}});
    html::Series& s = chart.series[it->second];
    s.x.push_back(x ? x->values[static_cast<std::size_t>(std::find(m.axes[x->axis].values.begin(),
                                                                   m.axes[x->axis].values.end(),
                                                                   set_value(p.sets[x->axis])) -
                                                         m.axes[x->axis].values.begin())]
                    : static_cast<double>(p.index));
    s.y.push_back(metric->mean * col.scale);
  }
  for (auto& s : chart.series) {  // a list axis need not be ascending
    std::vector<std::size_t> order(s.x.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return s.x[a] < s.x[b]; });
    html::Series sorted{s.name, {}, {}, s.style, {}};
    for (std::size_t i : order) {
      sorted.x.push_back(s.x[i]);
      sorted.y.push_back(s.y[i]);
    }
    s = std::move(sorted);
  }
  return chart;
}

}  // namespace

std::optional<NumericAxis> numeric_axis(const SweepManifest& m) {
  for (std::size_t a = m.axes.size(); a-- > 0;) {
    NumericAxis out{a, {}, ""};
    bool ok = !m.axes[a].values.empty();
    for (std::size_t i = 0; ok && i < m.axes[a].values.size(); ++i) {
      const auto n = split_number(m.axes[a].values[i]);
      ok = n && (i == 0 || n->second == out.unit);
      if (!ok) break;
      out.unit = n->second;
      out.values.push_back(n->first);
    }
    if (ok) return out;
  }
  return std::nullopt;
}

std::string collect_html(const SweepManifest& m, const Collection& c,
                         const std::vector<std::string>& metrics) {
  const std::string name = std::filesystem::path(m.scenario).filename().string();
  html::HtmlReport page("lambdasim collect: " + name, collect_summary(m, c));
  auto& summary = page.add_section("Sweep");
  std::string axes;
  for (const auto& a : m.axes)
    axes += (axes.empty() ? "" : " × ") + a.key + fmt::format(" ({} values)", a.values.size());
  summary.paragraph(fmt::format(
      "{} over {}: {} point(s), {} replication(s) each, seeds {} (base seed {}); manifest {}.",
      m.scenario, axes, m.points.size(), m.replications, m.seeds, m.seed, m.id));
  summary.cards({html::Card{"points done", fmt::format("{} of {}", c.done(), m.points.size()), ""},
                 html::Card{"missing", std::to_string(c.missing.size()), "no result file yet"},
                 html::Card{"corrupt", std::to_string(c.corrupt.size()), "reported, not merged"}});
  if (!c.complete()) {
    html::Table problems{{"point", "id", "problem"}, {}, 3, ""};
    for (std::size_t i : c.missing)
      problems.rows.push_back({std::to_string(i), m.points[i].id, "missing"});
    for (const auto& b : c.corrupt)
      problems.rows.push_back(
          {std::to_string(b.index), m.points[b.index].id, b.file + " " + b.reason});
    problems.caption =
        "run the sweep's shards again (they skip finished points and redo these), then collect "
        "again";
    summary.table(problems);
  }
  const auto x = numeric_axis(m);
  auto& charts = page.add_section("Metrics");
  if (x)
    charts.paragraph("Each metric against " + key_label(m.axes[x->axis].key) +
                     (x->unit.empty() ? "" : " (" + x->unit + ")") + ".");
  else
    charts.paragraph(
        "Each metric by point number: no grid axis has only numbers of one unit (a value such "
        "as never, or units that differ), so the points are drawn unjoined; the table below "
        "names each point's values.");
  for (const auto& col : collect_columns(metrics)) charts.chart(metric_chart(m, c, col, x));
  auto& table = page.add_section("Points");
  auto rows = collect_rows(m, c, metrics);
  std::vector<std::string> header = rows.front();
  rows.erase(rows.begin());
  table.table(html::Table{header, rows, 1 + m.axes.size(),
                          m.replications > 1 ? "mean ± 95 % CI half-width" : ""});
  return page.render();
}

}  // namespace ls::tools
