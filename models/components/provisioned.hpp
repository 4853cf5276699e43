// Provisioned concurrency: constant levels, schedules and target tracking.
// It decides how many provisioned environments each function has; the
// environments themselves live in Environments.
#pragma once

#include <cstdint>
#include <vector>

#include "models/account_pool.hpp"
#include "models/components/component.hpp"
#include "models/components/environments.hpp"
#include "models/components/meters.hpp"

namespace ls::models {

class Provisioned final : public Component {
 public:
  Provisioned(SimContext& ctx, Environments& environments, AccountPool& pool);

  void start() override;
  void finish() override;

 private:
  struct PerFunction {
    std::size_t pc_period = static_cast<std::size_t>(-1);  // open entry in usage.pc_periods
    int configured = 0;  // the level set (billed); usable environments: meters.provisioned
    // Schedule: the last step that fired (a pending increase it supersedes
    // never becomes ready).
    std::uint32_t latest_step = 0;
    // Target tracking.
    double tracking_area = 0.0;
    int periods_above = 0;
    int periods_below = 0;
    int pending_scale_out = 0;
  };
  void on_step(const sim::Event& event);
  void on_step_ready(const sim::Event& event);
  void on_tick(const sim::Event& event);
  void on_ready(const sim::Event& event);
  void set(std::size_t f, int count);
  void configure(std::size_t f, int count);
  void provide(std::size_t f, int count);
  void close_period(std::size_t f);

  SimContext ctx_;  // a copy: one indirection less on every access
  Environments& environments_;
  AccountPool& pool_;
  std::uint32_t step_kind_;
  std::uint32_t step_ready_kind_;
  std::uint32_t tick_kind_;
  std::uint32_t ready_kind_;
  std::vector<PerFunction> functions_;
};

}  // namespace ls::models
