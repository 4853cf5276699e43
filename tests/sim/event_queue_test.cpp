// EventQueue against a trivially correct shadow: a std::map keyed by
// (time, seq), whose ordering is the specification itself. The stress test
// follows OMNeT++'s cEventHeap_stress_1: many events at the current instant,
// where heap ties are easiest to get wrong.
#include "sim/event_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "sim/heap_event_queue.hpp"
#include "sim/rng.hpp"

namespace ls::sim {
namespace {

void expect_same_event(const Event& got, const Event& want, int op) {
  ASSERT_EQ(got.time, want.time) << "operation " << op;
  ASSERT_EQ(got.seq, want.seq) << "operation " << op;
  ASSERT_EQ(got.kind, want.kind) << "operation " << op;
  ASSERT_EQ(got.index, want.index) << "operation " << op;
  ASSERT_EQ(got.gen, want.gen) << "operation " << op;
  ASSERT_EQ(got.aux, want.aux) << "operation " << op;
}

// Both implementations must give the same order: the radix heap the simulator
// uses and the 4-ary heap kept as a reference.
template <typename Queue>
class EventQueueTest : public ::testing::Test {};
using QueueTypes = ::testing::Types<EventQueue, HeapEventQueue>;
TYPED_TEST_SUITE(EventQueueTest, QueueTypes);

TYPED_TEST(EventQueueTest, MatchesSortedReferenceUnderRandomInterleavings) {
  constexpr int kOperations = 100'000;
  TypeParam queue;
  std::map<std::pair<Time, std::uint64_t>, Event> reference;
  std::uint64_t next_seq = 0;  // the reference numbers pushes on its own
  Time now = 0;
  Rng rng(2024);
  int pops = 0;
  for (int op = 0; op < kOperations; ++op) {
    // Slightly more pushes than pops lets the population grow to thousands,
    // so deep sift paths are exercised, while pops still run all along.
    const bool push = reference.empty() || rng.uniform() < 0.55;
    if (push) {
      const bool same_instant = rng.uniform() < 0.7;
      const Time time = same_instant ? now : now + 1 + static_cast<Time>(rng.below(1000));
      const Event e{time,
                    next_seq++,
                    static_cast<std::uint32_t>(rng.below(16)),
                    static_cast<std::uint32_t>(rng.next()),
                    static_cast<std::uint32_t>(rng.next()),
                    static_cast<std::uint32_t>(rng.next())};
      queue.push(e.time, e.kind, e.index, e.gen, e.aux);
      reference.emplace(std::make_pair(e.time, e.seq), e);
    } else {
      expect_same_event(queue.top(), reference.begin()->second, op);
      const Event got = queue.pop();
      expect_same_event(got, reference.begin()->second, op);
      reference.erase(reference.begin());
      now = got.time;
      ++pops;
    }
    ASSERT_EQ(queue.size(), reference.size()) << "operation " << op;
  }
  // Drain: the tail of the order must match too.
  while (!reference.empty()) {
    expect_same_event(queue.pop(), reference.begin()->second, -1);
    reference.erase(reference.begin());
  }
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.pushed(), next_seq);
  EXPECT_GT(pops, kOperations / 3);  // the mix really interleaved
}

// Delays spread over every scale from 1 ns to 2^62 ns, so that events enter
// the radix heap at every level and cascade through several on their way
// down; a quarter are ties with an already pending instant.
TYPED_TEST(EventQueueTest, MatchesSortedReferenceAcrossAllTimeScales) {
  constexpr int kOperations = 200'000;
  TypeParam queue;
  std::map<std::pair<Time, std::uint64_t>, Event> reference;
  std::uint64_t next_seq = 0;
  Time now = 0;
  Rng rng(77);
  for (int op = 0; op < kOperations; ++op) {
    if (reference.empty() || rng.uniform() < 0.5) {
      Time time;
      if (!reference.empty() && rng.uniform() < 0.25) {
        time = reference.rbegin()->first.first;  // a pending instant, often far ahead
      } else {
        const int bits = static_cast<int>(rng.below(63));  // delay < 2^bits
        const auto delay = static_cast<Time>(rng.next() >> (64 - std::max(bits, 1)));
        time = now + std::min(delay, kNever - now);
      }
      const Event e{time, next_seq++, 0, static_cast<std::uint32_t>(op), 0, 0};
      queue.push(e.time, e.kind, e.index);
      reference.emplace(std::make_pair(e.time, e.seq), e);
    } else {
      const Event got = queue.pop();
      expect_same_event(got, reference.begin()->second, op);
      reference.erase(reference.begin());
      now = got.time;
    }
  }
  while (!reference.empty()) {
    expect_same_event(queue.pop(), reference.begin()->second, -1);
    reference.erase(reference.begin());
  }
  EXPECT_TRUE(queue.empty());
  EXPECT_GT(now, Time{1} << 60);  // the run really reached the top levels
}

TYPED_TEST(EventQueueTest, SimultaneousEventsPopInScheduleOrder) {
  TypeParam queue;
  constexpr std::uint32_t kCount = 1000;
  // Pushed in an order that a non-stable heap would scramble: later times
  // first, then the contested instant.
  for (std::uint32_t i = 0; i < kCount; ++i) queue.push(20, 1, i);
  for (std::uint32_t i = 0; i < kCount; ++i) queue.push(10, 0, i);
  for (std::uint32_t i = 0; i < kCount; ++i) {
    const Event e = queue.pop();
    ASSERT_EQ(e.time, 10);
    ASSERT_EQ(e.index, i);
  }
  for (std::uint32_t i = 0; i < kCount; ++i) ASSERT_EQ(queue.pop().index, i);
}

TYPED_TEST(EventQueueTest, EventPushedAtCurrentInstantRunsAfterEarlierPeers) {
  TypeParam queue;
  queue.push(5, 0, /*index=*/0);
  queue.push(5, 0, /*index=*/1);
  EXPECT_EQ(queue.pop().index, 0u);
  queue.push(5, 0, /*index=*/2);  // scheduled while handling an event at t=5
  EXPECT_EQ(queue.pop().index, 1u);
  EXPECT_EQ(queue.pop().index, 2u);
}

TYPED_TEST(EventQueueTest, TracksSizeEmptyAndPushCount) {
  TypeParam queue;
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.size(), 0u);
  queue.push(3, 0, 0);
  queue.push(1, 0, 1);
  queue.push(2, 0, 2);
  EXPECT_FALSE(queue.empty());
  EXPECT_EQ(queue.size(), 3u);
  EXPECT_EQ(queue.top().time, 1);
  EXPECT_EQ(queue.pop().time, 1);
  EXPECT_EQ(queue.size(), 2u);
  queue.clear();
  EXPECT_TRUE(queue.empty());
  // The sequence counter survives clear(): seq stays unique per queue.
  EXPECT_EQ(queue.pushed(), 3u);
  queue.push(7, 0, 0);
  EXPECT_EQ(queue.pop().seq, 3u);
}

