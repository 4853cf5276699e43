// A run split into parts of independent functions, one thread each
// (models/partition.hpp, tools/study/runner.cpp), against the independent
// answer: the same scenario run whole on one thread. The reports (JSON
// without the wall-clock run block, the series CSV) and the event counts
// must be byte-identical; a scenario whose shared account limit binds must
// be run again whole; coupled functions stay in one part.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"
#include "models/merged_arrivals.hpp"
#include "models/partition.hpp"
#include "tools/report/report_csv.hpp"
#include "tools/report/report_json.hpp"
#include "tools/study/runner.hpp"
#include "trace_cli.hpp"

namespace {

using ls::models::Scenario;
using ls::tools::RunSet;

using ls::report_testing::source;

ls::models::LoadOptions options(const std::string& horizon) {
  ls::models::LoadOptions opts;
  opts.data_dir = source("scenarios");
  if (!horizon.empty()) opts.horizon = horizon;
  return opts;
}

Scenario from_text(const std::string& yaml) {
  return ls::models::load_scenario_text(yaml, "split.yaml", source("scenarios"), options(""));
}

RunSet run(const Scenario& scenario, unsigned threads, std::vector<std::string>* notes = nullptr,
           bool split = true) {
  ls::tools::RunnerOptions runner;
  runner.threads = threads;
  runner.split = split;
  runner.series_interval = ls::sim::kMinute;
  if (notes) runner.note = [notes](const std::string& text) { notes->push_back(text); };
  return ls::tools::run_replications(scenario, runner);
}

// The split run equals the whole run on one thread, byte for byte.
void expect_same_as_one_thread(const Scenario& scenario, const RunSet& split) {
  const RunSet whole = run(scenario, 1, nullptr, /*split=*/false);
  ASSERT_EQ(whole.parts, 1u);
  EXPECT_EQ(ls::tools::report_json(scenario, split, false),
            ls::tools::report_json(scenario, whole, false));
  EXPECT_EQ(ls::tools::series_csv(scenario, split.runs.front(), split.bills.front()),
            ls::tools::series_csv(scenario, whole.runs.front(), whole.bills.front()));
  EXPECT_EQ(split.runs.front().events, whole.runs.front().events);
  EXPECT_EQ(split.runs.front().stale_events, whole.runs.front().stale_events);
  EXPECT_EQ(split.bills.front().total.total, whole.bills.front().total.total);
}

std::uint64_t throttled_by(const RunSet& set, ls::models::ThrottleCause cause) {
  std::uint64_t n = 0;
  for (const auto& f : set.runs.front().functions)
    n += f.throttled_by[static_cast<std::size_t>(cause)];
  return n;
}

// The shape of bench/fleet_scenario.py: n functions sharing `rate`
// requests/s evenly, the account limit raised so nothing throttles.
std::string fleet_yaml(int n, double rate) {
  std::string y = "scenario: fleet\nseed: 1\nhorizon: 10m\nwarmup: 0s\n";
  y += "platform:\n  preset: aws-2025\n  account_concurrency: " + std::to_string(2 * n + 10000) +
       "\nfunctions:\n";
  for (int i = 0; i < n; ++i) {
    y += "  f" + std::to_string(i) + ":\n    memory_mb: " + std::to_string(128 + 64 * (i % 100)) +
         "\n    timeout: 30s\n    init: {dist: lognormal, median: 250ms, p99: 900ms}\n"
         "    duration: {dist: gamma, mean: " +
         std::to_string(20 + i % 100) + "ms, cv: 0.5}\n";
  }
  y += "workloads:\n";
  for (int i = 0; i < n; ++i)
    y += "  - function: f" + std::to_string(i) +
         "\n    arrivals: {process: poisson, rate: " + std::to_string(rate / n) + "/s}\n";
  return y;
}

TEST(SplitRun, BundledScenariosWithIndependentFunctionsMatchOneThread) {
  // The bundled scenarios with two or more functions in at least two
  // independent groups (api-gateway: products and search share API
  // Gateway's account throttle, export sits behind a function URL).
  for (const char* file :
       {"scenarios/quickstart.yaml", "scenarios/examples/api-gateway.yaml",
        "scenarios/examples/azure-replay.yaml", "scenarios/examples/import/orders.yaml"}) {
    SCOPED_TRACE(file);
    const Scenario scenario = ls::models::load_scenario(source(file), options("20m"));
    const RunSet split = run(scenario, 2);
    EXPECT_EQ(split.parts, 2u);
    EXPECT_EQ(split.split_undone_because, "");
    expect_same_as_one_thread(scenario, split);
  }
}

TEST(SplitRun, EveryKindOfFunctionMatchesOneThread) {
  // One independent function of each kind the components model, their
  // workloads interleaved so that a part renumbers them: an SQS queue, a
  // Kinesis stream, Kafka with provisioned pollers, tenant isolation,
  // SnapStart with a second version, Managed Instances, durable executions
  // (step retries; callbacks), async with retries and a reservation,
  // provisioned concurrency.
  const Scenario scenario = from_text(R"(scenario: kinds
seed: 17
horizon: 10m
warmup: 1m
functions:
  orders: {timeout: 60s, init: 300ms, duration: {dist: lognormal, median: 400ms, p99: 2s}}
  clicks: {timeout: 60s, init: 200ms, duration: {dist: gamma, mean: 25ms, cv: 0.5}}
  payments: {init: 600ms, duration: {dist: gamma, mean: 400ms, cv: 0.5}}
  tenants:
    init: 400ms
    duration: {dist: gamma, mean: 80ms, cv: 0.6}
    tenant_isolation: {tenants: 200, distribution: zipf, exponent: 1.1}
  snap:
    init: 4s
    duration: {dist: lognormal, median: 80ms, p99: 400ms}
    snapstart: {runtime: python, versions: [{at: 5m}]}
  mi:
    compute: managed-instances
    memory_mb: 1024
    init: 400ms
    duration: {dist: gamma, mean: 60ms, cv: 0.8}
  durable:
    init: 600ms
    duration: {dist: gamma, mean: 300ms, cv: 0.5}
    errors: {rate: 0.1}
    durable:
      steps: [2, 3]
      wait: {dist: exponential, mean: 1m}
      retry: {max_attempts: 3, initial_delay: 1s, max_delay: 5s}
  callbacks:
    init: 300ms
    duration: {dist: gamma, mean: 100ms, cv: 0.5}
    durable:
      steps: [3]
      callback: {delay: {dist: exponential, mean: 30s}, timeout: 45s, on_timeout: continue}
  thumbs:
    reserved_concurrency: 20
    init: 400ms
    duration: {dist: lognormal, median: 800ms, p99: 4s}
    errors: {rate: 0.05}
  pc:
    init: 1s
    duration: 450ms
    provisioned_concurrency: {schedule: [{at: 0s, value: 3}, {at: 4m, value: 8}]}
workloads:
  - {function: pc, arrivals: {process: constant, rate: 10/s}}
  - function: orders
    arrivals: {process: poisson, rate: 100/s}
    source: {type: sqs, batch_size: 10, max_concurrency: 15, record_failure_rate: 0.001,
             visibility_timeout: 6m}
  - {function: tenants, arrivals: {process: poisson, rate: 50/s}}
  - function: clicks
    arrivals: {process: poisson, rate: 300/s}
    source: {type: kinesis, shards: 2, batch_size: 100, window: 1s, poison_every: 5000,
             max_retry_attempts: 2, bisect: true}
  - {function: snap, arrivals: {process: poisson, rate: 20/s}, client_retry: {max: 2}}
  - function: payments
    arrivals: {process: poisson, rate: 200/s}
    source: {type: kafka, partitions: 4, batch_size: 100, window: 500ms,
             provisioned: {min_pollers: 1, max_pollers: 2}}
  - {function: mi, arrivals: {process: poisson, rate: 150/s}}
  - {function: durable, invocation: async, arrivals: {process: poisson, rate: 1/s}}
  - {function: callbacks, invocation: async, arrivals: {process: poisson, rate: 2/s}}
  - function: thumbs
    invocation: async
    async: {max_retries: 2, on_failure: dlq}
    arrivals: {process: poisson, rate: 15/s}
)");
  const RunSet split = run(scenario, 2);
  EXPECT_EQ(split.parts, 2u);
  EXPECT_EQ(split.split_undone_because, "");
  for (std::size_t f = 0; f < scenario.functions.size(); ++f)
    EXPECT_GT(split.runs.front().functions[f].succeeded, 0u) << scenario.functions[f].name;
  expect_same_as_one_thread(scenario, split);
}

TEST(SplitRun, OneBlockFleetMatchesOneThread) {
  // One block of the merged stream (at most 128 functions): split only for
  // threads, each part drawing the whole stream and passing over the
  // other parts' arrivals.
  static_assert(ls::models::kMergedBlockFunctions == 128);
  const Scenario scenario = from_text(fleet_yaml(120, 1000.0));
  const auto plan = ls::models::plan_poisson_merge(scenario);
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(plan->blocks.size(), 1u);
  EXPECT_EQ(run(scenario, 1).parts, 1u);
  for (unsigned threads : {2u, 3u}) {
    SCOPED_TRACE(threads);
    const RunSet split = run(scenario, threads);
    EXPECT_EQ(split.parts, threads);
    EXPECT_EQ(split.split_undone_because, "");
    expect_same_as_one_thread(scenario, split);
    const auto report = nlohmann::json::parse(ls::tools::report_json(scenario, split, true));
    EXPECT_EQ(report["run"]["parts"], threads);
    EXPECT_FALSE(report["run"].contains("split_undone_because"));
  }
}

TEST(SplitRun, FleetOfSeveralBlocksIsCutIntoThem) {
  // 300 functions: blocks of 128, 128 and 44 functions, each its own
  // merged stream, simulated one after another on one thread. On two
  // threads, three blocks are too few to share out (fewer than two each):
  // the run is split into two parts of equal load instead.
  const Scenario scenario = from_text(fleet_yaml(300, 1000.0));
  const auto plan = ls::models::plan_poisson_merge(scenario);
  ASSERT_NE(plan, nullptr);
  ASSERT_EQ(plan->blocks.size(), 3u);
  EXPECT_EQ(plan->blocks[2].workloads.size(), 44u);
  for (const auto& [threads, parts] : {std::pair{1u, 3u}, std::pair{2u, 2u}}) {
    SCOPED_TRACE(threads);
    const RunSet cut = run(scenario, threads);
    EXPECT_EQ(cut.parts, parts);
    EXPECT_EQ(cut.split_undone_because, "");
    expect_same_as_one_thread(scenario, cut);
  }
  // Five blocks on two threads: cut into them.
  const Scenario five = from_text(fleet_yaml(600, 1000.0));
  const RunSet cut = run(five, 2);
  EXPECT_EQ(cut.parts, 5u);
  expect_same_as_one_thread(five, cut);
}

TEST(SplitRun, GroupsReachingIntoAnotherBlockMatchOneThread) {
  // f5 emits to f200 (blocks 0 and 1: the pair goes with block 0, whose
  // part then draws block 1's stream too and passes over its other
  // members), and f260 has a steps workload beside its Poisson one.
  std::string yaml = fleet_yaml(300, 800.0);
  const std::string f5 = "  f5:\n    memory_mb: 448\n";
  ASSERT_NE(yaml.find(f5), std::string::npos);
  yaml.replace(yaml.find(f5), f5.size(),
               f5 + "    emits: [{to: f200, channel: sqs, probability: 0.5}]\n");
  const std::string w5 = "  - function: f5\n";
  yaml.replace(yaml.find(w5), w5.size(), w5 + "    invocation: async\n");
  yaml +=
      "  - function: f260\n    arrivals: {process: steps, rates: [{at: 0s, rate: 1/s}, "
      "{at: 5m, rate: 20/s}]}\n";
  const Scenario scenario = from_text(yaml);
  const auto parts = ls::models::plan_blocks(scenario);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_TRUE(std::binary_search(parts[0].begin(), parts[0].end(), 200u));
  EXPECT_EQ(parts[0].size(), 129u);
  EXPECT_EQ(parts[1].size(), 127u);
  EXPECT_EQ(parts[2].size(), 44u);
  const RunSet cut = run(scenario, 1);
  EXPECT_EQ(cut.parts, 3u);
  expect_same_as_one_thread(scenario, cut);
}

TEST(SplitRun, FleetInABindingAccountStopsCuttingEarlyAndRunsWhole) {
  // 400 functions sharing 2,000/s in an account of 100, whose RPS cap is
  // 1,000/s: the first blocks' starts within two seconds add up past it,
  // so the blocks left are not simulated (each counts its progress without
  // events), and the run is simulated whole.
  std::string yaml = fleet_yaml(400, 2000.0);
  const std::string limit = "account_concurrency: " + std::to_string(2 * 400 + 10000);
  yaml.replace(yaml.find(limit), limit.size(), "account_concurrency: 100");
  const Scenario scenario = from_text(yaml);
  ls::tools::RunnerOptions runner;
  runner.threads = 1;
  runner.series_interval = ls::sim::kMinute;
  int parts_not_simulated = 0;
  runner.advanced = [&](double, std::uint64_t events) { parts_not_simulated += events == 0; };
  const RunSet cut = ls::tools::run_replications(scenario, runner);
  EXPECT_EQ(cut.parts, 4u);
  EXPECT_NE(cut.split_undone_because.find("RPS cap"), std::string::npos)
      << cut.split_undone_because;
  EXPECT_GE(parts_not_simulated, 1);
  EXPECT_GT(throttled_by(cut, ls::models::ThrottleCause::RpsCap), 0u);  // it binds
  expect_same_as_one_thread(scenario, cut);
}

TEST(SplitRun, MergedPoissonStreamWithOtherSourcesMatchesOneThread) {
  // The merged stream's members spread over the parts, beside sources of
  // their own: a burst on a member, a constant and a steps workload.
  std::string yaml = fleet_yaml(120, 300.0);
  yaml.replace(yaml.find("f7\n    arrivals: {process: poisson, rate: 2.500000/s"),
               std::string("f7\n    arrivals: {process: poisson, rate: 2.500000/s").size(),
               "f7\n    arrivals: {process: poisson, rate: 2.500000/s, bursts: [{at: 30s, "
               "count: 40}]");
  yaml +=
      "  - function: f3\n    arrivals: {process: constant, rate: 5/s}\n"
      "  - function: f90\n    arrivals: {process: steps, rates: [{at: 0s, rate: 1/s}, "
      "{at: 5m, rate: 20/s}]}\n";
  const Scenario scenario = from_text(yaml);
  ASSERT_NE(ls::models::plan_poisson_merge(scenario), nullptr);
  for (unsigned threads : {2u, 3u}) {
    SCOPED_TRACE(threads);
    const RunSet split = run(scenario, threads);
    EXPECT_EQ(split.parts, threads);
    expect_same_as_one_thread(scenario, split);
  }
}

// Two functions of `duration` at `rate` each, in an account of `limit`.
Scenario two_functions(int limit, const std::string& rate, const std::string& duration,
                       const std::string& init = "100ms") {
  const std::string fn = "{init: " + init + ", duration: {dist: fixed, value: " + duration + "}}";
  const std::string wl = "arrivals: {process: poisson, rate: " + rate + "}}";
  return from_text(
      "scenario: binding\nseed: 3\nhorizon: 10m\nplatform: {preset: aws-2025, "
      "account_concurrency: " +
      std::to_string(limit) + "}\nfunctions:\n  a: " + fn + "\n  b: " + fn +
      "\nworkloads:\n  - {function: a, " + wl + "\n  - {function: b, " + wl + "\n");
}

TEST(SplitRun, BindingAccountLimitRunsAgainWholeAndSaysSo) {
  // 5/s of 2 s each: ~10 concurrent executions per function, 20 together,
  // in an account of 15 (RPS cap 150/s, far above the 10/s): each part
  // alone fits, the whole run throttles.
  const Scenario scenario = two_functions(15, "5/s", "2s");
  std::vector<std::string> notes;
  const RunSet split = run(scenario, 2, &notes);
  EXPECT_EQ(split.parts, 2u);
  EXPECT_NE(split.split_undone_because.find("unreserved concurrency"), std::string::npos)
      << split.split_undone_because;
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("simulated again whole, in one piece (the results are that run's)"),
            std::string::npos)
      << notes[0];
  EXPECT_GT(throttled_by(split, ls::models::ThrottleCause::AccountLimit), 0u);  // it binds
  EXPECT_EQ(throttled_by(split, ls::models::ThrottleCause::RpsCap), 0u);
  expect_same_as_one_thread(scenario, split);
  // The report's run block says how the run was simulated: whole, and why.
  const auto report = nlohmann::json::parse(ls::tools::report_json(scenario, split, true));
  EXPECT_EQ(report["run"]["parts"], 1);
  EXPECT_EQ(report["run"]["split_undone_because"], split.split_undone_because);
}

