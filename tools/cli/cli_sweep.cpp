// `lambdasim sweep`: write a manifest, run it locally, or run one shard of it.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "models/config/scenario_loader.hpp"
#include "tools/cli/cli.hpp"
#include "tools/cli/cli_parse.hpp"
#include "tools/cli/progress.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/io/number_text.hpp"
#include "tools/io/text_file.hpp"
#include "tools/report/sweep_report.hpp"
#include "tools/study/load_factor.hpp"
#include "tools/study/sweep_run.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace ls::tools {
namespace {

// The manifest of `FILE --grid ...`: the base scenario is loaded once (its
// seed and replications become the manifest's), then every axis value once,
// so a bad key or value fails here rather than on a cluster node.
SweepManifest make_manifest(const po::variables_map& vm) {
  if (!vm.count("file")) throw Error("a scenario FILE is required (see --help)");
  if (!vm.count("grid")) throw Error("--grid KEY=VALUES is required (see --help)");
  SweepManifest m;
  m.scenario = fs::absolute(vm["file"].as<std::string>()).lexically_normal().string();
  m.scenario_hash = fnv1a_hex(read_text_file(m.scenario, "the scenario file"));
  models::LoadOptions opts = scenario_load_options(vm);
  if (opts.horizon) m.horizon = *opts.horizon;
  const models::Scenario base = models::load_scenario(m.scenario, opts);
  std::vector<std::string> load_sets;
  if (vm.count("load")) {
    const double f = parse_load_factor(vm["load"].as<std::string>(), {"--load", 0, 0}, "");
    load_sets = load_factor_sets(base, f);
    for (auto& s : load_sets) opts.sets.push_back(s);
  }
  m.sets = opts.sets;
  m.seed = base.seed;
  m.replications = vm.count("replications") ? vm["replications"].as<int>() : base.replications;
  if (m.replications < 1 || m.replications > 1000)
    throw Error(SourceLocation{"--replications", 0, 0}, "", "must be 1 to 1000");
  m.seeds = vm["seeds"].as<std::string>();
  if (m.seeds != "common" && m.seeds != "independent")
    throw Error(SourceLocation{"--seeds", 0, 0}, "", "expected common or independent");
  for (const auto& g : vm["grid"].as<std::vector<std::string>>()) {
    GridAxis axis = parse_grid_axis(g);
    for (const auto& a : m.axes)
      if (a.key == axis.key)
        throw Error(SourceLocation{"--grid", 0, 0}, axis.key,
                    "given twice; list all its values once");
    m.axes.push_back(std::move(axis));
  }
  build_points(m);
  for (const auto& axis : m.axes) {
    for (const auto& v : axis.values) {
      std::vector<std::string> one = load_sets;
      one.push_back(axis.key + "=" + v);
      try {
        models::with_variant(base, one);
      } catch (const Error& e) {
        if (e.where().file != "--set") throw;
        throw Error(SourceLocation{"--grid", 0, 0}, e.key_path(), e.message());
      }
    }
  }
  return m;
}

// Writes DIR/manifest.json, or checks that the one there is the same sweep.
void write_manifest(const SweepManifest& m, const std::string& dir) {
  const std::string path = (fs::path(dir) / "manifest.json").string();
  std::error_code ec;
  if (fs::exists(path, ec)) {
    if (read_manifest(path).id != m.id)
      throw Error(SourceLocation{path, 0, 0}, "",
                  "holds another sweep's manifest; choose a new --out folder (or remove it)");
    return;
  }
  create_output_directory(dir, "--out");
  write_file_atomically(path, manifest_json(m));
}

Shard choose_shard(const po::variables_map& vm) {
  if (vm.count("shard")) return parse_shard(vm["shard"].as<std::string>());
  std::optional<std::size_t> count;
  if (vm.count("shards")) count = vm["shards"].as<std::size_t>();
  if (auto s = shard_from_environment([](const char* n) { return std::getenv(n); }, count))
    return *s;
  return Shard{0, 1, "all points"};
}

// How many simulations the shard will run and roughly how long, from one
// pilot simulation of its first pending point; a warning first when that is
// very large.
void announce(const SweepManifest& m, const std::string& dir, const Shard& shard,
              const RunnerOptions& runner, Progress& progress) {
  check_scenario_unchanged(m);
  SweepRunStats counts;
  const auto pending = pending_points(m, dir, shard, counts, [](const std::string&) {});
  if (pending.empty()) return;
  Forecast f;
  f.simulations = pending.size() * static_cast<std::size_t>(m.replications);
  f.what =
      fmt::format("{} point{} x {} replication{}", grouped_number(double(pending.size())),
                  pending.size() == 1 ? "" : "s", m.replications, m.replications == 1 ? "" : "s");
  f.pilot_s = pilot_seconds(load_point(load_sweep_base(m), m, *pending.front()));
  f.threads = worker_threads(runner, f.simulations);
  announce_forecast(progress, f, "running ",
                    "use fewer grid values or --replications, a shorter --horizon, or split it "
                    "into shards (--plan-only, then --manifest ... --shard K/N on several "
                    "machines)");
}

int run_and_report(const SweepManifest& m, const std::string& dir, const Shard& shard,
                   const po::variables_map& vm) {
  const bool quiet = vm.count("quiet") > 0;
  RunnerOptions runner = runner_options(vm);
  SweepRunStats st;
  {
    Progress progress("sweep", !quiet);
    if (progress.enabled()) announce(m, dir, shard, runner, progress);
    progress.attach(runner);
    st = run_shard(m, dir, shard, runner, [&](const std::string& line) {
      if (progress.terminal() || line.find("running it again") != std::string::npos)
        progress.note(line);
    });
  }
  if (!quiet)
    fmt::print(
        "shard {}/{} ({}): {} point(s), {} already done, {} run ({} re-run), results in "
        "{}/points\n",
        shard.index, shard.count, shard.source, st.in_shard, st.skipped, st.ran, st.rerun, dir);
  if (!st.conservation_ok) {
    fmt::print(stderr, "lambdasim: internal error: request conservation violated\n");
    return 1;
  }
  return 0;
}

}  // namespace

