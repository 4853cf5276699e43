// End-to-end speed of the synchronous model: simulated requests per second of
// wall time, on one core.
//
// Target (issue #3): ≥ 5 M requests/s for one function under Poisson traffic
// with keep-alive (about 3 events per request); with the account pool and the
// scaling governor on and 100 functions sharing the pool, within 20 % of that
// (issue #4). Each case checks its own answer: every arrival must end in a
// terminal state, or the benchmark reports an error.
#include <benchmark/benchmark.h>

#include "models/simulation.hpp"

namespace {

using namespace ls;
using models::Scenario;

Scenario poisson_scenario(int functions, double rate_per_function, bool pool_limits) {
  Scenario s;
  s.seed = 7;
  s.horizon = 600 * sim::kSecond;
  s.platform.account_concurrency = pool_limits ? 1000 : 1'000'000;
  s.platform.scaling.model =
      pool_limits ? models::ScalingModel::PerFunction : models::ScalingModel::None;
  s.platform.rps_per_concurrency = pool_limits ? 10.0 : 1e9;
  s.platform.keep_alive.dist = sim::Dist::uniform(300, 420);
  for (int f = 0; f < functions; ++f) {
    models::FunctionConfig fn;
    fn.name = "fn" + std::to_string(f);
    fn.init = sim::Dist::lognormal_median_p99(0.25, 0.9);
    fn.duration = sim::Dist::lognormal_median_p99(0.12, 0.6);
    s.functions.push_back(fn);
    models::WorkloadConfig w;
    w.function = static_cast<std::size_t>(f);
    w.arrivals.rate = rate_per_function;
    s.workloads.push_back(w);
  }
  return s;
}

void run_case(benchmark::State& state, const Scenario& s) {
  std::uint64_t requests = 0, events = 0;
  for (auto _ : state) {
    const models::RunResult r = models::simulate(s);
    for (const auto& f : r.functions) {
      if (!models::conservation_ok(f)) state.SkipWithError("conservation violated");
      requests += f.arrivals;
    }
    events += r.events;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(requests));
  state.counters["events_per_request"] =
      requests ? static_cast<double>(events) / static_cast<double>(requests) : 0.0;
}

// 1 function × 1,000 req/s × 600 s = 600,000 requests per iteration.
void BM_OneFunctionPoissonKeepAlive(benchmark::State& state) {
  run_case(state, poisson_scenario(1, 1000.0, false));
}
BENCHMARK(BM_OneFunctionPoissonKeepAlive)->Unit(benchmark::kMillisecond);

// The same with the account pool, per-function scaling governor and RPS cap
// on (account 1,000; the ~170 busy environments fit): issue #4's "within
// 20 % of the foundation's speed".
void BM_OneFunctionPoolAndGovernorOn(benchmark::State& state) {
  run_case(state, poisson_scenario(1, 1000.0, true));
}
BENCHMARK(BM_OneFunctionPoolAndGovernorOn)->Unit(benchmark::kMillisecond);

// 100 functions × 20 req/s sharing a 1,000 account with per-function scaling
// and the RPS cap: 1.2 M requests per iteration.
void BM_HundredFunctionsSharedPool(benchmark::State& state) {
  run_case(state, poisson_scenario(100, 20.0, true));
}
BENCHMARK(BM_HundredFunctionsSharedPool)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
