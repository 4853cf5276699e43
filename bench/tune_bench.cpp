// Speed of `lambdasim tune` (issue #7): a 7-memory × 2-architecture grid
// over a one-hour scenario at 100 requests/s — 14 full simulations of about
// 360,000 requests each, loaded, run in parallel and decided — must finish
// in under 2 s of wall time on 2 cores.
//
// Self-checking: every point must have served its traffic (arrivals within
// 1 % of 100/s × 3600 s) and a winner must exist, or the case errors.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>

#include "tools/study/tune_run.hpp"

namespace {

using namespace ls;

constexpr const char* kScenario = R"(scenario: tune-bench
seed: 11
horizon: 1h
functions:
  api:
    memory_mb: 1024
    timeout: 30s
    init: {dist: lognormal, median: 300ms, p99: 1s}
    duration:
      at_memory_mb: 1024
      cpu: {dist: lognormal, median: 70ms, p99: 250ms}
      io: {dist: gamma, mean: 30ms, cv: 0.8}
      threads: 1
workloads:
  - function: api
    arrivals: {process: poisson, rate: 100/s}
)";

void BM_Tune7Memory2Arch1h100rps(benchmark::State& state) {
  const auto path = std::filesystem::temp_directory_path() / "lambdasim-tune-bench.yaml";
  std::ofstream(path) << kScenario;
  tools::TuneRequest request;
  request.scenario_path = path.string();
  request.grid.memory = {128, 256, 512, 1024, 1536, 2048, 3008};
  request.grid.architectures = {models::Architecture::X86_64, models::Architecture::Arm64};
  tools::RunnerOptions runner;
  runner.threads = static_cast<unsigned>(state.range(0));
  std::int64_t requests = 0;
  for (auto _ : state) {
    const tools::TuneResult r = tools::run_tune(request, runner);
    if (r.points.size() != 14 || !r.winner) state.SkipWithError("wrong grid or no winner");
    for (const auto& p : r.points) {
      if (std::abs(p.arrivals - 360000) > 3600) state.SkipWithError("traffic not served");
      requests += static_cast<std::int64_t>(p.arrivals);
    }
  }
  state.SetItemsProcessed(requests);
  std::filesystem::remove(path);
}
BENCHMARK(BM_Tune7Memory2Arch1h100rps)
    ->Arg(1)
    ->Arg(2)
    ->ArgName("threads")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace

BENCHMARK_MAIN();
