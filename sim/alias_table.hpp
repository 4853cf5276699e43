// Drawing an index with given weights in O(1): Walker's alias table, built by
// Vose's method ("A linear algorithm for generating random numbers with a
// given distribution", IEEE TSE 17(9), 1991), which stays exact where the
// naive build loses mass to rounding.
//
// n columns of equal probability 1/n; column i keeps index i with
// probability threshold[i] and otherwise gives alias[i]. A draw is one
// uniform column and one uniform coin: two numbers from the stream, one
// 16-byte entry read, whatever n is. Used to pick which workload a
// superposed Poisson arrival belongs to (models/merged_arrivals.hpp), which
// draws the column early, prefetches its entry, and reads it a few arrivals
// later (column(), entry_address(), resolve()): with 10,000 workloads the
// table is 160 KB, a cache miss per draw otherwise.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/rng.hpp"

namespace ls::sim {

class AliasTable {
 public:
  AliasTable() = default;
  // Weights >= 0, not all 0 (std::invalid_argument otherwise).
  explicit AliasTable(std::span<const double> weights);

  std::size_t size() const { return entries_.size(); }

  // An index drawn with probability weight / total (its label, once
  // relabeled).
  std::uint32_t pick(Rng& rng) const {
    const std::size_t c = column(rng);
    return resolve(c, rng.uniform());
  }
  // pick() in two steps: the column (uniform), then the result for a coin
  // uniform in [0, 1). Draw column then coin, in that order, for pick()'s
  // stream.
  std::size_t column(Rng& rng) const { return rng.below(entries_.size()); }
  std::uint32_t resolve(std::size_t column, double coin) const {
    const Entry& e = entries_[column];
    return coin < e.threshold ? e.self : e.alias;
  }
  const void* entry_address(std::size_t column) const { return &entries_[column]; }

  // The same table giving label[i] where it gave i (labels may repeat:
  // their probabilities add up).
  AliasTable relabeled(std::span<const std::uint32_t> label) const;

  // The probability that pick() returns `index` (or that label), read back
  // from the table (the sum over columns of the mass it has there): for
  // tests, which compare it with weight / total.
  double probability(std::uint32_t index) const;

 private:
  struct Entry {
    double threshold = 1.0;  // keep `self` when the coin is below it
    std::uint32_t self = 0;
    std::uint32_t alias = 0;
  };
  std::vector<Entry> entries_;
};

}  // namespace ls::sim
