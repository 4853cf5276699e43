// The memory-aware duration model against values computed by hand from its
// definition (docs/tune.md): CPU part × effective_vcpu(at) / effective_vcpu(m)
// × architecture factor, plus the I/O part; INIT scaled the same way.
#include "models/duration_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "models/config/scenario_loader.hpp"
#include "tests/models/bundled_data.hpp"

namespace ls::models {
using testing::kDataDir;
using testing::kSourceDir;
using testing::us_east_1;

namespace {

// AWS: a function gets 1 vCPU at 1,769 MB and at most 6 vCPUs (at 10,240 MB);
// a function's threads cap what it can use. Values by hand: m / 1769.
TEST(VcpuShare, MemoryOverMbPerVcpuCappedByMaximumAndThreads) {
  EXPECT_DOUBLE_EQ(vcpu_share(1769, 1769.0, 6.0, 8), 1.0);
  EXPECT_DOUBLE_EQ(vcpu_share(884, 1769.0, 6.0, 8), 884.0 / 1769.0);
  EXPECT_DOUBLE_EQ(vcpu_share(3538, 1769.0, 6.0, 1), 1.0);  // one thread uses one vCPU
  EXPECT_DOUBLE_EQ(vcpu_share(3538, 1769.0, 6.0, 4), 2.0);
  EXPECT_DOUBLE_EQ(vcpu_share(10240, 1769.0, 6.0, 8), 10240.0 / 1769.0);  // 5.79 < 6
  EXPECT_DOUBLE_EQ(vcpu_share(10240, 1024.0, 6.0, 8), 6.0);               // the maximum
  EXPECT_DOUBLE_EQ(vcpu_share(3538, 1769.0, 6.0, 0), 1.0);  // no threads counts as one
}

// A function measured at 1769 MB (1 vCPU) doing `cpu_s` of pure CPU work.
FunctionConfig pure_cpu(int memory_mb, int threads, double cpu_s = 1.0) {
  FunctionConfig f;
  f.memory_mb = memory_mb;
  MemoryAwareDuration m;
  m.at_memory_mb = 1769;
  m.cpu = Dist::fixed(cpu_s);
  m.io = Dist::fixed(0.0);
  m.threads = threads;
  f.memory_aware.set(m);
  return f;
}

double mean_at(int memory_mb, int threads) {
  const PlatformConfig platform;  // 1769 MB per vCPU, at most 6 vCPU
  return DurationModel(platform, pure_cpu(memory_mb, threads)).mean_seconds();
}

TEST(DurationModel, PureCpuOneThreadHalvesFrom884To1769ThenStops) {
  // threads 1: vCPU = min(m / 1769, 1). At 884 MB: 884/1769 vCPU, so 1 s of
  // work at 1 vCPU takes 1769/884 = 2.00113 s; at 1769 MB and above: 1 s.
  EXPECT_DOUBLE_EQ(mean_at(884, 1), 1769.0 / 884.0);
  EXPECT_DOUBLE_EQ(mean_at(1769, 1), 1.0);
  EXPECT_NEAR(mean_at(884, 1) / mean_at(1769, 1), 2.0, 0.0012);  // "halves"
  EXPECT_DOUBLE_EQ(mean_at(3538, 1), 1.0);
  EXPECT_DOUBLE_EQ(mean_at(10240, 1), 1.0);
}

TEST(DurationModel, PureCpuTwoThreadsKeepsImprovingTo3538) {
  // threads 2: vCPU = min(m / 1769, 2): 1769 MB → 1 vCPU (1 s), 3538 MB →
  // 2 vCPU (0.5 s), then flat.
  EXPECT_DOUBLE_EQ(mean_at(884, 2), 1769.0 / 884.0);
  EXPECT_DOUBLE_EQ(mean_at(1769, 2), 1.0);
  EXPECT_DOUBLE_EQ(mean_at(3538, 2), 0.5);
  EXPECT_DOUBLE_EQ(mean_at(5000, 2), 0.5);
  EXPECT_DOUBLE_EQ(mean_at(10240, 2), 0.5);
  // threads 8: capped by memory (10240/1769 = 5.79 vCPU < max_vcpu 6).
  EXPECT_DOUBLE_EQ(mean_at(10240, 8), 1769.0 / 10240.0);
}

TEST(DurationModel, MaxVcpuCapsTheShare) {
  PlatformConfig platform;
  platform.max_vcpu = 4.0;
  // 10240 MB would be 5.79 vCPU; the cap leaves 4: 1 s / 4 = 0.25 s.
  EXPECT_DOUBLE_EQ(DurationModel(platform, pure_cpu(10240, 8)).mean_seconds(), 0.25);
}

TEST(DurationModel, IoPartDoesNotScale) {
  FunctionConfig f = pure_cpu(442, 1, 0.2);  // 442 MB = 442/1769 vCPU
  f.memory_aware.edit().io = Dist::fixed(0.05);
  // 0.2 s × 1769/442 + 0.05 s = 0.80045 + 0.05
  EXPECT_NEAR(DurationModel(PlatformConfig{}, f).mean_seconds(), 0.2 * 1769.0 / 442.0 + 0.05,
              1e-12);
}

TEST(DurationModel, Arm64FactorMultipliesTheCpuPartOnly) {
  FunctionConfig f = pure_cpu(1769, 1, 0.4);
  f.memory_aware.edit().io = Dist::fixed(0.1);
  f.memory_aware.edit().arm64_factor = 0.8;
  const PlatformConfig platform;
  EXPECT_DOUBLE_EQ(DurationModel(platform, f).mean_seconds(), 0.5);  // x86_64: as measured
  f.architecture = Architecture::Arm64;
  EXPECT_DOUBLE_EQ(DurationModel(platform, f).mean_seconds(), 0.4 * 0.8 + 0.1);
  // Measured on arm64, run on x86_64: the CPU part is divided by the factor.
  f.memory_aware.edit().at_architecture = Architecture::Arm64;
  f.architecture = Architecture::X86_64;
  EXPECT_DOUBLE_EQ(DurationModel(platform, f).mean_seconds(), 0.4 / 0.8 + 0.1);
}

TEST(DurationModel, InitScalesWithTheDurationsCpuFraction) {
  FunctionConfig f = pure_cpu(1769, 1, 0.3);
  f.memory_aware.edit().io = Dist::fixed(0.1);
  f.memory_aware.edit().at_memory_mb = 1024;
  f.memory_aware.edit().init = Dist::fixed(0.4);
  f.memory_mb = 512;  // half the vCPU of 1024 MB: CPU part × 2
  const PlatformConfig platform;
  // CPU fraction 0.3 / 0.4 = 0.75: INIT × (0.75 × 2 + 0.25) = × 1.75.
  EXPECT_DOUBLE_EQ(init_scale(platform, *f.memory_aware, 512, Architecture::X86_64), 1.75);
  apply_memory_model(platform, f);
  EXPECT_DOUBLE_EQ(f.init.mean_seconds(), 0.7);
  apply_memory_model(platform, f);  // idempotent: always from the measured INIT
  EXPECT_DOUBLE_EQ(f.init.mean_seconds(), 0.7);
  f.memory_aware.edit().init_cpu_fraction = 0.0;
  apply_memory_model(platform, f);
  EXPECT_DOUBLE_EQ(f.init.mean_seconds(), 0.4);
}

TEST(DurationModel, LoaderScalesInitAndReadsTheNewKeys) {
  LoadOptions opts;
  opts.data_dir = kDataDir;
  const Scenario s = load_scenario_text(R"(
functions:
  api:
    memory_mb: 3538
    architecture: arm64
    init: {dist: lognormal, median: 200ms, p99: 800ms}
    duration: {at_memory_mb: 1769, cpu: 300ms, io: 100ms, threads: 2, arm64_factor: 0.9,
               init_cpu_fraction: 0.5}
  plain:
    init: 200ms
    duration: 100ms
)",
                                        "inline.yaml", ".", opts);
  const auto& m = *s.functions[0].memory_aware;
  EXPECT_EQ(m.at_architecture, Architecture::X86_64);
  EXPECT_DOUBLE_EQ(m.arm64_factor, 0.9);
  ASSERT_TRUE(m.init_cpu_fraction.has_value());
  // cpu_scale = (1 vCPU / 2 vCPU) × 0.9 = 0.45; INIT × (0.5 × 0.45 + 0.5) = 0.725:
  // a lognormal's median scales by the factor.
  EXPECT_NEAR(std::exp(s.functions[0].init.param_a()), 0.2 * 0.725, 1e-12);
  EXPECT_NEAR(DurationModel(s.platform, s.functions[0]).mean_seconds(), 0.3 * 0.45 + 0.1, 1e-12);
  EXPECT_DOUBLE_EQ(s.functions[1].init.mean_seconds(), 0.2);  // plain: untouched
}

}  // namespace
}  // namespace ls::models
