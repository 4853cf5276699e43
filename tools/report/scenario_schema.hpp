// A JSON Schema (draft-07) of the scenario format, generated from the key
// table (models/config/scenario_keys.hpp) that the loader validates against,
// so editors can validate and complete scenario files: a YAML language
// server reads it from `# yaml-language-server: $schema=...`. The copy
// shipped as docs/scenario.schema.json is regenerated and compared by a test.
//
// What it checks is a subset of the loader's checks: keys, types, ranges,
// choices, the form of durations and rates. Keys valid only for some
// discriminator value (`when`) are allowed regardless, and cross-key rules
// (warmup < horizon, reservations within the account) are the loader's.
#pragma once

#include <string>

namespace ls::tools {

std::string scenario_json_schema();

// Every key path a scenario (and so --set) may hold, one per line, from the
// same table: "platform.account_concurrency", "functions.<name>.memory_mb",
// "workloads[].arrivals.rate"; containers (sections) left out. For shell
// completion (tools/completion/lambdasim.bash fills in <name> and []).
std::string scenario_key_paths();

}  // namespace ls::tools
