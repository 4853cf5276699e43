#include "sim/bucket_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/stats.hpp"

namespace ls::sim {
namespace {

struct BucketSpan {
  std::uint64_t* at;
  std::uint32_t buckets;
};

// A run is zeroed whether it is fresh or reused, and runs alive at once do
// not overlap (their byte ranges are disjoint), for pooled and unpooled sizes.
TEST(BucketPool, RunsAreZeroedAndDisjointAcrossReuse) {
  const std::vector<std::uint32_t> pages = {1, 2, 3, 1, kMaxPooledPages, kMaxPooledPages + 1, 5};
  for (int round = 0; round < 3; ++round) {
    std::vector<BucketSpan> alive;
    for (const std::uint32_t p : pages) {
      const std::uint32_t n = p * kBucketsPerPage;
      std::uint64_t* run = allocate_buckets(n);
      ASSERT_NE(run, nullptr);
      for (std::uint32_t k = 0; k < n; ++k) ASSERT_EQ(run[k], 0u) << "round " << round;
      std::fill_n(run, n, 0xDEADBEEFu);  // dirty it for the next round's reuse
      alive.push_back({run, n});
    }
    for (std::size_t i = 0; i < alive.size(); ++i)
      for (std::size_t j = i + 1; j < alive.size(); ++j) {
        const bool apart = alive[i].at + alive[i].buckets <= alive[j].at ||
                           alive[j].at + alive[j].buckets <= alive[i].at;
        EXPECT_TRUE(apart) << i << " and " << j;
      }
    for (const BucketSpan& r : alive) free_buckets(r.at, r.buckets);
  }
  free_buckets(nullptr, kBucketsPerPage);  // nothing to do
}

// The histogram's ownership of its run through copies, moves and widening:
// the counts of an independent tally survive every hand-over.
TEST(BucketPool, HistogramRunsSurviveCopyMoveAndWidening) {
  LogHistogram h;
  // Values a decade apart: each lands in a new page, so the run widens.
  for (double v = 1e-3; v < 1e3; v *= 10) h.add(v);
  LogHistogram copy = h;
  LogHistogram moved = std::move(h);
  EXPECT_EQ(h.count(), 0u);  // NOLINT(bugprone-use-after-move): left empty by design
  EXPECT_EQ(copy.count(), 6u);
  EXPECT_EQ(moved.count(), 6u);
  copy.add(5e3);
  EXPECT_EQ(copy.count(), 7u);
  EXPECT_EQ(moved.count(), 6u);
  // 1e-3 is the smallest value: the exact minimum; the median of 6 values
  // (rank ⌊0.5 · 5⌋ = 2) is 0.1 within the 1 % bound.
  EXPECT_NEAR(moved.quantile(0.5), 0.1, 0.1 * 0.01);
  EXPECT_DOUBLE_EQ(moved.quantile(0.0), 1e-3);
  h = copy;  // a moved-from histogram takes a copy
  EXPECT_EQ(h.count(), 7u);
}

}  // namespace
}  // namespace ls::sim
