#include "tools/study/report_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "models/bill_lines.hpp"
#include "sim/stats.hpp"
#include "tools/study/metric_list.hpp"

namespace ls::tools {
namespace {

using Path = MetricPath;
Path join(const Path& prefix, std::initializer_list<std::string_view> tail) {
  return Path(prefix, tail);
}

class MetricList {
 public:
  explicit MetricList(std::vector<Metric>& out) : out_(out) {}
  void real(Path path, double v) { out_.push_back({path, v, false}); }
  void count(Path path, double v) { out_.push_back({path, v, true}); }
  // The declared metrics (metric_list.hpp) a block lists at `place`; an
  // account-wide metric's path has no prefix.
  void block(const Path& prefix, const MetricBlock& b, bool function, MetricPlace place) {
    for (const MetricRow& row : metric_rows()) {
      if (row.place != place) continue;
      if (function ? row.scope == MetricScope::Account : row.scope == MetricScope::FunctionOnly)
        continue;
      if (!row.listed_for(b)) continue;
      Path path = row.scope != MetricScope::Account ? prefix : Path();
      std::string_view key = row.key;
      for (std::size_t dot; (dot = key.find('.')) != std::string_view::npos;
           key.remove_prefix(dot + 1))
        path = join(path, {key.substr(0, dot)});
      out_.push_back({join(path, {key}), row.read(b), row.integer});
    }
  }

 private:
  std::vector<Metric>& out_;
};

// The bill's columns (models/bill_lines.hpp): a column of several lines
// (provisioned) is emitted as their sum, then each line. Credits are
// account-wide, so a function's block lists its charges and total only. A
// feature's columns are listed only for scenarios that use the feature
// (`listed`, by column: asked once per report, as asking scans the scenario).
void emit_cost(MetricList& m, const Path& p, const std::vector<bool>& listed,
               const models::CostBreakdown& c, bool with_credit) {
  const Path cp = join(p, {"cost_usd"});
  const auto& columns = models::bill_columns();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const models::BillColumn& column = columns[i];
    if (column.credit && !with_credit) continue;
    if (!listed[i]) continue;
    if (column.lines.size() > 1) m.real(join(cp, {column.key}), column.usd(c));
    for (const models::BillLine* line : column.lines) m.real(join(cp, {line->key}), c.*(line->usd));
  }
  m.real(join(cp, {"total"}), c.total);
}

std::vector<bool> listed_columns(const models::Scenario& scenario) {
  std::vector<bool> out;
  for (const models::BillColumn& column : models::bill_columns())
    out.push_back(column.listed_for(scenario));
  return out;
}

}  // namespace

std::vector<Metric> collect_metrics(const models::Scenario& scenario, const models::RunResult& run,
                                    const models::Bill& bill) {
  std::vector<Metric> out;
  MetricList m(out);
  const sim::Time end = scenario.horizon;
  const MetricFeatures features(scenario);
  const std::vector<bool> listed = listed_columns(scenario);
  MetricBlock totals;
  for (std::size_t f = 0; f < scenario.functions.size(); ++f) {
    const models::FunctionStats& s = run.functions[f];
    const auto& cost = bill.functions[f];
    const Path p = {"functions", scenario.functions[f].name};
    MetricBlock block;
    block.features = &features;
    block.cost = &cost;
    block.bill = &bill;
    block.index = f;
    block.function = &scenario.functions[f];
    block.usage = &run.usage[f];
    block.add(s, end, cost.quantity.instance_hours);
    totals.add(s, end, cost.quantity.instance_hours);
    m.block(p, block, true, MetricPlace::BeforeCost);
    emit_cost(m, p, listed, cost, false);
    m.block(p, block, true, MetricPlace::AfterCost);
    // Room for every function at the first one's count (and the totals):
    // grown by doubling, a fleet's list held up to twice its size (#20).
    if (f == 0) out.reserve(out.size() * (scenario.functions.size() + 2) + 64);
  }
  totals.features = &features;
  totals.cost = &bill.total;
  totals.bill = &bill;
  m.block({"totals"}, totals, false, MetricPlace::BeforeCost);
  emit_cost(m, {}, listed, bill.total, true);
  m.block({"totals"}, totals, false, MetricPlace::AfterCost);
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

std::vector<AggregatedMetric> aggregate(std::vector<std::vector<Metric>> reps) {
  std::vector<AggregatedMetric> out;
  if (reps.empty()) return out;
  out.reserve(reps[0].size());
  std::vector<double> values(reps.size());
  for (std::size_t i = 0; i < reps[0].size(); ++i) {
    for (std::size_t r = 0; r < reps.size(); ++r) values[r] = reps[r][i].value;
    const sim::MeanCi ci = sim::mean_ci95(values);
    // Moved, not copied: the paths are most of a large report's memory.
    out.push_back({std::move(reps[0][i].path), ci.mean, ci.half_width, reps[0][i].integer});
  }
  return out;
}

namespace {

// Whether `path` joined with dots is `dotted`, without building the string.
bool path_is(const MetricPath& path, std::string_view dotted) {
  std::size_t at = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) {
      if (at >= dotted.size() || dotted[at] != '.') return false;
      ++at;
    }
    if (dotted.substr(at, path[i].size()) != path[i]) return false;
    at += path[i].size();
  }
  return at == dotted.size();
}

