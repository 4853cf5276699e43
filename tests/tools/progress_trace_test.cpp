// The progress bar (tools/progress.hpp): its text, that it stays off when
// stderr is not a terminal or with --quiet, that it shows on a real terminal
// (a pseudo-terminal from script(1)), and that the events/s figure rests on
// the simulator's callback cadence (pinned here against a real run).
#include <gtest/gtest.h>

#include <cstdio>

#include "models/config/scenario_loader.hpp"
#include "models/simulation.hpp"
#include "tools/cli/progress.hpp"
#include "trace_cli.hpp"

namespace {

using namespace ls::report_testing;

TEST(Progress, LineShowsSimulatedTimeEventsPerSecondAndEta) {
  const std::string line = ls::tools::progress_line(1800, 3600, 2.5e6, 1.5);
  EXPECT_EQ(line,
            "[===============               ]  50.0%  sim 1800s / 3600s  2.5 M events/s  "
            "elapsed 1.5s  ETA 1.5s");
  // No ETA before any simulated time has passed; the bar never overflows.
  EXPECT_EQ(ls::tools::progress_line(0, 3600, 0, 0.1).find("ETA"), std::string::npos);
  EXPECT_NE(ls::tools::progress_line(7200, 3600, 1e6, 2).find("[==============================]"),
            std::string::npos);
}

TEST(Progress, OffWhenTheOutputIsNotATerminal) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    ls::tools::Progress p(ls::sim::kHour, true, file, 0.0);
    EXPECT_FALSE(p.active());
    EXPECT_FALSE(p.callback());  // the simulator is not even called back
  }
  EXPECT_EQ(std::ftell(file), 0L);
  std::fclose(file);
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
  ASSERT_GE(result.events, ls::tools::Progress::kEventsPerCallback);
  EXPECT_EQ(calls, result.events / ls::tools::Progress::kEventsPerCallback);
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
  EXPECT_NE(tty.out.find("M events/s"), std::string::npos) << tty.out;
  EXPECT_NE(tty.out.find("ETA"), std::string::npos);
  EXPECT_NE(tty.out.find("\r\033[K"), std::string::npos);  // the line is cleared at the end
  const CliRun quiet =
      run_shell(env + "script -qfec \"" + busy_run(dir, "--quiet") + "\" /dev/null");
  ASSERT_EQ(quiet.exit_code, 0) << quiet.out;
  EXPECT_EQ(quiet.out.find("events/s"), std::string::npos) << quiet.out;
  const CliRun pipe = run_shell(env + busy_run(dir, ""));  // stderr is a pipe here
  ASSERT_EQ(pipe.exit_code, 0) << pipe.out;
  EXPECT_EQ(pipe.out.find('\r'), std::string::npos);
  EXPECT_EQ(pipe.out.find("M events/s  elapsed"), std::string::npos);
}

}  // namespace
