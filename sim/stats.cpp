#include "sim/stats.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <utility>

namespace ls::sim {

// ---- LevelStat -------------------------------------------------------------

void LevelStat::reset(Time now, double level) {
  start_ = last_ = now;
  level_ = max_ = level;
  area_ = 0.0;
}

double LevelStat::integral_seconds(Time end) const {
  return area_ + (end > last_ ? level_ * to_seconds(end - last_) : 0.0);
}

double LevelStat::mean(Time end) const {
  // An empty window has no average; the current level is the natural limit.
  if (end <= start_) return level_;
  return integral_seconds(end) / to_seconds(end - start_);
}

// ---- LogHistogram ----------------------------------------------------------
//
// Bucket i covers (min·γ^(i-1), min·γ^i] and reports 2·min·γ^i/(γ+1): every
// value in the bucket is within (γ-1)/(γ+1) = 1 % of that point. The bounds
// min·γ^i are tabulated once per range (≈ 1,500 doubles for the default
// one), so add() costs a few comparisons instead of a logarithm.

namespace {
constexpr double kRelativeError = 0.01;
constexpr double kGamma = (1.0 + kRelativeError) / (1.0 - kRelativeError);
}  // namespace

const LogHistogram::Bounds& LogHistogram::bounds_for(double min_value, double max_value) {
  const auto make = [](double min, double max) {
    const double span = std::max(1.0, max / min);
    Bounds b{min,
             std::log2(min),
             1.0 / std::log2(kGamma),
             static_cast<std::size_t>(std::ceil(std::log(span) / std::log(kGamma))) + 1,
             {}};
    b.upper.resize(b.bucket_count);
    for (std::size_t i = 0; i < b.bucket_count; ++i)
      b.upper[i] = min * std::exp(static_cast<double>(i) * std::log(kGamma));
    return b;
  };
  // Every latency histogram has the default range: no lock for it.
  static const Bounds kDefault = make(kDefaultMin, kDefaultMax);
  if (min_value == kDefaultMin && max_value == kDefaultMax) return kDefault;
  // Others (a handful of ranges in the whole program) are made once each and
  // kept for the process: histograms point to them, and are made from
  // several threads (runs in parallel).
  static std::mutex mutex;
  static std::map<std::pair<double, double>, std::unique_ptr<const Bounds>> others;
  const std::lock_guard<std::mutex> lock(mutex);
  auto& bounds = others[{min_value, max_value}];
  if (!bounds) bounds = std::make_unique<const Bounds>(make(min_value, max_value));
  return *bounds;
}

// An idle function's histograms are most of its statistics' size: keep an
// empty one at a cache line.
static_assert(sizeof(LogHistogram) <= 64);

LogHistogram::LogHistogram(double min_value, double max_value)
    : bounds_(&bounds_for(min_value, max_value)) {}

LogHistogram::LogHistogram(const LogHistogram& other) { *this = other; }

LogHistogram& LogHistogram::operator=(const LogHistogram& other) {
  if (this == &other) return *this;
  bounds_ = other.bounds_;
  release_run();
  if (other.buckets_ != nullptr) {
    buckets_ = allocate_buckets(other.run_buckets());
    std::copy_n(other.buckets_, other.run_buckets(), buckets_);
  }
  base_ = other.base_;
  size_ = other.size_;
  zero_count_ = other.zero_count_;
  count_ = other.count_;
  sum_ = other.sum_;
  max_ = other.max_;
  min_ = other.min_;
  return *this;
}

LogHistogram::LogHistogram(LogHistogram&& other) noexcept : bounds_(other.bounds_) {
  *this = std::move(other);
}

// The run changes hands; the moved-from histogram is left empty.
LogHistogram& LogHistogram::operator=(LogHistogram&& other) noexcept {
  if (this == &other) return *this;
  release_run();
  bounds_ = other.bounds_;
  buckets_ = std::exchange(other.buckets_, nullptr);
  base_ = std::exchange(other.base_, 0);
  size_ = std::exchange(other.size_, 0);
  zero_count_ = std::exchange(other.zero_count_, 0);
  count_ = std::exchange(other.count_, 0);
  sum_ = std::exchange(other.sum_, 0.0);
  max_ = std::exchange(other.max_, 0.0);
  min_ = std::exchange(other.min_, 0.0);
  return *this;
}

LogHistogram::~LogHistogram() { release_run(); }

void LogHistogram::release_run() noexcept {
  free_buckets(buckets_, run_buckets());
  buckets_ = nullptr;
  base_ = size_ = 0;
}

std::uint64_t& LogHistogram::widen(std::size_t i) {
  const auto page_first = static_cast<std::uint32_t>(i / kPageSize * kPageSize);
  const std::uint32_t first = size_ == 0 ? page_first : std::min(base_, page_first);
  const std::uint32_t end =
      size_ == 0 ? page_first + kPageSize : std::max(base_ + size_, page_first + kPageSize);
  std::uint64_t* run = allocate_buckets(end - first);  // zeroed
  if (size_ > 0) std::copy_n(buckets_, size_, run + (base_ - first));
  free_buckets(buckets_, size_);
  buckets_ = run;
  base_ = first;
  size_ = end - first;
  return buckets_[i - base_];
}

// ---- Sparse histograms (few values over several pages) ----------------------
//
// An entry is (bucket << 32) | count: entries sorted as integers are
// sorted by bucket, so a plain sort puts a bucket's entries side by side.

namespace {
constexpr int kEntryShift = 32;
constexpr std::uint64_t kEntryCountMask = (std::uint64_t{1} << kEntryShift) - 1;
std::uint64_t entry_of(std::size_t bucket, std::uint64_t count) {
  return (static_cast<std::uint64_t>(bucket) << kEntryShift) | count;
}
std::size_t entry_bucket(std::uint64_t entry) {
  return static_cast<std::size_t>(entry >> kEntryShift);
}
std::uint64_t entry_count(std::uint64_t entry) { return entry & kEntryCountMask; }
}  // namespace

// A histogram starts sparse (its first value takes a page of entries) and
// goes dense when the page fills with distinct buckets or it has seen many
// values.
void LogHistogram::count_outside_run(std::size_t i, std::uint64_t n) {
  if (buckets_ == nullptr && n <= kSparseMaxCount) buckets_ = allocate_buckets(kPageSize);
  if (sparse()) {
    if (count_sparse(i, n)) return;
    make_dense();
    if (const std::size_t k = i - base_; k < size_) {
      buckets_[k] += n;
      return;
    }
  }
  widen(i) += n;
}

std::uint64_t LogHistogram::sparse_bucket(std::size_t i) const {
  std::uint64_t n = 0;
  for (std::uint32_t e = 0; e < base_; ++e)
    if (entry_bucket(buckets_[e]) == i) n += entry_count(buckets_[e]);
  return n;
}

bool LogHistogram::count_sparse(std::size_t i, std::uint64_t n) {
  if (count_ + n > kSparseMaxCount) return false;  // also keeps counts within 32 bits
  if (base_ == kSparseEntries && !compact()) return false;
  buckets_[base_++] = entry_of(i, n);
  return true;
}

bool LogHistogram::compact() {
  std::sort(buckets_, buckets_ + base_);
  std::uint32_t kept = 0;
  for (std::uint32_t e = 0; e < base_; ++e) {
    if (kept > 0 && entry_bucket(buckets_[kept - 1]) == entry_bucket(buckets_[e]))
      buckets_[kept - 1] += entry_count(buckets_[e]);  // the sum stays within 32 bits
    else
      buckets_[kept++] = buckets_[e];
  }
  std::fill(buckets_ + kept, buckets_ + base_, 0);
  base_ = kept;
  return kept <= kSparseEntries / 2;
}

void LogHistogram::make_dense() {
  std::uint64_t* entries = buckets_;
  const std::uint32_t used = base_;
  buckets_ = nullptr;
  base_ = size_ = 0;
  if (used > 0) {
    std::size_t low = entry_bucket(entries[0]);
    std::size_t high = low;
    for (std::uint32_t e = 1; e < used; ++e) {
      low = std::min(low, entry_bucket(entries[e]));
      high = std::max(high, entry_bucket(entries[e]));
    }
    const auto first = static_cast<std::uint32_t>(low / kPageSize * kPageSize);
    const auto end = static_cast<std::uint32_t>((high / kPageSize + 1) * kPageSize);
    buckets_ = allocate_buckets(end - first);  // zeroed
    base_ = first;
    size_ = end - first;
    for (std::uint32_t e = 0; e < used; ++e)
      buckets_[entry_bucket(entries[e]) - first] += entry_count(entries[e]);
  }
  free_buckets(entries, kPageSize);
}

void LogHistogram::settle() {
  if (sparse()) compact();
}

// A sparse page not settled is sorted on a copy (readers are const); a
// bucket's entries are adjacent once sorted.
template <class F>
void LogHistogram::for_each_run_bucket(F&& f) const {
  if (sparse()) {
    const std::uint64_t* entries = buckets_;
    std::array<std::uint64_t, kSparseEntries> sorted;
    if (!std::is_sorted(entries, entries + base_)) {
      std::copy_n(entries, base_, sorted.begin());
      std::sort(sorted.begin(), sorted.begin() + base_);
      entries = sorted.data();
    }
    for (std::uint32_t e = 0; e < base_;) {
      const std::size_t bucket = entry_bucket(entries[e]);
      std::uint64_t n = 0;
      for (; e < base_ && entry_bucket(entries[e]) == bucket; ++e) n += entry_count(entries[e]);
      if (!f(bucket, n)) return;
    }
    return;
  }
  for (std::uint32_t k = 0; k < size_; ++k)
    if (!f(std::size_t{base_} + k, buckets_[k])) return;
}

double LogHistogram::value_of(std::size_t index) const {
  return 2.0 * bounds_->upper[index] / (kGamma + 1.0);
}

double LogHistogram::bucket_lower(std::size_t i) const {
  return i == 0 ? bounds_->min_value / kGamma : bounds_->upper[i - 1];
}

void LogHistogram::merge(const LogHistogram& other) {
  if (other.count_ == 0) return;
  if (count_ == 0 && other.bounds_ == bounds_) {  // a statistics block's first function: a copy
    *this = other;
    return;
  }
  if (sparse() && count_ + other.count_ > kSparseMaxCount) make_dense();
  const bool same_bounds = other.bounds_ == bounds_;
  other.for_each_run_bucket([&](std::size_t i, std::uint64_t n) {
    if (n == 0 || i >= other.bucket_count()) return true;
    // Different bounds break the contract; re-bucketing representatives
    // keeps the result usable (error up to 2 %) rather than silently wrong.
    count_into(same_bounds ? i : index_of(other.value_of(i)), n);
    return true;
  });
  zero_count_ += other.zero_count_;
  min_ = count_ ? std::min(min_, other.min_) : other.min_;
  max_ = count_ ? std::max(max_, other.max_) : other.max_;
  count_ += other.count_;
  sum_ += other.sum_;
}

double LogHistogram::quantile(double q) const {
  if (count_ == 0) return 0.0;
  // Lower order statistic x_(⌊q·(n-1)⌋), 0-based; the extremes are exact.
  const auto rank =
      static_cast<std::uint64_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(count_ - 1));
  if (rank == 0) return min_;
  if (rank >= count_ - 1) return max_;
  // Below min_value nothing is known but the exact minimum; 0 is typical.
  if (rank < zero_count_) return std::clamp(0.0, min_, max_);
  std::uint64_t seen = zero_count_;
  double value = max_;
  for_each_run_bucket([&](std::size_t i, std::uint64_t n) {
    seen += n;
    if (seen <= rank) return true;
    value = std::clamp(value_of(i), min_, max_);
    return false;
  });
  return value;
}

