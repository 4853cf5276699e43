#include "tools/study/report_metrics.hpp"

#include <string_view>
#include <utility>

#include "models/bill_lines.hpp"
#include "tools/study/metric_list.hpp"

namespace ls::tools {
namespace {

using Path = MetricPath;
Path join(const Path& prefix, std::initializer_list<std::string_view> tail) {
  return Path(prefix, tail);
}

// `key` split at its dots, below `prefix`.
Path dotted_path(Path path, std::string_view key) {
  for (std::size_t dot; (dot = key.find('.')) != std::string_view::npos; key.remove_prefix(dot + 1))
    path = join(path, {key.substr(0, dot)});
  return join(path, {key});
}

// The paths a block's metrics have below an empty prefix, made once per
// report rather than once per function (issue #20: interning ~170 paths for
// each of 10,000 functions was a quarter of a fleet run's fixed cost). A
// function's block and the account's cost lines have an empty prefix, so
// these are their paths as they are.
struct SuffixPaths {
  SuffixPaths() {
    for (const MetricRow& row : metric_rows()) rows.push_back(dotted_path(Path(), row.key));
    const Path cp = join(Path(), {"cost_usd"});
    for (const models::BillColumn& column : models::bill_columns()) {
      columns.push_back(join(cp, {column.key}));
      std::vector<Path>& of_column = lines.emplace_back();
      for (const models::BillLine* line : column.lines) of_column.push_back(join(cp, {line->key}));
    }
    total = join(cp, {"total"});
  }
  std::vector<Path> rows;                // by metric_rows()' index
  std::vector<Path> columns;             // cost_usd.<column>, by bill_columns()' index
  std::vector<std::vector<Path>> lines;  // cost_usd.<line>, by column, then its lines
  Path total;                            // cost_usd.total
};

bool in_table(std::string_view key) {
  for (std::string_view kept : kTableFunctionMetrics)
    if (key == kept || (kept.ends_with('.') && key.starts_with(kept))) return true;
  return false;
}

// Emits into a table's open block: paths are below the block's prefix.
class MetricList {
 public:
  MetricList(MetricTable::Builder& out, const SuffixPaths& paths, FunctionMetrics function_metrics)
      : out_(out), paths_(paths) {
    const auto rows = metric_rows();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const MetricRow& row = rows[i];
      const int place = row.place == MetricPlace::BeforeCost ? 0 : 1;
      if (row.scope != MetricScope::Account &&
          (function_metrics == FunctionMetrics::All || in_table(row.key)))
        rows_[1][place].push_back(i);
      if (row.scope != MetricScope::FunctionOnly) rows_[0][place].push_back(i);
    }
  }
  void real(const Path& path, double v) { out_.add(path, v, false); }
  void count(const Path& path, double v) { out_.add(path, v, true); }
  // The declared metrics (metric_list.hpp) a block lists at `place`; an
  // account-wide metric's path has no prefix.
  void block(const Path& prefix, const MetricBlock& b, bool function, MetricPlace place) {
    const auto rows = metric_rows();
    for (const std::size_t i : rows_[function ? 1 : 0][place == MetricPlace::BeforeCost ? 0 : 1]) {
      const MetricRow& row = rows[i];
      if (!row.listed_for(b)) continue;
      if (prefix.empty() || row.scope == MetricScope::Account)
        out_.add(paths_.rows[i], row.read(b), row.integer);
      else
        out_.add(dotted_path(prefix, row.key), row.read(b), row.integer);
    }
  }
  const SuffixPaths& paths() const { return paths_; }

