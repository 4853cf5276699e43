// The bill: a run's exact integer usage (usage.hpp) priced once, at the
// end, with a price table (price_table.hpp), itemised per function the way
// AWS itemises it. Summing per request in floating point would drift over
// 10^9 requests; pricing integer totals once does not.
// The lines themselves (name, label, unit, how each is priced) are one table,
// bill_lines.hpp, that the ledger and every report writer iterate.
//
// Conventions (each one is a choice AWS leaves open for a simulator):
// - A month is 730 h (8,760 h / 12), AWS's own month for price examples.
//   month_factor = 730 h / horizon.
// - billing.project_to_month: every usage total is multiplied by
//   month_factor before pricing, and every figure (cost and quantity) is a
//   month's. Otherwise figures cover the horizon, and the monthly
//   quantities (tier bounds, free tier) are pro-rated to it (÷ month_factor),
//   so a run's cost is always its share of a steady month's bill.
// - Volume tiers apply to the on-demand GB-s (invocations + billed INIT) of
//   all functions of one architecture together; each function is charged
//   its GB-s share of the tiered cost (the same blended rate for all).
// - INIT GB-s are billed when billing.bill_init (else the table's
//   bill_init) says so, at the on-demand rate, and count towards the tiers
//   and the free tier.
// - The free tier (billing.free_tier) is a negative credit line: the
//   account's first free requests and GB-s, shared by both architectures,
//   priced at the request price and at each architecture's first-tier rate,
//   spread over functions pro-rata; functions with provisioned concurrency
//   are excluded, as on AWS.
// - Managed Instances (compute: managed-instances): requests at the table's
//   request price + instance-hours x the instance price (on-demand or the
//   discounted savings-plan price) + the management fee on the on-demand
//   price; no GB-s duration charge, no free tier.
// - Web Functions (compute: web): requests, active vCPU-seconds and the GB-s
//   of live environments at the instance table's web rates; no free tier.
// - API Gateway (a workload's front door): the requests it passed on to the
//   function (throttled ones are free), priced by the table's api_gateway
//   tiers, which like the duration tiers apply to the volume of all
//   functions together (each pays its share). Its 12-month free tier (the
//   table's api_gateway.free_tier_requests a month for REST and for HTTP
//   APIs) is a credit line when billing.first_12_months says the account is
//   in its first year: the account's first free requests at the first
//   tier's price, spread over functions pro-rata.
// - Response streaming's free tier (the table's free_tier_streamed_gb a
//   month, part of Lambda's free tier: with billing.free_tier) is a credit
//   line against the charged GB (those beyond each response's first 6 MB;
//   AWS does not say whether the free 6 MB count towards it), at the
//   streaming price, spread pro-rata.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/price_table.hpp"
#include "models/scenario.hpp"
#include "models/usage.hpp"
#include "sim/time.hpp"

