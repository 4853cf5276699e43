// `lambdasim sweep` and `collect` end to end: the merged result does not
// depend on how the sweep was sharded (N = 1, 2, 7, by flag or by each
// scheduler's environment variables), a shard resumes after losing points,
// corrupt result files are reported and not merged, bad grids exit 2.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sweep_cli_helpers.hpp"

namespace ls::testing {
namespace {

namespace fs = std::filesystem;

// 2 memory sizes x 4 rates = 8 points: with 7 shards, shard 0 gets two.
std::string sweep_args(const fs::path& out, const std::string& horizon = "8m") {
  return "sweep " + source_path("scenarios/quickstart.yaml") +
         " --grid 'functions.api.memory_mb=[512,1024]'"
         " --grid 'workloads[0].arrivals.rate=[5/s..40/s log 4]'"
         " --horizon " +
         horizon + " --replications 2 --quiet --out " + out.string();
}

std::string collect_json(const fs::path& dir) {
  const CliResult r = run_cli("collect " + dir.string() + " --quiet --json -");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return r.out;
}

// The reference: every point run by one local process.
std::string reference(const fs::path& root) {
  const CliResult r = run_cli(sweep_args(root / "local"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return collect_json(root / "local");
}

TEST(Sweep, MergedResultIsTheSameForOneTwoAndSevenShards) {
  const fs::path root = scratch_dir();
  const std::string expected = reference(root);
  EXPECT_NE(expected.find("\"points_done\": 8"), std::string::npos) << expected;
  for (const char* n : {"1", "2", "7"}) {
    const fs::path dir = root / (std::string("n") + n);
    ASSERT_EQ(run_cli(sweep_args(dir) + " --plan-only").exit_code, 0);
    for (int k = 0; k < std::stoi(n); ++k) {
      const std::string m = "sweep --quiet --manifest " + (dir / "manifest.json").string();
      // Seven shards: two by flag, then each scheduler's variables.
      std::string prefix, args = m + " --shard " + std::to_string(k) + "/" + n;
      if (std::string(n) == "7" && k >= 2) {
        args = m;
        if (k < 4)
          prefix = "SLURM_ARRAY_TASK_ID=" + std::to_string(k + 1) +
                   " SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=7";
        else if (k < 6)
          prefix = "AWS_BATCH_JOB_ARRAY_INDEX=" + std::to_string(k) + " AWS_BATCH_JOB_ARRAY_SIZE=7";
        else
          prefix = "JOB_COMPLETION_INDEX=6";
        if (k == 6) args += " --shards 7";
      }
      const CliResult r = run_cli(args, prefix);
      ASSERT_EQ(r.exit_code, 0) << args << "\n" << r.out;
    }
    EXPECT_EQ(collect_json(dir), expected) << "N = " << n;
  }
}

TEST(Sweep, ShardReportsWhereItsIndexCameFrom) {
  const fs::path dir = scratch_dir() / "s";
  ASSERT_EQ(run_cli(sweep_args(dir) + " --plan-only").exit_code, 0);
  const std::string m = "sweep --manifest " + (dir / "manifest.json").string();
  CliResult r = run_cli(m, "SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=4");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("shard 1/4 (SLURM_ARRAY_TASK_ID): 2 point(s), 0 already done, 2 run"),
            std::string::npos)
      << r.out;
  // First, on stderr (a pipe here), what it will run and roughly how long.
  EXPECT_NE(r.out.find("sweep: running 4 simulations (2 points x 2 replications), roughly "),
            std::string::npos)
      << r.out;
  r = run_cli(m, "JOB_COMPLETION_INDEX=1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("JOB_COMPLETION_INDEX: is set but the number of shards is not"),
            std::string::npos)
      << r.out;
  // Running the same shard again runs nothing (resume).
  r = run_cli(m + " --shard 1/4");
  EXPECT_NE(r.out.find("2 point(s), 2 already done, 0 run"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("sweep: running"), std::string::npos) << r.out;
}

// `sweep FILE --grid ... --out DIR --shard K/N` (as a batch array task may
// write it) writes the manifest and runs its shard only; a malformed shard
// or one with --plan-only is refused rather than ignored.
TEST(Sweep, WritingASweepWithAShardRunsThatShard) {
  const fs::path dir = scratch_dir() / "s";
  CliResult r = run_cli(sweep_args(dir) + " --shard 3/2");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("expected K/N with 0 <= K < N"), std::string::npos) << r.out;
  r = run_cli(sweep_args(dir) + " --shard 0/2 --plan-only");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--plan-only runs no point"), std::string::npos) << r.out;
  // Without --quiet, to read the shard's summary line.
  std::string loud = sweep_args(dir);
  loud.erase(loud.find(" --quiet"), std::string(" --quiet").size());
  r = run_cli(loud + " --shard 1/2");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("shard 1/2 (--shard): 4 point(s), 0 already done, 4 run"), std::string::npos)
      << r.out;
  // The other shard, run from the manifest the first wrote, completes it.
  r = run_cli("sweep --quiet --manifest " + (dir / "manifest.json").string() + " --shard 0/2");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(collect_json(dir).find("\"points_done\": 8"), std::string::npos);
}

// A shard killed mid-way leaves some point files missing and, at worst, a
// temporary file (the atomic writer's); a file damaged later is unreadable.
// collect reports both and exits 3; the shard, run again, redoes exactly
// those points, and the merged result equals the uninterrupted one.
TEST(Sweep, ResumesAfterAKilledShardAndReportsCorruptFiles) {
  const fs::path root = scratch_dir();
  const std::string expected = reference(root);
  const fs::path dir = root / "local";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir / "points")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 8u);
  fs::remove(files[0]);
  const std::string whole = read_file(files[1]);
  std::ofstream(files[1], std::ios::trunc) << whole.substr(0, whole.size() / 2);
  std::ofstream(files[2].string() + ".tmp.12345") << whole.substr(0, 10);

