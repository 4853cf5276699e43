// Splitting a run into parts (models/partition.hpp) against answers worked
// out by hand: which functions and workloads a part holds and how it
// renumbers them, where merge_parts puts each part's statistics, series
// rows and events, when it refuses, and a two-part run whose merged counts
// are the closed-form ones of evenly spaced arrivals.
#include "models/partition.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "models/simulation.hpp"
#include "scenario_builders.hpp"

namespace ls::models {
namespace {

using PartLists = std::vector<std::vector<std::uint32_t>>;

// Three functions a, b, c; the workloads interleaved (c, a, b, a); a emits
// to c, so a part holding a must hold c too.
Scenario three_functions() {
  Scenario s = testing::one_function(1.0, Dist::fixed(0.1), 10 * sim::kSecond);
  s.functions[0].name = "a";
  FunctionConfig b = s.functions[0];
  b.name = "b";
  b.reserved_concurrency = 5;
  FunctionConfig c = s.functions[0];
  c.name = "c";
  c.reserved_concurrency = 3;
  s.functions.push_back(b);
  s.functions.push_back(c);
  const WorkloadConfig w = s.workloads[0];
  s.workloads = {w, w, w, w};
  s.workloads[0].function = 2;
  s.workloads[1].function = 0;
  s.workloads[2].function = 1;
  s.workloads[3].function = 0;
  EmitConfig emit;
  emit.target = 2;
  emit.workload = 0;
  s.functions[0].emits.push_back(emit);
  return s;
}

TEST(Partition, MakePartRenumbersItsFunctionsAndWorkloads) {
  const Scenario whole = three_functions();
  const ScenarioPart part = make_part(whole, {0, 2});
  ASSERT_EQ(part.scenario.functions.size(), 2u);
  EXPECT_EQ(part.scenario.functions[0].name, "a");
  EXPECT_EQ(part.scenario.functions[1].name, "c");
  EXPECT_EQ(part.functions, (std::vector<std::uint32_t>{0, 2}));
  // Workloads 0 (c), 1 (a) and 3 (a), in the whole's order; b's (2) left out.
  EXPECT_EQ(part.workloads, (std::vector<std::uint32_t>{0, 1, 3}));
  ASSERT_EQ(part.scenario.workloads.size(), 3u);
  EXPECT_EQ(part.scenario.workloads[0].function, 1u);  // c is the part's second
  EXPECT_EQ(part.scenario.workloads[1].function, 0u);
  EXPECT_EQ(part.scenario.workloads[2].function, 0u);
  // a's emit to c: c is the part's function 1, its workload the part's 0.
  ASSERT_EQ(part.scenario.functions[0].emits.size(), 1u);
  EXPECT_EQ(part.scenario.functions[0].emits[0].target, 1u);
  EXPECT_EQ(part.scenario.functions[0].emits[0].workload, 0u);
  EXPECT_EQ(part.reserved_elsewhere, 5);  // b's reservation
  // The other part: b alone, with a's and c's reservations (none + 3).
  const ScenarioPart other = make_part(whole, {1});
  EXPECT_EQ(other.workloads, (std::vector<std::uint32_t>{2}));
  EXPECT_EQ(other.scenario.workloads[0].function, 0u);
  EXPECT_EQ(other.reserved_elsewhere, 3);
}

FunctionStats stats_with_arrivals(std::uint64_t arrivals) {
  FunctionStats s;
  s.arrivals = arrivals;
  s.succeeded = arrivals;
  return s;
}

SeriesRow series_row(std::uint32_t interval, std::uint32_t function, std::uint64_t arrivals) {
  SeriesRow r;
  r.interval = interval;
  r.function = function;
  r.arrivals = arrivals;
  return r;
}

// Part 0 holds functions {0, 2} (a: 5 arrivals, c: 7), part 1 {1} (b: 3),
// each with two series intervals and its own event count.
std::vector<RunResult> two_part_results() {
  std::vector<RunResult> results(2);
  RunResult& p0 = results[0];
  p0.functions.push_back(stats_with_arrivals(5));
  p0.functions.push_back(stats_with_arrivals(7));
  p0.usage.resize(2);
  p0.usage[0].requests = 5;
  p0.usage[1].requests = 7;
  p0.series = {series_row(0, 0, 2), series_row(0, 1, 4), series_row(1, 0, 3), series_row(1, 1, 3)};
  p0.series_interval = sim::kMinute;
  p0.events = 100;
  p0.stale_events = 4;
  p0.wall_seconds = 0.5;
  p0.account_peaks = {2, 6, 1, {}, {}};
  RunResult& p1 = results[1];
  p1.functions.push_back(stats_with_arrivals(3));
  p1.usage.resize(1);
  p1.usage[0].requests = 3;
  p1.series = {series_row(0, 0, 1), series_row(1, 0, 2)};
  p1.series_interval = sim::kMinute;
  p1.events = 60;
  p1.stale_events = 1;
  p1.wall_seconds = 0.75;
  p1.account_peaks = {1, 3, 2, {}, {}};
  return results;
}

TEST(Partition, MergePartsPutsEachPartsResultsAtTheWholeIndex) {
  const Scenario whole = three_functions();
  const MergedRun merged =
      merge_parts(whole, PartLists{{0, 2}, {1}}, two_part_results(), /*events_without=*/10, 0);
  ASSERT_TRUE(merged.result) << merged.not_merged_because;
  const RunResult& r = *merged.result;
  ASSERT_EQ(r.functions.size(), 3u);
  EXPECT_EQ(r.functions[0].arrivals, 5u);  // a
  EXPECT_EQ(r.functions[1].arrivals, 3u);  // b
  EXPECT_EQ(r.functions[2].arrivals, 7u);  // c
  EXPECT_EQ(r.usage[0].requests, 5u);
  EXPECT_EQ(r.usage[1].requests, 3u);
  EXPECT_EQ(r.usage[2].requests, 7u);
  // Rows by interval, then by the whole's function index, as the whole run
  // writes them.
  ASSERT_EQ(r.series.size(), 6u);
  const std::vector<std::vector<std::uint64_t>> expected = {{0, 0, 2}, {0, 1, 1}, {0, 2, 4},
                                                            {1, 0, 3}, {1, 1, 2}, {1, 2, 3}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(r.series[i].interval, expected[i][0]) << i;
    EXPECT_EQ(r.series[i].function, expected[i][1]) << i;
    EXPECT_EQ(r.series[i].arrivals, expected[i][2]) << i;
  }
  EXPECT_EQ(r.series_interval, sim::kMinute);
  // 100 + 60 events, less the 10 every part counts whatever its functions
  // do, counted once too often by the second part.
  EXPECT_EQ(r.events, 150u);
  EXPECT_EQ(r.stale_events, 5u);
  EXPECT_EQ(r.wall_seconds, 0.75);  // the parts ran side by side
  EXPECT_EQ(r.account_peaks.unreserved_concurrency, 3);
  EXPECT_EQ(r.account_peaks.rps_two_seconds, 9u);
  EXPECT_EQ(r.account_peaks.held_requests, 3u);
}

TEST(Partition, MergePartsRefusesWhenTheSharedLimitsMayHaveBound) {
  Scenario whole = three_functions();
  // 1,000 less the 8 reserved leaves 992 unreserved; the parts' peaks add
  // up to 993.
  whole.platform.account_concurrency = 1000;
  std::vector<RunResult> results = two_part_results();
  results[0].account_peaks.unreserved_concurrency = 500;
  results[1].account_peaks.unreserved_concurrency = 493;
  MergedRun merged = merge_parts(whole, PartLists{{0, 2}, {1}}, std::move(results), 10, 0);
  EXPECT_FALSE(merged.result);
  EXPECT_NE(merged.not_merged_because.find("up to 993 unreserved concurrency at once"),
            std::string::npos)
      << merged.not_merged_because;
  EXPECT_NE(merged.not_merged_because.find("over the 992"), std::string::npos);
  // 992 exactly fits.
  results = two_part_results();
  results[0].account_peaks.unreserved_concurrency = 500;
  results[1].account_peaks.unreserved_concurrency = 492;
  EXPECT_TRUE(merge_parts(whole, PartLists{{0, 2}, {1}}, std::move(results), 10, 0).result);
  // Held requests: 1 + 2 = 3, over a bound of 2, not over 3.
  EXPECT_FALSE(merge_parts(whole, PartLists{{0, 2}, {1}}, two_part_results(), 10, 2).result);
  EXPECT_TRUE(merge_parts(whole, PartLists{{0, 2}, {1}}, two_part_results(), 10, 3).result);
  // A part that stopped at the bound.
  results = two_part_results();
  results[1].held_limit = RunResult::HeldLimit{sim::kSecond, 2};
  EXPECT_FALSE(merge_parts(whole, PartLists{{0, 2}, {1}}, std::move(results), 10, 0).result);
}

// Parts that recorded their seconds (account_seconds.hpp) are added second
// by second: peaks at different moments do not add up.
TEST(Partition, MergePartsAddsThePartsSecondBySecond) {
  Scenario whole = three_functions();
  whole.platform.account_concurrency = 1000;  // 992 unreserved
  whole.platform.rps_per_concurrency = 10;    // RPS cap 10,000/s
  std::vector<RunResult> results = two_part_results();
  results[0].account_peaks.unreserved_concurrency = 500;
  results[1].account_peaks.unreserved_concurrency = 493;
  results[0].account_peaks.unreserved_by_second = {500, 10, 10};
  results[1].account_peaks.unreserved_by_second = {10, 10, 493};
  results[0].account_peaks.rps_by_second = {4000, 999, 0};
  results[1].account_peaks.rps_by_second = {999, 4000, 1};
  const auto peaks_of = [&](const std::vector<RunResult>& parts) {
    PartPeaks peaks(whole, 0);
    for (const RunResult& r : parts) peaks.add(r);
    return peaks;
  };
  PartPeaks peaks = peaks_of(results);
  EXPECT_EQ(peaks.unreserved_bound(), 510);  // second 0: 500 + 10 (not 500 + 493)
  EXPECT_EQ(peaks.rps_bound(), 9998u);       // seconds 0 and 1: 4,999 + 4,999
  EXPECT_EQ(peaks.may_have_bound(), "");
  EXPECT_TRUE(merge_parts(whole, PartLists{{0, 2}, {1}}, results, 10, peaks).result);
  // Coinciding in second 2: 10 + 983 = 993 > 992.
  results[0].account_peaks.unreserved_by_second[2] = 500;
  EXPECT_EQ(peaks_of(results).unreserved_bound(), 993);
  EXPECT_NE(peaks_of(results).may_have_bound().find("up to 993"), std::string::npos);
  // Two more tokens in seconds 0–1: 10,000 within two seconds, over C − 1.
  results[0].account_peaks.unreserved_by_second[2] = 10;
  results[1].account_peaks.rps_by_second[1] = 4002;
  EXPECT_EQ(peaks_of(results).rps_bound(), 10000u);
  EXPECT_NE(peaks_of(results).may_have_bound().find("RPS cap"), std::string::npos)
      << peaks_of(results).may_have_bound();
  // A part without a record: the peaks are added (500 + 493 = 993).
  results[1].account_peaks.rps_by_second[1] = 4000;
  results[1].account_peaks.unreserved_by_second.clear();
  EXPECT_EQ(peaks_of(results).unreserved_bound(), 993);
}

TEST(Partition, MergePartsRejectsResultsThatDoNotMatchTheParts) {
  const Scenario whole = three_functions();
  EXPECT_THROW(merge_parts(whole, PartLists{{0, 2}, {1}, {}}, two_part_results(), 10, 0),
               std::invalid_argument);
  EXPECT_THROW(merge_parts(whole, PartLists{{0}, {1, 2}}, two_part_results(), 10, 0),
               std::invalid_argument);
}

TEST(Partition, TwoPartRunMergesIntoTheClosedFormCounts) {
  // Two independent functions, each fed evenly spaced arrivals (the first
  // one gap after 0) of 100 ms fixed duration, no INIT and no keep-alive
  // expiry: over 10.25 s, a at 2/s gets 20 arrivals (0.5 s … 10 s), b at
  // 1/s 10 (1 s … 10 s), all done by 10.1 s; each starts cold once and
  // then reuses its one environment (100 ms < the gap); each invocation
  // bills 100,000 µs (1 ms granularity).
  Scenario whole = testing::one_function(2.0, Dist::fixed(0.1), 10'250 * sim::kMillisecond);
  whole.workloads[0].arrivals.process = ArrivalConfig::Process::Constant;
  FunctionConfig b = whole.functions[0];
  b.name = "b";
  whole.functions.push_back(b);
  WorkloadConfig wb = whole.workloads[0];
  wb.function = 1;
  wb.arrivals.rate = 1.0;
  whole.workloads.push_back(wb);

  const PartLists planned = plan_parts(whole, 2);
  ASSERT_EQ(planned, (PartLists{{0}, {1}}));
  const RunOptions options;
  std::vector<RunResult> results;
  for (const auto& functions : planned) {
    const ScenarioPart part = make_part(whole, functions);
    results.push_back(simulate(part.scenario, part_options(options, part)));
  }
  const std::uint64_t fixed = run_events_without_functions(whole, options);
  const MergedRun merged = merge_parts(whole, planned, std::move(results), fixed, 0);
  ASSERT_TRUE(merged.result) << merged.not_merged_because;
  const RunResult& r = *merged.result;
  const std::uint64_t arrivals[] = {20, 10};
  for (std::size_t f = 0; f < 2; ++f) {
    SCOPED_TRACE(f);
    EXPECT_EQ(r.functions[f].arrivals, arrivals[f]);
    EXPECT_EQ(r.functions[f].succeeded, arrivals[f]);
    EXPECT_EQ(r.functions[f].invocations, arrivals[f]);
    EXPECT_EQ(r.functions[f].cold_starts, 1u);
    EXPECT_EQ(r.functions[f].environments_created, 1u);
    EXPECT_EQ(r.usage[f].requests, arrivals[f]);
    EXPECT_EQ(r.usage[f].ondemand_billed_us, arrivals[f] * 100'000);
  }
  // And the whole run's own result: the same counts and the same events.
  const RunResult one = simulate(whole, options);
  EXPECT_EQ(r.events, one.events);
  for (std::size_t f = 0; f < 2; ++f) {
    EXPECT_EQ(r.functions[f].arrivals, one.functions[f].arrivals);
    EXPECT_EQ(r.functions[f].latency_ms.count(), one.functions[f].latency_ms.count());
    EXPECT_EQ(r.functions[f].latency_ms.mean(), one.functions[f].latency_ms.mean());
  }
}

}  // namespace
}  // namespace ls::models
