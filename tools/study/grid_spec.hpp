// Value lists for sweeps and plans, written on the command line or in a
// plan: block:
//
//   [512,1024,2048]            the values as listed (any scalar: 10/s, 300ms, arm64)
//   [0..8]                     every integer from 0 to 8
//   [0..200 step 10]           0, 10, ..., 200 (units allowed: [100ms..1s step 100ms])
//   [10/s..1000/s log 8]       8 values spaced evenly on a log scale
//   [128..3008 lin 5]          5 values spaced evenly (rounded when both ends are integers)
//
// The brackets are optional. A grid axis is "key.path=values", the key being
// any scenario key that --set accepts. Every malformed list is an ls::Error
// naming where it came from (e.g. "--grid") and what is allowed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "models/error.hpp"

namespace ls::tools {

// Expands a value list; `where`/`key_path` locate errors.
std::vector<std::string> parse_values(std::string_view text, const SourceLocation& where,
                                      const std::string& key_path);

// The items of an already split list (a YAML list from a plan: block): a
// single item may itself be a range ("0..200").
std::vector<std::string> expand_items(const std::vector<std::string>& items,
                                      const SourceLocation& where, const std::string& key_path);

struct GridAxis {
  std::string key;  // scenario key path, e.g. functions.api.memory_mb
  std::vector<std::string> values;
};

// "key.path=values" (from --grid).
GridAxis parse_grid_axis(std::string_view spec);

// Every combination of the axes' values, the first axis varying slowest; each
// point is a list of "key=value" overrides in axis order. Throws ls::Error
// when the grid would exceed `max_points`.
std::vector<std::vector<std::string>> expand_grid(const std::vector<GridAxis>& axes,
                                                  std::size_t max_points = 1'000'000);

// Shortest decimal text for a generated value ("19.3070", "1000").
std::string format_number(double value);

}  // namespace ls::tools
