// Progress (tools/cli/progress.hpp): its text, the periodic lines on a pipe,
// silence with --quiet, the bar on a real terminal (a pseudo-terminal from
// script(1)), that the runner's progress adds up to the simulations it ran,
// and that the events/s figure rests on the simulator's callback cadence
// (pinned here against a real run).
#include <gtest/gtest.h>

#include <cstdio>

#include "models/config/scenario_loader.hpp"
#include "models/simulation.hpp"
#include "tools/cli/progress.hpp"
#include "tools/io/number_text.hpp"
#include "tools/study/runner.hpp"
#include "trace_cli.hpp"

namespace {

using namespace ls::report_testing;

TEST(Progress, LineShowsRunsEventsPerSecondAndEta) {
  ls::tools::ProgressState s;
  s.label = "tune";
  s.done = 4.5;
  s.total = 15;
  s.events_per_s = 2.9e6;
  s.elapsed_s = 1.5;
  // 30 % done in 1.5 s: 3.5 s to go at the same pace.
  EXPECT_EQ(ls::tools::progress_line(s, true),
            "tune: [=========                     ]  30.0%  4.5 of 15 runs  2.9 M events/s  "
            "elapsed 1.5 s  ETA 3.5 s");
  EXPECT_EQ(ls::tools::progress_line(s, false),
            "tune:  30.0%  4.5 of 15 runs  2.9 M events/s  elapsed 1.5 s  ETA 3.5 s");
  // An estimated total (plan) is marked, as its ETA; large counts grouped.
  s.total = 1200;
  s.done = 300;
  s.estimated = true;
  s.elapsed_s = 600;
  EXPECT_EQ(ls::tools::progress_line(s, false),
            "tune:  25.0%  300.0 of ~1,200 runs  2.9 M events/s  elapsed 10 min 00 s  "
            "ETA ~30 min 00 s");
  // One simulation: its simulated time instead of a count.
  ls::tools::ProgressState one;
  one.label = "run";
  one.done = 0.25;
  one.total = 1;
  one.horizon_s = 3600;
  one.elapsed_s = 2;
  EXPECT_EQ(ls::tools::progress_line(one, false),
            "run:  25.0%  sim 15 min 00 s / 1 h 00 min  elapsed 2.0 s  ETA 6.0 s");
  // No ETA before anything is done; the bar never overflows.
  one.done = 0;
  EXPECT_EQ(ls::tools::progress_line(one, true).find("ETA"), std::string::npos);
  one.done = 2;
  EXPECT_NE(ls::tools::progress_line(one, true).find("[==============================]"),
            std::string::npos);
}

TEST(Progress, DurationsAndCountsWithoutScientificNotation) {
  EXPECT_EQ(ls::tools::duration_text(0.42), "420 ms");
  EXPECT_EQ(ls::tools::duration_text(4.2), "4.2 s");
  EXPECT_EQ(ls::tools::duration_text(42), "42 s");
  EXPECT_EQ(ls::tools::duration_text(59.6), "1 min 00 s");
  EXPECT_EQ(ls::tools::duration_text(125), "2 min 05 s");
  EXPECT_EQ(ls::tools::duration_text(3 * 3600 + 20 * 60 + 10), "3 h 20 min");
  EXPECT_EQ(ls::tools::duration_text(1.8e6), "20.8 d");  // 1,800,000 / 86,400
  EXPECT_EQ(ls::tools::duration_text(-1), "-");
  EXPECT_EQ(ls::tools::grouped_number(1240), "1,240");
  EXPECT_EQ(ls::tools::grouped_number(1234567.8), "1,234,568");
  EXPECT_EQ(ls::tools::grouped_number(1240.25, 1),
            "1,240.2");  // 1240.25 is binary-exact: ties to even
  EXPECT_EQ(ls::tools::grouped_number(-999.6), "-1,000");
  EXPECT_EQ(ls::tools::grouped_number(-0.2), "0");
}

// What a file (a pipe, a log) receives, on a clock the test moves: nothing
// in the first interval, then one whole line per interval, never a carriage
// return or an escape sequence.
TEST(Progress, PipedLinesEveryIntervalOnTheirOwnLines) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  double now = 0;
  {
    ls::tools::Progress p("sweep", true, file, {1.0, 10.0}, [&] { return now; });
    EXPECT_TRUE(p.enabled());
    EXPECT_FALSE(p.terminal());
    p.expect(8, false);
    now = 5;
    p.advance(1, 5'000'000);  // 5 s: within the first interval
    now = 10.4;
    p.advance(1, 5'000'000);  // a line: 2 of 8 after 10.4 s, ETA 3 x 10.4 s
    now = 15;
    p.advance(1, 5'000'000);  // 4.6 s after it: none
    now = 21;
    p.advance(1, 5'000'000);  // a line: 4 of 8
    p.note("a note");
  }
  std::rewind(file);
  std::string text(4096, '\0');
  text.resize(std::fread(text.data(), 1, text.size(), file));
  std::fclose(file);
  EXPECT_EQ(text,
            "sweep:  25.0%  2.0 of 8 runs  1.0 M events/s  elapsed 10 s  ETA 31 s\n"
            "sweep:  50.0%  4.0 of 8 runs  1.0 M events/s  elapsed 21 s  ETA 21 s\n"
            "sweep: a note\n");
}

