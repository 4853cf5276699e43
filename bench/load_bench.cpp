// Speed of loading a scenario (issue #19): reading and validating must grow
// linearly with the number of functions. Before this benchmark, `lambdasim
// validate` took 0.63 s for 10,000 functions, 6.8 s for 40,000 and over
// 60 s for 100,000 (quadratic lookups); the target is 100,000 functions in
// under 2 s.
//
// The scenario is generated: N functions, each with its own memory, timeout,
// INIT and duration distributions and reserved concurrency, and one workload
// per function (what a large account's inventory looks like).
//
// Self-checking: the loaded scenario must have N functions and N workloads.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "models/config/data_dir.hpp"
#include "models/config/scenario_loader.hpp"

namespace {

using namespace ls;

// A scenario of `n` functions named f0 .. f(n-1), each invoked by one
// Poisson workload, with account_concurrency high enough for their
// reservations.
std::string many_functions_yaml(long n) {
  // Built with += only: GCC 12 warns falsely (-Wrestrict) on "x" + std::string.
  std::string out = "scenario: load-bench\nhorizon: 1h\nplatform:\n  account_concurrency: ";
  out += std::to_string(2 * n + 1000);
  out += "\nfunctions:\n";
  for (long i = 0; i < n; ++i) {
    out += "  f";
    out += std::to_string(i);
    out += ":\n    memory_mb: ";
    out += std::to_string(128 + 64 * (i % 100));
    out +=
        "\n    timeout: 30s\n    reserved_concurrency: 1\n"
        "    init: {dist: lognormal, median: 250ms, p99: 900ms}\n"
        "    duration: {dist: gamma, mean: 40ms, cv: 0.5}\n";
  }
  out += "workloads:\n";
  for (long i = 0; i < n; ++i) {
    out += "  - function: f";
    out += std::to_string(i);
    out += "\n    arrivals: {process: poisson, rate: 0.01/s}\n";
  }
  return out;
}

void BM_LoadAndValidate(benchmark::State& state) {
  const long n = state.range(0);
  const auto path = std::filesystem::temp_directory_path() /
                    ("lambdasim-load-bench-" + std::to_string(n) + ".yaml");
  std::ofstream(path) << many_functions_yaml(n);
  models::LoadOptions opts;
  opts.data_dir = models::default_data_dir();
  for (auto _ : state) {
    const models::Scenario s = models::load_scenario(path.string(), opts);
    if (static_cast<long>(s.functions.size()) != n || static_cast<long>(s.workloads.size()) != n)
      state.SkipWithError("wrong number of functions or workloads");
    benchmark::DoNotOptimize(s.resolved_json.data());
  }
  state.counters["functions_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  std::filesystem::remove(path);
}
BENCHMARK(BM_LoadAndValidate)
    ->Arg(10'000)
    ->Arg(50'000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