TEST(SplitRun, BindingAccountRpsCapRunsAgainWhole) {
  // 600/s of 5 ms each (10 ms INIT, so the cold starts fit too): ~3
  // concurrent executions per function in an account of 100, whose RPS
  // cap, 1,000/s, the 1,200/s together exceed.
  const Scenario scenario = two_functions(100, "600/s", "5ms", "10ms");
  const RunSet split = run(scenario, 2);
  EXPECT_EQ(split.parts, 2u);
  EXPECT_NE(split.split_undone_because.find("RPS cap"), std::string::npos)
      << split.split_undone_because;
  EXPECT_GT(throttled_by(split, ls::models::ThrottleCause::RpsCap), 0u);  // it binds
  EXPECT_EQ(throttled_by(split, ls::models::ThrottleCause::AccountLimit), 0u);
  expect_same_as_one_thread(scenario, split);
}

// Two SQS queues each taking 20 messages/s (2 batches of 10 one-second
// invocations) while 3,000/s arrive: each backlog grows ~2,980/s, to ~4,470
// in 1.5 s, under the bound of 5,000 alone and over it together (at
// ~0.84 s). The split run must not finish: it runs again whole and stops
// with the whole run's error.
TEST(SplitRun, HeldRequestsOverTheBoundTogetherRunAgainWholeWithItsError) {
  const Scenario scenario = from_text(R"(scenario: held
seed: 9
horizon: 1500ms
functions:
  a: {init: 10ms, duration: 1s}
  b: {init: 10ms, duration: 1s}
workloads:
  - function: a
    arrivals: {process: poisson, rate: 3000/s}
    source: {type: sqs, batch_size: 10, max_concurrency: 2}
  - function: b
    arrivals: {process: poisson, rate: 3000/s}
    source: {type: sqs, batch_size: 10, max_concurrency: 2}
)");
  const auto error_of = [&](unsigned threads, std::vector<std::string>* notes) {
    ls::tools::RunnerOptions runner;
    runner.threads = threads;
    runner.limits.max_held_requests = 5000;
    runner.note = [notes](const std::string& text) { notes->push_back(text); };
    try {
      ls::tools::run_replications(scenario, runner);
    } catch (const ls::Error& e) {
      return e.key_path() + ": " + e.message();
    }
    return std::string("finished");
  };
  std::vector<std::string> notes;
  const std::string split = error_of(2, &notes);
  EXPECT_NE(split.find("requests were held at once"), std::string::npos) << split;
  EXPECT_EQ(split, error_of(1, &notes));
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("held up to"), std::string::npos) << notes[0];
}