  CliResult r = run_cli("collect " + dir.string() + " --json " + (root / "partial.json").string());
  EXPECT_EQ(r.exit_code, 3) << r.out;
  const std::string stem0 = files[0].stem().string(), stem1 = files[1].stem().string();
  EXPECT_NE(r.out.find("(id " + stem0 + "): missing"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("points/" + stem1 + ".json is not valid"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not merged"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("6 of 8 point(s) done, 1 missing, 1 corrupt (not merged)"),
            std::string::npos)
      << r.out;
  const auto partial = nlohmann::json::parse(read_file(root / "partial.json"));
  EXPECT_FALSE(partial["complete"].get<bool>());
  EXPECT_EQ(partial["points"].size(), 6u);
  EXPECT_EQ(partial["missing"].size(), 1u);
  EXPECT_EQ(partial["corrupt"].size(), 1u);

  r = run_cli("sweep --manifest " + (dir / "manifest.json").string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("8 point(s), 6 already done, 2 run (1 re-run)"), std::string::npos) << r.out;
  EXPECT_EQ(collect_json(dir), expected);
}

// A shard really killed (SIGKILL) while it runs: the points it finished are
// kept, collect names the missing ones (exit 3), and the shard run again
// does only those; the merged result equals an uninterrupted run. Two-hour
// horizons and one thread make each batch of two points take about 0.2 s,
// so the kill, within 10 ms of the first result file, lands mid-sweep.
TEST(Sweep, ResumesAfterAShardIsKilled) {
  const fs::path root = scratch_dir();
  const std::string args = sweep_args(root / "local", "2h") + " --threads 1";
  ASSERT_EQ(run_cli(args).exit_code, 0);
  const std::string expected = collect_json(root / "local");
  const fs::path dir = root / "killed";
  const std::string killed_args = sweep_args(dir, "2h") + " --threads 1";
  const fs::path script = root / "kill.sh";
  std::ofstream(script) << LS_BINARY << " " << killed_args << " >/dev/null 2>&1 &\n"
                        << "pid=$!\n"
                        << "for i in $(seq 3000); do\n"
                        << "  ls " << (dir / "points").string()
                        << " 2>/dev/null | grep -q 'json$' && break\n"
                        << "  sleep 0.01\n"
                        << "done\n"
                        << "kill -9 $pid; wait $pid; echo \"status $?\"\n";
  CliResult killed;
  killed.exit_code =
      std::system(("sh " + script.string() + " > " + (root / "kill.out").string()).c_str());
  killed.out = read_file(root / "kill.out");
  EXPECT_NE(killed.out.find("status 137"), std::string::npos) << killed.out;
  std::size_t done = 0;
  for (const auto& e : fs::directory_iterator(dir / "points"))
    done += e.path().extension() == ".json" ? 1 : 0;
  ASSERT_GE(done, 1u);
  ASSERT_LT(done, 8u) << "the shard finished before it was killed";

  CliResult r = run_cli("collect " + dir.string());
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find(fmt::format("{} of 8 point(s) done, {} missing", done, 8 - done)),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("): missing"), std::string::npos) << r.out;

  r = run_cli("sweep --manifest " + (dir / "manifest.json").string() + " --threads 1");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find(fmt::format("8 point(s), {} already done, {} run", done, 8 - done)),
            std::string::npos)
      << r.out;
  EXPECT_EQ(collect_json(dir), expected);
}

