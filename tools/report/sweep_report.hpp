// `lambdasim collect`: a sweep's point results merged into one table, one
// JSON document (schema lambdasim.sweep-results/1) and one CSV, in point
// order whatever the sharding. Nothing here depends on the folder's path,
// on shard counts or on wall time, so the same sweep merges to the same
// bytes however it was run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/study/sweep_manifest.hpp"
#include "tools/study/sweep_results.hpp"

namespace ls::tools {

std::string collect_json(const SweepManifest& manifest, const Collection& collection);

// One row per point that is done: index, id, the axis values, then every
// metric (and its <metric>_ci95 with replications > 1).
std::string collect_csv(const SweepManifest& manifest, const Collection& collection);

// A column of the table: a metric, its header, the factor it is shown with
// and its unit ("ms", "%", "$" or "").
struct CollectColumn {
  std::string path;
  std::string label;
  double scale = 1.0;
  int decimals = 4;
  std::string unit;
};
// `metrics` as columns (empty: p99, throttle rate, cold starts, cost).
std::vector<CollectColumn> collect_columns(const std::vector<std::string>& metrics);

// Axis values and `metrics` (see collect_columns) per point, ± CI with
// replications > 1; missing and corrupt points are marked. As cells (the
// first row the header; shared with the HTML page) and as aligned text
// ending in collect_summary's line.
std::vector<std::vector<std::string>> collect_rows(const SweepManifest& manifest,
                                                   const Collection& collection,
                                                   const std::vector<std::string>& metrics);
std::string collect_table(const SweepManifest& manifest, const Collection& collection,
                          const std::vector<std::string>& metrics);
// "6 of 8 point(s) done, 1 missing, 1 corrupt (not merged)".
std::string collect_summary(const SweepManifest& manifest, const Collection& collection);

// Rows of cells as aligned text: the first column left-aligned, the others
// right-aligned (by characters, so "±" counts as one); with `last_left` the
// last column too is left-aligned (free text).
std::string format_rows(const std::vector<std::vector<std::string>>& rows, bool last_left = false);
std::size_t display_width(std::string_view text);

// "point 3 (id ...): missing" lines, then corrupt files with the reason.
std::string collect_problems(const SweepManifest& manifest, const Collection& collection);

// The value of one of a point's settings, "key=value" → "value".
std::string set_value(const std::string& set);

}  // namespace ls::tools
