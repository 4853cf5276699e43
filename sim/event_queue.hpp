// The pending-event set of the simulator: a radix heap with 64-way digits
// over the event time (equivalently, a hierarchical timing wheel whose levels
// are aligned on 6-bit digits of the time).
//
// A discrete-event simulation never schedules into the past, so the times it
// pops are monotone; a radix heap exploits that (Ahuja, Mehlhorn, Orlin &
// Tarjan 1990). Here the radix is 64: an event sits at level d, slot s when
// the most significant 6-bit digit in which its time differs from the base
// time is digit d, and s is that digit of its time (level 0: the low digit,
// so a level-0 slot holds events of exactly one instant). Every level-d event
// is earlier than every level-(d+1) one, and within a level slots are in
// time order, so the earliest event is in the lowest occupied slot of level 0
// (one count-trailing-zeros on a 64-bit occupancy word). When level 0 is
// empty, the lowest occupied slot of the lowest occupied level is taken, its
// minimum time (kept per slot as events are placed) becomes the base and its
// events move to lower levels: at most 10 moves per event, about 3 for a 1 ms
// hold (the previous binary radix heap moved each event about 10 times at
// 10^5 pending). The kept minimum also lets has_before() answer "is anything
// queued before this time?" without moving anything.
//
// Exact (time, seq) order without comparing keys: `seq` is a per-queue
// counter, so a push always carries the largest seq in the queue and appends
// at the tail of its slot; a redistribution moves a slot, in order, into
// slots that are all empty (every level below it is). By induction each slot
// is in seq order, and a level-0 slot (one instant) pops first-in first-out.
// Runs are deterministic and independent of addresses.
//
// Costs: 32 bytes per pending event, in 704 slots (a vector and a time, 32
// bytes) that keep their capacity (no allocation per event once grown),
// except that a drained slot above 4,096 events returns its memory unless the
// queue holds more than that, so a burst does not pin its peak.
// Measured (bench/event_queue_bench.cpp, hold model, Δ ~ Exp(1 ms), CPU-time
// medians of 5 repetitions on the shared 2-core machine, table in the bench
// file): 46–57 ns per hold at 10^5 pending, against 150–229 ns for the 4-ary
// heap in the same runs; for the simulator's sparse mixture of delays (a few
// hundred pending) 42–48 ns, level with the 4-ary heap.
//
// Cancellation is by generation (see HeapEventQueue). Precondition: an event
// is never pushed earlier than the last one popped or returned by top() —
// checked on every push (a model bug otherwise).
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "sim/event.hpp"

namespace ls::sim {

class EventQueue {
 public:
  EventQueue() : slots_(kLevels * kSlots) {}

  // Slots grow on demand; kept for interface parity with HeapEventQueue.
  void reserve(std::size_t) {}
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::uint64_t pushed() const { return next_seq_; }

  // The seq the next push would get, for an event held in another queue
  // (the simulator's arrival lane): ordering both by (time, seq) then gives
  // exactly the order of this queue alone.
  std::uint64_t take_seq() { return next_seq_++; }

  void push(Time time, std::uint32_t kind, std::uint32_t index, std::uint32_t gen = 0,
            std::uint32_t aux = 0) {
    if (time < floor_) [[unlikely]]
      throw std::logic_error("event scheduled before the current time");
    place(Event{time, next_seq_++, kind, index, gen, aux});
    ++size_;
  }

  // The earliest event. Precondition: !empty().
  const Event& top() { return front_slot().events[head_]; }

  // Whether the earliest event comes before `bound` in (time, seq) order,
  // for merging with events held elsewhere (the simulator's arrival lane).
  // Unlike top(), this never advances the queue past bound.time: events at
  // or after bound.time may still be pushed when it returns false. When it
  // returns true, top() and pop() are the earliest event at no extra cost.
  bool has_before(const Event& bound) {
    if ((levels_ & 1u) == 0) {
      if (levels_ == 0) return false;
      // The lowest occupied slot holds the earliest event, and its minimum
      // time is kept: when that is later than the bound, so is every event,
      // and nothing moves. Otherwise the refill's new base is that minimum,
      // ≤ bound.time, so later pushes at ≥ bound.time stay valid.
      if (slots_[lowest_slot()].min > bound.time) return false;
      refill();
    }
    return before(slots_[std::countr_zero(occupied_[0])].events[head_], bound);
  }