int cmd_sweep(const std::vector<std::string>& args) {
  po::variables_map vm;
  if (!parse_command(args, command_spec("sweep"), vm)) return 0;
  if (vm.count("manifest")) {
    if (vm.count("file") || vm.count("grid") || vm.count("out"))
      throw Error(
          "--manifest runs an existing sweep: FILE, --grid and --out belong to writing one");
    const std::string path = vm["manifest"].as<std::string>();
    const SweepManifest m = read_manifest(path);
    const std::string dir = fs::path(path).parent_path().empty()
                                ? std::string(".")
                                : fs::path(path).parent_path().string();
    return run_and_report(m, dir, choose_shard(vm), vm);
  }
  if (!vm.count("out")) throw Error("--out DIR is required (see --help)");
  const std::string dir = vm["out"].as<std::string>();
  // --shard K/N (or --shards N with the scheduler's array index) runs one
  // shard of the sweep written (each array task writes the same manifest);
  // without them, every point.
  const bool sharded = vm.count("shard") || vm.count("shards");
  if (sharded && vm.count("plan-only"))
    throw Error(SourceLocation{}, vm.count("shard") ? "--shard" : "--shards",
                "--plan-only runs no point; a shard belongs to running the manifest "
                "(lambdasim sweep --manifest DIR/manifest.json --shard K/N)");
  const Shard shard = sharded ? choose_shard(vm) : Shard{0, 1, "all points"};
  const SweepManifest m = make_manifest(vm);
  write_manifest(m, dir);
  if (vm.count("plan-only")) {
    if (!vm.count("quiet"))
      fmt::print(
          "{}/manifest.json: {} point(s); run with `lambdasim sweep --manifest "
          "{}/manifest.json [--shard K/N]`\n",
          dir, m.points.size(), dir);
    return 0;
  }
  const int code = run_and_report(m, dir, shard, vm);
  // One shard's table would list the other shards' points as missing.
  if (code == 0 && !vm.count("quiet") && shard.count == 1)
    std::cout << "\n" << collect_table(m, collect_points(dir, m), {});
  return code;
}

}  // namespace ls::tools
