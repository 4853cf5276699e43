// Reading a report's metrics (metric_table.hpp) by dotted path
// ("functions.api.latency_ms.p99"), for the writers and studies that show or
// compare chosen ones. A dotted path is split at each of its dots (and not
// at all) into a block's prefix and a suffix of that block's shape; of the
// metrics found, the first in report order wins, as a scan would find.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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
  double operator()(const std::string& dotted_path) const;
  // The mean formatted with the fmt `spec` (e.g. "{:.1f}"), followed by
  // " ±" and the 95 % CI half-width when constructed with_ci; "-" if absent.
  std::string with_ci(const std::string& dotted_path, const char* spec) const;
  // The metric itself; nullopt if absent.
  std::optional<AggregatedMetric> find(const std::string& dotted_path) const;

 private:
  using Index = std::vector<std::pair<std::uint64_t, std::uint32_t>>;  // (hash, position), sorted
  const MetricTable& metrics_;
  bool ci_;
  Index blocks_;               // hash of each block's dotted prefix
  std::vector<Index> shapes_;  // per shape: hash of each entry's dotted suffix
};

}  // namespace ls::tools
