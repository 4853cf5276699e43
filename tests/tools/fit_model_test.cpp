// `lambdasim fit`'s model fitting: recovery of known parameters from
// synthetic data, the bundled Power Tuning example against an independent
// computation, identifiability errors, the input formats, and the YAML block
// loading back into the same model.
#include "tools/study/fit_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "models/config/scenario_loader.hpp"
#include "models/duration_model.hpp"
#include "models/error.hpp"
#include "sim/rng.hpp"
#include "tests/error_text.hpp"

namespace ls::tools {
namespace {

namespace fs = std::filesystem;
using models::Architecture;

fs::path temp_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::temp_directory_path() / "lambdasim-fit-test" / info->name();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string write(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
  return path.string();
}

// duration(m) = cpu · v(1024)/v(m) + io with v(m) = min(m/1769, threads, 6).
double truth(int m, double cpu, double io, int threads) {
  auto v = [threads](int mem) { return std::min({mem / 1769.0, double(threads), 6.0}); };
  return cpu * v(1024) / v(m) + io;
}

// AWS's published vCPU share (1,769 MB per vCPU, at most 6), which the CLI
// reads from the platform preset.
FitOptions aws_options() {
  FitOptions o;
  o.mb_per_vcpu = 1769.0;
  o.max_vcpu = 6.0;
  return o;
}

std::vector<FitSample> synthetic(double cpu, double io, int threads, double noise,
                                 Architecture arch = Architecture::X86_64, double factor = 1.0,
                                 std::uint64_t seed = 2024) {
  sim::Rng rng = sim::Rng::stream(seed, 0, "fit-noise");
  std::vector<FitSample> out;
  std::vector<int> sizes;
  for (int m = 128; m <= 3008; m += 64) sizes.push_back(m);  // Power Tuning's "ALL"
  for (int m : {4096, 6144, 8192, 10240}) sizes.push_back(m);
  for (int m : sizes) {
    const double y = truth(m, cpu * factor, io, threads) * (1 + noise * (2 * rng.uniform() - 1));
    out.push_back({m, y, arch, "synthetic"});
  }
  return out;
}

TEST(FitModel, RecoversExactParameters) {
  const FitResult r = fit_duration_model(synthetic(400, 50, 2, 0.0), aws_options());
  EXPECT_EQ(r.threads, 2);
  EXPECT_NEAR(r.cpu_ms, 400, 400 * 1e-9);
  EXPECT_NEAR(r.io_ms, 50, 50 * 1e-9);
  EXPECT_NEAR(r.r2, 1.0, 1e-12);
  EXPECT_FALSE(r.arm64_factor.has_value());
}

TEST(FitModel, RecoversParametersWithin1PercentUnderNoise) {
  // ±0.1 % uniform multiplicative noise on 50 sizes, 20 seeds per thread
  // count. The io part (the intercept, 50 ms against up to 3.2 s) is the
  // hardest: over 200 seeds its worst relative error was 0.39 % (threads 1),
  // cpu's 0.06 %, so the 1 % required by issue #7 holds with a margin of 2.5.
  for (int threads : {1, 2, 4}) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      SCOPED_TRACE(::testing::Message() << "threads " << threads << " seed " << seed);
      const FitResult r = fit_duration_model(
          synthetic(400, 50, threads, 0.001, Architecture::X86_64, 1.0, seed), aws_options());
      EXPECT_EQ(r.threads, threads);
      EXPECT_NEAR(r.cpu_ms, 400, 4.0);
      EXPECT_NEAR(r.io_ms, 50, 0.5);
      EXPECT_GT(r.r2, 0.9999);
    }
  }
}

TEST(FitModel, RecoversTheArm64Factor) {
  auto samples = synthetic(300, 40, 1, 0.0);
  const auto arm = synthetic(300, 40, 1, 0.0, Architecture::Arm64, 0.85);
  samples.insert(samples.end(), arm.begin(), arm.begin() + 10);  // 128..704 MB on arm64
  const FitResult r = fit_duration_model(samples, aws_options());
  ASSERT_TRUE(r.arm64_factor.has_value());
  EXPECT_NEAR(*r.arm64_factor, 0.85, 1e-9);
  EXPECT_NEAR(r.cpu_ms, 300, 1e-6);
  EXPECT_NEAR(predict_ms(r, aws_options(), 512, Architecture::Arm64), truth(512, 255, 40, 1), 1e-6);
}

