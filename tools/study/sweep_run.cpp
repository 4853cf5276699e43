#include "tools/study/sweep_run.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "models/config/data_dir.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/error.hpp"
#include "tools/io/atomic_file.hpp"
#include "tools/io/text_file.hpp"
#include "tools/study/sweep_results.hpp"

namespace ls::tools {

namespace {

// An error of a point's scenario, naming the point.
Error at_point(const Error& e, const SweepPoint& point) {
  return Error(e.where(), e.key_path(),
               e.message() + fmt::format(" (sweep point {}, id {})", point.index, point.id));
}

}  // namespace

models::Scenario load_sweep_base(const SweepManifest& manifest) {
  models::LoadOptions opts;
  opts.data_dir = models::default_data_dir();
  opts.sets = manifest.sets;
  opts.horizon = manifest.horizon;
  return models::load_scenario(manifest.scenario, opts);
}

models::Scenario load_point(const models::Scenario& base, const SweepManifest& manifest,
                            const SweepPoint& point) {
  std::vector<std::string> sets = point.sets;
  sets.push_back("replications=" + std::to_string(manifest.replications));
  // After every --set, as the --seed option would be.
  sets.push_back("seed=" + std::to_string(point.seed));
  try {
    return models::with_variant(base, sets);
  } catch (const Error& e) {
    throw at_point(e, point);
  }
}

void check_scenario_unchanged(const SweepManifest& manifest) {
  if (fnv1a_hex(read_text_file(manifest.scenario, "the scenario")) != manifest.scenario_hash)
    throw Error(SourceLocation{manifest.scenario, 0, 0}, "",
                "the scenario changed since the sweep manifest was written; results would mix "
                "two scenarios: write a new manifest into a new folder");
}

std::vector<const SweepPoint*> pending_points(
    const SweepManifest& manifest, const std::string& dir, const Shard& shard, SweepRunStats& stats,
    const std::function<void(const std::string&)>& corrupt) {
  std::vector<const SweepPoint*> pending;
  for (const auto& p : manifest.points) {
    if (!in_shard(p, shard)) continue;
    ++stats.in_shard;
    std::string error;
    if (read_point(dir, manifest, p, error)) {
      ++stats.skipped;
      continue;
    }
    if (error != "missing") {
      ++stats.rerun;
      corrupt(fmt::format("point {} ({}): result file {}; running it again", p.index, p.id, error));
    }
    pending.push_back(&p);
  }
  return pending;
}

SweepRunStats run_shard(const SweepManifest& manifest, const std::string& dir, const Shard& shard,
                        const RunnerOptions& options,
                        const std::function<void(const std::string&)>& note) {
  check_scenario_unchanged(manifest);
  create_output_directory((std::filesystem::path(dir) / "points").string(), "--out");
  SweepRunStats stats;
  const std::vector<const SweepPoint*> pending = pending_points(manifest, dir, shard, stats, note);
  if (options.expect)
    options.expect(pending.size() * static_cast<std::size_t>(manifest.replications));
  // Batches of about two points per thread: enough to keep every core busy,
  // small enough that a killed shard loses little.
  const std::size_t batch = 2 * std::size_t{requested_threads(options)};
  std::optional<models::Scenario> base;
  if (!pending.empty()) {
    try {  // an error here is the first point's, as it would be without a base
      base = load_sweep_base(manifest);
    } catch (const Error& e) {
      throw at_point(e, *pending.front());
    }
  }
  for (std::size_t start = 0; start < pending.size(); start += batch) {
    const std::size_t end = std::min(pending.size(), start + batch);
    std::vector<models::Scenario> scenarios;
    for (std::size_t i = start; i < end; ++i)
      scenarios.push_back(load_point(*base, manifest, *pending[i]));
    const std::vector<RunSet> sets = run_scenarios(scenarios, options);
    for (std::size_t i = start; i < end; ++i) {
      const RunSet& set = sets[i - start];
      stats.conservation_ok &= set.conservation_ok;
      write_file_atomically(point_path(dir, *pending[i]), point_json(manifest, *pending[i], set));
      ++stats.ran;
    }
    note(fmt::format("{} of {} point(s) run", end, pending.size()));
  }
  return stats;
}

}  // namespace ls::tools