// The forecast plan and sweep print first: simulations x the pilot's time
// over the threads (1,200 x 7.5 s / 2 = 4,500 s = 1 h 15 min), and a
// warning past an hour.
TEST(Progress, ForecastAndTheWarningBeforeAVeryLargeSearch) {
  ls::tools::Forecast f;
  f.simulations = 1200;
  f.what = "~400 configurations x 3 replications";
  f.estimated = true;
  f.pilot_s = 7.5;
  f.threads = 2;
  EXPECT_DOUBLE_EQ(f.seconds(), 4500.0);
  EXPECT_EQ(ls::tools::forecast_text(f),
            "about 1,200 simulations (~400 configurations x 3 replications), roughly 1 h 15 min "
            "on 2 threads (one took 7.5 s in a pilot run)");
  EXPECT_EQ(ls::tools::large_search_warning(f, "narrow it"),
            "warning: a very large search (roughly 1 h 15 min); to shorten it, narrow it");
  f.simulations = 960;  // 3,600 s: not past the limit
  EXPECT_EQ(ls::tools::large_search_warning(f, "narrow it"), "");
}

TEST(Progress, QuietWritesNothingAndLeavesTheRunnerWithoutHooks) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    ls::tools::Progress p("plan", false, file, {0.0, 0.0});
    ls::tools::RunnerOptions runner;
    p.attach(runner);
    EXPECT_FALSE(runner.advanced);  // the simulator is not even called back
    EXPECT_FALSE(runner.batch);
    p.expect(3, true);
    p.advance(1, 10);
    p.note("searching");
  }
  EXPECT_EQ(std::ftell(file), 0L);
  std::fclose(file);
}

// The runner's progress hooks add up to what it ran: the shares of each
// simulation's horizon sum to the number of simulations, and the events to
// the events the runs report.
TEST(Progress, RunnerSharesSumToTheSimulationsAndEventsToTheRuns) {
  ls::models::LoadOptions opts;
  opts.data_dir = source("scenarios");
  opts.horizon = "10m";
  opts.sets = {"workloads[0].arrivals.rate=1000/s", "replications=3"};
  const auto scenario = ls::models::load_scenario(source("scenarios/quickstart.yaml"), opts);
  ls::tools::RunnerOptions runner;
  runner.threads = 2;
  std::size_t batched = 0;
  double shares = 0;
  std::uint64_t events = 0;
  runner.batch = [&](std::size_t n) { batched += n; };
  runner.advanced = [&](double share, std::uint64_t e) {
    EXPECT_GE(share, 0.0);
    shares += share;
    events += e;
  };
  const auto sets = ls::tools::run_scenarios(std::vector{scenario, scenario}, runner);
  EXPECT_EQ(batched, 6u);
  EXPECT_NEAR(shares, 6.0, 1e-9);  // sums of doubles: rounding only
  EXPECT_EQ(events, sets[0].events + sets[1].events);
  EXPECT_GT(events, 2 * ls::tools::kEventsPerProgressCall);  // the in-run calls were counted
}

