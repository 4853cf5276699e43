#include "tools/study/report_metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "models/bill_lines.hpp"
#include "sim/stats.hpp"

namespace ls::tools {
namespace {

using models::FunctionStats;

class MetricList {
 public:
  explicit MetricList(std::vector<Metric>& out) : out_(out) {}
  void count(std::vector<std::string> path, double v) {
    out_.push_back({std::move(path), v, true});
  }
  void real(std::vector<std::string> path, double v) {
    out_.push_back({std::move(path), v, false});
  }

 private:
  std::vector<Metric>& out_;
};

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

using Path = std::vector<std::string>;
Path join(const Path& prefix, std::initializer_list<const char*> tail) {
  Path p;
  p.reserve(prefix.size() + tail.size());  // exactly: a report of n functions holds ~110·n paths
  p.insert(p.end(), prefix.begin(), prefix.end());
  for (const char* t : tail) p.emplace_back(t);
  return p;
}

// Counters shared by a function's block and the totals block.
struct Counters {
  double arrivals = 0, invocations = 0, succeeded = 0, failed = 0, timed_out = 0, throttled = 0,
         throttled_final = 0, throttled_first_attempt = 0, retries = 0, cold_starts = 0,
         cold_starts_with_pc = 0, pc_invocations = 0, in_flight_at_end = 0, created = 0,
         reclaimed = 0, dlq = 0, dropped = 0, attempt_errors = 0, async_events = 0,
         async_attempts = 0, async_retries = 0, async_throttle_retries = 0, async_succeeded = 0,
         async_expired = 0, source_batches = 0, source_failed_batches = 0, source_duplicates = 0,
         source_expired = 0, source_poison = 0;
  sim::LogHistogram batch_size, source_age_ms;
  double throttled_by[models::kThrottleCauses] = {};
  sim::LogHistogram age_success_ms, age_failure_ms;

