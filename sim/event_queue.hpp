// The pending-event set of the simulator: a radix heap with 256-way digits
// (equivalently, a hierarchical timing wheel whose levels are aligned on the
// bytes of the time).
//
// A discrete-event simulation never schedules into the past, so the times it
// pops are monotone; a radix heap exploits that (Ahuja, Mehlhorn, Orlin &
// Tarjan 1990). Here the radix is 256: an event sits at level d, slot s when
// the most significant byte in which its time differs from the base time is
// byte d, and s is that byte of its time (level 0: the low byte, so a level-0
// slot holds events of exactly one instant). Levels below d are earlier than
// level d, and within a level slots are in time order, so the earliest event
// is in the lowest occupied slot of level 0. When level 0 is empty, the lowest
// occupied slot of the lowest occupied level becomes the new base and its
// events are redistributed to lower levels. 256-bit occupancy masks make both
// searches a few count-trailing-zeros instructions.
//
// Exact (time, seq) order without comparing keys: `seq` is a per-queue
// counter, so a push always carries the largest seq in the queue and appends
// at the tail of its slot; a redistribution moves a slot, in order, into
// slots that are all empty (every level below it is). By induction each slot
// is in seq order, and a level-0 slot (one instant) pops first-in first-out.
// Runs are deterministic and independent of addresses.
//
// Costs: push O(1); each event moves down at most once per level, and a hold
// Δ of about 1 ms (2^20 ns) enters at level 2, so pop is O(1) amortised with
// at most 7 moves per event. 32 bytes per pending event; each of the 2,048
// slots is a vector that keeps its capacity, so there is no allocation per
// event once they have grown (memory: the sum of each slot's peak, a small
// multiple of the peak population in practice).
// Measured (bench/event_queue_bench.cpp, hold model, Δ ~ Exp(1 ms), CPU-time
// medians of 5 repetitions on a shared 2-core machine): 10^3 pending 16 ns per
// hold, 10^5 pending 27 ns, 10^6 pending 45 ns; the previous binary radix
// heap 62 / 107 / 116 ns and the 4-ary heap 76 / 204 / 431 ns in the same run.
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

  // Pre-allocates chunks for about n pending events.
  void reserve(std::size_t n) {
    chunks_.reserve(n / kChunkEvents + 64);
    next_.reserve(n / kChunkEvents + 64);
  }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::uint64_t pushed() const { return next_seq_; }

  void push(Time time, std::uint32_t kind, std::uint32_t index, std::uint32_t gen = 0,
            std::uint32_t aux = 0) {
    if (time < floor_) [[unlikely]]
      throw std::logic_error("event scheduled before the current time");
    place(Event{time, next_seq_++, kind, index, gen, aux});
    ++size_;
  }

  // The earliest event. Precondition: !empty().
  const Event& top() {
    const Slot& s = slots_[front_slot()];
    return chunks_[s.head].events[s.read];
  }

  // Removes and returns the earliest event. Precondition: !empty().
  Event pop() {
    const int slot = front_slot();
    Slot& s = slots_[slot];
    const Event e = chunks_[s.head].events[s.read++];
    if (s.head == s.tail) {
      if (s.read == s.write) {
        release(s.head);
        s = Slot{};
        unmark(0, slot);
      }
    } else if (s.read == kChunkEvents) {
      const std::uint32_t done = s.head;
      s.head = next_[done];
      s.read = 0;
      release(done);
    }
    --size_;
    floor_ = e.time;
    return e;
  }

  void clear() {
    for (Slot& s : slots_) s = Slot{};
    chunks_.clear();
    next_.clear();
    free_ = kNone;
    occupied_ = {};
    levels_ = 0;
    size_ = 0;
  }

 private:
  static constexpr int kDigitBits = 8;
  static constexpr int kSlots = 1 << kDigitBits;
  static constexpr Time kDigitMask = kSlots - 1;
  static constexpr int kLevels = 8;  // 8 bytes cover every time ≥ 0
  static constexpr int kWords = kSlots / 64;
  static constexpr std::uint32_t kChunkEvents = 16;  // 512 bytes
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;

  struct Chunk {
    std::array<Event, kChunkEvents> events;
  };
  // A FIFO list of chunks: events [read, …) of chunk `head` through the first
  // `write` events of chunk `tail`.
  struct Slot {
    std::uint32_t head = kNone;
    std::uint32_t tail = kNone;
    std::uint32_t read = 0;
    std::uint32_t write = 0;
  };

  static int level_of(Time time, Time base) {
    const auto x = static_cast<std::uint64_t>(time ^ base);
    return (std::bit_width(x | 1) - 1) / kDigitBits;  // x = 0: level 0
  }

  std::uint32_t acquire() {
    if (free_ != kNone) {
      const std::uint32_t c = free_;
      free_ = next_[c];
      return c;
    }
    chunks_.emplace_back();
    next_.push_back(kNone);
    return static_cast<std::uint32_t>(chunks_.size() - 1);
  }
  // Last in, first out: the chunk just emptied is the next one filled, hot in cache.
  void release(std::uint32_t c) {
    next_[c] = free_;
    free_ = c;
  }

  void place(const Event& e) {
    const int level = level_of(e.time, base_);
    const auto slot = static_cast<int>((e.time >> (kDigitBits * level)) & kDigitMask);
    Slot& s = slots_[level * kSlots + slot];
    if (s.head == kNone) {
      s.head = s.tail = acquire();
      occupied_[level][slot >> 6] |= std::uint64_t{1} << (slot & 63);
      levels_ |= 1u << level;
    } else if (s.write == kChunkEvents) {
      const std::uint32_t c = acquire();
      next_[s.tail] = c;
      s.tail = c;
      s.write = 0;
    }
    chunks_[s.tail].events[s.write++] = e;
  }

  void unmark(int level, int slot) {
    auto& words = occupied_[level];
    words[slot >> 6] &= ~(std::uint64_t{1} << (slot & 63));
    if ((words[0] | words[1] | words[2] | words[3]) == 0) levels_ &= ~(1u << level);
  }

  int lowest_slot(int level) const {
    const auto& words = occupied_[level];
    for (int w = 0; w < kWords - 1; ++w)
      if (words[w]) return 64 * w + std::countr_zero(words[w]);
    return 64 * (kWords - 1) + std::countr_zero(words[kWords - 1]);
  }

  // The lowest occupied level-0 slot, after refilling level 0 if it is empty.
  int front_slot() {
    if ((levels_ & 1u) == 0) refill();
    return lowest_slot(0);
  }

  // Level 0 is empty: the lowest occupied slot of the lowest occupied level
  // holds the earliest events. Its minimum time becomes the base (as in the
  // classic radix heap), so the minimum lands in level 0 at once and the
  // others in levels below this one; events in higher levels stay valid,
  // because the new base keeps the old one's digits above this level.
  void refill() {
    const int level = std::countr_zero(levels_);
    const int slot = lowest_slot(level);
    const Slot from = slots_[level * kSlots + slot];
    slots_[level * kSlots + slot] = Slot{};
    unmark(level, slot);
    Time min = kNever;
    for (std::uint32_t c = from.head;; c = next_[c]) {
      const std::uint32_t n = c == from.tail ? from.write : kChunkEvents;
      for (std::uint32_t i = 0; i < n; ++i) min = std::min(min, chunks_[c].events[i].time);
      if (c == from.tail) break;
    }
    base_ = floor_ = min;  // ≥ every popped time
    // Chunk by chunk: copied out and released first, so that place() may
    // reuse it (and may grow chunks_) while the copy is distributed.
    for (std::uint32_t c = from.head;;) {
      const bool last = c == from.tail;
      const std::uint32_t n = last ? from.write : kChunkEvents;
      const std::uint32_t next = next_[c];
      std::array<Event, kChunkEvents> copy;
      std::copy_n(chunks_[c].events.begin(), n, copy.begin());
      release(c);
      for (std::uint32_t i = 0; i < n; ++i) place(copy[i]);
      if (last) break;
      c = next;
    }
  }

  std::vector<Slot> slots_;     // [level * kSlots + slot]
  std::vector<Chunk> chunks_;   // the pool; never shrinks (but clear() empties it)
  std::vector<std::uint32_t> next_;  // per chunk: the next in its slot, or in the free list
  std::uint32_t free_ = kNone;
  std::array<std::array<std::uint64_t, kWords>, kLevels> occupied_{};  // bit: slot non-empty
  std::uint32_t levels_ = 0;  // bit d: level d has a non-empty slot
  Time base_ = 0;             // the time the levels are relative to
  Time floor_ = 0;            // pushes earlier than this are rejected
  std::size_t size_ = 0;
  std::uint64_t next_seq_ = 0;
};

}  // namespace ls::sim