 private:
  MetricTable::Builder& out_;
  const SuffixPaths& paths_;
  // The rows a block may list, by metric_rows()' index in order: [function
  // block or not][before the cost lines or after] (the scopes and
  // FunctionMetrics sorted out once per report, not once per block).
  std::vector<std::size_t> rows_[2][2];
};

// The bill's columns (models/bill_lines.hpp): a column of several lines
// (provisioned) is emitted as their sum, then each line. A function's
// block lists its share of the account's credits too (the ledger shares
// them by usage), so that its lines add up to its total. A feature's columns are listed only for
// scenarios that use the feature
// (`listed`, by column: asked once per report, as asking scans the scenario).
// The paths are below the block's prefix, which is empty for both the
// functions' blocks and the account's.
void emit_cost(MetricList& m, const std::vector<bool>& listed, const models::CostBreakdown& c) {
  const SuffixPaths& paths = m.paths();
  const auto& columns = models::bill_columns();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const models::BillColumn& column = columns[i];
    if (!listed[i]) continue;
    if (column.lines.size() > 1) m.real(paths.columns[i], column.usd(c));
    for (std::size_t l = 0; l < column.lines.size(); ++l)
      m.real(paths.lines[i][l], c.*(column.lines[l]->usd));
  }
  m.real(paths.total, c.total);
}

std::vector<bool> listed_columns(const models::Scenario& scenario) {
  std::vector<bool> out;
  for (const models::BillColumn& column : models::bill_columns())
    out.push_back(column.listed_for(scenario));
  return out;
}

}  // namespace

MetricTable collect_metrics(const models::Scenario& scenario, const models::RunResult& run,
                            const models::Bill& bill, FunctionMetrics function_metrics) {
  MetricTable::Builder out;
  const SuffixPaths paths;
  MetricList m(out, paths, function_metrics);
  // A function's cost lines: all, or those kTableFunctionMetrics keeps (its total).
  const bool all_costs = function_metrics == FunctionMetrics::All;
  const bool total_cost = all_costs || in_table("cost_usd.total");
  const sim::Time end = scenario.horizon;
  const MetricFeatures features(scenario);
  const std::vector<bool> listed = listed_columns(scenario);
  MetricBlock totals;
  for (std::size_t f = 0; f < scenario.functions.size(); ++f) {
    const models::FunctionStats& s = run.functions[f];
    const auto& cost = bill.functions[f];
    // The function's block: its metrics' paths are below functions.<name>,
    // so that every function of its kind shares one list of suffixes.
    out.begin_block({"functions", scenario.functions[f].name});
    const Path p;  // the block's paths are relative to that prefix
    MetricBlock block;
    block.features = &features;
    block.cost = &cost;
    block.bill = &bill;
    block.index = f;
    block.function = &scenario.functions[f];
    block.usage = &run.usage[f];
    const models::FunctionConfig& fn = scenario.functions[f];
    const double idle_memory_gb =
        fn.compute == models::ComputeKind::OnDemand ? fn.memory_mb / 1024.0 : 0.0;
    block.add(s, end, cost.quantity.instance_hours, idle_memory_gb);
    totals.add(s, end, cost.quantity.instance_hours, idle_memory_gb);
    m.block(p, block, true, MetricPlace::BeforeCost);
    if (all_costs)
      emit_cost(m, listed, cost);
    else if (total_cost)
      m.real(paths.total, cost.total);
    m.block(p, block, true, MetricPlace::AfterCost);
    // Room for every function at the first one's count (and the totals):
    // grown by doubling, a fleet's list held up to twice its size (#20).
    if (f == 0)
      out.reserve(out.size() * (scenario.functions.size() + 2) + 64, scenario.functions.size() + 1);
  }
  out.begin_block({});  // the account's metrics: totals.*, cost_usd.*
  totals.features = &features;
  totals.cost = &bill.total;
  totals.bill = &bill;
  m.block({"totals"}, totals, false, MetricPlace::BeforeCost);
  emit_cost(m, listed, bill.total);
  // Every cost_usd.* path in one run, before the account rows listed after
  // the bill (savings_plan.*): the JSON report nests a run of paths that
  // share a prefix as one object, and a second run made a second
  // "cost_usd" key, which JSON readers keep instead of the first.
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
  m.block({"totals"}, totals, false, MetricPlace::AfterCost);
  return std::move(out).finish();
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