  // Removes and returns the earliest event. Precondition: !empty().
  Event pop() {
    Slot& slot = front_slot();
    const Event e = slot.events[head_];
    if (++head_ == slot.events.size()) {
      slot.events.clear();
      head_ = 0;
      unmark(0, static_cast<int>(e.time & kDigitMask));
    }
    --size_;
    floor_ = e.time;
    return e;
  }

  void clear() {
    for (auto& slot : slots_) {
      slot.events.clear();  // keeps the capacity
      slot.min = kNever;
    }
    occupied_ = {};
    levels_ = 0;
    head_ = 0;
    size_ = 0;
  }

 private:
  // The events of one slot in arrival order, and (above level 0, the only
  // slots ever refilled) the earliest of their times, kept as they come so
  // that a refill needs no pass to find it. Side by side: a push touches one
  // cache line for both.
  struct Slot {
    std::vector<Event> events;
    Time min = kNever;
  };

  static constexpr int kDigitBits = 6;            // 4 to 8 measured: 6 is fastest at 10^5
  static constexpr int kSlots = 1 << kDigitBits;  // ≤ 64: one occupancy word per level
  static constexpr Time kDigitMask = kSlots - 1;
  static constexpr int kLevels = (63 + kDigitBits - 1) / kDigitBits;  // cover every time ≥ 0
  // A drained slot bigger than this gives its memory back (unless the queue
  // is bigger still), so that a burst does not pin its peak forever.
  static constexpr std::size_t kKeepCapacity = 4096;

  static int level_of(Time time, Time base) {
    const auto x = static_cast<std::uint64_t>(time ^ base);
    return (std::bit_width(x | 1) - 1) / kDigitBits;  // x = 0: level 0
  }

  void place(const Event& e) {
    const int level = level_of(e.time, base_);
    const auto slot = static_cast<int>((e.time >> (kDigitBits * level)) & kDigitMask);
    const int index = level * kSlots + slot;
    Slot& to = slots_[index];
    to.events.push_back(e);
    // Level-0 slots are never refilled (they hold one instant): no minimum.
    if (level > 0) to.min = std::min(to.min, e.time);
    occupied_[level] |= std::uint64_t{1} << slot;
    levels_ |= 1u << level;
  }

  void unmark(int level, int slot) {
    occupied_[level] &= ~(std::uint64_t{1} << slot);
    if (occupied_[level] == 0) levels_ &= ~(1u << level);
  }

  // The lowest occupied level-0 slot, after refilling level 0 if it is empty.
  Slot& front_slot() {
    if ((levels_ & 1u) == 0) refill();
    return slots_[std::countr_zero(occupied_[0])];
  }

  // [level * kSlots + slot] of the lowest occupied slot of the lowest
  // occupied level. Precondition: !empty().
  int lowest_slot() const {
    const int level = std::countr_zero(levels_);
    return level * kSlots + std::countr_zero(occupied_[level]);
  }

  // Level 0 is empty: the lowest occupied slot of the lowest occupied level
  // holds the earliest events. Its minimum time (kept as events are placed,
  // so no pass to find it) becomes the base, as in the classic radix heap:
  // the minimum lands in level 0 at once and the others in levels below this
  // one; events in higher levels stay valid, because the new base keeps the
  // old one's digits above this level.
  void refill() {
    const int index = lowest_slot();
    Slot& slot = slots_[index];
    std::vector<Event>& from = slot.events;
    base_ = floor_ = slot.min;  // ≥ every popped time
    slot.min = kNever;
    unmark(index / kSlots, index % kSlots);
    for (const Event& e : from) place(e);  // into lower levels: never `from` itself
    if (from.capacity() > kKeepCapacity && from.capacity() > size_)
      std::vector<Event>().swap(from);
    else
      from.clear();
  }

  std::vector<Slot> slots_;                        // [level * kSlots + slot]
  std::array<std::uint64_t, kLevels> occupied_{};  // per level, bit s: slot s non-empty
  std::uint32_t levels_ = 0;                       // bit d: level d has a non-empty slot
  Time base_ = 0;                                  // the time the levels are relative to
  Time floor_ = 0;                                 // pushes earlier than this are rejected
  std::size_t head_ = 0;  // events already popped from the front level-0 slot
  std::size_t size_ = 0;
  std::uint64_t next_seq_ = 0;
};

}  // namespace ls::sim
