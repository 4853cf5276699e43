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
  // Every declared metric (metric_list.hpp) of a block that shows it.
  void block(const Path& prefix, const MetricBlock& b, bool function) {
    for (const MetricRow& row : metric_rows()) {
      if (!function && row.scope == MetricScope::FunctionOnly) continue;
      Path path = prefix;
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

// Metrics of opt-in features follow. They are listed only for scenarios
// that use the feature, so the reports of the others keep their keys (the
// rows of metric_list.cpp are listed for every scenario).
using Stats = models::FunctionStats;

// Payload sizes: requests and events rejected for their size, buffered
// responses too large, and the requests billed for async events over 256 KB.
void emit_payload(MetricList& m, const Path& p, const MetricBlock& b,
                  const models::CostBreakdown& cost) {
  const Path pl = join(p, {"payload"});
  m.count(join(pl, {"rejected"}), b.sum(&Stats::payload_rejected));
  m.count(join(pl, {"response_too_large"}), b.sum(&Stats::response_too_large));
  m.real(join(pl, {"extra_billed_requests"}),
         cost.quantity.billed_requests - cost.quantity.invocations);
}

// The front door: API Gateway's 429s (apart from Lambda's throttles), the
// requests that gave up after one, its 504s.
void emit_front_door(MetricList& m, const Path& p, const MetricBlock& b) {
  const Path d = join(p, {"front_door"});
  m.count(join(d, {"throttled"}), b.sum(&Stats::front_door_throttled));
  m.count(join(d, {"throttled_final"}), b.sum(&Stats::front_door_throttled_final));
  m.count(join(d, {"timeouts"}), b.sum(&Stats::front_door_timeouts));
}

// Tenant isolation: the tenants configured, those that sent requests, and
// those holding at least one environment (each environment serves one
// tenant, so environments grow with these).
void emit_tenants(MetricList& m, const Path& p, const models::TenantIsolation& isolation,
                  const Stats& s, sim::Time end) {
  m.count(join(p, {"tenants", "configured"}), isolation.tenants);
  m.count(join(p, {"tenants", "active"}), static_cast<double>(s.tenants_active));
  m.real(join(p, {"tenants", "with_environments", "mean"}), s.tenants_with_environments.mean(end));
  m.count(join(p, {"tenants", "with_environments", "max"}), s.tenants_with_environments.max());
  m.real(join(p, {"tenants", "environments_per_tenant"}),
         metric_ratio(s.environments.mean(end), s.tenants_with_environments.mean(end)));
}

// SnapStart: restores and the versions the run saw (the first included).
void emit_snapstart(MetricList& m, const Path& p, const models::FunctionUsage& u) {
  m.count(join(p, {"snapstart", "restores"}), static_cast<double>(u.snapstart_restores));
  m.count(join(p, {"snapstart", "versions"}), static_cast<double>(u.snapshot_periods.size()));
}

// How the savings plan was used (models/billing.hpp SavingsPlanUse).
void emit_savings_plan(MetricList& m, const models::SavingsPlanUse& sp) {
  const Path p = {"savings_plan"};
  m.real(join(p, {"discount"}), sp.discount);
  m.real(join(p, {"commitment_usd"}), sp.commitment_usd);
  m.real(join(p, {"eligible_ondemand_usd"}), sp.eligible_ondemand_usd);
  m.real(join(p, {"covered_ondemand_usd"}), sp.covered_ondemand_usd);
  m.real(join(p, {"used_usd"}), sp.used_usd);
  m.real(join(p, {"unused_usd"}), sp.unused_usd);
  m.real(join(p, {"utilization"}), metric_ratio(sp.used_usd, sp.commitment_usd));
  m.real(join(p, {"net_savings_usd"}), sp.covered_ondemand_usd - sp.commitment_usd);
  m.real(join(p, {"hours"}), sp.hours);
  m.real(join(p, {"hours_with_unused"}), sp.hours_with_unused);
}

template <class Pred>
bool any_workload(const models::Scenario& scenario, Pred pred) {
  return std::any_of(scenario.workloads.begin(), scenario.workloads.end(), pred);
}

bool has_provisioned_source(const models::Scenario& scenario, std::size_t f) {
  return any_workload(scenario, [f](const models::WorkloadConfig& w) {
    return w.function == f && w.source.provisioned.enabled();
  });
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
  const bool payloads =
      any_workload(scenario, [](const models::WorkloadConfig& w) { return w.payload.any(); });
  const bool doors = any_workload(
      scenario, [](const models::WorkloadConfig& w) { return w.front_door.enabled(); });
  const std::vector<bool> listed = listed_columns(scenario);
  MetricBlock totals;
  for (std::size_t f = 0; f < scenario.functions.size(); ++f) {
    const models::FunctionStats& s = run.functions[f];
    const models::FunctionConfig& function = scenario.functions[f];
    const auto& cost = bill.functions[f];
    const Path p = {"functions", function.name};
    MetricBlock block;
    block.add(s, end, cost.quantity.instance_hours);
    totals.add(s, end, cost.quantity.instance_hours);
    m.block(p, block, true);
    if (has_provisioned_source(scenario, f)) {
      // Provisioned mode: the event pollers (billed per event poller unit-hour).
      m.real(join(p, {"source", "event_pollers", "mean"}), s.source_event_pollers.mean(end));
      m.count(join(p, {"source", "event_pollers", "max"}), s.source_event_pollers.max());
    }
    if (function.tenant_isolation.enabled()) emit_tenants(m, p, function.tenant_isolation, s, end);
    if (doors) emit_front_door(m, p, block);
    if (payloads) emit_payload(m, p, block, cost);
    emit_cost(m, p, listed, cost, false);
    m.real(join(p, {"cost_usd", "per_million_requests"}),
           models::cost_per_million_requests(cost).value_or(0.0));
    if (function.snapstart.enabled) emit_snapstart(m, p, run.usage[f]);
  }
  m.block({"totals"}, totals, false);
  if (doors) emit_front_door(m, {"totals"}, totals);
  if (payloads) emit_payload(m, {"totals"}, totals, bill.total);
  emit_cost(m, {}, listed, bill.total, true);
  if (bill.savings_plan.enabled) emit_savings_plan(m, bill.savings_plan);
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
         w.source.type == models::SourceConfig::Type::None;
}
}  // namespace

std::vector<bool> request_latency_functions(const models::Scenario& scenario) {
  std::vector<bool> out(scenario.functions.size(), false);
  for (const auto& w : scenario.workloads)
    if (invoked_directly(w)) out[w.function] = true;
  return out;
}

}  // namespace ls::tools
