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
// minimum time becomes the base and its events move to lower levels: at most
// 10 moves per event, about 3 for a 1 ms hold (the previous binary radix heap
// moved each event about 10 times at 10^5 pending).
//
// Exact (time, seq) order without comparing keys: `seq` is a per-queue
// counter, so a push always carries the largest seq in the queue and appends
// at the tail of its slot; a redistribution moves a slot, in order, into
// slots that are all empty (every level below it is). By induction each slot
// is in seq order, and a level-0 slot (one instant) pops first-in first-out.
// Runs are deterministic and independent of addresses.
//
// Costs: 32 bytes per pending event, in 704 slot vectors that keep their
// capacity (no allocation per event once grown), except that a drained slot
// above 4,096 events returns its memory unless the queue holds more than
// that, so a burst does not pin its peak.
// Measured (bench/event_queue_bench.cpp, hold model, Δ ~ Exp(1 ms), CPU-time
// medians of 3–5 repetitions on the shared 2-core machine, table in the bench
// file): 47 ns per hold at 10^5 pending at load 3 (up to 72 ns at load 17)
// against 88–105 ns for the binary radix heap it replaced and 186–277 ns for
// the 4-ary heap; for the simulator's sparse mixture of delays (a few hundred
// pending) 38 ns, level with the 4-ary heap.
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
  const Event& top() { return front_slot()[head_]; }

  // Whether the earliest event comes before `bound` in (time, seq) order,
  // for merging with events held elsewhere (the simulator's arrival lane).
  // Unlike top(), this never advances the queue past bound.time: events at
  // or after bound.time may still be pushed when it returns false. When it
  // returns true, top() and pop() are the earliest event at no extra cost.
  bool has_before(const Event& bound) {
    for (;;) {
      if (levels_ & 1u) return before(slots_[std::countr_zero(occupied_[0])][head_], bound);
      if (levels_ == 0) return false;
      const int level = std::countr_zero(levels_);
      const int slot = std::countr_zero(occupied_[level]);
      // The earliest time that slot can hold: the base's digits above the
      // level, then the slot's digit, then zeros.
      const int shift = kDigitBits * level;
      const int above = shift + kDigitBits;  // ≥ 63 for the top level: no digits above
      const Time slot_floor =
          (above < 63 ? (base_ >> above) << above : 0) | (static_cast<Time>(slot) << shift);
      if (slot_floor > bound.time) return false;  // every event is later
      // Redistribute that slot around min(its minimum, bound.time): the
      // bound lies in the slot's range, so the levels above stay valid.
      refill(bound.time);
    }
  }

  // Removes and returns the earliest event. Precondition: !empty().
  Event pop() {
    std::vector<Event>& slot = front_slot();
    const Event e = slot[head_];
    if (++head_ == slot.size()) {
      slot.clear();
      head_ = 0;
      unmark(0, static_cast<int>(e.time & kDigitMask));
    }
    --size_;
    floor_ = e.time;
    return e;
  }

  void clear() {
    for (auto& slot : slots_) slot.clear();
    occupied_ = {};
    levels_ = 0;
    head_ = 0;
    size_ = 0;
  }

 private:
  static constexpr int kDigitBits = 6;            // 4, 5 and 6 measured: 6 is fastest at 10^5
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
    slots_[level * kSlots + slot].push_back(e);
    occupied_[level] |= std::uint64_t{1} << slot;
    levels_ |= 1u << level;
  }

  void unmark(int level, int slot) {
    occupied_[level] &= ~(std::uint64_t{1} << slot);
    if (occupied_[level] == 0) levels_ &= ~(1u << level);
  }

  // The lowest occupied level-0 slot, after refilling level 0 if it is empty.
  std::vector<Event>& front_slot() {
    if ((levels_ & 1u) == 0) refill(kNever);
    return slots_[std::countr_zero(occupied_[0])];
  }

  // Level 0 is empty: the lowest occupied slot of the lowest occupied level
  // holds the earliest events. Its minimum time becomes the base (as in the
  // classic radix heap), so the minimum lands in level 0 at once and the
  // others in levels below this one; events in higher levels stay valid,
  // because the new base keeps the old one's digits above this level.
  // With a `cap` below that minimum (has_before), the base becomes the cap
  // instead, which the caller guarantees is in the slot's range: the events
  // still move to lower levels, though perhaps not the minimum to level 0.
  void refill(Time cap) {
    const int level = std::countr_zero(levels_);
    const int slot = std::countr_zero(occupied_[level]);
    std::vector<Event>& from = slots_[level * kSlots + slot];
    unmark(level, slot);
    if (from.size() == 1) {  // a lone event (the common case when sparse) is the minimum
      const Event e = from[0];
      from.clear();
      base_ = floor_ = std::min(e.time, cap);
      place(e);  // level 0 unless capped
      return;
    }
    Time min = from[0].time;
    for (const Event& e : from) min = std::min(min, e.time);
    base_ = floor_ = std::min(min, cap);   // ≥ every popped time
    for (const Event& e : from) place(e);  // into lower levels: never `from` itself
    if (from.capacity() > kKeepCapacity && from.capacity() > size_)
      std::vector<Event>().swap(from);
    else
      from.clear();
  }

  std::vector<std::vector<Event>> slots_;          // [level * kSlots + slot]
  std::array<std::uint64_t, kLevels> occupied_{};  // per level, bit s: slot s non-empty
  std::uint32_t levels_ = 0;                       // bit d: level d has a non-empty slot
  Time base_ = 0;                                  // the time the levels are relative to
  Time floor_ = 0;                                 // pushes earlier than this are rejected
  std::size_t head_ = 0;  // events already popped from the front level-0 slot
  std::size_t size_ = 0;
  std::uint64_t next_seq_ = 0;
};

}  // namespace ls::sim
