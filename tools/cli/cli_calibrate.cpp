// `lambdasim calibrate`: a user's own Lambda logs in, a calibrated scenario
// out, and optionally the backtest of that scenario against the logs
// (docs/calibrate.md).
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"
#include "tools/cli/cli.hpp"
#include "tools/cli/cli_parse.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/report/calibrate_report.hpp"
#include "tools/study/calibrate_backtest.hpp"
#include "tools/study/calibrate_readers.hpp"
#include "tools/study/calibrate_scenario.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace ls::tools {

namespace {

// "dir/name.yaml" → "dir/name.<suffix>"
std::string beside(const std::string& out, const std::string& suffix) {
  fs::path p(out);
  return (p.parent_path() / (p.stem().string() + "." + suffix)).string();
}

}  // namespace

int cmd_calibrate(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, command_spec("calibrate"), vm)) return 0;
  if (!vm.count("files")) throw Error("no log FILE given (see --help)");
  if (!vm.count("out")) throw Error(SourceLocation{}, "--out", "the scenario FILE is required");
  const std::string out = vm["out"].as<std::string>();
  const auto files = vm["files"].as<std::vector<std::string>>();
  const int replications = vm["replications"].as<int>();  // range-checked by parse_command

  calibrate::ReadOptions read;
  if (vm.count("memory-mb")) {
    read.memory_mb = vm["memory-mb"].as<double>();
    if (!(*read.memory_mb >= 128 && *read.memory_mb <= 10240))
      throw Error(SourceLocation{}, "--memory-mb", "must be 128 to 10240");
  }
  read.max_disorder_s = vm["max-disorder"].as<double>();
  if (!(read.max_disorder_s >= 0)) throw Error(SourceLocation{}, "--max-disorder", "must be >= 0");
  calibrate::EstimateOptions estimate;
  estimate.seed = vm["seed"].as<std::uint64_t>();

  // One pass over the logs: estimates, and the arrivals (and samples) written as they stream.
  calibrate::ScenarioOptions scenario_options;
  scenario_options.name = fs::path(out).stem().string();
  scenario_options.function = vm["function"].as<std::string>();
  scenario_options.preset = vm["preset"].as<std::string>();
  scenario_options.inputs = files;
  scenario_options.lifecycle = !vm.count("no-lifecycle");
  const bool empirical = vm.count("empirical") > 0;
  const std::string arrivals_path = beside(out, "arrivals.csv");
  const std::string duration_path = beside(out, "durations.csv");
  const std::string init_path = beside(out, "init.csv");
  calibrate::LogStream logs(files, read);
  // Written as the logs stream, each whole or not at all (AtomicFile).
  AtomicFile arrivals(arrivals_path);
  arrivals.write("arrival\n");
  std::unique_ptr<AtomicFile> durations, inits;
  if (empirical) {
    durations = std::make_unique<AtomicFile>(duration_path);
    inits = std::make_unique<AtomicFile>(init_path);
    durations->write("duration_ms\n");
    inits->write("init_ms\n");
  }
  const calibrate::Estimates estimates =
      calibrate::estimate_from_logs(logs, estimate, [&](const calibrate::LogRecord& r) {
        arrivals.write(fmt::format("{:.6f}\n", r.arrival));
        if (empirical) {
          durations->write(fmt::format("{}\n", r.duration_ms));
          if (r.cold && !std::isnan(r.init_ms)) inits->write(fmt::format("{}\n", r.init_ms));
        }
      });
  scenario_options.formats = logs.formats();
  scenario_options.per_minute = vm.count("per-minute") || estimates.observed.requests > 1000000;
  if (scenario_options.per_minute) {
    scenario_options.arrivals_file = fs::path(beside(out, "per-minute.csv")).filename().string();
    write_file_atomically(beside(out, "per-minute.csv"),
                          calibrate::per_minute_csv(estimates.observed));
  } else {
    arrivals.commit();
    scenario_options.arrivals_file = fs::path(arrivals_path).filename().string();
  }
  if (empirical) {
    durations->commit();
    scenario_options.duration_samples_file = fs::path(duration_path).filename().string();
    if (estimates.init.n > 0) {
      inits->commit();
      scenario_options.init_samples_file = fs::path(init_path).filename().string();
    }
  }
  const calibrate::ReclaimEstimate& reclaim = estimates.reclaim;
  // (percentiles_s is empty unless q90 was reached)
  if (scenario_options.lifecycle && !reclaim.percentiles_s.empty() &&
      reclaim.q90_s > reclaim.q10_s) {
    const std::string keep_alive_path = beside(out, "keep-alive.csv");
    write_file_atomically(keep_alive_path, calibrate::keep_alive_csv(reclaim));
    scenario_options.keep_alive_file = fs::path(keep_alive_path).filename().string();
  }
  write_file_atomically(out, calibrate::scenario_yaml(estimates, scenario_options));
  const models::Scenario scenario = models::load_scenario(out, models::LoadOptions{});

  const bool json_to_stdout = vm.count("json") && vm["json"].as<std::string>() == "-";
  const auto counts = logs.counts();
  if (!json_to_stdout) {
    fmt::print("read {} request(s) from {} file(s) ({}); {} other line(s) skipped\n",
               counts.records, counts.files, logs.formats(), counts.skipped);
    std::cout << calibrate_summary(estimates);
    fmt::print("wrote {} (arrivals: {})\n", out, scenario_options.arrivals_file);
  }
  std::unique_ptr<calibrate::Backtest> backtest;
  if (vm.count("backtest") || vm.count("html")) {
    backtest = std::make_unique<calibrate::Backtest>(
        calibrate::run_backtest(scenario, estimates, replications, vm["threads"].as<unsigned>()));
    if (!json_to_stdout) std::cout << backtest_table(*backtest);
    if (vm.count("html"))
      write_file_atomically(vm["html"].as<std::string>(), backtest_html(estimates, *backtest));
  }
  if (vm.count("json"))
    write_output(vm["json"].as<std::string>(), calibrate_json(estimates, backtest.get()));
  return 0;
}

}  // namespace ls::tools
