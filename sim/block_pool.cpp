#include "sim/block_pool.hpp"

#include <cstdlib>
#include <new>

#include "sim/huge_pages.hpp"

namespace ls::sim {

// Under AddressSanitizer: operator new per block (see the header).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LS_BLOCK_POOL_NEW_ONLY 1  // clang's spelling
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(LS_BLOCK_POOL_NEW_ONLY)
constexpr bool kPooled = false;
#else
constexpr bool kPooled = true;
#endif

namespace {
constexpr std::align_val_t kAlign{64};
}  // namespace

BlockPool::~BlockPool() {
  for (void* chunk : chunks_) std::free(chunk);
}

BlockPool& BlockPool::shared() {
  static BlockPool* pool = new BlockPool;  // NOLINT: deliberately never destroyed
  return *pool;
}

// Sizes round up to whole units (at least one).
std::size_t BlockPool::units_of(std::size_t bytes) {
  return bytes <= kUnit ? 1 : (bytes + kUnit - 1) / kUnit;
}

bool BlockPool::pooled() { return kPooled; }

void* BlockPool::allocate(std::size_t bytes) {
  const std::size_t units = units_of(bytes);
  if (!kPooled || units > kLargestUnits) return ::operator new(units* kUnit, kAlign);
  bytes = units * kUnit;
  const std::lock_guard<std::mutex> lock(mutex_);
  if (FreeBlock* block = free_[units]) {
    free_[units] = block->next;
    return block;
  }
  if (static_cast<std::size_t>(end_ - next_) < bytes) add_chunk(units);
  void* block = next_;
  next_ += bytes;
  return block;
}

void BlockPool::release(void* block, std::size_t bytes) noexcept {
  if (block == nullptr) return;
  const std::size_t units = units_of(bytes);
  if (!kPooled || units > kLargestUnits) {
    ::operator delete(block, units* kUnit, kAlign);
    return;
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  push_free(static_cast<char*>(block), units);
}

void BlockPool::push_free(char* block, std::size_t units) noexcept {
  auto* free_block = reinterpret_cast<FreeBlock*>(block);
  free_block->next = free_[units];
  free_[units] = free_block;
}

// A new chunk for a block of `units`; what is left of the current chunk
// goes to the free lists (in blocks of the largest sizes that fit).
void BlockPool::add_chunk(std::size_t units) {
  const std::size_t size = chunks_.empty() ? kFirstChunk : kHugePage;
  const std::size_t align = chunks_.empty() ? std::size_t{4096} : kHugePage;
  if (units * kUnit > size) throw std::bad_alloc();  // cannot happen: kLargestUnits fits
  chunks_.reserve(chunks_.size() + 1);               // so that push_back below cannot throw
  void* chunk = std::aligned_alloc(align, size);
  if (chunk == nullptr) throw std::bad_alloc();
  if (size == kHugePage) advise_huge_pages(chunk, size);
  chunks_.push_back(chunk);
  while (end_ - next_ >= static_cast<std::ptrdiff_t>(kUnit)) {
    const std::size_t left = static_cast<std::size_t>(end_ - next_) / kUnit;
    const std::size_t take = left < kLargestUnits ? left : kLargestUnits;
    push_free(next_, take);
    next_ += take * kUnit;
  }
  next_ = static_cast<char*>(chunk);
  end_ = next_ + size;
}

}  // namespace ls::sim
