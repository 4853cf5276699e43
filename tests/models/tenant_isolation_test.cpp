// Tenant isolation mode against closed forms (docs/tenants.md).
//
// With Poisson arrivals at λ split over tenants with probabilities p_i, each
// tenant's requests are an independent Poisson stream at λ p_i (thinning).
// Environments serve one tenant, so tenant i's warm environment survives a
// gap only if its next request arrives within T of the previous completion
// (fixed keep-alive T, execution s ≪ T, INIT 0):
//   P(cold | tenant i) = e^{−λ p_i (T+s)}          (k equal tenants: e^{−λ(T+s)/k})
//   P(cold) = Σ_i p_i e^{−λ p_i (T+s)}
// and tenant i holds an environment at time t iff it sent a request in the
// last T+s, so the time-average environments (= tenants holding one) are
//   E[environments] = Σ_i (1 − e^{−λ p_i (T+s)}).
// (Two requests of one tenant within s of each other would need a second
// environment: probability λ p_i s ≤ 1e-3 here, below the tolerances.)
// Tolerances are ≥ 4 standard errors of the estimate, derived above each
// test; seeds are fixed, so the tests are deterministic.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "models/billing.hpp"
#include "models/config/price_table_file.hpp"
#include "models/simulation.hpp"
#include "models/tenant_draw.hpp"
#include "scenario_builders.hpp"

