#include "sim/engine.hpp"

namespace ls::sim {

void Engine::run(const std::function<void(Time)>& progress) {
  constexpr std::uint64_t kProgressEvery = 1 << 20;
  for (;;) {
    if (halted_ || (stop_flag_ && stop_flag_->load(std::memory_order_relaxed))) break;
    // The earlier of the next arrival and the next queued event, in the
    // exact (time, seq) order of a single queue.
    const bool arrival = !arrivals_.empty() && !queue_.has_before(arrivals_.top());
    if (arrival) {
      if (arrivals_.top().time >= horizon_) break;
      const Event ev = arrivals_.top();  // a copy: the handler replaces the top
      now_ = ev.time;
      ++events_;
      arrival_.fn(arrival_.self, ev);
    } else {
      if (queue_.empty() || queue_.top().time >= horizon_) break;
      const Event ev = queue_.pop();
      now_ = ev.time;
      ++events_;
      const Slot& h = handlers_[ev.kind];
      h.fn(h.self, ev);
    }
    if (progress && events_ % kProgressEvery == 0) progress(now_);
  }
  now_ = horizon_;
}

}  // namespace ls::sim
