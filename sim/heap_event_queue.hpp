// A 4-ary min-heap of events ordered by (time, seq): the reference
// implementation of the pending-event set. The simulator's main queue is
// EventQueue (event_queue.hpp, a radix heap); this one accepts events in any
// order and serves tests (a second, independent implementation), benchmarks,
// and the simulator's arrival lane: one pending arrival per arrival source,
// stamped with seqs taken from the main queue (EventQueue::take_seq) so that
// merging the two by (time, seq) gives exactly the order of one queue, while
// the most frequent events skip the radix heap's redistribution.
//
// Costs: push and pop O(log_4 n); 32 bytes per pending event; no allocation
// per event once the vector has grown to the peak population (it never
// shrinks). `seq` comes from a per-queue counter, so events scheduled for the
// same instant run in the order they were scheduled: runs are deterministic
// and independent of addresses. A 4-ary heap halves the depth of a binary
// heap and keeps the four children of a node in one cache line.
//
// Cancellation is by generation, as in ns-3's cancel flag: the model stores a
// generation number in `gen` and ignores events whose generation is stale.
#pragma once

#include <cstdint>
#include <type_traits>
#include <vector>

#include "sim/event.hpp"

namespace ls::sim {

class HeapEventQueue {
 public:
  void reserve(std::size_t n) { heap_.reserve(n); }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.front(); }
  std::uint64_t pushed() const { return next_seq_; }

  void push(Time time, std::uint32_t kind, std::uint32_t index, std::uint32_t gen = 0,
            std::uint32_t aux = 0) {
    heap_.push_back(Event{time, next_seq_++, kind, index, gen, aux});
    sift_up(heap_.size() - 1);
  }

  // An event whose seq was assigned elsewhere (e.g. EventQueue::take_seq).
  void push(const Event& e) {
    heap_.push_back(e);
    sift_up(heap_.size() - 1);
  }

  // Replaces the earliest event by `e` (seq assigned elsewhere): one
  // sift-down instead of a pop and a push. Precondition: !empty().
  void replace_top(const Event& e) { sift_down(e); }

  // Removes and returns the earliest event. Precondition: !empty().
  Event pop() {
    Event out = heap_.front();
    Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
    return out;
  }

  void clear() { heap_.clear(); }

 private:
  void sift_up(std::size_t i) {
    Event e = heap_[i];
    while (i > 0) {
      std::size_t parent = (i - 1) / 4;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }

  // Places `e` (the former last element) starting from the root.
  void sift_down(const Event& e) {
    const std::size_t n = heap_.size();
    std::size_t i = 0;
    for (;;) {
      std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      std::size_t end = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (before(heap_[c], heap_[best])) best = c;
      if (!before(heap_[best], e)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = e;
  }

  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace ls::sim