namespace ls::models {

inline constexpr sim::Time kBillingMonth = 730 * sim::kHour;

// Billed duration of one invocation or INIT: `duration` rounded up to a
// multiple of `granularity` (no minimum), in whole µs (rounded up too, for
// granularities finer than 1 µs). Negative durations bill 0; granularity
// <= 0 means no rounding. The simulator adds this to FunctionUsage.
// Inline: the simulator calls it on every execution.
namespace billing_detail {
// `d` rounded up to a multiple of `g`, saturating at kNever.
constexpr sim::Time round_up(sim::Time d, sim::Time g) {
  const sim::Time units = d / g + (d % g != 0);
  return units > sim::kNever / g ? sim::kNever : units * g;
}
}  // namespace billing_detail

inline std::uint64_t billed_us(sim::Time duration, sim::Time granularity) {
  using billing_detail::round_up;
  if (duration <= 0) return 0;
  sim::Time rounded = duration;
  if (granularity == sim::kMillisecond) {
    // Today's granularity as a constant: the compiler multiplies instead of
    // dividing, on every completion.
    rounded = round_up(duration, sim::kMillisecond);
  } else if (granularity > 1) {
    rounded = round_up(duration, granularity);
  }
  return static_cast<std::uint64_t>(rounded / sim::kMicrosecond +
                                    (rounded % sim::kMicrosecond != 0));
}

// What was billed, in the unit each price is quoted in.
struct BilledQuantities {
  double invocations = 0.0;      // FunctionUsage::requests
  double billed_requests = 0.0;  // invocations + extra async payload chunks
  double ondemand_gb_s = 0.0;
  double init_gb_s = 0.0;  // 0 when INIT is not billed
  double pc_allocated_gb_s = 0.0;
  double pc_duration_gb_s = 0.0;
  double ephemeral_gb_s = 0.0;  // above the table's free size
  double free_requests = 0.0;   // covered by the free tier
  double free_gb_s = 0.0;
  // Multi-concurrency compute (docs/compute.md).
  double instance_hours = 0.0;  // Managed Instances
  double web_vcpu_s = 0.0;      // Web Functions: active CPU
  double web_gb_s = 0.0;        // Web Functions: memory of live environments
  // SnapStart (Python, .NET only; 0 for Java, which is not charged).
  double snapstart_cache_gb_s = 0.0;  // memory x time each version's snapshot was cached
  double snapstart_restore_gb = 0.0;  // memory x restores
  // Compute Savings Plan: commitment-hours paid, and the on-demand value of
  // the usage the commitment covered.
  double savings_plan_hours = 0.0;
  double savings_plan_covered_usd = 0.0;
  // The front door: API Gateway requests (metered).
  double rest_api_requests = 0.0;
  double http_api_requests = 0.0;
  double streamed_gb = 0.0;  // response streaming beyond each response's free part
  // Tenant isolation: environments created × GB. Event source mappings in
  // provisioned mode (SQS, Kafka): event poller unit-hours.
  double tenant_isolation_gb = 0.0;
  double sqs_poller_hours = 0.0;
  double kafka_poller_hours = 0.0;
  // Free tiers beyond Lambda's requests and GB-s: streamed GB (Lambda's
  // free tier) and API Gateway requests (an account's first 12 months).
  double free_streamed_gb = 0.0;
  double free_api_gateway_requests = 0.0;
};

// USD per line; free_tier_credit is <= 0; total is the sum of the lines.
struct CostBreakdown {
  double requests = 0.0;
  double duration = 0.0;  // on-demand invocations
  double init = 0.0;
  double provisioned_allocated = 0.0;
  double provisioned_duration = 0.0;
  double ephemeral = 0.0;
  double free_tier_credit = 0.0;
  // Managed Instances: instance-hours at the instance price (on-demand or
  // discounted), and the management fee (a fraction of the on-demand price).
  double instances = 0.0;
  double management_fee = 0.0;
  // Web Functions: active CPU and memory (rates possibly unpublished).
  double web_cpu = 0.0;
  double web_memory = 0.0;
  // SnapStart: snapshot cache and restores (Python, .NET).
  double snapstart_cache = 0.0;
  double snapstart_restore = 0.0;
  // Compute Savings Plan: the commitment paid (used or not), and the
  // on-demand cost of the usage it covered, negated (<= 0).
  double savings_plan_fee = 0.0;
  double savings_plan_covered = 0.0;
  // Amazon API Gateway in front of the function: REST and HTTP API requests
  // at the account's monthly volume tiers.
  double api_gateway_rest = 0.0;
  double api_gateway_http = 0.0;
  double response_streaming = 0.0;  // per GB streamed beyond each response's first 6 MB
  // Tenant isolation (per environment created) and event source mappings
  // in provisioned mode (per event poller unit-hour).
  double tenant_isolation = 0.0;
  double sqs_pollers = 0.0;
  double kafka_pollers = 0.0;
  // Credits (<= 0): the free tier's streamed GB (with billing.free_tier)
  // and API Gateway's 12-month free requests (with billing.first_12_months).
  double streaming_free_tier_credit = 0.0;
  double api_gateway_free_tier_credit = 0.0;
  double total = 0.0;
  // `duration` split by the tiers of the function's architecture (empty in
  // Bill::total, whose functions may use different tier ladders).
  std::vector<double> duration_by_tier;
  BilledQuantities quantity;
};

// Account-wide volume in one tier of one architecture.
struct TierLine {
  Architecture architecture = Architecture::X86_64;
  std::size_t tier = 0;
  double from_gb_s = 0.0;   // bounds in the bill's period (pro-rated unless projected)
  double up_to_gb_s = 0.0;  // infinity for the last tier
  double gb_s = 0.0;        // on-demand + INIT GB-s billed in this tier
  double usd_per_gb_s = 0.0;
  double cost = 0.0;
};

// How the account's savings plan was used over the bill's period (all in
// the bill's period, like the lines).
struct SavingsPlanUse {
  bool enabled = false;
  double discount = 0.0;
  double commitment_usd = 0.0;         // paid: savings_plan_fee summed
  double covered_ondemand_usd = 0.0;   // on-demand value of the covered usage
  double used_usd = 0.0;               // commitment consumed (covered x (1 - discount))
  double unused_usd = 0.0;             // commitment paid for nothing
  double eligible_ondemand_usd = 0.0;  // all eligible usage at on-demand rates
  double hours = 0.0;                  // hours of the horizon (the last may be partial)
  double hours_with_unused = 0.0;      // of which the commitment was not fully used
};

struct Bill {
  std::vector<CostBreakdown> functions;  // in Scenario::functions order
  SavingsPlanUse savings_plan;
  CostBreakdown total;
  std::vector<TierLine> tiers;  // every tier of each architecture in use
  double month_factor = 1.0;    // 730 h / horizon
  bool projected_to_month = false;
};

// Prices `usage` (one entry per scenario function) over a run of `horizon`.
// Throws ls::Error when a function uses an architecture the table does not
// price, or the horizon is not positive.
Bill compute_bill(const Scenario& scenario, const std::vector<FunctionUsage>& usage,
                  const PriceTable& prices, sim::Time horizon);

// A feature the scenario uses that the price table does not price (the
// table's optional keys): where it is used, and what to do.
struct MissingPrice {
  std::string key_path;  // e.g. "functions.api.tenant_isolation"
  std::string message;
};
std::optional<MissingPrice> missing_price(const Scenario& scenario, const PriceTable& prices);

// USD per million invocations (total / invocations × 10^6); nullopt when
// there were no invocations.
std::optional<double> cost_per_million_requests(const CostBreakdown& cost);

}  // namespace ls::models
