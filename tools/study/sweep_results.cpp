#include "tools/study/sweep_results.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>

#include "tools/io/json_writer.hpp"
#include "tools/study/json_integer.hpp"

namespace ls::tools {
namespace {

constexpr const char* kPointSchema = "lambdasim.sweep-point/1";

std::string dotted(const std::vector<std::string>& path) {
  std::string out;
  for (const auto& p : path) out += (out.empty() ? "" : ".") + p;
  return out;
}

std::vector<std::string> split_dotted(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    out.push_back(text.substr(start, dot - start));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

// Parses a point file; throws std::runtime_error (or a json exception) with
// the reason it is unusable.
PointResult parse_point(const std::string& text, const SweepManifest& manifest,
                        const SweepPoint& point) {
  const auto j = nlohmann::ordered_json::parse(text);
  if (j.at("schema").get<std::string>() != kPointSchema)
    throw std::runtime_error(std::string("schema is not ") + kPointSchema);
  if (j.at("manifest").get<std::string>() != manifest.id)
    throw std::runtime_error("written for another manifest (" +
                             j.at("manifest").get<std::string>() + ")");
  if (j.at("point").get<std::string>() != point.id ||
      json_integer<std::size_t>(j.at("index")) != point.index ||
      j.at("sets").get<std::vector<std::string>>() != point.sets)
    throw std::runtime_error("holds another point");
  PointResult r;
  r.index = point.index;
  r.id = point.id;
  const auto replications = json_integer<int>(j.at("replications"));
  if (!replications) throw std::runtime_error("replications is not an integer");
  r.replications = *replications;
  if (r.replications != manifest.replications)
    throw std::runtime_error("has " + std::to_string(r.replications) + " replications, not " +
                             std::to_string(manifest.replications));
  r.conservation_ok = j.at("conservation_ok").get<bool>();
  const auto& metrics = j.at("metrics");
  if (!metrics.is_object() || metrics.empty()) throw std::runtime_error("has no metrics");
  MetricTable::Builder table;  // one block: the file lists whole paths
  for (const auto& [key, value] : metrics.items()) {
    if (!value.is_array() || value.size() != 3 || !value[0].is_number() || !value[1].is_number() ||
        !value[2].is_boolean())
      throw std::runtime_error("metric " + key + " is not [mean, ci95, integer]");
    table.add(MetricPath(split_dotted(key)), value[0].get<double>(), value[1].get<double>(),
              value[2].get<bool>());
  }
  r.metrics = std::move(table).finish();
  return r;
}

}  // namespace

std::string point_path(const std::string& dir, const SweepPoint& point) {
  return (std::filesystem::path(dir) / "points" / (point.id + ".json")).string();
}

std::string point_json(const SweepManifest& manifest, const SweepPoint& point, const RunSet& set) {
  JsonWriter w;
  w.begin_object();
  w.field("schema", kPointSchema);
  w.field("manifest", manifest.id);
  w.field("point", point.id);
  w.field("index", static_cast<std::uint64_t>(point.index));
  w.field("seed", point.seed);
  w.field("replications", static_cast<int>(set.runs.size()));
  w.key("sets");
  w.begin_array();
  for (const auto& s : point.sets) w.value(s);
  w.end_array();
  w.field("conservation_ok", set.conservation_ok);
  w.key("metrics");
  w.begin_object();
  for (const auto& m : set.metrics) {
    w.key(dotted(m.path.parts()));
    w.begin_array();
    w.value(m.mean);
    w.value(m.ci95);
    w.value(m.integer);
    w.end_array();
  }
  w.end_object();
  w.end_object();
  return w.str();
}

std::optional<PointResult> read_point(const std::string& dir, const SweepManifest& manifest,
                                      const SweepPoint& point, std::string& error) {
  const std::string path = point_path(dir, point);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    error = "missing";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    error = "cannot be read";
    return std::nullopt;
  }
  try {
    return parse_point(text.str(), manifest, point);
  } catch (const nlohmann::json::exception& e) {
    error = std::string("is not valid: ") + e.what();
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  return std::nullopt;
}

Collection collect_points(const std::string& dir, const SweepManifest& manifest,
                          const std::function<void()>& point_read) {
  Collection c;
  c.results.resize(manifest.points.size());
  for (const auto& p : manifest.points) {
    std::string error;
    c.results[p.index] = read_point(dir, manifest, p, error);
    if (point_read) point_read();
    if (c.results[p.index]) continue;
    if (error == "missing")
      c.missing.push_back(p.index);
    else
      c.corrupt.push_back({p.index, "points/" + p.id + ".json", error});
  }
  return c;
}

}  // namespace ls::tools
