// The lines of the bill, in one table: the ledger (billing.cpp) prices,
// converts and sums them by iterating it, and the report writers (metrics,
// table, CSV, HTML) list them from it. A new line is one row here, one field
// in CostBreakdown (billing.hpp) and, when it prices a new quantity, one
// field in BilledQuantities and the usage that measures it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "models/billing.hpp"

namespace ls::models {

// AWS quotes request and event prices per million.
inline constexpr long double kPerMillion = 1e6L;

// The quantities a bill prices, by position in bill_quantities().
namespace bill_quantity {
enum Id : std::size_t {
  Invocations,
  BilledRequests,
  OnDemandGbS,
  InitGbS,
  PcAllocatedGbS,
  PcDurationGbS,
  EphemeralGbS,
  FreeRequests,
  FreeGbS,
  InstanceHours,
  WebVcpuS,
  WebGbS,
  SnapStartCacheGbS,
  SnapStartRestoreGb,
  SavingsPlanHours,
  SavingsPlanCoveredUsd,
  RestApiRequests,
  HttpApiRequests,
  StreamedGb,
  TenantIsolationGb,
  SqsPollerHours,
  KafkaPollerHours,
  DurableOperations,
  DurableWrittenGb,
  DurableRetainedGbMonth,
  FreeStreamedGb,
  FreeApiGatewayRequests,
  kCount
};
}  // namespace bill_quantity

struct BillQuantity {
  bill_quantity::Id id;
  const char* name;  // the BilledQuantities field
  const char* unit;  // "requests", "GB-s", "instance-hours", "vCPU-s"
  double BilledQuantities::*field;
};

// The lines, by position in bill_lines(): the order the ledger sums them
// in (a total's rounding depends on it).
namespace bill_line {
enum Id : std::size_t {
  Requests,
  Duration,
  Init,
  ProvisionedAllocated,
  ProvisionedDuration,
  Ephemeral,
  FreeTierCredit,
  Instances,
  ManagementFee,
  WebCpu,
  WebMemory,
  SnapStartCache,
  SnapStartRestore,
  SavingsPlanFee,
  SavingsPlanCovered,
  ApiGatewayRest,
  ApiGatewayHttp,
  ResponseStreaming,
  TenantIsolation,
  SqsPollers,
  KafkaPollers,
  DurableOperations,
  DurableDataWritten,
  DurableDataRetained,
  StreamingFreeTierCredit,
  ApiGatewayFreeTierCredit,
  kCount
};
}  // namespace bill_line

// How a line is priced.
enum class Pricing {
  PerUnit,        // its quantity of one function × a unit price (BillLine::price)
  DurationTiers,  // the account-wide volume tiers of the architecture
  FreeTier,       // a credit: the account's free requests, GB-s, streamed GB, API calls
  SavingsPlan,    // the account's commitment, applied hour by hour (savings_plan.hpp)
  RequestTiers,   // the account-wide request tiers of the table's api_gateway section
};

// What drives a line's cost over time, for attributing the bill to the
// intervals of the time series (report_csv.cpp), in that order.
enum CostDriver : std::size_t {
  RequestsDriven,           // invocations
  InitDriven,               // cold starts
  OnDemandBusyDriven,       // busy on-demand environment-seconds
  ProvisionedBusyDriven,    // busy provisioned environment-seconds
  ProvisionedAllocDriven,   // provisioned environment-seconds
  EnvironmentsAliveDriven,  // environment-seconds alive (instances, web memory)
  TimeDriven,               // spread evenly over the horizon (no series quantity)
  kCostDrivers,
  NoDriver = kCostDrivers,  // a credit: spread with the on-demand lines it offsets
};

// USD for `quantity` (already scaled to the bill's period) of one function.
using UnitPrice = long double (*)(long double quantity, const FunctionConfig& function,
                                  const PriceTable& prices);

struct BillLine {
  bill_line::Id id;
  const char* key;             // its metric under cost_usd, e.g. "provisioned_allocated"
  const char* column;          // the report column it is shown in, e.g. "provisioned"
  const char* label;           // the column's label in pages, e.g. "INIT"
  bill_quantity::Id quantity;  // what it prices (its unit is the line's)
  Pricing pricing;
  UnitPrice price;  // Pricing::PerUnit only
  // Multi-concurrency compute's lines are shown only when a run has them,
  // so the Lambda bill reads as it always has.
  bool shown_when_zero;
  CostDriver driver;
  double CostBreakdown::*usd;
  // A card of its own on the run page's Cost section: its rank among the
  // cards (1 first; 0: none) and the note under it. A column's first line
  // decides for the column.
  std::uint8_t card = 0;
  const char* card_note = "";
  // Set for a feature's lines: the metrics (JSON) list the line only for a
  // scenario that uses the feature, so other reports read as before it
  // existed (and every replication of a scenario lists the same lines).
  bool (*used_by)(const Scenario& scenario) = nullptr;

  bool listed_for(const Scenario& scenario) const {
    return used_by == nullptr || used_by(scenario);
  }

  bool credit() const { return pricing == Pricing::FreeTier; }
  const char* unit() const;
};

std::span<const BillLine> bill_lines();
std::span<const BillQuantity> bill_quantities();

// A column of the reports: consecutive lines with the same `column` (the two
// provisioned lines are one "provisioned" column). Columns list the charges,
// then the credits, as a bill does.
struct BillColumn {
  std::string key;  // the metric under cost_usd: the line's, or the group's sum
  const char* label;
  bool credit;
  bool shown_when_zero;
  std::uint8_t card;  // as BillLine::card
  const char* card_note;
  std::vector<const BillLine*> lines;  // more than one: the column is their sum

  double usd(const CostBreakdown& cost) const;
  bool listed_for(const Scenario& scenario) const { return lines.front()->listed_for(scenario); }
};

const std::vector<BillColumn>& bill_columns();

// The columns with a card (BillLine::card), in the cards' order.
std::vector<const BillColumn*> bill_cards();

}  // namespace ls::models
