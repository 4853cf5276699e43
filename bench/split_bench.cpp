// Speed-up of a split run (issue #20: both cores for one big run).
//
//   build/split_bench FILE [HORIZON] [PARTS]     e.g. split_bench fleet-10000.yaml 1h 2
//   build/split_bench                            (tools/dev.sh bench: a generated
//                                                 2,000-function fleet, 10 min)
//
// Runs FILE split into PARTS parts (models/partition.hpp) on PARTS threads,
// then whole on this thread, then split again (the whole run bracketed, so
// neither pays alone for fresh memory or a change in the machine's load),
// and prints each one's wall time and the CPU time of every thread
// (CLOCK_THREAD_CPUTIME_ID). The critical
// path of the split run is its serial set-up (planning, sub-scenarios, the
// run without functions), the slowest part and the merge: on an otherwise
// idle machine with PARTS cores its wall time, so whole CPU / critical-path
// CPU is the speed-up PARTS cores give. That figure is reported beside the
// wall times because this VM is shared: the kernel gives each session a fair
// share of the cores (sched_autogroup), so a second thread adds no CPU while
// other sessions keep both cores busy, and wall times then show no speed-up.
//
// Self-checking: the merged run must have the whole run's arrivals,
// invocations and cold starts for every function, and its event count.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "models/config/data_dir.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/partition.hpp"
#include "models/simulation.hpp"

namespace {

using namespace ls;

double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double wall_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double load_average() {
  std::ifstream in("/proc/loadavg");
  double one = 0;
  in >> one;
  return one;
}

// bench/fleet_scenario.py's shape: n functions sharing 1,000 requests/s.
std::string fleet_yaml(int n) {
  std::string y = "scenario: split-bench\nseed: 1\nhorizon: 10m\nwarmup: 0s\nplatform:\n";
  y += "  preset: aws-2025\n  account_concurrency: " + std::to_string(2 * n + 10000) + "\n";
  y += "functions:\n";
  for (int i = 0; i < n; ++i) {
    y += "  f" + std::to_string(i) + ":\n    memory_mb: " + std::to_string(128 + 64 * (i % 100));
    y += "\n    timeout: 30s\n    init: {dist: lognormal, median: 250ms, p99: 900ms}\n";
    y += "    duration: {dist: gamma, mean: " + std::to_string(20 + i % 100) + "ms, cv: 0.5}\n";
  }
  y += "workloads:\n";
  for (int i = 0; i < n; ++i) {
    y += "  - function: f" + std::to_string(i) + "\n    arrivals: {process: poisson, rate: ";
    y += std::to_string(1000.0 / n) + "/s}\n";
  }
  return y;
}

bool same(const models::RunResult& a, const models::RunResult& b) {
  if (a.functions.size() != b.functions.size() || a.events != b.events) return false;
  for (std::size_t f = 0; f < a.functions.size(); ++f) {
    const auto& x = a.functions[f];
    const auto& y = b.functions[f];
    if (x.arrivals != y.arrivals || x.invocations != y.invocations ||
        x.cold_starts != y.cold_starts)
      return false;
  }
  return true;
}

struct Timing {
  double wall = 0;
  double cpu = 0;  // whole: its thread; split: the critical path
};

Timing run_whole(const models::Scenario& scenario, models::RunResult& out) {
  const double cpu0 = thread_cpu_s();
  const double wall0 = wall_s();
  out = models::simulate(scenario, {});
  const Timing t{wall_s() - wall0, thread_cpu_s() - cpu0};
  std::printf("whole: %.2f s wall, %.2f s CPU, %llu events (load average %.1f)\n", t.wall, t.cpu,
              static_cast<unsigned long long>(out.events), load_average());
  return t;
}

Timing run_split(const models::Scenario& scenario, unsigned parts, models::RunResult& out) {
  const models::RunOptions options;
  const double wall0 = wall_s();
  double cpu0 = thread_cpu_s();
  const std::vector<std::vector<std::uint32_t>> planned = models::plan_parts(scenario, parts);
  std::vector<models::ScenarioPart> split;
  for (const auto& functions : planned) split.push_back(models::make_part(scenario, functions));
  const std::uint64_t fixed_events = models::run_events_without_functions(scenario, options);
  const double setup_cpu = thread_cpu_s() - cpu0;
  std::vector<models::RunResult> results(split.size());
  std::vector<double> part_cpu(split.size());
  std::vector<std::thread> threads;
  for (std::size_t p = 0; p < split.size(); ++p) {
    threads.emplace_back([&, p] {
      const double start = thread_cpu_s();
      results[p] = models::simulate(split[p].scenario, models::part_options(options, split[p]));
      part_cpu[p] = thread_cpu_s() - start;
    });
  }
  for (auto& t : threads) t.join();
  cpu0 = thread_cpu_s();
  models::MergedRun merged =
      models::merge_parts(scenario, planned, std::move(results), fixed_events, 0);
  const double merge_cpu = thread_cpu_s() - cpu0;
  const double wall = wall_s() - wall0;
  if (!merged.result) {
    std::printf("not merged: %s\n", merged.not_merged_because.c_str());
    std::exit(1);
  }
  out = std::move(*merged.result);
  double slowest = 0;
  std::printf("split into %zu parts: set-up %.2f s CPU, parts", split.size(), setup_cpu);
  for (std::size_t p = 0; p < split.size(); ++p) {
    std::printf(" %.2f", part_cpu[p]);
    slowest = std::max(slowest, part_cpu[p]);
  }
  const Timing t{wall, setup_cpu + slowest + merge_cpu};
  std::printf(
      " s CPU, merge %.2f s CPU; %.2f s wall, critical path %.2f s CPU (load average %.1f)\n",
      merge_cpu, t.wall, t.cpu, load_average());
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  // Google Benchmark's flags (tools/dev.sh bench passes its arguments on)
  // are not a FILE: then the generated fleet.
  const bool file = argc > 1 && std::string(argv[1]).rfind("--", 0) != 0;
  models::LoadOptions load;
  load.data_dir = models::default_data_dir();
  if (file && argc > 2) load.horizon = argv[2];
  const unsigned parts = file && argc > 3 ? static_cast<unsigned>(std::stoul(argv[3])) : 2;
  const models::Scenario scenario =
      file ? models::load_scenario(argv[1], load)
           : models::load_scenario_text(fleet_yaml(2000), "split-bench", load.data_dir, load);
  std::printf("%zu functions, load average %.1f\n", scenario.functions.size(), load_average());
  models::RunResult first, whole, second;
  const Timing a = run_split(scenario, parts, first);
  const Timing w = run_whole(scenario, whole);
  const Timing b = run_split(scenario, parts, second);
  std::printf(
      "speed-up on %u idle cores (whole CPU / critical-path CPU): %.2fx, %.2fx; "
      "wall here: %.2fx, %.2fx\n",
      parts, w.cpu / a.cpu, w.cpu / b.cpu, w.wall / a.wall, w.wall / b.wall);
  if (!same(whole, first) || !same(whole, second)) {
    std::printf("MISMATCH: a merged run differs from the whole run\n");
    return 1;
  }
  return 0;
}
