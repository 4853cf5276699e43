#include "tools/study/import_scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "models/config/data_dir.hpp"

namespace ls::tools::import {

void set(Settings& settings, const std::string& key, Sourced value) {
  for (auto& [k, v] : settings) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  settings.emplace_back(key, std::move(value));
}

const Sourced* find(const Settings& settings, const std::string& key) {
  for (const auto& [k, v] : settings)
    if (k == key) return &v;
  return nullptr;
}

ImportedFunction* ImportResult::function_named(const std::string& name) {
  for (auto& f : functions)
    if (f.name == name) return &f;
  return nullptr;
}

std::string scenario_name_for(const std::string& raw, const std::vector<std::string>& taken) {
  std::string name;
  for (char c : raw) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    name += ok ? c : '-';
  }
  if (name.empty()) name = "function";
  if (name.size() > 60) name.resize(60);
  std::string unique = name;
  for (int n = 2; std::find(taken.begin(), taken.end(), unique) != taken.end(); ++n)
    unique = name + "-" + std::to_string(n);
  return unique;
}

// The placeholders: a typical small web function (init and duration of the
// order AWS's own examples use); each says it is one.
Sourced placeholder_init() {
  return {"{dist: lognormal, median: 300ms, p99: 1s}", "",
          "PLACEHOLDER: INIT time is in no input (measure it: CloudWatch Logs' Init Duration)",
          true};
}

Sourced placeholder_duration() {
  return {"{dist: lognormal, median: 100ms, p99: 500ms}", "",
          "PLACEHOLDER: durations are not in infrastructure code (import CloudWatch metrics with "
          "--metrics)",
          true};
}

Sourced placeholder_arrivals() {
  return {"{process: poisson, rate: 1/s}", "",
          "PLACEHOLDER: traffic is not in infrastructure code (import CloudWatch metrics with "
          "--metrics)",
          true};
}

std::string duration_text(double seconds) {
  if (seconds >= 86400 && std::fmod(seconds, 86400) == 0)
    return fmt::format("{:g}d", seconds / 86400);
  if (seconds >= 3600 && std::fmod(seconds, 3600) == 0) return fmt::format("{:g}h", seconds / 3600);
  if (seconds >= 60 && std::fmod(seconds, 60) == 0) return fmt::format("{:g}m", seconds / 60);
  if (seconds >= 1) return fmt::format("{:g}s", seconds);
  return fmt::format("{:g}ms", std::round(seconds * 1e6) / 1e3);
}

namespace {

// A comment's text on one line.
std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

std::string comment_of(const Sourced& v) {
  std::string c = v.origin;
  std::string note = v.note;
  if (v.placeholder && note.rfind("PLACEHOLDER", 0) != 0) note = "PLACEHOLDER: " + note;
  if (!note.empty()) c += (c.empty() ? "" : "; ") + note;
  return one_line(c);
}

// `key: value   # comment`, or the key commented out when unresolved.
void write_value(std::string& out, const std::string& indent, const std::string& key,
                 const Sourced& v) {
  const std::string comment = comment_of(v);
  if (!v.resolved()) {
    out += fmt::format("{}# {}: ?   # UNRESOLVED: {}\n", indent, key, comment);
    return;
  }
  const std::string line = fmt::format("{}{}: {}", indent, key, v.yaml);
  if (comment.empty()) {
    out += line + "\n";
  } else if (line.size() > 70) {  // a long value: the comment goes above it
    out += fmt::format("{}# {}\n{}\n", indent, comment, line);
  } else {
    out += fmt::format("{}   # {}\n", line, comment);
  }
}

void write_settings(std::string& out, const std::string& indent, const Settings& settings) {
  for (const auto& [key, value] : settings) write_value(out, indent, key, value);
}

// A section header (`source:`, `async:`) and its settings; when none is
// resolved the header is a comment too, so the section is not an empty value.
void write_section(std::string& out, const std::string& name, const Settings& settings) {
  if (settings.empty()) return;
  const bool any = std::any_of(settings.begin(), settings.end(),
                               [](const auto& kv) { return kv.second.resolved(); });
  out += any ? "    " + name + ":\n" : "    # " + name + ":\n";
  write_settings(out, "      ", settings);
}

void write_list(std::string& out, const std::string& title, const std::vector<std::string>& items) {
  if (items.empty()) return;
  out += "#\n# " + title + "\n";
  for (const auto& item : items) out += "#   - " + one_line(item) + "\n";
}

}  // namespace

std::string scenario_yaml(const ImportResult& r) {
  std::string out = "# Imported by `lambdasim import` from:";
  for (const auto& in : r.inputs) out += " " + in;
  out +=
      "\n# Every value names the resource or metric and the property it was read from.\n"
      "# PLACEHOLDER marks an assumption that no input holds: replace it before trusting\n"
      "# the results. UNRESOLVED marks a value that could not be worked out statically: it\n"
      "# is commented out, so the scenario's default applies until you set it (docs/import.md).\n";
  write_list(out, "Warnings:", r.warnings);
  write_list(out, "Not simulated (listed here, not dropped silently):", r.unsupported);
  out += fmt::format("scenario: {}\nseed: 1\n", r.scenario_name);
  write_value(out, "", "horizon", r.horizon);
  out += "\nplatform:\n  preset: aws-2025\n";
  if (r.region.resolved()) {
    write_value(out, "  ", "region", r.region);
    const std::string table = "aws-" + r.region.yaml + "-2025";
    if (std::filesystem::exists(std::filesystem::path(models::default_data_dir()) / "prices" /
                                (table + ".yaml"))) {
      out += "  billing:\n";
      write_value(out, "    ", "prices",
                  {table, "", "the region's price table (scenarios/prices/)", false});
    } else {
      out += "  # no price table for " + r.region.yaml +
             " under scenarios/prices/: the preset's (us-east-1) applies\n";
    }
  }
  out += "\nfunctions:\n";
  for (const auto& f : r.functions) {
    for (const auto& n : f.notes) out += "  # " + one_line(n) + "\n";
    out += "  " + f.name + ":";
    if (!f.origin.empty() || !f.aws_name.empty()) {
      out += "   # " + f.origin;
      if (!f.aws_name.empty())
        out += (f.origin.empty() ? "" : ", ") + ("deployed as " + f.aws_name);
    }
    out += "\n";
    write_settings(out, "    ", f.settings);
    write_value(out, "    ", "init", f.init);
    write_value(out, "    ", "duration", f.duration);
    if (f.error_rate.resolved()) {
      out += "    errors:\n";
      write_value(out, "      ", "rate", f.error_rate);
    }
  }
  if (!r.workloads.empty()) out += "\nworkloads:\n";
  for (const auto& w : r.workloads) {
    for (const auto& n : w.notes) out += "  # " + one_line(n) + "\n";
    out += fmt::format("  - function: {}", w.function);
    out += w.origin.empty() ? "\n" : "   # " + one_line(w.origin) + "\n";
    if (!w.invocation.empty()) out += "    invocation: " + w.invocation + "\n";
    write_section(out, "source", w.source);
    write_section(out, "async", w.async);
    write_value(out, "    ", "arrivals", w.arrivals);
  }
  return out;
}

}  // namespace ls::tools::import
