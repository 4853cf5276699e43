#include "tools/study/report_metrics.hpp"

#include <fmt/format.h>

#include <string_view>

#include "models/bill_lines.hpp"
#include "sim/stats.hpp"
#include "tools/study/metric_list.hpp"

namespace ls::tools {
namespace {

class MetricList {
 public:
  explicit MetricList(std::vector<Metric>& out) : out_(out) {}
  void real(std::vector<std::string> path, double v) {
    out_.push_back({std::move(path), v, false});
  }
  // Every declared metric (metric_list.hpp) of a block that shows it.
  void block(const std::vector<std::string>& prefix, const MetricBlock& b, bool function) {
    for (const MetricRow& row : metric_rows()) {
      if (!function && row.scope == MetricScope::FunctionOnly) continue;
      std::vector<std::string> path = prefix;
      std::string_view key = row.key;
      for (std::size_t dot; (dot = key.find('.')) != std::string_view::npos;
           key.remove_prefix(dot + 1))
        path.emplace_back(key.substr(0, dot));
      path.emplace_back(key);
      out_.push_back({std::move(path), row.read(b), row.integer});
    }
  }

 private:
  std::vector<Metric>& out_;
};

using Path = std::vector<std::string>;
Path join(const Path& prefix, std::initializer_list<const char*> tail) {
  Path p = prefix;
  for (const char* t : tail) p.emplace_back(t);
  return p;
}

// The bill's columns (models/bill_lines.hpp): a column of several lines
// (provisioned) is emitted as their sum, then each line. Credits are
// account-wide, so a function's block lists its charges and total only.
void emit_cost(MetricList& m, const Path& p, const models::CostBreakdown& c, bool with_credit) {
  const Path cp = join(p, {"cost_usd"});
  for (const models::BillColumn& column : models::bill_columns()) {
    if (column.credit && !with_credit) continue;
    if (column.lines.size() > 1) m.real(join(cp, {column.key.c_str()}), column.usd(c));
    for (const models::BillLine* line : column.lines) m.real(join(cp, {line->key}), c.*(line->usd));
  }
  m.real(join(cp, {"total"}), c.total);
}

}  // namespace

std::vector<Metric> collect_metrics(const models::Scenario& scenario, const models::RunResult& run,
                                    const models::Bill& bill) {
  std::vector<Metric> out;
  MetricList m(out);
  const sim::Time end = scenario.horizon;
  MetricBlock totals;
  for (std::size_t f = 0; f < scenario.functions.size(); ++f) {
    const models::FunctionStats& s = run.functions[f];
    const auto& cost = bill.functions[f];
    const Path p = {"functions", scenario.functions[f].name};
    MetricBlock block;
    block.add(s, end, cost.quantity.instance_hours);
    totals.add(s, end, cost.quantity.instance_hours);
    m.block(p, block, true);
    emit_cost(m, p, cost, false);
    m.real(join(p, {"cost_usd", "per_million_requests"}),
           models::cost_per_million_requests(cost).value_or(0.0));
  }
  m.block({"totals"}, totals, false);
  emit_cost(m, {}, bill.total, true);
  // The account-wide volume tiers: GB-s billed in each and what they cost.
  for (const auto& tier : bill.tiers) {
    const std::string name =
        std::string(tier.architecture == models::Architecture::Arm64 ? "arm64" : "x86_64") +
        "_tier" + std::to_string(tier.tier + 1);
    m.real({"cost_usd", "duration_tiers", name, "gb_s"}, tier.gb_s);
    m.real({"cost_usd", "duration_tiers", name, "usd_per_gb_s"}, tier.usd_per_gb_s);
    m.real({"cost_usd", "duration_tiers", name, "cost"}, tier.cost);
  }
  m.real({"cost_usd", "month_factor"}, bill.month_factor);
  return out;
}

std::vector<AggregatedMetric> aggregate(const std::vector<std::vector<Metric>>& reps) {
  std::vector<AggregatedMetric> out;
  if (reps.empty()) return out;
  std::vector<double> values(reps.size());
  for (std::size_t i = 0; i < reps[0].size(); ++i) {
    for (std::size_t r = 0; r < reps.size(); ++r) values[r] = reps[r][i].value;
    const sim::MeanCi ci = sim::mean_ci95(values);
    out.push_back({reps[0][i].path, ci.mean, ci.half_width, reps[0][i].integer});
  }
  return out;
}

const AggregatedMetric* find_metric(const std::vector<AggregatedMetric>& metrics,
                                    const std::string& dotted) {
  for (const auto& m : metrics) {
    std::string joined;
    for (const auto& part : m.path) joined += (joined.empty() ? "" : ".") + part;
    if (joined == dotted) return &m;
  }
  return nullptr;
}

double MetricLookup::operator()(const std::string& dotted_path) const {
  const AggregatedMetric* m = find_metric(metrics_, dotted_path);
  return m ? m->mean : 0.0;
}

std::string MetricLookup::with_ci(const std::string& dotted_path, const char* spec) const {
  const AggregatedMetric* m = find_metric(metrics_, dotted_path);
  if (!m) return "-";
  std::string s = fmt::format(fmt::runtime(spec), m->mean);
  if (ci_) s += fmt::format(fmt::runtime(std::string(" ±") + spec), m->ci95);
  return s;
}

bool has_request_latency(const models::Scenario& scenario, std::size_t f) {
  for (const auto& w : scenario.workloads)
    if (w.function == f && w.invocation == models::Invocation::Sync &&
        w.source.type == models::SourceConfig::Type::None)
      return true;
  return false;
}

}  // namespace ls::tools
