// EventQueue against a trivially correct shadow: a std::map keyed by
// (time, seq), whose ordering is the specification itself. The stress test
// follows OMNeT++'s cEventHeap_stress_1: many events at the current instant,
// where heap ties are easiest to get wrong.
#include "sim/event_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
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

}  // namespace
}  // namespace ls::sim
