// ArrivalHeap against an independent answer: std::priority_queue ordered by
// (time, seq), on random keys with many ties of time (so that the seq kept
// outside the nodes decides), through pushes, replacements and pops.
#include "sim/arrival_heap.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <queue>
#include <vector>

#include "sim/rng.hpp"

namespace ls::sim {
namespace {

struct Later {  // std::priority_queue is a max-heap: "less" is "later"
  bool operator()(const Event& a, const Event& b) const { return before(b, a); }
};

// Times from a small range so that ties are frequent (a sixth of the draws
// repeat an earlier time), as same-instant arrivals of bursts and traces.
Time draw_time(Rng& rng, Time now, Time spread) {
  return now + static_cast<Time>(rng.below(static_cast<std::uint64_t>(spread)));
}

void run_against_priority_queue(std::uint32_t sources, int steps, Time spread, std::uint64_t seed) {
  ArrivalHeap heap;
  std::priority_queue<Event, std::vector<Event>, Later> reference;
  Rng rng(seed);
  std::uint64_t seq = 0;
  for (std::uint32_t s = 0; s < sources; ++s) {
    const Time t = draw_time(rng, 0, spread);
    heap.push(t, seq, s);
    reference.push(Event{t, seq, 0, s, 0, 0});
    ++seq;
  }
  for (int step = 0; step < steps && !reference.empty(); ++step) {
    ASSERT_EQ(heap.size(), reference.size());
    const Event want = reference.top();
    const Event got = heap.top();
    ASSERT_EQ(got.time, want.time) << "step " << step;
    ASSERT_EQ(got.seq, want.seq) << "step " << step;
    ASSERT_EQ(got.index, want.index) << "step " << step;
    ASSERT_EQ(heap.top_time(), want.time);
    ASSERT_EQ(heap.top_index(), want.index);
    reference.pop();
    // Mostly the source's next arrival (as the simulator does); sometimes
    // the source ends (pop), sometimes a new source joins (push).
    const double u = rng.uniform();
    if (u < 0.9) {
      const Time t = draw_time(rng, want.time, spread);
      heap.replace_top(t, seq);
      reference.push(Event{t, seq, 0, want.index, 0, 0});
      ++seq;
    } else {
      heap.pop();
      if (u < 0.97) {
        const Time t = draw_time(rng, want.time, spread);
        heap.push(t, seq, want.index);
        reference.push(Event{t, seq, 0, want.index, 0, 0});
        ++seq;
      }
    }
  }
  // Drain: the rest in the same order, then both empty.
  while (!reference.empty()) {
    ASSERT_FALSE(heap.empty());
    ASSERT_EQ(heap.top().seq, reference.top().seq);
    reference.pop();
    heap.pop();
  }
  EXPECT_TRUE(heap.empty());
}

TEST(ArrivalHeap, PopsInPriorityQueueOrderWithTies) {
  // 10^5 sources over 10^4 instants: ~10 arrivals per instant.
  run_against_priority_queue(100'000, 300'000, 10'000, 5);
}

TEST(ArrivalHeap, PopsInPriorityQueueOrderAtSmallSizes) {
  // Every size from 1 to 9 (partial groups of children, the padding).
  for (std::uint32_t n = 1; n <= 9; ++n) run_against_priority_queue(n, 2'000, 4, 10 + n);
}

TEST(ArrivalHeap, DistinctTimesNeedNoTieBreak) {
  run_against_priority_queue(10'000, 100'000, Time{1} << 40, 99);
}

}  // namespace
}  // namespace ls::sim
