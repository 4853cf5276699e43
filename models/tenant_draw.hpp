// Tenant ids for tenant isolation mode (TenantIsolation in scenario.hpp):
// uniform over k tenants, or Zipf (tenant i, 1-based, with probability
// i^-s / Σ_j j^-s). Tenant ids here are 0-based: id 0 is the most popular.
#pragma once

#include <cstdint>
#include <vector>

#include "models/scenario.hpp"
#include "sim/rng.hpp"

namespace ls::models {

class TenantDraw {
 public:
  TenantDraw() = default;  // off: every request is tenant 0
  explicit TenantDraw(const TenantIsolation& config);

  std::uint32_t draw(sim::Rng& rng) const;
  // Probability of tenant `id` (0-based), for reports and tests.
  double probability(std::uint32_t id) const;
  std::uint32_t tenants() const { return tenants_; }

 private:
  std::uint32_t tenants_ = 0;
  std::vector<double> cdf_;  // Zipf only: cumulative probabilities, last = 1
};

}  // namespace ls::models
