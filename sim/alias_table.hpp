// Drawing an index with given weights in O(1): Walker's alias table, built by
// Vose's method ("A linear algorithm for generating random numbers with a
// given distribution", IEEE TSE 17(9), 1991), which stays exact where the
// naive build loses mass to rounding.
//
// n columns of equal probability 1/n; column i keeps index i with
// probability threshold[i] and otherwise gives alias[i]. A draw is one
// uniform column and one uniform coin: two numbers from the stream, two
// loads from one 16-byte entry, whatever n is. Used to pick which function a
// superposed Poisson arrival belongs to (models/merged_arrivals.hpp).
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

  // An index drawn with probability weight / total.
  std::uint32_t pick(Rng& rng) const {
    const Entry& e = entries_[rng.below(entries_.size())];
    return rng.uniform() < e.threshold ? e.self : e.alias;
  }

  // The probability that pick() returns `index`, read back from the table
  // (the sum over columns of the mass it has there): for tests, which
  // compare it with weight / total.
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
