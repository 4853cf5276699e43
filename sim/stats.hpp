// Statistics with O(1) memory per metric: counters live in the models,
// time-weighted levels and log-bucketed histograms live here.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/time.hpp"

namespace ls::sim {

// Time-weighted level (e.g. busy environments): mean over [start, end] and max.
class LevelStat {
 public:
  // Starts observing at `now` with the current level (used at warm-up end).
  void reset(Time now, double level);
  void set(Time now, double level);
  double level() const { return level_; }
  double max() const { return max_; }
  // Time-average from the last reset to `end`.
  double mean(Time end) const;
  // Area under the level (level × seconds) from the last reset to `end`.
  double integral_seconds(Time end) const;

 private:
  Time start_ = 0;
  Time last_ = 0;
  double level_ = 0.0;
  double area_ = 0.0;  // level × seconds
  double max_ = 0.0;
};

// Log-bucketed histogram of positive values with relative error ≤ 1 % on
// every quantile (buckets grow by γ = 1.01/0.99; a quantile is reported as
// the bucket's midpoint in the relative sense), DDSketch-style. Zero and
// values below `min_value` go to a dedicated bucket.
class LogHistogram {
 public:
  // Values in [min_value, max_value] keep the error bound; larger ones clamp
  // into the last bucket (and `max()` still reports the exact maximum).
  explicit LogHistogram(double min_value = 1e-6, double max_value = 1e7);

  void add(double value, std::uint64_t count = 1);
  void merge(const LogHistogram& other);  // same bounds required
  std::uint64_t count() const { return count_; }
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  double max() const { return max_; }
  double min() const { return min_; }
  // q in [0, 1]; 0 when empty.
  double quantile(double q) const;
  void clear();

  // Bucket access for histogram / CDF plots: bucket i covers
  // (lower_bound(i), lower_bound(i+1)].
  std::size_t bucket_count() const { return buckets_.size(); }
  std::uint64_t bucket(std::size_t i) const { return buckets_[i]; }
  double bucket_lower(std::size_t i) const;

 private:
  std::size_t index_of(double value) const;
  double value_of(std::size_t index) const;

  double min_value_;
  double log_gamma_;
  double log2_min_;          // log2(min_value_)
  double buckets_per_log2_;  // 1 / log2(γ)
  // upper_[i] = min·γ^i, the upper bound of bucket i: index_of() finds the
  // bucket by comparing with it, no logarithm. Immutable; shared by copies.
  std::shared_ptr<const std::vector<double>> upper_;
  std::uint64_t zero_count_ = 0;
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  double sum_ = 0.0;
  double max_ = 0.0;
  double min_ = 0.0;
};

// Mean and 95 % confidence half-width of independent replications
// (Student t; half-width 0 for a single replication).
struct MeanCi {
  double mean = 0.0;
  double half_width = 0.0;
};
MeanCi mean_ci95(const std::vector<double>& values);
// Two-sided 95 % Student-t quantile for `dof` degrees of freedom.
double student_t95(int dof);

}  // namespace ls::sim