// The simulator's arrival lane: a HeapEventQueue holding one pending event
// per "source", stamped with seqs from EventQueue::take_seq, merged with the
// radix heap through has_before. The merged order must be the (time, seq)
// order of the std::map shadow, with queued delays from 0 to 2^32 ns so
// that has_before meets the radix heap at every level — including the case it
// exists for: an arrival earlier than everything queued, after which events
// are pushed between the arrival and the queue's minimum.
TEST(EventQueueMerge, ArrivalLaneAndRadixHeapPopInExactOrder) {
  constexpr int kSources = 5;
  constexpr int kSteps = 200'000;
  EventQueue queue;
  HeapEventQueue lane;
  std::map<std::pair<Time, std::uint64_t>, Event> reference;
  std::multiset<Time> queued_times;  // times in the radix heap
  Rng rng(77);
  // 0 (a fifth of the time) or uniform below 2^k, k uniform in [0, max_bits].
  auto delay = [&rng](int max_bits) {
    if (rng.uniform() < 0.2) return Time{0};
    const auto bits = rng.below(static_cast<std::uint64_t>(max_bits) + 1);
    return static_cast<Time>(rng.below(std::uint64_t{1} << bits));
  };
  // Sources are frequent (up to 2^20 ns ahead), queued events spread wide.
  auto schedule_source = [&](Time now, std::uint32_t source, bool replace) {
    const Event e{now + delay(20), queue.take_seq(), 1, source, 0, 0};
    reference.emplace(std::make_pair(e.time, e.seq), e);
    if (replace)
      lane.replace_top(e);
    else
      lane.push(e);
  };
  for (std::uint32_t s = 0; s < kSources; ++s) schedule_source(0, s, false);
  Time now = 0;
  int from_lane = 0, from_queue = 0, lane_before_queue_minimum = 0;
  for (int step = 0; step < kSteps; ++step) {
    ASSERT_FALSE(reference.empty());
    const Event want = reference.begin()->second;
    reference.erase(reference.begin());
    Event got;
    if (!lane.empty() && !queue.has_before(lane.top())) {
      got = lane.top();
      // (top() would advance the queue past `now`: the shadow knows its minimum.)
      if (!queued_times.empty() && got.time < *queued_times.begin()) ++lane_before_queue_minimum;
      now = got.time;
      schedule_source(now, got.index, true);  // the source's next event
      ++from_lane;
    } else {
      got = queue.pop();
      queued_times.erase(queued_times.find(got.time));
      now = got.time;
      ++from_queue;
    }
    expect_same_event(got, want, step);
    // Each event handled schedules 0–2 more in the radix heap, from now on.
    const auto more = static_cast<int>(rng.below(3));
    for (int k = 0; k < more && queue.size() < 2'000; ++k) {
      const Time t = now + delay(32);
      const auto index = static_cast<std::uint32_t>(rng.next());
      const std::uint64_t seq = queue.pushed();
      queue.push(t, 2, index);
      queued_times.insert(t);
      reference.emplace(std::make_pair(t, seq), Event{t, seq, 2, index, 0, 0});
    }
  }
  EXPECT_GT(from_lane, kSteps / 20);
  EXPECT_GT(from_queue, kSteps / 20);
  EXPECT_GT(lane_before_queue_minimum, 1'000);  // pushes below the queue's minimum happened
}

}  // namespace
}  // namespace ls::sim
