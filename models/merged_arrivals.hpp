// Many constant-rate Poisson workloads as one arrival stream (#20).
//
// The superposition of independent Poisson processes of rates r_1..r_n is a
// Poisson process of rate R = Σ r_i, and each of its arrivals belongs to
// process i with probability r_i / R, independently of everything else
// (e.g. Kingman, "Poisson Processes", 1993, §2.2 and §5.1). So drawing
// exponential gaps at rate R and the workload from an alias table
// (sim/alias_table.hpp) gives every workload exactly the arrivals in
// distribution that its own stream would: same law, other random numbers.
//
// What it buys: the arrival lane holds one pending event for all of them
// instead of one per workload (a heap of 10,000 sources and their random
// states are cache misses on every arrival at fleet scale), and the stream
// knows the next few arrivals' functions ahead, so the simulation can load
// their state into the cache early.
//
// When (the rule, docs/arrivals.md): the main processes of all workloads
// whose arrivals are `process: poisson` with a rate > 0, when a scenario has
// at least kMinMergedPoissonWorkloads of them. Below that, each keeps its own
// random stream, so small scenarios and every bundled one give the same
// reports as before; bursts are never merged.
//
// Blocks: the members are merged by block of kMergedBlockFunctions
// functions (by function index: functions 0–127 are block 0, 128–255
// block 1...), one stream per block. A block's arrivals then depend on its
// members alone, so a run cut into parts along blocks (models/partition.hpp,
// plan_blocks) is simulated block after block, each block's state warm in
// the cache, and a part draws only its own block's arrivals (and those of
// the blocks its coupled groups reach into, passing over their other
// members) (#20).
//
// Random numbers: one stream per block, "arrivals/poisson-merged" for block
// 0 (so a fleet of at most 128 functions draws what it drew before blocks),
// "arrivals/poisson-merged-<b>" for block b. Variants that differ only in
// non-arrival settings (memory, keep-alive, concurrency...) build the same
// tables and draw the same arrivals (common random numbers for compare and
// sweep); scaling every rate by one factor (`--load`) keeps the picks and
// scales the gaps.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "sim/alias_table.hpp"
#include "sim/prefetch.hpp"
#include "sim/rng.hpp"

namespace ls::models {

// 100. Merging pays from a few sources on (bench/fleet_bench.sh, user CPU,
// 2026-12-07: 10 workloads 0.71 → 0.64 s, 100: 0.86 → 0.71 s, 1,000: 1.13
// → 0.88 s), but it changes the random numbers, so it is kept to the
// scenarios that need the speed: generated and imported fleets. Hand-written
// scenarios have a few workloads (the bundled ones at most 4, the tests'
// at most a few dozen) and keep the reports they had.
inline constexpr std::size_t kMinMergedPoissonWorkloads = 100;

// Functions per block of the merged stream: a block's state stays in the
// caches. 10,000 functions sharing 1,000 requests/s for 1 h
// (bench/fleet_bench.sh, `run --threads 1`, user CPU, minima of 5 rounds,
// 2026-12-07): blocks of 64 0.77 s, 128 0.76 s, 256 0.79 s, 512 0.80 s,
// 1,024 0.86 s; one function 0.52 s; 10,000 whole before blocks 1.10 s.
// Changing it changes every fleet's random numbers beyond its first block.
inline constexpr std::size_t kMergedBlockFunctions = 128;
inline std::uint32_t merged_block_of(std::size_t function) {
  return static_cast<std::uint32_t>(function / kMergedBlockFunctions);
}
// The random stream of block `block` (under "arrivals").
std::string merged_stream_name(std::uint32_t block);

// Whether a workload's main process can join the merged stream.
bool mergeable_poisson(const WorkloadConfig& workload);

// Which workloads share the merged streams, decided on the whole scenario
// (a split run's parts get the whole scenario's plan: models/partition.hpp).
struct PoissonMerge {
  struct Block {
    std::uint32_t index = 0;               // merged_block_of its members' functions
    std::vector<std::uint32_t> workloads;  // members: workload indices, ascending
    sim::AliasTable member_of_arrival;     // member index, with probability rate / total
    double mean_gap_s = 0.0;               // 1 / the block's total rate
  };
  std::vector<Block> blocks;  // those with members, by ascending index
  // By workload of the whole scenario: its block's position in `blocks`, or
  // kNotMerged.
  static constexpr std::uint32_t kNotMerged = UINT32_MAX;
  std::vector<std::uint32_t> block_of_workload;
  std::size_t members() const;
};

// The plan for `scenario`, or nullptr when fewer than `min_workloads` of its
// workloads are mergeable (counted over the whole scenario, not per block).
std::shared_ptr<const PoissonMerge> plan_poisson_merge(
    const Scenario& scenario, std::size_t min_workloads = kMinMergedPoissonWorkloads);

// The merged stream: arrival times in increasing order, each with its
// member's label (a table from PoissonMerge::member_of_arrival.relabeled:
// the member's workload in this run). Arrivals are drawn kAhead in advance,
// and an arrival's label is read kAhead − kKnown arrivals after it is drawn,
// its table entry prefetched meanwhile (memory stays constant).
class MergedPoissonStream {
 public:
  static constexpr std::size_t kAhead = 8;  // a power of two
  static constexpr std::size_t kKnown = 5;  // ahead(k) has its label for k < kKnown
  struct Arrival {
    sim::Time at = 0;
    std::uint32_t label = 0;
  };

  MergedPoissonStream(sim::AliasTable table, double mean_gap_s, sim::Rng rng);
  // The earliest arrival not yet taken, and the k-th after it (k < kKnown).
  const Arrival& front() const { return ring_[head_].arrival; }
  const Arrival& ahead(std::size_t k) const { return ring_[(head_ + k) % kAhead].arrival; }
  // Takes the front arrival: draws one more at the back, and reads the
  // label of the one that becomes ahead(kKnown - 1).
  void advance() {
    ring_[head_] = draw();
    head_ = (head_ + 1) % kAhead;
    label(ring_[(head_ + kKnown - 1) % kAhead]);
  }
  // A hint: as each arrival's label becomes known, start loading
  // `by_label[label]` (the caller's data of that label, such as its route),
  // which the caller then reads an arrival or more later. Changes nothing.
  template <class T>
  void prefetch_on_label(const std::vector<T>& by_label) {
    by_label_ = reinterpret_cast<const char*>(by_label.data());
    label_bytes_ = sizeof(T);
    labels_ = by_label.size();
  }

 private:
  struct Slot {
    Arrival arrival;
    std::uint32_t column = 0;
    double coin = 0.0;
  };
  Slot draw();
  void label(Slot& slot) const {
    slot.arrival.label = table_.resolve(slot.column, slot.coin);
    if (slot.arrival.label < labels_)
      sim::prefetch_line(by_label_ + slot.arrival.label * label_bytes_);
  }

  sim::AliasTable table_;
  double mean_gap_s_;
  sim::Rng rng_;
  sim::Time last_ = 0;
  std::size_t head_ = 0;
  std::array<Slot, kAhead> ring_{};
  const char* by_label_ = nullptr;  // prefetch_on_label's
  std::size_t label_bytes_ = 0;
  std::size_t labels_ = 0;
};

}  // namespace ls::models
