// Reads a scenario file (../shared/design/scenario-format.md) into a
// validated Scenario.
//
// Precedence: the platform preset (data_dir/platforms/<preset>.yaml,
// default aws-2025) < the scenario file < --set arguments (in order) <
// --seed / --horizon. The three are merged into one document first, then
// read once, so a --set value is checked exactly like the same value in the
// file, and Scenario::resolved_json is that merged document.
//
// Every problem is one ls::Error, "file:line:col: key.path: message", with
// the allowed values or a did-you-mean suggestion; values from the command
// line are located as "--set", "--seed" or "--horizon". Nothing is printed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario.hpp"

namespace ls::models {

struct LoadOptions {
  // "key.path=value" (e.g. functions.api.memory_mb=2048,
  // workloads[0].arrivals.rate=10/s); the value is YAML, so a flow mapping
  // such as {dist: fixed, value: 1s} works. A path that does not exist in
  // the schema is an error with a suggestion; sections merge key by key,
  // other values are replaced whole. An empty value unsets an optional key.
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;   // overrides `seed`
  std::optional<std::string> horizon;  // overrides `horizon`, e.g. "2h"
  std::string data_dir;                // the scenarios/ folder (platforms/, prices/)
  // Fill Scenario::resolved_json, the resolved scenario the JSON report
  // echoes. `run` without --json turns it off: at 100,000 functions it is
  // ~20 MB of text and ~5 % of loading that no output would show.
  bool echo = true;
};

// Reads and validates `path`; relative file names inside resolve against the
// scenario file's folder. Throws ls::Error.
Scenario load_scenario(const std::string& path, const LoadOptions& opts);

// The same from text (for tests and stdin): `display_name` names it in
// errors, `base_dir` resolves relative file names. Throws ls::Error.
Scenario load_scenario_text(const std::string& yaml_text, const std::string& display_name,
                            const std::string& base_dir, const LoadOptions& opts);

// `base` (from load_scenario or load_scenario_text) with `assignments`
// ("key.path=value", exactly as --set) applied after its own --set
// arguments, read again through the key table: the same types, ranges and
// messages as --set, without reading or parsing the scenario file again.
// The price table is reused when the variant leaves it as it was. What
// tune, plan, sweep and compare evaluate. Throws ls::Error.
Scenario with_variant(const Scenario& base, const std::vector<std::string>& assignments);

// The platform settings of preset `name` alone (data_dir/platforms/<name>.yaml),
// read and checked as in a scenario (for commands that need platform figures
// without a scenario, e.g. `lambdasim fit`). Throws ls::Error.
PlatformConfig load_preset_platform(const std::string& name, const LoadOptions& opts);

// Every scenario key with its type, default, allowed values and meaning, as
// a Markdown document (the source of docs/keys.md and `lambdasim validate`'s
// key listing).
std::string describe_keys();
// Only the sections at or under `section`, a key path as a scenario writes
// it ("platform", "functions.api.durable", "workloads[0].source"), without
// the document's preamble. Throws ls::Error naming every section when none
// matches.
std::string describe_keys(std::string_view section);

}  // namespace ls::models
