// Running a sweep shard: the points of shard K/N that are not done yet are
// loaded as variants of the scenario (the manifest's overrides, then the
// point's, its seed and the manifest's replications) and run in batches on
// all cores; each point's result file is written as soon as its batch ends.
#pragma once

#include <functional>
#include <string>

#include "models/scenario.hpp"
#include "tools/study/runner.hpp"
#include "tools/study/sweep_manifest.hpp"

namespace ls::tools {

// The scenario every point varies: the manifest's file, --set and horizon,
// read once. Throws ls::Error.
models::Scenario load_sweep_base(const SweepManifest& manifest);

// The scenario of one point: `base` with the point's assignments,
// replications and seed (models::with_variant, no new parse). Throws
// ls::Error (naming the point) for a value the loader rejects.
models::Scenario load_point(const models::Scenario& base, const SweepManifest& manifest,
                            const SweepPoint& point);

// Throws ls::Error if the scenario file changed since the manifest was made.
void check_scenario_unchanged(const SweepManifest& manifest);

struct SweepRunStats {
  std::size_t in_shard = 0;  // points of this shard
  std::size_t skipped = 0;   // already done (resume)
  std::size_t ran = 0;       // run now (including the re-run ones)
  std::size_t rerun = 0;     // had an unusable result file
  bool conservation_ok = true;
};

// The points of shard K/N that have no usable result file yet (in manifest
// order); `corrupt` receives one line per point whose file is unusable.
std::vector<const SweepPoint*> pending_points(const SweepManifest& manifest, const std::string& dir,
                                              const Shard& shard, SweepRunStats& stats,
                                              const std::function<void(const std::string&)>& corrupt);

// `note` receives one line per re-run corrupt file and per finished batch.
SweepRunStats run_shard(const SweepManifest& manifest, const std::string& dir, const Shard& shard,
                        const RunnerOptions& options,
                        const std::function<void(const std::string&)>& note);

}  // namespace ls::tools
