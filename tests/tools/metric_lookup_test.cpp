// MetricLookup and find_metric (tools/study/metric_lookup.hpp) find a
// report's metrics by dotted path in a table of blocks (a prefix and the
// suffixes of a shape), so that a report of 10,000 functions does not scan
// a million metrics per look-up. Checked against the obvious answer: every
// metric's path joined with dots, compared as strings, first match in
// report order wins.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario.hpp"
#include "tools/study/report_metrics.hpp"

namespace {

using ls::tools::MetricLookup;
using ls::tools::MetricPath;
using ls::tools::MetricTable;

std::string joined(const std::vector<std::string>& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) out += (i > 0 ? "." : "") + path[i];
  return out;
}

// Paths shaped like a report's, with the traps of a hash index and of a
// split into prefix and suffix: names that are prefixes of others (f1,
// f11), a part holding a dot (the same dotted text as two parts, found
// through another split of the text), duplicate paths, one-part paths,
// empty parts in a prefix and in a suffix. Each metric's mean is its
// position.
MetricTable sample_metrics() {
  MetricTable::Builder b;
  double v = 0.0;
  for (int f = 0; f < 300; ++f) {
    b.begin_block({"functions", "f" + std::to_string(f)});
    for (const char* leaf : {"arrivals", "latency_ms", "cost_usd"}) b.add({leaf}, v++, false);
  }
  b.begin_block({"functions", "f1"});
  b.add({"latency_ms", "p99"}, v++, false);
  b.begin_block({});
  b.add({"a.b", "c"}, v++, false);
  b.add({"a", "b", "c"}, v++, false);                  // same dotted text: the first wins
  b.add({"functions", "f7", "arrivals"}, v++, false);  // a duplicate of block f7's
  b.add({"totals"}, v++, false);
  b.add({""}, v++, false);
  b.begin_block({"a"});
  b.add({"b.c"}, v++, false);  // "a.b.c" again, split after "a": still the first wins
  b.add({""}, v++, false);     // "a."
  b.begin_block({""});
  b.add({"x"}, v++, false);        // ".x"
  b.begin_block({"x", "y", "z"});  // found under "x" and "x.y" only through nested prefixes
  b.add({"m"}, v++, false);
  return std::move(b).finish();
}

TEST(MetricLookup, FindsWhatJoiningThePathsFinds) {
  const MetricTable metrics = sample_metrics();
  std::map<std::string, double> expected;  // the first of each dotted path: its mean
  for (const auto& m : metrics) expected.emplace(joined(m.path.parts()), m.mean);
  ASSERT_EQ(expected.size(), metrics.size() - 3);  // the three duplicates
  const MetricLookup lookup(metrics);
  for (const auto& [dotted, first] : expected) {
    const auto found = lookup.find(dotted);
    ASSERT_TRUE(found) << dotted;
    EXPECT_EQ(found->mean, first) << dotted;
    EXPECT_EQ(joined(found->path.parts()), dotted);
    EXPECT_EQ(lookup(dotted), first) << dotted;
    const auto scanned = ls::tools::find_metric(metrics, dotted);
    ASSERT_TRUE(scanned) << dotted;
    EXPECT_EQ(scanned->mean, first) << dotted;
  }
}

TEST(MetricLookup, AbsentPathsAreNotFound) {
  const MetricTable metrics = sample_metrics();
  const MetricLookup lookup(metrics);
  for (const std::string absent :
       {"functions", "functions.f1", "functions.f1.latency_ms.p9", "functions.f300.arrivals",
        "functions.f1.arrivals.", ".functions.f1.arrivals", "a", "a.b.c.d", "total", "x", "..x",
        "a.."}) {
    EXPECT_FALSE(lookup.find(absent)) << absent;
    EXPECT_EQ(lookup(absent), 0.0) << absent;
    EXPECT_EQ(lookup.with_ci(absent, "{:.1f}"), "-") << absent;
    EXPECT_FALSE(ls::tools::find_metric(metrics, absent)) << absent;
  }
}

// under(p).find(s) against the joined strings too: every dotted path split
// at each of its dots into a prefix and a suffix (and absent paths the
// same way) finds the first metric of the whole path, whichever split of
// it the metric's own block and suffix make (f7's arrivals listed again by
// the account's block, "a.b.c" listed under three splits, a prefix "").
TEST(MetricLookup, UnderAPrefixFindsWhatTheWholePathFinds) {
  const MetricTable metrics = sample_metrics();
  std::map<std::string, double> expected;
  for (const auto& m : metrics) expected.emplace(joined(m.path.parts()), m.mean);
  const MetricLookup lookup(metrics);
  std::size_t splits = 0;
  for (const auto& [dotted, first] : expected)
    for (std::size_t dot = dotted.find('.'); dot != std::string::npos;
         dot = dotted.find('.', dot + 1)) {
      const auto in = lookup.under(dotted.substr(0, dot));
      const std::string suffix = dotted.substr(dot + 1);
      const auto found = in.find(suffix);
      ASSERT_TRUE(found) << dotted << " split at " << dot;
      EXPECT_EQ(found->mean, first) << dotted << " split at " << dot;
      EXPECT_EQ(joined(found->path.parts()), dotted);
      EXPECT_EQ(in(suffix), first);
      ++splits;
    }
  EXPECT_GT(splits, 900u);  // each function's three metrics at two dots, and the traps
  EXPECT_EQ(lookup.under("functions.f7").find("arrivals")->mean, 21.0);  // the block's, first
  EXPECT_EQ(lookup.under("a").find("b.c")->mean, 901.0);  // the account's {"a.b", "c"}
  EXPECT_EQ(lookup.under("").find("x")->mean, 908.0);     // ".x", prefix {""}
  for (const auto& [prefix, suffix] :
       std::vector<std::pair<std::string, std::string>>{{"functions.f1", "latency_ms.p9"},
                                                        {"functions", "f300.arrivals"},
                                                        {"functions.f1", "arrivals."},
                                                        {"functions.f1", ""},
                                                        {"a.b", "c.d"},
                                                        {"a", ""},  // "a." is listed: found
                                                        {"totals", "x"},
                                                        {".", "x"}}) {
    const auto in = lookup.under(prefix);
    const std::string whole = prefix + "." + suffix;
    const bool listed = expected.contains(whole);
    EXPECT_EQ(static_cast<bool>(in.find(suffix)), listed) << whole;
    EXPECT_EQ(in(suffix), listed ? expected.at(whole) : 0.0) << whole;
    EXPECT_EQ(in.with_ci(suffix, "{:.0f}"), listed ? std::to_string(int(expected.at(whole))) : "-");
  }
}

TEST(MetricLookup, WithCiAppendsTheHalfWidth) {
  MetricTable::Builder b;
  b.begin_block({"totals"});
  b.add({"arrivals"}, 12.34, 0.5, false);
  const MetricTable metrics = std::move(b).finish();
  EXPECT_EQ(MetricLookup(metrics, true).with_ci("totals.arrivals", "{:.1f}"), "12.3 ±0.5");
  EXPECT_EQ(MetricLookup(metrics).with_ci("totals.arrivals", "{:.1f}"), "12.3");
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