TEST(Sweep, ResultOfAnotherSweepIsNotMerged) {
  const fs::path root = scratch_dir();
  ASSERT_EQ(run_cli(sweep_args(root / "a")).exit_code, 0);
  // Same grid, another seed: same point ids, another manifest.
  ASSERT_EQ(run_cli(sweep_args(root / "b") + " --seed 9 --plan-only").exit_code, 0);
  fs::create_directories(root / "b" / "points");
  for (const auto& e : fs::directory_iterator(root / "a" / "points"))
    fs::copy(e.path(), root / "b" / "points" / e.path().filename(),
             fs::copy_options::overwrite_existing);
  const CliResult r = run_cli("collect " + (root / "b").string());
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.out.find("written for another manifest"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 of 8 point(s) done"), std::string::npos) << r.out;
}

TEST(Sweep, MalformedGridExitsTwoAndWritesNothing) {
  const fs::path root = scratch_dir();
  const std::string base = "sweep " + source_path("scenarios/quickstart.yaml") + " --out " +
                           (root / "out").string() + " --grid ";
  const std::pair<const char*, const char*> cases[] = {
      {"'functions.api.memory_mb=[512,1024'",
       "--grid: functions.api.memory_mb: unbalanced brackets"},
      {"'functions.api.memory_mb=[512..1024 sttep 2]'", "after lo..hi write nothing, `step S`"},
      {"'functions.api.memory_mb'", "expected key.path=[values]"},
      {"'functions.api.memroy_mb=[512]'",
       "--grid: functions.api.memroy_mb: unknown key 'memroy_mb'; did you mean 'memory_mb'?"},
      {"'functions.api.memory_mb=[64,512]'",
       "--grid: functions.api.memory_mb: 64 is out of range (allowed: 128 to 10240)"},
      {"'workloads[0].arrivals.rate=[10/s..1/min log 3]'",
       "the ends of a range need the same unit"},
  };
  for (const auto& [grid, message] : cases) {
    const CliResult r = run_cli(base + grid);
    EXPECT_EQ(r.exit_code, 2) << grid << "\n" << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << grid << "\n" << r.out;
  }
  EXPECT_FALSE(fs::exists(root / "out"));
}

TEST(Sweep, RefusesAChangedScenarioAndAForeignManifest) {
  const fs::path root = scratch_dir();
  fs::copy(source_path("scenarios/quickstart.yaml"), root / "s.yaml");
  const std::string args = "sweep " + (root / "s.yaml").string() +
                           " --grid 'functions.api.memory_mb=[512,1024]' --horizon 6m --out " +
                           (root / "out").string();
  ASSERT_EQ(run_cli(args + " --plan-only").exit_code, 0);
  CliResult r = run_cli(args + " --seed 5 --plan-only");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("holds another sweep's manifest"), std::string::npos) << r.out;
  std::ofstream(root / "s.yaml", std::ios::app) << "\n# edited\n";
  r = run_cli("sweep --manifest " + (root / "out" / "manifest.json").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("the scenario changed since the sweep manifest was written"),
            std::string::npos)
      << r.out;
}

// collect --html: the page says what is missing and draws each table
// metric against the rate axis, one line per memory size.
TEST(Sweep, CollectWritesAnHtmlPageNamingMissingPoints) {
  const fs::path root = scratch_dir();
  ASSERT_EQ(run_cli(sweep_args(root / "s")).exit_code, 0);
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(root / "s" / "points")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  fs::remove(files[0]);
  const CliResult r =
      run_cli("collect " + (root / "s").string() + " --quiet --html " + (root / "s.html").string());
  EXPECT_EQ(r.exit_code, 3) << r.out;
  const std::string page = read_file(root / "s.html");
  for (const std::string& text : std::vector<std::string>{
           "7 of 8 point(s) done, 1 missing", files[0].stem().string(), "Metrics",
           // Key paths as people read them (#21): axis, legends.
           "Each metric against workload 0 arrivals rate (/s)", "api memory 512 MB",
           "api memory 1024 MB", "p99 ms", "cost $", "± "})
    EXPECT_NE(page.find(text), std::string::npos) << text;
  std::size_t charts = 0;
  for (std::size_t at = page.find("<svg"); at != std::string::npos; at = page.find("<svg", at + 1))
    ++charts;
  EXPECT_EQ(charts, 4u);  // p99, throttles, cold starts, cost
}

