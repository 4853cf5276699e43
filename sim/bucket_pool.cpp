#include "sim/bucket_pool.hpp"

#include <array>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>

#include "sim/huge_pages.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define LS_BUCKET_POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LS_BUCKET_POOL 0
#endif
#endif
#ifndef LS_BUCKET_POOL
#define LS_BUCKET_POOL 1
#endif

namespace ls::sim {
namespace {

constexpr std::size_t kPageBytes = kBucketsPerPage * sizeof(std::uint64_t);

#if LS_BUCKET_POOL
// A freed run, linked through its first bytes.
struct FreeRun {
  FreeRun* next;
};

class Pool {
 public:
  std::uint64_t* take(std::uint32_t pages) {
    const std::lock_guard lock(mutex_);
    FreeRun*& head = free_[pages];
    if (head != nullptr) {
      FreeRun* run = head;
      head = run->next;
      return reinterpret_cast<std::uint64_t*>(run);  // zeroed by the caller
    }
    const std::size_t bytes = pages * kPageBytes;
    if (left_ < bytes) new_chunk();
    auto* run = reinterpret_cast<std::uint64_t*>(next_);
    next_ += bytes;
    left_ -= bytes;
    return run;
  }
  void give_back(std::uint64_t* run, std::uint32_t pages) noexcept {
    const std::lock_guard lock(mutex_);
    auto* freed = reinterpret_cast<FreeRun*>(run);
    freed->next = free_[pages];
    free_[pages] = freed;
  }

 private:
  // The tail of the previous chunk (less than a largest run) is left unused.
  void new_chunk() {
    void* chunk = std::aligned_alloc(kHugePage, kHugePage);
    if (chunk == nullptr) throw std::bad_alloc();
    advise_huge_pages(chunk, kHugePage);
    next_ = static_cast<char*>(chunk);
    left_ = kHugePage;
  }

  std::mutex mutex_;
  std::array<FreeRun*, kMaxPooledPages + 1> free_{};  // by page count
  char* next_ = nullptr;
  std::size_t left_ = 0;
};

Pool& pool() {
  static Pool* p = new Pool;  // never destroyed: histograms of statics may outlive it
  return *p;
}
#endif

}  // namespace

std::uint64_t* allocate_buckets(std::uint32_t buckets) {
  const std::uint32_t pages = buckets / kBucketsPerPage;
#if LS_BUCKET_POOL
  if (pages <= kMaxPooledPages) {
    std::uint64_t* run = pool().take(pages);
    std::memset(run, 0, pages * kPageBytes);
    return run;
  }
#endif
  return new std::uint64_t[static_cast<std::size_t>(pages) * kBucketsPerPage]();
}

void free_buckets(std::uint64_t* run, std::uint32_t buckets) noexcept {
  if (run == nullptr) return;
#if LS_BUCKET_POOL
  if (const std::uint32_t pages = buckets / kBucketsPerPage; pages <= kMaxPooledPages) {
    pool().give_back(run, pages);
    return;
  }
#else
  (void)buckets;
#endif
  delete[] run;
}

}  // namespace ls::sim
