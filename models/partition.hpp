// Splitting one run of a scenario into parts that run on separate threads
// (#20: both cores for one big run). Functions that share no state are
// simulated apart, each part a sub-scenario with its own Simulation, and the
// parts' results merge into exactly the RunResult of the whole run (every
// function's statistics, usage and series; the event count) as long as the
// limits the whole account shares did not bind. Whether they did is checked
// after the fact from the peaks each part records (RunResult::account_peaks);
// when they may have, merge_parts refuses and the caller runs the scenario
// whole.
//
// Random streams are named after functions (and workloads by their index in
// the whole scenario, RunOptions::workload_ids), and a part's events keep
// the relative order they have in the whole run (the engine orders ties by
// scheduling order), so a function draws and does the same in both.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "models/simulation.hpp"

namespace ls::models {

// Why `scenario` is never split (it shares state across all its functions),
// or nullopt.
std::optional<std::string> unsplittable_because(const Scenario& scenario);

// Functions that must run in one Simulation: the connected components of
// the graph whose edges are emits (an invocation of one function makes
// events for another) and a shared API Gateway account throttle (every
// function behind a REST or HTTP API front door). Each group lists function
// indices ascending; groups are ordered by their first function.
std::vector<std::vector<std::uint32_t>> coupled_groups(const Scenario& scenario);

// The groups dealt into at most `parts` parts of about equal expected load
// (arrivals over the horizon, plus one per function for its set-up): the
// largest group first, each to the lightest part. Each part lists function
// indices ascending; empty parts are dropped, so one part means no split.
std::vector<std::vector<std::uint32_t>> plan_parts(const Scenario& scenario, unsigned parts);

// A run cut along the merged Poisson streams' blocks (kMergedBlockFunctions
// consecutive functions, models/merged_arrivals.hpp), so that it can be
// simulated block after block, each block's state warm in the caches, even
// on one thread (#20: per-request cost flat in the number of functions).
// Each coupled group goes into the block of its first function; a part is
// the groups of one block, so it draws only its own blocks' merged streams
// (and those of the blocks its groups reach into, skipping their other
// members). Ascending functions in each part, parts by block; one part
// (no cut) when the scenario has a single block or cannot be split.
std::vector<std::vector<std::uint32_t>> plan_blocks(const Scenario& scenario);

// One part: the sub-scenario of some functions (in their order) and their
// workloads (in theirs), with what its run needs to match the whole run.
// It copies its functions' and workloads' configurations (~0.6 KB per
// function), so a caller builds it just before simulating it and frees it
// right after (tools/study/runner.cpp): a run never holds a second copy of
// its scenario once its parts are simulated (#20: memory per idle function).
struct ScenarioPart {
  Scenario scenario;
  std::vector<std::uint32_t> functions;  // index in the whole scenario, by part index
  std::vector<std::uint32_t> workloads;  // likewise
  int reserved_elsewhere = 0;            // reservations of the functions left out
  // The whole scenario's merged Poisson stream (models/merged_arrivals.hpp):
  // a part draws all of it, so its own arrivals are the whole run's.
  std::shared_ptr<const PoissonMerge> poisson_merge;
};
// `functions` ascending.
ScenarioPart make_part(const Scenario& whole, const std::vector<std::uint32_t>& functions);
// The same with the whole scenario's merged Poisson stream already planned
// (plan_poisson_merge(whole)), and its index: a caller that builds many
// parts of one scenario (each part, each replication) finds them once, and
// each part then costs its own size.
struct PartIndex {
  explicit PartIndex(const Scenario& whole);
  std::vector<std::uint32_t> workload_start;  // by function, and one past: ranges of `workloads`
  std::vector<std::uint32_t> workloads;       // whole workload indices by function, ascending
  int reserved = 0;                           // all functions' reserved concurrency
};
ScenarioPart make_part(const Scenario& whole, const std::vector<std::uint32_t>& functions,
                       std::shared_ptr<const PoissonMerge> whole_merge);
ScenarioPart make_part(const Scenario& whole, const std::vector<std::uint32_t>& functions,
                       const PartIndex& index, std::shared_ptr<const PoissonMerge> whole_merge);

// The options of a part's run: the whole run's, plus the part's workload ids
// and the reservations made elsewhere.
RunOptions part_options(const RunOptions& whole, const ScenarioPart& part);

// Events a run of `scenario` handles whatever its functions do (the warm-up
// end, the series ticks): counted once per part, so once too often per
// extra part in a merge. From a run without functions, so it stays right
// whatever the engine counts.
std::uint64_t run_events_without_functions(const Scenario& scenario, const RunOptions& options);
// The same with the scenario's index and merged streams found already.
std::uint64_t run_events_without_functions(const Scenario& scenario, const RunOptions& options,
                                           const PartIndex& index,
                                           std::shared_ptr<const PoissonMerge> merge);

// The shared account limits' use by the parts run so far, added up second
// by second where the parts recorded it (account_seconds.hpp), else their
// peaks: once they may have bound, the parts not yet run need not be (the
// run is done again whole), so a run cut into many blocks stops early
// (runner.cpp).
class PartPeaks {
 public:
  // The limits of `whole`, and the bound on held requests (0: none).
  PartPeaks(const Scenario& whole, std::uint64_t max_held_requests);
  void add(const RunResult& part);
  // Why the whole run may differ from the parts' merge ("": it cannot).
  std::string may_have_bound() const;
  // Upper bounds on the whole run's: the most unreserved concurrency in use
  // at once, and the most account-RPS tokens taken in two adjacent seconds.
  int unreserved_bound() const;
  std::uint64_t rps_bound() const;
  std::uint64_t held_bound() const { return sum_.held_requests; }

 private:
  int unreserved_capacity_;
  double rps_cap_;
  std::uint64_t max_held_requests_;
  std::size_t parts_ = 0;
  RunResult::AccountPeaks sum_;  // the peaks, and the records second by second
  bool by_second_ = true;        // every part so far recorded its seconds
  bool held_limit_ = false;      // a part stopped at the held-requests bound
};

// The parts' results merged into the whole run's, or why not: a shared
// account limit (the unreserved concurrency pool, the account's RPS cap,
// the held-requests bound) may have bound, or a part stopped early.
// `part_functions[p]` lists the whole scenario's index of each function of
// part p (plan_parts' answer, ScenarioPart::functions), `results[p]` is its
// run. Each part's result is freed as soon as it is merged, so the merge
// holds the whole result and at most the parts not yet merged.
struct MergedRun {
  std::optional<RunResult> result;
  std::string not_merged_because;
};
MergedRun merge_parts(const Scenario& whole,
                      const std::vector<std::vector<std::uint32_t>>& part_functions,
                      std::vector<RunResult> results, std::uint64_t events_without_functions,
                      std::uint64_t max_held_requests);
// The same with the parts' use already added up (the runner adds each part's
// as it ends, and frees its records second by second).
MergedRun merge_parts(const Scenario& whole,
                      const std::vector<std::vector<std::uint32_t>>& part_functions,
                      std::vector<RunResult> results, std::uint64_t events_without_functions,
                      const PartPeaks& peaks);

}  // namespace ls::models
