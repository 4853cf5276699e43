#include "models/ps_env.hpp"

#include <algorithm>
#include <cmath>

namespace ls::models {
namespace {
bool later(const PsJob& a, const PsJob& b) { return a.tag > b.tag; }  // min-heap
}  // namespace

double PsEnvironment::rate() const {
  const int k = active();
  if (!running_ || k == 0) return 0.0;
  return k <= vcpus_ ? 1.0 : static_cast<double>(vcpus_) / k;
}

void PsEnvironment::advance(sim::Time now) {
  if (now > last_) virtual_ += rate() * sim::to_seconds(now - last_);
  last_ = std::max(last_, now);
}

void PsEnvironment::set_running(sim::Time now, bool running) {
  advance(now);
  running_ = running;
}

void PsEnvironment::add(sim::Time now, double work_seconds, PsJob job) {
  advance(now);
  // An empty environment restarts its clock: tags stay small and precise.
  if (heap_.empty()) virtual_ = 0.0;
  job.tag = virtual_ + std::max(0.0, work_seconds);
  heap_.push_back(job);
  std::push_heap(heap_.begin(), heap_.end(), later);
}

sim::Time PsEnvironment::next_completion() const {
  const double r = rate();
  if (r <= 0.0) return sim::kNever;
  const double remaining = std::max(0.0, heap_.front().tag - virtual_) / r;
  // Rounded to the nearest ns (not up): a request of exactly 100 ms alone
  // then ends exactly 100 ms later, whatever the clock's rounding; pop()
  // absorbs the sub-ns the virtual clock may still trail its tag by.
  return last_ +
         static_cast<sim::Time>(std::llround(remaining * static_cast<double>(sim::kSecond)));
}

PsJob PsEnvironment::pop(sim::Time now) {
  advance(now);
  std::pop_heap(heap_.begin(), heap_.end(), later);
  const PsJob job = heap_.back();
  heap_.pop_back();
  // The clock may trail the tag by the rounding of next_completion().
  virtual_ = std::max(virtual_, job.tag);
  return job;
}

void PsEnvironment::clear() {
  heap_.clear();
  virtual_ = 0.0;
}

}  // namespace ls::models
