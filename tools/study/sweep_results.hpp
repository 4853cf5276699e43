// Results of a sweep: one file per point, DIR/points/<id>.json (schema
// lambdasim.sweep-point/1), written atomically as soon as the point has run,
// so a killed shard loses only the points it was running. A point is done
// when its file reads back whole and names this manifest and this point;
// anything else is reported (collect) or run again (sweep resume).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tools/study/report_metrics.hpp"
#include "tools/study/runner.hpp"
#include "tools/study/sweep_manifest.hpp"

namespace ls::tools {

struct PointResult {
  std::size_t index = 0;
  std::string id;
  int replications = 1;
  bool conservation_ok = true;
  MetricTable metrics;  // in report order
};

// "DIR/points/<id>.json".
std::string point_path(const std::string& dir, const SweepPoint& point);

std::string point_json(const SweepManifest& manifest, const SweepPoint& point, const RunSet& set);

// The point's result, or nullopt with `error` saying why the file is not
// usable ("missing" when there is none).
std::optional<PointResult> read_point(const std::string& dir, const SweepManifest& manifest,
                                      const SweepPoint& point, std::string& error);

struct BadPoint {
  std::size_t index = 0;
  std::string file;  // relative to DIR
  std::string reason;
};

struct Collection {
  std::vector<std::optional<PointResult>> results;  // by point index
  std::vector<std::size_t> missing;                 // no file
  std::vector<BadPoint> corrupt;                    // a file that is not a result of this point
  bool complete() const { return missing.empty() && corrupt.empty(); }
  std::size_t done() const { return results.size() - missing.size() - corrupt.size(); }
};

// `point_read`, when given, is called after each point's file (progress).
Collection collect_points(const std::string& dir, const SweepManifest& manifest,
                          const std::function<void()>& point_read = {});

}  // namespace ls::tools
