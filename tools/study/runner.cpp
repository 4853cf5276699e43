#include "tools/study/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "models/error.hpp"
#include "models/price_table.hpp"
#include "models/simulation.hpp"
#include "tools/io/interrupt.hpp"

namespace ls::tools {
namespace {

struct Job {
  std::size_t scenario;
  std::size_t replication;
};

// Runs `work(i)` for i in [0, n) on `threads` threads; rethrows the first
// exception after all threads stopped.
template <typename Work>
void parallel_for(std::size_t n, unsigned threads, Work work) {
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(threads);
  auto worker = [&](unsigned t) {
    try {
      for (std::size_t i = next++; i < n; i = next++) work(i);
    } catch (...) {
      errors[t] = std::current_exception();
      next = n;  // stop the others early
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker, t);
  worker(0);
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

void aggregate_set(const models::Scenario& scenario, RunSet& set) {
  std::vector<std::vector<Metric>> per_rep;
  for (std::size_t r = 0; r < set.runs.size(); ++r) {
    per_rep.push_back(collect_metrics(scenario, set.runs[r], set.bills[r]));
    for (const auto& f : set.runs[r].functions) set.conservation_ok &= models::conservation_ok(f);
    set.events += set.runs[r].events;
    set.wall_seconds += set.runs[r].wall_seconds;
  }
  set.metrics = aggregate(std::move(per_rep));
}

[[noreturn]] void throw_held_limit(const models::Scenario& scenario,
                                   const models::RunResult::HeldLimit& held,
                                   const RunLimits& limits) {
  const std::string workload = "workloads[" + std::to_string(held.workload) + "]";
  // An event source's backlog is what usually outgrows the bound there: say
  // so, and name the keys that let its pollers keep up.
  if (scenario.workloads[held.workload].source.type != models::SourceConfig::Type::None) {
    throw Error(SourceLocation{}, workload + ".source",
                fmt::format("more than {} requests were held at once at t={:g}s (messages or "
                            "records in the event source's backlog, waiting or in a batch, and "
                            "any other held requests), the limit that keeps memory bounded; "
                            "lower the arrival rate, or let the pollers keep up: a larger "
                            "batch_size, more shards or parallelization (streams), a higher "
                            "max_concurrency (SQS) or function concurrency",
                            limits.max_held_requests, sim::to_seconds(held.at)));
  }
  throw Error(SourceLocation{}, workload,
              fmt::format("more than {} requests were held at once at t={:g}s (sync requests "
                          "waiting for a client_retry, async events not yet done; ~120 bytes "
                          "each), the limit that keeps memory bounded; lower the arrival rate or "
                          "client_retry.max/backoff, or raise the function's concurrency",
                          limits.max_held_requests, sim::to_seconds(held.at)));
}

}  // namespace

std::vector<RunSet> run_scenarios(const std::vector<models::Scenario>& scenarios,
                                  const RunnerOptions& options) {
  for (const auto& scenario : scenarios)
    check_run_limits(scenario, options.series_interval, options.limits);
  std::vector<RunSet> sets(scenarios.size());
  std::vector<Job> jobs;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const auto n = static_cast<std::size_t>(scenarios[s].replications);
    sets[s].runs.resize(n);
    sets[s].bills.resize(n);
    for (std::size_t r = 0; r < n; ++r) jobs.push_back({s, r});
  }
  const unsigned threads = worker_threads(options, jobs.size());
  std::mutex progress_mutex;
  if (options.batch) options.batch(jobs.size());
  parallel_for(jobs.size(), threads, [&](std::size_t i) {
    const Job job = jobs[i];
    const models::Scenario& scenario = scenarios[job.scenario];
    models::RunOptions run_options;
    run_options.replication = job.replication;
    run_options.series_interval = options.series_interval;
    // The share of the horizon reported so far, and the events.
    double reported = 0.0;
    std::uint64_t events = 0;
    const double horizon = sim::to_seconds(scenario.horizon);
    if (options.advanced) {
      run_options.progress = [&](sim::Time now) {
        const double share = horizon > 0 ? std::min(1.0, sim::to_seconds(now) / horizon) : 0.0;
        std::lock_guard<std::mutex> lock(progress_mutex);
        options.advanced(std::max(0.0, share - reported), kEventsPerProgressCall);
        reported = std::max(reported, share);
        events += kEventsPerProgressCall;
      };
    }
    run_options.stop = options.stop;
    run_options.max_held_requests = options.limits.max_held_requests;
    RunSet& set = sets[job.scenario];
    set.runs[job.replication] = models::simulate(scenario, run_options);
    if (const auto& held = set.runs[job.replication].held_limit)
      throw_held_limit(scenario, *held, options.limits);
    set.bills[job.replication] = models::compute_bill(scenario, set.runs[job.replication].usage,
                                                      *scenario.prices, scenario.horizon);
    if (options.advanced) {
      const std::uint64_t total = set.runs[job.replication].events;
      std::lock_guard<std::mutex> lock(progress_mutex);
      options.advanced(1.0 - reported, total > events ? total - events : 0);
    }
  });
  if (options.stop && options.stop->load()) throw Interrupted(stop_signal());
  for (std::size_t s = 0; s < scenarios.size(); ++s) aggregate_set(scenarios[s], sets[s]);
  return sets;
}

unsigned worker_threads(const RunnerOptions& options, std::size_t jobs) {
  const unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  return std::max(1u, static_cast<unsigned>(std::min<std::size_t>(threads, jobs)));
}

double pilot_seconds(const models::Scenario& scenario) {
  const auto start = std::chrono::steady_clock::now();
  models::RunOptions options;
  const models::RunResult run = models::simulate(scenario, options);
  models::compute_bill(scenario, run.usage, *scenario.prices, scenario.horizon);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

RunSet run_replications(const models::Scenario& scenario, const RunnerOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  std::vector<RunSet> sets = run_scenarios({scenario}, options);
  RunSet set = std::move(sets.front());
  // Wall time of the whole command, not the sum over threads.
  set.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return set;
}

}  // namespace ls::tools
