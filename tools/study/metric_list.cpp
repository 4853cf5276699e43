#include "tools/study/metric_list.hpp"

#include <algorithm>

namespace ls::tools {

double metric_ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

void MetricBlock::add(const models::FunctionStats& s, sim::Time end, double hours) {
  functions_.push_back(&s);
  latency_ms.merge(s.latency_ms);
  async_age_success_ms.merge(s.async_age_success_ms);
  async_age_failure_ms.merge(s.async_age_failure_ms);
  batch_size.merge(s.batch_size);
  source_age_ms.merge(s.source_age_ms);
  concurrency_mean += s.busy.mean(end);
  concurrency_max = std::max(concurrency_max, s.busy.max());
  environments_mean += s.environments.mean(end);
  environments_max = std::max(environments_max, s.environments.max());
  instances_mean += s.instances.mean(end);
  instances_max = std::max(instances_max, s.instances.max());
  instance_hours += hours;
  provisioned_mean += s.provisioned.mean(end);
  provisioned_busy_mean += s.provisioned_busy.mean(end);
  queue_mean += s.async_queue.mean(end);
  queue_max = std::max(queue_max, s.async_queue.max());
  backlog_mean += s.source_backlog.mean(end);
  backlog_max = std::max(backlog_max, s.source_backlog.max());
  pollers_mean += s.source_pollers.mean(end);
  pollers_max = std::max(pollers_max, s.source_pollers.max());
}

double MetricBlock::sum(std::uint64_t models::FunctionStats::*counter) const {
  std::uint64_t n = 0;
  for (const models::FunctionStats* s : functions_) n += s->*counter;
  return static_cast<double>(n);
}

double MetricBlock::throttled_by(std::size_t cause) const {
  std::uint64_t n = 0;
  for (const models::FunctionStats* s : functions_) n += s->throttled_by[cause];
  return static_cast<double>(n);
}

namespace {

using Stats = models::FunctionStats;
using Counter = std::uint64_t Stats::*;
using Histogram = sim::LogHistogram MetricBlock::*;
using Level = double MetricBlock::*;

// How rows read a block.
template <Counter C>
double count(const MetricBlock& b) {
  return b.sum(C);
}
template <Counter N, Counter D>
double per(const MetricBlock& b) {
  return metric_ratio(b.sum(N), b.sum(D));
}
template <std::size_t Cause>
double throttled(const MetricBlock& b) {
  return b.throttled_by(Cause);
}
template <Histogram H>
double mean(const MetricBlock& b) {
  return (b.*H).mean();
}
template <Histogram H, double Q>
double quantile(const MetricBlock& b) {
  return (b.*H).quantile(Q);
}
template <Histogram H>
double max(const MetricBlock& b) {
  return (b.*H).max();
}
template <Level L>
double level(const MetricBlock& b) {
  return b.*L;
}
double provisioned_utilization(const MetricBlock& b) {
  return metric_ratio(b.provisioned_busy_mean, b.provisioned_mean);
}

using B = MetricBlock;
constexpr bool kCount = true, kReal = false;
constexpr MetricScope kBoth = MetricScope::Both, kFunction = MetricScope::FunctionOnly;
constexpr Histogram kLatency = &B::latency_ms, kAgeOk = &B::async_age_success_ms,
                    kAgeFailed = &B::async_age_failure_ms, kBatch = &B::batch_size,
                    kSourceAge = &B::source_age_ms;

// The throttle causes' rows follow models::kThrottleCauseNames (checked below).
constexpr MetricRow kRows[] = {
    // key, label, unit, integer, scope, read
    {"arrivals", "requests offered (first attempts)", "requests", kCount, kBoth,
     count<&Stats::arrivals>},
    {"invocations", "executions that got an environment", "invocations", kCount, kBoth,
     count<&Stats::invocations>},
    {"succeeded", "requests that succeeded", "requests", kCount, kBoth, count<&Stats::succeeded>},
    {"failed", "requests that failed (function or INIT error)", "requests", kCount, kBoth,
     count<&Stats::failed>},
    {"timed_out", "requests that timed out", "requests", kCount, kBoth, count<&Stats::timed_out>},
    {"throttled", "rejected attempts (all causes)", "attempts", kCount, kBoth,
     count<&Stats::throttled>},
    {"throttled_first_attempt", "requests whose first attempt was rejected", "requests", kCount,
     kBoth, count<&Stats::throttled_first_attempt>},
    {"throttled_final", "requests that ended throttled", "requests", kCount, kBoth,
     count<&Stats::throttled_final>},
    {"throttled_by.account_limit", "attempts rejected by the account limit", "attempts", kCount,
     kBoth, throttled<0>},
    {"throttled_by.reserved_limit", "attempts rejected by reserved concurrency", "attempts", kCount,
     kBoth, throttled<1>},
    {"throttled_by.scaling_rate", "attempts rejected by the scaling rate", "attempts", kCount,
     kBoth, throttled<2>},
    {"throttled_by.rps_cap", "attempts rejected by the requests-per-second cap", "attempts", kCount,
     kBoth, throttled<3>},
    {"throttled_by.capacity", "attempts rejected for want of capacity", "attempts", kCount, kBoth,
     throttled<4>},
    {"throttled_by.traffic_doubling", "attempts rejected by the traffic-doubling limit", "attempts",
     kCount, kBoth, throttled<5>},
    {"throttle_rate_first_attempt", "first-attempt throttles per arrival", "ratio", kReal, kBoth,
     per<&Stats::throttled_first_attempt, &Stats::arrivals>},
    {"throttle_rate_final", "final throttles per arrival", "ratio", kReal, kBoth,
     per<&Stats::throttled_final, &Stats::arrivals>},
    {"retries", "client re-offers after a throttle", "attempts", kCount, kBoth,
     count<&Stats::retries>},
    {"dlq", "events and messages sent to a DLQ", "requests", kCount, kBoth, count<&Stats::dlq>},
    {"dropped", "events and messages discarded", "requests", kCount, kBoth, count<&Stats::dropped>},
    {"in_flight_at_end", "requests still in flight at the horizon", "requests", kCount, kBoth,
     count<&Stats::in_flight_at_end>},
    {"attempt_errors", "invocations that failed or timed out", "invocations", kCount, kBoth,
     count<&Stats::attempt_errors>},
    {"cold_starts", "invocations that ran INIT first", "invocations", kCount, kBoth,
     count<&Stats::cold_starts>},
    {"cold_starts_pc_spillover", "cold starts while provisioned concurrency was configured",
     "invocations", kCount, kBoth, count<&Stats::cold_starts_with_pc>},
    {"cold_start_ratio", "cold starts per invocation", "ratio", kReal, kBoth,
     per<&Stats::cold_starts, &Stats::invocations>},
    {"provisioned_invocations", "invocations served by provisioned environments", "invocations",
     kCount, kBoth, count<&Stats::pc_invocations>},
    {"latency_ms.mean", "mean latency", "ms", kReal, kBoth, mean<kLatency>},
    {"latency_ms.p50", "p50 latency", "ms", kReal, kBoth, quantile<kLatency, 0.50>},
    {"latency_ms.p90", "p90 latency", "ms", kReal, kBoth, quantile<kLatency, 0.90>},
    {"latency_ms.p95", "p95 latency", "ms", kReal, kBoth, quantile<kLatency, 0.95>},
    {"latency_ms.p99", "p99 latency", "ms", kReal, kBoth, quantile<kLatency, 0.99>},
    {"latency_ms.p999", "p99.9 latency", "ms", kReal, kBoth, quantile<kLatency, 0.999>},
    {"latency_ms.max", "largest latency", "ms", kReal, kBoth, max<kLatency>},
    {"concurrency.mean", "busy environments (time-weighted mean)", "environments", kReal, kBoth,
     level<&B::concurrency_mean>},
    {"concurrency.max", "most busy environments", "environments", kCount, kFunction,
     level<&B::concurrency_max>},
    {"environments.mean", "environments alive (time-weighted mean)", "environments", kReal, kBoth,
     level<&B::environments_mean>},
    {"environments.max", "most environments alive", "environments", kCount, kFunction,
     level<&B::environments_max>},
    {"environments.created", "environments created", "environments", kCount, kBoth,
     count<&Stats::environments_created>},
    {"environments.reclaimed", "environments reclaimed", "environments", kCount, kBoth,
     count<&Stats::environments_reclaimed>},
    {"instances.mean", "Managed Instances running (time-weighted mean)", "instances", kReal,
     kFunction, level<&B::instances_mean>},
    {"instances.max", "most Managed Instances running", "instances", kCount, kFunction,
     level<&B::instances_max>},
    {"instances.hours", "Managed Instances hours billed", "instance-hours", kReal, kFunction,
     level<&B::instance_hours>},
    {"provisioned.mean", "provisioned environments (time-weighted mean)", "environments", kReal,
     kFunction, level<&B::provisioned_mean>},
    {"provisioned.utilization", "busy share of provisioned environments", "ratio", kReal, kFunction,
     provisioned_utilization},
    {"async.events", "async events", "events", kCount, kBoth, count<&Stats::async_events>},
    {"async.attempts", "async invocation attempts", "attempts", kCount, kBoth,
     count<&Stats::async_attempts>},
    {"async.succeeded", "async events that succeeded", "events", kCount, kBoth,
     count<&Stats::async_succeeded>},
    {"async.retries", "async retries after function errors", "attempts", kCount, kBoth,
     count<&Stats::async_retries>},
    {"async.throttle_retries", "async retries after throttles", "attempts", kCount, kBoth,
     count<&Stats::async_throttle_retries>},
    {"async.dlq", "async events sent to a DLQ", "events", kCount, kBoth, count<&Stats::dlq>},
    {"async.dropped", "async events discarded", "events", kCount, kBoth, count<&Stats::dropped>},
    {"async.expired", "async events past their maximum age", "events", kCount, kBoth,
     count<&Stats::async_expired>},
    {"async.extra_load", "invocations per async event", "ratio", kReal, kBoth,
     per<&Stats::async_attempts, &Stats::async_events>},
    {"async.queue_depth.mean", "events waiting between attempts (mean)", "events", kReal, kBoth,
     level<&B::queue_mean>},
    {"async.queue_depth.max", "most events waiting between attempts", "events", kCount, kBoth,
     level<&B::queue_max>},
    {"async.age_at_success_ms.p50", "p50 event age at success", "ms", kReal, kBoth,
     quantile<kAgeOk, 0.50>},
    {"async.age_at_success_ms.p99", "p99 event age at success", "ms", kReal, kBoth,
     quantile<kAgeOk, 0.99>},
    {"async.age_at_success_ms.max", "largest event age at success", "ms", kReal, kBoth,
     max<kAgeOk>},
    {"async.age_at_failure_ms.p50", "p50 event age at DLQ or drop", "ms", kReal, kBoth,
     quantile<kAgeFailed, 0.50>},
    {"async.age_at_failure_ms.p99", "p99 event age at DLQ or drop", "ms", kReal, kBoth,
     quantile<kAgeFailed, 0.99>},
    {"async.age_at_failure_ms.max", "largest event age at DLQ or drop", "ms", kReal, kBoth,
     max<kAgeFailed>},
    {"source.batches", "event-source batches", "batches", kCount, kBoth,
     count<&Stats::source_batches>},
    {"source.failed_batches", "event-source batches that failed", "batches", kCount, kBoth,
     count<&Stats::source_failed_batches>},
    {"source.batch_size.mean", "mean batch size", "records", kReal, kBoth, mean<kBatch>},
    {"source.batch_size.p50", "p50 batch size", "records", kReal, kBoth, quantile<kBatch, 0.5>},
    {"source.batch_size.max", "largest batch", "records", kReal, kBoth, max<kBatch>},
    {"source.duplicates", "messages processed again after their visibility timeout", "records",
     kCount, kBoth, count<&Stats::source_duplicates>},
    {"source.expired", "records past the stream's retention", "records", kCount, kBoth,
     count<&Stats::source_expired>},
    {"source.poison", "poison records", "records", kCount, kBoth, count<&Stats::source_poison>},
    {"source.age_ms.p50", "p50 age of the oldest record a batch takes", "ms", kReal, kBoth,
     quantile<kSourceAge, 0.50>},
    {"source.age_ms.p99", "p99 age of the oldest record a batch takes", "ms", kReal, kBoth,
     quantile<kSourceAge, 0.99>},
    {"source.age_ms.max", "largest age of the oldest record a batch takes", "ms", kReal, kBoth,
     max<kSourceAge>},
    {"source.backlog.mean", "records not yet done (mean)", "records", kReal, kBoth,
     level<&B::backlog_mean>},
    {"source.backlog.max", "most records not yet done", "records", kCount, kBoth,
     level<&B::backlog_max>},
    {"source.pollers.mean", "concurrent batches (mean)", "batches", kReal, kBoth,
     level<&B::pollers_mean>},
    {"source.pollers.max", "most concurrent batches", "batches", kCount, kBoth,
     level<&B::pollers_max>},
};

// The throttle-cause rows name the causes in their order.
constexpr bool throttle_rows_match() {
  std::size_t cause = 0;
  for (const MetricRow& r : kRows) {
    const std::string_view key = r.key;
    if (!key.starts_with("throttled_by.")) continue;
    if (cause >= models::kThrottleCauses ||
        key.substr(13) != std::string_view(models::kThrottleCauseNames[cause]))
      return false;
    ++cause;
  }
  return cause == models::kThrottleCauses;
}
static_assert(throttle_rows_match(),
              "metric_list.cpp: throttled_by rows out of kThrottleCauseNames");

}  // namespace

std::span<const MetricRow> metric_rows() { return kRows; }

}  // namespace ls::tools
