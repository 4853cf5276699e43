// Processor sharing inside one execution environment that serves several
// requests at once (Managed Instances, Web Functions).
//
// Model: an environment has `vcpus` vCPUs; a request is single-threaded, so
// with k requests active each progresses at rate min(1, vcpus / k) (work is
// measured in seconds of one vCPU: a request's execution time when it runs
// alone). This is limited processor sharing; with exponential work its
// number in service is the birth-death chain of M/M/c with c = vcpus.
//
// Implementation: a virtual clock V that advances at the per-request rate,
// and a finish tag V_start + work per request in a binary min-heap. The
// next completion is the smallest tag, reached after (tag - V) / rate of
// real time. Memory grows with the requests in service only.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace ls::models {

struct PsJob {
  double tag = 0.0;  // virtual finish time (vCPU-seconds)
  sim::Time arrival = 0;
  std::uint8_t outcome = 0;  // simulation-defined
  bool counted = false;      // arrived after the warm-up
  bool cold = false;
};

class PsEnvironment {
 public:
  PsEnvironment() = default;
  explicit PsEnvironment(int vcpus) : vcpus_(vcpus) {}

  // Brings the virtual clock to `now` (call before any change).
  void advance(sim::Time now);
  // Starts serving (an initialising environment holds its requests).
  void set_running(sim::Time now, bool running);
  bool running() const { return running_; }
  void add(sim::Time now, double work_seconds, PsJob job);
  // When the next request finishes (sim::kNever when none or not running),
  // to the nearest ns.
  sim::Time next_completion() const;
  // Removes the request with the smallest tag (at its completion time).
  PsJob pop(sim::Time now);
  int active() const { return static_cast<int>(heap_.size()); }
  int vcpus() const { return vcpus_; }
  // vCPUs in use now: min(k, vcpus) while running.
  int busy_vcpus() const { return running_ ? (active() < vcpus_ ? active() : vcpus_) : 0; }
  void clear();
  const std::vector<PsJob>& jobs() const { return heap_; }  // in heap order

 private:
  double rate() const;  // per request

  int vcpus_ = 1;
  bool running_ = true;
  double virtual_ = 0.0;
  sim::Time last_ = 0;
  std::vector<PsJob> heap_;
};

}  // namespace ls::models
