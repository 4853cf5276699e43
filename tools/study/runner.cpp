#include "tools/study/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "models/error.hpp"
#include "models/merged_arrivals.hpp"
#include "models/partition.hpp"
#include "models/price_table.hpp"
#include "models/simulation.hpp"
#include "tools/io/interrupt.hpp"
#include "tools/study/free_memory.hpp"

namespace ls::tools {
namespace {

// One simulation: a whole run (scenario, replication), or one part of it.
constexpr std::size_t kWhole = static_cast<std::size_t>(-1);
struct Job {
  std::size_t scenario;
  std::size_t replication;
  std::size_t part;  // kWhole: the whole run
};

// How the runs of one scenario are split (no parts: run whole): each part's
// functions, and the parts' results by replication until they are merged.
// A part's sub-scenario is built by the job that simulates it and freed
// when that job ends (models/partition.hpp, ScenarioPart): holding all of
// them for the whole command cost 1.2 KB per idle function (#20).
struct Split {
  std::vector<std::vector<std::uint32_t>> parts;
  // The whole scenario's merged streams and part index, found once.
  std::shared_ptr<const models::PoissonMerge> poisson_merge;
  std::optional<models::PartIndex> index;
  std::uint64_t events_without_functions = 0;
  std::vector<std::vector<models::RunResult>> results;
  // By replication: the shared limits' peaks of its parts run so far, and
  // why they may have bound ("" while they cannot): then its parts not yet
  // started are not run, and it is run again whole.
  std::vector<models::PartPeaks> peaks;
  std::vector<std::string> undone_because;
};

models::RunOptions base_run_options(const RunnerOptions& options) {
  models::RunOptions run_options;
  run_options.series_interval = options.series_interval;
  run_options.stop = options.stop;
  run_options.max_held_requests = options.limits.max_held_requests;
  return run_options;
}

// A fleet of several blocks is cut along them (its blocks then run one
// after another, or on the threads there are), unless `parts` >= 2 idle
// threads would get fewer than two blocks each: then, as for a run of one
// block, the run is split into `parts` parts of about equal load (a few
// blocks may carry very unequal traffic).
Split plan_split(const models::Scenario& scenario, unsigned parts,
                 const models::RunOptions& run_options) {
  Split split;
  split.parts = models::plan_blocks(scenario);
  if (parts >= 2 && split.parts.size() < 2 * std::size_t{parts})
    split.parts = models::plan_parts(scenario, parts);
  if (split.parts.size() < 2) {
    split.parts.clear();
    return split;
  }
  split.poisson_merge = models::plan_poisson_merge(scenario);
  split.index.emplace(scenario);
  split.events_without_functions = models::run_events_without_functions(
      scenario, run_options, *split.index, split.poisson_merge);
  return split;
}

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

void aggregate_set(const models::Scenario& scenario, RunSet& set,
                   FunctionMetrics function_metrics) {
  std::vector<MetricTable> per_rep;
  for (std::size_t r = 0; r < set.runs.size(); ++r) {
    per_rep.push_back(collect_metrics(scenario, set.runs[r], set.bills[r], function_metrics));
    for (const auto& f : set.runs[r].functions) set.conservation_ok &= models::conservation_ok(f);
    set.events += set.runs[r].events;
    set.wall_seconds += set.runs[r].wall_seconds;
  }
  set.metrics = MetricTable::aggregate(std::move(per_rep));
}

[[noreturn]] void throw_held_limit(const models::Scenario& scenario,
                                   const models::RunResult::HeldLimit& held,
                                   const RunLimits& limits) {
  const std::string workload = "workloads[" + std::to_string(held.workload) + "]";
  // An event source's backlog is what usually outgrows the bound there: say
  // so, and name the keys that let its pollers keep up.
  if (scenario.workloads[held.workload].source->type != models::SourceConfig::Type::None) {
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

std::vector<RunSet> run_scenarios(std::span<const models::Scenario> scenarios,
                                  const RunnerOptions& options) {
  for (const auto& scenario : scenarios)
    check_run_limits(scenario, options.series_interval, options.limits);
  std::vector<RunSet> sets(scenarios.size());
  std::size_t runs = 0;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const auto n =
        options.first_replication_only ? 1 : static_cast<std::size_t>(scenarios[s].replications);
    sets[s].runs.resize(n);
    sets[s].bills.resize(n);
    runs += n;
  }
  const unsigned wanted = requested_threads(options);
  const unsigned parts_per_run =
      runs > 0 && runs < wanted ? static_cast<unsigned>(wanted / runs) : 1;
  std::vector<Split> splits(scenarios.size());
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    if (options.split)
      splits[s] = plan_split(scenarios[s], parts_per_run, base_run_options(options));
    // A run that would have been split (threads to spare, or a fleet cut
    // into blocks) but whose functions share state says why it was not.
    const std::size_t functions = scenarios[s].functions.size();
    if (options.split && splits[s].parts.empty() && functions > 1 &&
        (parts_per_run > 1 || functions > models::kMergedBlockFunctions))
      if (auto reason = models::unsplittable_because(scenarios[s]))
        sets[s].split_undone_because = *reason;
    sets[s].parts = std::max<std::size_t>(1, splits[s].parts.size());
  }
  std::vector<Job> jobs;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    splits[s].results.resize(sets[s].runs.size());
    for (std::size_t r = 0; r < sets[s].runs.size(); ++r) {
      if (splits[s].parts.empty()) {
        jobs.push_back({s, r, kWhole});
        continue;
      }
      splits[s].results[r].resize(splits[s].parts.size());
      for (std::size_t p = 0; p < splits[s].parts.size(); ++p) jobs.push_back({s, r, p});
    }
    splits[s].peaks.assign(sets[s].runs.size(),
                           models::PartPeaks(scenarios[s], options.limits.max_held_requests));
    splits[s].undone_because.resize(sets[s].runs.size());
  }
  std::mutex progress_mutex;
  std::mutex peaks_mutex;
  // One simulation of `scenario` with `run_options`, reporting `weight` of
  // a whole run's progress.
  auto simulate = [&](const models::Scenario& scenario, models::RunOptions run_options,
                      double weight) {
    // The share of the horizon reported so far, and the events.
    double reported = 0.0;
    std::uint64_t events = 0;
    const double horizon = sim::to_seconds(scenario.horizon);
    if (options.advanced) {
      run_options.progress = [&](sim::Time now) {
        const double share = horizon > 0 ? std::min(1.0, sim::to_seconds(now) / horizon) : 0.0;
        std::lock_guard<std::mutex> lock(progress_mutex);
        options.advanced(weight * std::max(0.0, share - reported), kEventsPerProgressCall);
        reported = std::max(reported, share);
        events += kEventsPerProgressCall;
      };
    }
    models::RunResult run = models::simulate(scenario, run_options);
    if (options.advanced) {
      std::lock_guard<std::mutex> lock(progress_mutex);
      options.advanced(weight * (1.0 - reported), run.events > events ? run.events - events : 0);
    }
    return run;
  };
  auto run_whole = [&](std::size_t s, std::size_t r) {
    const models::Scenario& scenario = scenarios[s];
    models::RunOptions run_options = base_run_options(options);
    run_options.replication = r;
    RunSet& set = sets[s];
    set.runs[r] = simulate(scenario, run_options, 1.0);
    if (const auto& held = set.runs[r].held_limit)
      throw_held_limit(scenario, *held, options.limits);
    set.bills[r] =
        models::compute_bill(scenario, set.runs[r].usage, *scenario.prices, scenario.horizon);
  };
  if (options.batch) options.batch(runs);
  parallel_for(jobs.size(), worker_threads(options, jobs.size()), [&](std::size_t i) {
    const Job job = jobs[i];
    if (job.part == kWhole) return run_whole(job.scenario, job.replication);
    Split& split = splits[job.scenario];
    const double weight = 1.0 / static_cast<double>(split.parts.size());
    bool undone = false;
    {
      std::lock_guard<std::mutex> lock(peaks_mutex);
      undone = !split.undone_because[job.replication].empty();
    }
    if (undone) {  // not needed: the run is done again whole; its progress is counted
      std::lock_guard<std::mutex> progress_lock(progress_mutex);
      if (options.advanced) options.advanced(weight, 0);
      return;
    }
    const models::ScenarioPart part = models::make_part(
        scenarios[job.scenario], split.parts[job.part], *split.index, split.poisson_merge);
    models::RunOptions run_options = base_run_options(options);
    run_options.replication = job.replication;
    models::RunResult& result = split.results[job.replication][job.part];
    result = simulate(part.scenario, models::part_options(run_options, part), weight);
    std::lock_guard<std::mutex> lock(peaks_mutex);
    models::PartPeaks& peaks = split.peaks[job.replication];
    peaks.add(result);
    // Its record second by second is in the sum now (~8 bytes per second
    // per part, for hundreds of parts).
    result.account_peaks.unreserved_by_second = {};
    result.account_peaks.rps_by_second = {};
    if (split.undone_because[job.replication].empty())
      split.undone_because[job.replication] = peaks.may_have_bound();
  });  // each part's sub-scenario freed as its job ends
  if (options.stop && options.stop->load()) throw Interrupted(stop_signal());
  // Merge the split runs; those a shared limit may have bound run again whole.
  // The parts' Simulations were freed on the worker threads, into arenas
  // the merge and the bill on this thread do not reuse (free_memory.hpp).
  const bool any_split = std::any_of(splits.begin(), splits.end(),
                                     [](const Split& split) { return !split.parts.empty(); });
  if (any_split) return_free_memory();
  std::vector<Job> again;
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    Split& split = splits[s];
    if (split.parts.empty()) continue;
    for (std::size_t r = 0; r < sets[s].runs.size(); ++r) {
      models::MergedRun merged;
      merged.not_merged_because = split.undone_because[r];
      if (merged.not_merged_because.empty())
        merged = models::merge_parts(scenarios[s], split.parts, std::move(split.results[r]),
                                     split.events_without_functions, split.peaks[r]);
      split.results[r] = {};  // a run done again whole frees its parts' results now
      if (!merged.result) {
        sets[s].split_undone_because = merged.not_merged_because;
        again.push_back({s, r, kWhole});
        continue;
      }
      sets[s].runs[r] = std::move(*merged.result);
      return_free_memory();  // the parts' results, freed by the merge
      sets[s].bills[r] = models::compute_bill(scenarios[s], sets[s].runs[r].usage,
                                              *scenarios[s].prices, scenarios[s].horizon);
    }
    if (!sets[s].split_undone_because.empty() && options.note)
      options.note(
          fmt::format("{}: simulated again whole, in one piece (the results are that run's): it "
                      "was cut into {} parts of independent "
                      "functions to simulate apart (docs/architecture.md: split runs), but {}",
                      scenarios[s].name, split.parts.size(), sets[s].split_undone_because));
  }
  if (!again.empty()) {
    if (options.batch) options.batch(again.size());
    parallel_for(again.size(), worker_threads(options, again.size()),
                 [&](std::size_t i) { run_whole(again[i].scenario, again[i].replication); });
    if (options.stop && options.stop->load()) throw Interrupted(stop_signal());
  }
  for (std::size_t s = 0; s < scenarios.size(); ++s)
    aggregate_set(scenarios[s], sets[s], options.function_metrics);
  return sets;
}

unsigned requested_threads(const RunnerOptions& options) {
  return std::max(1u, options.threads ? options.threads : std::thread::hardware_concurrency());
}

unsigned worker_threads(const RunnerOptions& options, std::size_t jobs) {
  return std::max(1u,
                  static_cast<unsigned>(std::min<std::size_t>(requested_threads(options), jobs)));
}

double pilot_seconds(const models::Scenario& scenario) {
  const auto start = std::chrono::steady_clock::now();
  // As the study will run it (a fleet cut into blocks: a whole run of
  // 10,000 functions takes ~1.4× as long), its first replication only.
  RunnerOptions options;
  options.threads = 1;
  options.first_replication_only = true;
  run_scenarios(std::span(&scenario, 1), options);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

RunSet run_replications(const models::Scenario& scenario, const RunnerOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  std::vector<RunSet> sets = run_scenarios(std::span(&scenario, 1), options);
  RunSet set = std::move(sets.front());
  // Wall time of the whole command, not the sum over threads.
  set.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return set;
}

}  // namespace ls::tools