TEST(FitModel, ReadsThePowerTuningExample) {
  // Independent answer: the 2×2 weighted normal equations (weights 1/y²)
  // solved by hand in Python for threads 1 and 2: threads 1 fits better
  // (weighted SSE 0.00799 against 0.01908) with cpu 128.97182603 ms at
  // 1024 MB, io 30.63598466 ms, R² 0.99719582.
  const auto samples =
      read_fit_samples(std::string(LS_SOURCE_DIR) + "/tests/tools/data/power-tuning-example.json",
                       Architecture::X86_64);
  ASSERT_EQ(samples.size(), 5u);
  EXPECT_EQ(samples[4].memory_mb, 2048);
  EXPECT_DOUBLE_EQ(samples[0].duration_ms, 1103.4399999999998);
  const FitResult r = fit_duration_model(samples, aws_options());
  EXPECT_EQ(r.threads, 1);
  EXPECT_NEAR(r.cpu_ms, 128.97182603165754, 1e-8);
  EXPECT_NEAR(r.io_ms, 30.635984664770486, 1e-8);
  EXPECT_NEAR(r.r2, 0.9971958224782147, 1e-10);
}

std::string error_of(const std::vector<FitSample>& samples) {
  return ls::testing::error_text([&] { fit_duration_model(samples, aws_options()); });
}

std::string read_error(const std::string& path) {
  return ls::testing::error_text([&] { read_fit_samples(path, Architecture::X86_64); });
}

TEST(FitModel, RefusesNonIdentifiableInput) {
  EXPECT_EQ(
      error_of({{1024, 100, Architecture::X86_64, ""}, {1024, 110, Architecture::X86_64, ""}}),
      "fit: all 2 measurement(s) are at one memory size (1024 MB): the CPU part (which "
      "scales with memory) and the I/O part (which does not) cannot be told apart; measure "
      "at least two sizes, e.g. Power Tuning with powerValues [256, 512, 1024, 2048]");
  EXPECT_EQ(error_of({}), "fit: no measurements");
  // Threads fixed at 1 and every size ≥ 1769 MB: all get 1 vCPU.
  FitOptions o = aws_options();
  o.threads = 1;
  try {
    fit_duration_model(
        {{2048, 100, Architecture::X86_64, ""}, {4096, 100, Architecture::X86_64, ""}}, o);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "fit: the sizes measured cannot separate the CPU and I/O parts with threads 1 "
                 "(every size gets the same vCPU share); measure sizes below 1769 MB");
  }
  const fs::path dir = temp_dir();
  const std::string zero = write(dir / "zero.csv", "memory,duration_ms\n512,120\n1024,0\n");
  EXPECT_EQ(read_error(zero),
            zero + ":3: duration 0 ms must be > 0 (a non-positive duration cannot be fitted)");
  const std::string negative =
      write(dir / "neg.json", R"({"stats": [{"value": 512, "averageDuration": -3}]})");
  EXPECT_EQ(read_error(negative), negative +
                                      ": stats[0]: duration -3 ms must be > 0 (a non-positive "
                                      "duration cannot be fitted)");
  const std::string no_stats = write(dir / "nostats.json", R"({"stateMachine": {}})");
  EXPECT_EQ(read_error(no_stats),
            no_stats +
                ": not a Power Tuning result: no stats[] (run it with includeOutputResults: "
                "true) and no power/duration");
  EXPECT_NE(read_error(write(dir / "bad.json", "{\"stats\": [")).find("invalid JSON"),
            std::string::npos);
  const std::string memory = write(dir / "mem.csv", "64,100\n");
  EXPECT_EQ(read_error(memory),
            memory + ":1: memory 64 MB is out of range (allowed: 128 to 10240)");
  EXPECT_EQ(read_error(write(dir / "empty.csv", "memory,duration_ms\n")),
            (dir / "empty.csv").string() + ": no measurements in the file");
  // A tune result whose every point had timeouts: said as such.
  const std::string cut = write(dir / "cut.json", R"({"schema": "lambdasim.tune/1", "points": [
      {"memory_mb": 128, "timed_out": 40, "latency_ms": {"mean": 950}},
      {"memory_mb": 512, "timed_out": 1, "latency_ms": {"mean": 300}}]})");
  EXPECT_EQ(read_error(cut), cut +
                                 ": no measurements to fit: its 2 point(s) all had requests that "
                                 "timed out (their durations are cut at the timeout, so fit "
                                 "leaves them out); tune again with a longer timeout");
}