TEST(Progress, EventsPerCallbackMatchesTheSimulator) {
  ls::models::LoadOptions opts;
  opts.data_dir = source("scenarios");
  opts.horizon = "10m";
  opts.sets = {"workloads[0].arrivals.rate=1000/s"};
  const auto scenario = ls::models::load_scenario(source("scenarios/quickstart.yaml"), opts);
  std::uint64_t calls = 0;
  ls::models::RunOptions run;
  run.progress = [&](ls::sim::Time) { ++calls; };
  const auto result = ls::models::simulate(scenario, run);
  ASSERT_GE(result.events, ls::tools::kEventsPerProgressCall);
  EXPECT_EQ(calls, result.events / ls::tools::kEventsPerProgressCall);
}

// About 2.7 million events: two progress callbacks, well under a second in a
// release build.
// (The JSON goes to a file: never --json /dev/null, which an atomic rename
// would replace.)
std::string busy_run(const fs::path& dir, const std::string& extra) {
  return std::string(LS_BINARY) + " run " + source("scenarios/quickstart.yaml") +
         " --horizon 10m --set 'workloads[0].arrivals.rate=1500/s' --json " +
         (dir / "r.json").string() + " " + extra;
}

TEST(Progress, ShownOnATerminalOnlyAndNeverWithQuiet) {
  if (run_shell("command -v script").exit_code != 0) GTEST_SKIP() << "script(1) not installed";
  const fs::path dir = scratch();
  const std::string env = "LAMBDASIM_PROGRESS_DELAY=0 ";
  // script -c runs the command on a pseudo-terminal and copies what it shows.
  const CliRun tty = run_shell(env + "script -qfec \"" + busy_run(dir, "") + "\" /dev/null");
  ASSERT_EQ(tty.exit_code, 0) << tty.out;
  EXPECT_NE(tty.out.find("run: ["), std::string::npos) << tty.out;
  EXPECT_NE(tty.out.find("M events/s"), std::string::npos) << tty.out;
  EXPECT_NE(tty.out.find("ETA"), std::string::npos);
  EXPECT_NE(tty.out.find("\r\033[K"), std::string::npos);  // the line is cleared at the end
  const CliRun quiet =
      run_shell(env + "script -qfec \"" + busy_run(dir, "--quiet") + "\" /dev/null");
  ASSERT_EQ(quiet.exit_code, 0) << quiet.out;
  EXPECT_EQ(quiet.out.find("events/s"), std::string::npos) << quiet.out;
  // On a pipe: no bar, no carriage return; whole lines, the first after
  // LAMBDASIM_PROGRESS_INTERVAL (10 s by default: none in this short run).
  const CliRun pipe = run_shell(env + busy_run(dir, ""));  // stderr is a pipe here
  ASSERT_EQ(pipe.exit_code, 0) << pipe.out;
  EXPECT_EQ(pipe.out.find('\r'), std::string::npos);
  EXPECT_EQ(pipe.out.find("run:"), std::string::npos) << pipe.out;
  const CliRun lines = run_shell("LAMBDASIM_PROGRESS_INTERVAL=0 " + busy_run(dir, ""));
  ASSERT_EQ(lines.exit_code, 0) << lines.out;
  EXPECT_EQ(lines.out.find('\r'), std::string::npos);
  EXPECT_NE(lines.out.find("run:  "), std::string::npos) << lines.out;
  EXPECT_NE(lines.out.find(" / 10 min 00 s"), std::string::npos) << lines.out;
}

}  // namespace
