// The pending-event set of the simulator: a radix heap over (time, seq).
//
// A discrete-event simulation never schedules into the past, so the keys it
// pops are monotone; a radix heap exploits that (Ahuja, Mehlhorn, Orlin &
// Tarjan 1990). Keys are the 128-bit (time, seq) pairs — unique, because
// `seq` comes from a per-queue counter — and bucket b holds keys whose
// highest bit differing from the last popped key is bit b−1 (bucket 0: the
// last key itself). Pop takes bucket 0, or else scans the lowest non-empty
// bucket for its minimum and redistributes that bucket into lower ones. Each
// event moves down at most once per bit, so push is O(1) and pop amortised
// O(log of the time span), with no comparisons chained through a tree: about
// a third of a 4-ary heap's cost per hold at 10^5 pending events
// (bench/event_queue_bench.cpp; numbers in the README).
//
// Costs: 32 bytes per pending event; no allocation per event once the
// buckets have grown to their peak (vectors never shrink). Events for the
// same instant run in the order they were scheduled (seq), so runs are
// deterministic and independent of addresses. Cancellation is by generation
// (see HeapEventQueue). Precondition: an event is never pushed earlier than
// the last one popped — checked on every push (a model bug otherwise).
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "sim/event.hpp"

namespace ls::sim {

class EventQueue {
 public:
  void reserve(std::size_t n) { buckets_[kBuckets - 1].reserve(n); }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::uint64_t pushed() const { return next_seq_; }

  void push(Time time, std::uint32_t kind, std::uint32_t index, std::uint32_t gen = 0,
            std::uint32_t aux = 0) {
    if (time < last_time_) [[unlikely]]
      throw std::logic_error("event scheduled before the current time");
    const Event e{time, next_seq_++, kind, index, gen, aux};
    place(e);
    ++size_;
  }

  // The earliest event. Precondition: !empty().
  const Event& top() {
    refill();
    return buckets_[0].back();
  }

  // Removes and returns the earliest event. Precondition: !empty().
  Event pop() {
    refill();
    const Event e = buckets_[0].back();
    buckets_[0].pop_back();
    if (buckets_[0].empty()) occupied_[0] &= ~std::uint64_t{1};
    --size_;
    return e;
  }

  void clear() {
    for (auto& b : buckets_) b.clear();
    occupied_ = {0, 0, 0};
    size_ = 0;
  }

 private:
  static constexpr int kBuckets = 129;

  int bucket_of(const Event& e) const {
    const auto dt = static_cast<std::uint64_t>(e.time) ^ static_cast<std::uint64_t>(last_time_);
    if (dt != 0) return 128 - std::countl_zero(dt);
    const std::uint64_t ds = e.seq ^ last_seq_;
    return ds != 0 ? 64 - std::countl_zero(ds) : 0;
  }

  void place(const Event& e) {
    const int b = bucket_of(e);
    buckets_[b].push_back(e);
    occupied_[b >> 6] |= std::uint64_t{1} << (b & 63);
  }

  int lowest_occupied() const {
    for (int w = 0; w < 3; ++w)
      if (occupied_[w]) return 64 * w + std::countr_zero(occupied_[w]);
    return -1;
  }

  // Makes bucket 0 hold the minimum: redistributes the lowest non-empty
  // bucket around its minimum, which becomes the new "last" key.
  void refill() {
    if (!buckets_[0].empty()) return;
    const int b = lowest_occupied();
    std::vector<Event>& bucket = buckets_[b];
    std::size_t best = 0;
    for (std::size_t i = 1; i < bucket.size(); ++i) {
      const Event& c = bucket[i];
      const Event& m = bucket[best];
      if (c.time < m.time || (c.time == m.time && c.seq < m.seq)) best = i;
    }
    last_time_ = bucket[best].time;
    last_seq_ = bucket[best].seq;
    occupied_[b >> 6] &= ~(std::uint64_t{1} << (b & 63));
    for (const Event& e : bucket) place(e);  // every one lands in a lower bucket
    bucket.clear();
  }

  std::array<std::vector<Event>, kBuckets> buckets_;
  std::array<std::uint64_t, 3> occupied_{0, 0, 0};  // bit b: bucket b non-empty
  std::size_t size_ = 0;
  Time last_time_ = 0;
  std::uint64_t last_seq_ = 0;
  std::uint64_t next_seq_ = 0;
};

}  // namespace ls::sim
