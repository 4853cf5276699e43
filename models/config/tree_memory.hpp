// Memory for loading a scenario: the vectors of doc trees come from an
// arena, and the large arrays of a load are advised onto transparent huge
// pages. Internal to models/config.
//
// Why: a 100,000-function scenario builds a tree of 1.5 million nodes
// (about 250 MB) and a Scenario of 160 MB, all touched once. perf showed a
// fifth of `validate` in page faults and a tenth in malloc (glibc sorting
// the small blocks libyaml frees between the tree's); one fault per 2 MB
// instead of per 4 KB, and a bump allocator, remove most of both.
#pragma once

#include <cstddef>
#include <new>

#include "sim/huge_pages.hpp"

namespace ls::models::doc {

// Bytes for a tree vector: from this thread's arena while a TreeArena is
// open on it, else from malloc. free_tree_bytes takes either back.
void* allocate_tree_bytes(std::size_t bytes);
void free_tree_bytes(void* p) noexcept;

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

// The allocator of doc::Node's vectors. Stateless: any two are equal, so
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