TEST(SplitRun, EmitsChainStaysInOnePart) {
  // a emits to b (an S3-style chain); c is on its own.
  const Scenario scenario = from_text(R"(scenario: chain
seed: 5
horizon: 10m
functions:
  a:
    init: 100ms
    duration: {dist: fixed, value: 50ms}
    emits: [{to: b, probability: 0.5, channel: sqs}]
  b: {init: 100ms, duration: {dist: fixed, value: 30ms}}
  c: {init: 100ms, duration: {dist: fixed, value: 10ms}}
workloads:
  - {function: a, invocation: async, arrivals: {process: poisson, rate: 20/s}}
  - {function: c, arrivals: {process: poisson, rate: 50/s}}
)");
  using Parts = std::vector<std::vector<std::uint32_t>>;
  EXPECT_EQ(ls::models::coupled_groups(scenario), (Parts{{0, 1}, {2}}));
  // Expected loads: a 20/s + b's emitted events (not arrivals) vs c 50/s:
  // the larger group, c, is dealt first.
  EXPECT_EQ(ls::models::plan_parts(scenario, 2), (Parts{{2}, {0, 1}}));
  EXPECT_EQ(ls::models::plan_parts(scenario, 3), (Parts{{2}, {0, 1}}));
  const RunSet split = run(scenario, 2);
  EXPECT_EQ(split.parts, 2u);
  EXPECT_GT(split.runs.front().functions[0].recursion().emitted, 0u);
  EXPECT_GT(split.runs.front().functions[1].arrivals, 0u);
  expect_same_as_one_thread(scenario, split);
}

