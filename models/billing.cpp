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

#include "models/bill_lines.hpp"
#include "models/error.hpp"

namespace ls::models {
namespace {

using Real = long double;

constexpr Real kMbPerGb = 1024.0L;
constexpr Real kPerMillion = 1e6L;

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

// Quantities of one function, scaled by `scale` (month_factor or 1).
Ledger measure(const FunctionConfig& f, const FunctionUsage& u, const PriceTable& prices,
               bool bill_init, Real scale, sim::Time horizon) {
  Ledger l;
  l.architecture = f.architecture;
  l.free_tier_eligible =
      !f.provisioned.enabled() && u.pc_periods.empty() && f.compute == ComputeKind::OnDemand;
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
  n[q::WebGbS] = gb(f.web.memory_mb) * seconds_from_us(u.web_env_us) * scale;
  n[q::TenantIsolationGb] = memory * static_cast<Real>(u.tenant_environments) * scale;
  n[q::SqsPollerHours] = seconds_from_us(u.sqs_poller_us) / 3600.0L * scale;
  n[q::KafkaPollerHours] = seconds_from_us(u.kafka_poller_us) / 3600.0L * scale;
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

  std::vector<Ledger> ledgers;
  for (std::size_t i = 0; i < usage.size(); ++i) {
    const FunctionConfig& f = scenario.functions[i];
    check_architecture(scenario, f, prices);
    Ledger l = measure(f, usage[i], prices, bill_init, usage_scale, horizon);
    price_per_unit(f, prices, l);
    ledgers.push_back(std::move(l));
  }
  for (Architecture a : {Architecture::X86_64, Architecture::Arm64})
    price_tiers(a, prices.for_architecture(a), ledgers, quota_scale, bill.tiers);
  if (billing.free_tier) apply_free_tier(prices, quota_scale, ledgers);

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
    if (f.tenant_isolation.enabled() &&
        !prices.for_architecture(f.architecture).tenant_isolation_usd_per_gb)
      return missing("functions." + f.name + ".tenant_isolation", "tenant isolation on " + arch,
                     arch + ".tenant_isolation_usd_per_gb");
  }
  for (std::size_t i = 0; i < scenario.workloads.size(); ++i) {
    const SourceConfig& src = scenario.workloads[i].source;
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
