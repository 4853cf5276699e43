// Execution environments of all functions, stored in one vector and referred
// to by index, with an intrusive doubly-linked idle list per function (and a
// second one for provisioned environments): O(1) reuse of the most or least
// recently used environment and O(1) removal of any idle one at expiry.
#pragma once

#include <cstdint>
#include <vector>

#include "models/components/keep_alive.hpp"
#include "sim/time.hpp"

namespace ls::models {

using EnvId = std::uint32_t;
inline constexpr EnvId kNoEnv = 0xFFFFFFFFu;

enum class EnvState : std::uint8_t { Free, Busy, Idle };

// One cache line: a request reads and writes its environment at its start
// and end, and its idle-list neighbours' links (#20).
struct alignas(64) Env {
  std::uint32_t function = 0;
  std::uint32_t gen = 0;  // bumped when the slot is freed: stale events are ignored
  EnvState state = EnvState::Free;
  bool provisioned = false;
  bool retire_when_done = false;        // provisioned environment removed while busy
  bool request_counted = false;         // the request in service arrived after warm-up
  std::uint8_t outcome = 0;             // of the request in service (simulation-defined)
  std::uint8_t caller = 0;              // who invoked it (Environments' clients), with `request`
  IdleExpiry expiry;                    // idle until then (keep-alive / lifetime)
  sim::Time retire_at = sim::kNever;    // created + its draw of max_environment_lifetime
  sim::Time request_arrival = 0;        // first attempt of the request in service
  std::uint32_t request = 0xFFFFFFFFu;  // the caller's ticket; none: a sync request
  EnvId prev = kNoEnv;                  // idle list links
  EnvId next = kNoEnv;
  std::uint32_t tenant = 0;  // tenant isolation: the one tenant it serves
};
static_assert(sizeof(Env) == 64);

class IdleList {
 public:
  bool empty() const { return size_ == 0; }
  std::uint32_t size() const { return size_; }
  EnvId front() const { return head_; }  // least recently used
  EnvId back() const { return tail_; }   // most recently used
  // Inline: every request pushes and removes one.
  void push_back(std::vector<Env>& envs, EnvId id) {
    Env& e = envs[id];
    e.prev = tail_;
    e.next = kNoEnv;
    if (tail_ != kNoEnv)
      envs[tail_].next = id;
    else
      head_ = id;
    tail_ = id;
    ++size_;
  }
  void remove(std::vector<Env>& envs, EnvId id) {
    Env& e = envs[id];
    if (e.prev != kNoEnv)
      envs[e.prev].next = e.next;
    else
      head_ = e.next;
    if (e.next != kNoEnv)
      envs[e.next].prev = e.prev;
    else
      tail_ = e.prev;
    e.prev = e.next = kNoEnv;
    --size_;
  }
  // The k-th element from the front (0-based), walking from the nearer end.
  EnvId at(const std::vector<Env>& envs, std::uint32_t k) const;

 private:
  EnvId head_ = kNoEnv;
  EnvId tail_ = kNoEnv;
  std::uint32_t size_ = 0;
};

class EnvPool {
 public:
  EnvId allocate(std::uint32_t function, bool provisioned);
  void release(EnvId id);  // back to the free list; bumps the generation
  Env& operator[](EnvId id) { return envs_[id]; }
  const Env& operator[](EnvId id) const { return envs_[id]; }
  std::vector<Env>& envs() { return envs_; }
  std::size_t capacity() const { return envs_.size(); }

 private:
  std::vector<Env> envs_;
  std::vector<EnvId> free_;
};

}  // namespace ls::models
