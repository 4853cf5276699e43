// The YAML readers that feed doc::detail::Builder. A file written in the
// plain subset of YAML that scenarios use (yaml_events_plain.cpp) is read
// by one pass over its lines, ~10x faster than libyaml. Any other file is
// read by libyaml (the C reference parser), about 7x faster than yaml-cpp
// on large scenarios (100,000 functions: 0.4 s against 2.6 s for the events
// alone). yaml-cpp reads a file again only when libyaml finds it malformed,
// so that a malformed file is reported with yaml-cpp's message, as before
// (tests/scenarios/errors pins them). Internal to models/config.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "models/config/doc_builder.hpp"
#include "models/error.hpp"

namespace ls::models::doc::detail {

// The first byte of `text` that is not part of valid UTF-8 (overlong
// forms, surrogates and code points above U+10FFFF included), or npos.
// parse_yaml refuses such a text before any reader sees it.
std::size_t invalid_utf8_at(std::string_view text);

// As yaml-cpp reads them: a plain, untagged scalar that is empty, ~ or
// null (in three spellings) is a null.
bool is_null_text(std::string_view s);

// A line the plain-subset reader gave up on that looks like a slip rather
// than YAML outside the subset: "timeout:30s" (no space after ':'), a key
// indented one space too far, "-item". When libyaml then finds the file
// malformed near it, parse_yaml reports the slip there: the parsers' own
// messages ("illegal map value") point at the line after, in their terms.
struct PlainSlip {
  long line = -1;    // 0-based; -1: no slip
  long column = 0;   // 0-based, in bytes: the line's first character
  std::string what;  // "'timeout:30s' has no space after ':' (write 'key: value')"
  std::string path;  // the key path of the block it is in ("functions.worker")
};

// Feeds the events of `text` to `builder` when the text is written in the
// plain subset of YAML (yaml_events_plain.cpp) and returns true. Returns
// false, the builder half fed, when the text leaves the subset; throws
// what the builder throws (ls::Error). Either way the caller reads the
// text again with libyaml, so that what it says stays libyaml's. `slip`,
// when given, is set where it gave up on a slip.
bool read_plain_yaml(std::string_view text, Builder& builder, PlainSlip* slip = nullptr);

// Feeds the events of `text` to `builder` with libyaml. Returns the first
// problem, located (a syntax error, or an ls::Error the builder threw), or
// nullopt when the document was read whole.
std::optional<Error> read_with_libyaml(const std::string& text, const std::string& file,
                                       Builder& builder);

// The same with yaml-cpp; its syntax errors are thrown as
// YAML::ParserException (parse_yaml turns them into ls::Error), the
// builder's as ls::Error.
void read_with_yaml_cpp(const std::string& text, Builder& builder);

}  // namespace ls::models::doc::detail
