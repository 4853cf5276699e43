#include "models/tenant_draw.hpp"

#include <algorithm>
#include <cmath>

namespace ls::models {

TenantDraw::TenantDraw(const TenantIsolation& config)
    : tenants_(static_cast<std::uint32_t>(std::max(config.tenants, 0))) {
  if (config.distribution != TenantIsolation::Distribution::Zipf || tenants_ == 0) return;
  cdf_.resize(tenants_);
  double sum = 0.0;
  for (std::uint32_t i = 0; i < tenants_; ++i) {
    sum += std::pow(static_cast<double>(i + 1), -config.zipf_exponent);
    cdf_[i] = sum;
  }
  for (double& c : cdf_) c /= sum;
  cdf_.back() = 1.0;  // no draw falls past the last tenant through rounding
}

std::uint32_t TenantDraw::draw(sim::Rng& rng) const {
  if (tenants_ <= 1) return 0;
  if (cdf_.empty()) return static_cast<std::uint32_t>(rng.below(tenants_));
  const double u = rng.uniform();
  return static_cast<std::uint32_t>(std::upper_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
}

double TenantDraw::probability(std::uint32_t id) const {
  if (id >= tenants_) return 0.0;
  if (cdf_.empty()) return 1.0 / tenants_;
  return cdf_[id] - (id == 0 ? 0.0 : cdf_[id - 1]);
}

}  // namespace ls::models
