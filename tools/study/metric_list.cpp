#include "tools/study/metric_list.hpp"

#include <algorithm>

#include "models/scenario_queries.hpp"

namespace ls::tools {

double metric_ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

MetricFeatures::MetricFeatures(const models::Scenario& scenario)
    : payloads(models::any_workload(scenario, [](const auto& w) { return w.payload->any(); })),
      front_doors(
          models::any_workload(scenario, [](const auto& w) { return w.front_door->enabled(); })),
      emits(models::any_workload(scenario, [](const auto& w) { return w.emitted; })),
      provisioned_source(scenario.functions.size(), false) {
  for (const models::WorkloadConfig& w : scenario.workloads)
    if (w.source->provisioned.enabled()) provisioned_source[w.function] = true;
}

void MetricBlock::add(const models::FunctionStats& s, sim::Time end, double hours,
                      double idle_memory_gb) {
  functions_.push_back(&s);
  latency_ms.merge(s.latency_ms);
  async_age_success_ms.merge(s.async().age_success_ms);
  async_age_failure_ms.merge(s.async().age_failure_ms);
  batch_size.merge(s.source().batch_size);
  source_age_ms.merge(s.source().age_ms);
  concurrency_mean += s.busy.mean(end);
  concurrency_max = std::max(concurrency_max, s.busy.max());
  environments_mean += s.environments.mean(end);
  environments_max = std::max(environments_max, s.environments.max());
  // Environments alive but not busy (an environment is busy from its INIT
  // to the end of its request): the memory a keep-alive policy holds for
  // the cold starts it saves.
  idle_gb_s += std::max(0.0, s.environments.integral_seconds(end) - s.busy.integral_seconds(end)) *
               idle_memory_gb;
  instances_mean += s.managed().instances.mean(end);
  instances_max = std::max(instances_max, s.managed().instances.max());
  instance_hours += hours;
  provisioned_mean += s.provisioned().allocated.mean(end);
  provisioned_busy_mean += s.provisioned().busy.mean(end);
  queue_mean += s.async().queue.mean(end);
  queue_max = std::max(queue_max, s.async().queue.max());
  backlog_mean += s.source().backlog.mean(end);
  backlog_max = std::max(backlog_max, s.source().backlog.max());
  pollers_mean += s.source().pollers.mean(end);
  pollers_max = std::max(pollers_max, s.source().pollers.max());
  event_pollers_mean += s.source().event_pollers.mean(end);
  event_pollers_max = std::max(event_pollers_max, s.source().event_pollers.max());
  tenant_environments_mean += s.tenants().with_environments.mean(end);
  tenant_environments_max = std::max(tenant_environments_max, s.tenants().with_environments.max());
}

double MetricBlock::throttled_by(std::size_t cause) const {
  std::uint64_t n = 0;
  for (const models::FunctionStats* s : functions_) n += s->throttled_by[cause];
  return static_cast<double>(n);
}

namespace {

using Stats = models::FunctionStats;
using Async = models::AsyncStats;
using Source = models::SourceStats;
using Payload = models::PayloadStats;
using FrontDoor = models::FrontDoorStats;
using Tenants = models::TenantStats;
using Durable = models::DurableStats;
using Recursion = models::RecursionStats;
using Histogram = sim::LogHistogram MetricBlock::*;
using Level = double MetricBlock::*;

// How rows read a block.
// C, N, D: a counter of the statistics or of one of their parts.
template <auto C>
double count(const MetricBlock& b) {
  return b.sum(C);
}
template <auto N, auto D>
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

// The feature rows' reads and predicates (set by collect_metrics: the
// block's features, bill and, for a function, its configuration and usage).
double tenants_configured(const MetricBlock& b) { return b.function->tenant_isolation->tenants; }
double environments_per_tenant(const MetricBlock& b) {
  return metric_ratio(b.environments_mean, b.tenant_environments_mean);
}
// Requests billed beyond the invocations: async events over 256 KB.
double extra_billed_requests(const MetricBlock& b) {
  return b.cost->quantity.billed_requests - b.cost->quantity.invocations;
}
double per_million_requests(const MetricBlock& b) {
  return models::cost_per_million_requests(*b.cost).value_or(0.0);
}
double snapstart_restores(const MetricBlock& b) {
  return static_cast<double>(b.usage->snapstart_restores);
}
double snapstart_versions(const MetricBlock& b) {
  return static_cast<double>(b.usage->snapshot_periods.size());
}
// Durable functions: the executions' start-to-end time (a function's row).
template <double Q>
double durable_end_to_end(const MetricBlock& b) {
  return b.function_stats().durable().end_to_end_s.quantile(Q);
}
double durable_end_to_end_mean(const MetricBlock& b) {
  return b.function_stats().durable().end_to_end_s.mean();
}
double durable_end_to_end_max(const MetricBlock& b) {
  return b.function_stats().durable().end_to_end_s.max();
}
template <double models::SavingsPlanUse::*F>
double plan(const MetricBlock& b) {
  return b.bill->savings_plan.*F;
}
double plan_utilization(const MetricBlock& b) {
  const models::SavingsPlanUse& sp = b.bill->savings_plan;
  return metric_ratio(sp.used_usd, sp.commitment_usd);
}
double plan_net_savings(const MetricBlock& b) {
  const models::SavingsPlanUse& sp = b.bill->savings_plan;
  return sp.covered_ondemand_usd - sp.commitment_usd;
}

bool with_payloads(const MetricBlock& b) { return b.features->payloads; }
bool with_front_doors(const MetricBlock& b) { return b.features->front_doors; }
bool with_provisioned_source(const MetricBlock& b) {
  return b.features->provisioned_source[b.index];
}
bool with_tenants(const MetricBlock& b) { return b.function->tenant_isolation->enabled(); }
bool with_snapstart(const MetricBlock& b) { return b.function->snapstart->enabled; }
bool with_savings_plan(const MetricBlock& b) { return b.bill->savings_plan.enabled; }
bool with_durable(const MetricBlock& b) { return b.function->durable->enabled; }
bool with_emits(const MetricBlock& b) { return b.features->emits; }
// On-demand compute's environments (the totals add up those).
bool with_on_demand(const MetricBlock& b) {
  return b.function == nullptr || b.function->compute == models::ComputeKind::OnDemand;
}

using B = MetricBlock;
constexpr bool kCount = true, kReal = false;
constexpr MetricScope kBoth = MetricScope::Both, kFunction = MetricScope::FunctionOnly,
                      kAccount = MetricScope::Account;
constexpr MetricPlace kAfterCost = MetricPlace::AfterCost;
using SP = models::SavingsPlanUse;
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
    {"environments.idle_gb_s",
     "memory x time of on-demand environments kept alive while idle (between requests)", "GB-s",
     kReal, kBoth, level<&B::idle_gb_s>, with_on_demand},
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
    {"async.events", "async events", "events", kCount, kBoth, count<&Async::events>},
    {"async.attempts", "async invocation attempts", "attempts", kCount, kBoth,
     count<&Async::attempts>},
    {"async.succeeded", "async events that succeeded", "events", kCount, kBoth,
     count<&Async::succeeded>},
    {"async.retries", "async retries after function errors", "attempts", kCount, kBoth,
     count<&Async::retries>},
    {"async.throttle_retries", "async retries after throttles", "attempts", kCount, kBoth,
     count<&Async::throttle_retries>},
    {"async.dlq", "async events sent to a DLQ", "events", kCount, kBoth, count<&Stats::dlq>},
    {"async.dropped", "async events discarded", "events", kCount, kBoth, count<&Stats::dropped>},
    {"async.expired", "async events past their maximum age", "events", kCount, kBoth,
     count<&Async::expired>},
    {"async.extra_load", "invocations per async event", "ratio", kReal, kBoth,
     per<&Async::attempts, &Async::events>},
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
    {"source.batches", "event-source batches", "batches", kCount, kBoth, count<&Source::batches>},
    {"source.failed_batches", "event-source batches that failed", "batches", kCount, kBoth,
     count<&Source::failed_batches>},
    {"source.batch_size.mean", "mean batch size", "records", kReal, kBoth, mean<kBatch>},
    {"source.batch_size.p50", "p50 batch size", "records", kReal, kBoth, quantile<kBatch, 0.5>},
    {"source.batch_size.max", "largest batch", "records", kReal, kBoth, max<kBatch>},
    {"source.duplicates", "messages processed again after their visibility timeout", "records",
     kCount, kBoth, count<&Source::duplicates>},
    {"source.expired", "records past the stream's retention", "records", kCount, kBoth,
     count<&Source::expired>},
    {"source.poison", "poison records", "records", kCount, kBoth, count<&Source::poison>},
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
    // The features' rows: key, label, unit, integer, scope, read, listed when [, place].
    // Event sources in provisioned mode: the event pollers (billed per unit-hour).
    {"source.event_pollers.mean", "event pollers (time-weighted mean)", "pollers", kReal, kFunction,
     level<&B::event_pollers_mean>, with_provisioned_source},
    {"source.event_pollers.max", "most event pollers", "pollers", kCount, kFunction,
     level<&B::event_pollers_max>, with_provisioned_source},
    // Tenant isolation: each environment serves one tenant.
    {"tenants.configured", "tenants configured", "tenants", kCount, kFunction, tenants_configured,
     with_tenants},
    {"tenants.active", "tenants that sent requests", "tenants", kCount, kFunction,
     count<&Tenants::active>, with_tenants},
    {"tenants.with_environments.mean", "tenants holding an environment (mean)", "tenants", kReal,
     kFunction, level<&B::tenant_environments_mean>, with_tenants},
    {"tenants.with_environments.max", "most tenants holding an environment", "tenants", kCount,
     kFunction, level<&B::tenant_environments_max>, with_tenants},
    {"tenants.environments_per_tenant", "environments per tenant holding one", "ratio", kReal,
     kFunction, environments_per_tenant, with_tenants},
    // The front door: API Gateway's 429s (apart from Lambda's throttles) and 504s.
    {"front_door.throttled", "attempts the front door rejected (429)", "attempts", kCount, kBoth,
     count<&FrontDoor::throttled>, with_front_doors},
    {"front_door.throttled_final", "requests that ended with the front door's 429", "requests",
     kCount, kBoth, count<&FrontDoor::throttled_final>, with_front_doors},
    {"front_door.timeouts", "requests past the integration timeout (504)", "requests", kCount,
     kBoth, count<&FrontDoor::timeouts>, with_front_doors},
    // Payload sizes.
    {"payload.rejected", "requests and events rejected for their size", "requests", kCount, kBoth,
     count<&Payload::rejected>, with_payloads},
    {"payload.response_too_large", "buffered responses over the limit", "requests", kCount, kBoth,
     count<&Payload::response_too_large>, with_payloads},
    {"payload.extra_billed_requests", "requests billed for async events over 256 KB", "requests",
     kReal, kBoth, extra_billed_requests, with_payloads},
    // Recursive loop detection: events emitted (functions.<name>.emits) and
    // events stopped at platform.recursion_limit.
    {"recursion.emitted", "events emitted to other functions", "events", kCount, kBoth,
     count<&Recursion::emitted>, with_emits},
    {"recursion.stopped", "events stopped as a recursive loop", "events", kCount, kBoth,
     count<&Recursion::stopped>, with_emits},
    // After the bill's lines.
    {"cost_usd.per_million_requests", "cost per million requests", "USD", kReal, kFunction,
     per_million_requests, nullptr, kAfterCost},
    // The account's: the whole bill over the requests it bills, both over
    // the whole horizon (warm-up included), as each function's above; plan
    // and the HTML summary read this one rather than dividing the bill by
    // the arrivals counted after warm-up.
    {"cost_usd.per_million_requests", "cost per million requests", "USD", kReal, kAccount,
     per_million_requests, nullptr, kAfterCost},
    {"snapstart.restores", "SnapStart restores", "restores", kCount, kFunction, snapstart_restores,
     with_snapstart, kAfterCost},
    {"snapstart.versions", "SnapStart versions (snapshots) the run saw", "versions", kCount,
     kFunction, snapstart_versions, with_snapstart, kAfterCost},
    // Durable functions: how executions ended, the invocations that resumed
    // one after a wait (and how many were cold), the start-to-end time.
    {"durable.completed", "durable executions completed", "executions", kCount, kFunction,
     count<&Durable::completed>, with_durable, kAfterCost},
    {"durable.failed", "durable executions failed", "executions", kCount, kFunction,
     count<&Durable::failed>, with_durable, kAfterCost},
    {"durable.timed_out", "durable executions past their timeout", "executions", kCount, kFunction,
     count<&Durable::timed_out>, with_durable, kAfterCost},
    {"durable.resumptions", "invocations resuming an execution", "invocations", kCount, kFunction,
     count<&Durable::resumptions>, with_durable, kAfterCost},
    {"durable.resumption_cold_starts", "resumptions that cold-started", "invocations", kCount,
     kFunction, count<&Durable::resumption_cold_starts>, with_durable, kAfterCost},
    {"durable.resumption_cold_start_ratio", "share of resumptions that cold-started", "ratio",
     kReal, kFunction, per<&Durable::resumption_cold_starts, &Durable::resumptions>, with_durable,
     kAfterCost},
    {"durable.step_retries", "step attempts retried after a failure", "attempts", kCount, kFunction,
     count<&Durable::step_retries>, with_durable, kAfterCost},
    {"durable.callback_timeouts", "callbacks that timed out", "callbacks", kCount, kFunction,
     count<&Durable::callback_timeouts>, with_durable, kAfterCost},
    {"durable.end_to_end_s.mean", "execution start to end (mean)", "s", kReal, kFunction,
     durable_end_to_end_mean, with_durable, kAfterCost},
    {"durable.end_to_end_s.p50", "execution start to end (median)", "s", kReal, kFunction,
     durable_end_to_end<0.50>, with_durable, kAfterCost},
    {"durable.end_to_end_s.p99", "execution start to end (p99)", "s", kReal, kFunction,
     durable_end_to_end<0.99>, with_durable, kAfterCost},
    {"durable.end_to_end_s.max", "execution start to end (max)", "s", kReal, kFunction,
     durable_end_to_end_max, with_durable, kAfterCost},
    // How the savings plan was used (models/billing.hpp SavingsPlanUse).
    {"savings_plan.discount", "savings plan discount", "ratio", kReal, kAccount,
     plan<&SP::discount>, with_savings_plan, kAfterCost},
    {"savings_plan.commitment_usd", "commitment paid", "USD", kReal, kAccount,
     plan<&SP::commitment_usd>, with_savings_plan, kAfterCost},
    {"savings_plan.eligible_ondemand_usd", "eligible usage at on-demand rates", "USD", kReal,
     kAccount, plan<&SP::eligible_ondemand_usd>, with_savings_plan, kAfterCost},
    {"savings_plan.covered_ondemand_usd", "covered usage at on-demand rates", "USD", kReal,
     kAccount, plan<&SP::covered_ondemand_usd>, with_savings_plan, kAfterCost},
    {"savings_plan.used_usd", "commitment used", "USD", kReal, kAccount, plan<&SP::used_usd>,
     with_savings_plan, kAfterCost},
    {"savings_plan.unused_usd", "commitment paid for nothing", "USD", kReal, kAccount,
     plan<&SP::unused_usd>, with_savings_plan, kAfterCost},
    {"savings_plan.utilization", "share of the commitment used", "ratio", kReal, kAccount,
     plan_utilization, with_savings_plan, kAfterCost},
    {"savings_plan.net_savings_usd", "covered on-demand value less the commitment", "USD", kReal,
     kAccount, plan_net_savings, with_savings_plan, kAfterCost},
    {"savings_plan.hours", "hours of the horizon", "hours", kReal, kAccount, plan<&SP::hours>,
     with_savings_plan, kAfterCost},
    {"savings_plan.hours_with_unused", "hours the commitment was not fully used", "hours", kReal,
     kAccount, plan<&SP::hours_with_unused>, with_savings_plan, kAfterCost},
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
