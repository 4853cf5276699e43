// Statistics with O(1) memory per metric: counters live in the models,
// time-weighted levels and log-bucketed histograms live here.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/bucket_pool.hpp"
#include "sim/prefetch.hpp"
#include "sim/time.hpp"

namespace ls::sim {

// Time-weighted level (e.g. busy environments): mean over [start, end] and max.
class LevelStat {
 public:
  // Starts observing at `now` with the current level (used at warm-up end).
  void reset(Time now, double level);
  void set(Time now, double level) {  // inline: called on every start and completion
    if (now > last_) {
      area_ += level_ * to_seconds(now - last_);
      last_ = now;
    }
    level_ = level;
    max_ = std::max(max_, level);
  }
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
//
// 64 bytes when empty: the bucket bounds live in one table per (min, max)
// shared by every histogram of the process, and the buckets are allocated
// with the first value (a fleet of idle functions holds no bucket at all;
// issue #20).
class LogHistogram {
 public:
  // Values in [min_value, max_value] keep the error bound; larger ones clamp
  // into the last bucket (and `max()` still reports the exact maximum).
  static constexpr double kDefaultMin = 1e-6;
  static constexpr double kDefaultMax = 1e7;
  explicit LogHistogram(double min_value = kDefaultMin, double max_value = kDefaultMax);

  // Inline: the simulator adds one value per request.
  void add(double value, std::uint64_t count = 1) {
    if (count == 0) return;
    if (value < bounds_->min_value)  // also zero and negative values
      zero_count_ += count;
    else
      count_into(index_of(value), count);
    if (count_ == 0) {
      min_ = max_ = value;
    } else {
      min_ = std::min(min_, value);
      max_ = std::max(max_, value);
    }
    count_ += count;
    sum_ += value * static_cast<double>(count);
  }
  // Starts loading the bucket that add(value) will count into (a hint for
  // a value known ahead: a request's latency is known when its execution
  // starts; sim/prefetch.hpp). Changes nothing.
  void prefetch(double value) const {
    if (value < bounds_->min_value) return;
    const std::size_t k = index_of(value) - base_;
    if (k < size_) prefetch_line(&buckets_[k]);
  }
  LogHistogram(const LogHistogram& other);
  LogHistogram& operator=(const LogHistogram& other);
  LogHistogram(LogHistogram&& other) noexcept;
  LogHistogram& operator=(LogHistogram&& other) noexcept;
  ~LogHistogram();

  void merge(const LogHistogram& other);  // same bounds required
  std::uint64_t count() const { return count_; }
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  double max() const { return max_; }
  double min() const { return min_; }
  // q in [0, 1]; 0 when empty.
  double quantile(double q) const;
  void clear();
  // Sorts and merges a sparse histogram's entries (see count_into()), so
  // that quantiles and merges read them in place: for a run that has ended,
  // whose histograms are read many times by the report. Changes no count.
  void settle();

  // Bucket access for histogram / CDF plots: bucket i covers
  // (lower_bound(i), lower_bound(i+1)].
  std::size_t bucket_count() const { return bounds_->bucket_count; }
  std::uint64_t bucket(std::size_t i) const {
    if (sparse()) return sparse_bucket(i);
    const std::size_t k = i - base_;  // below base_: wraps, so out of the run
    return k < size_ ? buckets_[k] : 0;
  }
  double bucket_lower(std::size_t i) const;
  // Pages of buckets holding memory (see count_into()): what a histogram costs.
  std::size_t pages_allocated() const { return run_buckets() / kPageSize; }

 private:
  // The bucket bounds of one (min, max) range: immutable, made once per
  // process and shared by every histogram with that range.
  struct Bounds {
    double min_value;
    double log2_min;          // log2(min_value)
    double buckets_per_log2;  // 1 / log2(γ)
    std::size_t bucket_count;
    // upper[i] = min·γ^i, the upper bound of bucket i: index_of() finds the
    // bucket by comparing with it, no logarithm.
    std::vector<double> upper;
  };
  static const Bounds& bounds_for(double min_value, double max_value);

