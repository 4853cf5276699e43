// The billing ledger: see billing.hpp for the conventions. Everything is
// computed in long double from the integer totals, and converted to double
// only in the returned Bill.
#include "models/billing.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "models/bill_lines.hpp"
#include "models/error.hpp"
#include "models/savings_plan.hpp"

namespace ls::models {
namespace {

using Real = long double;

constexpr Real kMbPerGb = 1024.0L;
constexpr Real kPerMillion = 1e6L;
// Durable functions' data as AWS's pricing example counts it: "1M × (8KB
// invoke + 3 × 32KB steps/waits) = 104GB" (10^6 KB of 1,024 bytes to the GB)
// and "104GB × (7/30) = 24.27 GB-month" (a 30-day month).
constexpr Real kDurableBytesPerGb = 1024.0L * 1e6L;
constexpr Real kDurableSecondsPerMonth = 30.0L * 86400.0L;

Real seconds(Real ns) { return ns / static_cast<Real>(sim::kSecond); }
Real seconds_from_us(std::uint64_t us) { return static_cast<Real>(us) / 1e6L; }
Real gb(int mb) { return static_cast<Real>(mb) / kMbPerGb; }

namespace q = bill_quantity;
namespace line = bill_line;

// One function's bill, before the conversion to double: its quantities and
// lines indexed as in bill_lines.hpp.
struct Ledger {
  Architecture architecture = Architecture::X86_64;
  bool free_tier_eligible = false;
  std::array<Real, q::kCount> quantity{};  // already scaled to the bill's period
  std::array<Real, line::kCount> usd{};
  std::vector<Real> duration_by_tier;

