// Memory for loading a scenario: the texts and child arrays of doc trees
// come from an arena, and the large arrays of a load are advised onto
// transparent huge pages. Internal to models/config.
//
// Why: a 100,000-function scenario builds a tree of 1.6 million nodes
// (about 95 MB; 250 MB before nodes were made compact) and a Scenario of
// 160 MB, all touched once. perf showed a fifth of `validate` in page
// faults and a tenth in malloc (glibc sorting the small blocks libyaml
// frees between the tree's); one fault per 2 MB instead of per 4 KB, and a
// bump allocator, remove most of both.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>

#include "sim/huge_pages.hpp"

namespace ls::models::doc {

// Bytes for a tree vector: from this thread's arena while a TreeArena is
// open on it, else from malloc. free_tree_bytes takes either back.
void* allocate_tree_bytes(std::size_t bytes);
void free_tree_bytes(void* p) noexcept;

// Where a node's text or child array came from; kept in the node, so that
// the memory needs no header of its own (a key or a short scalar is a few
// bytes: a 16-byte header would double it).
enum class Origin : std::uint8_t { None, Heap, Arena };

// Bytes for a node's text (`align` 1) or child array (`align` 8, at most
// 16): from this thread's arena while a TreeArena is open (Origin::Arena:
// the arena is found again from the address, its blocks being aligned to
// their size), else from malloc (Origin::Heap). `bytes` > 0.
void* allocate_node_bytes(std::size_t bytes, std::size_t align, Origin& origin);
void free_node_bytes(void* p, Origin origin) noexcept;

// While one is alive, the tree vectors this thread allocates come from one
// arena: large blocks handed out in order, never reused piecemeal, and
// unmapped together once this scope has ended and the last of them has
// been freed (a tree may outlive the scope: its memory then stays until it
// goes). A load's trees are built once and dropped together, so an arena
// wastes little. Vectors over 256 KB are mapped on their own (on huge
// pages too) and unmapped when freed.
class TreeArena {
 public:
  TreeArena();
  ~TreeArena();
  TreeArena(const TreeArena&) = delete;
  TreeArena& operator=(const TreeArena&) = delete;

 private:
  void* arena_;
  void* previous_;
};

// The large arrays of a load are advised onto huge pages with
// sim::advise_huge_pages (sim/huge_pages.hpp).
using sim::advise_huge_pages;

// The allocator of the tree builder's vectors. Stateless: any two are equal, so
// trees move between vectors (and arenas) without copying.
template <class T>
struct TreeAllocator {
  using value_type = T;
  TreeAllocator() = default;
  template <class U>
  TreeAllocator(const TreeAllocator<U>&) noexcept {}  // NOLINT(google-explicit-constructor)
  T* allocate(std::size_t n) { return static_cast<T*>(allocate_tree_bytes(n * sizeof(T))); }
  void deallocate(T* p, std::size_t) noexcept { free_tree_bytes(p); }
  template <class U>
  bool operator==(const TreeAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace ls::models::doc