  // Bucket i covers (upper[i-1], upper[i]]: a guess from an approximate
  // log, then one exact comparison with a bound, without a branch (the guess
  // is off by one half the time, which a branch would mispredict).
  std::size_t index_of(double value) const {
    const double* upper = bounds_->upper.data();
    const std::size_t last = bounds_->bucket_count - 1;
    if (!(value <= upper[last])) return last;  // above the range (or NaN): clamped
    if (value <= upper[0]) return 0;
    // g is within 0.05 of the exact k = log_γ(value / min), whose ceiling
    // is the bucket; so the bucket is r or r + 1 for r = round(g) (and r ≥ 0,
    // r ≤ last - 1 keep that true at the ends of the range).
    const double g = (approximate_log2(value) - bounds_->log2_min) * bounds_->buckets_per_log2;
    const auto r =
        static_cast<std::size_t>(std::clamp(g + 0.5, 0.0, static_cast<double>(last - 1)));
    return r + (value > upper[r] ? 1 : 0);
  }
  double value_of(std::size_t index) const;

  // The buckets are one run [base_, base_ + size_), in pages of 64 buckets,
  // allocated when a value first lands and widened (to whole pages) when
  // one lands outside: a function's values span a few decades (a few pages
  // of ~24), so memory follows what a function actually uses (10,000
  // functions × 5 histograms of ~1,500 buckets would otherwise take 0.6 GB),
  // and a bucket is one load from the histogram (pages behind a table of
  // pages cost two dependent cache misses per request at fleet scale).
  //
  // Until then a histogram is sparse: its first values are kept as up to
  // kSparseEntries (bucket, count) pairs in one page, appended as values
  // come (an add is a store, no search) and sorted and merged when the
  // page fills. At 100,000 functions of 36 requests each, a function's
  // latencies (warm and cold) land in ~25 buckets spread over 3-4 pages;
  // dense runs were 180 MB of the run's 440 MB (#20). Sparse while
  // size_ == 0 and buckets_ != nullptr, with base_ entries in use.
  // Every add to a sparse histogram takes the out-of-line path, so a
  // histogram goes dense after kSparseMaxCount values (by then its values
  // cost far more to simulate than a few pages), or when merging a full
  // page leaves it more than half full.
  static constexpr std::uint32_t kPageSize = kBucketsPerPage;
  static constexpr std::uint32_t kSparseEntries = kBucketsPerPage;
  static constexpr std::uint64_t kSparseMaxCount = 1024;
  void count_into(std::size_t i, std::uint64_t n) {
    const std::size_t k = i - base_;
    if (k < size_)
      buckets_[k] += n;
    else
      count_outside_run(i, n);
  }
  // count_into's slow path: the first value, a sparse histogram, or a
  // dense run widened to hold bucket i.
  void count_outside_run(std::size_t i, std::uint64_t n);
  std::uint64_t& widen(std::size_t i);  // the dense run, widened to hold bucket i
  bool sparse() const { return size_ == 0 && buckets_ != nullptr; }
  // The buckets the run holds memory for (a sparse page counts as a page).
  std::uint32_t run_buckets() const { return sparse() ? kPageSize : size_; }
  std::uint64_t sparse_bucket(std::size_t i) const;
  // Adds n to bucket i of a sparse histogram; false when it must go dense
  // (the page stays full, or it has seen enough values).
  bool count_sparse(std::size_t i, std::uint64_t n);
  // Sorts a sparse page and merges its entries of one bucket; true when at
  // most half the page is left in use.
  bool compact();
  // A sparse histogram made dense: a run over every entry's bucket.
  void make_dense();
  // Calls f(bucket, count) for every bucket holding memory, in order, until
  // f returns false.
  template <class F>
  void for_each_run_bucket(F&& f) const;
  // Gives the run back to the pool (sim/bucket_pool.hpp): no buckets, empty run.
  void release_run() noexcept;

  // log2(x) for a positive normal double, within 0.0014: the exponent field
  // plus a cubic in the mantissa (least-squares fit of log2(1 + t) on [0, 1]).
  // A twentieth of a bucket (log2 γ = 0.0289).
  static double approximate_log2(double x) {
    const auto bits = std::bit_cast<std::uint64_t>(x);
    const auto exponent = static_cast<double>(static_cast<int>(bits >> 52) - 1023);
    const double t =
        std::bit_cast<double>((bits & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL) - 1.0;
    return exponent + t * (1.4234902410721713 + t * (-0.5877534661956486 + t * 0.1655760775600782));
  }

  const Bounds* bounds_;
  std::uint64_t* buckets_ = nullptr;  // the run (sim/bucket_pool.hpp); null while empty
  std::uint32_t base_ = 0;            // first bucket of the run (sparse: entries in use)
  std::uint32_t size_ = 0;            // buckets in the run (sparse: 0)
  std::uint64_t zero_count_ = 0;
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
