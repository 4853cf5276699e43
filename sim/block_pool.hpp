// Small blocks on 2 MB pages, for memory that every request touches at a
// random function: a histogram's buckets (issue #20). Allocated one by one
// from malloc, the buckets of 10,000 functions sit on some 10,000 4 KB pages,
// more than the TLB holds, so a request paid a page walk before the bucket's
// cache miss (the profile at 10,000 functions: 12 % of the CPU stalled at
// the latency bucket's prefetch). From this pool they sit on a few huge
// pages instead.
//
// Blocks are multiples of kUnit bytes (a histogram page of 64 buckets),
// 64-byte aligned, carved in order from chunks; a released block goes on a
// free list of its size and is handed out again (memory follows the peak,
// not the number of allocations). The first chunk is small and on ordinary
// pages, so that a run of a few functions does not pay for a huge page it
// would barely use; later chunks are 2 MB, aligned, advised huge
// (sim/huge_pages.hpp). Thread-safe: one lock, taken when a block is taken
// or returned (a histogram widening, copied or destroyed), never per value.
// Under AddressSanitizer every block comes from operator new, so that ASan
// still checks its bounds.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>
#include <vector>

namespace ls::sim {

class BlockPool {
 public:
  static constexpr std::size_t kUnit = 512;
  // Larger blocks (rare: a histogram spanning more than 16 KB of buckets)
  // come from operator new.
  static constexpr std::size_t kLargestUnits = 32;
  static constexpr std::size_t kFirstChunk = std::size_t{256} << 10;

  BlockPool() = default;
  BlockPool(const BlockPool&) = delete;
  BlockPool& operator=(const BlockPool&) = delete;
  ~BlockPool();  // frees the chunks: every block must have been released

  // A block of at least `bytes` (rounded up to whole units), 64-byte
  // aligned, contents unspecified. Throws std::bad_alloc.
  void* allocate(std::size_t bytes);
  // Returns a block from allocate(bytes) (null: nothing).
  void release(void* block, std::size_t bytes) noexcept;

  // The process's pool (never destroyed: histograms may outlive statics).
  static BlockPool& shared();
  // False under AddressSanitizer: every block is then operator new's.
  static bool pooled();

 private:
  struct FreeBlock {
    FreeBlock* next;
  };
  static std::size_t units_of(std::size_t bytes);
  void add_chunk(std::size_t units);
  void push_free(char* block, std::size_t units) noexcept;

  std::mutex mutex_;
  std::array<FreeBlock*, kLargestUnits + 1> free_{};  // [units]
  char* next_ = nullptr;                              // the current chunk's unused part
  char* end_ = nullptr;
  std::vector<void*> chunks_;
};

}  // namespace ls::sim
