#include "tools/study/sweep_manifest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "models/error.hpp"
#include "sim/rng.hpp"
#include "tools/io/json_writer.hpp"
#include "tools/io/text_file.hpp"
#include "tools/study/json_integer.hpp"

namespace ls::tools {
namespace {

constexpr const char* kManifestSchema = "lambdasim.sweep/1";

std::string manifest_id(const SweepManifest& m) {
  std::string text = m.scenario_hash + "\n" + std::to_string(m.seed) + "\n" + m.seeds + "\n" +
                     std::to_string(m.replications) + "\n" + m.horizon.value_or("-") + "\n";
  for (const auto& s : m.sets) text += "set " + s + "\n";
  for (const auto& p : m.points) text += "point " + p.id + "\n";
  return fnv1a_hex(text);
}

std::uint64_t point_seed(const SweepManifest& m, const std::string& id) {
  if (m.seeds == "common") return m.seed;
  std::uint64_t state = m.seed ^ std::stoull(id, nullptr, 16);
  return sim::splitmix64(state);
}

std::optional<std::size_t> parse_count(const char* text) {
  if (text == nullptr) return std::nullopt;
  const std::string_view s(text);
  std::size_t n = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size())
    throw Error(SourceLocation{}, "", fmt::format("expected a whole number, got '{}'", s));
  return n;
}

// The value of environment variable `name` as a number (nullopt if unset).
std::optional<std::size_t> env_number(const EnvLookup& env, const char* name) {
  try {
    return parse_count(env(name));
  } catch (const Error& e) {
    throw Error(SourceLocation{name, 0, 0}, "", e.message());
  }
}

}  // namespace

std::string fnv1a_hex(std::string_view text) {
  return fmt::format("{:016x}", sim::hash_name(text));
}

std::string point_id(const std::vector<std::string>& sets) {
  std::string text;
  for (const auto& s : sets) text += s + "\n";
  return fnv1a_hex(text);
}

void build_points(SweepManifest& m) {
  m.points.clear();
  std::set<std::string> seen;
  for (auto& sets : expand_grid(m.axes)) {
    SweepPoint p;
    p.index = m.points.size();
    p.id = point_id(sets);
    if (!seen.insert(p.id).second) {
      std::string joined;
      for (const auto& s : sets) joined += (joined.empty() ? "" : " ") + s;
      throw Error(SourceLocation{"--grid", 0, 0}, "",
                  "two grid points have the same overrides (" + joined + "): list each value once");
    }
    p.seed = point_seed(m, p.id);
    p.sets = std::move(sets);
    m.points.push_back(std::move(p));
  }
  m.id = manifest_id(m);
}

std::string manifest_json(const SweepManifest& m) {
  JsonWriter w;
  w.begin_object();
  w.field("schema", kManifestSchema);
  w.field("id", m.id);
  w.field("scenario", m.scenario);
  w.field("scenario_hash", m.scenario_hash);
  w.field("seed", m.seed);
  w.field("seeds", m.seeds);
  w.field("replications", m.replications);
  w.field("horizon", m.horizon);
  w.array("sets", m.sets);
  w.objects("axes", m.axes, [&](const auto& a) {
    w.field("key", a.key);
    w.array("values", a.values);
  });
  w.objects("points", m.points, [&](const auto& p) {
    w.field("index", static_cast<std::uint64_t>(p.index));
    w.field("id", p.id);
    w.field("seed", p.seed);
    w.array("sets", p.sets);
  });
  w.end_object();
  return w.str();
}

SweepManifest read_manifest(const std::string& path) {
  const SourceLocation where{path, 0, 0};
  SweepManifest m;
  try {
    const auto j = nlohmann::json::parse(read_text_file(path, "the sweep manifest"));
    if (j.at("schema").get<std::string>() != kManifestSchema)
      throw Error(where, "schema", std::string("expected ") + kManifestSchema);
    m.scenario = j.at("scenario").get<std::string>();
    m.scenario_hash = j.at("scenario_hash").get<std::string>();
    const auto seed = json_integer<std::uint64_t>(j.at("seed"));
    if (!seed) throw Error(where, "seed", "expected an integer from 0 to 18446744073709551615");
    m.seed = *seed;
    m.seeds = j.at("seeds").get<std::string>();
    const auto replications = json_integer<int>(j.at("replications"));
    if (!replications) throw Error(where, "replications", "expected an integer");
    m.replications = *replications;
    if (!j.at("horizon").is_null()) m.horizon = j.at("horizon").get<std::string>();
    m.sets = j.at("sets").get<std::vector<std::string>>();
    for (const auto& a : j.at("axes"))
      m.axes.push_back(
          {a.at("key").get<std::string>(), a.at("values").get<std::vector<std::string>>()});
    m.id = j.at("id").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(where, "", std::string("not a sweep manifest: ") + e.what());
  }
  if (m.seeds != "common" && m.seeds != "independent")
    throw Error(where, "seeds", "expected common or independent, got '" + m.seeds + "'");
  const std::string id = m.id;
  build_points(m);
  if (m.id != id)
    throw Error(where, "id",
                "the manifest does not match its id (edited by hand?); write a new one with "
                "`lambdasim sweep ... --plan-only`");
  return m;
}

Shard parse_shard(std::string_view text) {
  const SourceLocation where{"--shard", 0, 0};
  const std::size_t slash = text.find('/');
  std::optional<std::size_t> k, n;
  try {
    if (slash != std::string_view::npos) {
      k = parse_count(std::string(text.substr(0, slash)).c_str());
      n = parse_count(std::string(text.substr(slash + 1)).c_str());
    }
  } catch (const Error&) {
  }
  if (!k || !n || *n == 0 || *k >= *n)
    throw Error(where, "",
                "expected K/N with 0 <= K < N (shard K of N, counted from 0), got '" +
                    std::string(text) + "'");
  return Shard{*k, *n, "--shard"};
}

std::optional<Shard> shard_from_environment(const EnvLookup& env,
                                            std::optional<std::size_t> count) {
  struct Scheduler {
    const char* index;
    const char* count;  // nullptr: the scheduler sets none
  };
  constexpr Scheduler kSchedulers[] = {{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT"},
                                       {"AWS_BATCH_JOB_ARRAY_INDEX", "AWS_BATCH_JOB_ARRAY_SIZE"},
                                       {"JOB_COMPLETION_INDEX", nullptr}};
  if (!count) count = env_number(env, "LAMBDASIM_SHARDS");
  for (const auto& s : kSchedulers) {
    std::optional<std::size_t> k = env_number(env, s.index);
    if (!k) continue;
    if (std::string_view(s.index) == "SLURM_ARRAY_TASK_ID") {
      const std::size_t min = env_number(env, "SLURM_ARRAY_TASK_MIN").value_or(0);
      const std::size_t step =
          std::max<std::size_t>(1, env_number(env, "SLURM_ARRAY_TASK_STEP").value_or(1));
      k = *k >= min ? (*k - min) / step : *k;
    }
    std::optional<std::size_t> n = count;
    if (!n && s.count != nullptr) n = env_number(env, s.count);
    if (!n)
      throw Error(SourceLocation{s.index, 0, 0}, "",
                  "is set but the number of shards is not: pass --shards N (or set "
                  "LAMBDASIM_SHARDS) with the job's number of completions");
    if (*n == 0 || *k >= *n)
      throw Error(SourceLocation{s.index, 0, 0}, "",
                  fmt::format("shard {} is out of range for {} shard(s)", *k, *n));
    return Shard{*k, *n, s.index};
  }
  return std::nullopt;
}

}  // namespace ls::tools
