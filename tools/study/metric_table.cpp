#include "tools/study/metric_table.hpp"

#include <cmath>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "sim/stats.hpp"
#include "tools/study/fnv_hash.hpp"

namespace ls::tools {

const std::string& JoinedMetricPath::operator[](std::size_t i) const {
  const std::size_t n = prefix_.size();
  return i < n ? prefix_[i] : suffix_[i - n];
}

std::vector<std::string> JoinedMetricPath::parts() const {
  std::vector<std::string> out = prefix_.parts();
  for (std::string& part : suffix_.parts()) out.push_back(std::move(part));
  return out;
}

AggregatedMetric MetricTable::metric(std::size_t block, std::size_t position) const {
  const Block& b = blocks_[block];
  const Entry& e = shapes_[b.shape][position];
  const std::size_t i = b.first + position;
  return {{b.prefix, e.suffix}, means_[i], ci95_.empty() ? 0.0 : ci95_[i], e.integer};
}

MetricTable::iterator MetricTable::begin() const { return iterator(this, 0); }
MetricTable::iterator MetricTable::end() const { return iterator(this, size()); }

MetricTable::iterator& MetricTable::iterator::operator++() {
  ++index_;
  if (++position_ == table_->shapes_[table_->blocks_[block_].shape].size()) {
    ++block_;
    position_ = 0;
  }
  return *this;
}

MetricTable MetricTable::aggregate(std::vector<MetricTable> reps) {
  if (reps.empty()) return {};
  MetricTable out = std::move(reps[0]);
  for (std::size_t r = 1; r < reps.size(); ++r)
    if (reps[r].blocks_ != out.blocks_ || reps[r].shapes_ != out.shapes_)
      throw std::logic_error("aggregate: replications list different metrics");
  // Each metric's mean and CI from its values in every replication, as
  // sim::mean_ci95 computes them (a single value's mean included: 0 + v).
  // The first replication's column becomes the means; the second's, the
  // half-widths (read before written: only the metric at hand).
  if (reps.size() == 1) {
    // One value's mean, 0 + v, without a vector per metric (a fleet's
    // report has ~90 metrics per function). The sum turns -0 into +0 as
    // mean_ci95 does.
    out.ci95_.clear();
    for (double& mean : out.means_) mean = 0.0 + mean;
    return out;
  }
  out.ci95_ = std::move(reps[1].means_);
  std::vector<double> values(reps.size());
  for (std::size_t i = 0; i < out.means_.size(); ++i) {
    values[0] = out.means_[i];
    for (std::size_t r = 1; r < reps.size(); ++r)
      values[r] = r == 1 ? out.ci95_[i] : reps[r].means_[i];
    const sim::MeanCi ci = sim::mean_ci95(values);
    out.means_[i] = ci.mean;
    out.ci95_[i] = ci.half_width;
  }
  return out;
}

namespace {
// FNV-1a over the value's 8 bytes, enough to spread a shape's entries.
std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  char bytes[8];
  for (char& b : bytes) {
    b = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  return fnv1a(h, std::string_view(bytes, sizeof bytes));
}
}  // namespace

void MetricTable::Builder::begin_block(const MetricPath& prefix) {
  close_block();
  prefix_ = prefix;
}

void MetricTable::Builder::add(const MetricPath& suffix, double mean, double ci95, bool integer) {
  if (suffix.empty()) throw std::logic_error("MetricTable: a metric with an empty suffix");
  open_.push_back({suffix, integer});
  table_.means_.push_back(mean);
  // The half-widths are stored from the first that is not +0 on (its bits:
  // -0 is kept), the earlier ones as the +0 they were.
  if (!with_ci_ && (ci95 != 0.0 || std::signbit(ci95))) {
    with_ci_ = true;
    table_.ci95_.resize(table_.means_.size() - 1, 0.0);
  }
  if (with_ci_) table_.ci95_.push_back(ci95);
}

void MetricTable::Builder::reserve(std::size_t metrics, std::size_t blocks) {
  table_.means_.reserve(metrics);
  table_.blocks_.reserve(blocks);
}

void MetricTable::Builder::close_block() {
  if (open_.empty()) return;
  // A fleet's functions mostly list what the block before listed: compared
  // with that shape first, the block is not hashed (issue #20).
  std::uint32_t shape = 0;
  bool found = !table_.blocks_.empty() && table_.shapes_[table_.blocks_.back().shape] == open_;
  if (found) {
    shape = table_.blocks_.back().shape;
  } else {
    std::uint64_t h = kFnvOffset;
    for (const Entry& e : open_) h = mix(h, e.suffix.key() * 2 + (e.integer ? 1 : 0));
    for (auto [it, end] = shape_ids_.equal_range(h); it != end && !found; ++it)
      if (table_.shapes_[it->second] == open_) {
        shape = it->second;
        found = true;
      }
    if (!found) {
      shape = static_cast<std::uint32_t>(table_.shapes_.size());
      table_.shapes_.push_back(open_);
      shape_ids_.emplace(h, shape);
    }
  }
  table_.blocks_.push_back({prefix_, shape, table_.means_.size() - open_.size()});
  open_.clear();
}

MetricTable MetricTable::Builder::finish() && {
  close_block();
  return std::move(table_);
}

}  // namespace ls::tools
