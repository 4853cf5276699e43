// The scenario key table: every key a scenario file may contain, declared
// once with its type, default, allowed range and documentation (SST's
// element-library lesson). The loader validates against it (unknown keys,
// ranges, enum choices, defaults), and `lambdasim validate` and docs/keys.md
// are generated from it, so the three cannot drift apart. Internal to the
// scenario loader; the public entry point is describe_keys().
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ls::models::keys {

enum class Type {
  Section,  // a mapping with its own keys (merged key by key over the preset)
  Variant,  // a mapping whose discriminator picks its keys (replaced whole)
  Table,    // a mapping from free names to values (functions, burst_by_region)
  List,     // a list of mappings
  String,
  Int,
  Number,
  Bool,
  Duration,          // "300ms"
  DurationOrNever,   // a duration or `never`
  Rate,              // "50/s"
  Choice,            // one of `range` ("a|b|c")
  Dist,              // a distribution of durations
  DistOrNever,       // a Dist or `never`
  FunctionDuration,  // a Dist or the memory-aware form
  Provisioned,       // an integer, {schedule: ...} or target tracking
  RowRef,            // an integer (row) or a string (id prefix)
  Unsupported,       // reserved for a later issue; rejected with an explanation
};

enum class Need {
  Required,  // must be present
  Optional,  // may be absent (no value)
  Default,   // absent means `value`
  Preset,    // set by the platform preset; absent only if a preset is incomplete
};

struct KeySpec {
  std::string_view section;  // "platform.scaling", "functions.<name>", "<Dist>", ...
  std::string_view key;
  Type type;
  Need need;
  std::string_view value;  // Need::Default: the default, written as in a scenario
  // Numbers, durations, rates: "lo..hi", either side may be empty, a '>'
  // before lo makes it exclusive ("0..1", ">0s..", "1s..900s"). Choice: "a|b|c".
  std::string_view range;
  // Only valid when the section's discriminator (dist:, process:, ...) is one
  // of these ("a|b"); "" = always.
  std::string_view when;
  std::string_view doc;
};

std::span<const KeySpec> table();
const KeySpec* find(std::string_view section, std::string_view key);
std::vector<std::string_view> keys_of(std::string_view section);

// "a|b|c" → {"a", "b", "c"}.
std::vector<std::string_view> split_choices(std::string_view choices);
bool contains_choice(std::string_view choices, std::string_view value);
// The candidate closest to `word` by edit distance (transpositions count
// once), or "" when none is plausibly a misspelling of it.
std::string_view closest(std::string_view word, const std::vector<std::string_view>& candidates);
// "a, b, c"
std::string join(const std::vector<std::string_view>& words);

// The allowed values of a numeric key for messages: "128 to 10240", ">= 0",
// "> 0 and <= 1"; "" when unbounded.
std::string allowed_text(const KeySpec& spec);

}  // namespace ls::models::keys
