// `lambdasim collect`: a sweep's point results merged into one table, one
// JSON document (schema lambdasim.sweep-results/1) and one CSV, in point
// order whatever the sharding. Nothing here depends on the folder's path,
// on shard counts or on wall time, so the same sweep merges to the same
// bytes however it was run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/sweep_manifest.hpp"
#include "tools/sweep_results.hpp"

namespace ls::tools {

std::string collect_json(const SweepManifest& manifest, const Collection& collection);

// One row per point that is done: index, id, the axis values, then every
// metric (and its <metric>_ci95 with replications > 1).
std::string collect_csv(const SweepManifest& manifest, const Collection& collection);

// Axis values and `metrics` (dotted paths; empty: p99, throttle rate, cold
// starts, cost) per point; missing and corrupt points are marked.
std::string collect_table(const SweepManifest& manifest, const Collection& collection,
                          const std::vector<std::string>& metrics);

// Rows of cells as aligned text: the first column left-aligned, the others
// right-aligned (by characters, so "±" counts as one); with `last_left` the
// last column too is left-aligned (free text).
std::string format_rows(const std::vector<std::vector<std::string>>& rows, bool last_left = false);
std::size_t display_width(std::string_view text);

// "point 3 (id ...): missing" lines, then corrupt files with the reason.
std::string collect_problems(const SweepManifest& manifest, const Collection& collection);

}  // namespace ls::tools
