#include "tools/report/sweep_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "tools/io/json_writer.hpp"

namespace ls::tools {
namespace {

std::string dotted(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& p : path) out += (out.empty() ? "" : ".") + p;
  return out;
}

std::optional<AggregatedMetric> find(const PointResult& r, const std::string& path) {
  return find_metric(r.metrics, path);
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Every metric path in order of first appearance (points of different
// architectures have different duration tiers).
std::vector<std::string> all_metric_paths(const Collection& c) {
  std::vector<std::string> paths;
  for (const auto& r : c.results) {
    if (!r) continue;
    for (const auto& m : r->metrics) {
      const std::string p = dotted(m.path.parts());
      if (std::find(paths.begin(), paths.end(), p) == paths.end()) paths.push_back(p);
    }
  }
  return paths;
}

void write_point(JsonWriter& w, const SweepManifest& m, const SweepPoint& p, const PointResult& r) {
  w.begin_object();
  w.field("index", static_cast<std::uint64_t>(p.index));
  w.field("id", p.id);
  w.field("seed", p.seed);
  w.key("values");
  w.begin_object();
  for (std::size_t a = 0; a < m.axes.size(); ++a) {
    w.field(m.axes[a].key, set_value(p.sets[a]));
  }
  w.end_object();
  w.field("conservation_ok", r.conservation_ok);
  w.key("metrics");
  w.begin_object();
  for (const auto& metric : r.metrics) {
    w.field(dotted(metric.path.parts()), metric.mean);
    if (m.replications > 1) {
      w.field(dotted(metric.path.parts()) + "_ci95", metric.ci95);
    }
  }
  w.end_object();
  w.end_object();
}

using Column = CollectColumn;

// A latency percentile (…p50, …p99, …p999): the replications' values come
// from ~1 % histogram buckets, so they often coincide.
bool is_percentile(std::string_view path) {
  const std::string_view last = path.substr(path.rfind('.') + 1);
  return last.size() >= 2 && last[0] == 'p' &&
         std::all_of(last.begin() + 1, last.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// A percentile's CI under the histogram's resolution reads "± <1%" (as in
// run's table), not "± 0.0": the replications agree to within a bucket,
// which is not certainty.
std::string cell(const PointResult& r, const Column& c, bool ci) {
  const auto m = find(r, c.path);
  if (!m) return "-";
  std::string s = fmt::format("{:.{}f}", m->mean * c.scale, c.decimals);
  if (ci && is_percentile(c.path) && !(m->ci95 >= 0.01 * std::abs(m->mean)))
    s += " ± <1%";
  else if (ci)
    s += fmt::format(" ± {:.{}f}", m->ci95 * c.scale, c.decimals);
  return s;
}

}  // namespace

std::vector<CollectColumn> collect_columns(const std::vector<std::string>& metrics) {
  if (metrics.empty())
    return {{"totals.latency_ms.p99", "p99 ms", 1.0, 1, "ms"},
            {"totals.throttle_rate_final", "throttled %", 100.0, 3, "%"},
            {"totals.cold_start_ratio", "cold %", 100.0, 2, "%"},
            {"cost_usd.total", "cost $", 1.0, 4, "$"}};
  std::vector<CollectColumn> out;
  for (const auto& m : metrics) out.push_back({m, m, 1.0, 4, ""});
  return out;
}

std::size_t display_width(std::string_view s) {
  std::size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string format_rows(const std::vector<std::vector<std::string>>& rows, bool last_left) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i)
      width[i] = std::max(width[i], display_width(row[i]));
  }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::size_t pad = width[i] - display_width(row[i]);
      const bool left = i == 0 || (last_left && i + 1 == row.size());
      out += (i == 0 ? "" : "  ") + std::string(left ? 0 : pad, ' ') + row[i] +
             std::string(left ? pad : 0, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "\n";
  }
  return out;
}

std::string collect_json(const SweepManifest& m, const Collection& c) {
  JsonWriter w;
  w.begin_object();
  w.field("schema", "lambdasim.sweep-results/1");
  w.field("manifest", m.id);
  w.field("scenario", m.scenario);
  w.field("seed", m.seed);
  w.field("seeds", m.seeds);
  w.field("replications", m.replications);
  w.key("axes");
  w.begin_array();
  for (const auto& a : m.axes) w.value(a.key);
  w.end_array();
  w.field("complete", c.complete());
  w.field("points_total", static_cast<std::uint64_t>(m.points.size()));
  w.field("points_done", static_cast<std::uint64_t>(c.done()));
  w.array("missing", c.missing);
  w.objects("corrupt", c.corrupt, [&](const auto& b) {
    w.field("index", static_cast<std::uint64_t>(b.index));
    w.field("file", b.file);
    w.field("reason", b.reason);
  });
  w.key("points");
  w.begin_array();
  for (const auto& p : m.points)
    if (c.results[p.index]) write_point(w, m, p, *c.results[p.index]);
  w.end_array();
  w.end_object();
  return w.str();
}

std::string collect_csv(const SweepManifest& m, const Collection& c) {
  const std::vector<std::string> paths = all_metric_paths(c);
  const bool ci = m.replications > 1;
  std::string out = "index,id";
  for (const auto& a : m.axes) out += fmt::format(",{}", csv_field(a.key));
  for (const auto& p : paths) out += ci ? fmt::format(",{},{}_ci95", p, p) : fmt::format(",{}", p);
  out += "\n";
  for (const auto& p : m.points) {
    const auto& r = c.results[p.index];
    if (!r) continue;
    out += fmt::format("{},{}", p.index, p.id);
    for (const auto& s : p.sets) out += fmt::format(",{}", csv_field(set_value(s)));
    for (const auto& path : paths) {
      const auto metric = find(*r, path);
      out += metric ? fmt::format(",{}", metric->mean) : std::string(",");
      if (ci) out += metric ? fmt::format(",{}", metric->ci95) : std::string(",");
    }
    out += "\n";
  }
  return out;
}

std::vector<std::vector<std::string>> collect_rows(const SweepManifest& m, const Collection& c,
                                                   const std::vector<std::string>& metrics) {
  const std::vector<Column> columns = collect_columns(metrics);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"#"};
  for (const auto& a : m.axes) header.push_back(a.key);
  for (const auto& col : columns) header.push_back(col.label);
  rows.push_back(header);
  for (const auto& p : m.points) {
    std::vector<std::string> row{std::to_string(p.index)};
    for (const auto& s : p.sets) row.push_back(set_value(s));
    const auto& r = c.results[p.index];
    const bool missing = std::find(c.missing.begin(), c.missing.end(), p.index) != c.missing.end();
    for (const auto& col : columns)
      row.push_back(r ? cell(*r, col, m.replications > 1) : missing ? "missing" : "corrupt");
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string collect_summary(const SweepManifest& m, const Collection& c) {
  std::string out = fmt::format("{} of {} point(s) done", c.done(), m.points.size());
  if (!c.missing.empty()) out += fmt::format(", {} missing", c.missing.size());
  if (!c.corrupt.empty()) out += fmt::format(", {} corrupt (not merged)", c.corrupt.size());
  return out;
}

std::string collect_table(const SweepManifest& m, const Collection& c,
                          const std::vector<std::string>& metrics) {
  std::string notes;
  if (m.replications > 1)
    notes =
        "(\u00b1: the 95 % CI over the replications; \u00b1 <1%: their percentiles fell within "
        "the latency histogram's 1 % resolution)\n";
  return format_rows(collect_rows(m, c, metrics)) + notes + collect_summary(m, c) + "\n";
}

std::string collect_problems(const SweepManifest& m, const Collection& c) {
  std::string out;
  for (std::size_t i : c.missing)
    out += fmt::format("point {} (id {}): missing\n", i, m.points[i].id);
  for (const auto& b : c.corrupt)
    out += fmt::format("point {}: {} {}: not merged\n", b.index, b.file, b.reason);
  if (!out.empty())
    out +=
        "run the sweep's shards again (they skip finished points and redo these), then "
        "collect again\n";
  return out;
}

std::string set_value(const std::string& set) { return set.substr(set.find('=') + 1); }

}  // namespace ls::tools
