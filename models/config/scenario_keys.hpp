// The configuration key table: every key a scenario file, a price table
// (scenarios/prices/<name>.yaml) or an instance price table
// (scenarios/prices/instances/<name>.yaml) may contain, declared once with
// its type, unit, default, allowed range and documentation (SST's
// element-library lesson). The three readers validate against it (unknown
// keys, ranges, enum choices, defaults), and `lambdasim keys` and
// docs/keys.md are generated from it, so they cannot drift apart. Internal
// to models/config; the public entry point is describe_keys().
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
  SizeDist,          // a size in KB (a number) or a mapping of section "<SizeDist>"
  Count,             // an integer, or a list of integers drawn with equal probability
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
  // The value's unit or form as messages name it ("USD per GB-s", "a region
  // name, e.g. us-east-1"); "" where the type says it (durations, rates).
  std::string_view unit = "";
  // What messages say is allowed, where the range above is not the whole
  // story (a reader may check a narrower range for some values of another
  // key); "" = said from the range.
  std::string_view allowed = "";
};

// Section ids of the table documents (the scenario's sections have ids
// such as "platform.scaling"; the root of a scenario is "").
inline constexpr std::string_view kPriceTable = "prices";
inline constexpr std::string_view kInstanceTable = "instances";

std::span<const KeySpec> table();
const KeySpec* find(std::string_view section, std::string_view key);
// The keys of `section` in table order (empty for an unknown section).
const std::vector<std::string_view>& keys_of(std::string_view section);

// "integer", "duration", "map", ... as docs/keys.md names the types.
std::string_view type_name(Type type);

// "a|b|c" → {"a", "b", "c"}.
std::vector<std::string_view> split_choices(std::string_view choices);
bool contains_choice(std::string_view choices, std::string_view value);
// The candidate closest to `word` by edit distance (transpositions count
// once), or "" when none is plausibly a misspelling or a truncation of it
// ("x86" for "x86_64"). The one did-you-mean of every reader and option.
std::string_view closest(std::string_view word, const std::vector<std::string_view>& candidates);
// "a, b, c"
std::string join(const std::vector<std::string_view>& words);

// The allowed values of a numeric key for messages: "128 to 10240", ">= 0",
// "> 0 and <= 1"; "" when unbounded.
std::string allowed_text(const KeySpec& spec);

}  // namespace ls::models::keys
