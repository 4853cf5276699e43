// sim::Engine against a reference loop over one std::map keyed by (time,
// seq) — the specification of the order: the arrival lane merged with the
// main queue must dispatch exactly as one queue would. The toy model ties
// often (millisecond times, zero delays), where a merge is easiest to get
// wrong.
#include "sim/engine.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "sim/rng.hpp"

namespace ls::sim {
namespace {

constexpr int kSources = 4;
constexpr Time kHorizon = 2000 * kMillisecond;
constexpr Time kWarmup = 500 * kMillisecond;

Time period_of(std::uint32_t s) { return static_cast<Time>(3 + s) * kMillisecond; }

struct Step {
  Time time;
  int what;  // 0: arrival, 1: follow-up, 2: second follow-up, 3: warm-up end
  std::uint32_t index;
  bool warm;
  bool operator==(const Step&) const = default;
};

// The model, run by the engine.
struct EngineModel {
  Engine engine{kHorizon};
  Rng rng{42};
  std::vector<Step> steps;
  std::uint32_t follow_kind = engine.add_kind<&EngineModel::on_follow>(this);
  std::uint32_t second_kind = engine.add_kind<&EngineModel::on_second>(this);

  void on_arrival(const Event& e) {
    engine.next_arrival(e.time + period_of(e.index));
    steps.push_back({e.time, 0, e.index, engine.warm()});
    if (rng.uniform() < 0.6)
      engine.schedule(e.time + static_cast<Time>(rng.below(3)) * kMillisecond, follow_kind,
                      e.index);
  }
  void on_follow(const Event& e) {
    steps.push_back({e.time, 1, e.index, engine.warm()});
    if (rng.uniform() < 0.5)
      engine.schedule(e.time + static_cast<Time>(rng.below(2)) * kMillisecond, second_kind,
                      e.index);
  }
  void on_second(const Event& e) { steps.push_back({e.time, 2, e.index, engine.warm()}); }
  void on_warmup(const Event& e) { steps.push_back({e.time, 3, 0, engine.warm()}); }

  std::vector<Step> run() {
    engine.set_warmup<&EngineModel::on_warmup>(kWarmup, this);
    engine.set_arrival_handler<&EngineModel::on_arrival>(this);
    for (std::uint32_t s = 0; s < kSources; ++s) engine.add_arrival(period_of(s), s);
    engine.run({});
    return steps;
  }
};

// The same model in one ordered map: the specification.
std::vector<Step> reference_run() {
  Rng rng{42};
  std::vector<Step> steps;
  std::map<std::pair<Time, std::uint64_t>, std::pair<int, std::uint32_t>> queue;
  std::uint64_t seq = 0;
  bool warm = false;
  auto push = [&](Time t, int what, std::uint32_t index) {
    if (what != 0 || t < kHorizon) queue[{t, seq}] = {what, index};
    ++seq;
  };
  push(kWarmup, 3, 0);
  for (std::uint32_t s = 0; s < kSources; ++s) push(period_of(s), 0, s);
  while (!queue.empty() && queue.begin()->first.first < kHorizon) {
    const auto [key, value] = *queue.begin();
    queue.erase(queue.begin());
    const Time t = key.first;
    const auto [what, index] = value;
    if (what == 3) warm = true;
    if (what == 0) push(t + period_of(index), 0, index);
    steps.push_back({t, what, what == 3 ? 0 : index, warm});
    if (what == 0 && rng.uniform() < 0.6)
      push(t + static_cast<Time>(rng.below(3)) * kMillisecond, 1, index);
    if (what == 1 && rng.uniform() < 0.5)
      push(t + static_cast<Time>(rng.below(2)) * kMillisecond, 2, index);
  }
  return steps;
}

TEST(Engine, DispatchesInTheOrderOfOneQueue) {
  EngineModel model;
  const std::vector<Step> got = model.run();
  const std::vector<Step> want = reference_run();
  ASSERT_GT(want.size(), 1000u);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got[i].time, want[i].time) << "step " << i;
    ASSERT_EQ(got[i].what, want[i].what) << "step " << i;
    ASSERT_EQ(got[i].index, want[i].index) << "step " << i;
    ASSERT_EQ(got[i].warm, want[i].warm) << "step " << i;
  }
  EXPECT_EQ(model.engine.events(), want.size());
  EXPECT_EQ(model.engine.now(), kHorizon);  // left at the horizon
}

