#include "models/duration_model.hpp"

#include <algorithm>

namespace ls::models {

double effective_vcpu(const PlatformConfig& platform, int memory_mb, int threads) {
  const double share = static_cast<double>(memory_mb) / platform.mb_per_vcpu;
  return std::min({share, platform.max_vcpu, static_cast<double>(std::max(threads, 1))});
}

DurationModel::DurationModel(const PlatformConfig& platform, const FunctionConfig& function)
    : plain_(function.duration) {
  if (!function.memory_aware) return;
  const auto& m = *function.memory_aware;
  memory_aware_ = true;
  cpu_factor_ = effective_vcpu(platform, m.at_memory_mb, m.threads) /
                effective_vcpu(platform, function.memory_mb, m.threads);
  cpu_ = m.cpu.scaled(cpu_factor_);
  io_ = m.io;
}

sim::Time DurationModel::sample(sim::Rng& rng) const {
  if (!memory_aware_) return plain_.sample(rng);
  return cpu_.sample(rng) + io_.sample(rng);
}

double DurationModel::mean_seconds() const {
  return memory_aware_ ? cpu_.mean_seconds() + io_.mean_seconds() : plain_.mean_seconds();
}

}  // namespace ls::models
