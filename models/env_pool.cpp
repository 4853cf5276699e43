#include "models/env_pool.hpp"

#include "models/free_slot.hpp"

namespace ls::models {

EnvId IdleList::at(const std::vector<Env>& envs, std::uint32_t k) const {
  if (k < size_ / 2) {
    EnvId id = head_;
    while (k-- > 0) id = envs[id].next;
    return id;
  }
  EnvId id = tail_;
  for (std::uint32_t steps = size_ - 1 - k; steps > 0; --steps) id = envs[id].prev;
  return id;
}

EnvId EnvPool::allocate(std::uint32_t function, bool provisioned) {
  const EnvId id = take_free_slot(envs_, free_);
  Env& e = envs_[id];
  const std::uint32_t gen = e.gen;
  e = Env{};
  e.gen = gen;
  e.function = function;
  e.provisioned = provisioned;
  e.state = EnvState::Idle;
  return id;
}

void EnvPool::release(EnvId id) {
  Env& e = envs_[id];
  e.state = EnvState::Free;
  ++e.gen;
  free_.push_back(id);
}

}  // namespace ls::models
