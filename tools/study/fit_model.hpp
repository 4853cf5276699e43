// `lambdasim fit`: the memory-aware duration model fitted to measurements
// of one function at several memory sizes (Power Tuning results, a CSV of
// memory,duration_ms, or `lambdasim tune --json` output).
//
// Model (docs/tune.md): duration(m, a) = cpu_a · v(m0)/v(m) + io, with
// v(m) = min(m / mb_per_vcpu, threads, max_vcpu) and one CPU coefficient per
// architecture present (cpu_arm64 / cpu_x86_64 = arm64_factor). For each
// candidate thread count the model is linear in (cpu_x86_64, cpu_arm64, io):
// weighted least squares (Eigen, column-pivoting QR) with non-negative
// coefficients (every active set tried), then the thread count with the
// smallest residual wins (ties: the fewest threads).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/scenario.hpp"

namespace ls::tools {

struct FitSample {
  int memory_mb = 0;
  double duration_ms = 0.0;
  models::Architecture architecture = models::Architecture::X86_64;
  std::string source;  // "file:row" or "file:stats[i]", for messages
};

// Reads one input file: Power Tuning's output JSON (bare, or wrapped in
// {"results": ...}; uses `stats`, or power/duration without it), lambdasim's
// tune JSON (schema lambdasim.tune/1: mean latency of the points without
// timeouts at the first provisioned level), or CSV with a header naming
// memory (or memory_mb) and duration_ms (or duration) columns and an optional
// architecture column. `architecture` applies where the file does not say
// (tune JSON, the `lambdasim` key of tune's Power Tuning JSON and a CSV
// architecture column do). Power Tuning stats whose averageDuration is 0 are
// skipped, as its Analyzer does.
// Throws ls::Error naming the file for unreadable, empty or invalid input
// (a duration that is not > 0, a memory size outside 128..10240).
std::vector<FitSample> read_fit_samples(const std::string& path, models::Architecture architecture);

enum class FitWeights { Relative, None };

struct FitOptions {
  int at_memory_mb = 1024;                    // where the fitted cpu part is expressed
  std::optional<int> threads;                 // fixed instead of chosen
  FitWeights weights = FitWeights::Relative;  // relative: minimise Σ ((y − ŷ)/y)²
  // The platform's vCPU share (platform.mb_per_vcpu / max_vcpu of the preset;
  // `lambdasim fit --preset` reads them).
  double mb_per_vcpu = 0.0;
  double max_vcpu = 0.0;
};

struct FitResult {
  int at_memory_mb = 1024;
  models::Architecture at_architecture = models::Architecture::X86_64;
  double cpu_ms = 0.0;  // at at_memory_mb on at_architecture
  double io_ms = 0.0;
  int threads = 1;
  std::optional<double> arm64_factor;  // when both architectures were measured
  double r2 = 0.0;                     // 1 − SSE/SST (raw residuals); NaN when SST = 0
  double rms_ms = 0.0;
  double rms_relative = 0.0;
  std::vector<double> fitted_ms;   // per sample
  std::vector<std::string> notes;  // identifiability caveats
};

// Throws ls::Error when the data cannot identify the model (no samples, a
// single memory size, ...).
FitResult fit_duration_model(const std::vector<FitSample>& samples, const FitOptions& options);

double predict_ms(const FitResult& fit, const FitOptions& options, int memory_mb,
                  models::Architecture architecture);

// The `duration:` block for a scenario's function, with a comment header
// naming the inputs and the fit quality.
std::string duration_block_yaml(const FitResult& fit, const std::vector<std::string>& inputs,
                                std::size_t samples);

}  // namespace ls::tools
