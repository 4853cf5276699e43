// The engine's arrival lane: one pending arrival per arrival source, in
// (time, seq) order, as a 4-ary min-heap made for thousands of sources.
//
// At 10,000 functions the lane holds 10,000 events and every arrival walks
// it from the root to a leaf (replace_top: ~7 levels); as a heap of 32-byte
// events (HeapEventQueue) that walk was most of `on_arrival`'s own time
// (issue #20). Here a node is 16 bytes, the time and the source, so one
// node's four children are exactly one cache line, and the heap is stored
// so that each group of children starts a line: a level costs one line, not
// two, and the lane takes half the cache. The seq, needed only to break a
// tie of times (same-instant arrivals: bursts, constant rates, traces) and
// for the top event, is kept by source, outside the nodes. The heap is
// padded to whole groups with never-times, so that choosing the least of
// four children needs no bounds check.
//
// Order: exactly HeapEventQueue's (the (time, seq) order is total, seqs
// being distinct), so the simulation is byte-identical. Costs: 16 bytes per
// pending arrival plus 8 per source; no allocation once grown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/event.hpp"

namespace ls::sim {

class ArrivalHeap {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  // The earliest pending arrival (kind 0, gen 0, aux 0). Precondition: !empty().
  Event top() const {
    const Node& n = at(0);
    return Event{n.time, seq_[n.index], 0, n.index, 0, 0};
  }
  Time top_time() const { return at(0).time; }
  std::uint32_t top_index() const { return at(0).index; }

  // Adds source `index`'s pending arrival (one per source at a time; `seq`
  // from the main queue, EventQueue::take_seq). `time` < kNever.
  void push(Time time, std::uint64_t seq, std::uint32_t index);
  // Replaces the earliest arrival by its source's next one: one walk down.
  // Precondition: !empty().
  void replace_top(Time time, std::uint64_t seq) {
    const std::uint32_t index = at(0).index;
    seq_[index] = seq;
    sift_down(Node{time, index, 0});
  }
  // Removes the earliest arrival. Precondition: !empty().
  void pop() {
    const Node last = at(size_ - 1);
    at(size_ - 1) = kPadding;
    if (--size_ > 0) sift_down(last);
  }

 private:
  struct Node {
    Time time;
    std::uint32_t index;
    std::uint32_t unused;
  };
  static_assert(sizeof(Node) == 16);
  struct alignas(64) Group {
    Node nodes[4];
  };
  static constexpr Node kPadding{kNever, 0, 0};
  // Node k of the heap is stored at flat position k + 3: node 0 ends the
  // first line, and the children 4k + 1 .. 4k + 4 of node k fill the line
  // at position 4k + 4 exactly.
  static constexpr std::size_t kOffset = 3;
  Node& at(std::size_t k) { return groups_[(k + kOffset) / 4].nodes[(k + kOffset) % 4]; }
  const Node& at(std::size_t k) const {
    return groups_[(k + kOffset) / 4].nodes[(k + kOffset) % 4];
  }

  // a before b in (time, seq) order.
  bool before(const Node& a, const Node& b) const {
    return a.time < b.time || (a.time == b.time && seq_[a.index] < seq_[b.index]);
  }
  void sift_down(Node node);

  std::vector<Group> groups_;
  std::vector<std::uint64_t> seq_;  // by source: the seq of its pending arrival
  std::size_t size_ = 0;
};

}  // namespace ls::sim