// FNV-1a of the dotted path, fed part by part (the same value as of the
// joined string).
constexpr std::uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;
std::uint64_t fnv(std::uint64_t h, std::string_view text) {
  for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * kFnvPrime;
  return h;
}
std::uint64_t path_hash(const MetricPath& path) {
  std::uint64_t h = kFnvOffset;
  for (std::size_t i = 0; i < path.size(); ++i) h = fnv(i > 0 ? fnv(h, ".") : h, path[i]);
  return h;
}

}  // namespace

const AggregatedMetric* find_metric(const std::vector<AggregatedMetric>& metrics,
                                    const std::string& dotted) {
  for (const auto& m : metrics)
    if (path_is(m.path, dotted)) return &m;
  return nullptr;
}

MetricLookup::MetricLookup(const std::vector<AggregatedMetric>& metrics, bool with_ci)
    : metrics_(metrics), ci_(with_ci) {
  index_.reserve(metrics.size());
  for (std::size_t i = 0; i < metrics.size(); ++i)
    index_.emplace_back(path_hash(metrics[i].path), i);
  std::sort(index_.begin(), index_.end());  // ties by position: the first of equal paths wins
}

const AggregatedMetric* MetricLookup::find(const std::string& dotted) const {
  const std::uint64_t h = fnv(kFnvOffset, dotted);
  auto it = std::lower_bound(index_.begin(), index_.end(), std::pair{h, std::size_t{0}});
  for (; it != index_.end() && it->first == h; ++it)
    if (path_is(metrics_[it->second].path, dotted)) return &metrics_[it->second];
  return nullptr;
}

double MetricLookup::operator()(const std::string& dotted_path) const {
  const AggregatedMetric* m = find(dotted_path);
  return m ? m->mean : 0.0;
}

std::string MetricLookup::with_ci(const std::string& dotted_path, const char* spec) const {
  const AggregatedMetric* m = find(dotted_path);
  if (!m) return "-";
  std::string s = fmt::format(fmt::runtime(spec), m->mean);
  if (ci_) s += fmt::format(fmt::runtime(std::string(" ±") + spec), m->ci95);
  return s;
}

namespace {
// A workload whose callers wait for the response (sync, not through an event source).
bool invoked_directly(const models::WorkloadConfig& w) {
  return w.invocation == models::Invocation::Sync &&
         w.source->type == models::SourceConfig::Type::None;
}
}  // namespace

std::vector<bool> request_latency_functions(const models::Scenario& scenario) {
  std::vector<bool> out(scenario.functions.size(), false);
  for (const auto& w : scenario.workloads)
    if (invoked_directly(w)) out[w.function] = true;
  return out;
}

}  // namespace ls::tools
