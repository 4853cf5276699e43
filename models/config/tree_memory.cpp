#include "models/config/tree_memory.hpp"

#include <sys/mman.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "sim/huge_pages.hpp"

namespace ls::models::doc {
namespace {

// Each allocation starts with a header saying where it came from, 16 bytes
// so that what follows keeps malloc's alignment.
struct Header {
  void* arena;         // an Arena; nullptr: mapped alone or malloc
  std::size_t mapped;  // arena nullptr: the length mapped alone; 0: malloc
};
static_assert(sizeof(Header) == 16);
constexpr std::size_t kHeader = sizeof(Header);
using sim::kHugePage;
// Blocks are aligned to their size, so that the block of any address in
// it is the address rounded down, and start with a TreeBlockHeader: a node's
// bytes need no header of their own (free_node_bytes).
constexpr std::size_t kBlock = 2 * kHugePage;
// Larger allocations (the few vectors of a large map or list, such as
// `functions`, and the builder's) are mapped on their own, on huge pages.
constexpr std::size_t kLargest = std::size_t{256} << 10;

struct Arena {
  std::vector<std::pair<void*, std::size_t>> blocks;  // mmap'ed: address, length
  char* next = nullptr;
  char* end = nullptr;
  // Allocations not yet freed, plus one while the TreeArena is open: the
  // one who takes it to zero unmaps the blocks.
  std::atomic<std::size_t> holds{1};
};

// At the start of every kBlock-aligned mapping this file makes: an arena
// block (arena set), or node bytes mapped alone (arena nullptr, `mapped`
// its length).
struct TreeBlockHeader {
  Arena* arena;
  std::size_t mapped;
};
static_assert(sizeof(TreeBlockHeader) == 16);

thread_local Arena* current = nullptr;

// `length` bytes (a multiple of 4 KB) mapped at an address aligned to
// kBlock (mapped larger, the ends cut off); nullptr when mapping fails.
char* map_tree_block(std::size_t length) {
  const std::size_t mapped = length + kBlock;
  void* raw = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const auto at = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t start = (at + kBlock - 1) & ~(kBlock - 1);
  if (start > at) munmap(raw, start - at);
  if (const std::uintptr_t tail = at + mapped - (start + length); tail > 0)
    munmap(reinterpret_cast<void*>(start + length), tail);
  return reinterpret_cast<char*>(start);
}

void release(Arena* arena) {
  if (arena->holds.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  for (const auto& [address, length] : arena->blocks) munmap(address, length);
  delete arena;
}

// A new block of kBlock bytes, advised for huge pages; false when the
// system has no memory to map.
bool add_block(Arena& arena) {
  char* block = map_tree_block(kBlock);
  if (block == nullptr) return false;
  advise_huge_pages(block, kBlock);
  *reinterpret_cast<TreeBlockHeader*>(block) = TreeBlockHeader{&arena, 0};
  arena.blocks.emplace_back(block, kBlock);
  arena.next = block + sizeof(TreeBlockHeader);
  arena.end = block + kBlock;
  return true;
}

char* tree_align_16(char* p) {
  return reinterpret_cast<char*>((reinterpret_cast<std::uintptr_t>(p) + 15) & ~std::uintptr_t{15});
}

}  // namespace

// Under AddressSanitizer every tree vector takes the malloc path, so that
// ASan still sees each one's bounds (a bump allocator over mmap hides them).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LS_TREE_MALLOC_ONLY 1  // clang's spelling
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(LS_TREE_MALLOC_ONLY)
constexpr bool kArenas = false;
#else
constexpr bool kArenas = true;
#endif

void* allocate_tree_bytes(std::size_t bytes) {
  const std::size_t total = (bytes + kHeader + 15) & ~std::size_t{15};
  Arena* arena = kArenas ? current : nullptr;
  Header header{nullptr, 0};
  char* p = nullptr;
  if (arena != nullptr && total > kLargest) {
    const std::size_t mapped = (total + 4095) & ~std::size_t{4095};
    void* raw = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    advise_huge_pages(raw, mapped);
    p = static_cast<char*>(raw);
    header.mapped = mapped;
  } else if (arena != nullptr &&
             (static_cast<std::size_t>(arena->end - tree_align_16(arena->next)) >= total ||
              add_block(*arena))) {
    p = tree_align_16(arena->next);  // node text before it may have left it unaligned
    arena->next = p + total;
    arena->holds.fetch_add(1, std::memory_order_relaxed);
    header.arena = arena;
  } else {
    p = static_cast<char*>(std::malloc(total));
    if (p == nullptr) throw std::bad_alloc();
  }
  *reinterpret_cast<Header*>(p) = header;
  return p + kHeader;
}

void free_tree_bytes(void* p) noexcept {
  if (p == nullptr) return;
  char* start = static_cast<char*>(p) - kHeader;
  const Header header = *reinterpret_cast<const Header*>(start);
  if (header.arena != nullptr) {
    release(static_cast<Arena*>(header.arena));
  } else if (header.mapped != 0) {
    munmap(start, header.mapped);
  } else {
    std::free(start);
  }
}

void* allocate_node_bytes(std::size_t bytes, std::size_t align, Origin& origin) {
  Arena* arena = kArenas ? current : nullptr;
  if (arena != nullptr && bytes > kLargest) {
    const std::size_t length = (bytes + sizeof(TreeBlockHeader) + 4095) & ~std::size_t{4095};
    if (char* start = map_tree_block(length)) {
      advise_huge_pages(start, length);
      *reinterpret_cast<TreeBlockHeader*>(start) = TreeBlockHeader{nullptr, length};
      origin = Origin::Arena;
      return start + sizeof(TreeBlockHeader);
    }
  } else if (arena != nullptr) {
    const auto aligned = [&] {
      const auto at = reinterpret_cast<std::uintptr_t>(arena->next);
      return reinterpret_cast<char*>((at + align - 1) & ~(align - 1));
    };
    char* p = aligned();
    if (static_cast<std::size_t>(arena->end - p) < bytes && add_block(*arena)) p = aligned();
    if (static_cast<std::size_t>(arena->end - p) >= bytes) {
      arena->next = p + bytes;
      arena->holds.fetch_add(1, std::memory_order_relaxed);
      origin = Origin::Arena;
      return p;
    }
  }
  void* p = std::malloc(bytes);
  if (p == nullptr) throw std::bad_alloc();
  origin = Origin::Heap;
  return p;
}

void free_node_bytes(void* p, Origin origin) noexcept {
  if (p == nullptr || origin == Origin::None) return;
  if (origin == Origin::Heap) {
    std::free(p);
    return;
  }
  auto* block = reinterpret_cast<char*>(reinterpret_cast<std::uintptr_t>(p) & ~(kBlock - 1));
  const TreeBlockHeader header = *reinterpret_cast<const TreeBlockHeader*>(block);
  if (header.arena != nullptr) {
    release(header.arena);
  } else {
    munmap(block, header.mapped);
  }
}

TreeArena::TreeArena() : arena_(new Arena), previous_(current) {
  current = static_cast<Arena*>(arena_);
}

TreeArena::~TreeArena() {
  current = static_cast<Arena*>(previous_);
  release(static_cast<Arena*>(arena_));
}

}  // namespace ls::models::doc