  Real tiered_gb_s() const { return quantity[q::OnDemandGbS] + quantity[q::InitGbS]; }
};

const char* architecture_name(Architecture a) {
  return a == Architecture::Arm64 ? "arm64" : "x86_64";
}

void check_architecture(const Scenario& scenario, const FunctionConfig& f,
                        const PriceTable& prices) {
  if (prices.for_architecture(f.architecture).available) return;
  std::string available;
  for (Architecture a : {Architecture::X86_64, Architecture::Arm64})
    if (prices.for_architecture(a).available)
      available += (available.empty() ? "" : ", ") + std::string(architecture_name(a));
  throw Error(SourceLocation{scenario.file, 0, 0}, "functions." + f.name + ".architecture",
              std::string(architecture_name(f.architecture)) +
                  " is not available in price table '" + prices.name + "' (effective " +
                  prices.effective_date +
                  "); it prices: " + (available.empty() ? "nothing" : available));
}

// Σ count × (period length rounded up to a multiple of the minimum period),
// in environment-nanoseconds. A period still open at the horizon is billed
// up to the horizon.
Real pc_allocated_ns(const FunctionUsage& usage, sim::Time minimum, sim::Time horizon) {
  Real total = 0;
  for (const FunctionUsage::PcPeriod& p : usage.pc_periods) {
    const sim::Time start = std::max<sim::Time>(p.start, 0);
    const sim::Time end = std::min(p.end, horizon);
    if (end <= start || p.count <= 0) continue;
    sim::Time length = end - start;
    if (minimum > 0) length = billing_detail::round_up(length, minimum);
    total += static_cast<Real>(p.count) * static_cast<Real>(length);
  }
  return total;
}

// Σ memory-less snapshot cache time of a SnapStart function, in ns: each
// version from its snapshot being ready until the next version replaced it
// (at least 3 hours, AWS's minimum), the current one up to the horizon.
Real snapshot_cache_ns(const FunctionUsage& usage, sim::Time horizon) {
  constexpr sim::Time kMinimum = 3 * sim::kHour;
  Real total = 0;
  for (const FunctionUsage::CachePeriod& p : usage.snapshot_periods) {
    const bool replaced = p.end != sim::kNever && p.end <= horizon;
    const sim::Time end = replaced ? p.end : horizon;
    if (end < p.start) continue;
    total += static_cast<Real>(replaced ? std::max(end - p.start, kMinimum) : end - p.start);
  }
  return total;
}

// Quantities of one function, scaled by `scale` (month_factor or 1).
Ledger measure(const FunctionConfig& f, const FunctionUsage& u, const PriceTable& prices,
               bool bill_init, Real scale, sim::Time horizon) {
  Ledger l;
  l.architecture = f.architecture;
  l.free_tier_eligible =
      !f.provisioned->enabled() && u.pc_periods.empty() && f.compute == ComputeKind::OnDemand;
  auto& n = l.quantity;
  n[q::Invocations] = static_cast<Real>(u.requests) * scale;
  n[q::BilledRequests] = static_cast<Real>(u.requests + u.extra_payload_requests) * scale;
  const Real memory = gb(f.memory_mb);
  n[q::OnDemandGbS] = memory * seconds_from_us(u.ondemand_billed_us) * scale;
  n[q::InitGbS] = bill_init ? memory * seconds_from_us(u.init_billed_us) * scale : 0;
  n[q::PcDurationGbS] = memory * seconds_from_us(u.pc_billed_us) * scale;
  n[q::PcAllocatedGbS] =
      memory * seconds(pc_allocated_ns(u, prices.pc_minimum_period, horizon)) * scale;
  const Real billed_s = seconds_from_us(u.ondemand_billed_us) + seconds_from_us(u.pc_billed_us) +
                        (bill_init ? seconds_from_us(u.init_billed_us) : 0);
  const int extra_mb = std::max(0, f.ephemeral_mb - prices.ephemeral_free_mb);
  n[q::EphemeralGbS] = gb(extra_mb) * billed_s * scale;
  n[q::InstanceHours] = seconds_from_us(u.instance_us) / 3600.0L * scale;
  n[q::WebVcpuS] = seconds_from_us(u.web_cpu_us) * scale;
  n[q::WebGbS] = gb(f.web->memory_mb) * seconds_from_us(u.web_env_us) * scale;
  if (f.snapstart->charged()) {
    n[q::SnapStartCacheGbS] = memory * seconds(snapshot_cache_ns(u, horizon)) * scale;
    n[q::SnapStartRestoreGb] = memory * static_cast<Real>(u.snapstart_restores) * scale;
  }
  n[q::RestApiRequests] = static_cast<Real>(u.rest_api_requests) * scale;
  n[q::HttpApiRequests] = static_cast<Real>(u.http_api_requests) * scale;
  n[q::StreamedGb] = static_cast<Real>(u.streamed_bytes) / (kMbPerGb * kMbPerGb * kMbPerGb) * scale;
  n[q::TenantIsolationGb] = memory * static_cast<Real>(u.tenant_environments) * scale;
  n[q::SqsPollerHours] = seconds_from_us(u.sqs_poller_us) / 3600.0L * scale;
  n[q::KafkaPollerHours] = seconds_from_us(u.kafka_poller_us) / 3600.0L * scale;
  n[q::DurableOperations] = static_cast<Real>(u.durable_operations) * scale;
  n[q::DurableWrittenGb] = static_cast<Real>(u.durable_written_bytes) / kDurableBytesPerGb * scale;
  n[q::DurableRetainedGbMonth] = static_cast<Real>(u.durable_retained_byte_s) / kDurableBytesPerGb /
                                 kDurableSecondsPerMonth * scale;
  return l;
}

// Walks the tier ladder of one architecture with the account-wide volume
// and charges each function its share of every tier.
void price_tiers(Architecture a, const ArchitecturePrices& p, std::vector<Ledger>& ledgers,
                 Real quota_scale, std::vector<TierLine>& lines) {
  Real volume = 0;
  bool used = false;
  for (const Ledger& l : ledgers) {
    if (l.architecture != a) continue;
    used = true;
    volume += l.tiered_gb_s();
  }
  if (!used) return;
  Real from = 0;
  for (std::size_t i = 0; i < p.duration_tiers.size(); ++i) {
    const DurationTier& tier = p.duration_tiers[i];
    const Real up_to = std::isinf(tier.up_to_gb_s)
                           ? std::numeric_limits<Real>::infinity()
                           : static_cast<Real>(tier.up_to_gb_s) * quota_scale;
    const Real in_tier = std::clamp(volume - from, Real{0}, up_to - from);
    const Real cost = in_tier * static_cast<Real>(tier.usd_per_gb_s);
    lines.push_back(TierLine{a, i, static_cast<double>(from), static_cast<double>(up_to),
                             static_cast<double>(in_tier), tier.usd_per_gb_s,
                             static_cast<double>(cost)});
    for (Ledger& l : ledgers) {
      if (l.architecture != a) continue;
      const Real ondemand = volume > 0 ? cost * l.quantity[q::OnDemandGbS] / volume : 0;
      l.duration_by_tier.push_back(ondemand);
      l.usd[line::Duration] += ondemand;
      l.usd[line::Init] += volume > 0 ? cost * l.quantity[q::InitGbS] / volume : 0;
    }
    from = up_to;
  }
}

// An account-wide request tier ladder (API Gateway's) for line `id`: the
// volume of every function together walks the monthly tiers; each function
// pays its share of every tier.
void price_request_tiers(const std::vector<RequestTier>& tiers, bill_line::Id id, q::Id quantity,
                         Real quota_scale, std::vector<Ledger>& ledgers) {
  Real volume = 0;
  for (const Ledger& l : ledgers) volume += l.quantity[quantity];
  if (!(volume > 0)) return;
  Real from = 0;
  for (const RequestTier& tier : tiers) {
    const Real up_to = std::isinf(tier.up_to_requests)
                           ? std::numeric_limits<Real>::infinity()
                           : static_cast<Real>(tier.up_to_requests) * quota_scale;
    const Real cost = std::clamp(volume - from, Real{0}, up_to - from) *
                      static_cast<Real>(tier.usd_per_million) / kPerMillion;
    for (Ledger& l : ledgers) l.usd[id] += cost * l.quantity[quantity] / volume;
    from = up_to;
  }
}

// API Gateway's lines; a table without its prices cannot bill them.
void price_api_gateway(const Scenario& scenario, const PriceTable& prices, Real quota_scale,
                       std::vector<Ledger>& ledgers) {
  Real requests = 0;
  for (const Ledger& l : ledgers)
    requests += l.quantity[q::RestApiRequests] + l.quantity[q::HttpApiRequests];
  if (!(requests > 0)) return;
  if (!prices.api_gateway)
    throw Error(SourceLocation{scenario.file, 0, 0}, "workloads[].front_door",
                "price table '" + prices.name + "' (effective " + prices.effective_date +
                    ") has no api_gateway prices to bill the front door with; use one that "
                    "has them (aws-us-east-1-2025) or add an api_gateway section");
  price_request_tiers(prices.api_gateway->rest_api, line::ApiGatewayRest, q::RestApiRequests,
                      quota_scale, ledgers);
  price_request_tiers(prices.api_gateway->http_api, line::ApiGatewayHttp, q::HttpApiRequests,
                      quota_scale, ledgers);
}

// The account's free requests and GB-s, shared pro-rata by eligible functions.
void apply_free_tier(const PriceTable& prices, Real quota_scale, std::vector<Ledger>& ledgers) {
  Real requests = 0, gb_s = 0;
  for (const Ledger& l : ledgers) {
    if (!l.free_tier_eligible) continue;
    requests += l.quantity[q::BilledRequests];
    gb_s += l.tiered_gb_s();
  }
  const Real free_requests =
      std::min(requests, static_cast<Real>(prices.free_tier_requests) * quota_scale);
  const Real free_gb_s = std::min(gb_s, static_cast<Real>(prices.free_tier_gb_s) * quota_scale);
  for (Ledger& l : ledgers) {
    if (!l.free_tier_eligible) continue;
    auto& n = l.quantity;
    n[q::FreeRequests] = requests > 0 ? free_requests * n[q::BilledRequests] / requests : 0;
    n[q::FreeGbS] = gb_s > 0 ? free_gb_s * l.tiered_gb_s() / gb_s : 0;
    const auto& tiers = prices.for_architecture(l.architecture).duration_tiers;
    const Real first_rate = tiers.empty() ? 0 : static_cast<Real>(tiers.front().usd_per_gb_s);
    l.usd[line::FreeTierCredit] =
        -(n[q::FreeRequests] * static_cast<Real>(prices.request_usd_per_million) / kPerMillion +
          n[q::FreeGbS] * first_rate);
  }
}

// A free quantity shared by the whole account: `free` of quantity `of` (all
// functions together) is credited at `usd_per_unit` to line `id`, each
// function getting its share of `of`, and added to its quantity `free_id`.
void credit_free(Real free, Real usd_per_unit, q::Id of, q::Id free_id, line::Id id,
                 std::vector<Ledger>& ledgers) {
  Real total = 0;
  for (const Ledger& l : ledgers) total += l.quantity[of];
  if (!(total > 0)) return;
  free = std::min(total, free);
  for (Ledger& l : ledgers) {
    const Real share = free * l.quantity[of] / total;
    l.quantity[free_id] += share;
    l.usd[id] -= share * usd_per_unit;
  }
}

// Response streaming's share of Lambda's free tier.
void apply_streaming_free_tier(const PriceTable& prices, Real quota_scale,
                               std::vector<Ledger>& ledgers) {
  if (!prices.response_streaming_usd_per_gb) return;
  credit_free(static_cast<Real>(prices.free_tier_streamed_gb) * quota_scale,
              static_cast<Real>(*prices.response_streaming_usd_per_gb), q::StreamedGb,
              q::FreeStreamedGb, line::StreamingFreeTierCredit, ledgers);
}

// API Gateway's 12-month free tier: the free requests of each API type
// (REST, HTTP) at its first tier's price, on one line.
void apply_api_gateway_free_tier(const PriceTable& prices, Real quota_scale,
                                 std::vector<Ledger>& ledgers) {
  if (!prices.api_gateway) return;
  const Real free = static_cast<Real>(prices.api_gateway->free_tier_requests) * quota_scale;
  for (auto [tiers, of] : {std::pair{&prices.api_gateway->rest_api, q::RestApiRequests},
                           std::pair{&prices.api_gateway->http_api, q::HttpApiRequests}})
    if (!tiers->empty())
      credit_free(free, static_cast<Real>(tiers->front().usd_per_million) / kPerMillion, of,
                  q::FreeApiGatewayRequests, line::ApiGatewayFreeTierCredit, ledgers);
}

// PC environment-ns of `usage` in each hour of the horizon.
std::vector<Real> pc_ns_by_hour(const FunctionUsage& usage, sim::Time horizon, std::size_t hours) {
  std::vector<Real> out(hours, 0);
  for (const FunctionUsage::PcPeriod& p : usage.pc_periods) {
    sim::Time t = std::max<sim::Time>(p.start, 0);
    const sim::Time end = std::min(p.end, horizon);
    while (t < end && p.count > 0) {
      const auto h = static_cast<std::size_t>(t / sim::kHour);
      const sim::Time cut = std::min(end, static_cast<sim::Time>(h + 1) * sim::kHour);
      out[h] += static_cast<Real>(p.count) * static_cast<Real>(cut - t);
      t = cut;
    }
  }
  return out;
}

// The account's savings plan, hour by hour (savings_plan.hpp). A function's
// eligible usage in an hour is its priced duration, billed INIT and PC lines
// spread over the hours in proportion to the billed µs (PC allocation: the
// environment-time) that fell in each; duration covered by the free tier is
// not eligible. The hour's commitment and what it covered are shared among
// functions in proportion to their eligible usage (equally in an hour
// without any). Executions count in the hour they started; a SnapStart
// snapshot's INIT is not spread (it stays on-demand).
void apply_savings_plan(const Scenario& scenario, const std::vector<FunctionUsage>& usage,
                        const PriceTable& prices, sim::Time horizon, Real usage_scale,
                        bool bill_init, std::vector<Ledger>& ledgers, SavingsPlanUse& use) {
  const SavingsPlanConfig& plan = scenario.platform.billing.savings_plan;
  const double discount = plan.discount.value_or(prices.savings_plan_discount.value_or(0.0));
  const auto hours = static_cast<std::size_t>(horizon / sim::kHour + (horizon % sim::kHour != 0));
  const std::size_t n = ledgers.size();
  struct Eligible {
    Real per_duration_us = 0;  // USD per billed µs of on-demand duration and INIT
    Real per_pc_us = 0;        // USD per billed µs on provisioned environments
    Real pc_allocated = 0;     // USD of PC allocation, spread by pc_ns
    Real pc_ns_total = 0;
    std::vector<Real> pc_ns;
  };
  std::vector<Eligible> el(n);
  for (std::size_t f = 0; f < n; ++f) {
    if (scenario.functions[f].compute != ComputeKind::OnDemand) continue;
    const Ledger& l = ledgers[f];
    const FunctionUsage& u = usage[f];
    const Real tiered = l.tiered_gb_s();
    const Real free_share = tiered > 0 ? l.quantity[q::FreeGbS] / tiered : 0;
    const Real duration_us = static_cast<Real>(u.ondemand_billed_us) +
                             (bill_init ? static_cast<Real>(u.init_billed_us) : 0);
    if (duration_us > 0)
      el[f].per_duration_us =
          (l.usd[line::Duration] + l.usd[line::Init]) * (1 - free_share) / duration_us;
    if (u.pc_billed_us > 0)
      el[f].per_pc_us = l.usd[line::ProvisionedDuration] / static_cast<Real>(u.pc_billed_us);
    el[f].pc_allocated = l.usd[line::ProvisionedAllocated];
    el[f].pc_ns = pc_ns_by_hour(u, horizon, hours);
    for (Real v : el[f].pc_ns) el[f].pc_ns_total += v;
  }
  std::vector<Real> fee(n, 0), covered(n, 0), share(n, 0);
  Real total_fee = 0, total_covered = 0, total_used = 0, total_unused = 0, total_eligible = 0;
  std::size_t short_hours = 0;
  for (std::size_t h = 0; h < hours; ++h) {
    Real eligible = 0;
    for (std::size_t f = 0; f < n; ++f) {
      const Eligible& e = el[f];
      Real v = 0;
      if (h < usage[f].hourly.size()) {
        const FunctionUsage::Hour& hu = usage[f].hourly[h];
        v += e.per_duration_us * (static_cast<Real>(hu.ondemand_billed_us) +
                                  (bill_init ? static_cast<Real>(hu.init_billed_us) : 0));
        v += e.per_pc_us * static_cast<Real>(hu.pc_billed_us);
      }
      if (e.pc_ns_total > 0) v += e.pc_allocated * e.pc_ns[h] / e.pc_ns_total;
      share[f] = v;
      eligible += v;
    }
    const sim::Time hour_start = static_cast<sim::Time>(h) * sim::kHour;
    const Real fraction = static_cast<Real>(std::min(sim::kHour, horizon - hour_start)) /
                          static_cast<Real>(sim::kHour);
    const Real commitment =
        static_cast<Real>(plan.commitment_usd_per_hour) * fraction * usage_scale;
    const SavingsPlanHour applied = apply_savings_plan_hour(eligible, commitment, discount);
    for (std::size_t f = 0; f < n; ++f) {
      const Real part = eligible > 0 ? share[f] / eligible : 1.0L / static_cast<Real>(n);
      fee[f] += commitment * part;
      covered[f] += applied.covered_ondemand_usd * part;
    }
    total_fee += commitment;
    total_covered += applied.covered_ondemand_usd;
    total_used += applied.used_usd;
    total_unused += applied.unused_usd;
    total_eligible += eligible;
    if (applied.unused_usd > 0) ++short_hours;
  }
  for (std::size_t f = 0; f < n; ++f) {
    Ledger& l = ledgers[f];
    l.usd[line::SavingsPlanFee] = fee[f];
    l.usd[line::SavingsPlanCovered] = -covered[f];
    l.quantity[q::SavingsPlanHours] = fee[f] / static_cast<Real>(plan.commitment_usd_per_hour);
    l.quantity[q::SavingsPlanCoveredUsd] = covered[f];
  }
  use.enabled = true;
  use.discount = discount;
  use.commitment_usd = static_cast<double>(total_fee);
  use.covered_ondemand_usd = static_cast<double>(total_covered);
  use.used_usd = static_cast<double>(total_used);
  use.unused_usd = static_cast<double>(total_unused);
  use.eligible_ondemand_usd = static_cast<double>(total_eligible);
  use.hours = sim::to_seconds(horizon) / 3600.0;
  use.hours_with_unused = static_cast<double>(short_hours);
}

// The per-unit lines of one function, each at its unit price (bill_lines.cpp).
void price_per_unit(const FunctionConfig& f, const PriceTable& prices, Ledger& l) {
  for (const BillLine& bl : bill_lines())
    if (bl.pricing == Pricing::PerUnit) l.usd[bl.id] = bl.price(l.quantity[bl.quantity], f, prices);
}

CostBreakdown to_breakdown(const Ledger& l) {
  CostBreakdown c;
  Real total = 0;
  for (const BillLine& bl : bill_lines()) {
    c.*(bl.usd) = static_cast<double>(l.usd[bl.id]);
    total += l.usd[bl.id];
  }
  c.total = static_cast<double>(total);
  for (Real t : l.duration_by_tier) c.duration_by_tier.push_back(static_cast<double>(t));
  for (const BillQuantity& bq : bill_quantities())
    c.quantity.*(bq.field) = static_cast<double>(l.quantity[bq.id]);
  return c;
}

// Sums the functions' ledgers line by line (in long double, before rounding).
Ledger sum(const std::vector<Ledger>& ledgers) {
  Ledger t;
  for (const Ledger& l : ledgers) {
    for (std::size_t i = 0; i < q::kCount; ++i) t.quantity[i] += l.quantity[i];
    for (std::size_t i = 0; i < line::kCount; ++i) t.usd[i] += l.usd[i];
  }
  return t;
}

}  // namespace

Bill compute_bill(const Scenario& scenario, const std::vector<FunctionUsage>& usage,
                  const PriceTable& prices, sim::Time horizon) {
  if (horizon <= 0)
    throw Error(SourceLocation{scenario.file, 0, 0}, "horizon", "must be > 0 to bill a run");
  if (usage.size() != scenario.functions.size())
    throw std::invalid_argument("compute_bill: one FunctionUsage per scenario function expected");
  const BillingConfig& billing = scenario.platform.billing;
  Bill bill;
  bill.projected_to_month = billing.project_to_month;
  const Real month_factor = static_cast<Real>(kBillingMonth) / static_cast<Real>(horizon);
  bill.month_factor = static_cast<double>(month_factor);
  // Usage is scaled up to a month, or the monthly quotas down to the horizon.
  const Real usage_scale = bill.projected_to_month ? month_factor : 1;
  const Real quota_scale =
      bill.projected_to_month ? 1 : static_cast<Real>(horizon) / static_cast<Real>(kBillingMonth);
  const bool bill_init = billing.bill_init.value_or(prices.bill_init);
  if (const auto missing = missing_price(scenario, prices))
    throw Error(SourceLocation{scenario.file, 0, 0}, missing->key_path, missing->message);

  // Sized up front: grown by doubling, the ledgers and the bill's lines held
  // up to 2.4 times their size while they grew (#20: 1 KB per idle function).
  std::vector<Ledger> ledgers;
  ledgers.reserve(usage.size());
  bill.functions.reserve(usage.size());
  for (std::size_t i = 0; i < usage.size(); ++i) {
    const FunctionConfig& f = scenario.functions[i];
    check_architecture(scenario, f, prices);
    if (usage[i].streamed_bytes > 0 && !prices.response_streaming_usd_per_gb)
      throw Error(SourceLocation{scenario.file, 0, 0}, "workloads[].payload.response_mode",
                  "price table '" + prices.name + "' (effective " + prices.effective_date +
                      ") has no response_streaming_usd_per_gb to bill streamed responses with; "
                      "use one that has it (aws-us-east-1-2025) or add it");
    Ledger l = measure(f, usage[i], prices, bill_init, usage_scale, horizon);
    price_per_unit(f, prices, l);
    ledgers.push_back(std::move(l));
  }
  for (Architecture a : {Architecture::X86_64, Architecture::Arm64})
    price_tiers(a, prices.for_architecture(a), ledgers, quota_scale, bill.tiers);
  price_api_gateway(scenario, prices, quota_scale, ledgers);
  if (billing.free_tier) {
    apply_free_tier(prices, quota_scale, ledgers);
    apply_streaming_free_tier(prices, quota_scale, ledgers);
  }
  if (billing.first_12_months) apply_api_gateway_free_tier(prices, quota_scale, ledgers);
  if (billing.savings_plan.enabled())
    apply_savings_plan(scenario, usage, prices, horizon, usage_scale, bill_init, ledgers,
                       bill.savings_plan);

  for (const Ledger& l : ledgers) bill.functions.push_back(to_breakdown(l));
  bill.total = to_breakdown(sum(ledgers));
  return bill;
}

std::optional<MissingPrice> missing_price(const Scenario& scenario, const PriceTable& prices) {
  const auto missing = [&](std::string key_path, const std::string& what,
                           const std::string& price_key) {
    return MissingPrice{std::move(key_path),
                        what + " is not priced by price table '" + prices.name + "' (effective " +
                            prices.effective_date + "); set prices." + price_key +
                            " (platform.billing.price_overrides or --set prices." + price_key +
                            "=<USD>)"};
  };
  for (const FunctionConfig& f : scenario.functions) {
    const std::string arch = architecture_name(f.architecture);
    if (f.tenant_isolation->enabled() &&
        !prices.for_architecture(f.architecture).tenant_isolation_usd_per_gb)
      return missing("functions." + f.name + ".tenant_isolation", "tenant isolation on " + arch,
                     arch + ".tenant_isolation_usd_per_gb");
  }
  for (const FunctionConfig& f : scenario.functions) {
    if (!f.durable->enabled) continue;
    using Rate = std::optional<double> PriceTable::*;
    for (const auto& [rate, key] :
         {std::pair<Rate, const char*>{&PriceTable::durable_operation_usd_per_million,
                                       "durable_operation_usd_per_million"},
          {&PriceTable::durable_written_usd_per_gb, "durable_written_usd_per_gb"},
          {&PriceTable::durable_retained_usd_per_gb_month, "durable_retained_usd_per_gb_month"}})
      if (!(prices.*rate))
        return missing("functions." + f.name + ".durable", "a durable function", key);
  }
  for (std::size_t i = 0; i < scenario.workloads.size(); ++i) {
    const SourceConfig& src = *scenario.workloads[i].source;
    if (!src.provisioned.enabled()) continue;
    std::string path = "workloads[" + std::to_string(i) + "].source.provisioned";
    if (src.type == SourceConfig::Type::Sqs && !prices.sqs_poller_usd_per_hour)
      return missing(std::move(path), "SQS provisioned mode", "sqs_poller_usd_per_hour");
    if (src.type == SourceConfig::Type::Kafka && !prices.kafka_poller_usd_per_hour)
      return missing(std::move(path), "Kafka provisioned mode", "kafka_poller_usd_per_hour");
  }
  return std::nullopt;
}

std::optional<double> cost_per_million_requests(const CostBreakdown& cost) {
  if (!(cost.quantity.invocations > 0)) return std::nullopt;
  return cost.total / cost.quantity.invocations * 1e6;
}

}  // namespace ls::models