void LogHistogram::clear() {
  release_run();
  zero_count_ = count_ = 0;
  sum_ = max_ = min_ = 0.0;
}

// ---- Confidence intervals --------------------------------------------------

MeanCi mean_ci95(const std::vector<double>& values) {
  MeanCi ci;
  if (values.empty()) return ci;
  const double n = static_cast<double>(values.size());
  for (double v : values) ci.mean += v;
  ci.mean /= n;
  if (values.size() < 2) return ci;
  double ss = 0.0;  // two-pass: no cancellation when the spread is tiny
  for (double v : values) ss += (v - ci.mean) * (v - ci.mean);
  const double sd = std::sqrt(ss / (n - 1.0));
  ci.half_width = student_t95(static_cast<int>(values.size()) - 1) * sd / std::sqrt(n);
  return ci;
}

double student_t95(int dof) {
  // t_{0.975, dof} for dof = 1..30 (8 significant digits).
  constexpr double kTable[] = {12.7062047, 4.3026527, 3.1824463, 2.7764451, 2.5705818, 2.4469119,
                               2.3646243,  2.3060041, 2.2621572, 2.2281389, 2.2009852, 2.1788128,
                               2.1603687,  2.1447867, 2.1314495, 2.1199053, 2.1098156, 2.1009220,
                               2.0930241,  2.0859634, 2.0796138, 2.0738731, 2.0686576, 2.0638986,
                               2.0595386,  2.0555294, 2.0518305, 2.0484071, 2.0452296, 2.0422725};
  // Beyond the table t is almost linear in 1/dof; interpolating between these
  // anchors (the last is the normal quantile, 1/dof = 0) errs by < 1e-4.
  struct Anchor {
    double inv_dof, t;
  };
  constexpr Anchor kTail[] = {{1.0 / 30, 2.0422725},
                              {1.0 / 40, 2.0210754},
                              {1.0 / 60, 2.0002978},
                              {1.0 / 120, 1.9799304},
                              {0.0, 1.9599640}};
  if (dof < 1) return std::numeric_limits<double>::infinity();
  if (dof <= 30) return kTable[dof - 1];
  const double x = 1.0 / dof;
  for (std::size_t i = 1; i < std::size(kTail); ++i) {
    if (x >= kTail[i].inv_dof) {
      const Anchor& a = kTail[i - 1];
      const Anchor& b = kTail[i];
      return b.t + (a.t - b.t) * (x - b.inv_dof) / (a.inv_dof - b.inv_dof);
    }
  }
  return kTail[std::size(kTail) - 1].t;
}

}  // namespace ls::sim
