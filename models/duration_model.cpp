#include "models/duration_model.hpp"

#include <algorithm>

namespace ls::models {

double vcpu_share(int memory_mb, double mb_per_vcpu, double max_vcpu, int threads) {
  const double share = static_cast<double>(memory_mb) / mb_per_vcpu;
  return std::min({share, max_vcpu, static_cast<double>(std::max(threads, 1))});
}

double effective_vcpu(const PlatformConfig& platform, int memory_mb, int threads) {
  return vcpu_share(memory_mb, platform.mb_per_vcpu, platform.max_vcpu, threads);
}

double architecture_factor(const MemoryAwareDuration& m, Architecture from, Architecture to) {
  if (from == to) return 1.0;
  return to == Architecture::Arm64 ? m.arm64_factor : 1.0 / m.arm64_factor;
}

double cpu_scale(const PlatformConfig& platform, const MemoryAwareDuration& m, int memory_mb,
                 Architecture architecture) {
  return effective_vcpu(platform, m.at_memory_mb, m.threads) /
         effective_vcpu(platform, memory_mb, m.threads) *
         architecture_factor(m, m.at_architecture, architecture);
}

double init_scale(const PlatformConfig& platform, const MemoryAwareDuration& m, int memory_mb,
                  Architecture architecture) {
  double f = 0.0;
  if (m.init_cpu_fraction) {
    f = *m.init_cpu_fraction;
  } else {
    const double total = m.cpu.mean_seconds() + m.io.mean_seconds();
    f = total > 0 ? m.cpu.mean_seconds() / total : 0.0;
  }
  return f * cpu_scale(platform, m, memory_mb, architecture) + (1.0 - f);
}

void apply_memory_model(const PlatformConfig& platform, FunctionConfig& function) {
  if (!function.memory_aware.has_value() || !function.memory_aware->init) return;
  const auto& m = *function.memory_aware;
  function.init =
      m.init->scaled(init_scale(platform, m, function.memory_mb, function.architecture));
}

DurationModel::DurationModel(const PlatformConfig& platform, const FunctionConfig& function)
    : plain_(function.duration) {
  if (!function.memory_aware.has_value()) return;
  const auto& m = *function.memory_aware;
  memory_aware_ = true;
  cpu_factor_ = cpu_scale(platform, m, function.memory_mb, function.architecture);
  cpu_ = m.cpu.scaled(cpu_factor_);
  io_ = m.io;
  vcpus_ = effective_vcpu(platform, function.memory_mb, m.threads);
}

DurationModel::Parts DurationModel::sample_parts(sim::Rng& rng) const {
  if (!memory_aware_) return Parts{sim::to_seconds(plain_.sample(rng)), 0};
  Parts p;
  p.cpu_vcpu_s = sim::to_seconds(cpu_.sample(rng)) * vcpus_;
  p.io = io_.sample(rng);
  return p;
}

sim::Time DurationModel::sample(sim::Rng& rng) const {
  if (!memory_aware_) return plain_.sample(rng);
  return cpu_.sample(rng) + io_.sample(rng);
}

double DurationModel::mean_seconds() const {
  return memory_aware_ ? cpu_.mean_seconds() + io_.mean_seconds() : plain_.mean_seconds();
}

}  // namespace ls::models
