// `lambdasim plan` end to end on cases with known answers (each derived in
// the comment above its test and computed independently here), the JSON
// contract, infeasible constraints (exit 3 with the closest configurations)
// and bad input (exit 2).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "sweep_cli_helpers.hpp"

namespace ls::testing {
namespace {

using nlohmann::json;

// Erlang B by the stable recursion B(0)=1, B(k) = a·B(k−1) / (k + a·B(k−1)).
double erlang_b(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

int smallest_reservation(double a, double target) {
  int c = 0;
  while (erlang_b(c, a) > target) ++c;
  return c;
}

json plan_json(const std::string& args, int expected_exit = 0) {
  const CliResult r = run_cli("plan " + args + " --quiet --json -");
  EXPECT_EQ(r.exit_code, expected_exit) << r.out;
  try {
    return json::parse(r.out);
  } catch (const json::exception& e) {
    ADD_FAILURE() << e.what() << "\n" << r.out;
    return json::object();
  }
}

const std::string kReservation = source_path("scenarios/examples/plan-reservation.yaml");
const std::string kProvisioned = source_path("scenarios/examples/plan-provisioned.yaml");

// Reservation c, Poisson 20/s, mean run time 0.5 s, INIT 0, no reclaiming:
// an M/G/c/c loss system whose throttled fraction is Erlang B(c, 10), so the
// smallest c with B(c, 10) <= 1 % is 18 (B(17) = 1.29 %, B(18) = 0.71 %).
// With 3 replications of 1 h, the upper end of the CI at c = 18 was at most
// 0.99 % over seeds 1–8 (all gave 18); the test uses the file's seed (7: 0.89 %).
TEST(Plan, ReservationIsTheErlangBSizeForTheThrottleTarget) {
  const int expected = smallest_reservation(10.0, 0.01);
  std::printf("  Erlang B: smallest c with B(c, 10) <= 1%% is %d (B = %.4f, B(c-1) = %.4f)\n",
              expected, erlang_b(expected, 10.0), erlang_b(expected - 1, 10.0));
  const json j = plan_json(kReservation);
  ASSERT_TRUE(j["feasible"].get<bool>());
  const json& rec = j["recommended"];
  EXPECT_EQ(rec["configuration"]["api"]["reserved_concurrency"].get<int>(), expected);
  const json& throttle = rec["constraints"][0];
  std::printf("  plan: reserved %d, throttled %.4f ± %.4f\n",
              rec["configuration"]["api"]["reserved_concurrency"].get<int>(),
              throttle["value"].get<double>(), throttle["value_ci95"].get<double>());
  EXPECT_LE(throttle["upper"].get<double>(), 0.01);
  EXPECT_EQ(j["binding_constraint"], "api throttled<=1%");
  EXPECT_EQ(j["replications"].get<int>(), 3);
  // The search is cheaper than the range: bisection, not 100 runs.
  EXPECT_LT(j["search"]["evaluations"].get<int>(), 20);
}

// A reservation that starves the functions sharing the account's pool: an
// account of 100 with 10 kept unreserved, a and b unreserved at 10/s of 1 s
// each (20 Erlangs in the pool), c reserved at 5/s of 1 s (5 Erlangs). At
// c's largest reservation, 90, a and b share 10 and half their requests are
// throttled; that starting point was taken to mean no reservation could
// work ("ask AWS for a higher quota"). c needs B(r, 5) <= 1 %: r >= 11
// (B(11, 5) = 0.83 %, B(10, 5) = 1.84 %), and with the CI's upper end a
// little more; a and b keep 100 - r, far above their 20 Erlangs.
TEST(Plan, AReservationThatStarvesTheSharedPoolIsLoweredNotRuledOut) {
  const std::filesystem::path dir = scratch_dir();
  std::ofstream(dir / "pool.yaml")
      << "scenario: pool\nseed: 1\nhorizon: 20m\nwarmup: 2m\n"
         "platform: {preset: aws-2025, account_concurrency: 100, unreserved_minimum: 10}\n"
         "functions:\n"
         "  a: {memory_mb: 512, init: 0s, duration: 1s}\n"
         "  b: {memory_mb: 512, init: 0s, duration: 1s}\n"
         "  c: {memory_mb: 512, init: 0s, duration: 1s, reserved_concurrency: 90}\n"
         "workloads:\n"
         "  - {function: a, arrivals: {process: poisson, rate: 10/s}}\n"
         "  - {function: b, arrivals: {process: poisson, rate: 10/s}}\n"
         "  - {function: c, arrivals: {process: poisson, rate: 5/s}}\n";
  const std::string file = (dir / "pool.yaml").string();
  const json j = plan_json(file + " --reserved c=1..90 --max-throttle 1% --replications 3");
  ASSERT_TRUE(j["feasible"].get<bool>()) << j.dump();
  const int r = j["recommended"]["configuration"]["c"]["reserved_concurrency"].get<int>();
  EXPECT_GE(r, smallest_reservation(5.0, 0.01));  // 11
  EXPECT_LE(r, 14);
  // A range the account cannot hold is named as the plan's input.
  const CliResult over = run_cli("plan " + file + " --reserved c=1..95 --max-throttle 1% -q");
  EXPECT_EQ(over.exit_code, 2) << over.out;
  EXPECT_NE(over.out.find("error: plan: a configuration in the ranges given is not a valid "
                          "scenario (functions.c.reserved_concurrency=95)"),
            std::string::npos)
      << over.out;
}

// --load 2x doubles the offered load (a = 20), and --max-throttle replaces
// the block's 1 %: the smallest c with B(c, 20) <= 3.15 % is 27
// (B(26) = 3.72 %, B(27) = 2.68 %; over seeds 1–8 plan gave 27 for seven,
// the CI's upper end at most 3.00 %, and 28 for seed 2; the file's seed, 7,
// gave 27 with 2.85 %).
TEST(Plan, LoadFactorScalesTheTrafficAndFlagsOverrideTheBlock) {
  const int expected = smallest_reservation(20.0, 0.0315);
  EXPECT_EQ(expected, 27);
  const json j = plan_json(kReservation + " --load 2x --max-throttle 3.15%");
  EXPECT_EQ(j["load"].get<double>(), 2.0);
  EXPECT_EQ(j["recommended"]["configuration"]["api"]["reserved_concurrency"].get<int>(), expected);
  EXPECT_NE(j["recommended"]["sets"].dump().find("reserved_concurrency=27"), std::string::npos);
}

// The 95 % rule: with a 0.9 % throttle target the true mean at c = 18,
// Erlang B(18, 10) = 0.71 %, meets it, and so does the simulated mean; but
// with 2 replications (t = 12.7) the upper end of the CI does not, so plan
// must go to 19 (B = 0.45 %). A rule on the mean would have stopped at 18.
// Over seeds 1–10 plan went to 19 for six of them, each time with 18 ruled
// out by the upper end alone (mean 0.61–0.73 %, upper 0.91–2.11 %), to 20
// for three (the interval at 19 too wide as well) and to 18 for one; the
// test pins seed 2 (mean 0.70 %, upper 2.11 %). With 4 replications every
// seed gave 18.
TEST(Plan, ConstraintIsMetOnlyByTheUpperEndOfTheConfidenceInterval) {
  const double limit = 0.009;
  ASSERT_LT(erlang_b(18, 10.0), limit);
  ASSERT_GT(erlang_b(17, 10.0), limit);
  const json j = plan_json(kReservation + " --max-throttle 0.9% --replications 2 --seed 2");
  EXPECT_EQ(j["recommended"]["configuration"]["api"]["reserved_concurrency"].get<int>(), 19);
  bool seen = false;
  for (const auto& e : j["ruled_out"]) {
    if (e["configuration"]["api"]["reserved_concurrency"] != 18) continue;
    seen = true;
    const json& c = e["constraints"][0];
    EXPECT_LE(c["value"].get<double>(), limit) << "the mean meets the target";
    EXPECT_GT(c["upper"].get<double>(), limit) << "the CI's upper end does not";
    EXPECT_DOUBLE_EQ(c["upper"].get<double>(),
                     c["value"].get<double>() + c["value_ci95"].get<double>());
    EXPECT_FALSE(c["ok"].get<bool>());
    EXPECT_NE(e["why"].get<std::string>().find("api throttled<=0.9%"), std::string::npos);
  }
  EXPECT_TRUE(seen) << "reservation 18 was not evaluated";
  // More replications narrow the interval: 18 is then accepted.
  const json four = plan_json(kReservation + " --max-throttle 0.9% --replications 4 --seed 2");
  EXPECT_EQ(four["recommended"]["configuration"]["api"]["reserved_concurrency"].get<int>(), 18);
}

// Arrivals every 100 ms, each running exactly 450 ms: an arrival finds the 4
// previous requests running, so ceil(10 × 0.45) = 5 environments are needed.
// On-demand environments are reclaimed 1 ms after use, so a request without
// a provisioned one cold-starts (1 s INIT → 1.45 s > the 500 ms SLO). PC 5
// removes every cold start; PC 4 does not; more PC only costs more.
TEST(Plan, ProvisionedConcurrencyThatRemovesColdStarts) {
  const int expected = static_cast<int>(std::ceil(10.0 * 0.45));
  const json j = plan_json(kProvisioned);
  const json& rec = j["recommended"];
  EXPECT_EQ(rec["configuration"]["api"]["provisioned_concurrency"].get<int>(), expected);
  EXPECT_NEAR(rec["latency_ms"].get<double>(), 450.0, 450.0 * 0.01);  // histogram: ≤ 1 %
  EXPECT_EQ(j["binding_constraint"], "api.p99<=500ms");
  bool pc4_ruled_out = false;
  for (const auto& e : j["ruled_out"])
    if (e["configuration"]["api"]["provisioned_concurrency"] == expected - 1) {
      pc4_ruled_out = true;
      EXPECT_NE(e["why"].get<std::string>().find("api.p99<=500ms"), std::string::npos);
    }
  EXPECT_TRUE(pc4_ruled_out);
}

// A PC schedule as the decision: 4 requests/s (every 250 ms) until 7 min,
// then 10/s (every 100 ms), each running exactly 450 ms, no keep-alive: the
// busy level is ceil(4 × 0.45) = 2, then ceil(10 × 0.45) = 5 (as in the
// test above). The schedule's second step starts at 5 min, so its PC is
// ready (after the 2-minute allocation) when the rate rises; both steps last
// whole 5-minute billing periods. plan varies each step and must find 2 and
// 5, cheaper than the best constant PC (5 all along).
TEST(Plan, ProvisionedConcurrencyScheduleStepsAreSizedSeparately) {
  const std::filesystem::path dir = scratch_dir();
  {
    std::ofstream trace(dir / "trace.csv");
    trace << "t\n";
    for (int i = 0; i < 1680; ++i) trace << i * 250 / 1000.0 << "\n";  // 0 to 7 min
    for (int i = 0; i < 4800; ++i) trace << 420 + i / 10.0 << "\n";    // 7 to 15 min
    std::ofstream(dir / "s.yaml")
        << "scenario: plan-schedule\nseed: 5\nhorizon: 15m\nreplications: 2\n"
           "platform: {preset: aws-2025, keep_alive: 1ms}\n"
           "functions:\n  api:\n    memory_mb: 1024\n    timeout: 10s\n    init: 1s\n"
           "    duration: 450ms\n"
           "    provisioned_concurrency: {schedule: [{at: 0s, value: 0}, {at: 5m, value: 0}]}\n"
           "workloads:\n  - function: api\n"
           "    arrivals: {process: trace, format: timestamps, file: trace.csv, column: t}\n"
           "plan: {slo: ['api.p99<=500ms']}\n";
  }
  const std::string scenario = (dir / "s.yaml").string();
  const json j = plan_json(scenario +
                           " --provisioned 'api.schedule[0]=0..20'"
                           " --provisioned 'api.schedule[1]=0..20'");
  const json& rec = j["recommended"]["configuration"]["api"];
  EXPECT_EQ(rec["provisioned_concurrency.schedule[0]"].get<int>(), 2);
  EXPECT_EQ(rec["provisioned_concurrency.schedule[1]"].get<int>(), 5);
  EXPECT_NE(j["recommended"]["sets"].dump().find(
                "functions.api.provisioned_concurrency.schedule[1].value=5"),
            std::string::npos);
  const json constant = plan_json(scenario + " --provisioned api=0..20");
  EXPECT_EQ(constant["recommended"]["configuration"]["api"]["provisioned_concurrency"], 5);
  EXPECT_LT(j["recommended"]["cost_usd"].get<double>(),
            constant["recommended"]["cost_usd"].get<double>());
  const CliResult table = run_cli("plan " + scenario +
                                  " --provisioned 'api.schedule[0]=0..20'"
                                  " --provisioned 'api.schedule[1]=0..20'");
  EXPECT_NE(table.out.find("recommended: api: PC from 0s 2, PC from 300s 5"), std::string::npos)
      << table.out;

  const std::pair<std::string, std::string> bad[] = {
      {scenario + " --provisioned 'api.schedule[2]=0..5'",
       "--provisioned: api.schedule[2]: expected FUNCTION.schedule[K] with K from 0 to 1"},
      {scenario + " --provisioned 'api.schedule[0]=0..5' --provisioned api=0..5",
       "--provisioned: api: vary either the constant provisioned concurrency or steps"},
      {kProvisioned + " --provisioned 'api.schedule[0]=0..5'",
       "--provisioned: api.schedule[0]: the function has no provisioned_concurrency schedule"},
  };
  for (const auto& [args, message] : bad) {
    const CliResult r = run_cli("plan " + args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << args << "\n" << r.out;
  }
}

// Memory does not change a fixed run time but raises the price, so 128 MB is
// cheapest. Eight sizes with --max-combinations 3 start from a coarse grid
// (128, 640, 1024 MB) and refine between 128 and 640.
TEST(Plan, CoarseGridThenRefinement) {
  const json j =
      plan_json(kProvisioned + " --memory 'api=[128..1024 step 128]' --max-combinations 3");
  EXPECT_TRUE(j["search"]["coarse"].get<bool>());
  EXPECT_EQ(j["search"]["combinations"].get<int>(), 8);
  EXPECT_EQ(j["recommended"]["configuration"]["api"]["memory_mb"].get<int>(), 128);
  EXPECT_EQ(j["recommended"]["configuration"]["api"]["provisioned_concurrency"].get<int>(), 5);
  bool refined = false;
  for (const auto& e : j["feasible_costlier"])
    refined |= e["configuration"]["api"]["memory_mb"] == 256;
  EXPECT_TRUE(refined) << "256 MB (between the coarse 128 and 640) was not tried";
}

// The search against the full grid, computed independently: `sweep` runs
// all 8 memory sizes x 41 PC levels (328 configurations, the same seed and
// replications, so the same runs), and the cheapest configuration whose
// p99's CI upper end is within 500 ms is picked here from the merged JSON.
// plan must find the same one with a fraction of the runs.
TEST(Plan, SearchFindsTheFullGridsAnswerWithFewerRuns) {
  const std::filesystem::path dir = scratch_dir() / "grid";
  const CliResult sweep = run_cli("sweep " + kProvisioned +
                                  " --grid 'functions.api.memory_mb=[128..1024 step 128]'"
                                  " --grid 'functions.api.provisioned_concurrency=[0..40]'"
                                  " --quiet --out " +
                                  dir.string());
  ASSERT_EQ(sweep.exit_code, 0) << sweep.out;
  const CliResult merged = run_cli("collect " + dir.string() + " --quiet --json -");
  ASSERT_EQ(merged.exit_code, 0) << merged.out;
  const json grid = json::parse(merged.out);
  ASSERT_EQ(grid["points"].size(), 328u);
  std::optional<json> best;
  for (const auto& p : grid["points"]) {
    const json& m = p["metrics"];
    const double upper = m["functions.api.latency_ms.p99"].get<double>() +
                         m["functions.api.latency_ms.p99_ci95"].get<double>();
    if (upper > 500.0) continue;
    if (!best || m["cost_usd.total"].get<double>() < (*best)["metrics"]["cost_usd.total"])
      best = p;  // points run in ascending PC, so ties keep the smaller PC
  }
  ASSERT_TRUE(best.has_value());
  const json j =
      plan_json(kProvisioned + " --memory 'api=[128..1024 step 128]' --max-combinations 3");
  const json& rec = j["recommended"]["configuration"]["api"];
  EXPECT_EQ(std::to_string(rec["memory_mb"].get<int>()),
            (*best)["values"]["functions.api.memory_mb"].get<std::string>());
  EXPECT_EQ(std::to_string(rec["provisioned_concurrency"].get<int>()),
            (*best)["values"]["functions.api.provisioned_concurrency"].get<std::string>());
  EXPECT_DOUBLE_EQ(j["recommended"]["cost_usd"].get<double>(),
                   (*best)["metrics"]["cost_usd.total"].get<double>());
  std::printf("  plan: %d of 328 configurations run\n", j["search"]["evaluations"].get<int>());
  EXPECT_LT(j["search"]["evaluations"].get<int>(), 328 / 3);  // 90 when written
}

// Before searching, plan says how many simulations it expects and roughly
// how long they take (from a pilot run), on stderr even when piped; the
// estimate is checked against the evaluations the search then reports: a
// forecast, so within a factor of 2 of what ran (90 and 11 configurations
// here when written: estimates 138 and 13).
TEST(Plan, AnnouncesTheSearchSizeAndDurationFirst) {
  for (const std::string& args :
       {kProvisioned + " --memory 'api=[128..1024 step 128]' --max-combinations 3", kReservation}) {
    const std::filesystem::path out = scratch_dir() / "plan.json";
    const CliResult r =
        run_cli("plan " + args + " --json " + out.string(), "LAMBDASIM_PROGRESS_INTERVAL=0");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const auto at = r.out.find("plan: searching: about ");
    ASSERT_NE(at, std::string::npos) << r.out;
    const auto open = r.out.find("(~", at);
    const int estimate = std::stoi(r.out.substr(open + 2));
    EXPECT_NE(r.out.find(" configurations x ", at), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" replications), roughly ", at), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("in a pilot run)", at), std::string::npos) << r.out;
    // The periodic progress lines (every 0 s here) carry the estimate.
    EXPECT_NE(r.out.find(" runs  "), std::string::npos) << r.out;
    const int evaluations = json::parse(read_file(out))["search"]["evaluations"].get<int>();
    std::printf("  plan: estimated %d configurations, ran %d\n", estimate, evaluations);
    EXPECT_GE(2 * estimate, evaluations);
    EXPECT_LE(estimate, 2 * evaluations);
  }
}

// --objective cost-per-million: the bill over the requests it bills, as
// `run` reports it: a request every 100 ms from 0.1 s to 1,799.9 s, 17,999
// in the 30 minutes, warm-up included (not the 17,400 that arrive after the
// 1-minute warm-up); the same ranking at a fixed load, so the same answer.
TEST(Plan, CostPerMillionObjective) {
  const json j = plan_json(kProvisioned + " --objective cost-per-million");
  EXPECT_EQ(j["objective"], "cost-per-million");
  const json& rec = j["recommended"];
  EXPECT_EQ(rec["configuration"]["api"]["provisioned_concurrency"].get<int>(), 5);
  EXPECT_NEAR(rec["objective"].get<double>(), rec["cost_usd"].get<double>() / 17999 * 1e6,
              1e-9 * rec["objective"].get<double>());
}

TEST(Plan, JsonAndTableCarryTheContract) {
  const json j = plan_json(kProvisioned);
  for (const char* key :
       {"schema", "scenario", "seed", "replications", "horizon_s", "load", "objective",
        "latency_metric", "constraints", "variables", "search", "feasible", "recommended",
        "binding_constraint", "pareto", "closest", "ruled_out", "feasible_costlier"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["schema"], "lambdasim.plan/1");
  for (const char* key :
       {"configuration", "sets", "objective", "objective_ci95", "cost_usd", "cost_usd_ci95",
        "latency_ms", "latency_ms_ci95", "feasible", "constraints"})
    EXPECT_TRUE(j["recommended"].contains(key)) << key;
  EXPECT_FALSE(j["pareto"].empty());
  // Costs per month of 730 h as `run` projects them: the horizon's cost x
  // 730 h / horizon; and per 1M requests: the bill over the 17,999 requests
  // it bills (above).
  const json& rec = j["recommended"];
  const double month_factor = 730 * 3600 / j["horizon_s"].get<double>();
  EXPECT_NEAR(rec["cost_usd_per_month"].get<double>(), rec["cost_usd"].get<double>() * month_factor,
              1e-9);
  EXPECT_NEAR(rec["cost_usd_per_million_requests"].get<double>(),
              rec["cost_usd"].get<double>() / 17999 * 1e6, 1e-9);
  const CliResult table = run_cli("plan " + kProvisioned);
  EXPECT_EQ(table.exit_code, 0) << table.out;
  for (const char* text :
       {"recommended: api: PC 5", "binding: api.p99<=500ms", "/month, fails it: ", "Pareto front",
        "ruled out:", "upper end of the 95% CI", " per month, ", " per 1M requests (",
        " over the 30 min 00 s simulated)", "api p99 latency (ms)"})
    EXPECT_NE(table.out.find(text), std::string::npos) << text << "\n" << table.out;
}

// plan --html: the same answer as the table, as a page: the recommendation
// with cost and latency and their CIs, the constraint's slack, the binding
// constraint, the cost-latency chart with the Pareto front, what was ruled
// out and why; when nothing is feasible, the closest configurations.
TEST(Plan, HtmlPageCarriesTheAnswer) {
  const std::string file = (scratch_dir() / "plan.html").string();
  CliResult r = run_cli("plan " + kProvisioned + " --quiet --html " + file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::string page = read_file(file);
  for (const char* text :
       {"<h2>Recommendation</h2>", "api: PC 5", "± $", "450.0 ± 0.0 ms", "binding constraint",
        "api.p99&lt;=500ms", "10.0 %", "<h2>Cost against latency</h2>", "Pareto front",
        "recommended", "<h2>Ruled out</h2>", "api: PC 4", "(upper 1444.0 ms)",
        "upper end of its 95 % confidence interval"})
    EXPECT_NE(page.find(text), std::string::npos) << text;
  EXPECT_NE(page.find("class=\"point"), std::string::npos) << "no evaluated configuration drawn";

  r = run_cli("plan " + kProvisioned + " --slo 'api.p99<=300ms' --quiet --html " + file);
  EXPECT_EQ(r.exit_code, 3) << r.out;
  page = read_file(file);
  EXPECT_NE(page.find("No feasible configuration"), std::string::npos);
  EXPECT_NE(page.find("The closest configurations"), std::string::npos);
  EXPECT_NE(page.find("api.p99&lt;=300ms: 450.0 ± 0.0 ms"), std::string::npos);
}

TEST(Plan, InfeasibleConstraintsExitThreeWithTheClosestConfigurations) {
  const json j = plan_json(kProvisioned + " --slo 'api.p99<=300ms'", 3);
  EXPECT_FALSE(j["feasible"].get<bool>());
  EXPECT_TRUE(j["recommended"].is_null());
  ASSERT_FALSE(j["closest"].empty());
  EXPECT_NE(j["closest"][0]["why"].get<std::string>().find("api.p99<=300ms"), std::string::npos);
  const CliResult r = run_cli("plan " + kProvisioned + " --slo 'api.p99<=300ms'");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.out.find("NO FEASIBLE CONFIGURATION"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("closest:"), std::string::npos) << r.out;
  // Every request runs exactly 450 ms, so no configuration can meet 300 ms:
  // the diagnosis says the execution time itself is the cause.
  ASSERT_EQ(j["diagnosis"].size(), 1u);
  const std::string why = j["diagnosis"][0].get<std::string>();
  EXPECT_NE(why.find("api's p99 is 45"), std::string::npos) << why;
  EXPECT_NE(why.find("even with the concurrency limits lifted"), std::string::npos) << why;
  EXPECT_NE(why.find("the execution time itself is too long"), std::string::npos) << why;
  EXPECT_NE(r.out.find("  why: api's p99 is"), std::string::npos) << r.out;
  // The front is over configurations meeting the other constraints: here
  // the latency one is the only one, so it is shown, never an empty heading.
  EXPECT_NE(r.out.find("Pareto front"), std::string::npos) << r.out;
}

// Capacity out of reach, diagnosed (Little's law: concurrency = rate x mean
// duration). plan-reservation at 400/s of 500 ms requests holds 200
// executions on average, and a Poisson(200) count peaks within ~6 standard
// deviations (200 + 6·14 = 285) over an hour; the reservation range stops at
// 100 while the account would leave 900 (1,000 − 100 unreserved). At 2,000/s
// the need is ~1,000, over the 900 any reservation can get: the account
// limit is named. Neither has a feasible configuration, so no Pareto front.
TEST(Plan, InfeasibleCapacityIsDiagnosedWithTheNeedAndTheLimit) {
  json j = plan_json(kReservation + " --set 'workloads[0].arrivals.rate=400/s'", 3);
  ASSERT_EQ(j["diagnosis"].size(), 1u) << j.dump();
  std::string why = j["diagnosis"][0].get<std::string>();
  const auto at = why.find("api needs ~");
  ASSERT_NE(at, std::string::npos) << why;
  const int need = std::stoi(why.substr(at + 11));
  EXPECT_GE(need, 200) << why;
  EXPECT_LE(need, 285) << why;
  EXPECT_NE(why.find("the reserved_concurrency range searched stops at 100: widen it (--reserved "
                     "api=...) up to 900"),
            std::string::npos)
      << why;
  EXPECT_TRUE(j["pareto"].empty());

  j = plan_json(kReservation +
                    " --reserved api=1..900 --set 'workloads[0].arrivals.rate=2000/s'"
                    " --horizon 3m --replications 2",
                3);
  ASSERT_EQ(j["diagnosis"].size(), 1u) << j.dump();
  why = j["diagnosis"][0].get<std::string>();
  std::string digits;
  for (char ch : why.substr(why.find("api needs ~") + 11)) {
    if (ch == ',') continue;
    if (ch < '0' || ch > '9') break;
    digits += ch;
  }
  const int big = std::stoi(digits);  // "1,108"
  EXPECT_GE(big, 1000) << why;        // a mean of 1,000: the peak is above it
  EXPECT_NE(why.find("the account limit (1,000) leaves 900 for reservations (100 must stay "
                     "unreserved)"),
            std::string::npos)
      << why;
  const CliResult r = run_cli("plan " + kReservation +
                              " --reserved api=1..900 --set 'workloads[0].arrivals.rate=2000/s'"
                              " --horizon 3m --replications 2 --quiet");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "");  // --quiet: nothing on the terminal
}

// --max-dlq: async-retries fails 5 % of invocations and retries twice, so
// about 0.05³ of its events reach the DLQ whatever the reservation: zero is
// out of reach (exit 3, the DLQ named as the violation), 100 is not.
TEST(Plan, DeadLetterLimitIsAConstraint) {
  const std::string args = source_path("scenarios/examples/async-retries.yaml") +
                           " --reserved thumbnails=20 --replications 2 --horizon 30m";
  json j = plan_json(args + " --max-dlq 0", 3);
  ASSERT_EQ(j["constraints"].size(), 1u);
  EXPECT_EQ(j["constraints"][0]["metric"], "totals.dlq");
  ASSERT_FALSE(j["closest"].empty());
  EXPECT_EQ(j["closest"][0]["why"].get<std::string>().rfind("dlq<=0: ", 0), 0u);
  j = plan_json(args + " --max-dlq 100");
  EXPECT_TRUE(j["feasible"].get<bool>());
}

TEST(Plan, BadInputExitsTwoWithALocatedMessage) {
  const std::pair<std::string, std::string> cases[] = {
      {"--slo 'api.p98<=1s'", "--slo: unknown statistic 'p98'"},
      {"--slo 'apu.p99<=1s'", "--slo: no function named 'apu'; did you mean 'api'?"},
      {"--slo 'api.p99<=1'", "--slo: the limit must be a duration (1 has no unit"},
      {"--max-throttle 120%", "--max-throttle: expected a fraction from 0 to 1"},
      {"--replications 1", "plan needs 2 to 1000 replications"},
      {"--provisioned 'api=[0..10'", "--provisioned: api: unbalanced brackets"},
      {"--memory 'api=64,128'",
       "--memory: api: expected whole numbers from 128 to 10240, got '64'"},
      {"--load fast", "--load: expected a load factor such as 1.5x"},
      {"--set plan.functions.apu.memory_mb=[512]",
       "--set: plan.functions.apu: no function named 'apu'; did you mean 'api'?"},
      {"--set plan.max_throtle=1%",
       "--set: plan.max_throtle: unknown key 'max_throtle'; did you "
       "mean 'max_throttle'?"},
  };
  for (const auto& [args, message] : cases) {
    const CliResult r = run_cli("plan " + kProvisioned + " " + args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << args << "\n" << r.out;
  }
}

}  // namespace
}  // namespace ls::testing
