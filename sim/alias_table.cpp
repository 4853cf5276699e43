#include "sim/alias_table.hpp"

#include <cmath>
#include <stdexcept>

namespace ls::sim {

AliasTable::AliasTable(std::span<const double> weights) {
  const std::size_t n = weights.size();
  double total = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0) || !std::isfinite(w)) throw std::invalid_argument("alias table: weight < 0");
    total += w;
  }
  if (n == 0 || !(total > 0.0)) throw std::invalid_argument("alias table: no positive weight");
  entries_.resize(n);
  // Each weight scaled so that the mean column holds exactly 1.
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / total;
    entries_[i].self = entries_[i].alias = static_cast<std::uint32_t>(i);
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  // Vose: fill each short column from a tall one, and move the tall one to
  // the short list once it has given its excess away.
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back(), l = large.back();
    small.pop_back();
    large.pop_back();
    entries_[s].threshold = scaled[s];
    entries_[s].alias = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;  // Vose's order: the smaller rounding error
    (scaled[l] < 1.0 ? small : large).push_back(l);
  }
  // What is left holds 1 up to rounding: keep it whole (threshold 1).
  for (std::uint32_t i : small) entries_[i].threshold = 1.0;
  for (std::uint32_t i : large) entries_[i].threshold = 1.0;
}

double AliasTable::probability(std::uint32_t index) const {
  double mass = 0.0;
  for (const Entry& e : entries_) {
    if (e.self == index) mass += e.threshold;
    if (e.alias == index) mass += 1.0 - e.threshold;  // 0 where the column is whole
  }
  return mass / static_cast<double>(entries_.size());
}

AliasTable AliasTable::relabeled(std::span<const std::uint32_t> label) const {
  AliasTable out = *this;
  for (Entry& e : out.entries_) {
    e.self = label[e.self];
    e.alias = label[e.alias];
  }
  return out;
}

}  // namespace ls::sim
