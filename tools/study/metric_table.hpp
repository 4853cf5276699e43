// A report's metrics in report order, stored by column (issue #20: the
// metric list was the largest per-function memory of a fleet's report).
// A report lists ~90 metrics per function, and every function of the same
// kind lists the same paths under its own prefix ("functions.<name>."). So
// the table keeps blocks: a block is a prefix path and a shape (the list of
// suffix paths and their integer flags, stored once per table and shared by
// every block that lists the same suffixes), and the values are columns of
// doubles (the means, and the 95 % CI half-widths only when some are not
// zero, i.e. with replications). An idle function costs its block (24
// bytes) and 8 bytes per metric, where a list of (path, mean, CI, flag)
// cost 32 bytes per metric and its paths' trie nodes.
//
// Readers iterate it in order, each metric as an AggregatedMetric value, or
// look metrics up by dotted path (metric_lookup.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/huge_pages.hpp"
#include "tools/study/metric_path.hpp"

namespace ls::tools {

// A metric's path as its block's prefix followed by its suffix, read as the
// joined path ({"functions", "api"} + {"latency_ms", "p99"}) without
// interning the joined path's prefixes.
class JoinedMetricPath {
 public:
  JoinedMetricPath() = default;
  JoinedMetricPath(const MetricPath& prefix, const MetricPath& suffix)
      : prefix_(prefix), suffix_(suffix) {}

  std::size_t size() const { return prefix_.size() + suffix_.size(); }
  const std::string& operator[](std::size_t i) const;
  const std::string& back() const { return suffix_.empty() ? prefix_.back() : suffix_.back(); }
  std::vector<std::string> parts() const;
  const MetricPath& prefix() const { return prefix_; }
  const MetricPath& suffix() const { return suffix_; }

 private:
  MetricPath prefix_, suffix_;
};

struct AggregatedMetric {
  JoinedMetricPath path;  // e.g. functions.api.latency_ms.p99
  double mean = 0.0;
  double ci95 = 0.0;
  bool integer = false;  // a count: printed without decimals when not averaged
};

class MetricTable {
 public:
  // A metric of a shape: its path below the block's prefix.
  struct Entry {
    MetricPath suffix;
    bool integer = false;
    bool operator==(const Entry&) const = default;
  };
  // Metrics [first, first + shape's size) of the table.
  struct Block {
    MetricPath prefix;
    std::uint32_t shape = 0;
    std::size_t first = 0;
    bool operator==(const Block&) const = default;
  };

  class Builder;
  class iterator;

  std::size_t size() const { return means_.size(); }
  bool empty() const { return means_.empty(); }
  iterator begin() const;
  iterator end() const;

  std::span<const Block> blocks() const { return blocks_; }
  std::span<const Entry> shape(std::uint32_t id) const { return shapes_[id]; }
  std::size_t shapes() const { return shapes_.size(); }
  // The metric at `position` of block `block`.
  AggregatedMetric metric(std::size_t block, std::size_t position) const;

  // Mean and 95 % CI (sim::mean_ci95) of each metric across replications.
  // Requires every replication to have the same blocks and shapes (the same
  // paths in the same order); throws std::logic_error otherwise. Takes the
  // tables by value: pass them with std::move, so that the first table's
  // structure and value columns are reused rather than copied.
  static MetricTable aggregate(std::vector<MetricTable> replications);

 private:
  std::vector<std::vector<Entry>> shapes_;
  std::vector<Block> blocks_;
  // On huge pages: a fleet's columns are tens of MB (8 bytes x ~90 metrics
  // per function), and written once each, so 4 KB pages cost a page fault
  // per 512 values.
  sim::HugePageVector<double> means_;
  sim::HugePageVector<double> ci95_;  // empty: every half-width is 0
};

// Builds a table in report order: begin a block with its prefix, then add
// its metrics by their suffix. A block with no metrics is left out.
class MetricTable::Builder {
 public:
  void begin_block(const MetricPath& prefix);
  // `suffix` must not be empty.
  void add(const MetricPath& suffix, double mean, bool integer) { add(suffix, mean, 0.0, integer); }
  void add(const MetricPath& suffix, double mean, double ci95, bool integer);
  // Room for `metrics` metrics in `blocks` blocks in all (a fleet's columns
  // then grow once, not by doubling to up to twice their size).
  void reserve(std::size_t metrics, std::size_t blocks);
  std::size_t size() const { return table_.means_.size(); }
  MetricTable finish() &&;

 private:
  void close_block();
  MetricTable table_;
  MetricPath prefix_;
  std::vector<Entry> open_;  // the open block's entries, until its shape is found
  bool with_ci_ = false;     // some half-width added is not +0
  // Shapes by a hash of their entries (several per hash on a collision).
  std::unordered_multimap<std::uint64_t, std::uint32_t> shape_ids_;
};

class MetricTable::iterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = AggregatedMetric;
  using difference_type = std::ptrdiff_t;
  using reference = AggregatedMetric;
  using pointer = void;

  iterator() = default;
  AggregatedMetric operator*() const { return table_->metric(block_, position_); }
  iterator& operator++();
  iterator operator++(int) {
    iterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const iterator& other) const { return index_ == other.index_; }

 private:
  friend class MetricTable;
  iterator(const MetricTable* table, std::size_t index) : table_(table), index_(index) {}
  const MetricTable* table_ = nullptr;
  std::size_t block_ = 0, position_ = 0;
  std::size_t index_ = 0;  // into the value columns
};

}  // namespace ls::tools