TEST(SplitRun, StatisticsPartsFollowTheirFunctionsIntoTheMergedRun) {
  // Two independent functions in two parts: api's statistics hold the
  // provisioned part only, thumbs' the async part only (models/
  // stats_parts.hpp). The merged run holds, for each function, the parts of
  // its part's run, with the same counts as the whole run on one thread.
  const Scenario scenario = from_text(R"(scenario: parts
seed: 9
horizon: 10m
functions:
  api:
    init: 500ms
    duration: {dist: gamma, mean: 80ms, cv: 0.5}
    provisioned_concurrency: {schedule: [{at: 0s, value: 2}]}
  thumbs:
    init: 300ms
    duration: {dist: gamma, mean: 200ms, cv: 0.5}
    errors: {rate: 0.2}
workloads:
  - {function: api, arrivals: {process: poisson, rate: 20/s}}
  - function: thumbs
    invocation: async
    async: {max_retries: 2, on_failure: dlq}
    arrivals: {process: poisson, rate: 10/s}
)");
  const RunSet split = run(scenario, 2);
  ASSERT_EQ(split.parts, 2u);
  const RunSet whole = run(scenario, 1);
  const ls::models::FunctionStats& api = split.runs.front().functions[0];
  const ls::models::FunctionStats& thumbs = split.runs.front().functions[1];
  EXPECT_TRUE(api.parts().provisioned);
  EXPECT_FALSE(api.parts().async);
  EXPECT_TRUE(thumbs.parts().async);
  EXPECT_FALSE(thumbs.parts().provisioned);
  const ls::models::FunctionStats& whole_api = whole.runs.front().functions[0];
  const ls::models::FunctionStats& whole_thumbs = whole.runs.front().functions[1];
  EXPECT_GT(api.provisioned().busy.mean(scenario.horizon), 0.0);
  EXPECT_EQ(api.provisioned().busy.mean(scenario.horizon),
            whole_api.provisioned().busy.mean(scenario.horizon));
  EXPECT_GT(thumbs.async().retries, 0u);
  EXPECT_EQ(thumbs.async().events, whole_thumbs.async().events);
  EXPECT_EQ(thumbs.async().attempts, whole_thumbs.async().attempts);
  EXPECT_EQ(thumbs.async().retries, whole_thumbs.async().retries);
  EXPECT_EQ(thumbs.async().age_success_ms.count(), whole_thumbs.async().age_success_ms.count());
  EXPECT_EQ(thumbs.async().age_success_ms.mean(), whole_thumbs.async().age_success_ms.mean());
}

