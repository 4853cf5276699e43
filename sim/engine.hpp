// The event loop of a simulation, independent of what is simulated (as
// SimGrid's engine is of its platform models): the clock, the horizon, the
// warm-up, the progress callback, and dispatch of each event to the handler
// its kind was registered with.
//
// Two lanes of pending events, merged by (time, seq) into exactly the order
// of one queue: the main queue (a radix heap, event_queue.hpp) and an arrival
// lane (a 4-ary heap, one pending event per arrival source, stamped with
// seqs taken from the main queue), so that the most frequent events skip the
// radix heap's redistribution.
//
// Dispatch: a kind is an index into a table of {object, function pointer}
// filled by the model's components at construction (add_kind), so adding an
// event kind touches no switch; one indirect call per event, no allocation.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/event.hpp"
#include "sim/event_queue.hpp"
#include "sim/heap_event_queue.hpp"

namespace ls::sim {

class Engine {
 public:
  using Handler = void (*)(void* self, const Event& event);

  explicit Engine(Time horizon) : horizon_(horizon) {}

  // Registers `Method` of `self` (void C::method(const Event&)) as the
  // handler of a new event kind, and returns that kind.
  template <auto Method, class C>
  std::uint32_t add_kind(C* self) {
    handlers_.push_back({self, [](void* s, const Event& e) { (static_cast<C*>(s)->*Method)(e); }});
    return static_cast<std::uint32_t>(handlers_.size() - 1);
  }

  // The warm-up ends at `at` (0: no warm-up, warm from the start): then
  // `Method` of `self` runs and warm() turns true. Call before scheduling
  // anything else, so that it comes first among events at the same time.
  template <auto Method, class C>
  void set_warmup(Time at, C* self) {
    warm_ = at == 0;
    warmup_ = {self, [](void* s, const Event& e) { (static_cast<C*>(s)->*Method)(e); }};
    const std::uint32_t kind = add_kind<&Engine::end_warmup>(this);
    if (!warm_) queue_.push(at, kind, 0);
  }
  bool warm() const { return warm_; }

  // The arrival lane's events all go to `Method` of `self`, whose first act
  // must be next_arrival() (the event is still the lane's earliest then).
  template <auto Method, class C>
  void set_arrival_handler(C* self) {
    arrival_ = {self, [](void* s, const Event& e) { (static_cast<C*>(s)->*Method)(e); }};
  }
  // Adds a pending arrival (index: model-defined, e.g. the arrival source)
  // when it is before the horizon.
  void add_arrival(Time at, std::uint32_t index) {
    if (at < horizon_) arrivals_.push(Event{at, queue_.take_seq(), 0, index, 0, 0});
  }
  // Replaces the arrival being handled by the same source's next one at `at`
  // (or drops it when that is past the horizon).
  void next_arrival(Time at) {
    if (at < horizon_)
      arrivals_.replace_top(Event{at, queue_.take_seq(), 0, arrivals_.top().index, 0, 0});
    else
      arrivals_.pop();
  }

  // As add_arrival and next_arrival, for an arrival that comes after every
  // other event at its instant, whenever those were scheduled: its place in
  // the order depends on times alone, so a split run's part can leave out
  // the arrivals that other parts simulate and still order its own as the
  // whole run does (the merged Poisson streams, models/merged_arrivals.hpp).
  // Such arrivals at one instant come by ascending `rank` (each pending one
  // has its own, below 2^32: a merged stream's block), so a part orders
  // those it has as the whole run does too.
  void add_last_arrival(Time at, std::uint32_t index, std::uint32_t rank) {
    if (at < horizon_) arrivals_.push(Event{at, kLastAtInstant + rank, 0, index, 0, 0});
  }
  // The top is such an arrival: its source's next one, with the same rank.
  void next_last_arrival(Time at) {
    if (at < horizon_)
      arrivals_.replace_top(Event{at, arrivals_.top().seq, 0, arrivals_.top().index, 0, 0});
    else
      arrivals_.pop();
  }

  // The source index of the arrival lane's earliest pending event (after
  // next_arrival(): the next arrival to come), so that the model can start
  // loading its state into the cache; false when the lane is empty.
  bool peek_arrival(std::uint32_t& index) const {
    if (arrivals_.empty()) return false;
    index = arrivals_.top().index;
    return true;
  }

  void schedule(Time at, std::uint32_t kind, std::uint32_t index, std::uint32_t gen = 0,
                std::uint32_t aux = 0) {
    queue_.push(at, kind, index, gen, aux);
  }

  Time now() const { return now_; }
  // The clock itself, for state that reads the time where no event passes
  // it (models/account_seconds.hpp).
  const Time* clock() const { return &now_; }
  Time horizon() const { return horizon_; }
  // An event that found its target gone or moved (generation-based
  // cancellation); reported in the run's statistics.
  void count_stale() { ++stale_; }
  std::uint64_t stale() const { return stale_; }
  std::uint64_t events() const { return events_; }

  // Runs events up to the horizon (events at or after it stay pending), then
  // leaves the clock at the horizon. `progress`, when set, is called every
  // 2^20 events with the simulated time reached.
  void run(const std::function<void(Time)>& progress);
  // Stops the run at the next event boundary: after the current handler,
  // from inside the model (halt), or when `*flag` turns true (set from a
  // signal handler or another thread).
  void halt() { halted_ = true; }
  void set_stop_flag(const std::atomic<bool>* flag) { stop_flag_ = flag; }

 private:
  struct Slot {
    void* self = nullptr;
    Handler fn = nullptr;
  };

  // Seqs from here up no event takes (2^64 − 2^32: the main queue counts
  // one per event scheduled).
  static constexpr std::uint64_t kLastAtInstant = UINT64_MAX - UINT32_MAX;

  void end_warmup(const Event& e) {
    warm_ = true;
    warmup_.fn(warmup_.self, e);
  }

  Time horizon_;
  Time now_ = 0;
  bool warm_ = true;
  bool halted_ = false;
  const std::atomic<bool>* stop_flag_ = nullptr;
  std::uint64_t events_ = 0;
  std::uint64_t stale_ = 0;
  EventQueue queue_;
  HeapEventQueue arrivals_;
  Slot arrival_;
  Slot warmup_;
  std::vector<Slot> handlers_;
};

}  // namespace ls::sim
