// MetricPath (tools/study/metric_path.hpp) keeps a report metric's path in 8
// bytes (an interned trie of prefixes). Checked against the plain answer:
// the vector of strings it was made from.
#include "tools/study/metric_path.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace {

using ls::tools::MetricPath;
using Parts = std::vector<std::string>;

TEST(MetricPath, ReadsBackThePartsItWasMadeFrom) {
  const std::vector<Parts> cases = {
      {},
      {"totals"},
      {""},
      {"functions", "api", "latency_ms", "p99"},
      {"a.b", "c"},  // a part holding a dot stays one part
      {"functions", "f1", "cost_usd", "provisioned", "allocated", "x"},
  };
  for (const Parts& parts : cases) {
    const MetricPath path(parts);
    EXPECT_EQ(path.parts(), parts);
    ASSERT_EQ(path.size(), parts.size());
    EXPECT_EQ(path.empty(), parts.empty());
    for (std::size_t i = 0; i < parts.size(); ++i) EXPECT_EQ(path[i], parts[i]) << i;
    if (!parts.empty()) {
      EXPECT_EQ(path.back(), parts.back());
    }
  }
}

TEST(MetricPath, EqualExactlyWhenThePartsAre) {
  const MetricPath a({"functions", "f1", "arrivals"});
  EXPECT_EQ(a, MetricPath(Parts{"functions", "f1", "arrivals"}));
  EXPECT_EQ(a, MetricPath(MetricPath({"functions", "f1"}), {"arrivals"}));
  EXPECT_EQ(a, MetricPath(MetricPath({"functions"}), {"f1", "arrivals"}));
  EXPECT_EQ(a, MetricPath(MetricPath(), {"functions", "f1", "arrivals"}));
  EXPECT_EQ(a, MetricPath(a, {}));
  EXPECT_NE(a, MetricPath({"functions", "f11", "arrivals"}));
  EXPECT_NE(a, MetricPath({"functions", "f1"}));
  EXPECT_NE(a, MetricPath({"functions.f1", "arrivals"}));  // same dotted text, other parts
  EXPECT_NE(MetricPath({"a", "b"}), MetricPath({"b", "a"}));
}

// Replications build their reports on several threads: the same parts
// interned concurrently are one path, and every path reads back right.
TEST(MetricPath, ThreadsInterningTheSamePartsAgree) {
  constexpr int kThreads = 4;
  constexpr int kFunctions = 2000;
  std::vector<std::vector<MetricPath>> made(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([t, &made] {
      for (int f = 0; f < kFunctions; ++f)
        made[t].push_back(MetricPath(MetricPath({"functions", "thread-test-" + std::to_string(f)}),
                                     {"latency_ms", "p99"}));
    });
  for (auto& th : threads) th.join();
  for (int f = 0; f < kFunctions; ++f) {
    const Parts expected = {"functions", "thread-test-" + std::to_string(f), "latency_ms", "p99"};
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(made[t][f], made[0][f]);
      EXPECT_EQ(made[t][f].parts(), expected);
    }
  }
}

}  // namespace