TEST(SplitRun, LegacyBurstScalingIsNeverSplit) {
  const Scenario scenario = from_text(R"(scenario: legacy
seed: 5
horizon: 10m
platform: {scaling: {model: legacy-burst}}
functions:
  a: {init: 100ms, duration: {dist: fixed, value: 50ms}}
  b: {init: 100ms, duration: {dist: fixed, value: 50ms}}
workloads:
  - {function: a, arrivals: {process: poisson, rate: 20/s}}
  - {function: b, arrivals: {process: poisson, rate: 20/s}}
)");
  EXPECT_TRUE(ls::models::unsplittable_because(scenario).has_value());
  const RunSet two_threads = run(scenario, 2);
  EXPECT_EQ(two_threads.parts, 1u);
  // The report says why (run.split_undone_because in the JSON).
  EXPECT_NE(two_threads.split_undone_because.find("legacy-burst"), std::string::npos);
  // On one thread nothing would have been split: nothing to explain.
  EXPECT_EQ(run(scenario, 1).split_undone_because, "");
}

TEST(SplitRun, MoreReplicationsThanThreadsAreNotSplit) {
  Scenario scenario = from_text(fleet_yaml(10, 100.0));
  scenario.replications = 2;
  EXPECT_EQ(run(scenario, 2).parts, 1u);
  EXPECT_EQ(run(scenario, 4).parts, 2u);
}

}  // namespace
