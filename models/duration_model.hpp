// Execution time of one invocation: either a plain distribution, or the
// memory-aware model (a CPU part that scales with the vCPU share, capped at
// the function's threads, plus an I/O part that does not).
//
// The memory-aware model, for a function run at memory m on architecture a,
// with its parts measured at memory m0 on architecture a0:
//
//   duration = cpu · cpu_scale + io,
//   cpu_scale = effective_vcpu(m0) / effective_vcpu(m) · arch(a0 → a),
//
// where arch(x86_64 → arm64) = arm64_factor, arch(arm64 → x86_64) =
// 1 / arm64_factor and 1 when a = a0. Only the CPU part depends on the
// instruction set: I/O waits are network and service time. INIT (measured at
// m0, a0 too) scales the same way: the fraction init_cpu_fraction of it
// (default: the duration's CPU fraction, mean cpu / (mean cpu + mean io))
// scales with cpu_scale, the rest is fixed.
#pragma once

#include "models/scenario.hpp"

namespace ls::models {

// vCPUs a function with `memory_mb` can use: memory/mb_per_vcpu, capped at
// `max_vcpu` and at the number of threads it runs (at least 1). The one
// formula of the vCPU share: the simulator (effective_vcpu) and `fit`
// (tools/study/fit_model) both call it.
double vcpu_share(int memory_mb, double mb_per_vcpu, double max_vcpu, int threads);

// vcpu_share with the platform's mb_per_vcpu and max_vcpu.
double effective_vcpu(const PlatformConfig& platform, int memory_mb, int threads);

// CPU time on `to` relative to CPU time on `from` for the same work.
double architecture_factor(const MemoryAwareDuration& m, Architecture from, Architecture to);

// The multiplier of the measured CPU part for a function run at `memory_mb`
// on `architecture`.
double cpu_scale(const PlatformConfig& platform, const MemoryAwareDuration& m, int memory_mb,
                 Architecture architecture);

// The multiplier of the measured INIT: f · cpu_scale + (1 − f), with f the
// INIT's CPU fraction.
double init_scale(const PlatformConfig& platform, const MemoryAwareDuration& m, int memory_mb,
                  Architecture architecture);

// For a memory-aware function, sets `function.init` to the measured INIT
// (memory_aware->init) scaled to the function's memory and architecture.
// Idempotent; does nothing for a plain duration. The loader calls it once
// the platform is known.
void apply_memory_model(const PlatformConfig& platform, FunctionConfig& function);

class DurationModel {
 public:
  DurationModel(const PlatformConfig& platform, const FunctionConfig& function);
  sim::Time sample(sim::Rng& rng) const;
  double mean_seconds() const;
  // For multi-concurrency compute (simulation_multi.cpp): one execution as
  // CPU work in seconds of one full vCPU, and the I/O wait that uses no CPU.
  // Memory-aware: the CPU part at this memory times its vCPU share; a plain
  // Dist is all CPU work (its duration when the request runs alone).
  struct Parts {
    double cpu_vcpu_s = 0.0;
    sim::Time io = 0;
  };
  Parts sample_parts(sim::Rng& rng) const;
  // The CPU-part multiplier at this memory size and architecture relative
  // to the measured ones.
  double cpu_factor() const { return cpu_factor_; }

 private:
  bool memory_aware_ = false;
  sim::Dist plain_;
  sim::Dist cpu_;
  sim::Dist io_;
  double cpu_factor_ = 1.0;
  double vcpus_ = 1.0;  // the vCPU share the CPU part ran with
};

}  // namespace ls::models