// "Last at their instant" arrivals (the merged Poisson streams') against the
// same map with their keys' seq set above every other, by rank: they come
// after every other event at their time, even those scheduled after them,
// the one of lower rank first when two tie (sources 0 and 2 tie every
// 4 ms, source 2 ranked first), and the ordinary arrivals and follow-ups
// keep their one-queue order.
TEST(Engine, LastArrivalComesAfterEverythingAtItsInstant) {
  constexpr Time kPeriod = 2 * kMillisecond, kOther = 3 * kMillisecond;
  constexpr Time kSecondPeriod = 4 * kMillisecond;
  constexpr std::uint32_t kRank[] = {7, 0, 3};  // by source; source 1 is ordinary
  constexpr std::uint64_t kAboveAll = UINT64_MAX - 100;
  struct Model {
    Engine engine{kHorizon};
    Rng rng{9};
    std::vector<Step> steps;
    std::uint32_t follow = engine.add_kind<&Model::on_follow>(this);
    void on_arrival(const Event& e) {
      if (e.index == 0)
        engine.next_last_arrival(e.time + kPeriod);
      else if (e.index == 2)
        engine.next_last_arrival(e.time + kSecondPeriod);
      else
        engine.next_arrival(e.time + kOther);
      steps.push_back({e.time, 0, e.index, true});
      // Zero delays make ties at the last arrival's next instant.
      engine.schedule(e.time + static_cast<Time>(rng.below(3)) * kMillisecond, follow, e.index);
    }
    void on_follow(const Event& e) { steps.push_back({e.time, 1, e.index, true}); }
  } model;
  model.engine.set_arrival_handler<&Model::on_arrival>(&model);
  model.engine.add_last_arrival(kPeriod, 0, kRank[0]);
  model.engine.add_arrival(kOther, 1);
  model.engine.add_last_arrival(kSecondPeriod, 2, kRank[2]);
  model.engine.run({});

  Rng rng{9};
  std::vector<Step> want;
  std::map<std::pair<Time, std::uint64_t>, std::pair<int, std::uint32_t>> queue;
  std::uint64_t seq = 0;
  queue[{kPeriod, kAboveAll + kRank[0]}] = {0, 0};
  queue[{kOther, seq++}] = {0, 1};
  queue[{kSecondPeriod, kAboveAll + kRank[2]}] = {0, 2};
  while (!queue.empty() && queue.begin()->first.first < kHorizon) {
    const auto [key, value] = *queue.begin();
    queue.erase(queue.begin());
    const auto [what, index] = value;
    want.push_back({key.first, what, index, true});
    if (what != 0) continue;
    if (index == 0)
      queue[{key.first + kPeriod, kAboveAll + kRank[0]}] = {0, 0};
    else if (index == 2)
      queue[{key.first + kSecondPeriod, kAboveAll + kRank[2]}] = {0, 2};
    else
      queue[{key.first + kOther, seq++}] = {0, 1};
    queue[{key.first + static_cast<Time>(rng.below(3)) * kMillisecond, seq++}] = {1, index};
  }
  ASSERT_GT(want.size(), 1000u);
  EXPECT_EQ(model.steps, want);
}

TEST(Engine, NoWarmupMeansWarmFromTheStart) {
  Engine engine(kSecond);
  struct Nothing {
    void on(const Event&) {}
  } nothing;
  engine.set_warmup<&Nothing::on>(0, &nothing);
  EXPECT_TRUE(engine.warm());
  engine.run({});
  EXPECT_EQ(engine.events(), 0u);
}

}  // namespace
}  // namespace ls::sim
