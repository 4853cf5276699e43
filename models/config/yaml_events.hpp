// The two YAML parsers that feed doc::detail::Builder. libyaml (the C
// reference parser) reads every file: it is about 7x faster than yaml-cpp
// on large scenarios (100,000 functions: 0.4 s against 2.6 s for the events
// alone). yaml-cpp reads a file again only when libyaml finds it malformed,
// so that a malformed file is reported with yaml-cpp's message, as before
// (tests/scenarios/errors pins them). Internal to models/config.
#pragma once

#include <optional>
#include <string>

#include "models/config/doc_builder.hpp"
#include "models/error.hpp"

namespace ls::models::doc::detail {

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
