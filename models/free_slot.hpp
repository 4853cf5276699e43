// Index-based pools (environments, requests, batches, I/O waits): entities
// live in a vector and refer to each other by index, and a freed index goes
// on a free list for reuse, so memory grows with the peak number alive, not
// with the number ever created.
#pragma once

#include <cstdint>
#include <vector>

namespace ls::models {

// A slot of `items` to use: the most recently freed one (popped from `free`),
// else a new value-initialised one at the end. The caller resets its fields.
template <class T>
std::uint32_t take_free_slot(std::vector<T>& items, std::vector<std::uint32_t>& free) {
  if (!free.empty()) {
    const std::uint32_t slot = free.back();
    free.pop_back();
    return slot;
  }
  items.emplace_back();
  return static_cast<std::uint32_t>(items.size() - 1);
}

}  // namespace ls::models
