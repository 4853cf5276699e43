#include "tools/study/calibrate_report_line.hpp"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "models/config/scenario_csv.hpp"
#include "models/config/text.hpp"
#include "models/error.hpp"

namespace ls::tools::calibrate {

using models::trim;

namespace {

// "12.34 ms" / "128 MB": the number before the unit.
double number_with_unit(std::string_view label, std::string_view text, std::string_view unit) {
  text = trim(text);
  if (text.size() > unit.size() && text.substr(text.size() - unit.size()) == unit)
    text = trim(text.substr(0, text.size() - unit.size()));
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v) ||
      v < 0) {
    throw Error("REPORT line: " + std::string(label) + " '" + std::string(text) +
                "' is not a number >= 0 followed by " + std::string(unit));
  }
  return v;
}

}  // namespace

std::optional<ReportFields> parse_report_text(std::string_view message) {
  message = trim(message);
  if (!message.starts_with("REPORT ")) return std::nullopt;
  ReportFields out;
  bool duration = false, billed = false, memory = false, max_memory = false;
  // Fields are "Label: value unit", separated by tabs.
  std::size_t pos = 0;
  while (pos <= message.size()) {
    std::size_t tab = message.find('\t', pos);
    if (tab == std::string_view::npos) tab = message.size();
    const std::string_view part = trim(message.substr(pos, tab - pos));
    pos = tab + 1;
    const std::size_t colon = part.find(": ");
    if (colon == std::string_view::npos) continue;
    const std::string_view label = trim(part.substr(0, colon));
    const std::string_view value = part.substr(colon + 2);
    if (label == "Duration") {
      out.duration_ms = number_with_unit(label, value, "ms");
      duration = true;
    } else if (label == "Billed Duration") {
      out.billed_ms = number_with_unit(label, value, "ms");
      billed = true;
    } else if (label == "Memory Size") {
      out.memory_mb = number_with_unit(label, value, "MB");
      memory = true;
    } else if (label == "Max Memory Used") {
      out.max_memory_mb = number_with_unit(label, value, "MB");
      max_memory = true;
    } else if (label == "Init Duration") {
      out.init_ms = number_with_unit(label, value, "ms");
    }
  }
  if (!duration || !billed || !memory || !max_memory) {
    throw Error(
        "REPORT line without " +
        std::string(!duration ? "Duration"
                    : !billed ? "Billed Duration"
                    : !memory ? "Memory Size"
                              : "Max Memory Used") +
        ": expected 'REPORT RequestId: <id>\\tDuration: <ms> ms\\tBilled Duration: <ms> ms\\t"
        "Memory Size: <MB> MB\\tMax Memory Used: <MB> MB[\\tInit Duration: <ms> ms]'");
  }
  return out;
}

std::optional<ReportFields> parse_platform_report(std::string_view json_text) {
  const nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  const auto type = doc.find("type");
  if (type == doc.end() || !type->is_string() || *type != "platform.report") return std::nullopt;
  const auto record = doc.find("record");
  if (record == doc.end() || !record->is_object() || !record->contains("metrics") ||
      !(*record)["metrics"].is_object()) {
    throw Error("platform.report without record.metrics");
  }
  const nlohmann::json& m = (*record)["metrics"];
  auto get = [&](const char* key, bool required) -> std::optional<double> {
    const auto it = m.find(key);
    if (it == m.end() || it->is_null()) {
      if (required)
        throw Error(std::string("platform.report: record.metrics.") + key + " is missing");
      return std::nullopt;
    }
    if (!it->is_number() || it->get<double>() < 0)
      throw Error(std::string("platform.report: record.metrics.") + key + " is not a number >= 0");
    return it->get<double>();
  };
  ReportFields out;
  out.duration_ms = *get("durationMs", true);
  out.billed_ms = *get("billedDurationMs", true);
  out.memory_mb = *get("memorySizeMB", true);
  out.max_memory_mb = get("maxMemoryUsedMB", false).value_or(0.0);
  out.init_ms = get("initDurationMs", false);
  if (const auto time = doc.find("time"); time != doc.end() && time->is_string()) {
    const auto t = models::detail::parse_iso_time(time->get<std::string>());
    if (!t) throw Error("platform.report: time '" + time->get<std::string>() + "' is not ISO 8601");
    out.time_ns = *t;
  }
  return out;
}

}  // namespace ls::tools::calibrate