TEST(FitModel, ReadsCsvTuneJsonAndResultsWrapper) {
  const fs::path dir = temp_dir();
  const auto csv = read_fit_samples(
      write(dir / "a.csv",
            "# comment\nduration_ms,architecture,memory_mb\n250.5,arm64,512\n130,x86_64,1024\n"),
      Architecture::X86_64);
  ASSERT_EQ(csv.size(), 2u);
  EXPECT_EQ(csv[0].memory_mb, 512);
  EXPECT_DOUBLE_EQ(csv[0].duration_ms, 250.5);
  EXPECT_EQ(csv[0].architecture, Architecture::Arm64);
  const auto bare =
      read_fit_samples(write(dir / "b.csv", "512,250\n1024,130\n"), Architecture::Arm64);
  ASSERT_EQ(bare.size(), 2u);
  EXPECT_EQ(bare[1].architecture, Architecture::Arm64);
  // The README's {"results": ...} wrapper, and "power" as a string (old versions).
  const auto wrapped = read_fit_samples(
      write(dir / "w.json", R"({"results": {"power": "128", "cost": 1e-6, "duration": 900,
        "stats": [{"value": "128", "averagePrice": 1e-6, "averageDuration": 900},
                  {"value": 256, "averagePrice": 1e-6, "averageDuration": 0},
                  {"value": 512, "averagePrice": 1e-6, "averageDuration": 230}]}})"),
      Architecture::X86_64);
  ASSERT_EQ(wrapped.size(), 2u);  // averageDuration 0 is skipped, as Power Tuning does
  EXPECT_EQ(wrapped[1].memory_mb, 512);
  const auto tune = read_fit_samples(write(dir / "t.json", R"({"schema": "lambdasim.tune/1",
    "points": [
      {"memory_mb": 512, "architecture": "x86_64", "provisioned_concurrency": null,
       "latency_ms": {"mean": 200}, "timed_out": 0},
      {"memory_mb": 128, "architecture": "x86_64", "provisioned_concurrency": null,
       "latency_ms": {"mean": 900}, "timed_out": 3},
      {"memory_mb": 512, "architecture": "arm64", "provisioned_concurrency": null,
       "latency_ms": {"mean": 190}, "timed_out": 0}]})"),
                                     Architecture::X86_64);
  ASSERT_EQ(tune.size(), 2u);  // the point with timeouts is left out
  EXPECT_EQ(tune[1].architecture, Architecture::Arm64);
  EXPECT_DOUBLE_EQ(tune[1].duration_ms, 190);
}

TEST(FitModel, YamlBlockLoadsAsTheSameModel) {
  auto samples = synthetic(321.5, 12.25, 2, 0.0);
  const auto arm = synthetic(321.5, 12.25, 2, 0.0, Architecture::Arm64, 0.9);
  samples.insert(samples.end(), arm.begin(), arm.begin() + 5);
  FitOptions o = aws_options();
  o.at_memory_mb = 2048;
  const FitResult r = fit_duration_model(samples, o);
  // Pasted as it is under a function of a two-space-indented scenario.
  const std::string block = duration_block_yaml(r, {"a.json"}, samples.size());
  const std::string& indented = block;
  for (int memory : {128, 1024, 3538, 10240}) {
    for (const char* arch : {"x86_64", "arm64"}) {
      models::LoadOptions opts;
      opts.data_dir = std::string(LS_SOURCE_DIR) + "/scenarios";
      const models::Scenario s = models::load_scenario_text(
          "functions:\n  api:\n    memory_mb: " + std::to_string(memory) +
              "\n    architecture: " + arch + "\n    timeout: 900s\n    init: 100ms\n" + indented,
          "fitted.yaml", ".", opts);
      const Architecture a =
          std::string(arch) == "arm64" ? Architecture::Arm64 : Architecture::X86_64;
      // The block rounds cpu and io to 1 µs (3 decimals of ms) and arm64_factor to 4 decimals.
      EXPECT_NEAR(models::DurationModel(s.platform, s.functions[0]).mean_seconds() * 1000,
                  predict_ms(r, o, memory, a), 0.01)
          << memory << " " << arch << "\n"
          << block;
      EXPECT_NEAR(predict_ms(r, o, memory, a),
                  truth(memory, 321.5 * (a == Architecture::Arm64 ? 0.9 : 1.0), 12.25, 2), 1e-6);
    }
  }
}

}  // namespace
}  // namespace ls::tools
