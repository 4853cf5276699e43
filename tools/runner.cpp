#include "tools/runner.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <thread>

#include "models/price_table.hpp"
#include "models/simulation.hpp"

namespace ls::tools {

RunSet run_replications(const models::Scenario& scenario, const RunnerOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  const auto n = static_cast<std::size_t>(scenario.replications);
  RunSet set;
  set.runs.resize(n);
  set.bills.resize(n);
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(n)));
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(threads);
  auto worker = [&](unsigned t) {
    try {
      for (std::size_t r = next++; r < n; r = next++) {
        models::RunOptions run_options;
        run_options.replication = r;
        run_options.series_interval = options.series_interval;
        if (r == 0) run_options.progress = options.progress;
        set.runs[r] = models::simulate(scenario, run_options);
        set.bills[r] =
            models::compute_bill(scenario, set.runs[r].usage, *scenario.prices, scenario.horizon);
      }
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, t);
  worker(0);
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);

  std::vector<std::vector<Metric>> per_rep;
  for (std::size_t r = 0; r < n; ++r) {
    per_rep.push_back(collect_metrics(scenario, set.runs[r], set.bills[r]));
    for (const auto& f : set.runs[r].functions) set.conservation_ok &= models::conservation_ok(f);
    set.events += set.runs[r].events;
  }
  set.metrics = aggregate(per_rep);
  set.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return set;
}

}  // namespace ls::tools
