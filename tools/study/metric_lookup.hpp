// Reading a report's metrics (metric_table.hpp) by dotted path
// ("functions.api.latency_ms.p99"), for the writers and studies that show or
// compare chosen ones. A dotted path is split at each of its dots (and not
// at all) into a block's prefix and a suffix of that block's shape; of the
// metrics found, the first in report order wins, as a scan would find.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tools/study/metric_table.hpp"

namespace ls::tools {

// Looks a metric up by its dotted path ("totals.arrivals"); nullopt if
// absent. A scan of the blocks: for a few look-ups (MetricLookup indexes
// many).
std::optional<AggregatedMetric> find_metric(const MetricTable& metrics,
                                            const std::string& dotted_path);

// Each look-up is O(log n) in the number of blocks (a report of 10,000
// functions has 10,000 blocks and a million metrics, and the writers look up
// about ten per function): the blocks' prefix hashes sorted once (16 bytes
// per block), and each shape's suffix hashes; every hit is confirmed against
// the paths themselves.
class MetricLookup {
 public:
  explicit MetricLookup(const MetricTable& metrics, bool with_ci = false);
  // The mean; 0 when absent (a block this run does not produce).
  double operator()(std::string_view dotted_path) const;
  // The mean formatted with the fmt `spec` (e.g. "{:.1f}"), followed by
  // " ±" and the 95 % CI half-width when constructed with_ci; "-" if absent.
  std::string with_ci(std::string_view dotted_path, const char* spec) const;
  // The metric itself; nullopt if absent.
  std::optional<AggregatedMetric> find(std::string_view dotted_path) const;

  class Under;
  // Look-ups of many metrics below one dotted prefix (a function's
  // "functions.api"): under("p").find("s") is find("p.s"), the first in
  // report order of every split of "p.s", but the splits within "p" are
  // hashed and searched once, not once per metric (a table's row of ten
  // metrics of one function). Keeps a reference to this lookup; one
  // thread's (it reuses a buffer for the joined text).
  Under under(std::string_view dotted_prefix) const;

 private:
  using Index = std::vector<std::pair<std::uint64_t, std::uint32_t>>;  // (hash, position), sorted
  // The best (first in report order) metric found so far.
  struct Best;
  // Searches block `block`'s shape for the suffix `text` (hashed as `hash`).
  void match_suffix(Best& best, std::uint32_t block, std::string_view text,
                    std::uint64_t hash) const;
  // Searches the blocks whose prefix reads as `prefix` (hashed as
  // `prefix_hash`; `empty_path`: the prefix is the empty path) for `suffix`.
  void match_split(Best& best, std::string_view prefix, std::uint64_t prefix_hash, bool empty_path,
                   std::string_view suffix) const;
  std::optional<AggregatedMetric> metric(const Best& best) const;
  std::string format_with_ci(const std::optional<AggregatedMetric>& m, const char* spec) const;

  const MetricTable& metrics_;
  bool ci_;
  Index blocks_;               // hash of each block's dotted prefix
  std::vector<Index> shapes_;  // per shape: hash of each entry's dotted suffix
  // Sorted hashes of every block prefix's proper prefixes ("functions" of
  // "functions.api"): a dotted path not among them starts no block's
  // prefix, so a look-up under it need not search for blocks nested below
  // (the writers' per-function look-ups: one binary search over the blocks
  // per dotted suffix was most of a 100,000-function table's time, #20).
  std::vector<std::uint64_t> parents_;
};

class MetricLookup::Under {
 public:
  // What the lookup's find, operator() and with_ci return for
  // "<prefix>.<suffix>".
  std::optional<AggregatedMetric> find(std::string_view dotted_suffix) const;
  double operator()(std::string_view dotted_suffix) const;
  std::string with_ci(std::string_view dotted_suffix, const char* spec) const;

 private:
  friend class MetricLookup;
  // A block whose prefix reads as the text before one of the prefix's dots
  // (or as the whole prefix, or as the empty path): the metric's suffix in
  // it is the rest of the prefix, a dot, then the suffix asked for.
  struct Candidate {
    std::uint32_t block;
    std::size_t rest;         // where that rest starts in text_
    std::uint64_t rest_hash;  // FNV-1a of the rest up to the asked suffix
  };
  explicit Under(const MetricLookup& lookup) : lookup_(lookup) {}
  const MetricLookup& lookup_;
  mutable std::string text_;       // "<prefix>.", then the asked suffix while a look-up runs
  std::size_t prefix_size_ = 0;    // of "<prefix>."
  std::uint64_t prefix_hash_ = 0;  // FNV-1a of "<prefix>."
  bool nested_ = true;             // some block's prefix may start with "<prefix>."
  std::vector<Candidate> candidates_;
};

}  // namespace ls::tools
