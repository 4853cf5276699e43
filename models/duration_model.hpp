// Execution time of one invocation: either a plain distribution, or the
// memory-aware model (a CPU part that scales with the vCPU share, capped at
// the function's threads, plus an I/O part that does not).
#pragma once

#include "models/scenario.hpp"

namespace ls::models {

// vCPUs a function with `memory_mb` can use: memory/mb_per_vcpu, capped at
// the platform maximum and at the number of threads it runs.
double effective_vcpu(const PlatformConfig& platform, int memory_mb, int threads);

class DurationModel {
 public:
  DurationModel(const PlatformConfig& platform, const FunctionConfig& function);
  sim::Time sample(sim::Rng& rng) const;
  double mean_seconds() const;
  // The CPU-part multiplier at this memory size relative to the measured one.
  double cpu_factor() const { return cpu_factor_; }

 private:
  bool memory_aware_ = false;
  sim::Dist plain_;
  sim::Dist cpu_;
  sim::Dist io_;
  double cpu_factor_ = 1.0;
};

}  // namespace ls::models
