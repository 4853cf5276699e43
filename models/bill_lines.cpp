#include "models/bill_lines.hpp"

#include <algorithm>
#include <stdexcept>

namespace ls::models {
namespace {

using Real = long double;
constexpr Real kPerMillion = 1e6L;

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
};

// Unit prices (billing.hpp says where each comes from). Each keeps the
// ledger's order of operations, so the bill rounds as it always has.
Real requests_usd(Real n, const FunctionConfig& f, const PriceTable& p) {
  const double per_million =
      f.compute == ComputeKind::Web ? f.web.request_usd_per_million : p.request_usd_per_million;
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
  const InstanceType& it = f.managed.instance;
  const double price = f.managed.savings_plan && it.discounted_usd_per_hour
                           ? *it.discounted_usd_per_hour
                           : it.on_demand_usd_per_hour;
  return hours * static_cast<Real>(price);
}
Real management_fee_usd(Real hours, const FunctionConfig& f, const PriceTable&) {
  if (f.compute != ComputeKind::ManagedInstances) return 0;
  return hours * static_cast<Real>(f.managed.instance.on_demand_usd_per_hour) *
         static_cast<Real>(f.managed.management_fee);
}
// Web Functions: active vCPU-seconds and the GB-s of live environments.
Real web_cpu_usd(Real vcpu_s, const FunctionConfig& f, const PriceTable&) {
  if (f.compute != ComputeKind::Web) return 0;
  return vcpu_s * static_cast<Real>(f.web.usd_per_vcpu_second);
}
Real web_memory_usd(Real gb_s, const FunctionConfig& f, const PriceTable&) {
  if (f.compute != ComputeKind::Web) return 0;
  return gb_s * static_cast<Real>(f.web.usd_per_gb_second);
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
