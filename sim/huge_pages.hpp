// Large per-function arrays on 2 MB pages. At thousands of functions the
// simulator's per-request cost is cache and TLB misses on per-function state
// (issue #20): with 4 KB pages, every function's statistics, draws and
// environments lists sit on pages of their own, and each request pays a
// page walk or more before its cache misses even start. The kernel backs an
// allocation with huge pages when asked (transparent huge pages in
// "madvise" mode, the common default); where it is not, nothing changes but
// the alignment. Only arrays of at least 2 MB are placed so: small runs do
// not pay for a huge page they would barely use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace ls::sim {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

// Advises the kernel to back the whole huge pages inside [p, p + bytes)
// with transparent huge pages. For large arrays reserved but not yet
// written (once touched, 4 KB pages stay). A hint: refused is fine.
inline void advise_huge_pages(const void* p, std::size_t bytes) noexcept {
#if defined(MADV_HUGEPAGE)
  const auto from = (reinterpret_cast<std::uintptr_t>(p) + kHugePage - 1) & ~(kHugePage - 1);
  const auto to = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kHugePage - 1);
  if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}  // NOLINT: rebinding converts

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kHugePage) return std::allocator<T>().allocate(n);
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
    advise_huge_pages(p, rounded);
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kHugePage)
      std::allocator<T>().deallocate(p, n);
    else
      std::free(p);
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

// A vector of per-function state (see above).
template <class T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace ls::sim
