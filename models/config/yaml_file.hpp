// Reading a configuration file from disk for the one YAML walker
// (scenario_doc.hpp): scenarios, presets, price tables and instance price
// tables all come through here, so a missing file, a directory, a device or
// an oversized file is reported the same way for each. Internal to
// models/config.
#pragma once

#include <cstddef>
#include <string>

#include "models/config/scenario_doc.hpp"

namespace ls::models::detail {

// Largest configuration file read (docs/limits.md): far above any real
// scenario (100,000 functions take about 6 MB), far below what would
// exhaust memory while parsing.
inline constexpr std::size_t kMaxFileBytes = 64u << 20;

// The bytes of `path`, a regular file of at most kMaxFileBytes. Otherwise
// an ls::Error at `where` under `key_path`, naming `what` ("scenario file",
// "preset") and why: not found, a directory, not a regular file (e.g.
// /dev/null), unreadable, too large.
std::string read_file_text(const std::string& path, const SourceLocation& where,
                           const std::string& key_path, const std::string& what);

// read_file_text parsed as YAML; nodes are located in `path`.
doc::Node read_yaml_file(const std::string& path, const SourceLocation& where,
                         const std::string& key_path, const std::string& what = "file");

}  // namespace ls::models::detail
