// BlockPool: blocks aligned, disjoint while held, reused once released, and
// histograms that keep their counts through copies and moves of their runs.
#include "sim/block_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "sim/huge_pages.hpp"
#include "sim/stats.hpp"

namespace ls::sim {
namespace {

struct Held {
  std::uintptr_t at;
  std::size_t bytes;
};

// Every pair of held blocks is disjoint: sorted by address, each ends at or
// before the next begins.
void expect_disjoint(std::vector<Held> held) {
  std::sort(held.begin(), held.end(), [](const Held& a, const Held& b) { return a.at < b.at; });
  for (std::size_t i = 1; i < held.size(); ++i)
    ASSERT_LE(held[i - 1].at + held[i - 1].bytes, held[i].at) << "blocks " << i - 1 << ", " << i;
}

TEST(BlockPool, BlocksAreAlignedAndDisjointAcrossManyChunks) {
  BlockPool pool;
  std::vector<Held> held;
  std::size_t total = 0;
  // Sizes 1..32 units, cycling: ~8.4 MB, so past the first chunk and over
  // several 2 MB ones (and their leftovers on the free lists).
  for (std::size_t i = 0; total < 4 * kHugePage; ++i) {
    const std::size_t bytes = (i % BlockPool::kLargestUnits + 1) * BlockPool::kUnit;
    void* p = pool.allocate(bytes);
    ASSERT_EQ(reinterpret_cast<std::uintptr_t>(p) % 64, 0u);
    std::memset(p, static_cast<int>(i & 0xFF), bytes);  // writable, whole
    held.push_back({reinterpret_cast<std::uintptr_t>(p), bytes});
    total += bytes;
  }
  expect_disjoint(held);
  for (const Held& h : held) pool.release(reinterpret_cast<void*>(h.at), h.bytes);
}

TEST(BlockPool, ReleasedBlocksAreReusedBeforeNewMemory) {
  if (!BlockPool::pooled()) GTEST_SKIP() << "AddressSanitizer build: operator new per block";
  BlockPool pool;
  void* a = pool.allocate(3 * BlockPool::kUnit);
  void* b = pool.allocate(3 * BlockPool::kUnit);
  pool.release(a, 3 * BlockPool::kUnit);
  // Another size does not take it; the same size does.
  void* c = pool.allocate(2 * BlockPool::kUnit);
  EXPECT_NE(c, a);
  EXPECT_EQ(pool.allocate(3 * BlockPool::kUnit), a);
  // Sizes round up to whole units: 1 byte is a one-unit block.
  pool.release(c, 2 * BlockPool::kUnit);
  void* d = pool.allocate(1);
  pool.release(d, 1);
  EXPECT_EQ(pool.allocate(BlockPool::kUnit), d);
  (void)b;
}

TEST(BlockPool, LargeBlocksComeFromOperatorNew) {
  BlockPool pool;
  const std::size_t bytes = (BlockPool::kLargestUnits + 1) * BlockPool::kUnit;
  void* p = pool.allocate(bytes);
  ASSERT_EQ(reinterpret_cast<std::uintptr_t>(p) % 64, 0u);
  std::memset(p, 1, bytes);
  pool.release(p, bytes);
  pool.release(nullptr, bytes);  // nothing
}

// Copies and moves of a histogram whose run lives in the pool: the counts of
// each are those of the values it was given (bucket by bucket), whatever
// happens to the others.
TEST(LogHistogramRuns, CopiesAndMovesKeepTheirOwnCounts) {
  LogHistogram a;
  for (int i = 1; i <= 1000; ++i) a.add(i * 0.5);  // 0.5 .. 500: several pages
  LogHistogram b = a;
  b.add(1e6);  // widens b's run only
  EXPECT_EQ(a.count(), 1000u);
  EXPECT_EQ(b.count(), 1001u);
  // b differs from a by one count, in the bucket holding 1e6.
  std::uint64_t in_a = 0;
  std::size_t differing = 0;
  for (std::size_t i = 0; i < a.bucket_count(); ++i) {
    in_a += a.bucket(i);
    if (a.bucket(i) == b.bucket(i)) continue;
    ++differing;
    EXPECT_EQ(b.bucket(i), a.bucket(i) + 1);
    EXPECT_LT(b.bucket_lower(i), 1e6);
    EXPECT_GE(b.bucket_lower(i + 1), 1e6);
  }
  EXPECT_EQ(in_a, 1000u);
  EXPECT_EQ(differing, 1u);
  LogHistogram c = std::move(b);
  EXPECT_EQ(c.count(), 1001u);
  EXPECT_DOUBLE_EQ(c.max(), 1e6);
  EXPECT_EQ(b.pages_allocated(), 0u);  // NOLINT: the moved-from one holds no run
  c = a;                               // copy-assign over a wider run
  EXPECT_EQ(c.count(), 1000u);
  EXPECT_EQ(c.quantile(0.5), a.quantile(0.5));
  c = LogHistogram{};
  EXPECT_EQ(c.count(), 0u);
  EXPECT_EQ(c.pages_allocated(), 0u);
}

}  // namespace
}  // namespace ls::sim
