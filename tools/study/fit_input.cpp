// Readers of `lambdasim fit` (declared in fit_model.hpp): Power Tuning
// output JSON, lambdasim tune JSON, CSV.
#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "models/config/csv_reader.hpp"
#include "models/error.hpp"
#include "tools/io/text_file.hpp"
#include "tools/study/fit_model.hpp"

namespace ls::tools {
namespace {

using models::Architecture;
using nlohmann::json;

[[noreturn]] void fail(const std::string& path, int line, const std::string& message) {
  throw Error(SourceLocation{path, line, 0}, "", message);
}

std::string number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// `s.source` names the item inside a JSON file ("" for a CSV row, located by line).
void check_sample(const FitSample& s, const std::string& path, int line) {
  const std::string where = s.source.empty() ? "" : s.source + ": ";
  if (s.memory_mb < 128 || s.memory_mb > 10240) {
    fail(path, line,
         where + "memory " + std::to_string(s.memory_mb) +
             " MB is out of range (allowed: 128 to 10240)");
  }
  if (!(s.duration_ms > 0)) {
    fail(path, line,
         where + "duration " + number(s.duration_ms) +
             " ms must be > 0 (a non-positive duration cannot be fitted)");
  }
}

// A memory size read as a number, checked before it becomes an int (a
// fuzzer found 5.36e14 overflowing the cast: tests/fuzz, issue #19).
int whole_memory_mb(double mb, const std::string& text, const std::string& path, int line,
                    const std::string& where) {
  if (!(mb >= 128 && mb <= 10240))
    fail(path, line, where + "memory " + text + " MB is out of range (allowed: 128 to 10240)");
  if (mb != std::floor(mb))
    fail(path, line, where + "memory '" + text + "' is not a whole number of MB");
  return static_cast<int>(mb);
}

int json_memory(const json& v, const std::string& path, const std::string& where) {
  if (v.is_number()) return whole_memory_mb(v.get<double>(), v.dump(), path, 0, where + ": ");
  if (v.is_string()) {  // old Power Tuning versions: "power": "128"
    const std::string s = v.get<std::string>();
    int m = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), m);
    if (ec == std::errc() && end == s.data() + s.size()) return m;
  }
  fail(path, 0, where + ": expected a memory size in MB, got " + v.dump());
}

double json_number(const json& obj, const char* key, const std::string& path,
                   const std::string& where) {
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_number())
    fail(path, 0, where + ": expected a number '" + key + "'");
  return it->get<double>();
}

std::vector<FitSample> from_tune_json(const json& root, const std::string& path) {
  std::vector<FitSample> out;
  const json& points = root.at("points");
  json level;
  bool first = true;
  std::size_t timed_out = 0;  // points left out: their durations are cut at the timeout
  for (std::size_t i = 0; i < points.size(); ++i) {
    const json& p = points[i];
    const std::string where = "points[" + std::to_string(i) + "]";
    if (first) level = p.value("provisioned_concurrency", json());
    first = false;
    if (p.value("provisioned_concurrency", json()) != level) continue;
    if (json_number(p, "timed_out", path, where) > 0) {  // censored durations
      ++timed_out;
      continue;
    }
    FitSample s;
    s.memory_mb = json_memory(p.at("memory_mb"), path, where);
    s.architecture =
        p.value("architecture", "x86_64") == "arm64" ? Architecture::Arm64 : Architecture::X86_64;
    s.duration_ms = json_number(p.at("latency_ms"), "mean", path, where + ".latency_ms");
    s.source = where;
    check_sample(s, path, 0);
    out.push_back(s);
  }
  if (out.empty() && timed_out > 0)
    fail(path, 0,
         "no measurements to fit: its " + std::to_string(timed_out) +
             " point(s) all had requests that timed out (their durations are cut at the "
             "timeout, so fit leaves them out); tune again with a longer timeout");
  return out;
}

std::vector<FitSample> from_power_tuning(const json& doc, const std::string& path,
                                         Architecture architecture) {
  const json& root = doc.contains("results") && !doc.contains("power") ? doc["results"] : doc;
  std::vector<FitSample> out;
  // `lambdasim tune --power-tuning-json` says which architecture it describes.
  if (root.contains("lambdasim") && root["lambdasim"].is_object())
    architecture = root["lambdasim"].value("architecture", "") == "arm64" ? Architecture::Arm64
                                                                          : Architecture::X86_64;
  if (root.contains("stats") && root["stats"].is_array()) {
    const json& stats = root["stats"];
    for (std::size_t i = 0; i < stats.size(); ++i) {
      const std::string where = "stats[" + std::to_string(i) + "]";
      if (!stats[i].is_object()) fail(path, 0, where + ": expected an object");
      FitSample s;
      s.memory_mb = json_memory(stats[i].value("value", json()), path, where + ".value");
      s.duration_ms = json_number(stats[i], "averageDuration", path, where);
      s.architecture = architecture;
      s.source = where;
      if (s.duration_ms == 0) continue;  // Power Tuning's Analyzer drops these too
      check_sample(s, path, 0);
      out.push_back(s);
    }
  } else if (root.contains("power") && root.contains("duration")) {
    FitSample s;
    s.memory_mb = json_memory(root["power"], path, "power");
    s.duration_ms = json_number(root, "duration", path, "the result");
    s.architecture = architecture;
    s.source = "power";
    check_sample(s, path, 0);
    out.push_back(s);
  } else {
    fail(path, 0,
         "not a Power Tuning result: no stats[] (run it with includeOutputResults: true) and no "
         "power/duration");
  }
  return out;
}

