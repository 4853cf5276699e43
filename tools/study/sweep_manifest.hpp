// A sweep's manifest (DIR/manifest.json, schema lambdasim.sweep/1): the
// scenario, the overrides shared by every point, and one entry per grid
// point with its id and seed. Shards read it and run the points that fall
// to them, so a sweep can be split across machines of a batch cluster.
//
// Point ids and seeds depend only on a point's overrides and the base seed,
// never on its position or on how the sweep is sharded:
//   id   = FNV-1a (64-bit, hex) of the point's "key=value" overrides, one per line;
//   seed = the base seed (seeds: common, the default: every point sees the
//          same random numbers, so differences between points are not noise), or
//          splitmix64(base seed XOR id) (seeds: independent);
// replication r of a point uses the streams (seed, r, name) as `run` does.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/study/grid_spec.hpp"

namespace ls::tools {

struct SweepPoint {
  std::size_t index = 0;
  std::string id;
  std::vector<std::string> sets;  // "key=value", in axis order
  std::uint64_t seed = 0;
};

struct SweepManifest {
  std::string scenario;           // absolute path of the scenario file
  std::string scenario_hash;      // FNV-1a of its text: shards refuse a changed file
  std::vector<std::string> sets;  // --set (and --load) applied to every point
  std::optional<std::string> horizon;
  std::uint64_t seed = 1;
  int replications = 1;
  std::string seeds = "common";  // or "independent"
  std::vector<GridAxis> axes;
  std::vector<SweepPoint> points;
  std::string id;  // hash of all the above except the scenario's path
};

std::string fnv1a_hex(std::string_view text);
std::string point_id(const std::vector<std::string>& sets);

// Fills the points (from the axes), their ids and seeds, and the manifest
// id. Throws ls::Error if two points have the same overrides.
void build_points(SweepManifest& manifest);

std::string manifest_json(const SweepManifest& manifest);

// Reads and checks a manifest (schema, ids); ls::Error naming the file if
// it is not one.
SweepManifest read_manifest(const std::string& path);

// Shard K of N (0 <= K < N) takes the points whose index is K modulo N.
struct Shard {
  std::size_t index = 0;
  std::size_t count = 1;
  std::string source = "--shard";  // or the environment variable it came from
};

// "K/N". Throws ls::Error.
Shard parse_shard(std::string_view text);

// The shard named by a batch scheduler's array index: SLURM_ARRAY_TASK_ID
// (minus SLURM_ARRAY_TASK_MIN, over SLURM_ARRAY_TASK_STEP; count
// SLURM_ARRAY_TASK_COUNT), AWS_BATCH_JOB_ARRAY_INDEX (count
// AWS_BATCH_JOB_ARRAY_SIZE) or JOB_COMPLETION_INDEX (Kubernetes indexed
// Jobs, which set no count). `count` (--shards) or LAMBDASIM_SHARDS gives
// the count where the scheduler does not. nullopt when none is set.
using EnvLookup = std::function<const char*(const char*)>;
std::optional<Shard> shard_from_environment(const EnvLookup& env, std::optional<std::size_t> count);

inline bool in_shard(const SweepPoint& point, const Shard& shard) {
  return point.index % shard.count == shard.index;
}

}  // namespace ls::tools
