// The billing ledger: see billing.hpp for the conventions. Everything is
// computed in long double from the integer totals, and converted to double
// only in the returned Bill. A function's ledger is built, priced and
// converted one at a time (Pricer), not held for all functions at once.
#include "models/billing.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/bill_lines.hpp"
#include "models/error.hpp"
#include "models/savings_plan.hpp"

namespace ls::models {
namespace {

using Real = long double;

constexpr Real kMbPerGb = 1024.0L;
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

// PC is billed "from the time you enable it on your function until it is
// disabled, rounded up to the nearest 5 minutes" (AWS Lambda pricing): a
// change of level is not a disable. So the periods of one enabled span
// (each starting where the one before ended) are billed as configured,
// count × length, and only the span is rounded up, the time added at the
// level it ended with. (Rounding each level's period, as before, billed a
// schedule flapping between 10 and 11 every minute 5× its allocation.) In
// environment-nanoseconds; a period still open at the horizon is billed up
// to the horizon.
Real pc_allocated_ns(const FunctionUsage& usage, sim::Time minimum, sim::Time horizon) {
  Real total = 0;
  sim::Time span_start = 0, span_end = -1;  // the enabled span being billed
  int last_count = 0;
  auto close_span = [&] {
    if (span_end < 0 || minimum <= 0) return;
    const sim::Time length = span_end - span_start;
    total += static_cast<Real>(last_count) *
             static_cast<Real>(billing_detail::round_up(length, minimum) - length);
  };
  for (const FunctionUsage::PcPeriod& p : usage.pc_periods) {
    const sim::Time start = std::max<sim::Time>(p.start, 0);
    const sim::Time end = std::min(p.end, horizon);
    if (end <= start || p.count <= 0) continue;
    if (start != span_end) {  // enabled again after a disable (or the first)
      close_span();
      span_start = start;
    }
    total += static_cast<Real>(p.count) * static_cast<Real>(end - start);
    span_end = end;
    last_count = p.count;
  }
  close_span();
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

// What the functions add up to account-wide, from their measured quantities
// alone: the volumes that walk the tier ladders and share the free tiers.
// Each sum is taken over the functions in scenario order, as the lines of
// the bill are.
struct AccountVolumes {
  std::array<Real, 2> tiered_gb_s{};  // by architecture (index: arch())
  std::array<bool, 2> architecture_used{};
  Real rest_api_requests = 0, http_api_requests = 0;
  Real free_tier_requests = 0, free_tier_gb_s = 0;  // of the functions the free tier covers
  Real streamed_gb = 0;

  void add(const Ledger& l) {
    architecture_used[arch(l.architecture)] = true;
    tiered_gb_s[arch(l.architecture)] += l.tiered_gb_s();
    rest_api_requests += l.quantity[q::RestApiRequests];
    http_api_requests += l.quantity[q::HttpApiRequests];
    if (l.free_tier_eligible) {
      free_tier_requests += l.quantity[q::BilledRequests];
      free_tier_gb_s += l.tiered_gb_s();
    }
    streamed_gb += l.quantity[q::StreamedGb];
  }
  static std::size_t arch(Architecture a) { return a == Architecture::Arm64 ? 1 : 0; }
};

// An account-wide tier ladder walked with the account's volume: the cost in
// each tier, which every function shares by its part of the volume.
struct TieredCost {
  Real volume = 0;
  std::vector<Real> cost;  // by tier
};

// A free quantity shared by the whole account: `free` of a quantity whose
// account total is `total`, credited at `usd_per_unit`.
struct SharedCredit {
  bool applies = false;
  Real free = 0, total = 0, usd_per_unit = 0;
};

// The account-wide side of the bill: everything a function's lines need
// besides its own quantities.
struct AccountPrices {
  std::array<TieredCost, 2> duration;  // by architecture; cost empty when unused
  TieredCost rest_api, http_api;       // cost empty when not billed
  bool free_tier = false;
  Real free_tier_requests = 0, free_tier_gb_s = 0;  // the eligible functions' totals
  Real free_requests = 0, free_gb_s = 0;            // of which free
  SharedCredit streaming_credit;
  std::array<SharedCredit, 2> api_gateway_credit;  // REST, HTTP
};

// Walks the tier ladder of one architecture with the account-wide volume,
// listing each tier on the bill.
TieredCost price_tiers(Architecture a, const ArchitecturePrices& p, const AccountVolumes& v,
                       Real quota_scale, std::vector<TierLine>& lines) {
  TieredCost out;
  if (!v.architecture_used[AccountVolumes::arch(a)]) return out;
  out.volume = v.tiered_gb_s[AccountVolumes::arch(a)];
  Real from = 0;
  for (std::size_t i = 0; i < p.duration_tiers.size(); ++i) {
    const DurationTier& tier = p.duration_tiers[i];
    const Real up_to = std::isinf(tier.up_to_gb_s)
                           ? std::numeric_limits<Real>::infinity()
                           : static_cast<Real>(tier.up_to_gb_s) * quota_scale;
    const Real in_tier = std::clamp(out.volume - from, Real{0}, up_to - from);
    const Real cost = in_tier * static_cast<Real>(tier.usd_per_gb_s);
    lines.push_back(TierLine{a, i, static_cast<double>(from), static_cast<double>(up_to),
                             static_cast<double>(in_tier), tier.usd_per_gb_s,
                             static_cast<double>(cost)});
    out.cost.push_back(cost);
    from = up_to;
  }
  return out;
}

// An account-wide request tier ladder (API Gateway's): the volume of every
// function together walks the monthly tiers.
TieredCost price_request_tiers(const std::vector<RequestTier>& tiers, Real volume,
                               Real quota_scale) {
  TieredCost out;
  if (!(volume > 0)) return out;
  out.volume = volume;
  Real from = 0;
  for (const RequestTier& tier : tiers) {
    const Real up_to = std::isinf(tier.up_to_requests)
                           ? std::numeric_limits<Real>::infinity()
                           : static_cast<Real>(tier.up_to_requests) * quota_scale;
    out.cost.push_back(std::clamp(volume - from, Real{0}, up_to - from) *
                       static_cast<Real>(tier.usd_per_million) / kPerMillion);
    from = up_to;
  }
  return out;
}

SharedCredit shared_credit(Real free, Real usd_per_unit, Real total) {
  if (!(total > 0)) return {};
  return SharedCredit{true, std::min(total, free), total, usd_per_unit};
}

AccountPrices price_account(const Scenario& scenario, const PriceTable& prices,
                            const AccountVolumes& v, Real quota_scale, Bill& bill) {
  const BillingConfig& billing = scenario.platform.billing;
  AccountPrices a;
  for (Architecture arch : {Architecture::X86_64, Architecture::Arm64})
    a.duration[AccountVolumes::arch(arch)] =
        price_tiers(arch, prices.for_architecture(arch), v, quota_scale, bill.tiers);
  // API Gateway's lines; a table without its prices cannot bill them.
  if (v.rest_api_requests + v.http_api_requests > 0) {  // counts: never negative
    if (!prices.api_gateway)
      throw Error(SourceLocation{scenario.file, 0, 0}, "workloads[].front_door",
                  "price table '" + prices.name + "' (effective " + prices.effective_date +
                      ") has no api_gateway prices to bill the front door with; use one that "
                      "has them (aws-us-east-1-2025) or add an api_gateway section");
    a.rest_api =
        price_request_tiers(prices.api_gateway->rest_api, v.rest_api_requests, quota_scale);
    a.http_api =
        price_request_tiers(prices.api_gateway->http_api, v.http_api_requests, quota_scale);
  }
  if (billing.free_tier) {
    // The account's free requests and GB-s, shared pro-rata by eligible functions.
    a.free_tier = true;
    a.free_tier_requests = v.free_tier_requests;
    a.free_tier_gb_s = v.free_tier_gb_s;
    a.free_requests =
        std::min(v.free_tier_requests, static_cast<Real>(prices.free_tier_requests) * quota_scale);
    a.free_gb_s =
        std::min(v.free_tier_gb_s, static_cast<Real>(prices.free_tier_gb_s) * quota_scale);
    // Response streaming's share of Lambda's free tier.
    if (prices.response_streaming_usd_per_gb)
      a.streaming_credit =
          shared_credit(static_cast<Real>(prices.free_tier_streamed_gb) * quota_scale,
                        static_cast<Real>(*prices.response_streaming_usd_per_gb), v.streamed_gb);
  }
  // API Gateway's 12-month free tier: the free requests of each API type
  // (REST, HTTP) at its first tier's price, on one line.
  if (billing.first_12_months && prices.api_gateway) {
    const Real free = static_cast<Real>(prices.api_gateway->free_tier_requests) * quota_scale;
    const auto& rest = prices.api_gateway->rest_api;
    const auto& http = prices.api_gateway->http_api;
    if (!rest.empty())
      a.api_gateway_credit[0] = shared_credit(
          free, static_cast<Real>(rest.front().usd_per_million) / kPerMillion, v.rest_api_requests);
    if (!http.empty())
      a.api_gateway_credit[1] = shared_credit(
          free, static_cast<Real>(http.front().usd_per_million) / kPerMillion, v.http_api_requests);
  }
  return a;
}

// Charges a function its share of each tier of a ladder on line `id`.
void share_request_tiers(const TieredCost& tiers, line::Id id, q::Id quantity, Ledger& l) {
  for (Real cost : tiers.cost) l.usd[id] += cost * l.quantity[quantity] / tiers.volume;
}

// Credits a function its share of `c` (a free part of quantity `of`) on
// line `id`, and adds it to its quantity `free_id`.
void share_credit(const SharedCredit& c, q::Id of, q::Id free_id, line::Id id, Ledger& l) {
  if (!c.applies) return;
  const Real share = c.free * l.quantity[of] / c.total;
  l.quantity[free_id] += share;
  l.usd[id] -= share * c.usd_per_unit;
}

// The per-unit lines of one function, each at its unit price (bill_lines.cpp).
void price_per_unit(const FunctionConfig& f, const PriceTable& prices, Ledger& l) {
  for (const BillLine& bl : bill_lines())
    if (bl.pricing == Pricing::PerUnit) l.usd[bl.id] = bl.price(l.quantity[bl.quantity], f, prices);
}

// One function's share of the account-wide lines: its part of each duration
// tier (on-demand and INIT), of API Gateway's tiers, of the free tiers.
void share_account_lines(const AccountPrices& a, const PriceTable& prices, Ledger& l) {
  const TieredCost& duration = a.duration[AccountVolumes::arch(l.architecture)];
  for (Real cost : duration.cost) {
    const Real ondemand =
        duration.volume > 0 ? cost * l.quantity[q::OnDemandGbS] / duration.volume : 0;
    l.duration_by_tier.push_back(ondemand);
    l.usd[line::Duration] += ondemand;
    l.usd[line::Init] += duration.volume > 0 ? cost * l.quantity[q::InitGbS] / duration.volume : 0;
  }
  share_request_tiers(a.rest_api, line::ApiGatewayRest, q::RestApiRequests, l);
  share_request_tiers(a.http_api, line::ApiGatewayHttp, q::HttpApiRequests, l);
  if (a.free_tier && l.free_tier_eligible) {
    auto& n = l.quantity;
    const Real requests = a.free_tier_requests, gb_s = a.free_tier_gb_s;
    n[q::FreeRequests] = requests > 0 ? a.free_requests * n[q::BilledRequests] / requests : 0;
    n[q::FreeGbS] = gb_s > 0 ? a.free_gb_s * l.tiered_gb_s() / gb_s : 0;
    const auto& tiers = prices.for_architecture(l.architecture).duration_tiers;
    const Real first_rate = tiers.empty() ? 0 : static_cast<Real>(tiers.front().usd_per_gb_s);
    l.usd[line::FreeTierCredit] =
        -(n[q::FreeRequests] * static_cast<Real>(prices.request_usd_per_million) / kPerMillion +
          n[q::FreeGbS] * first_rate);
  }
  share_credit(a.streaming_credit, q::StreamedGb, q::FreeStreamedGb, line::StreamingFreeTierCredit,
               l);
  share_credit(a.api_gateway_credit[0], q::RestApiRequests, q::FreeApiGatewayRequests,
               line::ApiGatewayFreeTierCredit, l);
  share_credit(a.api_gateway_credit[1], q::HttpApiRequests, q::FreeApiGatewayRequests,
               line::ApiGatewayFreeTierCredit, l);
}

// Prices the functions one at a time. The ledgers are not kept (a fleet's
// would be ~1 KB per function, the peak of a run's memory, issue #20): the
// bill is built in passes over the functions, each rebuilding a function's
// ledger from its usage, which gives the same numbers as keeping them, since
// a function's lines depend only on its usage and the account's totals.
struct Pricer {
  const Scenario& scenario;
  const std::vector<FunctionUsage>& usage;
  const PriceTable& prices;
  bool bill_init = false;
  Real usage_scale = 1;
  sim::Time horizon = 0;

  // Its quantities and per-unit lines.
  Ledger measured(std::size_t i) const {
    Ledger l = measure(scenario.functions[i], usage[i], prices, bill_init, usage_scale, horizon);
    price_per_unit(scenario.functions[i], prices, l);
    return l;
  }
  // Every line but the savings plan's.
  Ledger priced(std::size_t i, const AccountPrices& account) const {
    Ledger l = measured(i);
    share_account_lines(account, prices, l);
    return l;
  }
};

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
//
// A function's eligible usage, from its ledger before the plan.
struct Eligible {
  Real per_duration_us = 0;  // USD per billed µs of on-demand duration and INIT
  Real per_pc_us = 0;        // USD per billed µs on provisioned environments
  Real pc_allocated = 0;     // USD of PC allocation, spread by pc_ns
  Real pc_ns_total = 0;
  std::vector<Real> pc_ns;
};

Eligible eligible_usage(const Pricer& p, std::size_t f, const Ledger& l, std::size_t hours) {
  Eligible e;
  if (p.scenario.functions[f].compute != ComputeKind::OnDemand) return e;
  const FunctionUsage& u = p.usage[f];
  const Real tiered = l.tiered_gb_s();
  const Real free_share = tiered > 0 ? l.quantity[q::FreeGbS] / tiered : 0;
  const Real duration_us = static_cast<Real>(u.ondemand_billed_us) +
                           (p.bill_init ? static_cast<Real>(u.init_billed_us) : 0);
  if (duration_us > 0)
    e.per_duration_us =
        (l.usd[line::Duration] + l.usd[line::Init]) * (1 - free_share) / duration_us;
  if (u.pc_billed_us > 0)
    e.per_pc_us = l.usd[line::ProvisionedDuration] / static_cast<Real>(u.pc_billed_us);
  e.pc_allocated = l.usd[line::ProvisionedAllocated];
  e.pc_ns = pc_ns_by_hour(u, p.horizon, hours);
  for (Real v : e.pc_ns) e.pc_ns_total += v;
  return e;
}

// USD of eligible usage in hour `h`, at on-demand prices.
Real eligible_in_hour(const Eligible& e, const FunctionUsage& u, std::size_t h, bool bill_init) {
  Real v = 0;
  if (h < u.hourly.size()) {
    const FunctionUsage::Hour& hu = u.hourly[h];
    v += e.per_duration_us * (static_cast<Real>(hu.ondemand_billed_us) +
                              (bill_init ? static_cast<Real>(hu.init_billed_us) : 0));
    v += e.per_pc_us * static_cast<Real>(hu.pc_billed_us);
  }
  if (e.pc_ns_total > 0) v += e.pc_allocated * e.pc_ns[h] / e.pc_ns_total;
  return v;
}

// The plan's hours account-wide, which the functions share.
struct PlanHours {
  std::vector<Real> eligible;    // all functions' eligible usage, by hour
  std::vector<Real> commitment;  // paid, by hour
  std::vector<Real> covered;     // on-demand value of the usage it covered, by hour
};

std::size_t billed_hours(sim::Time horizon) {
  return static_cast<std::size_t>(horizon / sim::kHour + (horizon % sim::kHour != 0));
}

PlanHours apply_savings_plan(const Pricer& p, const AccountPrices& account, SavingsPlanUse& use) {
  const SavingsPlanConfig& plan = p.scenario.platform.billing.savings_plan;
  const double discount = plan.discount.value_or(p.prices.savings_plan_discount.value_or(0.0));
  const std::size_t hours = billed_hours(p.horizon);
  PlanHours out;
  out.eligible.assign(hours, 0);
  for (std::size_t f = 0; f < p.usage.size(); ++f) {
    const Eligible e = eligible_usage(p, f, p.priced(f, account), hours);
    for (std::size_t h = 0; h < hours; ++h)
      out.eligible[h] += eligible_in_hour(e, p.usage[f], h, p.bill_init);
  }
  Real total_fee = 0, total_covered = 0, total_used = 0, total_unused = 0, total_eligible = 0;
  std::size_t short_hours = 0;
  for (std::size_t h = 0; h < hours; ++h) {
    const sim::Time hour_start = static_cast<sim::Time>(h) * sim::kHour;
    const Real fraction = static_cast<Real>(std::min(sim::kHour, p.horizon - hour_start)) /
                          static_cast<Real>(sim::kHour);
    const Real commitment =
        static_cast<Real>(plan.commitment_usd_per_hour) * fraction * p.usage_scale;
    const SavingsPlanHour applied = apply_savings_plan_hour(out.eligible[h], commitment, discount);
    out.commitment.push_back(commitment);
    out.covered.push_back(applied.covered_ondemand_usd);
    total_fee += commitment;
    total_covered += applied.covered_ondemand_usd;
    total_used += applied.used_usd;
    total_unused += applied.unused_usd;
    total_eligible += out.eligible[h];
    if (applied.unused_usd > 0) ++short_hours;
  }
  use.enabled = true;
  use.discount = discount;
  use.commitment_usd = static_cast<double>(total_fee);
  use.covered_ondemand_usd = static_cast<double>(total_covered);
  use.used_usd = static_cast<double>(total_used);
  use.unused_usd = static_cast<double>(total_unused);
  use.eligible_ondemand_usd = static_cast<double>(total_eligible);
  use.hours = sim::to_seconds(p.horizon) / 3600.0;
  use.hours_with_unused = static_cast<double>(short_hours);
  return out;
}

// Function `f`'s share of the plan's fee and of what it covered.
void share_savings_plan(const Pricer& p, const PlanHours& plan, std::size_t f, Ledger& l) {
  const std::size_t hours = plan.eligible.size();
  const Eligible e = eligible_usage(p, f, l, hours);
  Real fee = 0, covered = 0;
  for (std::size_t h = 0; h < hours; ++h) {
    const Real part = plan.eligible[h] > 0
                          ? eligible_in_hour(e, p.usage[f], h, p.bill_init) / plan.eligible[h]
                          : 1.0L / static_cast<Real>(p.usage.size());
    fee += plan.commitment[h] * part;
    covered += plan.covered[h] * part;
  }
  l.usd[line::SavingsPlanFee] = fee;
  l.usd[line::SavingsPlanCovered] = -covered;
  l.quantity[q::SavingsPlanHours] =
      fee / static_cast<Real>(p.scenario.platform.billing.savings_plan.commitment_usd_per_hour);
  l.quantity[q::SavingsPlanCoveredUsd] = covered;
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

// Adds a function's ledger to the account's, line by line (in long double,
// before rounding).
void add_to(Ledger& total, const Ledger& l) {
  for (std::size_t i = 0; i < q::kCount; ++i) total.quantity[i] += l.quantity[i];
  for (std::size_t i = 0; i < line::kCount; ++i) total.usd[i] += l.usd[i];
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
  const Pricer pricer{scenario, usage, prices, bill_init, usage_scale, horizon};

  // First pass: the account's volumes.
  AccountVolumes volumes;
  for (std::size_t i = 0; i < usage.size(); ++i) {
    const FunctionConfig& f = scenario.functions[i];
    check_architecture(scenario, f, prices);
    if (usage[i].streamed_bytes > 0 && !prices.response_streaming_usd_per_gb)
      throw Error(SourceLocation{scenario.file, 0, 0}, "workloads[].payload.response_mode",
                  "price table '" + prices.name + "' (effective " + prices.effective_date +
                      ") has no response_streaming_usd_per_gb to bill streamed responses with; "
                      "use one that has it (aws-us-east-1-2025) or add it");
    volumes.add(pricer.measured(i));
  }
  const AccountPrices account = price_account(scenario, prices, volumes, quota_scale, bill);
  // Second pass (with a savings plan): its use hour by hour.
  std::optional<PlanHours> plan;
  if (billing.savings_plan.enabled()) plan = apply_savings_plan(pricer, account, bill.savings_plan);
  // Last pass: each function's lines.
  bill.functions.reserve(usage.size());
  Ledger total;
  for (std::size_t i = 0; i < usage.size(); ++i) {
    Ledger l = pricer.priced(i, account);
    if (plan) share_savings_plan(pricer, *plan, i, l);
    add_to(total, l);
    bill.functions.push_back(to_breakdown(l));
  }
  bill.total = to_breakdown(total);
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