bool parse_double(const std::string& s, double& v) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

struct CsvColumns {
  std::size_t memory = 0, duration = 1;
  std::optional<std::size_t> architecture;
};

CsvColumns csv_header(const std::vector<std::string>& cells, const std::string& path, int line) {
  CsvColumns c;
  std::optional<std::size_t> memory, duration;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (cells[i] == "memory" || cells[i] == "memory_mb") memory = i;
    if (cells[i] == "duration_ms" || cells[i] == "duration") duration = i;
    if (cells[i] == "architecture" || cells[i] == "arch") c.architecture = i;
  }
  if (!memory || !duration) {
    fail(path, line,
         "the header needs a memory (or memory_mb) and a duration_ms column, got: " +
             (cells.empty() ? std::string("nothing") : cells.front() + ",..."));
  }
  c.memory = *memory;
  c.duration = *duration;
  return c;
}

std::vector<FitSample> from_csv(const std::string& text, const std::string& path,
                                Architecture architecture) {
  std::vector<FitSample> out;
  std::istringstream in(text);
  models::CsvReader reader(in, path);  // RFC 4180; '#' lines are comments
  reader.skip_comment_lines('#');
  std::optional<CsvColumns> cols;
  while (reader.next()) {
    if (reader.blank()) continue;
    const int n = reader.line();
    std::vector<std::string> cells;
    for (const auto& f : reader.fields()) cells.emplace_back(f.text);
    double probe = 0;
    if (!cols) {
      cols = parse_double(cells[0], probe) ? CsvColumns{} : csv_header(cells, path, n);
      if (!parse_double(cells[0], probe)) continue;
    }
    const std::size_t need = std::max(cols->memory, cols->duration) + 1;
    if (cells.size() < need) fail(path, n, "expected " + std::to_string(need) + " columns");
    double memory = 0;
    FitSample s;
    if (!parse_double(cells[cols->memory], memory))
      fail(path, n, "memory '" + cells[cols->memory] + "' is not a whole number of MB");
    if (!parse_double(cells[cols->duration], s.duration_ms))
      fail(path, n, "duration_ms '" + cells[cols->duration] + "' is not a number");
    s.memory_mb = whole_memory_mb(memory, cells[cols->memory], path, n, "");
    s.architecture = architecture;
    if (cols->architecture && *cols->architecture < cells.size()) {
      const std::string& a = cells[*cols->architecture];
      if (a != "x86_64" && a != "arm64")
        fail(path, n, "architecture '" + a + "' is not x86_64 or arm64");
      s.architecture = a == "arm64" ? Architecture::Arm64 : Architecture::X86_64;
    }
    check_sample(s, path, n);
    s.source = "line " + std::to_string(n);
    out.push_back(s);
  }
  return out;
}

}  // namespace

std::vector<FitSample> read_fit_samples(const std::string& path, Architecture architecture) {
  const std::string text = read_text_file(path, "the file");
  const auto first = text.find_first_not_of(" \t\r\n");
  std::vector<FitSample> out;
  if (first != std::string::npos && (text[first] == '{' || text[first] == '[')) {
    json doc;
    try {
      doc = json::parse(text);
    } catch (const json::exception& e) {
      fail(path, 0, std::string("invalid JSON: ") + e.what());
    }
    if (!doc.is_object()) fail(path, 0, "expected a JSON object (a Power Tuning result)");
    try {
      out = doc.value("schema", "") == "lambdasim.tune/1"
                ? from_tune_json(doc, path)
                : from_power_tuning(doc, path, architecture);
    } catch (const json::exception& e) {
      fail(path, 0, std::string("unexpected JSON shape: ") + e.what());
    }
  } else {
    out = from_csv(text, path, architecture);
  }
  if (out.empty()) fail(path, 0, "no measurements in the file");
  for (auto& s : out) s.source = path + ": " + s.source;
  return out;
}

}  // namespace ls::tools
