// MetricLookup (tools/study/report_metrics.hpp) indexes a report's metrics by
// a hash of their dotted path, so that a report of 10,000 functions does not
// scan a million metrics per look-up. Checked against the obvious answer:
// the paths joined with dots, compared as strings, first match wins.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "tools/study/report_metrics.hpp"

namespace {

using ls::tools::AggregatedMetric;
using ls::tools::MetricLookup;

std::string joined(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& part : path) out += (out.empty() ? "" : ".") + part;
  return out;
}

// Paths shaped like a report's, with the traps of a hash index: names that
// are prefixes of others (f1, f11), a part holding a dot (the same dotted
// text as two parts), a duplicate path, and one-part paths.
std::vector<AggregatedMetric> sample_metrics() {
  std::vector<AggregatedMetric> out;
  double v = 0.0;
  for (int f = 0; f < 300; ++f)
    for (const char* leaf : {"arrivals", "latency_ms", "cost_usd"})
      out.push_back({{"functions", "f" + std::to_string(f), leaf}, v++, 0.0, false});
  out.push_back({{"functions", "f1", "latency_ms", "p99"}, v++, 0.0, false});
  out.push_back({{"a.b", "c"}, v++, 0.0, false});
  out.push_back({{"a", "b", "c"}, v++, 0.0, false});  // same dotted text: the first wins
  out.push_back({{"functions", "f7", "arrivals"}, v++, 0.0, false});  // a duplicate
  out.push_back({{"totals"}, v++, 0.0, false});
  out.push_back({{""}, v++, 0.0, false});
  return out;
}

TEST(MetricLookup, FindsWhatJoiningThePathsFinds) {
  const auto metrics = sample_metrics();
  std::map<std::string, const AggregatedMetric*> expected;  // the first of each dotted path
  for (const auto& m : metrics) expected.emplace(joined(m.path.parts()), &m);
  const MetricLookup lookup(metrics);
  for (const auto& [dotted, first] : expected) {
    EXPECT_EQ(lookup.find(dotted), first) << dotted;
    EXPECT_EQ(lookup(dotted), first->mean) << dotted;
    EXPECT_EQ(ls::tools::find_metric(metrics, dotted), first) << dotted;
  }
}

TEST(MetricLookup, AbsentPathsAreNotFound) {
  const auto metrics = sample_metrics();
  const MetricLookup lookup(metrics);
  for (const std::string absent :
       {"functions", "functions.f1", "functions.f1.latency_ms.p9", "functions.f300.arrivals",
        "functions.f1.arrivals.", ".functions.f1.arrivals", "a", "a.b.c.d", "total"}) {
    EXPECT_EQ(lookup.find(absent), nullptr) << absent;
    EXPECT_EQ(lookup(absent), 0.0) << absent;
    EXPECT_EQ(lookup.with_ci(absent, "{:.1f}"), "-") << absent;
    EXPECT_EQ(ls::tools::find_metric(metrics, absent), nullptr) << absent;
  }
}

TEST(MetricLookup, RequestLatencyPerFunctionInOnePass) {
  ls::models::Scenario s;
  s.functions.resize(4);
  s.workloads.resize(4);
  s.workloads[0].function = 2;  // sync, direct: latency
  s.workloads[1].function = 1;
  s.workloads[1].invocation = ls::models::Invocation::Async;  // ages, not latency
  s.workloads[2].function = 3;
  s.workloads[2].source.edit().type = ls::models::SourceConfig::Type::Sqs;  // queue-fed
  s.workloads[3].function = 3;  // ... and also invoked directly
  EXPECT_EQ(ls::tools::request_latency_functions(s), (std::vector<bool>{false, false, true, true}));
}

}  // namespace
