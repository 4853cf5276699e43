#include "models/bill_lines.hpp"

#include <algorithm>
#include <stdexcept>

#include "models/scenario_queries.hpp"

namespace ls::models {
namespace {

using Real = long double;

namespace q = bill_quantity;
namespace b = bill_line;

constexpr BillQuantity kQuantities[] = {
    {q::Invocations, "invocations", "requests", &BilledQuantities::invocations},
    {q::BilledRequests, "billed_requests", "requests", &BilledQuantities::billed_requests},
    {q::OnDemandGbS, "ondemand_gb_s", "GB-s", &BilledQuantities::ondemand_gb_s},
    {q::InitGbS, "init_gb_s", "GB-s", &BilledQuantities::init_gb_s},
    {q::PcAllocatedGbS, "pc_allocated_gb_s", "GB-s", &BilledQuantities::pc_allocated_gb_s},
    {q::PcDurationGbS, "pc_duration_gb_s", "GB-s", &BilledQuantities::pc_duration_gb_s},
    {q::EphemeralGbS, "ephemeral_gb_s", "GB-s", &BilledQuantities::ephemeral_gb_s},
    {q::FreeRequests, "free_requests", "requests", &BilledQuantities::free_requests},
    {q::FreeGbS, "free_gb_s", "GB-s", &BilledQuantities::free_gb_s},
    {q::InstanceHours, "instance_hours", "instance-hours", &BilledQuantities::instance_hours},
    {q::WebVcpuS, "web_vcpu_s", "vCPU-s", &BilledQuantities::web_vcpu_s},
    {q::WebGbS, "web_gb_s", "GB-s", &BilledQuantities::web_gb_s},
    {q::SnapStartCacheGbS, "snapstart_cache_gb_s", "GB-s", &BilledQuantities::snapstart_cache_gb_s},
    {q::SnapStartRestoreGb, "snapstart_restore_gb", "GB", &BilledQuantities::snapstart_restore_gb},
    {q::SavingsPlanHours, "savings_plan_hours", "commitment-hours",
     &BilledQuantities::savings_plan_hours},
    {q::SavingsPlanCoveredUsd, "savings_plan_covered_usd", "USD on-demand",
     &BilledQuantities::savings_plan_covered_usd},
    {q::RestApiRequests, "rest_api_requests", "requests", &BilledQuantities::rest_api_requests},
    {q::HttpApiRequests, "http_api_requests", "requests", &BilledQuantities::http_api_requests},
    {q::StreamedGb, "streamed_gb", "GB", &BilledQuantities::streamed_gb},
    {q::TenantIsolationGb, "tenant_isolation_gb", "GB", &BilledQuantities::tenant_isolation_gb},
    {q::SqsPollerHours, "sqs_poller_hours", "event-poller-unit-hours",
     &BilledQuantities::sqs_poller_hours},
    {q::KafkaPollerHours, "kafka_poller_hours", "event-poller-unit-hours",
     &BilledQuantities::kafka_poller_hours},
    {q::DurableOperations, "durable_operations", "operations",
     &BilledQuantities::durable_operations},
    {q::DurableWrittenGb, "durable_written_gb", "GB", &BilledQuantities::durable_written_gb},
    {q::DurableRetainedGbMonth, "durable_retained_gb_month", "GB-month",
     &BilledQuantities::durable_retained_gb_month},
    {q::FreeStreamedGb, "free_streamed_gb", "GB", &BilledQuantities::free_streamed_gb},
    {q::FreeApiGatewayRequests, "free_api_gateway_requests", "requests",
     &BilledQuantities::free_api_gateway_requests},
};

// Unit prices (billing.hpp says where each comes from). Each keeps the
// ledger's order of operations, so the bill rounds as it always has.
Real requests_usd(Real n, const FunctionConfig& f, const PriceTable& p) {
  const double per_million =
      f.compute == ComputeKind::Web ? f.web->request_usd_per_million : p.request_usd_per_million;
  return n * static_cast<Real>(per_million) / kPerMillion;
}
Real pc_allocated_usd(Real gb_s, const FunctionConfig& f, const PriceTable& p) {
  return gb_s * static_cast<Real>(p.for_architecture(f.architecture).pc_allocated_usd_per_gb_s);
}
Real pc_duration_usd(Real gb_s, const FunctionConfig& f, const PriceTable& p) {
  return gb_s * static_cast<Real>(p.for_architecture(f.architecture).pc_duration_usd_per_gb_s);
}
Real ephemeral_usd(Real gb_s, const FunctionConfig&, const PriceTable& p) {
  return gb_s * static_cast<Real>(p.ephemeral_usd_per_gb_s);
}
// Managed Instances: the instance price (on-demand, or discounted under a
// savings plan) and the management fee on the on-demand price.
Real instances_usd(Real hours, const FunctionConfig& f, const PriceTable&) {
  if (f.compute != ComputeKind::ManagedInstances) return 0;
  const InstanceType& it = f.managed->instance;
  const double price = f.managed->savings_plan && it.discounted_usd_per_hour
                           ? *it.discounted_usd_per_hour
                           : it.on_demand_usd_per_hour;
  return hours * static_cast<Real>(price);
}
Real management_fee_usd(Real hours, const FunctionConfig& f, const PriceTable&) {
  if (f.compute != ComputeKind::ManagedInstances) return 0;
  return hours * static_cast<Real>(f.managed->instance.on_demand_usd_per_hour) *
         static_cast<Real>(f.managed->management_fee);
}
// Web Functions: active vCPU-seconds and the GB-s of live environments.
Real web_cpu_usd(Real vcpu_s, const FunctionConfig& f, const PriceTable&) {
  if (f.compute != ComputeKind::Web) return 0;
  return vcpu_s * static_cast<Real>(f.web->usd_per_vcpu_second);
}
Real web_memory_usd(Real gb_s, const FunctionConfig& f, const PriceTable&) {
  if (f.compute != ComputeKind::Web) return 0;
  return gb_s * static_cast<Real>(f.web->usd_per_gb_second);
}

// SnapStart (Python, .NET; Java has no such charge): the snapshot cached
// per GB-s of memory, and each restore per GB of memory.
Real snapstart_cache_usd(Real gb_s, const FunctionConfig& f, const PriceTable& p) {
  if (!f.snapstart->charged()) return 0;
  return gb_s * static_cast<Real>(p.snapstart_cache_usd_per_gb_s.value_or(0.0));
}
Real snapstart_restore_usd(Real gb, const FunctionConfig& f, const PriceTable& p) {
  if (!f.snapstart->charged()) return 0;
  return gb * static_cast<Real>(p.snapstart_restore_usd_per_gb.value_or(0.0));
}

bool uses_snapstart(const Scenario& s) {
  return any_function(s, [](const FunctionConfig& f) { return f.snapstart->enabled; });
}
bool uses_savings_plan(const Scenario& s) { return s.platform.billing.savings_plan.enabled(); }
bool uses_api_gateway(const Scenario& s) {
  return any_workload(s, [](const WorkloadConfig& w) { return w.front_door->api_gateway(); });
}
bool uses_streaming(const Scenario& s) {
  return any_workload(s, [](const WorkloadConfig& w) { return w.payload->stream; });
}

// Response streaming: GB beyond each response's free part x the table's
// price (compute_bill rejects a table without one when there is any).
Real streaming_usd(Real gb, const FunctionConfig&, const PriceTable& p) {
  return gb * static_cast<Real>(p.response_streaming_usd_per_gb.value_or(0.0));
}
// Tenant isolation: per environment created, per GB (the loader's price
// check makes sure the table has the rate when a function needs it).
Real tenant_isolation_usd(Real gb, const FunctionConfig& f, const PriceTable& p) {
  const auto& rate = p.for_architecture(f.architecture).tenant_isolation_usd_per_gb;
  return rate ? gb * static_cast<Real>(*rate) : 0;
}
// Event source mappings in provisioned mode: event poller unit-hours.
Real sqs_pollers_usd(Real hours, const FunctionConfig&, const PriceTable& p) {
  return p.sqs_poller_usd_per_hour ? hours * static_cast<Real>(*p.sqs_poller_usd_per_hour) : 0;
}
Real kafka_pollers_usd(Real hours, const FunctionConfig&, const PriceTable& p) {
  return p.kafka_poller_usd_per_hour ? hours * static_cast<Real>(*p.kafka_poller_usd_per_hour) : 0;
}
// Durable functions: the table's rates (the loader's price check makes sure
// they are there when a function is durable).
Real durable_operations_usd(Real n, const FunctionConfig&, const PriceTable& p) {
  const auto& rate = p.durable_operation_usd_per_million;
  return rate ? n * static_cast<Real>(*rate) / kPerMillion : 0;
}
Real durable_written_usd(Real gb, const FunctionConfig&, const PriceTable& p) {
  return p.durable_written_usd_per_gb ? gb * static_cast<Real>(*p.durable_written_usd_per_gb) : 0;
}
Real durable_retained_usd(Real gb_month, const FunctionConfig&, const PriceTable& p) {
  const auto& rate = p.durable_retained_usd_per_gb_month;
  return rate ? gb_month * static_cast<Real>(*rate) : 0;
}
bool any_durable(const Scenario& s) {
  return any_function(s, [](const FunctionConfig& f) { return f.durable->enabled; });
}
// The free tiers beyond requests and GB-s are listed only where they can apply.
bool streaming_free_tier(const Scenario& s) {
  return uses_streaming(s) && s.platform.billing.free_tier;
}
bool api_gateway_free_tier(const Scenario& s) {
  return uses_api_gateway(s) && s.platform.billing.first_12_months;
}
bool any_tenant_isolation(const Scenario& s) {
  return any_function(s, [](const FunctionConfig& f) { return f.tenant_isolation->enabled(); });
}
bool any_sqs_provisioned(const Scenario& s) {
  return any_workload(s, [](const WorkloadConfig& w) {
    return w.source->type == SourceConfig::Type::Sqs && w.source->provisioned.enabled();
  });
}
bool any_kafka_provisioned(const Scenario& s) {
  return any_workload(s, [](const WorkloadConfig& w) {
    return w.source->type == SourceConfig::Type::Kafka && w.source->provisioned.enabled();
  });
}

using P = Pricing;
constexpr BillLine kLines[] = {
    // id, key, column, label, quantity, pricing, unit price, shown when 0, driver, field
    // [, card rank, card note]
    {b::Requests, "requests", "requests", "requests", q::BilledRequests, P::PerUnit, requests_usd,
     true, RequestsDriven, &CostBreakdown::requests, 2},
    {b::Duration, "duration", "duration", "duration", q::OnDemandGbS, P::DurationTiers, nullptr,
     true, OnDemandBusyDriven, &CostBreakdown::duration, 1, "on-demand GB-s"},
    {b::Init, "init", "init", "INIT", q::InitGbS, P::DurationTiers, nullptr, true, InitDriven,
     &CostBreakdown::init},
    {b::ProvisionedAllocated, "provisioned_allocated", "provisioned", "provisioned",
     q::PcAllocatedGbS, P::PerUnit, pc_allocated_usd, true, ProvisionedAllocDriven,
     &CostBreakdown::provisioned_allocated, 3},
    {b::ProvisionedDuration, "provisioned_duration", "provisioned", "provisioned", q::PcDurationGbS,
     P::PerUnit, pc_duration_usd, true, ProvisionedBusyDriven,
     &CostBreakdown::provisioned_duration},
    {b::Ephemeral, "ephemeral", "ephemeral", "ephemeral storage", q::EphemeralGbS, P::PerUnit,
     ephemeral_usd, true, OnDemandBusyDriven, &CostBreakdown::ephemeral},
    {b::FreeTierCredit, "free_tier_credit", "free_tier_credit", "free-tier credit", q::FreeGbS,
     P::FreeTier, nullptr, true, NoDriver, &CostBreakdown::free_tier_credit, 4},
    {b::Instances, "instances", "instances", "instance-hours", q::InstanceHours, P::PerUnit,
     instances_usd, false, EnvironmentsAliveDriven, &CostBreakdown::instances},
    {b::ManagementFee, "management_fee", "management_fee", "management fee", q::InstanceHours,
     P::PerUnit, management_fee_usd, false, EnvironmentsAliveDriven,
     &CostBreakdown::management_fee},
    {b::WebCpu, "web_cpu", "web_cpu", "web CPU", q::WebVcpuS, P::PerUnit, web_cpu_usd, false,
     OnDemandBusyDriven, &CostBreakdown::web_cpu},
    {b::WebMemory, "web_memory", "web_memory", "web memory", q::WebGbS, P::PerUnit, web_memory_usd,
     false, EnvironmentsAliveDriven, &CostBreakdown::web_memory},
    {b::SnapStartCache, "snapstart_cache", "snapstart_cache", "SnapStart cache",
     q::SnapStartCacheGbS, P::PerUnit, snapstart_cache_usd, false, TimeDriven,
     &CostBreakdown::snapstart_cache, 0, "", uses_snapstart},
    {b::SnapStartRestore, "snapstart_restore", "snapstart_restore", "SnapStart restore",
     q::SnapStartRestoreGb, P::PerUnit, snapstart_restore_usd, false, InitDriven,
     &CostBreakdown::snapstart_restore, 0, "", uses_snapstart},
    {b::SavingsPlanFee, "savings_plan_fee", "savings_plan_fee", "savings plan commitment",
     q::SavingsPlanHours, P::SavingsPlan, nullptr, false, TimeDriven,
     &CostBreakdown::savings_plan_fee, 0, "", uses_savings_plan},
    {b::SavingsPlanCovered, "savings_plan_covered", "savings_plan_covered",
     "covered by the savings plan", q::SavingsPlanCoveredUsd, P::SavingsPlan, nullptr, false,
     TimeDriven, &CostBreakdown::savings_plan_covered, 0, "", uses_savings_plan},
    {b::ApiGatewayRest, "api_gateway_rest", "api_gateway", "API Gateway", q::RestApiRequests,
     P::RequestTiers, nullptr, false, RequestsDriven, &CostBreakdown::api_gateway_rest, 0, "",
     uses_api_gateway},
    {b::ApiGatewayHttp, "api_gateway_http", "api_gateway", "API Gateway", q::HttpApiRequests,
     P::RequestTiers, nullptr, false, RequestsDriven, &CostBreakdown::api_gateway_http, 0, "",
     uses_api_gateway},
    {b::ResponseStreaming, "response_streaming", "response_streaming", "response streaming",
     q::StreamedGb, P::PerUnit, streaming_usd, false, RequestsDriven,
     &CostBreakdown::response_streaming, 0, "", uses_streaming},
    {b::TenantIsolation, "tenant_isolation", "tenant_isolation", "tenant isolation",
     q::TenantIsolationGb, P::PerUnit, tenant_isolation_usd, false, InitDriven,
     &CostBreakdown::tenant_isolation, 0, "", any_tenant_isolation},
    {b::SqsPollers, "sqs_pollers", "sqs_pollers", "SQS pollers", q::SqsPollerHours, P::PerUnit,
     sqs_pollers_usd, false, EnvironmentsAliveDriven, &CostBreakdown::sqs_pollers, 0, "",
     any_sqs_provisioned},
    {b::KafkaPollers, "kafka_pollers", "kafka_pollers", "Kafka pollers", q::KafkaPollerHours,
     P::PerUnit, kafka_pollers_usd, false, EnvironmentsAliveDriven, &CostBreakdown::kafka_pollers, 0, "",
     any_kafka_provisioned},
    {b::DurableOperations, "durable_operations", "durable_operations", "durable operations",
     q::DurableOperations, P::PerUnit, durable_operations_usd, false, RequestsDriven,
     &CostBreakdown::durable_operations, 0, "", any_durable},
    {b::DurableDataWritten, "durable_data_written", "durable_data_written", "durable data written",
     q::DurableWrittenGb, P::PerUnit, durable_written_usd, false, RequestsDriven,
     &CostBreakdown::durable_data_written, 0, "", any_durable},
    {b::DurableDataRetained, "durable_data_retained", "durable_data_retained",
     "durable data retained", q::DurableRetainedGbMonth, P::PerUnit, durable_retained_usd, false,
     TimeDriven, &CostBreakdown::durable_data_retained, 0, "", any_durable},
    {b::StreamingFreeTierCredit, "streaming_free_tier_credit", "streaming_free_tier_credit",
     "streaming free tier", q::FreeStreamedGb, P::FreeTier, nullptr, false, NoDriver,
     &CostBreakdown::streaming_free_tier_credit, 0, "", streaming_free_tier},
    {b::ApiGatewayFreeTierCredit, "api_gateway_free_tier_credit", "api_gateway_free_tier_credit",
     "API Gateway free tier", q::FreeApiGatewayRequests, P::FreeTier, nullptr, false, NoDriver,
     &CostBreakdown::api_gateway_free_tier_credit, 0, "", api_gateway_free_tier},
};

// Each row sits at the position of its id, so the ledger can index by id.
constexpr bool in_id_order() {
  std::size_t i = 0;
  for (const BillLine& l : kLines)
    if (l.id != i++) return false;
  i = 0;
  for (const BillQuantity& qu : kQuantities)
    if (qu.id != i++) return false;
  return std::size(kLines) == b::kCount && std::size(kQuantities) == q::kCount;
}
static_assert(in_id_order(), "bill_lines.cpp: rows out of the order of their ids");

std::vector<BillColumn> make_columns() {
  std::vector<BillColumn> out;
  for (bool credits : {false, true}) {
    for (const BillLine& l : kLines) {
      if (l.credit() != credits) continue;
      if (out.empty() || out.back().key != l.column || out.back().credit != credits)
        out.push_back({l.column, l.label, credits, l.shown_when_zero, l.card, l.card_note, {}});
      out.back().lines.push_back(&l);
    }
  }
  return out;
}

}  // namespace

const char* BillLine::unit() const { return kQuantities[quantity].unit; }

std::span<const BillLine> bill_lines() { return kLines; }
std::span<const BillQuantity> bill_quantities() { return kQuantities; }

double BillColumn::usd(const CostBreakdown& cost) const {
  double sum = 0.0;
  for (const BillLine* l : lines) sum += cost.*(l->usd);
  return sum;
}

const std::vector<BillColumn>& bill_columns() {
  static const std::vector<BillColumn> columns = make_columns();
  return columns;
}

std::vector<const BillColumn*> bill_cards() {
  std::vector<const BillColumn*> out;
  for (const BillColumn& column : bill_columns())
    if (column.card > 0) out.push_back(&column);
  std::stable_sort(out.begin(), out.end(),
                   [](const BillColumn* a, const BillColumn* b) { return a->card < b->card; });
  return out;
}

}  // namespace ls::models