namespace ls::models {
namespace {

using testing::one_function;

constexpr double kKeepAlive = 10.0;   // T, seconds
constexpr double kExecution = 0.001;  // s, seconds

Scenario isolated(double rate, const TenantIsolation& tenants, double horizon_s) {
  Scenario s =
      one_function(rate, Dist::fixed(kExecution), static_cast<sim::Time>(horizon_s) * sim::kSecond);
  s.platform.keep_alive.never = false;
  s.platform.keep_alive.dist = Dist::fixed(kKeepAlive);
  s.functions[0].tenant_isolation.set(tenants);
  return s;
}

struct Expected {
  double cold_ratio = 0.0;
  double environments = 0.0;
};

Expected closed_form(double rate, const std::vector<double>& p) {
  Expected e;
  for (double pi : p) {
    const double warm_window = rate * pi * (kKeepAlive + kExecution);
    e.cold_ratio += pi * std::exp(-warm_window);
    e.environments += 1.0 - std::exp(-warm_window);
  }
  return e;
}

void print(const char* what, double expected, double actual) {
  std::printf("  %s: expected %.6g, simulated %.6g\n", what, expected, actual);
}

// k = 10 equally likely tenants, λ = 1/s, T = 10 s: each tenant sees 0.1/s,
// P(cold) = e^{−0.1·10.001} = 0.36784 (the same as one function at 0.1/s),
// where a shared function would be cold e^{−10} = 4.5e-5 of the time.
// 2·10^5 arrivals: standard error √(p(1−p)/n) ≈ 0.0011; tolerance 0.005.
// Environments: 10 (1 − e^{−1.0001}) = 6.3222; each tenant's indicator has a
// correlation time of about T+1/λp = 20 s, so 2·10^5 s give ~10^4
// independent looks per tenant, σ ≈ √(10 · 0.23 / 10^4) ≈ 0.015; tolerance 0.07.
TEST(TenantIsolation, EqualTenantsColdStartIsExpOfMinusLambdaTOverK) {
  TenantIsolation tenants;
  tenants.tenants = 10;
  const Scenario s = isolated(1.0, tenants, 200'000);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  const Expected e = closed_form(1.0, std::vector<double>(10, 0.1));
  EXPECT_NEAR(e.cold_ratio, std::exp(-1.0 * 10.001 / 10), 1e-12);  // the e^{−λT/k}
  const double cold = static_cast<double>(f.cold_starts) / static_cast<double>(f.invocations);
  print("P(cold)", e.cold_ratio, cold);
  EXPECT_NEAR(cold, e.cold_ratio, 0.005);
  const double envs = f.environments.mean(s.horizon);
  print("mean environments", e.environments, envs);
  EXPECT_NEAR(envs, e.environments, 0.07);
  EXPECT_NEAR(f.tenants().with_environments.mean(s.horizon), e.environments, 0.07);
  EXPECT_EQ(f.tenants().active, 10u);
  EXPECT_LE(f.tenants().with_environments.max(), 10.0);
  EXPECT_TRUE(conservation_ok(f));
}

// Zipf, k = 50 tenants, exponent 1.1, λ = 5/s, T = 10 s: the popular tenants
// stay warm, the tail is nearly always cold; P(cold) and the environments
// are the sums above over p_i = i^{−1.1} / Σ_j j^{−1.1} (computed here:
// P(cold) = 0.2349, environments = 20.52). 10^6 arrivals: σ(P) ≈ 0.00042,
// tolerance 0.002; environments: σ ≈ √(50 · 0.25 / 10^4) ≈ 0.035, tolerance 0.15.
TEST(TenantIsolation, ZipfTenantsMatchSumOfPerTenantTerms) {
  TenantIsolation tenants;
  tenants.tenants = 50;
  tenants.distribution = TenantIsolation::Distribution::Zipf;
  tenants.zipf_exponent = 1.1;
  const Scenario s = isolated(5.0, tenants, 200'000);
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  std::vector<double> p(50);
  double norm = 0.0;
  for (int i = 0; i < 50; ++i) norm += std::pow(i + 1.0, -1.1);
  for (int i = 0; i < 50; ++i) p[i] = std::pow(i + 1.0, -1.1) / norm;
  const Expected e = closed_form(5.0, p);
  const double cold = static_cast<double>(f.cold_starts) / static_cast<double>(f.invocations);
  print("P(cold)", e.cold_ratio, cold);
  EXPECT_NEAR(cold, e.cold_ratio, 0.002);
  const double envs = f.environments.mean(s.horizon);
  print("mean environments", e.environments, envs);
  EXPECT_NEAR(envs, e.environments, 0.15);
  EXPECT_EQ(f.tenants().active, 50u);
  EXPECT_TRUE(conservation_ok(f));
}

// Async events keep their tenant: the same closed form as the sync case
// holds for an `invocation: async` workload (k = 10, λ = 1/s as above).
TEST(TenantIsolation, AsyncEventsAreIsolatedToo) {
  TenantIsolation tenants;
  tenants.tenants = 10;
  Scenario s = isolated(1.0, tenants, 200'000);
  s.workloads[0].invocation = Invocation::Async;
  const RunResult r = simulate(s);
  const FunctionStats& f = r.functions[0];
  const double cold = static_cast<double>(f.cold_starts) / static_cast<double>(f.invocations);
  print("P(cold), async", std::exp(-1.0001), cold);
  EXPECT_NEAR(cold, std::exp(-1.0001), 0.005);
}

// Zipf draws: k = 3, exponent 1 → p = (1, 1/2, 1/3) / (11/6) = 6/11, 3/11,
// 2/11. 10^6 draws: σ ≤ 5e-4; tolerance 0.002.
TEST(TenantIsolation, ZipfDrawFrequencies) {
  TenantIsolation config;
  config.tenants = 3;
  config.distribution = TenantIsolation::Distribution::Zipf;
  const TenantDraw draw(config);
  const double expected[] = {6.0 / 11, 3.0 / 11, 2.0 / 11};
  sim::Rng rng(7);
  std::vector<double> counts(3, 0.0);
  const int n = 1'000'000;
  for (int i = 0; i < n; ++i) counts[draw.draw(rng)] += 1.0;
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(draw.probability(static_cast<std::uint32_t>(i)), expected[i], 1e-12);
    EXPECT_NEAR(counts[i] / n, expected[i], 0.002);
  }
}

// AWS's pricing-page example (aws.amazon.com/lambda/pricing, us-east-1):
// "Monthly tenant isolation charges: 200K * $0.000167 * 1024 MB / 1024MB =
// $33.4". 200,000 environments of 1,024 MB created, the rest of the bill
// untouched; at 2,048 MB it doubles to $66.80.
TEST(TenantIsolation, BillMatchesAwsPricingExample) {
  const PriceTable prices =
      load_price_table("aws-us-east-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios");
  TenantIsolation tenants;
  tenants.tenants = 1000;
  Scenario s = isolated(1.0, tenants, 3600);
  FunctionConfig big = s.functions[0];
  big.name = "big";
  big.memory_mb = 2048;
  s.functions.push_back(big);
  std::vector<FunctionUsage> usage(2);
  usage[0].tenant_environments = 200'000;
  usage[1].tenant_environments = 200'000;
  const Bill bill = compute_bill(s, usage, prices, s.horizon);
  EXPECT_NEAR(bill.functions[0].tenant_isolation, 33.40, 1e-9);
  EXPECT_NEAR(bill.functions[0].quantity.tenant_isolation_gb, 200'000.0, 1e-9);
  EXPECT_NEAR(bill.functions[1].tenant_isolation, 66.80, 1e-9);
  EXPECT_NEAR(bill.total.total, 100.20, 1e-9);
}

// arm64 at the Price List's $0.000133333 per GB (us-east-1 table): the same
// 200,000 environments of 1,024 MB: 200,000 x $0.000133333 = $26.6666.
TEST(TenantIsolation, Arm64BillAtThePriceListRate) {
  const PriceTable prices =
      load_price_table("aws-us-east-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios");
  TenantIsolation tenants;
  tenants.tenants = 1000;
  Scenario s = isolated(1.0, tenants, 3600);
  s.functions[0].architecture = Architecture::Arm64;
  std::vector<FunctionUsage> usage(1);
  usage[0].tenant_environments = 200'000;
  const Bill bill = compute_bill(s, usage, prices, s.horizon);
  EXPECT_NEAR(bill.functions[0].tenant_isolation, 26.6666, 1e-9);
}

// A table without the rate (eu-west-1: not found for either architecture)
// refuses to bill it.
TEST(TenantIsolation, UnpricedArchitectureIsAnError) {
  const PriceTable prices =
      load_price_table("aws-eu-west-1-2025", std::string(LS_SOURCE_DIR) + "/scenarios");
  TenantIsolation tenants;
  tenants.tenants = 10;
  Scenario s = isolated(1.0, tenants, 3600);
  s.functions[0].architecture = Architecture::Arm64;
  const auto missing = missing_price(s, prices);
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->key_path, "functions.fn.tenant_isolation");
  EXPECT_THROW(compute_bill(s, std::vector<FunctionUsage>(1), prices, s.horizon), Error);
}

}  // namespace
}  // namespace ls::models