// A grid whose axes are not all numbers of one unit (a keep-alive of
// `never`) has no axis to plot against: the points are drawn as dots by
// point number, and the page says why, rather than one line zig-zagging
// through them.
TEST(Sweep, CollectWithoutANumericAxisDrawsUnjoinedPoints) {
  const fs::path root = scratch_dir();
  ASSERT_EQ(run_cli("sweep " + source_path("scenarios/quickstart.yaml") +
                    " --grid 'platform.keep_alive=[5m,never]' --horizon 10m --quiet --out " +
                    (root / "s").string())
                .exit_code,
            0);
  const CliResult r =
      run_cli("collect " + (root / "s").string() + " --quiet --html " + (root / "s.html").string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string page = read_file(root / "s.html");
  EXPECT_NE(page.find("Each metric by point number: no grid axis has only numbers of one unit"),
            std::string::npos);
  EXPECT_NE(page.find("<circle class=\"point\""), std::string::npos);
}

// Trace replay with growth: --load 2x replays each of the trace's 45
// requests twice, 1x once (the copies keep the recorded instant).
TEST(Sweep, LoadFactorGrowsAReplayedTrace) {
  const fs::path root = scratch_dir();
  std::ifstream csv(source_path("scenarios/examples/trace-replay.csv"));
  std::string line;
  int requests = -1;  // the header
  while (std::getline(csv, line)) requests += line.empty() ? 0 : 1;
  ASSERT_EQ(requests, 45);
  for (const int load : {1, 2, 3}) {
    const fs::path dir = root / std::to_string(load);
    const CliResult r = run_cli("sweep " + source_path("scenarios/examples/trace-replay.yaml") +
                                " --grid 'functions.thumbnail.memory_mb=[1536]' --load " +
                                std::to_string(load) + "x --quiet --out " + dir.string());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const auto j = nlohmann::json::parse(collect_json(dir));
    EXPECT_EQ(j["points"][0]["metrics"]["totals.arrivals"].get<double>(), load * requests)
        << "load " << load;
  }
}

TEST(Sweep, CsvHasOneRowPerPointWithConfidenceIntervals) {
  const fs::path root = scratch_dir();
  ASSERT_EQ(run_cli(sweep_args(root / "s")).exit_code, 0);
  const CliResult r = run_cli("collect " + (root / "s").string() + " --quiet --csv -");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::istringstream lines(r.out);
  std::string header, line;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("index,id,functions.api.memory_mb,workloads[0].arrivals.rate,", 0), 0u);
  EXPECT_NE(header.find(",totals.latency_ms.p99,totals.latency_ms.p99_ci95,"), std::string::npos);
  int rows = 0;
  while (std::getline(lines, line)) ++rows;
  EXPECT_EQ(rows, 8);
}

// Replications whose p99 lands in one histogram bucket (every request
// takes exactly 100 ms; the cold ones are under 1 %) agree to within the
// histogram's 1 %: the table says "± <1%" and why, not "± 0.0".
TEST(Sweep, PercentileCiUnderTheHistogramResolutionReadsBelowOnePercent) {
  const fs::path root = scratch_dir();
  const fs::path file = root / "fixed.yaml";
  std::ofstream(file)
      << "horizon: 10m\n"
         "functions:\n  api: {init: 200ms, duration: 100ms}\n"
         "workloads:\n  - {function: api, arrivals: {process: poisson, rate: 20/s}}\n";
  ASSERT_EQ(run_cli("sweep " + file.string() +
                    " --grid 'functions.api.memory_mb=[512,1024]' --replications 3 --quiet --out " +
                    (root / "s").string())
                .exit_code,
            0);
  const CliResult json = run_cli("collect " + (root / "s").string() + " --quiet --json -");
  ASSERT_EQ(json.exit_code, 0) << json.out;
  EXPECT_NE(json.out.find("\"totals.latency_ms.p99_ci95\""), std::string::npos);
  const CliResult table = run_cli("collect " + (root / "s").string());
  ASSERT_EQ(table.exit_code, 0) << table.out;
  std::istringstream lines(table.out);
  int rows = 0;
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("0 ", 0) == 0 || line.rfind("1 ", 0) == 0) {
      ++rows;
      EXPECT_NE(line.find(" \u00b1 <1%"), std::string::npos) << line;
    }
  EXPECT_EQ(rows, 2) << table.out;
  EXPECT_NE(table.out.find("\u00b1 <1%: their percentiles fell within the latency histogram's"),
            std::string::npos)
      << table.out;
}

}  // namespace
}  // namespace ls::testing
