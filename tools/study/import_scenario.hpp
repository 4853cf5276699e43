// What `lambdasim import` learnt about a system (from a SAM / CloudFormation
// template, a Terraform JSON, CloudWatch metrics), before it is written as a
// scenario. Every value keeps the place it came from, so the scenario can say
// in a comment where each number was read (docs/import.md); what no input
// holds is a placeholder the scenario marks as such, never a silent default.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ls::tools::import {

// One scenario value: its YAML text (a scalar or a one-line flow mapping)
// and where it came from, e.g. "Api (AWS::Serverless::Function)
// Properties.MemorySize". A value that could not be resolved has no text:
// the key is written commented out, with `note` saying why, and the
// scenario's own default applies (which the note names).
struct Sourced {
  std::string yaml;
  std::string origin;
  std::string note;          // why unresolved, or a remark on the mapping
  bool placeholder = false;  // an assumption the user must replace (no input holds it)

  bool resolved() const { return !yaml.empty(); }
};

// A `key: value` entry of a scenario mapping, in output order.
using Settings = std::vector<std::pair<std::string, Sourced>>;

// Adds or replaces `key` in `settings`.
void set(Settings& settings, const std::string& key, Sourced value);
const Sourced* find(const Settings& settings, const std::string& key);

struct ImportedFunction {
  std::string name;        // scenario function name (letters, digits, - and _)
  std::string aws_name;    // deployed FunctionName when known: joins metrics and the bill
  std::string logical_id;  // template resource or Terraform address
  std::string origin;      // what it was read from, e.g. "Api (AWS::Serverless::Function)"
  Settings settings;       // memory_mb, architecture, timeout, ephemeral_mb, ...
  Sourced init;
  Sourced duration;
  Sourced error_rate;              // errors.rate; unresolved = not written
  std::vector<std::string> notes;  // comment lines above the function
};

struct ImportedWorkload {
  std::string function;            // scenario function name
  std::string invocation;          // sync or async ("" for an event source)
  std::string origin;              // what made this workload, e.g. "Worker Events.Orders (SQS)"
  Settings source;                 // workloads[].source keys (event source mappings)
  Settings async;                  // workloads[].async keys
  Sourced arrivals;                // flow mapping
  std::vector<std::string> notes;  // comment lines above the workload
};

// A file written beside the scenario (per-minute counts for a trace).
struct SideFile {
  std::string name;  // relative to the scenario's folder
  std::string text;
};

struct ImportResult {
  std::string scenario_name = "imported";
  std::vector<std::string> inputs;  // files read, for the header
  Sourced horizon;
  Sourced region;  // platform.region ("" unknown); picks the region's price table
  std::vector<ImportedFunction> functions;
  std::vector<ImportedWorkload> workloads;
  std::vector<std::string> warnings;     // printed on stderr and in the header
  std::vector<std::string> unsupported;  // "LogicalId (AWS::Type): why"
  std::vector<SideFile> side_files;
  // Scenario function -> the CloudWatch function (or alias) its metrics came
  // from, for the backtest.
  std::vector<std::pair<std::string, std::string>> metric_functions;

  ImportedFunction* function_named(const std::string& name);
  void warn(std::string message) { warnings.push_back(std::move(message)); }
};

// A valid scenario function name from a template or AWS name: characters
// other than letters, digits, '-' and '_' become '-', at most 64; made unique
// against `taken` with a numeric suffix.
std::string scenario_name_for(const std::string& raw, const std::vector<std::string>& taken);

// The placeholders written for what no input holds (docs/import.md).
Sourced placeholder_init();
Sourced placeholder_duration();
Sourced placeholder_arrivals();

// The scenario YAML, with a header listing the inputs, warnings and
// unsupported resources, and a comment on every imported value.
std::string scenario_yaml(const ImportResult& result);

// Seconds as a scenario duration ("30s", "5m", "1.5s").
std::string duration_text(double seconds);

}  // namespace ls::tools::import
