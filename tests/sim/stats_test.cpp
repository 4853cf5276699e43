// LevelStat, LogHistogram and confidence intervals against hand-computed
// values, exact order statistics and Boost.Math's Student t.
#include "sim/stats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/dist.hpp"
#include "sim/rng.hpp"

namespace ls::sim {
namespace {

// The histogram's promise: relative error at most 1 % (plus rounding slack).
constexpr double kRelTolerance = 0.01 + 1e-9;

// The lower order statistic x_(⌊q·(n-1)⌋), the definition LogHistogram uses.
double exact_quantile(const std::vector<double>& sorted, double q) {
  return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

// The histogram's published bucket bounds: bucket i covers
// (lower[i], lower[i+1]], and the last one everything above.
std::vector<double> published_lower_bounds(const LogHistogram& h) {
  const std::size_t n = h.bucket_count();
  std::vector<double> lower(n + 1);
  for (std::size_t i = 0; i < n; ++i) lower[i] = h.bucket_lower(i);
  lower[n] = std::numeric_limits<double>::infinity();
  return lower;
}

// The bucket holding v (v at least the histogram's minimum), by a binary
// search over the published bounds: independent of the histogram's own index.
std::size_t bucket_containing(const std::vector<double>& lower, double v) {
  const auto above = std::lower_bound(lower.begin(), lower.end(), v) - lower.begin();
  return std::min<std::size_t>(lower.size() - 2, static_cast<std::size_t>(above) - 1);
}

// How many buckets of h differ from the counts of `values` bucketed by
// the published bounds.
std::size_t buckets_differing(const LogHistogram& h, const std::vector<double>& values) {
  const std::vector<double> lower = published_lower_bounds(h);
  std::vector<std::uint64_t> want(h.bucket_count(), 0);
  for (double v : values) want[bucket_containing(lower, v)]++;
  std::size_t differing = 0;
  for (std::size_t i = 0; i < want.size(); ++i) differing += h.bucket(i) != want[i];
  return differing;
}

// n latencies spread log-uniformly over 1 to 10,000 ms, added to `h` too.
std::vector<double> add_log_uniform_ms(LogHistogram& h, Rng& rng, int n) {
  std::vector<double> values;
  for (int k = 0; k < n; ++k) {
    values.push_back(std::pow(1e4, rng.uniform()));
    h.add(values.back());
  }
  return values;
}

// Every quantile from 1 % to 99 % within the histogram's 1 % of the exact
// order statistic of `values`; returns how many are not.
int quantiles_off(const LogHistogram& h, std::vector<double> values) {
  std::sort(values.begin(), values.end());
  int off = 0;
  for (int p = 1; p <= 99; ++p) {
    const double want = exact_quantile(values, p / 100.0);
    off += std::abs(h.quantile(p / 100.0) - want) > kRelTolerance * want;
  }
  return off;
}

TEST(LevelStat, MeanIsTimeWeighted) {
  LevelStat s;
  s.reset(0, 0.0);
  s.set(2 * kSecond, 3.0);                     // level 0 for 2 s
  s.set(3 * kSecond, 1.0);                     // level 3 for 1 s, then 1 for 1 s
  EXPECT_DOUBLE_EQ(s.mean(4 * kSecond), 1.0);  // (0·2 + 3·1 + 1·1) / 4
  EXPECT_DOUBLE_EQ(s.integral_seconds(4 * kSecond), 4.0);
  EXPECT_DOUBLE_EQ(s.max(), 3.0);
  EXPECT_DOUBLE_EQ(s.level(), 1.0);
}

TEST(LevelStat, ResetStartsAFreshWindow) {
  LevelStat s;
  s.reset(0, 5.0);
  s.set(4 * kSecond, 1.0);
  s.reset(4 * kSecond, 2.0);  // e.g. the end of warm-up
  s.set(5 * kSecond, 0.0);
  EXPECT_DOUBLE_EQ(s.mean(6 * kSecond), 1.0);  // (2·1 + 0·1) / 2
  EXPECT_DOUBLE_EQ(s.integral_seconds(6 * kSecond), 2.0);
  EXPECT_DOUBLE_EQ(s.max(), 2.0);  // the 5 before the reset is forgotten
}

TEST(LevelStat, EmptyWindowReportsCurrentLevel) {
  LevelStat s;
  s.reset(kSecond, 4.0);
  EXPECT_DOUBLE_EQ(s.mean(kSecond), 4.0);
  EXPECT_DOUBLE_EQ(s.integral_seconds(kSecond), 0.0);
}

TEST(LogHistogram, QuantilesOfOneToHundredThousandAreWithinOnePercent) {
  LogHistogram h;
  std::vector<double> values;
  for (int i = 1; i <= 100'000; ++i) {
    h.add(i);
    values.push_back(i);
  }
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    const double exact = exact_quantile(values, q);
    EXPECT_NEAR(h.quantile(q), exact, kRelTolerance * exact) << "q " << q;
  }
  EXPECT_EQ(h.count(), 100'000u);
  EXPECT_DOUBLE_EQ(h.mean(), 50'000.5);
}

TEST(LogHistogram, LognormalQuantilesAreWithinOnePercent) {
  Rng rng(77);
  LogHistogram h;
  std::vector<double> values(100'000);
  for (double& v : values) {
    v = std::exp(-3.0 + 1.5 * sample_standard_normal(rng));  // spans ~6 decades
    h.add(v);
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.9999}) {
    const double exact = exact_quantile(values, q);
    EXPECT_NEAR(h.quantile(q), exact, kRelTolerance * exact) << "q " << q;
  }
}

TEST(LogHistogram, ExtremesAreExact) {
  LogHistogram h(1e-6, 1e3);
  for (double v : {0.5, 2.0, 0.0123, 7.77}) h.add(v);
  h.add(5e4);  // above max_value: clamped into the last bucket, still the max
  EXPECT_DOUBLE_EQ(h.max(), 5e4);
  EXPECT_DOUBLE_EQ(h.min(), 0.0123);
  EXPECT_DOUBLE_EQ(h.quantile(1.0), 5e4);
  EXPECT_DOUBLE_EQ(h.quantile(0.0), 0.0123);
}

TEST(LogHistogram, ValuesBelowMinimumReportAsZero) {
  LogHistogram h;
  h.add(0.0, 10);  // e.g. requests that never waited
  h.add(1.0, 10);
  EXPECT_EQ(h.count(), 20u);
  EXPECT_DOUBLE_EQ(h.mean(), 0.5);
  EXPECT_DOUBLE_EQ(h.quantile(0.25), 0.0);
  EXPECT_NEAR(h.quantile(0.75), 1.0, kRelTolerance);
}

TEST(LogHistogram, MergeEqualsOneHistogramOfAllValues) {
  LogHistogram all, left, right;
  Rng rng(5);
  for (int i = 0; i < 10'000; ++i) {
    const double v = 1e-3 + rng.uniform() * 10.0;
    all.add(v);
    (i % 3 == 0 ? left : right).add(v);
  }
  left.merge(right);
  EXPECT_EQ(left.count(), all.count());
  EXPECT_NEAR(left.mean(), all.mean(), 1e-12 * all.mean());
  EXPECT_DOUBLE_EQ(left.max(), all.max());
  EXPECT_DOUBLE_EQ(left.min(), all.min());
  for (double q : {0.1, 0.5, 0.9, 0.99}) EXPECT_DOUBLE_EQ(left.quantile(q), all.quantile(q));
  LogHistogram empty;
  empty.merge(all);  // merging into an empty histogram adopts min and max
  EXPECT_DOUBLE_EQ(empty.min(), all.min());
  EXPECT_DOUBLE_EQ(empty.quantile(0.5), all.quantile(0.5));
}

// Memory follows use: an idle histogram holds no bucket page; values over
// one decade (1–10 ms, 116 buckets at γ = 1.0202) fill at most 3 pages of
// 64; a copy keeps every count, bucket by bucket.
TEST(LogHistogram, BucketPagesAreAllocatedOnlyWhereValuesLand) {
  LogHistogram h;
  EXPECT_EQ(h.pages_allocated(), 0u);
  EXPECT_EQ(h.quantile(0.5), 0.0);
  Rng rng(9);
  for (int i = 0; i < 5'000; ++i) h.add(1.0 + 9.0 * rng.uniform());
  EXPECT_GE(h.pages_allocated(), 2u);
  EXPECT_LE(h.pages_allocated(), 3u);
  const LogHistogram copy = h;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < h.bucket_count(); ++i) {
    ASSERT_EQ(copy.bucket(i), h.bucket(i)) << "bucket " << i;
    total += h.bucket(i);
  }
  EXPECT_EQ(total, 5'000u);
  h.clear();
  EXPECT_EQ(h.pages_allocated(), 0u);
}

TEST(LogHistogram, BucketBoundsContainTheirValues) {
  for (double v : {1e-6, 3.3e-5, 0.01, 1.0, 42.0, 9.9e6}) {
    LogHistogram h;
    h.add(v);
    std::size_t hit = h.bucket_count();
    for (std::size_t i = 0; i < h.bucket_count(); ++i)
      if (h.bucket(i)) hit = i;
    ASSERT_LT(hit, h.bucket_count()) << v;
    EXPECT_LE(h.bucket_lower(hit), v * (1 + 1e-12)) << v;
    EXPECT_GE(h.bucket_lower(hit + 1), v * (1 - 1e-12)) << v;
  }
}

// Every value lands in the bucket whose bounds contain it, exactly: checked
// at each bound and one ulp either side of it (where a guessed index is most
// easily off by one), and at 200,000 log-uniform values over the whole range.
// The expected bucket comes from a binary search over the published bounds.
TEST(LogHistogram, EveryValueLandsInTheBucketContainingIt) {
  LogHistogram h;
  const std::size_t n = h.bucket_count();
  const std::vector<double> lower = published_lower_bounds(h);
  std::vector<double> values;
  for (std::size_t i = 1; i < n; ++i)
    for (double v : {std::nextafter(lower[i], 0.0), lower[i], std::nextafter(lower[i], 1e300)})
      values.push_back(v);
  Rng rng(5);
  for (int k = 0; k < 200'000; ++k) values.push_back(1e-6 * std::pow(1e13, rng.uniform()));
  std::uint64_t mismatches = 0;
  for (double v : values) {
    if (v < 1e-6) continue;  // the zero bucket
    const std::size_t want = bucket_containing(lower, v);
    const std::uint64_t before = h.bucket(want);
    h.add(v);
    if (h.bucket(want) != before + 1) ++mismatches;
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_EQ(h.count(), static_cast<std::uint64_t>(std::count_if(
                           values.begin(), values.end(), [](double v) { return v >= 1e-6; })));
}

// The buckets are one run of pages, widened when a value lands outside it
// (downwards as well as upwards): after values in 10–20, then 0.001–0.002,
// then 1e6–2e6, every bucket still holds the number of values inside
// its bounds, counted here by a binary search over the published bounds.
// The run spans the pages from the lowest to the highest value: memory
// follows the range the values cover.
TEST(LogHistogram, WideningTheRunKeepsEveryCount) {
  LogHistogram h;
  std::vector<double> values;
  Rng rng(11);
  for (double from : {10.0, 1e-3, 1e6}) {
    for (int k = 0; k < 3'000; ++k) {
      values.push_back(from * (1.0 + rng.uniform()));
      h.add(values.back());
    }
  }
  EXPECT_EQ(buckets_differing(h, values), 0u);
  EXPECT_EQ(h.count(), 9'000u);
  // 1e-3 lands in bucket ⌈log_γ(1e-3 / 1e-6)⌉ = 346 (page 5 of 64 buckets),
  // just under 2e6 in bucket 1,417 (page 22): pages 5..22.
  EXPECT_EQ(h.pages_allocated(), 22u - 5u + 1u);
}

// A few values far apart (1 to 10,000 ms: buckets 691 to 1,152, pages 10
// to 18 of a dense run) are kept as entries in one page, each in the bucket
// the published bounds give it, with quantiles within 1 % of the exact ones.
TEST(LogHistogram, FewValuesFarApartTakeOnePage) {
  LogHistogram h;
  Rng rng(21);
  const std::vector<double> values = add_log_uniform_ms(h, rng, 36);
  EXPECT_EQ(h.pages_allocated(), 1u);
  EXPECT_EQ(buckets_differing(h, values), 0u);
  EXPECT_EQ(quantiles_off(h, values), 0);
  const LogHistogram copy = h;
  EXPECT_EQ(buckets_differing(copy, values), 0u);
  EXPECT_EQ(copy.pages_allocated(), 1u);
  // Settling (sorting the entries once a run has ended) changes no count.
  h.settle();
  EXPECT_EQ(buckets_differing(h, values), 0u);
  EXPECT_EQ(quantiles_off(h, values), 0);
  EXPECT_EQ(h.pages_allocated(), 1u);
}

// Two latencies repeated (a warm 12 ms and a cold 900 ms, 500 times each)
// stay in one page however often they come, until the 1,024 values after
// which a histogram goes dense (buckets 815 and 1,031: pages 12 to 16); no
// count is lost on the way.
TEST(LogHistogram, RepeatedValuesStaySparseThenGoDense) {
  LogHistogram h;
  std::vector<double> values;
  for (int k = 0; k < 1'000; ++k) {
    values.push_back(k % 2 == 0 ? 12.0 : 900.0);
    h.add(values.back());
  }
  EXPECT_EQ(h.pages_allocated(), 1u);
  EXPECT_EQ(buckets_differing(h, values), 0u);
  for (int k = 0; k < 100; ++k) {
    values.push_back(k % 2 == 0 ? 12.0 : 900.0);
    h.add(values.back());
  }
  EXPECT_EQ(h.pages_allocated(), 16u - 12u + 1u);
  EXPECT_EQ(buckets_differing(h, values), 0u);
  EXPECT_EQ(quantiles_off(h, values), 0);
}

// More distinct buckets than a page holds entries (values spread log-
// uniformly over 1 to 10,000 ms) make the histogram dense again, at every
// stage of its growth: every count where the published bounds put it.
TEST(LogHistogram, ManyDistinctValuesGoDenseKeepingEveryCount) {
  LogHistogram h;
  std::vector<double> values;
  Rng rng(22);
  for (int k = 0; k < 20; ++k) {
    const std::vector<double> more = add_log_uniform_ms(h, rng, 20);
    values.insert(values.end(), more.begin(), more.end());
    ASSERT_EQ(buckets_differing(h, values), 0u) << "after " << values.size();
  }
  EXPECT_GT(h.pages_allocated(), 1u);
  EXPECT_EQ(quantiles_off(h, values), 0);
}

// Merging works whatever each side holds: sparse into dense, dense into
// sparse, sparse into sparse, and counts beyond 32 bits into a sparse one.
TEST(LogHistogram, MergesOfSparseAndDenseKeepEveryCount) {
  Rng rng(23);
  const auto spread = [&](int n) {
    LogHistogram unused;
    return add_log_uniform_ms(unused, rng, n);
  };
  const auto histogram_of = [](const std::vector<double>& v) {
    LogHistogram h;
    for (double x : v) h.add(x);
    return h;
  };
  const std::vector<double> few_a = spread(30), few_b = spread(25), many = spread(3'000);
  const auto joined = [](std::vector<double> a, const std::vector<double>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  LogHistogram sparse_into_sparse = histogram_of(few_a);
  sparse_into_sparse.merge(histogram_of(few_b));
  EXPECT_EQ(sparse_into_sparse.pages_allocated(), 1u);
  EXPECT_EQ(buckets_differing(sparse_into_sparse, joined(few_a, few_b)), 0u);
  EXPECT_EQ(quantiles_off(sparse_into_sparse, joined(few_a, few_b)), 0);

  LogHistogram sparse_into_dense = histogram_of(many);
  sparse_into_dense.merge(histogram_of(few_a));
  EXPECT_EQ(buckets_differing(sparse_into_dense, joined(many, few_a)), 0u);

  LogHistogram dense_into_sparse = histogram_of(few_a);
  dense_into_sparse.merge(histogram_of(many));
  EXPECT_EQ(buckets_differing(dense_into_sparse, joined(few_a, many)), 0u);
  EXPECT_EQ(quantiles_off(dense_into_sparse, joined(few_a, many)), 0);

  LogHistogram heavy = histogram_of(few_a);
  heavy.add(5.0, std::uint64_t{1} << 33);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < heavy.bucket_count(); ++i) total += heavy.bucket(i);
  EXPECT_EQ(total, (std::uint64_t{1} << 33) + 30u);
  EXPECT_NEAR(heavy.quantile(0.5), 5.0, 5.0 * kRelTolerance);
}

TEST(LogHistogram, EmptyAndClearedReportZero) {
  LogHistogram h;
  EXPECT_EQ(h.quantile(0.5), 0.0);
  h.add(3.0);
  h.clear();
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.quantile(0.5), 0.0);
  EXPECT_EQ(h.max(), 0.0);
  EXPECT_EQ(h.mean(), 0.0);
}

TEST(MeanCi95, MatchesHandComputedIntervals) {
  // {1..5}: mean 3, s = sqrt(2.5), half-width = t4 · s / sqrt(5) = 2.7764451 · 0.70710678.
  const MeanCi five = mean_ci95({1, 2, 3, 4, 5});
  EXPECT_DOUBLE_EQ(five.mean, 3.0);
  EXPECT_NEAR(five.half_width, 1.9632432, 1e-6);
  // {2, 4}: mean 3, s = sqrt(2), s/sqrt(2) = 1, so the half-width is t1.
  const MeanCi two = mean_ci95({2, 4});
  EXPECT_DOUBLE_EQ(two.mean, 3.0);
  EXPECT_NEAR(two.half_width, 12.7062047, 1e-6);
}

TEST(MeanCi95, SingleReplicationHasZeroWidth) {
  const MeanCi one = mean_ci95({7.5});
  EXPECT_DOUBLE_EQ(one.mean, 7.5);
  EXPECT_EQ(one.half_width, 0.0);
  const MeanCi none = mean_ci95({});
  EXPECT_EQ(none.mean, 0.0);
  EXPECT_EQ(none.half_width, 0.0);
}

TEST(StudentT95, MatchesPublishedTable) {
  EXPECT_NEAR(student_t95(1), 12.706, 5e-4);
  EXPECT_NEAR(student_t95(2), 4.303, 5e-4);
  EXPECT_NEAR(student_t95(4), 2.776, 5e-4);
  EXPECT_NEAR(student_t95(9), 2.262, 5e-4);
  EXPECT_NEAR(student_t95(29), 2.045, 5e-4);
  EXPECT_TRUE(std::isinf(student_t95(0)));
}

TEST(StudentT95, MatchesBoostForEveryDof) {
  // Exact table up to 30, interpolation in 1/dof beyond: within 1e-4 always.
  for (int dof = 1; dof <= 5000; ++dof) {
    const double exact = boost::math::quantile(boost::math::students_t(dof), 0.975);
    ASSERT_NEAR(student_t95(dof), exact, dof <= 30 ? 1e-6 : 1e-4) << "dof " << dof;
  }
  EXPECT_NEAR(student_t95(1'000'000), 1.959964, 1e-5);
}

}  // namespace
}  // namespace ls::sim