  void add(const FunctionStats& s) {
    arrivals += s.arrivals;
    invocations += s.invocations;
    succeeded += s.succeeded;
    failed += s.failed;
    timed_out += s.timed_out;
    throttled += s.throttled;
    throttled_final += s.throttled_final;
    throttled_first_attempt += s.throttled_first_attempt;
    retries += s.retries;
    cold_starts += s.cold_starts;
    cold_starts_with_pc += s.cold_starts_with_pc;
    pc_invocations += s.pc_invocations;
    in_flight_at_end += s.in_flight_at_end;
    created += s.environments_created;
    reclaimed += s.environments_reclaimed;
    for (std::size_t c = 0; c < models::kThrottleCauses; ++c) throttled_by[c] += s.throttled_by[c];
    dlq += s.dlq;
    dropped += s.dropped;
    attempt_errors += s.attempt_errors;
    async_events += s.async_events;
    async_attempts += s.async_attempts;
    async_retries += s.async_retries;
    async_throttle_retries += s.async_throttle_retries;
    async_succeeded += s.async_succeeded;
    async_expired += s.async_expired;
    age_success_ms.merge(s.async_age_success_ms);
    age_failure_ms.merge(s.async_age_failure_ms);
    source_batches += s.source_batches;
    source_failed_batches += s.source_failed_batches;
    source_duplicates += s.source_duplicates;
    source_expired += s.source_expired;
    source_poison += s.source_poison;
    batch_size.merge(s.batch_size);
    source_age_ms.merge(s.source_age_ms);
  }
};

void emit_counters(MetricList& m, const Path& p, const Counters& c) {
  m.count(join(p, {"arrivals"}), c.arrivals);
  m.count(join(p, {"invocations"}), c.invocations);
  m.count(join(p, {"succeeded"}), c.succeeded);
  m.count(join(p, {"failed"}), c.failed);
  m.count(join(p, {"timed_out"}), c.timed_out);
  m.count(join(p, {"throttled"}), c.throttled);
  m.count(join(p, {"throttled_first_attempt"}), c.throttled_first_attempt);
  m.count(join(p, {"throttled_final"}), c.throttled_final);
  for (std::size_t cause = 0; cause < models::kThrottleCauses; ++cause)
    m.count(join(p, {"throttled_by", models::kThrottleCauseNames[cause]}), c.throttled_by[cause]);
  m.real(join(p, {"throttle_rate_first_attempt"}), ratio(c.throttled_first_attempt, c.arrivals));
  m.real(join(p, {"throttle_rate_final"}), ratio(c.throttled_final, c.arrivals));
  m.count(join(p, {"retries"}), c.retries);
  m.count(join(p, {"dlq"}), c.dlq);
  m.count(join(p, {"dropped"}), c.dropped);
  m.count(join(p, {"in_flight_at_end"}), c.in_flight_at_end);
  m.count(join(p, {"attempt_errors"}), c.attempt_errors);
  m.count(join(p, {"cold_starts"}), c.cold_starts);
  m.count(join(p, {"cold_starts_pc_spillover"}), c.cold_starts_with_pc);
  m.real(join(p, {"cold_start_ratio"}), ratio(c.cold_starts, c.invocations));
  m.count(join(p, {"provisioned_invocations"}), c.pc_invocations);
}

void emit_latency(MetricList& m, const Path& p, const sim::LogHistogram& h) {
  const Path l = join(p, {"latency_ms"});
  m.real(join(l, {"mean"}), h.mean());
  m.real(join(l, {"p50"}), h.quantile(0.50));
  m.real(join(l, {"p90"}), h.quantile(0.90));
  m.real(join(l, {"p95"}), h.quantile(0.95));
  m.real(join(l, {"p99"}), h.quantile(0.99));
  m.real(join(l, {"p999"}), h.quantile(0.999));
  m.real(join(l, {"max"}), h.max());
}

void emit_age(MetricList& m, const Path& p, const sim::LogHistogram& h) {
  m.real(join(p, {"p50"}), h.quantile(0.50));
  m.real(join(p, {"p99"}), h.quantile(0.99));
  m.real(join(p, {"max"}), h.max());
}

// Asynchronous invocation: events and what became of them; `extra_load` is
// the invocations per event (retries multiply load); queue depth is the
// events waiting between attempts.
void emit_async(MetricList& m, const Path& p, const Counters& c, double queue_mean,
                double queue_max) {
  const Path a = join(p, {"async"});
  m.count(join(a, {"events"}), c.async_events);
  m.count(join(a, {"attempts"}), c.async_attempts);
  m.count(join(a, {"succeeded"}), c.async_succeeded);
  m.count(join(a, {"retries"}), c.async_retries);
  m.count(join(a, {"throttle_retries"}), c.async_throttle_retries);
  m.count(join(a, {"dlq"}), c.dlq);
  m.count(join(a, {"dropped"}), c.dropped);
  m.count(join(a, {"expired"}), c.async_expired);
  m.real(join(a, {"extra_load"}), ratio(c.async_attempts, c.async_events));
  m.real(join(a, {"queue_depth", "mean"}), queue_mean);
  m.count(join(a, {"queue_depth", "max"}), queue_max);
  emit_age(m, join(a, {"age_at_success_ms"}), c.age_success_ms);
  emit_age(m, join(a, {"age_at_failure_ms"}), c.age_failure_ms);
}

// Event sources: batches, their sizes, the age of the oldest message/record
// a batch takes (SQS: age of oldest message; streams: iterator age), the
// backlog and the pollers' concurrency.
void emit_source(MetricList& m, const Path& p, const Counters& c, double backlog_mean,
                 double backlog_max, double pollers_mean, double pollers_max) {
  const Path s = join(p, {"source"});
  m.count(join(s, {"batches"}), c.source_batches);
  m.count(join(s, {"failed_batches"}), c.source_failed_batches);
  m.real(join(s, {"batch_size", "mean"}), c.batch_size.mean());
  m.real(join(s, {"batch_size", "p50"}), c.batch_size.quantile(0.5));
  m.real(join(s, {"batch_size", "max"}), c.batch_size.max());
  m.count(join(s, {"duplicates"}), c.source_duplicates);
  m.count(join(s, {"expired"}), c.source_expired);
  m.count(join(s, {"poison"}), c.source_poison);
  emit_age(m, join(s, {"age_ms"}), c.source_age_ms);
  m.real(join(s, {"backlog", "mean"}), backlog_mean);
  m.count(join(s, {"backlog", "max"}), backlog_max);
  m.real(join(s, {"pollers", "mean"}), pollers_mean);
  m.count(join(s, {"pollers", "max"}), pollers_max);
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

double cost_quantity_hours(const models::CostBreakdown& c) { return c.quantity.instance_hours; }

}  // namespace

std::vector<Metric> collect_metrics(const models::Scenario& scenario, const models::RunResult& run,
                                    const models::Bill& bill) {
  std::vector<Metric> out;
  MetricList m(out);
  const sim::Time end = scenario.horizon;
  Counters totals;
  sim::LogHistogram all_latency;
  double concurrency_mean = 0, environments_mean = 0, queue_mean = 0, queue_max = 0;
  double backlog_mean = 0, backlog_max = 0, pollers_mean = 0, pollers_max = 0;
  for (std::size_t f = 0; f < scenario.functions.size(); ++f) {
    const FunctionStats& s = run.functions[f];
    const Path p = {"functions", scenario.functions[f].name};
    Counters c;
    c.add(s);
    totals.add(s);
    all_latency.merge(s.latency_ms);
    emit_counters(m, p, c);
    emit_latency(m, p, s.latency_ms);
    m.real(join(p, {"concurrency", "mean"}), s.busy.mean(end));
    m.count(join(p, {"concurrency", "max"}), s.busy.max());
    m.real(join(p, {"environments", "mean"}), s.environments.mean(end));
    m.count(join(p, {"environments", "max"}), s.environments.max());
    m.count(join(p, {"environments", "created"}), c.created);
    m.count(join(p, {"environments", "reclaimed"}), c.reclaimed);
    m.real(join(p, {"instances", "mean"}), s.instances.mean(end));
    m.count(join(p, {"instances", "max"}), s.instances.max());
    m.real(join(p, {"instances", "hours"}), cost_quantity_hours(bill.functions[f]));
    m.real(join(p, {"provisioned", "mean"}), s.provisioned.mean(end));
    m.real(join(p, {"provisioned", "utilization"}),
           ratio(s.provisioned_busy.mean(end), s.provisioned.mean(end)));
    emit_async(m, p, c, s.async_queue.mean(end), s.async_queue.max());
    emit_source(m, p, c, s.source_backlog.mean(end), s.source_backlog.max(),
                s.source_pollers.mean(end), s.source_pollers.max());
    backlog_mean += s.source_backlog.mean(end);
    backlog_max = std::max(backlog_max, s.source_backlog.max());
    pollers_mean += s.source_pollers.mean(end);
    pollers_max = std::max(pollers_max, s.source_pollers.max());
    const auto& cost = bill.functions[f];
    emit_cost(m, p, cost, false);
    m.real(join(p, {"cost_usd", "per_million_requests"}),
           models::cost_per_million_requests(cost).value_or(0.0));
    concurrency_mean += s.busy.mean(end);
    queue_mean += s.async_queue.mean(end);
    queue_max = std::max(queue_max, s.async_queue.max());  // the largest per function
    environments_mean += s.environments.mean(end);
  }
  const Path t = {"totals"};
  emit_counters(m, t, totals);
  emit_latency(m, t, all_latency);
  m.real(join(t, {"concurrency", "mean"}), concurrency_mean);
  m.real(join(t, {"environments", "mean"}), environments_mean);
  m.count(join(t, {"environments", "created"}), totals.created);
  m.count(join(t, {"environments", "reclaimed"}), totals.reclaimed);
  emit_async(m, t, totals, queue_mean, queue_max);
  emit_source(m, t, totals, backlog_mean, backlog_max, pollers_mean, pollers_max);
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
bool path_is(const std::vector<std::string>& path, std::string_view dotted) {
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
std::uint64_t path_hash(const std::vector<std::string>& path) {
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
